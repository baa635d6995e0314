"""One person's scores, read from the engine's arrays for rendering (no fact is re-derived)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from kodo.engine.run import Scored
from kodo.engine.tables import Tables
from kodo.i18n import Message, generation, label, render
from kodo.items import Registry
from kodo.options import Options
from kodo.results.common import CitationRef
from kodo.rules.book import RuleBook, Snapshot
from kodo.vocab import CATEGORIES


@dataclass(frozen=True)
class Scope:
    """What the people of one scored group share: their scores, the book, the options."""

    group: Scored
    book: RuleBook
    opts: Options
    today: dt.date
    # Values derived once for all of its people (e.g. the warning flags), kept as long as the
    # scope lives: filled on first use by the module that derives them.
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass
class Row:
    """Person ``j`` of a scored group, with everything a sentence about them may use."""

    scope: Scope
    j: int
    _cols: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def group(self) -> Scored:
        return self.scope.group

    @property
    def book(self) -> RuleBook:
        return self.scope.book

    @property
    def opts(self) -> Options:
        return self.scope.opts

    @property
    def today(self) -> dt.date:
        return self.scope.today

    @property
    def tables(self) -> Tables:
        return self.scope.group.tables

    def col(self, name: str) -> Any:
        """The value of fact column ``name`` for this person (a Python scalar)."""
        value = self._cols.get(name)
        if value is None:
            value = self.group.cols[name][self.j].item()
            self._cols[name] = value
        return value

    @cached_property
    def points(self) -> list[list[int]]:  # [category][item]
        out: list[list[int]] = self.group.scores.points[:, :, self.j].tolist()
        return out

    @cached_property
    def status(self) -> list[list[int]]:
        out: list[list[int]] = self.group.scores.status[:, :, self.j].tolist()
        return out

    @cached_property
    def detail(self) -> list[list[int]]:
        out: list[list[int]] = self.group.scores.detail[:, :, self.j].tolist()
        return out

    @cached_property
    def per_category(self) -> dict[str, list[Any]]:
        sc = self.group.scores
        j = self.j
        return {
            "total": sc.total[:, j].tolist(),
            "eligible": sc.eligible[:, j].tolist(),
            "floor": sc.floor[:, j].tolist(),
            "floor_ok": sc.floor_ok[:, j].tolist(),
            "missing": sc.missing[:, :, j].T.tolist(),  # [category][fact]
            "range": self.group.ranges[:, j, :].tolist() if self.group.ranges.size else None,
            "jskip": sc.jskip[:, :, j].T.tolist(),  # [category][eligible, salary, degree, years]
        }

    @cached_property
    def depends(self) -> dict[str, list[bool]]:
        j = self.j
        return {opt: m[:, j].tolist() for opt, m in self.group.scores.depends.items()}

    @property
    def rules_day(self) -> dt.date:
        """The date whose rules this person was scored under."""
        return dt.date.fromordinal(int(self.group.rule_days[self.j]))

    @property
    def age(self) -> int | None:
        age = int(self.col("age"))
        return None if age < 0 else age

    def citation(self, rule_id: str) -> tuple[CitationRef, ...]:
        return citations_of(self.tables.snapshot)[rule_id]


def category_name(ci: int) -> Message:
    return label(f"category.{CATEGORIES[ci]}.name")


def item_label(item_id: str) -> Message:
    return label(f"item.{item_id}.label")


def rule_label(rule_id: str, registry: Registry) -> Message:
    """The name of a rule: an item's label, or the name of one of the other rules."""
    if rule_id in registry.row:
        return item_label(rule_id)
    return Message.of(f"rule.{rule_id}")


@lru_cache(maxsize=256)
def citations_of(snapshot: Snapshot) -> dict[str, tuple[CitationRef, ...]]:
    """Each rule's citations on a snapshot, as result data (built once per snapshot)."""
    return {
        v.rule_id: tuple(CitationRef(c.source, c.item) for c in v.citations)
        for v in snapshot.versions
    }


@dataclass(frozen=True)
class ItemTexts:
    label: str
    evidence: tuple[str, ...]


def item_texts(registry: Registry, lang: str) -> dict[str, ItemTexts]:
    """Each item's label and evidence documents in ``lang`` (rendered once per language)."""
    return _item_texts(registry, lang, generation())


@lru_cache(maxsize=32)
def _item_texts(registry: Registry, lang: str, generation: int) -> dict[str, ItemTexts]:
    return {
        i.id: ItemTexts(
            render(item_label(i.id), lang),
            tuple(render(Message.of(f"document.{d}"), lang) for d in i.evidence),
        )
        for i in registry.items
    }
