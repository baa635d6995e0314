"""Vectorised scoring: every item of every category for n applicants at once.

No per-row Python loop: bands are ``searchsorted`` lookups, exclusions and category
restrictions are boolean masks driven by the rule data. Each item yields points and a status
code per row; the explanation layer turns (item, status) into reason codes and sentences.

Interpretation options (kodo.options) are applied here; for each option the engine also
computes the other reading where it is cheap and records, per row and category, whether the
item points would differ (``Scores.depends``), so that the result can warn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

import numpy as np
from numpy.typing import NDArray

from kodo.engine.columns import LEVEL_CODE, Columns
from kodo.engine.tables import ITEM_ORDER, CategoryTables, Tables
from kodo.options import Options
from kodo.rules.values import CATEGORIES

IntArr = NDArray[np.int64]
BoolArr = NDArray[np.bool_]
StatusArr = NDArray[np.int8]


class Status(IntEnum):
    AWARDED = 0
    NOT_CLAIMED = 1  # the fact is absent (0 / false): nothing to score
    BELOW_BAND = 2  # the fact is present but below the first scoring band
    NOT_IN_CATEGORY = 3  # claimed, but the item does not exist in this category
    EXCLUDED = 4  # claimed, but excluded because another item is awarded
    REQUIRES = 5  # claimed, but needs another item that is not awarded
    MISSING = 6  # a core fact it depends on is missing
    CAPPED = 7  # awarded at the item's cap
    NOT_IN_FORCE = 8  # claimed, but the rule is not in force on the date
    UNKNOWN = 9  # cannot be decided from the facts given (e.g. a degree field absent)


@dataclass
class ItemScore:
    points: IntArr
    status: StatusArr
    exists: bool  # the item exists in this category on this date


@dataclass
class CategoryScore:
    items: dict[str, ItemScore]
    total: IntArr
    floor: int | None
    floor_ok: BoolArr
    missing: dict[str, BoolArr]  # core fact -> rows where it is missing and matters
    any_missing: BoolArr
    eligible: BoolArr


@dataclass
class JSkipScore:
    in_force: bool
    eligible: BoolArr
    salary_ok: BoolArr
    degree_ok: BoolArr
    years_ok: BoolArr
    salary_missing: BoolArr
    degrees_missing: BoolArr


@dataclass
class Scores:
    tables: Tables
    categories: dict[str, CategoryScore]
    jskip: dict[str, JSkipScore]
    # option name -> category -> rows whose outcome depends on the reading
    depends: dict[str, dict[str, BoolArr]] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return int(next(iter(self.categories.values())).total.shape[0])


def _status(points: IntArr, missing: BoolArr, claimed: BoolArr, exists: bool = True) -> StatusArr:
    st = np.where(points > 0, Status.AWARDED, Status.BELOW_BAND).astype(np.int8)
    st[~claimed] = Status.NOT_CLAIMED
    if not exists:
        st[claimed] = Status.NOT_IN_CATEGORY
    st[missing] = Status.MISSING
    return st


def _mark(depends: dict[str, dict[str, BoolArr]], option: str, cat: str, rows: BoolArr) -> None:
    slot = depends.setdefault(option, {})
    slot[cat] = slot[cat] | rows if cat in slot else rows


def _salary_points(ct: CategoryTables, salary: IntArr, age: IntArr) -> IntArr:
    sb = np.searchsorted(ct.salary_edges, salary, side="right")
    ab = np.searchsorted(ct.age_edges, age, side="right") if ct.age_edges.size else 0
    points: IntArr = ct.salary_points[ab, sb]
    return points


def score(cols: Columns, t: Tables, opts: Options) -> Scores:
    n = cols.n
    zero = np.zeros(n, dtype=np.int64)
    false = np.zeros(n, dtype=np.bool_)
    depends: dict[str, dict[str, BoolArr]] = {}

    level = np.maximum(cols.degree, 0)
    deg_missing = cols.degrees_missing
    sal_missing = cols.salary_missing
    age_missing = cols.age_missing
    age = np.maximum(cols.age, 0)
    raw_salary = np.maximum(cols.salary, 0)
    guaranteed = raw_salary - cols.salary_perf
    salary = guaranteed if opts.performance_bonus == "exclude" else raw_salary
    salary_alt = raw_salary if opts.performance_bonus == "exclude" else guaranteed
    has_perf = cols.salary_perf > 0

    years = {
        "research": cols.research_years,
        "professional": cols.professional_years,
        "management": cols.management_years,
    }

    # Research: number of qualifying kinds of achievement.
    m_pat, m_fund, m_pap = t.research_minimums
    pc = cols.papers_corresponding
    if opts.paper_authorship == "corresponding_or_first":
        papers, papers_alt = cols.papers, np.where(pc >= 0, pc, 0)
    else:
        papers, papers_alt = np.where(pc >= 0, pc, cols.papers), cols.papers
    base_count = (
        (cols.patents >= m_pat).astype(np.int64)
        + (cols.funded_projects >= m_fund)
        + cols.other_research
    )
    r_count = base_count + (papers >= m_pap)
    r_count_alt = base_count + (papers_alt >= m_pap)

    claims = _bonus_claims(cols, t, opts, depends)

    categories: dict[str, CategoryScore] = {}
    for cat in CATEGORIES:
        ct = t.categories[cat]
        items: dict[str, ItemScore] = {}

        # Education (highest degree; MBA/MOT tier where the category has one).
        base = ct.edu[level]
        edu = base
        if ct.business is not None:
            tier = np.where(cols.business, np.maximum(base, ct.business), base)
            addon = np.where(cols.business, base + t.business_addon, base)
            edu = tier if opts.mba_reading == "tier" else addon
            _mark(depends, "mba_reading", cat, (tier != addon) & ~deg_missing)
        edu = np.where(deg_missing, 0, edu)
        items["education"] = ItemScore(edu, _status(edu, deg_missing, level > 0), True)

        # Career (years of the experience relevant to the category).
        yrs = years[ct.experience]
        band = np.searchsorted(t.career_edges, yrs, side="right")
        car = ct.career_points[band]
        items["career"] = ItemScore(car, _status(car, false, yrs > 0), True)

        # Salary (age-banded in イ/ロ).
        s_missing = sal_missing | (age_missing if ct.age_edges.size else false)
        sal = np.where(s_missing, 0, _salary_points(ct, salary, age))
        items["salary"] = ItemScore(sal, _status(sal, s_missing, ~sal_missing), True)
        if has_perf.any():
            sal_alt = np.where(s_missing, 0, _salary_points(ct, salary_alt, age))
            floor_flip = (
                (salary >= ct.floor) != (salary_alt >= ct.floor) if ct.floor is not None else false
            )
            _mark(depends, "performance_bonus", cat, has_perf & ((sal_alt != sal) | floor_flip))

        # Age.
        if ct.age_points is not None and ct.age_table_edges is not None:
            ag = np.where(
                age_missing, 0, ct.age_points[np.searchsorted(ct.age_table_edges, age, "right")]
            )
            items["age"] = ItemScore(ag, _status(ag, age_missing, ~age_missing), True)

        # Research achievements.
        if ct.research_points is not None:
            top = ct.research_points.size - 1
            res = ct.research_points[np.minimum(r_count, top)]
            res_alt = ct.research_points[np.minimum(r_count_alt, top)]
            _mark(depends, "paper_authorship", cat, res != res_alt)
            items["research"] = ItemScore(res, _status(res, false, r_count > 0), True)
        elif (r_count > 0).any():
            items["research"] = ItemScore(zero, _status(zero, false, r_count > 0, False), False)

        # Licences (capped count table).
        if ct.licence_points is not None:
            top = ct.licence_points.size - 1
            lic = ct.licence_points[np.minimum(cols.licenses, top)]
            st = _status(lic, false, cols.licenses > 0)
            st[cols.licenses > top] = Status.CAPPED
            items["licences"] = ItemScore(lic, st, True)
        elif (cols.licenses > 0).any():
            items["licences"] = ItemScore(
                zero, _status(zero, false, cols.licenses > 0, False), False
            )

        # Position.
        if ct.position_points is not None:
            pos = ct.position_points[cols.position]
            items["position"] = ItemScore(pos, _status(pos, false, cols.position > 0), True)
        elif (cols.position > 0).any():
            items["position"] = ItemScore(
                zero, _status(zero, false, cols.position > 0, False), False
            )

        _score_bonuses(cat, cols, t, opts, claims, items, depends)

        ordered = {k: items[k] for k in ITEM_ORDER if k in items}
        total: IntArr = np.sum([it.points for it in ordered.values()], axis=0, dtype=np.int64)

        missing = {
            "date": cols.date_missing,
            "birth_date": cols.birth_missing if ct.age_dependent else false,
            "annual_salary": sal_missing,
            "degrees": deg_missing,
        }
        any_missing = missing["date"] | missing["birth_date"] | sal_missing | deg_missing
        floor_ok = ~sal_missing if ct.floor is None else (salary >= ct.floor) & ~sal_missing
        eligible = (total >= t.pass_mark) & floor_ok & ~any_missing
        categories[cat] = CategoryScore(
            ordered, total, ct.floor, floor_ok, missing, any_missing, eligible
        )

    jskip = _jskip(cols, t, level, salary, salary_alt, has_perf, years, depends)
    return Scores(t, categories, jskip, depends)


def _bonus_claims(
    cols: Columns, t: Tables, opts: Options, depends: dict[str, dict[str, BoolArr]]
) -> dict[str, BoolArr]:
    """For each bonus item: rows whose facts meet the item's own condition."""
    b = t.bonuses
    claims: dict[str, BoolArr] = {
        "multiple_fields": cols.multiple_fields,
        "innovation_support": cols.innovation_support,
        "innovation_support_sme": cols.sme,
        "local_gov_support": cols.local_gov_support,
        "foreign_qualification": cols.foreign_qualification,
        "growth_field_project": cols.growth_field_project,
        "top_university": cols.designated,
        "designated_training": cols.jica,
        "investment_management": cols.investment_management,
    }
    rnd = b["rnd_ratio_sme"]
    if rnd is not None and rnd.ratio_pct is not None:
        known = ~np.isnan(cols.rnd_ratio)
        over = cols.rnd_ratio > rnd.ratio_pct
        at_least = cols.rnd_ratio >= rnd.ratio_pct
        by_ratio = over if opts.rnd_threshold == "over" else at_least
        claims["rnd_ratio_sme"] = np.where(known, by_ratio, cols.rnd_flag)
        for cat in CATEGORIES:
            _mark(depends, "rnd_threshold", cat, known & (over != at_least))
    else:
        claims["rnd_ratio_sme"] = cols.rnd_flag
    jp = b["jp_degree"]
    if jp is not None and jp.degree_levels is not None:
        ok = np.zeros(t.categories["a"].edu.size, dtype=np.bool_)
        for level in jp.degree_levels:
            ok[LEVEL_CODE[level]] = True
        claims["jp_degree"] = ok[cols.japan_level]
    else:
        claims["jp_degree"] = cols.japan_level > 0
    n1 = b["n1_or_jp_major"]
    n1_bjt = n1.bjt_min if n1 is not None and n1.bjt_min is not None else None
    n1_level = (cols.jlpt == 1) | (cols.bjt >= n1_bjt if n1_bjt is not None else False)
    claims["n1_or_jp_major"] = n1_level | cols.japanese_major
    n2 = b["n2"]
    n2_bjt = (cols.bjt >= n2.bjt_min) if n2 is not None and n2.bjt_min is not None else False
    claims["n2"] = ((cols.jlpt == 2) | n2_bjt) & ~n1_level
    inv = b["investment_100m"]
    claims["investment_100m"] = (
        cols.investment >= inv.min_yen
        if inv is not None and inv.min_yen is not None
        else cols.investment > 0
    )
    return claims


