"""The arrays the scorers write into, shared by every kind of item."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

BoolArr = NDArray[np.bool_]


class Work:
    """The arrays every scorer writes into; ``special`` is allocated on first use."""

    def __init__(self, n_items: int, n: int) -> None:
        self.points = np.zeros((3, n_items, n), dtype=np.int64)
        self.claimed = np.zeros((3, n_items, n), dtype=np.bool_)
        self.detail = np.zeros((3, n_items, n), dtype=np.int64)
        self._special: NDArray[np.int8] | None = None
        self.depends: dict[str, BoolArr] = {}

    @property
    def special(self) -> NDArray[np.int8]:
        if self._special is None:
            self._special = np.full(self.points.shape, -1, dtype=np.int8)
        return self._special

    def mark(self, row: int, where: Any, status: int, detail: Any = None) -> None:
        """Give item ``row`` the special ``status`` where ``where`` (a (3, n) or (n,) mask)."""
        mask = np.broadcast_to(where, self.points.shape[::2])
        self.special[:, row][mask] = status
        if detail is not None:
            self.detail[:, row][mask] = np.broadcast_to(detail, mask.shape)[mask]
