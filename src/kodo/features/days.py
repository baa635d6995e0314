"""Points on many dates at once: the timeline's only way to score (the vectorised engine).

``DayScores`` asks for (fact date, rules date) pairs, takes the facts on each fact date and
scores all of them in one engine pass per rule snapshot. Results are cached, so the
permanent-residence search, HSP(ii), forecast and advice share the work.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from kodo.engine.run import score_people
from kodo.history.timeline import Timeline
from kodo.items import Registry
from kodo.options import Options
from kodo.rules.book import RuleBook
from kodo.vocab import CATEGORIES, CORE_FACTS

# How far ahead the earliest-date searches look (PR routes, HSP(ii)).
HORIZON_YEARS = 10


@dataclass(frozen=True, slots=True)
class DayPoints:
    """The points of one person on one date, per category (a, b, c)."""

    total: tuple[int, ...]
    eligible: tuple[bool, ...]  # eligible includes no core fact missing
    j_skip: tuple[bool, ...]
    best: int  # the best of the three categories (engine.score.best_category)
    items: tuple[tuple[int, ...], ...] = ()  # per category, points per registry item
    floor: tuple[int, ...] = (-1, -1, -1)  # per category, the salary floor (-1 = none)
    floor_ok: tuple[bool, ...] = (True, True, True)
    missing: tuple[tuple[str, ...], ...] = ((), (), ())  # per category, core facts missing
    low: tuple[int, ...] = ()  # per category, the lowest total possible (facts missing)
    high: tuple[int, ...] = ()  # per category, the highest total possible
    jskip_parts: tuple[tuple[bool, bool, bool], ...] = ()  # per category: salary, degree, years
    rules_from: dt.date | None = None  # when the rules it was scored under took effect

    def passes(self, ci: int, points: int) -> bool:
        """Eligible (floor and completeness included) with at least ``points``."""
        return self.eligible[ci] and self.total[ci] >= points

    def totals(self) -> dict[str, int]:
        return dict(zip(CATEGORIES, self.total, strict=True))

    def item_points(self, ci: int, ids: tuple[str, ...]) -> dict[str, int]:
        """The points of each item that scores in category ``ci`` (the breakdown)."""
        if not self.items:
            return {}
        return {i: p for i, p in zip(ids, self.items[ci], strict=True) if p}

    def range_of(self, ci: int) -> tuple[int, int]:
        """[low, high] of the total in ``ci``: the total itself when no fact is missing."""
        if not self.low:
            return self.total[ci], self.total[ci]
        return self.low[ci], self.high[ci]


class DayScores:
    """Cached scores of one person's facts on any date under the rules of any date."""

    def __init__(self, tl: Timeline, book: RuleBook, opts: Options, registry: Registry) -> None:
        self.tl = tl
        self.book = book
        self.opts = opts
        self.registry = registry
        self.cache: dict[tuple[dt.date, dt.date], DayPoints | None] = {}

    def usable(self, day: dt.date) -> bool:
        birth = self.tl.app.birth_date
        return day >= self.book.coverage_from and (birth is None or day >= birth)

    def fill(self, pairs: Iterable[tuple[dt.date, dt.date]]) -> None:
        """Score every pair not yet cached, one engine pass per rule snapshot."""
        todo = []
        for pair in set(pairs):
            if pair in self.cache:
                continue
            fact_day, rules_day = pair
            if not (self.usable(fact_day) and rules_day >= self.book.coverage_from):
                self.cache[pair] = None
                continue
            todo.append(pair)
        if not todo:
            return
        facts = [self.tl.facts_on(f) for f, _ in todo]
        groups = score_people(
            facts, [r for _, r in todo], self.book, self.registry, self.opts, ranges=True
        )
        for g in groups:
            sc = g.scores
            total = sc.total.T.tolist()
            eligible = sc.eligible.T.tolist()
            js = sc.jskip[0].T.tolist()
            parts = sc.jskip[1:].transpose(2, 1, 0).tolist()
            best = sc.best.tolist()
            items = sc.points.transpose(2, 0, 1).tolist()
            floor = sc.floor.T.tolist()
            floor_ok = sc.floor_ok.T.tolist()
            missing = sc.missing.transpose(2, 1, 0).tolist() if sc.any_missing else None
            ranges = g.ranges.transpose(1, 2, 0).tolist() if g.ranges.shape[1] else None
            since = g.snapshot.effective_from
            for j, i in enumerate(g.index.tolist()):
                gone: tuple[tuple[str, ...], ...] = ((), (), ())
                if missing is not None:
                    gone = tuple(
                        tuple(f for f, m in zip(CORE_FACTS, row, strict=True) if m)
                        for row in missing[j]
                    )
                self.cache[todo[i]] = DayPoints(
                    tuple(total[j]), tuple(eligible[j]), tuple(js[j]), best[j],
                    tuple(tuple(r) for r in items[j]), tuple(floor[j]), tuple(floor_ok[j]),
                    gone,
                    () if ranges is None else tuple(ranges[j][0]),
                    () if ranges is None else tuple(ranges[j][1]),
                    tuple((a, b, c) for a, b, c in parts[j]), since,
                )  # fmt: skip

    def at(self, day: dt.date, rules_day: dt.date | None = None) -> DayPoints | None:
        pair = (day, rules_day or day)
        if pair not in self.cache:
            self.fill([pair])
        return self.cache[pair]