def _score_bonuses(
    cat: str,
    cols: Columns,
    t: Tables,
    opts: Options,
    claims: dict[str, BoolArr],
    items: dict[str, ItemScore],
    depends: dict[str, dict[str, BoolArr]],
) -> None:
    n = cols.n
    for item in t.bonus_order:
        rule = t.bonuses[item]
        claim = claims[item]
        if rule is None:
            if claim.any():
                st = np.where(claim, Status.NOT_IN_FORCE, Status.NOT_CLAIMED).astype(np.int8)
                items[item] = ItemScore(np.zeros(n, dtype=np.int64), st, False)
            continue
        if cat not in rule.categories:
            if claim.any():
                st = np.where(claim, Status.NOT_IN_CATEGORY, Status.NOT_CLAIMED).astype(np.int8)
                items[item] = ItemScore(np.zeros(n, dtype=np.int64), st, False)
            continue
        st = np.where(claim, Status.AWARDED, Status.NOT_CLAIMED).astype(np.int8)
        if item == "multiple_fields":
            st[cols.multiple_fields_unknown & ~claim] = Status.UNKNOWN
        for req in rule.requires:
            other = items.get(req)
            lacking = claim & (other.points == 0 if other is not None else True)
            st[lacking] = Status.REQUIRES
        for exc in rule.excluded_by:
            other = items.get(exc.item)
            if other is None:
                continue
            hit = claim & (other.points > 0)
            if exc.when == "training_at_japanese_university":
                hit = hit & cols.jica_at_japanese_university
            if exc.option is not None:
                name, _, choice = exc.option.partition("=")
                _mark(depends, name, cat, hit)
                if getattr(opts, name) != choice:
                    continue
            st[hit & (st == Status.AWARDED)] = Status.EXCLUDED
        pts = np.where(st == Status.AWARDED, rule.points, 0).astype(np.int64)
        if item == "top_university":
            many = cols.university_criteria > 1
            _mark(depends, "university_criteria", cat, many & (st == Status.AWARDED))
            if opts.university_criteria == "each":
                pts = pts * np.maximum(cols.university_criteria, 1)
        items[item] = ItemScore(pts, st, True)


