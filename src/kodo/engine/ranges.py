"""Ranges of totals still possible when core facts are missing.

Rows with the same pattern of missing facts (age, salary, degrees) are expanded together
against a grid of candidate values — one value per band of the rule data — scored in one
vectorised call, and reduced to the minimum and maximum total per category. The loop is
over at most 7 patterns, never over rows.
"""

from __future__ import annotations

import itertools

import numpy as np
from numpy.typing import NDArray

from kodo.engine.columns import Array, Columns
from kodo.engine.score import score
from kodo.engine.tables import Tables
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


def total_ranges(cols: Columns, t: Tables, opts: Options, totals: IntArr) -> IntArr:
    """(3, n, 2): [low, high] per category and row; rows with no missing fact: [total, total]."""
    out: IntArr = np.repeat(totals[:, :, None], 2, axis=2)
    age_m = cols["age"] < 0
    sal_m = cols["salary"] < 0
    deg_m = cols["degree"] < 0
    pattern = age_m.astype(np.int64) + 2 * sal_m + 4 * deg_m
    if not pattern.any():
        return out  # no fact missing anywhere
    for code in np.unique(pattern[pattern > 0]):
        rows = np.flatnonzero(pattern == code)
        a_vals: list[int | None] = list(_age_candidates(t)) if code & 1 else [None]
        s_vals: list[int | None] = list(_salary_candidates(t)) if code & 2 else [None]
        d_vals: list[DegreeCandidate | None] = list(_degree_candidates(t)) if code & 4 else [None]
        grid = list(itertools.product(a_vals, s_vals, d_vals))
        g = len(grid)
        idx = np.repeat(rows, g)
        reps = rows.size
        updates: dict[str, Array] = {}

        def col(values: list[object], dtype: type, reps: int = reps) -> Array:
            return np.tile(np.array(values, dtype=dtype), reps)

        if code & 1:
            age = col([x[0] for x in grid], np.int64)
            updates.update(age=age, age_alt=age, age_soon=age)
            updates["birth_missing"] = np.zeros(idx.size, dtype=np.bool_)
            updates["date_missing"] = np.zeros(idx.size, dtype=np.bool_)
        if code & 2:
            updates["salary"] = col([x[1] for x in grid], np.int64)
            updates["salary_perf"] = np.zeros(idx.size, dtype=np.int64)
        if code & 4:
            dg = [x[2] for x in grid if x[2] is not None]
            updates.update(
                degree=col([d[0] for d in dg], np.int64),
                business=col([d[1] for d in dg], np.bool_),
                multiple_fields=col([d[2] for d in dg], np.bool_),
                multiple_fields_unknown=np.zeros(idx.size, dtype=np.bool_),
                japan_level=col([d[3] for d in dg], np.int64),
                designated=col([d[4] for d in dg], np.bool_),
                university_criteria=col([int(d[4]) for d in dg], np.int64),
                japanese_major=col([d[5] for d in dg], np.bool_),
            )
        scored = score(cols.take(idx).replace(**updates), t, opts)
        tot = scored.total.reshape(3, reps, g)
        out[:, rows, 0] = tot.min(axis=2)
        out[:, rows, 1] = tot.max(axis=2)
    return out
