"""Points on many dates at once: the timeline's only way to score (the vectorised engine).

``DayScores`` asks for (fact date, rules date) pairs, builds the snapshot applicant for each
fact date and scores all of them in one engine pass per rule snapshot. Results are cached, so
the permanent-residence search, HSP(ii), forecast and advice share the work.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kodo.applicant import Applicant
from kodo.engine.columns import build_columns
from kodo.engine.score import score
from kodo.engine.tables import compile_tables
from kodo.options import Options
from kodo.rules.book import RuleBook, Snapshot
from kodo.vocab import CATEGORIES


@dataclass(frozen=True, slots=True)
class DayPoints:
    """The points of one person on one date, per category (a, b, c)."""

    total: tuple[int, int, int]
    eligible: tuple[bool, bool, bool]  # eligible includes no core fact missing
    j_skip: tuple[bool, bool, bool]

    def passes(self, ci: int, points: int) -> bool:
        """Eligible (floor and completeness included) with at least ``points``."""
        return self.eligible[ci] and self.total[ci] >= points

    def best(self, categories: Iterable[int] = (0, 1, 2)) -> int:
        """The category with the most points among those eligible first (ties: a, b, c)."""
        return max(categories, key=lambda ci: (self.eligible[ci], self.total[ci], -ci))


FactsOn = Callable[[dt.date], Applicant]
# How far ahead the earliest-date searches look (PR routes, HSP(ii)).
HORIZON_YEARS = 10


class DayScores:
    """Cached scores of one person's facts on any date under the rules of any date."""

    def __init__(
        self, facts_on: FactsOn, birth: dt.date | None, book: RuleBook, opts: Options
    ) -> None:
        self.facts_on = facts_on
        self.birth = birth
        self.book = book
        self.opts = opts
        self.cache: dict[tuple[dt.date, dt.date], DayPoints | None] = {}

    def usable(self, day: dt.date) -> bool:
        return day >= self.book.coverage_from and (self.birth is None or day >= self.birth)

    def fill(self, pairs: Iterable[tuple[dt.date, dt.date]]) -> None:
        """Score every pair not yet cached, one engine pass per rule snapshot."""
        groups: dict[Snapshot, list[tuple[dt.date, dt.date]]] = {}
        for pair in set(pairs):
            if pair in self.cache:
                continue
            fact_day, rules_day = pair
            if not (self.usable(fact_day) and rules_day >= self.book.coverage_from):
                self.cache[pair] = None
                continue
            groups.setdefault(self.book.at(rules_day), []).append(pair)
        for snap, group in groups.items():
            apps = [self.facts_on(f) for f, _ in group]
            cols = build_columns(apps, self.opts.coe_reference, self.opts.grant_window_days)
            sc = score(cols, compile_tables(snap), self.opts)
            total = sc.total.T.tolist()
            eligible = sc.eligible.T.tolist()
            js = sc.jskip_eligible.T.tolist()
            for j, pair in enumerate(group):
                self.cache[pair] = DayPoints(tuple(total[j]), tuple(eligible[j]), tuple(js[j]))

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