def _jskip(
    cols: Columns,
    t: Tables,
    level: IntArr,
    salary: IntArr,
    salary_alt: IntArr,
    has_perf: BoolArr,
    years: dict[str, NDArray[np.float64]],
    depends: dict[str, dict[str, BoolArr]],
) -> dict[str, JSkipScore]:
    n = cols.n
    false = np.zeros(n, dtype=np.bool_)
    out: dict[str, JSkipScore] = {}
    for cat in CATEGORIES:
        if t.jskip is None:
            out[cat] = JSkipScore(
                False, false, false, false, false, cols.salary_missing, cols.degrees_missing
            )
            continue
        jt = t.jskip[cat]
        salary_ok = (salary >= jt.min_salary) & ~cols.salary_missing
        degree_ok = jt.degree_ok[level] & ~cols.degrees_missing
        years_ok = years[jt.experience] >= jt.min_years
        eligible = salary_ok & (degree_ok | years_ok)
        alt_ok = (salary_alt >= jt.min_salary) & ~cols.salary_missing
        _mark(depends, "performance_bonus", cat, has_perf & (alt_ok != salary_ok))
        deg_unknown = cols.degrees_missing & ~years_ok & bool(jt.degree_ok.any())
        out[cat] = JSkipScore(
            True, eligible, salary_ok, degree_ok, years_ok, cols.salary_missing, deg_unknown
        )
    return out
