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

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray

from kodo.engine.bonuses import score_bonuses
from kodo.engine.columns import Columns
from kodo.engine.scores import AGE_AT_OTHER, AGE_SOON, Joined, Scores, best_category
from kodo.engine.status import (
    AWARDED,
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

__all__ = [
    "AGE_AT_OTHER", "AGE_SOON", "BUSINESS_ADDON", "BUSINESS_TIER", "LEVEL_MASK", "Scores",
    "best_category", "score",
]  # fmt: skip

IntArr = NDArray[np.int64]
BoolArr = NDArray[np.bool_]
BUSINESS_TIER = 1 << 8  # education detail: the MBA/MOT tier gave the points
BUSINESS_ADDON = 1 << 9  # education detail: the MBA/MOT add-on was added (mba_reading=addon)
LEVEL_MASK = BUSINESS_TIER - 1
_FACT = {f: i for i, f in enumerate(CORE_FACTS)}
_T = TypeVar("_T")
assert AWARDED == 0  # the status arithmetic in _finish relies on it
_SUM = {2: np.int32, 8: np.int64}  # points' itemsize -> a dtype their sum over items fits
CHUNK = 1 << 14  # rows scored at a time: their work arrays (about 1 KB a row) fit a cache
_CPUS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
WORKERS = min(4, _CPUS or 1)  # threads for a large batch


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
    age_band = _age_band(t, age)
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
        floor=np.take(t.floor, age_band, axis=1),
        years=cols.blocks["f"][t.experience_rows],
    )


def score(cols: Columns, t: Tables, opts: Options) -> Scores:
    """Score every row of ``cols`` under ``t``. A large batch is scored in chunks of rows
    small enough for their work arrays to stay in the processor's cache, on a few threads
    (numpy releases the GIL in its loops): the same function on fewer rows at a time, so the
    same scores. Safe to call from several threads at once: nothing is shared but ``t``,
    which is only read; the threads are this call's own (a pool kept between calls would not
    survive a fork, as in a process pool, and would be shared by unrelated callers)."""
    n = cols.n
    if n <= 2 * CHUNK:
        return _score(cols, t, opts)

    def rows(start: int) -> Columns:
        stop = min(start + CHUNK, n)
        return Columns(
            {d: b[:, start:stop] for d, b in cols.blocks.items()}, cols.layout, stop - start
        )

    first = _score(rows(0), t, opts)
    out = Joined(first, n)
    out.put(0, first)
    out.add(0, first)

    def chunk(start: int) -> tuple[int, Scores, bool]:
        part = _score(rows(start), t, opts)
        return start, part, out.put(start, part)  # each thread copies its own rows

    starts = range(CHUNK, n, CHUNK)
    wider = []
    with ThreadPoolExecutor(max_workers=WORKERS) if WORKERS > 1 else nullcontext() as pool:
        done = map(chunk, starts) if pool is None else _ahead(pool, chunk, starts, 2 * WORKERS)
        for start, part, put in done:
            out.add(start, part)
            if not put:
                wider.append((start, part))
    for start, part in wider:  # rare: a detail or points wider than the first chunk's
        out.widen(start, part)
    return out.scores()


def _ahead(
    pool: ThreadPoolExecutor, fn: Callable[[int], _T], args: Iterable[int], window: int
) -> Iterator[_T]:
    """``fn`` over ``args`` on ``pool``, in order, with at most ``window`` calls under way or
    done and not yet taken (so that the finished chunks waiting to be copied stay few)."""
    pending: deque[Future[_T]] = deque()
    for arg in args:
        if len(pending) >= window:
            yield pending.popleft().result()
        pending.append(pool.submit(fn, arg))
    while pending:
        yield pending.popleft().result()


def _score(cols: Columns, t: Tables, opts: Options) -> Scores:
    f = _frame(cols, t, opts)
    w = Work(len(t.registry.items), cols.n, t.fast)
    lut = t.lut
    idx = np.empty((3, len(lut.rows), cols.n), dtype=np.intp)
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
    fast = t.fast
    idx += fast.lut_offsets
    for c in range(3):  # a take into each run of rows (no fancy assignment: it is slow)
        for rows, ks in fast.lut_runs:
            at = idx[c, ks]
            np.take(fast.lut_points, at, out=w.points[c, rows], mode="clip")
            np.take(fast.lut_detail, at, out=w.detail[c, rows], mode="clip")
            np.take(fast.lut_claimed, at, out=w.claimed[c, rows], mode="clip")
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


def _age_band(t: Tables, age: IntArr) -> NDArray[np.intp]:
    """``searchsorted(t.age_edges, age, side="right")`` by a table of every age's band."""
    fast = t.fast
    band: NDArray[np.intp] = np.take(fast.age_bands, age - fast.age_low, mode="clip")
    return band


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
        points = t.research_points
        depends = np.take(points, index, axis=1) != np.take(points, alt, axis=1)
    return index, (mask, depends)


def _finish(w: Work, t: Tables, cols: Columns, f: Frame) -> Scores:
    exists = t.fast.exists
    points = w.points
    points *= exists
    # Awarded where there are points; else not claimed, or claimed: below the band where the
    # item exists, not in the category where it does not (int8 throughout: AWARDED is 0).
    status = np.multiply(w.claimed.view(np.int8), t.fast.status_step)
    status += NOT_CLAIMED
    status *= (points <= 0).view(np.int8)  # same dtypes: no casting loop
    for row, special in w.special.items():
        given = special >= 0
        np.copyto(status[:, row], special, where=given)
        # A special status on an item that does not exist is "not in category".
        for c in np.flatnonzero(~t.exists[:, row]).tolist():
            inapt = given[c] & w.claimed[c, row] & (special[c] != NOT_IN_FORCE)
            np.copyto(status[c, row], np.int8(NOT_IN_CATEGORY), where=inapt)
    total: IntArr = points.sum(axis=1, dtype=_SUM[points.dtype.itemsize]).astype(np.int64)
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
        jskip[2] = np.take(t.jskip_degree_ok, f.level, axis=1)
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
            band = _age_band(t, cols[column])
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
