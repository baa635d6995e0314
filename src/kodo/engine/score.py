"""Vectorised scoring: every item of every category for n people at once.

The result is a points tensor, a reason-code tensor and a detail tensor of shape
(category, item, row): axis 0 is a, b, c; axis 1 follows the registry; axis 2 is the person.
The reason code (``Status``) and the detail value are what the explanations are rendered from
(``kodo.explanation``); nothing downstream re-derives a fact. Bands are ``searchsorted`` lookups,
exclusions and category restrictions are boolean masks driven by the rule data, and there is
no per-row Python loop. One person is a batch of one.

Interpretation options (``kodo.options``) are applied here; for each option the engine also
computes the other reading and records, per category and row, whether the outcome would
differ (``Scores.depends``), so that results can warn.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from kodo.engine.bonuses import score_bonuses
from kodo.engine.columns import Columns
from kodo.engine.tables import Tables
from kodo.options import Options
from kodo.vocab import CORE_FACTS, RESEARCH_KINDS

IntArr = NDArray[np.int64]
BoolArr = NDArray[np.bool_]


from kodo.engine.status import (  # noqa: E402
    AWARDED,
    BELOW_BAND,
    CAPPED,
    MISSING,
    NO_SPECIAL,
    NOT_CLAIMED,
    NOT_IN_CATEGORY,
    NOT_IN_FORCE,
)

BUSINESS_TIER = 1 << 8  # education detail: the MBA/MOT tier gave the points
BUSINESS_ADDON = 1 << 9  # education detail: the MBA/MOT add-on was added (mba_reading=addon)
LEVEL_MASK = BUSINESS_TIER - 1
_CATS = np.arange(3)[:, None]
_FACT = {f: i for i, f in enumerate(CORE_FACTS)}


@dataclass
class Scores:
    """Scores of n people under one rule snapshot. Arrays are (3, ...) by category."""

    tables: Tables
    points: IntArr  # (3, items, n)
    status: NDArray[np.int8]  # (3, items, n) Status
    detail: IntArr  # (3, items, n) item-specific detail (see each scorer)
    total: IntArr  # (3, n)
    floor: IntArr  # (3, n) the salary floor that applies; -1 = none
    floor_ok: BoolArr  # (3, n)
    missing: BoolArr  # (len(CORE_FACTS), 3, n): missing and relevant to the category
    eligible: BoolArr  # (3, n): pass mark, floor, and no core fact missing
    best: NDArray[np.intp]  # (n,) the best category of the three (see best_category)
    jskip: BoolArr  # (4, 3, n): eligible, salary ok, degree ok, years ok
    jskip_in_force: bool
    depends: dict[str, BoolArr]  # option -> (3, n): the outcome differs under another reading

    @property
    def n(self) -> int:
        return int(self.total.shape[1])


def best_category(total: IntArr, eligible: BoolArr) -> NDArray[np.intp]:
    """Per row, the category with the most points among the eligible ones, else the most
    points (ties go to the first of a, b, c). The one definition of "best category"."""
    key = eligible.astype(np.int64) * (1 << 20) + total
    best: NDArray[np.intp] = np.argmax(key, axis=0)
    return best


@dataclass
class _Work:
    """Arrays every scorer writes into."""

    points: IntArr
    claimed: BoolArr
    special: NDArray[np.int8]
    detail: IntArr
    depends: dict[str, BoolArr]


def score(cols: Columns, t: Tables, opts: Options) -> Scores:
    n = cols.n
    items = t.registry.items
    w = _Work(
        np.zeros((3, len(items), n), dtype=np.int64),
        np.zeros((3, len(items), n), dtype=np.bool_),
        np.full((3, len(items), n), NO_SPECIAL, dtype=np.int8),
        np.zeros((3, len(items), n), dtype=np.int64),
        {},
    )
    level = cols["degree"]
    deg_missing = level < 0
    level = np.maximum(level, 0)
    age = cols["age"]
    age_missing = age < 0
    raw_salary = cols["salary"]
    sal_missing = raw_salary < 0
    raw_salary = np.maximum(raw_salary, 0)
    perf = cols["salary_perf"]
    has_perf = bool(perf.any())
    salary, salary_alt = raw_salary, raw_salary - perf
    if opts.performance_bonus == "exclude":
        salary, salary_alt = salary_alt, salary
    age_band = np.searchsorted(t.age_edges, age, side="right")
    sal_band = np.searchsorted(t.salary_edges, salary, side="right")
    floor = t.floor[:, age_band]
    years = np.stack([cols[f"{k}_years"] for k in ("research", "professional", "management")])

    for row, item in enumerate(items):
        kind = item.kind
        if kind == "education":
            _education(w, row, t, cols, opts, level, deg_missing)
        elif kind == "career":
            yrs = years[t.experience_index]
            band = np.searchsorted(t.career_edges, yrs, side="right")
            w.points[:, row] = t.career_points[_CATS, band]
            w.claimed[:, row] = yrs > 0
            w.detail[:, row] = band
        elif kind == "salary":
            _salary(w, row, t, salary, salary_alt, sal_missing, age_missing, age_band, sal_band,
                    floor, has_perf, perf)  # fmt: skip
        elif kind == "age":
            w.points[:, row] = np.where(age_missing, 0, t.age_points[:, age_band])
            w.detail[:, row] = t.age_edge[:, age_band]
            w.claimed[:, row] = t.exists[:, row, None] & ~age_missing
            if age_missing.any():
                hit = t.exists[:, row, None] & age_missing
                w.special[:, row][hit] = MISSING
                w.detail[:, row][hit] = _FACT["birth_date"]
        elif kind == "research":
            _research(w, row, t, cols, opts)
        elif kind == "count_table":
            count = cols[item.reads[0]]
            table = t.count_points[item.id]
            top = table.shape[1] - 1
            w.points[:, row] = table[:, np.minimum(count, top)]
            w.claimed[:, row] = count > 0
            w.detail[:, row] = count
            capped = count > top
            if capped.any():
                w.special[:, row, capped] = CAPPED
        elif kind == "position":
            pos = cols[item.reads[0]]
            w.points[:, row] = t.position_points[:, pos]
            w.claimed[:, row] = pos > 0
            w.detail[:, row] = pos
    score_bonuses(w.points, w.claimed, w.special, w.detail, w.depends, cols, t, opts)
    return _finish(w, t, cols, salary, salary_alt, sal_missing, deg_missing, level, years,
                   floor, has_perf, perf)  # fmt: skip


def _education(
    w: _Work,
    row: int,
    t: Tables,
    cols: Columns,
    opts: Options,
    level: IntArr,
    deg_missing: BoolArr,
) -> None:
    edu = t.edu[:, level]
    detail = np.broadcast_to(level, edu.shape)
    business = cols["business"]
    if business.any():
        has_tier = (t.business >= 0)[:, None] & business
        tier = np.where(has_tier, np.maximum(edu, t.business[:, None]), edu)
        addon = np.where(has_tier, edu + t.business_addon, edu)
        w.depends["mba_reading"] = (tier != addon) & ~deg_missing
        if opts.mba_reading == "tier":
            detail = detail + np.where(tier != edu, BUSINESS_TIER, 0)
            edu = tier
        else:
            detail = detail + np.where(addon != edu, BUSINESS_ADDON, 0)
            edu = addon
    w.points[:, row] = edu
    w.detail[:, row] = detail
    w.claimed[:, row] = level > 0
    if deg_missing.any():
        w.points[:, row, deg_missing] = 0
        w.special[:, row, deg_missing] = MISSING
        w.detail[:, row, deg_missing] = _FACT["degrees"]


def _salary(
    w: _Work,
    row: int,
    t: Tables,
    salary: IntArr,
    salary_alt: IntArr,
    sal_missing: BoolArr,
    age_missing: BoolArr,
    age_band: IntArr,
    sal_band: IntArr,
    floor: IntArr,
    has_perf: bool,
    perf: IntArr,
) -> None:
    """Salary points (age-banded in イ/ロ). Detail: the salary at which the points rise."""
    sal = t.salary_points[:, age_band, sal_band]
    w.detail[:, row] = t.salary_next[:, age_band, sal_band]
    missing = sal_missing | (age_missing & t.salary_age_banded[:, None])
    if missing.any():
        sal = np.where(missing, 0, sal)
        w.special[:, row][missing] = MISSING
        fact = np.where(sal_missing, _FACT["annual_salary"], _FACT["birth_date"])
        w.detail[:, row][missing] = np.broadcast_to(fact, missing.shape)[missing]
    w.points[:, row] = sal
    w.claimed[:, row] = ~sal_missing
    if has_perf:
        alt_band = np.searchsorted(t.salary_edges, salary_alt, side="right")
        alt = np.where(missing, 0, t.salary_points[:, age_band, alt_band])
        has_floor = floor >= 0
        flip = (alt != sal) | (has_floor & ((salary >= floor) != (salary_alt >= floor)))
        w.depends["performance_bonus"] = flip & (perf > 0)


def _research(w: _Work, row: int, t: Tables, cols: Columns, opts: Options) -> None:
    """Qualifying kinds of research achievement. Detail: the kinds counted, as a bit mask."""
    m_pat, m_fund, m_pap = t.research_minimums
    papers = cols["papers"]
    pc = cols["papers_corresponding"]
    corresponding = np.where(pc >= 0, pc, papers)
    if opts.paper_authorship == "corresponding_or_first":
        counted, counted_alt = papers, np.where(pc >= 0, pc, 0)
    else:
        counted, counted_alt = corresponding, papers
    bit = {k: 1 << i for i, k in enumerate(RESEARCH_KINDS)}
    others = (
        (cols["patents"] >= m_pat) * bit["patents"]
        + (cols["funded_projects"] >= m_fund) * bit["funded_projects"]
        + cols["other_research"] * bit["other"]
    )
    mask = others + (counted >= m_pap) * bit["papers"]
    count = np.bitwise_count(mask.astype(np.uint8)).astype(np.int64)
    top = t.research_points.shape[1] - 1
    w.points[:, row] = t.research_points[:, np.minimum(count, top)]
    w.detail[:, row] = mask
    w.claimed[:, row] = count > 0
    if (papers >= m_pap).any():
        alt_mask = others + (counted_alt >= m_pap) * bit["papers"]
        alt = np.bitwise_count(alt_mask.astype(np.uint8)).astype(np.int64)
        w.depends["paper_authorship"] = (
            t.research_points[:, np.minimum(count, top)]
            != t.research_points[:, np.minimum(alt, top)]
        )


def _finish(
    w: _Work,
    t: Tables,
    cols: Columns,
    salary: IntArr,
    salary_alt: IntArr,
    sal_missing: BoolArr,
    deg_missing: BoolArr,
    level: IntArr,
    years: NDArray[np.float64],
    floor: IntArr,
    has_perf: bool,
    perf: IntArr,
) -> Scores:
    exists = t.exists[:, :, None]
    w.points *= exists
    status = np.where(
        w.special >= 0,
        w.special,
        np.where(
            w.points > 0,
            AWARDED,
            np.where(w.claimed, np.where(exists, BELOW_BAND, NOT_IN_CATEGORY), NOT_CLAIMED),
        ),
    ).astype(np.int8)
    # A special status on an item that does not exist is "not in category".
    status[~exists & w.claimed & (status != NOT_IN_FORCE)] = NOT_IN_CATEGORY
    total = w.points.sum(axis=1)
    n = cols.n
    missing = np.zeros((len(CORE_FACTS), 3, n), dtype=np.bool_)
    missing[_FACT["date"]] = cols["date_missing"]
    missing[_FACT["birth_date"]] = t.age_dependent[:, None] & cols["birth_missing"]
    missing[_FACT["annual_salary"]] = sal_missing
    missing[_FACT["degrees"]] = deg_missing
    has_floor = floor >= 0
    floor_ok = ~sal_missing & (~has_floor | (salary >= floor))
    eligible = (total >= t.pass_mark) & floor_ok & ~missing.any(axis=0)
    jskip = np.zeros((4, 3, n), dtype=np.bool_)
    if t.jskip_min is not None:
        mins = t.jskip_min[:, None]
        jskip[1] = (salary >= mins) & ~sal_missing
        jskip[2] = t.jskip_degree_ok[:, level] & ~deg_missing
        jskip[3] = years[t.jskip_experience_index] >= t.jskip_min_years[:, None]
        jskip[0] = jskip[1] & (jskip[2] | jskip[3])
        if has_perf:
            alt_ok = (salary_alt >= mins) & ~sal_missing
            flip = (alt_ok != jskip[1]) & (perf > 0)
            prev = w.depends.get("performance_bonus")
            w.depends["performance_bonus"] = flip if prev is None else prev | flip
    return Scores(
        tables=t,
        points=w.points,
        status=status,
        detail=w.detail,
        total=total,
        floor=floor,
        floor_ok=floor_ok,
        missing=missing,
        eligible=eligible,
        best=best_category(total, eligible),
        jskip=jskip,
        jskip_in_force=t.jskip_min is not None,
        depends=w.depends,
    )
