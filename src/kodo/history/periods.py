"""Dated lists indexed once, so that the facts on a date are found in O(log n).

``Timeline`` asks for the facts on every change date; with n periods there are O(n) change
dates, so a scan of every period per date would cost O(n²). Each list is sorted once and
looked up by bisection: experience (merged periods and cumulative calendar durations),
step values (salary, Japanese results, licences, degrees awarded) and the job covering a date
(employers may overlap: the first one listed wins, as before).
"""

from __future__ import annotations

import datetime as dt
import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from typing import Generic, TypeVar

from kodo.dates import Duration, duration, next_day
from kodo.input.history import StatusPeriod

T = TypeVar("T")
Span = tuple[dt.date, dt.date | None]  # [start, stop): stop exclusive, None = ongoing


def merge(spans: Iterable[Span]) -> list[Span]:
    """Merge overlapping or adjacent half-open periods (experience is not counted twice)."""
    merged: list[Span] = []
    for start, end in sorted(spans, key=lambda s: s[0]):
        if merged:
            last_start, last_end = merged[-1]
            if last_end is None:
                continue
            if start <= last_end:
                merged[-1] = (last_start, None if end is None else max(end, last_end))
                continue
        merged.append((start, end))
    return merged


class Experience:
    """The calendar duration of the merged periods of one kind of experience up to a date.

    ``on(day)`` counts the days before ``day`` (a period that started on 2019-06-01 has
    exactly 3 years on 2022-06-01). Each finished period gives its own calendar duration,
    whatever the date asked; the periods add up by ``Duration.plus``.
    """

    __slots__ = ("_done", "_spans", "_starts")

    def __init__(self, spans: Iterable[Span]) -> None:
        self._spans = merge(spans)
        self._starts = [s for s, _ in self._spans]
        done = [Duration()]
        for start, stop in self._spans:
            if stop is not None:
                done.append(done[-1].plus(duration(start, stop)))
        self._done = done  # _done[k]: the first k periods, all finished

    def on(self, day: dt.date) -> Duration:
        k = bisect_left(self._starts, day)  # periods that started before ``day``
        if k == 0:
            return Duration()
        start, stop = self._spans[k - 1]
        # Merged periods do not touch: every period before the last started one is finished.
        before = self._done[k - 1]
        return before.plus(duration(start, day if stop is None or stop > day else stop))


class Steps(Generic[T]):
    """A value that changes on dates: the value of the last date on or before a day."""

    __slots__ = ("_days", "_default", "_values")

    def __init__(self, changes: Iterable[tuple[dt.date, T]], default: T) -> None:
        pairs = sorted(changes, key=lambda p: p[0])  # stable: the later entry of a date wins
        self._days = [d for d, _ in pairs]
        self._values = [v for _, v in pairs]
        self._default = default

    @classmethod
    def running(
        cls, changes: Iterable[tuple[dt.date, T]], default: T, best: Callable[[T, T], T]
    ) -> Steps[T]:
        """The best value obtained on or before a day (``best`` of the running values)."""
        pairs = sorted(changes, key=lambda p: p[0])
        acc, out = default, []
        for day, value in pairs:
            acc = best(acc, value)
            out.append((day, acc))
        return cls(out, default)

    def on(self, day: dt.date) -> T:
        i = bisect_right(self._days, day)
        return self._default if i == 0 else self._values[i - 1]

    def count(self, day: dt.date) -> int:
        """How many dates are on or before ``day``."""
        return bisect_right(self._days, day)


class Covering(Generic[T]):
    """Periods (inclusive ends) that may overlap: the first listed that covers a day."""

    __slots__ = ("_days", "_winners")

    def __init__(self, periods: Sequence[tuple[dt.date, dt.date | None, T]]) -> None:
        cuts = sorted({p[0] for p in periods} | {next_day(p[1]) for p in periods if p[1]})
        by_start = sorted(range(len(periods)), key=lambda i: periods[i][0])
        heap: list[int] = []  # input positions of the periods open at the cut
        winners: list[int | None] = []
        j = 0
        for cut in cuts:
            while j < len(by_start) and periods[by_start[j]][0] <= cut:
                heapq.heappush(heap, by_start[j])
                j += 1
            while heap and _ended(periods[heap[0]][1], cut):
                heapq.heappop(heap)
            winners.append(heap[0] if heap else None)
        self._days = cuts
        self._winners = [None if w is None else periods[w][2] for w in winners]

    def on(self, day: dt.date) -> T | None:
        i = bisect_right(self._days, day)
        return None if i == 0 else self._winners[i - 1]


def _ended(last: dt.date | None, day: dt.date) -> bool:
    return last is not None and last < day


class StatusRuns:
    """Gap-free runs of statuses, per set of allowed kinds, computed once: O(log n) lookups."""

    __slots__ = ("_first", "_starts", "statuses")

    def __init__(self, statuses: Sequence[StatusPeriod]) -> None:
        self.statuses = statuses  # sorted by ``from_``, not overlapping
        self._starts = [p.from_ for p in statuses]
        self._first: dict[frozenset[str] | None, list[int]] = {}

    def _runs(self, allowed: frozenset[str] | None) -> list[int]:
        """For each status, the position of the first status of its run (-1: not allowed)."""
        first = self._first.get(allowed)
        if first is None:
            first = []
            for i, p in enumerate(self.statuses):
                if allowed is not None and p.status not in allowed:
                    first.append(-1)
                    continue
                prev = self.statuses[i - 1] if i else None
                joined = (
                    prev is not None
                    and first[i - 1] >= 0
                    and (prev.to is None or p.from_ <= next_day(prev.to))
                )
                first.append(first[i - 1] if joined else i)
            self._first[allowed] = first
        return first

    def on(self, day: dt.date) -> StatusPeriod | None:
        """The status held on ``day``."""
        i = bisect_right(self._starts, day) - 1
        if i < 0:
            return None
        p = self.statuses[i]
        return p if p.to is None or day <= p.to else None

    def chain_start(self, day: dt.date, allowed: frozenset[str] | None) -> dt.date | None:
        """As :func:`chain_start`, in O(log n) once the runs of ``allowed`` are known."""
        i = bisect_right(self._starts, day) - 1
        if i < 0:
            return None
        p = self.statuses[i]
        if p.to is not None and p.to < day:
            return None
        j = self._runs(allowed)[i]
        return None if j < 0 else self.statuses[j].from_


def status_index(statuses: Sequence[StatusPeriod], day: dt.date) -> int:
    """Position of the last status (sorted by ``from_``) starting on or before ``day``; -1."""
    return bisect_right(statuses, day, key=lambda p: p.from_) - 1


def chain_start(
    statuses: Sequence[StatusPeriod], day: dt.date, allowed: frozenset[str] | None
) -> dt.date | None:
    """Start of the gap-free run of statuses (of ``allowed`` kinds, or any) covering ``day``.

    ``statuses`` are sorted and do not overlap. A status without ``to`` is held until ``day``.
    O(log n + length of the run).
    """
    i = status_index(statuses, day)
    if i < 0:
        return None
    p = statuses[i]
    if (allowed is not None and p.status not in allowed) or (p.to is not None and p.to < day):
        return None
    while i > 0:
        prev = statuses[i - 1]
        if allowed is not None and prev.status not in allowed:
            break
        if prev.to is not None and statuses[i].from_ > next_day(prev.to):
            break
        i -= 1
    return statuses[i].from_
