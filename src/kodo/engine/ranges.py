"""Ranges of totals still possible when core facts are missing.

Rows with the same pattern of missing facts (age, salary, degrees) are expanded together
against a grid of candidate values — one value per band of the rule data — scored in
vectorised calls, and reduced to the minimum and maximum total per category. The loop is
over at most 7 patterns and over chunks, never over rows. Bounded work and memory:

* identical rows (every fact column equal, byte for byte) are expanded once;
* the expansion is scored in chunks of at most ``CELL_BUDGET`` (row x candidate) cells;
* the candidate grid of each pattern is built once per compiled ``Tables``;
* when no item's points depend on both age/salary and degrees (``separable``: checked from
  the registry's reads and the rule data's requirements and exclusions), the two parts are
  varied separately — 4 x 14 + 129 cells instead of 4 x 14 x 129 — and their extremes added.
"""

from __future__ import annotations

import itertools
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from kodo.engine.columns import Array, Columns
from kodo.engine.score import score
from kodo.engine.tables import Tables
from kodo.items.claims import Flag
from kodo.items.columns import AGE_COLUMNS, DEGREE_COLUMNS, SALARY_COLUMNS
from kodo.options import Options
from kodo.vocab import LEVEL_CODE

IntArr = NDArray[np.int64]
# (level, business, multiple_fields, japan_level, designated, japanese_major)
DegreeCandidate = tuple[int, bool, bool, int, bool, bool]


def _age_candidates(t: Tables) -> list[int]:
    edges = [int(x) for x in t.age_edges]
    return [edges[0] - 1, *edges] if edges else [0]


def _salary_candidates(t: Tables) -> list[int]:
    return [0, *(int(x) for x in t.salary_figures)]


def _degree_candidates(t: Tables) -> list[DegreeCandidate]:
    out: list[DegreeCandidate] = [(0, False, False, 0, False, False)]
    for level in range(1, len(LEVEL_CODE) + 1):
        grad = level in t.graduate_levels
        for business, multiple in itertools.product((False, True), repeat=2):
            if not grad and (business or multiple):
                continue
            for japan, designated, major in itertools.product((False, True), repeat=3):
                out.append((level, business, multiple, level if japan else 0, designated, major))
    return out


CELL_BUDGET = 50_000  # (row x candidate) cells scored in one call: ~100 MB of work arrays
Grid = dict[str, Array]


AGE_SALARY_COLUMNS = AGE_COLUMNS | SALARY_COLUMNS


def _groups(t: Tables) -> tuple[list[int], list[set[str]]]:
    """(each item's group, each item's columns): items are joined when one requires or
    excludes the other (rule data)."""
    items = t.registry.items
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for b in t.bonuses:
        for other in (*b.requires, *(row for row, _, _ in b.excluded_by)):
            parent[root(other)] = root(b.row)
    reads = []
    for item in items:
        read = set(item.reads)
        if isinstance(item.claim, Flag):
            read.add(item.claim.column)
        reads.append(read)
    return [root(r) for r in range(len(items))], reads


def separable(t: Tables) -> bool:
    """True when no item's points depend on both the age/salary and the degree candidates.

    Items are joined when one reads columns of both sets, or through a requirement or an
    exclusion between them (rule data); if no such group holds items reading age/salary
    columns and items reading degree columns, the total is a sum of an age/salary part and a
    degree part, and its extremes over the product of candidates are found from the two
    parts alone.
    """
    group, reads = _groups(t)
    kinds: dict[int, set[str]] = {}
    for r, read in enumerate(reads):
        tags = kinds.setdefault(group[r], set())
        if read & AGE_SALARY_COLUMNS:
            tags.add("age_salary")
        if read & DEGREE_COLUMNS:
            tags.add("degree")
    return all(len(tags) < 2 for tags in kinds.values())


@lru_cache(maxsize=32)
def _varying(t: Tables, code: int) -> tuple[NDArray[np.bool_], tuple[str, ...]]:
    """(the items whose points can change over the cells of pattern ``code``: the groups of
    the items that read a column the cells replace; the other columns those items read).
    A row's total over the cells is its own points of the other items plus the varying
    items' points, which depend on those columns only: rows equal in them share extremes."""
    replaced = set(_grid(t, code)[1])
    group, reads = _groups(t)
    touched = {group[r] for r, read in enumerate(reads) if read & replaced}
    vary = np.array([g in touched for g in group], dtype=np.bool_)
    keys = set().union(*(read for r, read in enumerate(reads) if vary[r])) - replaced
    return vary, tuple(sorted(keys))


Cell = tuple[int | None, int | None, DegreeCandidate | None]


