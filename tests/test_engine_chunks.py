"""A large batch is scored in chunks of rows, on threads (issue 10 §7): the same scores as
one pass over every row, whatever the chunk size and wherever the rare cases fall.

The rare cases (a missing core fact, an MBA/MOT, a performance-linked bonus, a count beyond
its table, exclusions and requirements, a detail too wide for int32) are put on chosen rows,
some of them right at chunk boundaries, and every field of ``Scores`` is compared, as are the
ranges of totals (which score their own expansions through the same function).
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import numpy as np
import pytest

from kodo.batch.checks import check_flat
from kodo.batch.generate import population
from kodo.engine import score as engine
from kodo.engine.columns import Columns, flat_columns
from kodo.engine.ranges import total_ranges
from kodo.engine.scores import ARRAYS, Scores
from kodo.engine.tables import Tables, compile_tables
from kodo.items import DEFAULT
from kodo.items.columns import Derivation
from kodo.options import Options
from kodo.rules.book import load_book

DAY = dt.date(2026, 11, 22)
BOOK = load_book()
TABLES = compile_tables(BOOK.at(DAY), BOOK, DEFAULT)
N = 2_000
CHUNK = 64  # the chunk size the tests force (boundaries at multiples of it)
READINGS = [
    Options(),
    Options(
        mba_reading="addon",
        performance_bonus="exclude",
        paper_authorship="corresponding_only",
        university_criteria="each",
    ),
]


def _columns(opts: Options, seed: int = 3) -> Columns:
    frame = population(N, seed=seed, date=DAY, book=BOOK, missing=0.1)
    checked = check_flat(frame, DAY, BOOK.coverage_from, "now")
    derivation = Derivation(opts.coe_reference, opts.grant_window_days, TABLES.graduate_levels)
    cols = flat_columns(checked.facts, DEFAULT, derivation)
    rng = np.random.default_rng(seed)
    n = cols.n
    salary = cols["salary"]
    business = cols["business"] | (rng.random(n) < 0.05)
    perf = np.where((rng.random(n) < 0.1) & (salary > 0), salary // 4, 0)
    licenses = cols["licenses"].copy()
    edges = [CHUNK * k + d for k in range(1, 6) for d in (-1, 0)]  # rows next to a boundary
    licenses[edges] = 50  # beyond the count table: capped
    licenses[CHUNK * 7] = 1 << 40  # a capped count too wide for an int32 detail
    return cols.replace(business=business, salary_perf=perf, licenses=licenses)


def _scored(cols: Columns, t: Tables, opts: Options, chunk: int, workers: int) -> Scores:
    saved = engine.CHUNK, engine.WORKERS
    engine.CHUNK, engine.WORKERS = chunk, workers
    try:
        return engine.score(cols, t, opts)
    finally:
        engine.CHUNK, engine.WORKERS = saved


def _equal(one: Scores, other: Scores) -> None:
    for name in ARRAYS:
        a, b = getattr(one, name), getattr(other, name)
        assert a.shape == b.shape, name
        assert np.array_equal(a, b), name
    assert one.depends.keys() == other.depends.keys()
    for option, hit in one.depends.items():
        assert np.array_equal(hit, other.depends[option]), option
    assert one.any_missing == other.any_missing


@pytest.fixture(scope="module", params=range(len(READINGS)))
def case(request: Any) -> tuple[Columns, Options, Scores]:
    opts = READINGS[request.param]
    cols = _columns(opts)
    return cols, opts, _scored(cols, TABLES, opts, chunk=N, workers=1)


def test_the_rare_cases_are_there(case: tuple[Columns, Options, Scores]) -> None:
    """The population has what the chunk tests are about (or they would prove little)."""
    _, _, whole = case
    assert whole.any_missing and whole.missing.any(axis=(0, 1)).sum() > 20
    assert {"mba_reading", "performance_bonus", "paper_authorship"} <= whole.depends.keys()
    assert (whole.status == engine.CAPPED).sum() > 10
    assert (whole.status == engine.MISSING).sum() > 20
    assert np.isin(whole.status, [4, 5]).any()  # excluded or requires
    assert whole.detail.dtype == np.int64 and whole.detail.max() == 1 << 40
    assert whole.points.dtype == np.int16 and whole.status.dtype == np.int8


@pytest.mark.parametrize(("chunk", "workers"), [(CHUNK, 1), (CHUNK, 2), (97, 3), (1, 2)])
def test_chunks_equal_one_pass(
    case: tuple[Columns, Options, Scores], chunk: int, workers: int
) -> None:
    cols, opts, whole = case
    if chunk == 1:  # every row alone (on a slice of the rows: it is slow)
        cols = Columns({d: b[:, : 4 * CHUNK] for d, b in cols.blocks.items()}, cols.layout, 256)
        whole = _scored(cols, TABLES, opts, chunk=N, workers=1)
    _equal(_scored(cols, TABLES, opts, chunk, workers), whole)


def test_a_chunk_without_the_rare_cases_joins_with_one_that_has_them() -> None:
    """The first chunks have no missing fact, MBA or performance bonus; a later one has:
    the options' ``depends`` are False on the first rows, as one pass has them."""
    opts = Options()
    cols = _columns(opts)
    plain = np.flatnonzero(
        (cols["age"] >= 0)
        & (cols["salary"] >= 0)
        & (cols["degree"] >= 0)
        & ~cols["business"]
        & (cols["salary_perf"] == 0)
        & ~cols["date_missing"]
    )
    odd = np.flatnonzero(cols["business"] & (cols["salary_perf"] > 0) & (cols["age"] < 0))
    assert plain.size > 3 * CHUNK and odd.size
    rows = cols.take(np.concatenate([plain[: 3 * CHUNK], odd[:5]]))
    whole = _scored(rows, TABLES, opts, chunk=N, workers=1)
    assert {"mba_reading", "performance_bonus"} <= whole.depends.keys() and whole.any_missing
    _equal(_scored(rows, TABLES, opts, CHUNK, 2), whole)


