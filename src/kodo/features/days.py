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
from kodo.vocab import CATEGORIES

# How far ahead the earliest-date searches look (PR routes, HSP(ii)).
HORIZON_YEARS = 10


@dataclass(frozen=True, slots=True)
class DayPoints:
    """The points of one person on one date, per category (a, b, c)."""

    total: tuple[int, ...]
    eligible: tuple[bool, ...]  # eligible includes no core fact missing
    j_skip: tuple[bool, ...]
    best: int  # the best of the three categories (engine.score.best_category)

    def passes(self, ci: int, points: int) -> bool:
        """Eligible (floor and completeness included) with at least ``points``."""
        return self.eligible[ci] and self.total[ci] >= points

    def best_of(self, categories: tuple[int, ...]) -> int:
        """The best category among ``categories`` (the engine's best when all three)."""
        return self.best if len(categories) == 3 else categories[0]

    def totals(self) -> dict[str, int]:
        return dict(zip(CATEGORIES, self.total, strict=True))


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
            facts, [r for _, r in todo], self.book, self.registry, self.opts, ranges=False
        )
        for g in groups:
            total = g.scores.total.T.tolist()
            eligible = g.scores.eligible.T.tolist()
            js = g.scores.jskip[0].T.tolist()
            best = g.scores.best.tolist()
            for j, i in enumerate(g.index.tolist()):
                self.cache[todo[i]] = DayPoints(
                    tuple(total[j]), tuple(eligible[j]), tuple(js[j]), best[j]
                )

    def at(self, day: dt.date, rules_day: dt.date | None = None) -> DayPoints | None:
        pair = (day, rules_day or day)
        if pair not in self.cache:
            self.fill([pair])
        return self.cache[pair]


def category_index(category: str | None) -> tuple[int, ...]:
    """The categories to consider: the one given, or all three."""
    if category is None:
        return (0, 1, 2)
    return (CATEGORIES.index(category),)
