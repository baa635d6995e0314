"""Rule values of one snapshot, compiled into numpy lookup tables (cached per snapshot).

Tables are laid out by category (axis 0: a, b, c) so that the engine scores all three
categories with one operation per item. Nothing here holds a rule figure: every number comes
from the snapshot's rule data.
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
    AgeFloor,
    AgeValue,
    Bonus,
    Career,
    CountTable,
    Education,
    JSkip,
    Position,
    Research,
    Salary,
    SalaryFloor,
    Thresholds,
)

IntArr = NDArray[np.int64]
BoolArr = NDArray[np.bool_]

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
# Display order of the items (the form's order), and their row in the engine's arrays.
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
ROW = {item: i for i, item in enumerate(ITEM_ORDER)}
EXPERIENCE = ("research", "professional", "management")
N_LEVELS = len(LEVEL_CODE) + 1  # level codes 0 (no degree) .. 7
NEVER = np.iinfo(np.int64).max  # pads band edges: a value never reached


@dataclass(frozen=True, eq=False)
class Exclusion:
    row: int  # the excluding item
    when_training_at_university: bool
    option: tuple[str, str] | None  # (option name, the value under which it applies)


@dataclass(frozen=True, eq=False)
class BonusRule:
    item: str
    row: int
    points: int
    member: BoolArr  # (3,) category has the item
    requires: tuple[int, ...]
    excluded_by: tuple[Exclusion, ...]
    params: Bonus


@dataclass(frozen=True, eq=False)
class Tables:
    snapshot: Snapshot
    pass_mark: int
    high_mark: int
    # education
    edu: IntArr  # (3, N_LEVELS)
    business: IntArr  # (3,), -1 where the category has no MBA/MOT tier
    business_addon: int
    # career
    career_edges: NDArray[np.float64]
    career_points: IntArr  # (3, bands)
    experience: tuple[str, str, str]
    # salary and age, padded to one shape for all categories (edges padded with NEVER)
    age_dependent: BoolArr  # (3,)
    salary_edges3: IntArr  # (3, S)
    salary_age_edges3: IntArr  # (3, A)
    salary_points3: IntArr  # (3, A + 1, S + 1)
    age_edges3: IntArr  # (3, K)
    age_points3: IntArr  # (3, K + 1); zeros where the category has no age item
    has_age_bands: BoolArr  # (3,) salary depends on age
    # research, licences, position: (3, K) with zeros where the item does not exist
    research_minimums: tuple[int, int, int]
    research_points: IntArr
    licence_points: IntArr
    position_points: IntArr
    # which table items exist in which category: (3, items)
    exists: BoolArr
    floor_age_edges3: IntArr  # (3, F) age edges of the floor bands, padded with NEVER
    floor3: IntArr  # (3, F + 1) floor per age band; -1 = no floor
    floor_by_age: bool  # some category's floor depends on age (the 2012 rules)
    bonuses: tuple[BonusRule, ...]  # dependencies first; only rules in force
    bonus_rows: NDArray[np.intp]  # rows of the rules in force, in the order of ``bonuses``
    bonus_member: BoolArr  # (3, B)
    bonus_points: IntArr  # (B,)
    bonus_dependent: tuple[
        tuple[int, BonusRule], ...
    ]  # (index in B, rule) with requires/exclusions
    bonus_index: dict[int, int]  # item row -> index in B
    jp_degree_levels: BoolArr  # (N_LEVELS,) levels that count as a Japanese degree
    experience_index: NDArray[np.intp]  # (3,) row of each category's experience kind
    jskip_experience_index: NDArray[np.intp]
    bonus_not_in_force: tuple[int, ...]  # rows of bonus items not in force on the date
    bonus_params: dict[str, Bonus | None]
    jskip: tuple[int, ...] | None  # min salary per category; None = J-Skip not in force
    jskip_degree_ok: BoolArr  # (3, N_LEVELS)
    jskip_min_years: NDArray[np.float64]  # (3,)
    jskip_experience: tuple[str, str, str]
    age_edges_all: IntArr
    salary_edges_all: IntArr


def _need(snap: Snapshot, rule_id: str, model: type[Any]) -> Any:
    value = snap.value(rule_id, model)
    if value is None:
        raise RuleDataError(f"rule data: {rule_id} must be in force on {snap.date}")
    return value


def _level_row(points: Mapping[Any, int]) -> list[int]:
    row = [0] * N_LEVELS
    for level, pts in points.items():
        row[LEVEL_CODE[level]] = pts
    return row


def _padded(tables: list[list[int] | None]) -> IntArr:
    width = max((len(t) for t in tables if t), default=1)
    out = np.zeros((len(tables), width), dtype=np.int64)
    for i, t in enumerate(tables):
        if t:
            out[i, : len(t)] = t
            out[i, len(t) :] = t[-1]  # counts past the table keep its last (cap) value
    return out


def _bonus_order(bonuses: dict[str, Bonus | None]) -> tuple[str, ...]:
    order: list[str] = []
    seen: set[str] = set()

    def visit(item: str, stack: tuple[str, ...]) -> None:
        if item in seen or item not in bonuses:
            return
        if item in stack:
            raise RuleDataError(f"rule data: circular exclusion or requirement: {(*stack, item)}")
        b = bonuses[item]
        for dep in [*b.requires, *(e.item for e in b.excluded_by)] if b else []:
            visit(dep, (*stack, item))
        seen.add(item)
        order.append(item)

    for item in BONUS_ITEMS:
        visit(item, ())
    return tuple(order)


def _bonus_rules(bonuses: dict[str, Bonus | None]) -> tuple[tuple[BonusRule, ...], tuple[int, ...]]:
    rules: list[BonusRule] = []
    off: list[int] = []
    for item in _bonus_order(bonuses):
        b = bonuses[item]
        if b is None:
            off.append(ROW[item])
            continue
        for dep in b.requires:
            if dep not in ROW:
                raise RuleDataError(f"rule data: {item} requires {dep}, which is not an item")
        exclusions = []
        for e in b.excluded_by:
            option = None
            if e.option is not None:
                name, _, value = e.option.partition("=")
                option = (name, value)
            exclusions.append(
                Exclusion(ROW[e.item], e.when == "training_at_japanese_university", option)
            )
        rules.append(
            BonusRule(
                item=item,
                row=ROW[item],
                points=b.points,
                member=np.array([c in b.categories for c in CATEGORIES]),
                requires=tuple(ROW[r] for r in b.requires),
                excluded_by=tuple(exclusions),
                params=b,
            )
        )
    return tuple(rules), tuple(off)


@lru_cache(maxsize=64)
def compile_tables(snap: Snapshot) -> Tables:
    thresholds: Thresholds = _need(snap, "thresholds", Thresholds)
    floors: SalaryFloor = _need(snap, "salary_floor", SalaryFloor)
    edu: Education = _need(snap, "education", Education)
    career: Career = _need(snap, "career", Career)
    salary: Salary = _need(snap, "salary", Salary)
    age: AgeValue = _need(snap, "age", AgeValue)
    research: Research = _need(snap, "research", Research)
    licences: CountTable = _need(snap, "licences", CountTable)
    position: Position = _need(snap, "position", Position)

    salary_tables = [getattr(salary, cat) for cat in CATEGORIES]
    age_tables = [getattr(age, cat) for cat in CATEGORIES]
    positions: list[list[int] | None] = []
    for cat in CATEGORIES:
        p = getattr(position, cat)
        positions.append(None if p is None else [0, p.officer, p.representative])

    exists = np.ones((3, len(ITEM_ORDER)), dtype=np.bool_)
    for i in range(3):
        exists[i, ROW["age"]] = age_tables[i] is not None
        exists[i, ROW["research"]] = research.points_by_count[CATEGORIES[i]] is not None
        exists[i, ROW["licences"]] = licences.points_by_count[CATEGORIES[i]] is not None
        exists[i, ROW["position"]] = positions[i] is not None
    bonus_params = {b: snap.value(b, Bonus) for b in BONUS_ITEMS}
    bonus_rules, off = _bonus_rules(bonus_params)
    for rule in bonus_rules:
        exists[:, rule.row] = rule.member
    for row in off:
        exists[:, row] = False

    jp = bonus_params["jp_degree"]
    jp_levels = np.zeros(N_LEVELS, dtype=np.bool_)
    if jp is not None and jp.degree_levels is not None:
        for level in jp.degree_levels:
            jp_levels[LEVEL_CODE[level]] = True

    jskip_value = snap.value("j_skip", JSkip)
    jskip_degree_ok = np.zeros((3, N_LEVELS), dtype=np.bool_)
    jskip_years = np.zeros(3)
    jskip_kinds = ["research", "professional", "management"]
    jskip_min: tuple[int, ...] | None = None
    if jskip_value is not None:
        mins = []
        for i, cat in enumerate(CATEGORIES):
            jc = getattr(jskip_value, cat)
            mins.append(jc.min_salary)
            for level in jc.degree_levels:
                jskip_degree_ok[i, LEVEL_CODE[level]] = True
            jskip_years[i] = jc.min_years
            jskip_kinds[i] = jc.experience
        jskip_min = tuple(mins)

    floor_list: list[int | AgeFloor | None] = [getattr(floors, c) for c in CATEGORIES]
    width_f = max((len(f.age_edges) for f in floor_list if isinstance(f, AgeFloor)), default=0)
    floor_age_edges3 = np.full((3, max(width_f, 1)), NEVER, dtype=np.int64)
    floor3 = np.full((3, max(width_f, 1) + 1), -1, dtype=np.int64)
    floor_values: set[int] = set()
    for i, f in enumerate(floor_list):
        if isinstance(f, AgeFloor):
            floor_age_edges3[i, : len(f.age_edges)] = f.age_edges
            floor3[i, : len(f.minimums)] = f.minimums
            floor_values.update(f.minimums)
        elif f is not None:
            floor3[i, :] = f
            floor_values.add(f)
    age_edges: set[int] = set()
    for st in salary_tables:
        age_edges.update(st.age_edges)
    for at in age_tables:
        if at is not None:
            age_edges.update(at.edges)
    for f in floor_list:
        if isinstance(f, AgeFloor):
            age_edges.update(f.age_edges)
    salary_edges: set[int] = {x for st in salary_tables for x in st.salary_edges}
    salary_edges.update(floor_values)
    if jskip_min:
        salary_edges.update(jskip_min)

    width_s = max(len(st.salary_edges) for st in salary_tables)
    width_a = max(max(len(st.age_edges) for st in salary_tables), 1)
    salary_edges3 = np.full((3, width_s), NEVER, dtype=np.int64)
    salary_age_edges3 = np.full((3, width_a), NEVER, dtype=np.int64)
    salary_points3 = np.zeros((3, width_a + 1, width_s + 1), dtype=np.int64)
    for i, st in enumerate(salary_tables):
        salary_edges3[i, : len(st.salary_edges)] = st.salary_edges
        salary_age_edges3[i, : len(st.age_edges)] = st.age_edges
        points = np.asarray(st.points, dtype=np.int64)
        salary_points3[i, : points.shape[0], : points.shape[1]] = points
    width_k = max((len(a.edges) for a in age_tables if a is not None), default=1)
    age_edges3 = np.full((3, width_k), NEVER, dtype=np.int64)
    age_points3 = np.zeros((3, width_k + 1), dtype=np.int64)
    for i, a in enumerate(age_tables):
        if a is not None:
            age_edges3[i, : len(a.edges)] = a.edges
            age_points3[i, : len(a.points)] = a.points

    return Tables(
        snapshot=snap,
        pass_mark=thresholds.pass_mark,
        high_mark=thresholds.high,
        edu=np.array([_level_row(edu.points[c]) for c in CATEGORIES], dtype=np.int64),
        business=np.array(
            [-1 if edu.business_degree[c] is None else edu.business_degree[c] for c in CATEGORIES],
            dtype=np.int64,
        ),
        business_addon=edu.business_addon,
        career_edges=np.asarray(career.edges_years, dtype=np.float64),
        career_points=np.array([career.points[c] for c in CATEGORIES], dtype=np.int64),
        experience=(career.experience["a"], career.experience["b"], career.experience["c"]),
        age_dependent=np.array(
            [
                age_tables[i] is not None
                or bool(salary_tables[i].age_edges)
                or isinstance(floor_list[i], AgeFloor)
                for i in range(3)
            ]
        ),
        salary_edges3=salary_edges3,
        salary_age_edges3=salary_age_edges3,
        salary_points3=salary_points3,
        age_edges3=age_edges3,
        age_points3=age_points3,
        has_age_bands=np.array([bool(st.age_edges) for st in salary_tables]),
        research_minimums=(
            research.minimums.patents,
            research.minimums.funded_projects,
            research.minimums.papers,
        ),
        research_points=_padded([research.points_by_count[c] for c in CATEGORIES]),
        licence_points=_padded([licences.points_by_count[c] for c in CATEGORIES]),
        position_points=_padded(positions),
        exists=exists,
        floor_age_edges3=floor_age_edges3,
        floor3=floor3,
        floor_by_age=width_f > 0,
        bonuses=bonus_rules,
        bonus_rows=np.array([r.row for r in bonus_rules], dtype=np.intp),
        bonus_member=np.stack([r.member for r in bonus_rules], axis=1)
        if bonus_rules
        else np.zeros((3, 0), dtype=np.bool_),
        bonus_points=np.array([r.points for r in bonus_rules], dtype=np.int64),
        bonus_dependent=tuple(
            (i, r) for i, r in enumerate(bonus_rules) if r.requires or r.excluded_by
        ),
        bonus_index={r.row: i for i, r in enumerate(bonus_rules)},
        jp_degree_levels=jp_levels,
        experience_index=np.array(
            [EXPERIENCE.index(k) for k in (career.experience[c] for c in CATEGORIES)], dtype=np.intp
        ),
        jskip_experience_index=np.array([EXPERIENCE.index(k) for k in jskip_kinds], dtype=np.intp),
        bonus_not_in_force=off,
        bonus_params=bonus_params,
        jskip=jskip_min,
        jskip_degree_ok=jskip_degree_ok,
        jskip_min_years=jskip_years,
        jskip_experience=(jskip_kinds[0], jskip_kinds[1], jskip_kinds[2]),
        age_edges_all=np.array(sorted(age_edges), dtype=np.int64),
        salary_edges_all=np.array(sorted(salary_edges), dtype=np.int64),
    )
