"""Rule values of one snapshot, compiled into numpy lookup tables for the registry's items.

Tables are laid out by category (axis 0: a, b, c) so that the engine scores all three
categories with one operation per item. Age and salary bands are *union* bands: one
``searchsorted`` over every age edge (and every salary edge) of the snapshot, and tables
indexed by those bands for each category. Nothing here holds a rule figure: every number comes
from the snapshot's rule data. Compiled tables are cached per (book content, date versions,
registry), in a bounded cache.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from kodo.engine.bands import NONE, age_salary_tables
from kodo.engine.columns import layout
from kodo.engine.lut import Fast, Lut, build_lut, fast_tables
from kodo.items import Item, Registry, check_book
from kodo.items.claims import Flag
from kodo.rules.book import RuleBook, RuleDataError, Snapshot
from kodo.rules.values import (
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
from kodo.vocab import CATEGORIES, EXPERIENCE_KINDS, LEVEL_CODE, POSITIONS

IntArr = NDArray[np.int64]
BoolArr = NDArray[np.bool_]
N_LEVELS = len(LEVEL_CODE) + 1  # level codes 0 (no degree) .. 7


@dataclass(frozen=True, eq=False)
class BonusRule:
    item: Item
    row: int
    rule: Bonus
    requires: tuple[int, ...]  # item rows
    excluded_by: tuple[tuple[int, str | None, tuple[str, str] | None], ...]  # (row, when, opt)


@dataclass(frozen=True, eq=False)
class Tables:
    snapshot: Snapshot
    registry: Registry
    pass_mark: int
    high_mark: int
    exists: BoolArr  # (3, items): the item exists in the category on this date
    core: list[list[bool]]  # [category][item]: a core item (always listed) that exists
    # education
    business: IntArr  # (3,) the MBA/MOT tier, -1 where the category has none
    business_addon: int
    graduate_levels: frozenset[int]
    # career
    career_edges: NDArray[np.float64]
    experience_index: NDArray[np.intp]  # (3,) index into EXPERIENCE_KINDS
    experience_rows: NDArray[np.intp]  # (3,) their rows in the float block of the columns
    # age and salary in union bands
    age_edges: IntArr  # (A,) every age edge of the snapshot
    salary_edges: IntArr  # (S,) every salary edge of the salary tables
    salary_points: IntArr  # (3, A + 1, S + 1)
    salary_age_banded: BoolArr  # (3,)
    floor: IntArr  # (3, A + 1) the salary floor per age band; -1 = none
    age_dependent: BoolArr  # (3,) some rule of the category depends on age
    # research, count tables, position
    research_minimums: IntArr  # (3,) per vocab.RESEARCH_KINDS[:3]
    research_rows: NDArray[np.intp]  # (3,) their count columns in the int block
    research_points: IntArr  # (3, K)
    count_points: dict[str, IntArr]  # item id -> (3, K); zeros where the item does not exist
    # bonuses
    bonuses: tuple[BonusRule, ...]  # in force, dependencies first
    bonus_rows: NDArray[np.intp]
    bonus_member: BoolArr  # (3, B)
    bonus_points: IntArr  # (B,)
    off: tuple[tuple[int, Bonus], ...]  # bonus items not in force on the date: (row, a value
    #                                     from another date, to tell whether it is claimed)
    bonus_index: dict[int, int]  # item row -> index in ``bonuses``
    flag_index: NDArray[np.intp]  # bonuses whose claim is a yes/no column ...
    flag_rows: NDArray[np.intp]  # ... and those columns' rows in the bool block
    other_index: tuple[int, ...]  # bonuses with another claim
    dependent_index: tuple[int, ...]  # bonuses with requirements or exclusions
    # J-Skip
    jskip_min: IntArr | None  # (3,) minimum salary; None = J-Skip not in force
    jskip_degree_ok: BoolArr  # (3, N_LEVELS)
    jskip_min_years: NDArray[np.float64]  # (3,)
    jskip_experience: tuple[str, ...]  # (3,) the experience kind each category needs
    jskip_experience_rows: NDArray[np.intp]  # (3,) rows in the float block of the columns
    # every salary figure of the snapshot (bands, floors, J-Skip), for ranges and advice
    salary_figures: IntArr
    lut: Lut  # every banded item in one lookup table (kodo.engine.lut)
    fast: Fast  # the tables the engine computes with, in narrow dtypes (kodo.engine.lut)


def _need(snap: Snapshot, rule_id: str, model: type[Any]) -> Any:
    value = snap.value(rule_id, model)
    if value is None:
        raise RuleDataError(f"rule data: {rule_id} must be in force from {snap.effective_from}")
    return value


def _level_row(points: dict[Any, int]) -> list[int]:
    row = [0] * N_LEVELS
    for level, pts in points.items():
        row[LEVEL_CODE[level]] = pts
    return row


def _padded(tables: Sequence[Sequence[int] | None]) -> IntArr:
    width = max((len(t) for t in tables if t), default=1)
    out = np.zeros((len(tables), width), dtype=np.int64)
    for i, t in enumerate(tables):
        if t:
            out[i, : len(t)] = t
            out[i, len(t) :] = t[-1]  # counts past the table keep its last (cap) value
    return out


def _bonus_rules(
    snap: Snapshot, book: RuleBook, registry: Registry
) -> tuple[list[BonusRule], list[tuple[int, Bonus]]]:
    """The bonus rules in force (dependencies first) and the rows of those not in force."""
    bonus_items = [i for i in registry.items if i.kind == "bonus"]
    values = {i.id: snap.value(i.id, Bonus) for i in bonus_items}
    order: list[str] = []

    def visit(item: str, stack: tuple[str, ...]) -> None:
        if item in order or values.get(item) is None:
            return
        if item in stack:
            raise RuleDataError(f"rule data: circular exclusion or requirement: {(*stack, item)}")
        b = values[item]
        assert b is not None
        for dep in [*b.requires, *(e.item for e in b.excluded_by)]:
            visit(dep, (*stack, item))
        order.append(item)

    for item in bonus_items:
        visit(item.id, ())
    row = registry.row
    rules = []
    for item_id in order:
        b = values[item_id]
        assert b is not None
        for dep in [*b.requires, *(e.item for e in b.excluded_by)]:
            if dep not in row:
                raise RuleDataError(f"rule data: {item_id} names {dep}, which is not an item")
        exclusions = tuple(
            (row[e.item], e.when, None if e.option is None else tuple(e.option.split("=", 1)))
            for e in b.excluded_by
        )
        rules.append(
            BonusRule(
                registry.item(item_id),
                row[item_id],
                b,
                tuple(row[r] for r in b.requires),
                exclusions,  # type: ignore[arg-type]
            )
        )
    off = []
    for item_id, v in values.items():
        if v is None:
            other = [x.value for x in book.rules[item_id].versions if isinstance(x.value, Bonus)]
            if other:
                off.append((row[item_id], other[0]))
    return rules, off


def compile_tables(snap: Snapshot, book: RuleBook, registry: Registry) -> Tables:
    check_book(book, registry)
    return _compile(snap, book, registry)


@lru_cache(maxsize=64)
def _compile(snap: Snapshot, book: RuleBook, registry: Registry) -> Tables:
    thresholds: Thresholds = _need(snap, "thresholds", Thresholds)
    floors: SalaryFloor = _need(snap, "salary_floor", SalaryFloor)
    edu: Education = _need(snap, "education", Education)
    career: Career = _need(snap, "career", Career)
    salary: Salary = _need(snap, "salary", Salary)
    age: AgeValue = _need(snap, "age", AgeValue)
    research: Research = _need(snap, "research", Research)
    position: Position = _need(snap, "position", Position)
    items = registry.items
    unknown = {i.kind for i in items} - set(KINDS)
    if unknown:
        raise RuleDataError(f"rule data: the engine has no scorer for kinds {sorted(unknown)}")

    exists = np.ones((3, len(items)), dtype=np.bool_)
    count_points: dict[str, IntArr] = {}
    positions = [getattr(position, c) for c in CATEGORIES]
    for r, item in enumerate(items):
        if item.kind == "age":
            exists[:, r] = [getattr(age, c) is not None for c in CATEGORIES]
        elif item.kind == "research":
            exists[:, r] = [research.points_by_count[c] is not None for c in CATEGORIES]
        elif item.kind == "position":
            exists[:, r] = [p is not None for p in positions]
        elif item.kind == "count_table":
            table: CountTable = _need(snap, item.id, CountTable)
            exists[:, r] = [table.points_by_count[c] is not None for c in CATEGORIES]
            count_points[item.id] = _padded([table.points_by_count[c] for c in CATEGORIES])
    bonuses, off = _bonus_rules(snap, book, registry)
    for r, item in enumerate(items):
        if item.kind == "bonus":
            exists[:, r] = False
    for b in bonuses:
        exists[:, b.row] = [c in b.rule.categories for c in CATEGORIES]

    age_edges, salary_edges, sal_pts, sal_next, age_pts, age_edge, floor = age_salary_tables(
        salary, age, floors
    )
    jskip = snap.value("j_skip", JSkip)
    jskip_degree_ok = np.zeros((3, N_LEVELS), dtype=np.bool_)
    jskip_years = np.zeros(3)
    jskip_kinds = list(career.experience[c] for c in CATEGORIES)
    jskip_min = None
    if jskip is not None:
        for i, cat in enumerate(CATEGORIES):
            jc = getattr(jskip, cat)
            for level in jc.degree_levels:
                jskip_degree_ok[i, LEVEL_CODE[level]] = True
            jskip_years[i] = jc.min_years
            jskip_kinds[i] = jc.experience
        jskip_min = np.array([getattr(jskip, c).min_salary for c in CATEGORIES], dtype=np.int64)
    where = layout(registry).where

    def float_rows(kinds: Sequence[str]) -> NDArray[np.intp]:
        return np.array([where[f"{k}_years"][1] for k in kinds], dtype=np.intp)

    flags = [
        (b, where[rule.item.claim.column][1])
        for b, rule in enumerate(bonuses)
        if isinstance(rule.item.claim, Flag)
    ]
    figures = {int(x) for x in salary_edges} | {int(x) for x in floor.ravel() if x >= 0}
    if jskip_min is not None:
        figures.update(int(x) for x in jskip_min)
    positions_points = [
        None if p is None else [getattr(p, name) if name != "none" else 0 for name in POSITIONS]
        for p in positions
    ]
    age_rows = [r for r, i in enumerate(items) if i.kind == "age"]
    age_exists = exists[:, age_rows[0]] if age_rows else np.zeros(3, dtype=np.bool_)
    edu_points = np.array([_level_row(dict(edu.points[c])) for c in CATEGORIES], dtype=np.int64)
    career_points = np.array([career.points[c] for c in CATEGORIES], dtype=np.int64)
    research_points = _padded([research.points_by_count[c] for c in CATEGORIES])
    position_points = _padded(positions_points)
    always = np.ones((3, sal_pts.shape[1] * sal_pts.shape[2]), dtype=np.bool_)
    segments: dict[str, tuple[IntArr, IntArr | None, BoolArr | None]] = {
        "education": (edu_points, None, None),
        "career": (career_points, None, None),
        "salary": (sal_pts.reshape(3, -1), sal_next.reshape(3, -1), always),
        # age is a fact, not a claim: "claimed" wherever the category has the item
        "age": (age_pts, age_edge, np.repeat(age_exists[:, None], age_pts.shape[1], axis=1)),
        "research": (research_points, None, None),
        "position": (position_points, None, None),
        **{k: (v, None, None) for k, v in count_points.items()},
    }
    lut = build_lut(items, segments)
    bonus_points = np.array([b.rule.points for b in bonuses], dtype=np.int64)
    bonus_member = np.array(
        [[c in b.rule.categories for b in bonuses] for c in CATEGORIES], dtype=np.bool_
    ).reshape(3, len(bonuses))
    business = [x for x in (edu.business_degree[c] for c in CATEGORIES) if x is not None]
    return Tables(
        snapshot=snap,
        registry=registry,
        pass_mark=thresholds.pass_mark,
        high_mark=thresholds.high,
        exists=exists,
        core=(exists & np.array([i.core for i in items])[None, :]).tolist(),
        business=np.array(
            [
                NONE if edu.business_degree[c] is None else edu.business_degree[c]
                for c in CATEGORIES
            ],
            dtype=np.int64,
        ),
        business_addon=edu.business_addon,
        graduate_levels=frozenset(LEVEL_CODE[x] for x in edu.graduate_levels),
        career_edges=np.asarray(career.edges_years, dtype=np.float64),
        experience_index=np.array(
            [EXPERIENCE_KINDS.index(career.experience[c]) for c in CATEGORIES], dtype=np.intp
        ),
        experience_rows=float_rows([career.experience[c] for c in CATEGORIES]),
        age_edges=age_edges,
        salary_edges=salary_edges,
        salary_points=sal_pts,
        salary_age_banded=np.array([bool(getattr(salary, c).age_edges) for c in CATEGORIES]),
        floor=floor,
        age_dependent=np.array(
            [
                getattr(age, c) is not None
                or bool(getattr(salary, c).age_edges)
                or isinstance(getattr(floors, c), AgeFloor)
                for c in CATEGORIES
            ]
        ),
        research_minimums=np.array(
            [
                research.minimums.patents,
                research.minimums.funded_projects,
                research.minimums.papers,
            ],
            dtype=np.int64,
        ),
        research_rows=np.array(
            [where[k][1] for k in ("patents", "funded_projects", "papers")], dtype=np.intp
        ),
        research_points=research_points,
        count_points=count_points,
        bonuses=tuple(bonuses),
        bonus_rows=np.array([b.row for b in bonuses], dtype=np.intp),
        bonus_member=bonus_member,
        bonus_points=bonus_points,
        off=tuple(off),
        bonus_index={b.row: i for i, b in enumerate(bonuses)},
        flag_index=np.array([b for b, _ in flags], dtype=np.intp),
        flag_rows=np.array([r for _, r in flags], dtype=np.intp),
        other_index=tuple(
            b for b, rule in enumerate(bonuses) if not isinstance(rule.item.claim, Flag)
        ),
        dependent_index=tuple(
            b for b, rule in enumerate(bonuses) if rule.requires or rule.excluded_by
        ),
        jskip_min=jskip_min,
        jskip_degree_ok=jskip_degree_ok,
        jskip_min_years=jskip_years,
        jskip_experience=tuple(jskip_kinds),
        jskip_experience_rows=float_rows(jskip_kinds),
        salary_figures=np.array(sorted(figures), dtype=np.int64),
        lut=lut,
        fast=fast_tables(
            lut,
            exists,
            bonus_points,
            bonus_member,
            np.array([b.row for b in bonuses], dtype=np.intp),
            age_edges,
            np.array([*business, edu.business_addon]),
        ),
    )


# The kinds of item the engine scores (kodo.engine.score has one scorer per kind).
KINDS = ("education", "career", "salary", "age", "research", "count_table", "position", "bonus")
