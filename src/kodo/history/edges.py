"""The dates and values at which the rule data can change someone's points."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from kodo.rules.book import RuleBook
from kodo.rules.values import AgeFloor, AgeValue, Career, JSkip, Salary, SalaryFloor
from kodo.vocab import CATEGORIES


@dataclass(frozen=True)
class Edges:
    ages: tuple[int, ...]
    years: tuple[float, ...]


@lru_cache(maxsize=8)
def rule_edges(book: RuleBook) -> Edges:
    """Every age and experience edge in any version of the rule data."""
    ages: set[int] = set()
    years: set[float] = set()
    for rule in book.rules.values():
        for v in rule.versions:
            value = v.value
            if isinstance(value, Salary):
                for c in CATEGORIES:
                    ages.update(getattr(value, c).age_edges)
            elif isinstance(value, AgeValue):
                for c in CATEGORIES:
                    table = getattr(value, c)
                    if table is not None:
                        ages.update(table.edges)
            elif isinstance(value, SalaryFloor):
                for c in CATEGORIES:
                    floor = getattr(value, c)
                    if isinstance(floor, AgeFloor):
                        ages.update(floor.age_edges)
            elif isinstance(value, Career):
                years.update(value.edges_years)
            elif isinstance(value, JSkip):
                years.update(getattr(value, c).min_years for c in CATEGORIES)
    return Edges(tuple(sorted(ages)), tuple(sorted(years)))


@lru_cache(maxsize=8)
def rule_change_dates(book: RuleBook) -> dict[dt.date, list[str]]:
    """Dates (after the start of the data) on which some rule takes a new version."""
    out: dict[dt.date, list[str]] = {}
    for rule in book.rules.values():
        for v in rule.versions:
            if v.effective_from > book.coverage_from:
                out.setdefault(v.effective_from, []).append(rule.id)
    return dict(sorted(out.items()))
