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
from typing import Any

import numpy as np
from numpy.typing import NDArray

from kodo.engine.status import BELOW_BAND, NOT_CLAIMED, NOT_IN_CATEGORY
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


@dataclass(frozen=True, eq=False)
class Fast:
    """A snapshot's tables in the narrow dtypes the engine computes with, built once.

    Points are int16 and details int32 unless the rule data needs wider integers (the work
    arrays widen themselves when a fact does: ``kodo.engine.work``)."""

    points: np.dtype[Any]  # the dtype of the points arrays
    lut_points: NDArray[Any]  # (3 * L,) Lut.points flattened, in ``points``
    lut_detail: NDArray[Any]  # (3 * L,) Lut.detail flattened, int32 when it fits
    lut_claimed: NDArray[np.bool_]  # (3 * L,)
    lut_offsets: NDArray[np.intp]  # (3, R, 1) where category c's segment of item k starts
    bonus_points: NDArray[Any]  # (3, B) in ``points``, 0 where not in the category
    lut_runs: Runs  # the registry rows of the banded items, as runs of consecutive rows
    bonus_runs: Runs  # the same for Tables.bonus_rows
    age_low: int  # age_bands[age - age_low] (clipped) = the band of age in Tables.age_edges
    age_bands: NDArray[np.intp]
    exists: NDArray[np.bool_]  # (3, items, 1)
    status_step: NDArray[np.int8]  # (3, items, 1) the status of a claimed item without
    #                                points, less NOT_CLAIMED


Runs = tuple[tuple[slice, slice], ...]  # (rows of the work arrays, rows of the values)


def runs(rows: NDArray[np.intp]) -> Runs:
    """``rows`` as runs of consecutive rows, so that values for them are written by slices."""
    out: list[tuple[slice, slice]] = []
    start = 0
    for k in range(1, len(rows) + 1):
        if k == len(rows) or rows[k] != rows[k - 1] + 1:
            out.append((slice(int(rows[start]), int(rows[k - 1]) + 1), slice(start, k)))
            start = k
    return tuple(out)


def age_bands(edges: IntArr) -> tuple[int, NDArray[np.intp]]:
    """A table of the band (``searchsorted(edges, age, "right")``) of every age from one
    below the first edge to the last; ages beyond either end take the end's band."""
    low = int(edges[0]) - 1 if len(edges) else 0
    ages = np.arange(low, int(edges[-1]) + 1 if len(edges) else 1)
    return low, np.searchsorted(edges, ages, side="right").astype(np.intp)


def narrowest(values: NDArray[Any], *candidates: type[np.signedinteger[Any]]) -> np.dtype[Any]:
    """The first of ``candidates`` (else int64) that holds every value with room to spare
    (a factor of 64, for sums, add-ons and multiples computed in it)."""
    top = int(np.abs(values).max()) if values.size else 0
    for dtype in candidates:
        if top * 64 <= np.iinfo(dtype).max:
            return np.dtype(dtype)
    return np.dtype(np.int64)


def fast_tables(
    lut: Lut,
    exists: NDArray[np.bool_],
    bonus_points: IntArr,
    bonus_member: NDArray[np.bool_],
    bonus_rows: NDArray[np.intp],
    age_edges: IntArr,
    extra_points: IntArr,
) -> Fast:
    """``extra_points``: other points the engine adds (the MBA/MOT tier and add-on)."""
    every = np.concatenate([lut.points.ravel(), bonus_points.ravel(), extra_points.ravel()])
    points = narrowest(every, np.int16)
    detail = narrowest(lut.detail, np.int32)
    width = lut.points.shape[1]
    cats = np.arange(3, dtype=np.intp)[:, None, None] * width
    return Fast(
        points=points,
        lut_points=lut.points.astype(points).ravel(),
        lut_detail=lut.detail.astype(detail).ravel(),
        lut_claimed=np.ascontiguousarray(lut.claimed).ravel(),
        lut_offsets=cats + lut.offsets.astype(np.intp)[None, :, None],
        bonus_points=(bonus_member * bonus_points).astype(points),
        lut_runs=runs(lut.rows),
        bonus_runs=runs(bonus_rows),
        age_low=age_bands(age_edges)[0],
        age_bands=age_bands(age_edges)[1],
        exists=exists[:, :, None].copy(),
        status_step=(np.where(exists, BELOW_BAND, NOT_IN_CATEGORY) - NOT_CLAIMED).astype(np.int8)[
            :, :, None
        ],
    )
