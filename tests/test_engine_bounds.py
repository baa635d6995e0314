"""Bounded time and memory (issue 8 §1): ranges of totals and long histories.

* Ranges when core facts are missing expand each row against a grid of candidates; identical
  rows are expanded once, the expansion is scored in chunks of at most ``CELL_BUDGET`` cells,
  and the results are the same as expanding every row on its own.
* A history at the input limits (every dated list at its maximum length) is answered by
  ``pr``, ``forecast`` and ``hsp2`` in well under a few seconds: the facts on a date are found
  by bisection, not by scanning every period for every date.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kodo
from kodo.engine import ranges
from kodo.engine.columns import build_columns
from kodo.engine.score import score
from kodo.engine.tables import compile_tables
from kodo.features.questions import forecast, hsp2, permanent_residence
from kodo.history.timeline import Timeline
from kodo.input.facts import snapshot_facts
from kodo.input.limits import MAX_DEGREES, MAX_PERIODS
from kodo.input.read import parse_applicant
from kodo.items import DEFAULT
from kodo.items.columns import Derivation
from kodo.options import Options
from kodo.rules.book import load_book

BOOK = load_book()
DAY = dt.date(2025, 6, 1)
OPTS = Options()
TABLES = compile_tables(BOOK.at(DAY), BOOK, DEFAULT)


def _columns(people: list[dict[str, Any]]) -> Any:
    facts = [snapshot_facts(parse_applicant({"date": DAY.isoformat(), **p})) for p in people]
    derivation = Derivation(OPTS.coe_reference, OPTS.grant_window_days, TABLES.graduate_levels)
    return build_columns(facts, DEFAULT, derivation)


def _ranges(people: list[dict[str, Any]]) -> Any:
    cols = _columns(people)
    return ranges.total_ranges(cols, TABLES, OPTS, score(cols, TABLES, OPTS).total)


person = st.fixed_dictionaries(
    {},
    optional={
        "birth_date": st.sampled_from(["1960-05-05", "1990-01-01", "2000-02-29"]),
        "annual_salary": st.sampled_from([3_000_000, 6_000_000, 10_000_000, 30_000_000]),
        "degrees": st.sampled_from(
            [[{"level": "bachelor"}], [{"level": "master", "japan": True}], []]
        ),
        "licenses": st.integers(0, 2),
        "japanese": st.sampled_from([{"jlpt": "N1"}, {"jlpt": "N2"}]),
        "employer": st.sampled_from([{"sme": True, "innovation_support": True}]),
    },
)


@settings(max_examples=6, deadline=None)
@given(st.lists(person, min_size=1, max_size=4))
def test_ranges_in_chunks_of_distinct_rows_equal_each_row_alone(
    people: list[dict[str, Any]],
) -> None:
    """Duplicated rows, tiny chunks and one row at a time give the same ranges."""
    batch = people + people[:2]
    alone = np.concatenate([_ranges([p]) for p in batch], axis=1)
    assert (_ranges(batch) == alone).all()
    saved = ranges.CELL_BUDGET
    ranges.CELL_BUDGET = 1  # one row per chunk
    try:
        assert (_ranges(batch) == alone).all()
    finally:
        ranges.CELL_BUDGET = saved


@settings(max_examples=6, deadline=None)
@given(st.lists(person, min_size=1, max_size=4))
def test_separable_parts_give_the_extremes_of_the_full_product(
    people: list[dict[str, Any]],
) -> None:
    """Varying age/salary and degrees separately gives the ranges the full product gives."""
    assert ranges.separable(TABLES)  # the current registry and rule data
    split = _ranges(people)
    saved = ranges.separable
    ranges._grid.cache_clear()
    ranges.separable = lambda t: False  # type: ignore[assignment]
    try:
        assert (_ranges(people) == split).all()
    finally:
        ranges.separable = saved
        ranges._grid.cache_clear()


def test_each_scoring_call_is_bounded_and_identical_rows_are_expanded_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[int] = []

    def counted(cols: Any, t: Any, opts: Any) -> Any:
        calls.append(cols.n)
        return score(cols, t, opts)

    monkeypatch.setattr(ranges, "score", counted)
    people = [{}] * 300 + [{"licenses": k % 3, "research": {"patents": k + 1}} for k in range(12)]
    out = _ranges(people)
    grid = ranges._grid(TABLES, 7)[0]  # every core fact missing
    assert max(calls) <= max(ranges.CELL_BUDGET, grid)
    assert sum(calls) == grid * (1 + 12)  # 300 identical rows count once
    assert grid < 1000  # age/salary and degrees varied separately
    assert (out[:, :300] == out[:, :1]).all()
    assert (out[:, :, 0] <= out[:, :, 1]).all()


def test_two_thousand_people_with_every_core_fact_missing_in_bounded_time() -> None:
    people = [{"date": "2025-06-01"}, {"date": "2025-06-01", "category": "b"}] * 1000
    start = time.perf_counter()
    results = kodo.evaluate_many(people)
    assert len(results) == 2000
    assert time.perf_counter() - start < 10


# ------------------------------------------------------------------ histories at the limits


def _day(start: dt.date, days: int) -> str:
    return (start + dt.timedelta(days=days)).isoformat()


def _longest_history(start: dt.date) -> dict[str, Any]:
    """Every dated list at its maximum length, periods every 10 days around the dates asked."""
    n = MAX_PERIODS
    kinds = ("research", "professional", "management")
    return {
        "date": "2025-06-01",
        "birth_date": "1970-01-15",
        "category": "b",
        "salaries": [
            {"from": _day(start, 10 * i), "annual_salary": 5_000_000 + 10_000 * i} for i in range(n)
        ],
        "career": [
            {"kind": kinds[i % 3], "start": _day(start, 10 * i), "end": _day(start, 10 * i + 6)}
            for i in range(n)
        ],
        "degrees": [
            {"level": "bachelor", "awarded": _day(start, 10 * i)} for i in range(MAX_DEGREES)
        ],
        "japanese_tests": [{"date": _day(start, 10 * i), "bjt": 400 + i} for i in range(n)],
        "employers": [
            {"from": _day(start, 10 * i), "to": _day(start, 10 * i + 8), "sme": i % 2 == 1}
            for i in range(n)
        ],
        "licenses_obtained": [_day(start, 10 * i) for i in range(n)],
        "statuses": [
            {
                "status": "engineer_humanities" if i % 2 else "hsp1_b",
                "from": _day(start, 10 * i),
                "to": _day(start, 10 * i + 9),
            }
            for i in range(n)
        ],
    }


@pytest.mark.parametrize("start", [dt.date(2019, 6, 1), dt.date(2024, 1, 1)])
def test_the_longest_accepted_history_is_answered_quickly(start: dt.date) -> None:
    person = _longest_history(start)
    for question in (permanent_residence, forecast, hsp2):
        began = time.perf_counter()
        question(person)
        assert time.perf_counter() - began < 5, question.__name__


def test_timeline_lookups_do_not_scan_every_period() -> None:
    """The facts on every change date of the longest history, in a small fraction of a second."""
    app = parse_applicant(_longest_history(dt.date(2020, 1, 1)))
    tl = Timeline(app, DAY, BOOK)
    days = list(tl.change_dates(dt.date(2019, 1, 1), dt.date(2030, 1, 1)))
    assert len(days) > 2 * MAX_PERIODS
    began = time.perf_counter()
    for day in days:
        tl.facts_on(day)
        tl.status_on(day)
        tl.residence_start(day)
    # Scanning every list for every date took 0.3 s here; the lookups take ~0.04 s.
    assert time.perf_counter() - began < 0.15


# ------------------------------------------------------------------ what explanations read


@settings(max_examples=40, deadline=None)
@given(
    st.dates(min_value=dt.date(1955, 1, 1), max_value=dt.date(2005, 1, 1)),
    st.integers(0, 400),
    st.booleans(),
)
def test_age_moves_is_the_age_band_on_the_other_dates(
    birth: dt.date, entry_in: int, coe: bool
) -> None:
    """``Scores.age_moves``: the age band differs at the other COE date / in the grant window,
    only in categories whose rules depend on age."""
    person: dict[str, Any] = {"birth_date": birth.isoformat()}
    if coe:
        entry = DAY + dt.timedelta(days=entry_in)
        person["application"] = {"kind": "coe", "planned_entry": entry.isoformat()}
    cols = _columns([person])
    scored = score(cols, TABLES, OPTS)

    def band(column: str) -> int:
        return int(np.searchsorted(TABLES.age_edges, cols[column][0], side="right"))

    for k, column in ((0, "age_alt"), (1, "age_soon")):
        expected = TABLES.age_dependent & (band(column) != band("age"))
        assert scored.age_moves[k, :, 0].tolist() == expected.tolist()
    assert not score(_columns([{}]), TABLES, OPTS).age_moves.any()  # the age is unknown
