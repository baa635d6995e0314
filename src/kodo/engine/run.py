"""Score many people's facts, each under the rules of its own date: one pass per snapshot.

People are added in chunks (``Batch.add``): each chunk's facts become columns at once, so a
large batch never holds more than one chunk of input models; the columns of each snapshot
are joined and scored in one vectorised pass (``Batch.score``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from kodo.engine.columns import Columns, build_columns
from kodo.engine.ranges import total_ranges
from kodo.engine.score import Scores, score
from kodo.engine.tables import Tables, compile_tables
from kodo.input.facts import Facts
from kodo.items import Registry
from kodo.items.columns import Derivation
from kodo.options import Options
from kodo.rules.book import RuleBook, Snapshot


@dataclass
class Scored:
    """The people of one rule snapshot: their columns, scores and ranges of totals."""

    snapshot: Snapshot
    tables: Tables
    index: NDArray[np.intp]  # their positions in the input
    rule_days: NDArray[np.int64]  # the date (ordinal) whose rules each was scored under
    cols: Columns
    scores: Scores
    ranges: NDArray[np.int64]  # (3, n, 2); empty when not asked for


@dataclass
class Batch:
    book: RuleBook
    registry: Registry
    opts: Options
    _parts: dict[Snapshot, list[tuple[list[int], list[int], Columns]]] = field(default_factory=dict)
    n: int = 0

    def add(self, facts: Sequence[Facts], rule_days: Sequence[dt.date]) -> None:
        """Add people (the next positions in the input) scored under ``rule_days``' rules."""
        groups: dict[Snapshot, list[int]] = {}
        for i, day in enumerate(rule_days):
            groups.setdefault(self.book.at(day), []).append(i)
        for snap, index in groups.items():
            tables = compile_tables(snap, self.book, self.registry)
            derivation = Derivation(
                self.opts.coe_reference, self.opts.grant_window_days, tables.graduate_levels
            )
            cols = build_columns([facts[i] for i in index], self.registry, derivation)
            days = [rule_days[i].toordinal() for i in index]
            self._parts.setdefault(snap, []).append(([self.n + i for i in index], days, cols))
        self.n += len(facts)

    def score(self, ranges: bool = True) -> list[Scored]:
        out = []
        for snap, parts in self._parts.items():
            tables = compile_tables(snap, self.book, self.registry)
            index = np.array([i for idx, _, _ in parts for i in idx], dtype=np.intp)
            days = np.array([d for _, ds, _ in parts for d in ds], dtype=np.int64)
            cols = parts[0][2] if len(parts) == 1 else Columns.concatenate([c for *_, c in parts])
            sc = score(cols, tables, self.opts)
            wanted = ranges and sc.any_missing
            rng = (
                total_ranges(cols, tables, self.opts, sc.total, sc.points) if wanted else _NO_RANGES
            )
            out.append(Scored(snap, tables, index, days, cols, sc, rng))
        return out


_NO_RANGES = np.zeros((3, 0, 2), dtype=np.int64)


def score_people(
    facts: Sequence[Facts],
    rule_days: Sequence[dt.date],
    book: RuleBook,
    registry: Registry,
    opts: Options,
    ranges: bool = True,
) -> list[Scored]:
    """Score ``facts[i]`` under the rules in force on ``rule_days[i]``, grouped by snapshot."""
    batch = Batch(book, registry, opts)
    batch.add(facts, rule_days)
    return batch.score(ranges)
