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

from kodo.engine.columns import LEVEL_CODE, Columns
from kodo.engine.score import score
from kodo.engine.tables import Tables
from kodo.options import Options

IntArr = NDArray[np.int64]

_GRADUATE = {LEVEL_CODE[x] for x in ("doctorate", "master", "professional")}


def _age_candidates(t: Tables) -> list[int]:
    edges = [int(x) for x in t.age_edges_all]
    return [edges[0] - 1, *edges] if edges else [0]


def _salary_candidates(t: Tables) -> list[int]:
    return [0, *(int(x) for x in t.salary_edges_all)]


DegreeCandidate = tuple[int, bool, bool, int, bool, bool]


def _degree_candidates() -> list[DegreeCandidate]:
    """(level, business, multiple_fields, japan_level, designated, japanese_major)."""
    out = [(0, False, False, 0, False, False)]
    for level in range(1, len(LEVEL_CODE) + 1):
        grad = level in _GRADUATE
        for business, multiple in itertools.product((False, True), repeat=2):
            if not grad and (business or multiple):
                continue
            for japan, designated, major in itertools.product((False, True), repeat=3):
                out.append((level, business, multiple, level if japan else 0, designated, major))
    return out


def total_ranges(cols: Columns, t: Tables, opts: Options, totals: IntArr) -> IntArr:
    """(3, n, 2): [low, high] per category and row; rows with no missing fact: [total, total]."""
    out: IntArr = np.repeat(totals[:, :, None], 2, axis=2)
    if cols.age.min() >= 0 and cols.salary.min() >= 0 and cols.degree.min() >= 0:
        return out  # no fact missing anywhere
    age_m = cols.age_missing
    sal_m = cols.salary_missing
    deg_m = cols.degrees_missing
    pattern = age_m.astype(np.int64) + 2 * sal_m + 4 * deg_m
    ages = _age_candidates(t)
    salaries = _salary_candidates(t)
    degrees = _degree_candidates()
    for code in np.unique(pattern[pattern > 0]):
        rows = np.flatnonzero(pattern == code)
        a_vals = ages if code & 1 else [None]
        s_vals = salaries if code & 2 else [None]
        d_vals: list[DegreeCandidate | None] = list(degrees) if code & 4 else [None]
        grid = list(itertools.product(a_vals, s_vals, d_vals))
        g = len(grid)
        idx = np.repeat(rows, g)
        exp = cols.take(idx)
        updates: dict[str, NDArray[np.generic]] = {}
        if code & 1:
            age = np.tile(np.array([x[0] for x in grid], dtype=np.int64), rows.size)
            updates.update(age=age, age_alt=age, age_soon=age)
            updates["birth_missing"] = np.zeros(idx.size, dtype=np.bool_)
            updates["date_missing"] = np.zeros(idx.size, dtype=np.bool_)
        if code & 2:
            updates["salary"] = np.tile(np.array([x[1] for x in grid], dtype=np.int64), rows.size)
            updates["salary_perf"] = np.zeros(idx.size, dtype=np.int64)
        if code & 4:
            dg = [x[2] for x in grid]
            assert all(d is not None for d in dg)

            reps = rows.size

            def col(
                i: int, dtype: type, dg: list[DegreeCandidate | None] = dg, reps: int = reps
            ) -> NDArray[np.generic]:
                return np.tile(np.array([d[i] for d in dg if d is not None], dtype=dtype), reps)

            updates.update(
                degree=col(0, np.int64),
                business=col(1, np.bool_),
                multiple_fields=col(2, np.bool_),
                multiple_fields_unknown=np.zeros(idx.size, dtype=np.bool_),
                japan_level=col(3, np.int64),
                designated=col(4, np.bool_),
                university_criteria=col(4, np.int64),
                japanese_major=col(5, np.bool_),
            )
        scored = score(exp.with_values(**updates), t, opts)
        tot = scored.total.reshape(3, rows.size, g)
        out[:, rows, 0] = tot.min(axis=2)
        out[:, rows, 1] = tot.max(axis=2)
    return out
