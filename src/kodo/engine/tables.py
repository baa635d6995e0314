"""Rule values of one snapshot, compiled into numpy lookup tables (cached per snapshot).

Nothing here holds a rule figure: every number comes from the snapshot's rule data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from kodo.engine.columns import LEVEL_CODE
from kodo.rules.book import RuleDataError, Snapshot
from kodo.rules.values import (
    CATEGORIES,
    AgeValue,
    Bonus,
    Career,
    CountTable,
    Education,
    JSkip,
    PerCategoryYen,
    Position,
    Research,
    Salary,
    Thresholds,
)

IntArr = NDArray[np.int64]

# Display order of the point items (the form's order), then the bonuses.
TABLE_ITEMS = ("education", "career", "salary", "age", "research", "licences", "position")
BONUS_ITEMS = (
    "multiple_fields",
    "innovation_support",
    "innovation_support_sme",
    "local_gov_support",
    "rnd_ratio_sme",
    "foreign_qualification",
    "jp_degree",
    "n1_or_jp_major",
    "n2",
    "growth_field_project",
    "top_university",
    "designated_training",
    "investment_100m",
    "investment_management",
)
ITEM_ORDER = (
    "education",
    "multiple_fields",
    "career",
    "salary",
    "age",
    "research",
    "licences",
    "position",
    *BONUS_ITEMS[1:],
)


@dataclass(frozen=True)
class CategoryTables:
    edu: IntArr  # points by level code (index 0 = no degree)
    business: int | None
    career_points: IntArr
    experience: str
    age_edges: IntArr
    salary_edges: IntArr
    salary_points: IntArr  # 2-D: age band x salary band
    age_table_edges: IntArr | None
    age_points: IntArr | None
    research_points: IntArr | None
    licence_points: IntArr | None
    position_points: IntArr | None  # by position code: none, officer, representative
    floor: int | None
    age_dependent: bool


@dataclass(frozen=True)
class JSkipTables:
    min_salary: int
    degree_ok: NDArray[np.bool_]  # by level code
    min_years: float
    experience: str


@dataclass(frozen=True)
class Tables:
    snapshot: Snapshot
    pass_mark: int
    high_mark: int
    business_addon: int
    career_edges: NDArray[np.float64]
    research_minimums: tuple[int, int, int]
    categories: dict[str, CategoryTables]
    bonuses: dict[str, Bonus | None]  # None = not in force on this date
    bonus_order: tuple[str, ...]  # dependencies first
    jskip: dict[str, JSkipTables] | None  # None = J-Skip not in force
    age_edges_all: IntArr  # every age edge used by any category (for band-change checks)
    salary_edges_all: IntArr  # every salary edge, floor and J-Skip minimum (for ranges)


def _need(snap: Snapshot, rule_id: str, model: type[object]) -> object:
    value = snap.value(rule_id, model)  # type: ignore[type-var]
    if value is None:
        raise RuleDataError(f"rule data: {rule_id} must be in force on {snap.date}")
    return value


def _level_array(points: Mapping[Any, int]) -> IntArr:
    arr = np.zeros(len(LEVEL_CODE) + 1, dtype=np.int64)
    for level, pts in points.items():
        arr[LEVEL_CODE[level]] = pts
    return arr


def _ints(values: list[int]) -> IntArr:
    return np.asarray(values, dtype=np.int64)


def _bonus_order(bonuses: dict[str, Bonus | None]) -> tuple[str, ...]:
    order: list[str] = []
    seen: set[str] = set()

    def visit(item: str, stack: tuple[str, ...]) -> None:
        if item in seen or item not in bonuses:
            return
        if item in stack:
            raise RuleDataError(f"rule data: circular exclusion or requirement: {(*stack, item)}")
        b = bonuses[item]
        deps = [*b.requires, *(e.item for e in b.excluded_by)] if b else []
        for dep in deps:
            visit(dep, (*stack, item))
        seen.add(item)
        order.append(item)

    for item in BONUS_ITEMS:
        visit(item, ())
    return tuple(order)


@lru_cache(maxsize=64)
def compile_tables(snap: Snapshot) -> Tables:
    thresholds = _need(snap, "thresholds", Thresholds)
    floors = _need(snap, "salary_floor", PerCategoryYen)
    edu = _need(snap, "education", Education)
    career = _need(snap, "career", Career)
    salary = _need(snap, "salary", Salary)
    age = _need(snap, "age", AgeValue)
    research = _need(snap, "research", Research)
    licences = _need(snap, "licences", CountTable)
    position = _need(snap, "position", Position)
    assert isinstance(thresholds, Thresholds) and isinstance(floors, PerCategoryYen)
    assert isinstance(edu, Education) and isinstance(career, Career)
    assert isinstance(salary, Salary) and isinstance(age, AgeValue)
    assert isinstance(research, Research) and isinstance(licences, CountTable)
    assert isinstance(position, Position)

    cats: dict[str, CategoryTables] = {}
    for cat in CATEGORIES:
        sal = getattr(salary, cat)
        age_table = getattr(age, cat)
        pos = getattr(position, cat)
        research_pts = research.points_by_count[cat]
        licence_pts = licences.points_by_count[cat]
        cats[cat] = CategoryTables(
            edu=_level_array(edu.points[cat]),
            business=edu.business_degree[cat],
            career_points=_ints(career.points[cat]),
            experience=career.experience[cat],
            age_edges=_ints(sal.age_edges),
            salary_edges=_ints(sal.salary_edges),
            salary_points=np.asarray(sal.points, dtype=np.int64),
            age_table_edges=None if age_table is None else _ints(age_table.edges),
            age_points=None if age_table is None else _ints(age_table.points),
            research_points=None if research_pts is None else _ints(research_pts),
            licence_points=None if licence_pts is None else _ints(licence_pts),
            position_points=None if pos is None else _ints([0, pos.officer, pos.representative]),
            floor=getattr(floors, cat),
            age_dependent=age_table is not None or bool(sal.age_edges),
        )

    bonuses = {b: snap.value(b, Bonus) for b in BONUS_ITEMS}
    jskip_value = snap.value("j_skip", JSkip)
    jskip: dict[str, JSkipTables] | None = None
    if jskip_value is not None:
        jskip = {}
        for cat in CATEGORIES:
            jc = getattr(jskip_value, cat)
            ok = np.zeros(len(LEVEL_CODE) + 1, dtype=np.bool_)
            for level in jc.degree_levels:
                ok[LEVEL_CODE[level]] = True
            jskip[cat] = JSkipTables(jc.min_salary, ok, float(jc.min_years), jc.experience)

    age_edges: set[int] = set()
    salary_edges: set[int] = set()
    for ct in cats.values():
        age_edges.update(int(x) for x in ct.age_edges)
        if ct.age_table_edges is not None:
            age_edges.update(int(x) for x in ct.age_table_edges)
        salary_edges.update(int(x) for x in ct.salary_edges)
        if ct.floor is not None:
            salary_edges.add(ct.floor)
    if jskip:
        salary_edges.update(j.min_salary for j in jskip.values())

    return Tables(
        snapshot=snap,
        pass_mark=thresholds.pass_mark,
        high_mark=thresholds.high,
        business_addon=edu.business_addon,
        career_edges=np.asarray(career.edges_years, dtype=np.float64),
        research_minimums=(
            research.minimums.patents,
            research.minimums.funded_projects,
            research.minimums.papers,
        ),
        categories=cats,
        bonuses=bonuses,
        bonus_order=_bonus_order(bonuses),
        jskip=jskip,
        age_edges_all=_ints(sorted(age_edges)),
        salary_edges_all=_ints(sorted(salary_edges)),
    )
