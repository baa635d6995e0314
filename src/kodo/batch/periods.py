"""The rule book's periods for a batch: rows dated on many days are scored once per snapshot of
the rules (the days between which no version starts or ends), not once per day; and the marks
of a book on a date, with the largest total it allows (summary and compare)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from kodo.engine.tables import compile_tables
from kodo.items import DEFAULT, Registry
from kodo.rules.book import RuleBook
from kodo.rules.values import Thresholds

Array = NDArray[np.int64]


def by_snapshot(day: Array, book: RuleBook) -> list[tuple[NDArray[np.intp], dt.date]]:
    """The rows of each rule snapshot (by position), with one of its dates. Rows are sorted
    into the book's periods (between the dates on which some version starts or ends), and
    one snapshot is taken per period, not per day."""
    period = np.searchsorted(boundaries(book), day, side="right")
    periods, inverse = np.unique(period, return_inverse=True)
    firsts = np.zeros(periods.size, dtype=np.int64)
    np.maximum.at(firsts, inverse, day)  # a day of each period (any will do: its latest)
    snaps: dict[object, list[int]] = {}
    first: dict[object, dt.date] = {}
    for k, d in enumerate(firsts.tolist()):
        snap = book.at(dt.date.fromordinal(d))
        snaps.setdefault(snap, []).append(k)
        first.setdefault(snap, dt.date.fromordinal(d))
    if len(snaps) == 1:
        return [(np.arange(day.size), next(iter(first.values())))]
    group_of = np.empty(periods.size, dtype=np.intp)
    for g, ks in enumerate(snaps.values()):
        group_of[ks] = g
    groups = group_of[inverse]
    order = np.argsort(groups, kind="stable")
    bounds = np.searchsorted(groups[order], np.arange(len(snaps) + 1))
    return [(order[bounds[g] : bounds[g + 1]], d) for g, d in enumerate(first.values())]


@lru_cache(maxsize=16)
def boundaries(book: RuleBook) -> NDArray[np.int64]:
    """The ordinals of the days on which some rule version starts or ends to apply."""
    days = {
        d.toordinal()
        for rule in book.rules.values()
        for v in rule.versions
        for d in (v.effective_from, v.effective_to)
        if d is not None
    }
    return np.array(sorted(days), dtype=np.int64)


@dataclass(frozen=True)
class Marks:
    """The pass mark and the high mark of the rules in force on ``date`` in book ``book_id``,
    and the largest total that book allows on any date (:func:`max_total`)."""

    date: dt.date
    pass_mark: int
    high_mark: int
    book_id: str
    max_total: int


def marks_on(book: RuleBook, day: dt.date, field: str = "--date") -> Marks:
    """The marks of the rules in force on ``day`` (an InputError naming ``field`` when the
    book does not cover it)."""
    book.check_covered(day, field)
    marks = thresholds(book, day)
    return Marks(day, marks.pass_mark, marks.high, book.id, max_total(book))


def thresholds(book: RuleBook, day: dt.date) -> Thresholds:
    """The thresholds of the rules in force on ``day`` (a day the book covers)."""
    marks = book.at(day).value("thresholds", Thresholds)
    assert marks is not None, "every version of the rule data has thresholds"
    return marks


@lru_cache(maxsize=16)
def max_total(book: RuleBook, registry: Registry = DEFAULT) -> int:
    """A total no row can exceed under ``book`` on any date: per period of the book (between
    the days on which any version starts or ends) and per category, the largest points of
    every item added up (the engine's own tables; items that exclude each other are all
    counted, so this is a bound, not a total anyone scores)."""
    start = book.coverage_from.toordinal()
    most = 0
    for day in {start, *(d for d in boundaries(book).tolist() if d > start)}:
        t = compile_tables(book.at(dt.date.fromordinal(day)), book, registry)
        banded = np.maximum.reduceat(t.lut.points, t.lut.offsets, axis=1).sum(axis=1)
        bonuses = (t.bonus_member * t.bonus_points[None, :]).sum(axis=1)
        education = np.maximum(t.business, 0) + t.business_addon  # on top of a degree's points
        most = max(most, int((banded + bonuses + education).max()))
    return most
