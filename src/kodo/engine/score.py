"""Vectorised scoring: every item of every category for n people at once.

The result is a points tensor, a reason-code tensor and a detail tensor of shape
(category, item, row): axis 0 is a, b, c; axis 1 follows the registry; axis 2 is the person.
The reason code (``Status``) and the detail value are what the explanations are rendered from
(``kodo.explanation``); nothing downstream re-derives a fact. Bands are ``searchsorted``
lookups, exclusions and category restrictions are boolean masks driven by the rule data, and
there is no per-row Python loop. One person is a batch of one; the rare cases (a missing fact,
a capped count, an exclusion) cost work only when some row has them.

Interpretation options (``kodo.options``) are applied here; for each option the engine also
computes the other reading and records, per category and row, whether the outcome would
differ (``Scores.depends``), so that results can warn.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from kodo.engine.bonuses import score_bonuses
from kodo.engine.columns import Columns
from kodo.engine.status import (
    AWARDED,
    BELOW_BAND,
    CAPPED,
    MISSING,
    NOT_CLAIMED,
    NOT_IN_CATEGORY,
    NOT_IN_FORCE,
)
from kodo.engine.tables import Tables
from kodo.engine.work import Work
from kodo.options import Options
from kodo.vocab import CORE_FACTS

IntArr = NDArray[np.int64]
BoolArr = NDArray[np.bool_]
BUSINESS_TIER = 1 << 8  # education detail: the MBA/MOT tier gave the points
BUSINESS_ADDON = 1 << 9  # education detail: the MBA/MOT add-on was added (mba_reading=addon)
LEVEL_MASK = BUSINESS_TIER - 1
_CATS3 = np.arange(3)[:, None, None]
_FACT = {f: i for i, f in enumerate(CORE_FACTS)}
AGE_AT_OTHER, AGE_SOON = 0, 1  # rows of Scores.age_moves


@dataclass
class Scores:
    """Scores of n people under one rule snapshot. Arrays are (3, ...) by category.

    ``detail`` holds what a sentence needs beyond the facts the engine read: the education
    level and MBA/MOT bits, the salary at which the points rise, the age edge, the research
    kinds counted (bit mask), a bonus claim's detail, the excluding or required item's row,
    the missing core fact's index.
    """

    points: IntArr  # (3, items, n)
    status: NDArray[np.int8]  # (3, items, n) Status
    detail: IntArr  # (3, items, n)
    total: IntArr  # (3, n)
    floor: IntArr  # (3, n) the salary floor that applies; -1 = none
    floor_ok: BoolArr  # (3, n)
    missing: BoolArr  # (len(CORE_FACTS), 3, n): missing and relevant to the category
    eligible: BoolArr  # (3, n): pass mark, floor, and no core fact missing
    best: NDArray[np.intp]  # (n,) the best category of the three (see best_category)
    jskip: BoolArr  # (4, 3, n): eligible, salary ok, degree ok, years ok
    depends: dict[str, BoolArr]  # option -> (3, n): the outcome differs under another reading
    any_missing: bool  # some row misses a core fact (age, salary or degrees)
    # (2, 3, n), only where the category depends on age and the age is known: [AGE_AT_OTHER]
    # the age band differs on the other COE reference date (option coe_reference);
    # [AGE_SOON] the age band changes within the grant window (option grant_window_days)
    age_moves: BoolArr


def best_category(total: IntArr, eligible: BoolArr) -> NDArray[np.intp]:
    """Per row, the category with the most points among the eligible ones, else the most
    points (ties go to the first of a, b, c). The one definition of "best category"."""
    key = eligible * (1 << 20) + total
    best: NDArray[np.intp] = np.argmax(key, axis=0)
    return best


@dataclass
class Frame:
    """What several scorers read, computed once."""

    level: IntArr
    deg_missing: BoolArr
    age_missing: BoolArr
    sal_missing: BoolArr
    any_missing: bool
    salary: IntArr
    salary_alt: IntArr  # under the other reading of option performance_bonus
    perf: IntArr
    has_perf: bool
    age_band: NDArray[np.intp]
    sal_band: NDArray[np.intp]
    floor: IntArr
    years: NDArray[np.float64]  # (3, n) each category's relevant experience


def _frame(cols: Columns, t: Tables, opts: Options) -> Frame:
    level = cols["degree"]
    age = cols["age"]
    raw = cols["salary"]
    perf = cols["salary_perf"]
    age_missing = age < 0
    sal_missing = raw < 0
    deg_missing = level < 0
    any_missing = bool(
        np.count_nonzero(age_missing)
        or np.count_nonzero(sal_missing)
        or np.count_nonzero(deg_missing)
    )
    if any_missing:
        level = np.maximum(level, 0)
        raw = np.maximum(raw, 0)
    has_perf = bool(np.count_nonzero(perf))
    salary, alt = raw, raw
    if has_perf:
        salary, alt = raw, raw - perf
        if opts.performance_bonus == "exclude":
            salary, alt = alt, salary
    age_band = np.searchsorted(t.age_edges, age, side="right")
    return Frame(
        level=level,
        deg_missing=deg_missing,
        age_missing=age_missing,
        sal_missing=sal_missing,
        any_missing=any_missing,
        salary=salary,
        salary_alt=alt,
        perf=perf,
        has_perf=has_perf,
        age_band=age_band,
        sal_band=np.searchsorted(t.salary_edges, salary, side="right"),
        floor=t.floor[:, age_band],
        years=cols.blocks["f"][t.experience_rows],
    )


def score(cols: Columns, t: Tables, opts: Options) -> Scores:
    f = _frame(cols, t, opts)
    w = Work(len(t.registry.items), cols.n)
    lut = t.lut
    idx = np.empty((3, len(lut.rows), cols.n), dtype=np.int64)
    fixes: list[tuple[str, int, Any]] = []  # (kind, row, what the item needs after the lookup)
    for k, item in enumerate(lut.items):
        kind = item.kind
        row = int(lut.rows[k])
        if kind == "education":
            idx[:, k] = f.level
            fixes.append((kind, row, None))
        elif kind == "career":
            idx[:, k] = np.searchsorted(t.career_edges, f.years, side="right")
            fixes.append((kind, row, None))
        elif kind == "salary":
            idx[:, k] = f.age_band * t.salary_points.shape[2] + f.sal_band
            fixes.append((kind, row, None))
        elif kind == "age":
            idx[:, k] = f.age_band
            fixes.append((kind, row, None))
        elif kind == "research":
            count, fix = _research(cols, t, opts)
            idx[:, k] = count
            fixes.append((kind, row, fix))
        elif kind == "count_table":
            count = cols[item.reads[0]]
            top = t.count_points[item.id].shape[1] - 1
            idx[:, k] = np.minimum(count, top)
            fixes.append((kind, row, (count, top)))
        else:  # position
            idx[:, k] = cols[item.reads[0]]
    idx += lut.offsets[None, :, None]
    w.points[:, lut.rows] = lut.points[_CATS3, idx]
    w.detail[:, lut.rows] = lut.detail[_CATS3, idx]
    w.claimed[:, lut.rows] = lut.claimed[_CATS3, idx]
    for kind, row, fix in fixes:
        if kind == "education":
            _education(w, row, t, cols, opts, f)
        elif kind == "career":
            w.claimed[:, row] = f.years > 0
        elif kind == "salary":
            _salary(w, row, t, f)
        elif kind == "age" and f.any_missing and np.count_nonzero(f.age_missing):
            w.points[:, row, f.age_missing] = 0
            w.claimed[:, row, f.age_missing] = False
            hit = t.exists[:, row, None] & f.age_missing
            w.mark(row, hit, MISSING, _FACT["birth_date"])
        elif kind == "research":
            mask, depends = fix
            w.detail[:, row] = mask
            if depends is not None:
                w.depends["paper_authorship"] = depends
        elif kind == "count_table":
            count, top = fix
            capped = count > top
            if np.count_nonzero(capped):
                w.mark(row, capped, CAPPED, count)
    score_bonuses(w, cols, t, opts)
    return _finish(w, t, cols, f)


def _education(w: Work, row: int, t: Tables, cols: Columns, opts: Options, f: Frame) -> None:
    """The MBA/MOT tier (or add-on) and a missing ``degrees``: the rare cases."""
    business = cols["business"]
    if np.count_nonzero(business):
        edu = w.points[:, row].copy()
        has_tier = (t.business >= 0)[:, None] & business
        tier = np.where(has_tier, np.maximum(edu, t.business[:, None]), edu)
        addon = np.where(has_tier, edu + t.business_addon, edu)
        w.depends["mba_reading"] = (tier != addon) & ~f.deg_missing
        if opts.mba_reading == "tier":
            w.detail[:, row] += np.where(tier != edu, BUSINESS_TIER, 0)
            w.points[:, row] = tier
        else:
            w.detail[:, row] += np.where(addon != edu, BUSINESS_ADDON, 0)
            w.points[:, row] = addon
    if f.any_missing and np.count_nonzero(f.deg_missing):
        w.points[:, row, f.deg_missing] = 0
        w.mark(row, f.deg_missing, MISSING, _FACT["degrees"])


def _salary(w: Work, row: int, t: Tables, f: Frame) -> None:
    """A missing salary (or age, where the bands depend on it), and the reading of a
    performance-linked bonus: the rare cases. Detail: the salary at which the points rise."""
    missing = None
    if f.any_missing:
        missing = f.sal_missing | (f.age_missing & t.salary_age_banded[:, None])
        if np.count_nonzero(missing):
            w.points[:, row][missing] = 0
            fact = np.where(f.sal_missing, _FACT["annual_salary"], _FACT["birth_date"])
            w.mark(row, missing, MISSING, fact)
        w.claimed[:, row] = ~f.sal_missing
    if f.has_perf:
        sal = w.points[:, row]
        alt_band = np.searchsorted(t.salary_edges, f.salary_alt, side="right")
        alt = t.salary_points[:, f.age_band, alt_band]
        if missing is not None:
            alt = np.where(missing, 0, alt)
        has_floor = f.floor >= 0
        flip = (alt != sal) | (has_floor & ((f.salary >= f.floor) != (f.salary_alt >= f.floor)))
        w.depends["performance_bonus"] = flip & (f.perf > 0)


def _research(
    cols: Columns, t: Tables, opts: Options
) -> tuple[IntArr, tuple[IntArr, BoolArr | None]]:
    """The research item's index (kinds counted, capped) and its fix: the kinds counted as a
    bit mask over ``vocab.RESEARCH_KINDS`` (the detail), and where the paper_authorship option
    would change the points."""
    counts = cols.blocks["i"][t.research_rows]  # patents, funded projects, papers
    pc = cols["papers_corresponding"]
    corresponding = bool(np.count_nonzero(pc >= 0))
    if opts.paper_authorship == "corresponding_only" and corresponding:
        counts = counts.copy()
        counts[2] = np.where(pc >= 0, pc, counts[2])
    ok = counts >= t.research_minimums[:, None]
    other = cols["other_research"]
    mask = ok[0] + ok[1] * 2 + ok[2] * 4 + other * 8
    count = ok.sum(axis=0) + other
    top = t.research_points.shape[1] - 1
    index = np.minimum(count, top)
    depends = None
    papers = cols["papers"]
    if np.count_nonzero(papers >= t.research_minimums[2]):
        if opts.paper_authorship == "corresponding_or_first":
            alt_papers = np.where(pc >= 0, pc, 0)
        else:
            alt_papers = papers
        alt = np.minimum(count - ok[2] + (alt_papers >= t.research_minimums[2]), top)
        depends = t.research_points[:, index] != t.research_points[:, alt]
    return index, (mask, depends)


def _finish(w: Work, t: Tables, cols: Columns, f: Frame) -> Scores:
    exists = t.exists[:, :, None]
    points = w.points
    points *= exists
    status = np.where(
        points > 0,
        AWARDED,
        np.where(w.claimed, np.where(exists, BELOW_BAND, NOT_IN_CATEGORY), NOT_CLAIMED),
    ).astype(np.int8)
    special = w._special
    if special is not None:
        status = np.where(special >= 0, special, status).astype(np.int8)
        # A special status on an item that does not exist is "not in category".
        status[~exists & w.claimed & (status != NOT_IN_FORCE)] = NOT_IN_CATEGORY
    total = points.sum(axis=1)
    n = cols.n
    missing = np.zeros((len(CORE_FACTS), 3, n), dtype=np.bool_)
    has_floor = f.floor >= 0
    floor_ok = ~has_floor | (f.salary >= f.floor)
    eligible = total >= t.pass_mark
    date_missing = cols["date_missing"]
    if f.any_missing or np.count_nonzero(date_missing):
        missing[_FACT["date"]] = date_missing
        missing[_FACT["birth_date"]] = t.age_dependent[:, None] & cols["birth_missing"]
        missing[_FACT["annual_salary"]] = f.sal_missing
        missing[_FACT["degrees"]] = f.deg_missing
        floor_ok &= ~f.sal_missing
        eligible &= ~missing.any(axis=0)
    eligible &= floor_ok
    jskip = np.zeros((4, 3, n), dtype=np.bool_)
    if t.jskip_min is not None:
        mins = t.jskip_min[:, None]
        jskip[1] = f.salary >= mins
        jskip[2] = t.jskip_degree_ok[:, f.level]
        years = cols.blocks["f"][t.jskip_experience_rows]
        jskip[3] = years >= t.jskip_min_years[:, None]
        if f.any_missing:
            jskip[1] &= ~f.sal_missing
            jskip[2] &= ~f.deg_missing
        jskip[0] = jskip[1] & (jskip[2] | jskip[3])
        if f.has_perf:
            alt_ok = (f.salary_alt >= mins) & ~f.sal_missing
            flip = (alt_ok != jskip[1]) & (f.perf > 0)
            prev = w.depends.get("performance_bonus")
            w.depends["performance_bonus"] = flip if prev is None else prev | flip
    age_moves = np.zeros((2, 3, n), dtype=np.bool_)
    known = t.age_dependent[:, None] & ~f.age_missing
    if np.count_nonzero(known):
        for k, column in ((AGE_AT_OTHER, "age_alt"), (AGE_SOON, "age_soon")):
            band = np.searchsorted(t.age_edges, cols[column], side="right")
            age_moves[k] = known & (band != f.age_band)
    return Scores(
        points=points,
        status=status,
        detail=w.detail,
        total=total,
        floor=f.floor,
        floor_ok=floor_ok,
        missing=missing,
        eligible=eligible,
        best=best_category(total, eligible),
        jskip=jskip,
        depends=w.depends,
        any_missing=f.any_missing,
        age_moves=age_moves,
    )
