"""Facts as columns: one numpy array per fact column of the registry, one row per person.

One person is a batch of one. The only per-person Python step is calling the registry's
column groups on each person's facts; everything after is vectorised.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from kodo.input.facts import Facts
from kodo.items import Registry
from kodo.items.columns import Derivation

Array = NDArray[Any]
_DTYPES = {"i": np.int64, "f": np.float64, "b": np.bool_}


class Columns(Mapping[str, Array]):
    """Named columns of n people (a read-only mapping of 1-D arrays of length n)."""

    __slots__ = ("_data", "n")

    def __init__(self, data: dict[str, Array], n: int) -> None:
        self._data = data
        self.n = n

    def __getitem__(self, name: str) -> Array:
        return self._data[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def take(self, index: NDArray[np.intp]) -> Columns:
        """Rows ``index`` (with repetition), for scenario expansion."""
        return Columns({k: v[index] for k, v in self._data.items()}, int(index.shape[0]))

    def replace(self, **arrays: Array) -> Columns:
        return Columns({**self._data, **arrays}, self.n)


@lru_cache(maxsize=16)
def _layout(registry: Registry) -> tuple[tuple[str, ...], tuple[tuple[str, list[int]], ...]]:
    """Column names in row order, and for each dtype the positions of its columns."""
    names = registry.column_names
    dtypes = "".join(g.dtypes for g in registry.columns)
    by_dtype = tuple((d, [i for i, t in enumerate(dtypes) if t == d]) for d in "ifb")
    return names, by_dtype


def build_columns(facts: Sequence[Facts], registry: Registry, derivation: Derivation) -> Columns:
    """The registry's columns for ``facts``."""
    names, by_dtype = _layout(registry)
    groups = [g.get for g in registry.columns]
    rows = [tuple(v for get in groups for v in get(f, derivation)) for f in facts]
    n = len(rows)
    matrix = np.array(rows, dtype=np.float64).reshape(n, len(names))
    data: dict[str, Array] = {}
    for dtype, positions in by_dtype:
        if not positions:
            continue
        block: NDArray[Any] = matrix[:, positions].T.astype(_DTYPES[dtype])
        data.update(zip((names[i] for i in positions), block, strict=True))
    return Columns(data, n)
