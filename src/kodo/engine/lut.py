"""One lookup table for every banded item of a snapshot (education, career, salary, age,
research, count tables, position).

Each such item has a segment of ``points`` (3, L): its points per category for each value of
its index (the degree level, the career band, the (age band, salary band) pair, …), with the
matching ``detail`` (the level, the band, the salary at which the points rise, the age edge)
and ``claimed`` (the index means something was claimed). The engine computes one index per
item and person and reads all of them with a single gather.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from kodo.items import Item

IntArr = NDArray[np.int64]
LUT_KINDS = ("education", "career", "salary", "age", "research", "count_table", "position")


@dataclass(frozen=True, eq=False)
class Lut:
    rows: NDArray[np.intp]  # (R,) the registry rows of the banded items
    items: tuple[Item, ...]
    offsets: IntArr  # (R,) where each item's segment starts
    points: IntArr  # (3, L)
    detail: IntArr  # (3, L)
    claimed: NDArray[np.bool_]  # (3, L)


def _identity(width: int) -> IntArr:
    return np.broadcast_to(np.arange(width, dtype=np.int64), (3, width))


def build_lut(
    items: Sequence[Item],
    segments: dict[str, tuple[IntArr, IntArr | None, NDArray[np.bool_] | None]],
) -> Lut:
    """``segments``: kind (or item id, for count tables) -> (points, detail, claimed), each
    (3, K); detail None = the index itself; claimed None = index > 0."""
    rows, chosen, offsets = [], [], []
    points, detail, claimed = [], [], []
    start = 0
    for r, item in enumerate(items):
        if item.kind not in LUT_KINDS:
            continue
        key = item.id if item.kind == "count_table" else item.kind
        pts, det, clm = segments[key]
        width = pts.shape[1]
        rows.append(r)
        chosen.append(item)
        offsets.append(start)
        points.append(pts)
        detail.append(_identity(width) if det is None else det)
        if clm is None:
            clm = np.broadcast_to(np.arange(width) > 0, (3, width))
        claimed.append(clm)
        start += width
    return Lut(
        rows=np.array(rows, dtype=np.intp),
        items=tuple(chosen),
        offsets=np.array(offsets, dtype=np.int64),
        points=np.concatenate(points, axis=1),
        detail=np.concatenate(detail, axis=1),
        claimed=np.concatenate(claimed, axis=1),
    )
