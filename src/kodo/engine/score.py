"""Vectorised scoring: every item of every category for n applicants at once.

The result is a points tensor and a status tensor of shape (category, item, row): axis 0 is
a, b, c; axis 1 follows ``ITEM_ORDER``; axis 2 is the applicant. Bands are ``searchsorted``
lookups, exclusions and category restrictions are boolean masks driven by the rule data, and
there is no per-row Python loop. One applicant is a batch of one.

Interpretation options (kodo.options) are applied here; for each option the engine also
computes the other reading and records, per category and row, whether the outcome would
differ (``Scores.depends``), so that results can warn.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np
from numpy.typing import NDArray

from kodo.engine.columns import Columns
from kodo.engine.tables import ITEM_ORDER, ROW, Tables
from kodo.options import Options

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


# Plain ints for the hot path (enum attribute access is slow).
AWARDED, NOT_CLAIMED, BELOW_BAND, NOT_IN_CATEGORY, EXCLUDED = 0, 1, 2, 3, 4
REQUIRES, MISSING, CAPPED, NOT_IN_FORCE, UNKNOWN = 5, 6, 7, 8, 9
NO_SPECIAL = -1

_R = ROW
_EDU, _MF, _CAR, _SAL, _AGE = (
    _R["education"],
    _R["multiple_fields"],
    _R["career"],
    _R["salary"],
    _R["age"],
)
_RES, _LIC, _POS = _R["research"], _R["licences"], _R["position"]
CORE_FACTS = ("date", "birth_date", "annual_salary", "degrees")
_CATS = np.arange(3)[:, None]
_NO_CLAIMS = np.zeros((0, 0), dtype=np.bool_)


@dataclass
class Scores:
    """Scores of n applicants under one rule snapshot. Arrays are (3, ...) by category."""

    tables: Tables
    points: IntArr  # (3, items, n)
    status: StatusArr  # (3, items, n)
    total: IntArr  # (3, n)
    floor_ok: BoolArr  # (3, n)
    floor: IntArr  # (3, n) the salary floor that applies; -1 = none
    missing: dict[str, BoolArr]  # core fact -> (3, n): missing and relevant to the category
    eligible: BoolArr  # (3, n)
    jskip_in_force: bool
    jskip_eligible: BoolArr  # (3, n)
    jskip_salary_ok: BoolArr
    jskip_degree_ok: BoolArr
    jskip_years_ok: BoolArr
    depends: dict[str, BoolArr]  # option -> (3, n): the outcome differs under another reading

    @property
    def n(self) -> int:
        return int(self.total.shape[1])


def _salary3(t: Tables, salary: IntArr, age_band: IntArr) -> IntArr:
    """Salary points (3, n): band edges are lower-inclusive, so a band is a count of edges <=."""
    salary_band = (salary[:, None] >= t.salary_edges3[:, None, :]).sum(axis=2)
    out: IntArr = t.salary_points3[_CATS, age_band, salary_band]
    return out


def score(cols: Columns, t: Tables, opts: Options) -> Scores:
    n = cols.n
    n_items = len(ITEM_ORDER)
    points = np.zeros((3, n_items, n), dtype=np.int64)
    claimed = np.zeros((3, n_items, n), dtype=np.bool_)
    special = np.full((3, n_items, n), NO_SPECIAL, dtype=np.int8)
    depends: dict[str, BoolArr] = {}

    level = np.maximum(cols.degree, 0)
    deg_missing = cols.degrees_missing
    sal_missing = cols.salary_missing
    age_missing = cols.age_missing
    age = np.maximum(cols.age, 0)
    raw_salary = np.maximum(cols.salary, 0)
    guaranteed = raw_salary - cols.salary_perf
    exclude_perf = opts.performance_bonus == "exclude"
    salary = guaranteed if exclude_perf else raw_salary
    salary_alt = raw_salary if exclude_perf else guaranteed
    has_perf = bool(cols.salary_perf.any())
    if t.floor_by_age:
        floor = t.floor3[_CATS, (age[:, None] >= t.floor_age_edges3[:, None, :]).sum(axis=2)]
    else:
        floor = np.repeat(t.floor3[:, :1], n, axis=1)
    has_floor = floor >= 0

    # Education, all categories at once (rows: a, b, c).
    edu = t.edu[:, level]
    if cols.business.any():
        has_tier = (t.business >= 0)[:, None] & cols.business
        tier = np.where(has_tier, np.maximum(edu, t.business[:, None]), edu)
        addon = np.where(has_tier, edu + t.business_addon, edu)
        edu = tier if opts.mba_reading == "tier" else addon
        depends["mba_reading"] = (tier != addon) & ~deg_missing
    claimed[:, _EDU] = level > 0
    if deg_missing.any():
        edu = np.where(deg_missing, 0, edu)
        special[:, _EDU, deg_missing] = MISSING
    points[:, _EDU] = edu

    # Career: the experience relevant to each category.
    all_years = np.array([cols.research_years, cols.professional_years, cols.management_years])
    years = all_years[t.experience_index]
    band = np.searchsorted(t.career_edges, years, side="right")
    points[:, _CAR] = t.career_points[_CATS, band]
    claimed[:, _CAR] = years > 0

    # Salary (age-banded in イ/ロ) and age: one padded lookup for the three categories.
    age_band = (age[:, None] >= t.salary_age_edges3[:, None, :]).sum(axis=2)
    sal = _salary3(t, salary, age_band)
    s_missing = sal_missing | (age_missing & t.has_age_bands[:, None])
    if s_missing.any():
        sal = np.where(s_missing, 0, sal)
        special[:, _SAL][s_missing] = MISSING
    points[:, _SAL] = sal
    if has_perf:
        alt = np.where(s_missing, 0, _salary3(t, salary_alt, age_band))
        flip = (alt != sal) | (has_floor & ((salary >= floor) != (salary_alt >= floor)))
        depends["performance_bonus"] = flip & (cols.salary_perf > 0)
    ag = t.age_points3[_CATS, (age[:, None] >= t.age_edges3[:, None, :]).sum(axis=2)]
    if age_missing.any():
        ag = np.where(age_missing, 0, ag)
        special[:, _AGE][t.exists[:, _AGE, None] & age_missing] = MISSING
    points[:, _AGE] = ag
    claimed[:, _SAL] = ~sal_missing
    claimed[:, _AGE] = t.exists[:, _AGE, None] & ~age_missing  # age is a fact, not a claim

    # Research achievements: number of qualifying kinds.
    m_pat, m_fund, m_pap = t.research_minimums
    pc = cols.papers_corresponding
    if opts.paper_authorship == "corresponding_or_first":
        papers, papers_alt = cols.papers, np.where(pc >= 0, pc, 0)
    else:
        papers, papers_alt = np.where(pc >= 0, pc, cols.papers), cols.papers
    others = (cols.patents >= m_pat).astype(np.int64) + (cols.funded_projects >= m_fund)
    others += cols.other_research
    top = t.research_points.shape[1] - 1
    count = np.minimum(others + (papers >= m_pap), top)
    points[:, _RES] = t.research_points[:, count]
    if (cols.papers >= m_pap).any():
        count_alt = np.minimum(others + (papers_alt >= m_pap), top)
        depends["paper_authorship"] = t.research_points[:, count] != t.research_points[:, count_alt]
    claimed[:, _RES] = count > 0

    # Licences (capped count table) and position.
    top = t.licence_points.shape[1] - 1
    points[:, _LIC] = t.licence_points[:, np.minimum(cols.licenses, top)]
    claimed[:, _LIC] = cols.licenses > 0
    capped = cols.licenses > top
    if capped.any():
        special[:, _LIC, capped] = CAPPED
    points[:, _POS] = t.position_points[:, cols.position]
    claimed[:, _POS] = cols.position > 0

    _bonuses(cols, t, opts, points, claimed, special, depends)

    # Items that do not exist in a category score nothing.
    points *= t.exists[:, :, None]
    status = np.where(
        special >= 0,
        special,
        np.where(
            points > 0,
            AWARDED,
            np.where(
                claimed,
                np.where(t.exists[:, :, None], BELOW_BAND, NOT_IN_CATEGORY),
                NOT_CLAIMED,
            ),
        ),
    ).astype(np.int8)
    # A capped or special status on an item that does not exist is "not in category".
    status[~t.exists[:, :, None] & claimed & (status != NOT_IN_FORCE)] = NOT_IN_CATEGORY

    total = points.sum(axis=1)
    facts = np.zeros((len(CORE_FACTS), 3, n), dtype=np.bool_)
    facts[0] = cols.date_missing
    facts[1] = t.age_dependent[:, None] & cols.birth_missing
    facts[2] = sal_missing
    facts[3] = deg_missing
    missing = {
        "date": facts[0],
        "birth_date": facts[1],
        "annual_salary": facts[2],
        "degrees": facts[3],
    }
    any_missing = facts.any(axis=0)
    floor_ok = ~sal_missing & (~has_floor | (salary >= floor))
    eligible = (total >= t.pass_mark) & floor_ok & ~any_missing

    # J-Skip.
    if t.jskip is None:
        none = np.zeros((3, n), dtype=np.bool_)
        js = (False, none, none, none, none)
    else:
        mins = np.asarray(t.jskip, dtype=np.int64)[:, None]
        js_salary = (salary >= mins) & ~sal_missing
        js_degree = t.jskip_degree_ok[:, level] & ~deg_missing
        js_years = all_years[t.jskip_experience_index] >= t.jskip_min_years[:, None]
        js = (True, js_salary & (js_degree | js_years), js_salary, js_degree, js_years)
        if has_perf:
            alt_ok = (salary_alt >= mins) & ~sal_missing
            depends["performance_bonus"] = depends.get(
                "performance_bonus", np.zeros((3, n), dtype=np.bool_)
            ) | ((alt_ok != js_salary) & (cols.salary_perf > 0))
    return Scores(
        tables=t,
        points=points,
        status=status,
        total=total,
        floor_ok=floor_ok,
        floor=floor,
        missing=missing,
        eligible=eligible,
        jskip_in_force=js[0],
        jskip_eligible=js[1],
        jskip_salary_ok=js[2],
        jskip_degree_ok=js[3],
        jskip_years_ok=js[4],
        depends=depends,
    )


def _claims(
    cols: Columns, t: Tables, opts: Options, depends: dict[str, BoolArr]
) -> tuple[BoolArr, BoolArr]:
    """(B, n) rows whose facts meet each bonus item's own condition, in ``t.bonuses`` order;
    and the same for the bonus items not in force on the date."""
    p = t.bonus_params
    rnd_claim = cols.rnd_flag
    rnd = p["rnd_ratio_sme"]
    if rnd is not None and rnd.ratio_pct is not None:
        known = ~np.isnan(cols.rnd_ratio)
        if known.any():
            over = cols.rnd_ratio > rnd.ratio_pct
            at_least = cols.rnd_ratio >= rnd.ratio_pct
            rnd_claim = np.where(
                known, over if opts.rnd_threshold == "over" else at_least, rnd_claim
            )
            depends["rnd_threshold"] = np.tile(known & (over != at_least), (3, 1))
    n1 = p["n1_or_jp_major"]
    n1_level = cols.jlpt == 1
    if n1 is not None and n1.bjt_min is not None:
        n1_level = n1_level | (cols.bjt >= n1.bjt_min)
    n2 = p["n2"]
    n2_level = cols.jlpt == 2
    if n2 is not None and n2.bjt_min is not None:
        n2_level = n2_level | (cols.bjt >= n2.bjt_min)
    inv = p["investment_100m"]
    claims = {
        "multiple_fields": cols.multiple_fields,
        "innovation_support": cols.innovation_support,
        "innovation_support_sme": cols.sme,
        "local_gov_support": cols.local_gov_support,
        "rnd_ratio_sme": rnd_claim,
        "foreign_qualification": cols.foreign_qualification,
        "jp_degree": t.jp_degree_levels[cols.japan_level],
        "n1_or_jp_major": n1_level | cols.japanese_major,
        "n2": n2_level & ~n1_level,
        "growth_field_project": cols.growth_field_project,
        "top_university": cols.designated,
        "designated_training": cols.jica,
        "investment_100m": cols.investment >= inv.min_yen
        if inv is not None and inv.min_yen is not None
        else cols.investment > 0,
        "investment_management": cols.investment_management,
    }
    on = np.array([claims[r.item] for r in t.bonuses], dtype=np.bool_).reshape(-1, cols.n)
    if not t.bonus_not_in_force:
        return on, _NO_CLAIMS
    off = np.array([claims[ITEM_ORDER[r]] for r in t.bonus_not_in_force], dtype=np.bool_)
    return on, off


def _bonuses(
    cols: Columns,
    t: Tables,
    opts: Options,
    points: IntArr,
    claimed: BoolArr,
    special: StatusArr,
    depends: dict[str, BoolArr],
) -> None:
    """All bonus items at once: (3, B, n) masks; only the few dependent rules are sequential."""
    claims, off = _claims(cols, t, opts, depends)
    rows = t.bonus_rows
    claimed[:, rows] = claims
    if len(t.bonus_not_in_force):
        off_rows = np.asarray(t.bonus_not_in_force, dtype=np.intp)
        claimed[:, off_rows] = off
        special[:, off_rows] = np.where(off, NOT_IN_FORCE, NO_SPECIAL)
    mf_unknown = cols.multiple_fields_unknown & ~cols.multiple_fields
    if mf_unknown.any():
        special[:, _MF, mf_unknown] = UNKNOWN
    ok = claims[None, :, :] & t.bonus_member[:, :, None]  # (3, B, n)
    pts = ok * t.bonus_points[:, None]
    for b, rule in t.bonus_dependent:
        row_ok = ok[:, b]
        if not row_ok.any():
            continue  # nobody claims it: nothing to require or exclude
        for req in rule.requires:
            lacking = row_ok & (_bonus_or_item_points(points, pts, t, req) == 0)
            special[:, rule.row][lacking] = REQUIRES
            row_ok = row_ok & ~lacking
        for exc in rule.excluded_by:
            hit = row_ok & (_bonus_or_item_points(points, pts, t, exc.row) > 0)
            if exc.when_training_at_university:
                hit = hit & cols.jica_at_japanese_university
            if exc.option is not None:
                name, value = exc.option
                depends[name] = depends[name] | hit if name in depends else hit
                if getattr(opts, name) != value:
                    continue
            special[:, rule.row][hit] = EXCLUDED
            row_ok = row_ok & ~hit
        ok[:, b] = row_ok
        pts[:, b] = row_ok * rule.points
    uni = t.bonus_index.get(ROW["top_university"])
    if uni is not None:
        depends["university_criteria"] = ok[:, uni] & (cols.university_criteria > 1)
        if opts.university_criteria == "each":
            pts[:, uni] = pts[:, uni] * np.maximum(cols.university_criteria, 1)
    points[:, rows] = pts


def _bonus_or_item_points(points: IntArr, pts: IntArr, t: Tables, row: int) -> IntArr:
    """Points of item ``row``: from the bonus block when it is a bonus, else from the items."""
    b = t.bonus_index.get(row)
    out: IntArr = points[:, row] if b is None else pts[:, b]
    return out
