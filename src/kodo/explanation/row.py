"""One person's scores, read from the engine's arrays for rendering (no fact is re-derived)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from kodo.engine.run import Scored
from kodo.engine.tables import Tables
from kodo.i18n import Message
from kodo.items import Registry
from kodo.options import Options
from kodo.results.common import CitationRef
from kodo.rules.book import RuleBook
from kodo.vocab import CATEGORIES


@dataclass
class Row:
    """Person ``j`` of a scored group, with everything a sentence about them may use."""

    group: Scored
    j: int
    book: RuleBook
    opts: Options
    today: dt.date
    _cols: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def tables(self) -> Tables:
        return self.group.tables

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
    def age(self) -> int | None:
        age = int(self.col("age"))
        return None if age < 0 else age

    def citation(self, rule_id: str) -> tuple[CitationRef, ...]:
        version = self.tables.snapshot.version(rule_id)
        return tuple(CitationRef(c.source, c.item) for c in version.citations)


def category_name(ci: int) -> Message:
    return Message.of(f"category.{CATEGORIES[ci]}.name")


def item_label(item_id: str) -> Message:
    return Message.of(f"item.{item_id}.label")


def rule_label(rule_id: str, registry: Registry) -> Message:
    """The name of a rule: an item's label, or the name of one of the other rules."""
    if rule_id in registry.row:
        return item_label(rule_id)
    return Message.of(f"rule.{rule_id}")