@lru_cache(maxsize=32)
def _grid(t: Tables, code: int) -> tuple[int, Grid, int]:
    """(number of cells, the columns they replace, split) for the missing-fact pattern ``code``.

    split 0: the cells are the product of the candidates. split k > 0 (the pattern misses a
    degree and age or salary, and ``separable(t)``): cells [0, k) vary age and salary with the
    first degree candidate, cells [k, g) vary the degree with the first age/salary cell.
    """
    a_vals: list[int | None] = list(_age_candidates(t)) if code & 1 else [None]
    s_vals: list[int | None] = list(_salary_candidates(t)) if code & 2 else [None]
    d_vals: list[DegreeCandidate | None] = list(_degree_candidates(t)) if code & 4 else [None]
    split = 0
    if code & 4 and code & 3 and separable(t):
        grid: list[Cell] = [(a, s, d_vals[0]) for a, s in itertools.product(a_vals, s_vals)]
        split = len(grid)
        grid += [(a_vals[0], s_vals[0], d) for d in d_vals]
    else:
        grid = list(itertools.product(a_vals, s_vals, d_vals))
    g = len(grid)
    out: Grid = {}

    def col(values: list[object], dtype: type) -> Array:
        return np.array(values, dtype=dtype)

    if code & 1:
        age = col([x[0] for x in grid], np.int64)
        out.update(age=age, age_alt=age, age_soon=age)
        out["birth_missing"] = np.zeros(g, dtype=np.bool_)
        out["date_missing"] = np.zeros(g, dtype=np.bool_)
    if code & 2:
        out["salary"] = col([x[1] for x in grid], np.int64)
        out["salary_perf"] = np.zeros(g, dtype=np.int64)
    if code & 4:
        dg = [x[2] for x in grid if x[2] is not None]
        out.update(
            degree=col([d[0] for d in dg], np.int64),
            business=col([d[1] for d in dg], np.bool_),
            multiple_fields=col([d[2] for d in dg], np.bool_),
            multiple_fields_unknown=np.zeros(g, dtype=np.bool_),
            japan_level=col([d[3] for d in dg], np.int64),
            designated=col([d[4] for d in dg], np.bool_),
            university_criteria=col([int(d[4]) for d in dg], np.int64),
            japanese_major=col([d[5] for d in dg], np.bool_),
        )
    for values in out.values():
        values.setflags(write=False)
    return g, out, split


def _extremes(tot: IntArr, split: int) -> tuple[IntArr, IntArr]:
    """(min, max) over the cells (last axis) of totals laid out as ``_grid`` says."""
    if not split:
        return tot.min(axis=2), tot.max(axis=2)
    first, second = tot[:, :, :split], tot[:, :, split:]
    both = first[:, :, 0]  # the cell in both parts (first age/salary, first degree)
    return (
        first.min(axis=2) + second.min(axis=2) - both,
        first.max(axis=2) + second.max(axis=2) - both,
    )


def _distinct(
    cols: Columns, rows: NDArray[np.intp], names: tuple[str, ...] | None = None
) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """(representative rows, for each of ``rows`` the position of its representative): rows
    equal in every column, or in columns ``names``."""
    if names is None:
        parts = [np.ascontiguousarray(b[:, rows].T) for b in cols.blocks.values()]
    else:
        parts = [np.ascontiguousarray(cols[name][rows])[:, None] for name in names]
    if not parts:
        return rows[:1], np.zeros(rows.size, dtype=np.intp)
    raw = np.concatenate([p.view(np.uint8).reshape(rows.size, -1) for p in parts], axis=1)
    keys = np.ascontiguousarray(raw).view(np.dtype((np.void, raw.shape[1]))).ravel()
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    return rows[first], inverse.reshape(-1)


def total_ranges(
    cols: Columns, t: Tables, opts: Options, totals: IntArr, points: Array | None = None
) -> IntArr:
    """(3, n, 2): [low, high] per category and row; rows with no missing fact: [total, total].

    With ``points`` (the rows' own item points, (3, items, n)), rows are expanded once per
    distinct value of the columns the varying items read (``_varying``), not per distinct
    row: the same extremes, from far fewer cells."""
    out: IntArr = np.empty((*totals.shape, 2), dtype=np.int64)
    out[:, :, 0] = out[:, :, 1] = totals
    age_m = cols["age"] < 0
    sal_m = cols["salary"] < 0
    deg_m = cols["degree"] < 0
    pattern = age_m.astype(np.int64) + 2 * sal_m + 4 * deg_m
    if not pattern.any():
        return out  # no fact missing anywhere
    for code in np.unique(pattern[pattern > 0]):
        rows = np.flatnonzero(pattern == code)
        g, grid, split = _grid(t, int(code))
        if points is None:
            unique, inverse = _distinct(cols, rows)
            vary, base = None, 0
        else:
            vary, keys = _varying(t, int(code))
            unique, inverse = _distinct(cols, rows, keys)
            base = points[:, ~vary][..., rows].sum(axis=1, dtype=np.int64)
        low = np.empty((3, unique.size), dtype=np.int64)
        high = np.empty((3, unique.size), dtype=np.int64)
        step = max(1, CELL_BUDGET // g)
        for lo in range(0, unique.size, step):
            part = unique[lo : lo + step]
            reps = part.size
            cells = cols.take(np.repeat(part, g))  # a copy of its own: written in place
            for name, values in grid.items():
                block, row = cells.layout.where[name]
                cells.blocks[block][row] = np.tile(values, reps)
            scored = score(cells, t, opts)
            tot = scored.total if vary is None else scored.points[:, vary].sum(axis=1)
            tot = tot.astype(np.int64).reshape(3, reps, g)
            low[:, lo : lo + reps], high[:, lo : lo + reps] = _extremes(tot, split)
        out[:, rows, 0] = base + low[:, inverse]
        out[:, rows, 1] = base + high[:, inverse]
    return out
