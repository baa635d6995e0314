"""The rule book's periods for a batch: rows dated on many days are scored once per snapshot of
the rules (the days between which no version starts or ends), not once per day."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from kodo.rules.book import RuleBook

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
