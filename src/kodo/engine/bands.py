"""Age and salary tables in *union* bands: one ``searchsorted`` over every age edge (and every
salary edge) of a snapshot gives a band that indexes the tables of all three categories."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from kodo.rules.values import AgeFloor, AgeValue, Salary, SalaryFloor
from kodo.vocab import CATEGORIES

IntArr = NDArray[np.int64]
NONE = -1


def _band(edges: Sequence[float], value: float) -> int:
    """Lower-inclusive band of ``value`` (the number of edges at or below it)."""
    return sum(1 for e in edges if e <= value)


def age_salary_tables(
    salary: Salary, age: AgeValue, floors: SalaryFloor
) -> tuple[IntArr, IntArr, IntArr, IntArr, IntArr, IntArr, IntArr]:
    """Age and salary tables in union bands (see the module docstring)."""
    tables = [getattr(salary, c) for c in CATEGORIES]
    ages = [getattr(age, c) for c in CATEGORIES]
    floor_list: list[int | AgeFloor | None] = [getattr(floors, c) for c in CATEGORIES]
    age_edges = sorted(
        {e for t in tables for e in t.age_edges}
        | {e for a in ages if a is not None for e in a.edges}
        | {e for f in floor_list if isinstance(f, AgeFloor) for e in f.age_edges}
    )
    salary_edges = sorted({e for t in tables for e in t.salary_edges})
    rep_ages = [(age_edges[0] - 1) if age_edges else 0, *age_edges]
    rep_salaries = [0, *salary_edges]
    a_n, s_n = len(rep_ages), len(rep_salaries)
    pts = np.zeros((3, a_n, s_n), dtype=np.int64)
    nxt = np.full((3, a_n, s_n), NONE, dtype=np.int64)
    age_pts = np.zeros((3, a_n), dtype=np.int64)
    age_edge = np.full((3, a_n), NONE, dtype=np.int64)
    floor = np.full((3, a_n), NONE, dtype=np.int64)
    for c, t in enumerate(tables):
        for ua, rep_age in enumerate(rep_ages):
            row = t.points[_band(t.age_edges, rep_age)]
            for us, rep_salary in enumerate(rep_salaries):
                band = _band(t.salary_edges, rep_salary)
                pts[c, ua, us] = row[band]
                rises = [i for i in range(band + 1, len(row)) if row[i] > row[band]]
                if rises:
                    nxt[c, ua, us] = t.salary_edges[rises[0] - 1]
            a = ages[c]
            if a is not None:
                band = _band(a.edges, rep_age)
                age_pts[c, ua] = a.points[band]
                # Awarded: the age at which the points next drop; nothing: where that began.
                if a.points[band] > 0:
                    drops = [e for i, e in enumerate(a.edges) if i >= band]
                    age_edge[c, ua] = drops[0] if drops else NONE
                else:
                    age_edge[c, ua] = a.edges[band - 1] if band > 0 else NONE
            f = floor_list[c]
            if isinstance(f, AgeFloor):
                floor[c, ua] = f.minimums[_band(f.age_edges, rep_age)]
            elif f is not None:
                floor[c, ua] = f
    return (
        np.asarray(age_edges, dtype=np.int64),
        np.asarray(salary_edges, dtype=np.int64),
        pts,
        nxt,
        age_pts,
        age_edge,
        floor,
    )
