"""The engine's result for n people (``Scores``), and scores of consecutive chunks of rows
laid side by side into one (``Joined``): every field is per row, so a chunk's rows score the
same alone as in the whole batch."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

IntArr = NDArray[np.int64]
BoolArr = NDArray[np.bool_]
AGE_AT_OTHER, AGE_SOON = 0, 1  # rows of Scores.age_moves


@dataclass
class Scores:
    """Scores of n people under one rule snapshot. Arrays are (3, ...) by category.

    ``detail`` holds what a sentence needs beyond the facts the engine read: the education
    level and MBA/MOT bits, the salary at which the points rise, the age edge, the research
    kinds counted (bit mask), a bonus claim's detail, the excluding or required item's row,
    the missing core fact's index. ``points`` is int16 and ``detail`` int32 unless the rule
    data or the facts need wider integers.
    """

    points: NDArray[np.signedinteger[Any]]  # (3, items, n)
    status: NDArray[np.int8]  # (3, items, n) Status
    detail: NDArray[np.signedinteger[Any]]  # (3, items, n)
    total: IntArr  # (3, n)
    floor: IntArr  # (3, n) the salary floor that applies; -1 = none
    floor_ok: BoolArr  # (3, n)
    missing: BoolArr  # (len(CORE_FACTS), 3, n): missing and relevant to the category
    eligible: BoolArr  # (3, n): pass mark, floor, and no core fact missing
    best: NDArray[np.intp]  # (n,) the best category of the three (see best_category)
    jskip: BoolArr  # (4, 3, n): eligible, salary ok, degree ok, years ok
    depends: dict[str, BoolArr]  # option -> (3, n): the outcome differs under another reading
    any_missing: bool  # some row misses a core fact (age, salary or degrees)
    # (2, 3, n), only where the category depends on age and the age is known: [AGE_AT_OTHER]
    # the age band differs on the other COE reference date (option coe_reference);
    # [AGE_SOON] the age band changes within the grant window (option grant_window_days)
    age_moves: BoolArr


ARRAYS = (
    "points", "status", "detail", "total", "floor", "floor_ok", "missing", "eligible", "best",
    "jskip", "age_moves",
)  # fmt: skip


def best_category(total: IntArr, eligible: BoolArr) -> NDArray[np.intp]:
    """Per row, the category with the most points among the eligible ones, else the most
    points (ties go to the first of a, b, c). The one definition of "best category"."""
    key = eligible * (1 << 20) + total
    best: NDArray[np.intp] = (key[1] > key[0]).astype(np.intp)  # = argmax over the three
    best[key[2] > np.maximum(key[0], key[1])] = 2
    return best


class Joined:
    """The scores of n rows, filled in chunk by chunk: ``put`` copies a chunk's arrays into
    its rows (several threads may put different rows at once), ``add`` takes its options'
    ``depends`` and ``any_missing`` (one thread). An option's ``depends`` is present when some
    chunk has it (False on the other rows), as a single pass over all rows would have it."""

    def __init__(self, like: Scores, n: int) -> None:
        self.n = n
        self.arrays: dict[str, NDArray[Any]] = {}
        for name in ARRAYS:
            value = getattr(like, name)
            self.arrays[name] = np.empty((*value.shape[:-1], n), dtype=value.dtype)
        self.depends: dict[str, BoolArr] = {}
        self.any_missing = False

    def put(self, start: int, part: Scores) -> bool:
        """Copy ``part`` into rows ``start`` on; False (nothing copied) when some array of
        it is wider than this one's: then ``widen`` it once no other thread is putting."""
        if any(not np.can_cast(getattr(part, k).dtype, a.dtype) for k, a in self.arrays.items()):
            return False
        stop = start + part.total.shape[-1]
        for name, have in self.arrays.items():
            have[..., start:stop] = getattr(part, name)
        return True

    def widen(self, start: int, part: Scores) -> None:
        for name, have in self.arrays.items():
            self.arrays[name] = have.astype(np.result_type(have, getattr(part, name)))
        self.put(start, part)

    def add(self, start: int, part: Scores) -> None:
        stop = start + part.total.shape[-1]
        for option, hit in part.depends.items():
            if option not in self.depends:
                self.depends[option] = np.zeros((*hit.shape[:-1], self.n), dtype=np.bool_)
            self.depends[option][..., start:stop] = hit
        self.any_missing = self.any_missing or part.any_missing

    def scores(self) -> Scores:
        return Scores(**self.arrays, depends=self.depends, any_missing=self.any_missing)
