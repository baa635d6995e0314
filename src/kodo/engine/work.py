"""The arrays the scorers write into, shared by every kind of item."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from kodo.engine.lut import Fast

BoolArr = NDArray[np.bool_]


class Work:
    """The arrays every scorer writes into; ``special`` holds the rows of the items given a
    special status (-1 where none), each allocated on first use.

    ``points`` and ``detail`` are as narrow as the snapshot's tables allow (``Fast``); a
    value that does not fit (a count claimed, say, written as a detail) widens the array to
    int64 first (``fit``), so nothing is ever truncated."""

    def __init__(self, n_items: int, n: int, fast: Fast) -> None:
        shape = (3, n_items, n)
        self.points: NDArray[np.signedinteger[Any]] = np.zeros(shape, dtype=fast.points)
        self.claimed = np.zeros(shape, dtype=np.bool_)
        self.detail: NDArray[np.signedinteger[Any]] = np.zeros(shape, dtype=fast.lut_detail.dtype)
        self.special: dict[int, NDArray[np.int8]] = {}  # item row -> (3, n) status or -1
        self.depends: dict[str, BoolArr] = {}

    def fit(self, name: str, values: Any) -> None:
        """Widen ``points`` or ``detail`` (``name``) to int64 unless it holds ``values``."""
        have: NDArray[Any] = getattr(self, name)
        values = np.asarray(values)
        if have.dtype == np.int64 or np.can_cast(values.dtype, have.dtype) or not values.size:
            return
        info = np.iinfo(have.dtype)
        if values.min() < info.min or values.max() > info.max:
            setattr(self, name, have.astype(np.int64))

    def mark(self, row: int, where: Any, status: int, detail: Any = None) -> None:
        """Give item ``row`` the special ``status`` where ``where`` (a (3, n) or (n,) mask)."""
        mask = np.broadcast_to(where, self.points.shape[::2])
        special = self.special.get(row)
        if special is None:
            special = self.special[row] = np.full(mask.shape, -1, dtype=np.int8)
        np.copyto(special, np.int8(status), where=mask)
        if detail is not None:
            self.fit("detail", detail)  # all of it: widening where it fits anyway is harmless
            np.copyto(self.detail[:, row], detail, where=mask, casting="unsafe")
