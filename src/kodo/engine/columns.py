"""Facts as columns: one numpy array per fact column of the registry, one row per person.

The columns are stored as three blocks, one per dtype (int64, float64, bool), each of shape
(columns, n), so that the engine can take several columns in one operation (every yes/no fact
a bonus item reads, say); ``cols[name]`` is a view of one row of a block. One person is a
batch of one: the only per-person Python step is calling the registry's column groups on each
person's facts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from kodo.input.facts import Facts
from kodo.input.flat import FlatFacts
from kodo.items import Registry
from kodo.items.columns import ColumnGroup, Derivation, Value

Array = NDArray[Any]
DTYPES = {"i": np.int64, "f": np.float64, "b": np.bool_}


@dataclass(frozen=True)
class Layout:
    """Where each column lives: its block (i/f/b) and its row in the block."""

    names: tuple[str, ...]  # in the order the column groups produce them
    where: dict[str, tuple[str, int]]
    positions: dict[str, list[int]]  # dtype -> positions in a produced row


@lru_cache(maxsize=16)
def layout(registry: Registry) -> Layout:
    names = registry.column_names
    dtypes = "".join(g.dtypes for g in registry.columns)
    positions = {d: [i for i, t in enumerate(dtypes) if t == d] for d in "ifb"}
    where = {names[p]: (d, k) for d, ps in positions.items() for k, p in enumerate(ps)}
    return Layout(names, where, positions)


class Columns(Mapping[str, Array]):
    """Named columns of n people (a read-only mapping of 1-D arrays of length n)."""

    __slots__ = ("blocks", "layout", "n")

    def __init__(self, blocks: dict[str, Array], layout: Layout, n: int) -> None:
        self.blocks = blocks
        self.layout = layout
        self.n = n

    def __getitem__(self, name: str) -> Array:
        dtype, row = self.layout.where[name]
        out: Array = self.blocks[dtype][row]
        return out

    def __iter__(self) -> Iterator[str]:
        return iter(self.layout.names)

    def __len__(self) -> int:
        return len(self.layout.names)

    def take(self, index: NDArray[np.intp]) -> Columns:
        """Rows ``index`` (with repetition), for scenario expansion."""
        blocks = {d: b[:, index] for d, b in self.blocks.items()}
        return Columns(blocks, self.layout, int(index.shape[0]))

    def replace(self, **arrays: Array) -> Columns:
        blocks = {d: b.copy() for d, b in self.blocks.items()}
        for name, values in arrays.items():
            dtype, row = self.layout.where[name]
            blocks[dtype][row] = values
        return Columns(blocks, self.layout, self.n)

    @staticmethod
    def concatenate(parts: Sequence[Columns]) -> Columns:
        first = parts[0]
        blocks = {d: np.concatenate([p.blocks[d] for p in parts], axis=1) for d in first.blocks}
        return Columns(blocks, first.layout, sum(p.n for p in parts))


def build_columns(facts: Sequence[Facts], registry: Registry, derivation: Derivation) -> Columns:
    """The registry's columns for ``facts``."""
    lay = layout(registry)
    groups = [_getter(g, derivation) for g in registry.columns]
    rows = [tuple(v for get in groups for v in get(f)) for f in facts]
    n = len(rows)
    matrix = np.array(rows, dtype=np.float64).reshape(n, len(lay.names)).T
    blocks: dict[str, Array] = {d: matrix[p].astype(DTYPES[d]) for d, p in lay.positions.items()}
    return Columns(blocks, lay, n)


def _getter(group: ColumnGroup, derivation: Derivation) -> Callable[[Facts], tuple[Value, ...]]:
    """The group's values for a person; computed once per identical inputs (``group.inputs``).

    The memo lives for one ``build_columns`` call, while ``facts`` keeps every input alive,
    so identities are not reused.
    """
    get, inputs = group.get, group.inputs
    if inputs is None:
        return lambda f: get(f, derivation)
    memo: dict[tuple[int, ...], tuple[Value, ...]] = {}

    def memoised(f: Facts) -> tuple[Value, ...]:
        key = tuple(map(id, inputs(f)))
        out = memo.get(key)
        if out is None:
            out = memo[key] = get(f, derivation)
        return out

    return memoised


def flat_columns(flat: FlatFacts, registry: Registry, derivation: Derivation) -> Columns:
    """The registry's columns for the rows of the flat form in ``flat`` (no per-row step)."""
    lay = layout(registry)
    n = flat.n
    produced = [a for g in registry.columns for a in g.flat(flat, derivation)]
    blocks: dict[str, Array] = {}
    for d, positions in lay.positions.items():
        block: Array = np.empty((len(positions), n), dtype=DTYPES[d])
        for k, p in enumerate(positions):
            block[k] = produced[p]  # a value given once is broadcast to every row
        blocks[d] = block
    return Columns(blocks, lay, n)