def test_ranges_are_the_same_in_chunks(case: tuple[Columns, Options, Scores]) -> None:
    cols, opts, whole = case
    once = total_ranges(cols, TABLES, opts, whole.total)
    saved = engine.CHUNK, engine.WORKERS
    engine.CHUNK, engine.WORKERS = CHUNK, 2
    try:
        chunked = total_ranges(cols, TABLES, opts, engine.score(cols, TABLES, opts).total)
    finally:
        engine.CHUNK, engine.WORKERS = saved
    assert np.array_equal(once, chunked)
    assert (once[..., 0] < once[..., 1]).any()  # some range is a real range


def test_many_callers_at_once() -> None:
    """score() called from several threads at once, each on its own rows and options, gives
    each the scores it gives alone (nothing is shared between calls but the tables)."""
    cases = [(_columns(READINGS[k % 2], seed=k), READINGS[k % 2]) for k in range(4)]
    alone = [_scored(cols, TABLES, opts, chunk=N, workers=1) for cols, opts in cases]
    got: dict[int, Scores | None] = dict.fromkeys(range(len(cases)))
    saved = engine.CHUNK
    engine.CHUNK = CHUNK  # every call splits its rows and starts its own threads
    try:
        threads = [threading.Thread(target=_into, args=(got, k, *cases[k])) for k in got]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
    finally:
        engine.CHUNK = saved
    for k, scores in enumerate(alone):
        mine = got[k]
        assert mine is not None
        _equal(mine, scores)


def _into(got: dict[int, Scores | None], k: int, cols: Columns, opts: Options) -> None:
    got[k] = engine.score(cols, TABLES, opts)


def test_a_point_too_wide_for_int16_widens_the_points() -> None:
    """A multiple (option university_criteria=each) beyond int16 is kept, not wrapped."""
    opts = READINGS[1]
    cols = _columns(opts)
    row = 3 * CHUNK + 5
    criteria, designated = cols["university_criteria"].copy(), cols["designated"].copy()
    criteria[row], designated[row] = 1 << 20, True
    wide = cols.replace(university_criteria=criteria, designated=designated)
    whole = _scored(wide, TABLES, opts, chunk=N, workers=1)
    assert whole.points.dtype == np.int64 and whole.points[:, :, row].max() >= 1 << 20
    _equal(_scored(wide, TABLES, opts, CHUNK, 2), whole)
