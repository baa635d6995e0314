"""Fact columns: each derived fact the engine reads, declared once with how it is derived.

A column group turns one person's :class:`~kodo.input.facts.Facts` into a few values (one per
column); the engine stacks them into numpy arrays, one row per person. Missing core facts are
sentinels (-1) and flags, never plausible defaults. The derivations that depend on the rule
data (which degrees are graduate degrees) or on an option (the COE reference date) take them
from :class:`Derivation`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from kodo.dates import age_on, ages_on
from kodo.input.ages import MULTIPLE_FIELDS_DEGREES
from kodo.input.facts import Facts
from kodo.input.flat import FlatFacts
from kodo.vocab import (
    EXPERIENCE_KINDS,
    JLPT_CODE,
    JLPT_LEVELS,
    LEVEL_CODE,
    LEVEL_NAMES,
    POSITION_CODE,
    POSITIONS,
)

MISSING = -1
Value = int | float | bool
Arrays = tuple[NDArray[Any] | Value, ...]  # one array (or a value for every row) per column


@dataclass(frozen=True)
class Derivation:
    """What deriving the columns needs besides the facts."""

    coe_reference: str  # option coe_reference: "entry" | "application"
    grant_window_days: int  # option grant_window_days
    graduate_levels: frozenset[int]  # level codes of graduate degrees (rule data)


@dataclass(frozen=True)
class ColumnGroup:
    """Columns derived together. ``dtypes``: one of "i" (int64), "f" (float64), "b" (bool)."""

    names: tuple[str, ...]
    dtypes: str
    get: Callable[[Facts, Derivation], tuple[Value, ...]]
    # The same columns for many rows of the flat form at once (applicant-format.md §2),
    # derived as ``get`` derives them for one person (a parity test holds them together).
    flat: Callable[[FlatFacts, Derivation], Arrays]
    # The objects the values are derived from, when that is a few large ones: people (or
    # dates) that share them by identity share the values (engine.columns computes them once).
    inputs: Callable[[Facts], tuple[object, ...]] | None = None

    def __post_init__(self) -> None:
        if len(self.names) != len(self.dtypes) or set(self.dtypes) - set("ifb"):
            raise ValueError(f"column group {self.names}: one dtype (i/f/b) per name")


def reference_dates(facts: Facts, coe_reference: str) -> tuple[dt.date | None, dt.date | None]:
    """(reference date used, the other candidate) for age and salary (rules.md §2.2)."""
    entry = facts.application.planned_entry
    if facts.application.kind == "coe" and entry is not None and facts.date is not None:
        if coe_reference == "entry":
            return entry, facts.date
        return facts.date, entry
    return facts.date, facts.date


def _dates(f: Facts, d: Derivation) -> tuple[Value, ...]:
    ref, other = reference_dates(f, d.coe_reference)
    birth = f.birth_date
    date_ord = MISSING if f.date is None else f.date.toordinal()
    birth_ord = MISSING if birth is None else birth.toordinal()
    if ref is None or birth is None:  # the reference date is known without the birth date
        ref_ord = MISSING if ref is None else ref.toordinal()
        return (MISSING, MISSING, MISSING, date_ord, ref_ord, birth_ord, f.date is None,
                birth is None)  # fmt: skip
    age = age_on(birth, ref)
    soon = ref + dt.timedelta(days=d.grant_window_days)
    return (
        age,
        age if other is None or other == ref else age_on(birth, other),
        age_on(birth, soon),
        date_ord,
        ref.toordinal(),
        birth_ord,
        False,
        False,
    )


def _degrees(f: Facts, d: Derivation) -> tuple[Value, ...]:
    degrees = f.degrees
    if degrees is None:
        return (MISSING, False, False, False, 0, False, 0, False)
    override = f.base.multiple_fields
    if len(degrees) == 1 and override is None:  # the common case, without the set algebra
        x = degrees[0]
        code = LEVEL_CODE[x.level]
        return (
            code, x.business, False, False, code if x.japan else 0, x.designated,
            len(set(x.university_criteria)), x.japanese_major,
        )  # fmt: skip
    codes = [LEVEL_CODE[x.level] for x in degrees]
    grads = [x for x, c in zip(degrees, codes, strict=True) if c in d.graduate_levels]
    fields = [x.field.casefold() for x in grads if x.field]
    unknown = len(grads) >= MULTIPLE_FIELDS_DEGREES and len(fields) < len(grads)
    multiple = len(set(fields)) >= MULTIPLE_FIELDS_DEGREES
    if override is not None:
        multiple, unknown = override, False
    return (
        max(codes, default=0),
        any(x.business for x in degrees),
        multiple,
        unknown,
        max((c for x, c in zip(degrees, codes, strict=True) if x.japan), default=0),
        any(x.designated for x in degrees),
        len({c for x in degrees for c in x.university_criteria}),
        any(x.japanese_major for x in degrees),
    )


def _salary(f: Facts, d: Derivation) -> tuple[Value, ...]:
    return (MISSING if f.annual_salary is None else f.annual_salary, f.performance_linked)


def _research(f: Facts, d: Derivation) -> tuple[Value, ...]:
    r = f.base.research
    pc = r.papers_corresponding_author
    return (r.patents, r.funded_projects, r.papers, MISSING if pc is None else pc, r.other)


def _employer(f: Facts, d: Derivation) -> tuple[Value, ...]:
    e = f.employer
    ratio = math.nan if e.rnd_ratio_pct is None else e.rnd_ratio_pct
    return (e.innovation_support, e.sme, e.rnd_over_3pct, ratio, e.local_gov_support)


def _other(f: Facts, d: Derivation) -> tuple[Value, ...]:
    b = f.base
    return (
        f.licenses,
        POSITION_CODE[f.position],
        JLPT_CODE[f.jlpt],
        f.bjt or 0,
        b.investment,
        b.foreign_qualification,
        f.growth_field_project,
        b.training.jica,
        b.training.at_japanese_university,
        f.investment_management,
    )


# ---------------------------------------------------------------- the flat form, many rows


def _dates_flat(f: FlatFacts, d: Derivation) -> Arrays:
    date, birth, entry = f["date"], f["birth_date"], f["planned_entry"]
    with_entry = f.word("application_kind", "coe") & (entry >= 0) & (date >= 0)
    if d.coe_reference == "entry":
        ref, other = np.where(with_entry, entry, date), date
    else:
        ref, other = date, np.where(with_entry, entry, date)
    known = (ref >= 0) & (birth >= 0)
    safe_birth, safe_ref = np.where(known, birth, ref), np.where(known, ref, birth)
    age = ages_on(safe_birth, safe_ref)
    alt = np.where(other == ref, age, ages_on(safe_birth, np.where(known, other, safe_ref)))
    soon = ages_on(safe_birth, safe_ref + d.grant_window_days)
    return (
        np.where(known, age, MISSING),
        np.where(known, alt, MISSING),
        np.where(known, soon, MISSING),
        date,
        ref,
        birth,
        date < 0,
        birth < 0,
    )


def _degrees_flat(f: FlatFacts, d: Derivation) -> Arrays:
    level = f["degree"]  # the word's index is the level code: ("none", *LEVELS)
    held = level > 0  # the flags describe the highest degree, so only a degree held has them
    return (
        level,
        f["business_degree"] & held,
        f["multiple_fields"] & held,
        False,
        np.where(f["japan_degree"] & held, level, 0),
        f["designated_university"] & held,
        0,
        f["japanese_major"] & held,
    )


def _salary_flat(f: FlatFacts, d: Derivation) -> Arrays:
    return (f["annual_salary"], f["salary_performance_linked"])


def _research_flat(f: FlatFacts, d: Derivation) -> Arrays:
    return (
        f["patents"],
        f["funded_projects"],
        f["papers"],
        f["papers_corresponding_author"],
        f["other_research"],
    )


def _employer_flat(f: FlatFacts, d: Derivation) -> Arrays:
    return (
        f["innovation_support"],
        f["sme"],
        f["rnd_over_3pct"],
        f["rnd_ratio_pct"],
        f["local_gov_support"],
    )


def _other_flat(f: FlatFacts, d: Derivation) -> Arrays:
    return (
        f["licenses"],
        f["position"],
        f["jlpt"] + 1,  # the word's index + 1 is the JLPT code (empty: -1 + 1 = 0, none)
        f["bjt_score"],
        f["investment_yen"],
        f["foreign_qualification"],
        f["growth_field_project"],
        f["jica_training"],
        f["jica_training_at_japanese_university"],
        f["investment_management"],
    )


assert all(LEVEL_NAMES[code] == w for w, code in LEVEL_CODE.items())
assert all(JLPT_CODE[j] == i + 1 for i, j in enumerate(JLPT_LEVELS))
assert POSITION_CODE == {p: i for i, p in enumerate(POSITIONS)}


COLUMNS: tuple[ColumnGroup, ...] = (
    ColumnGroup(
        (
            "age",
            "age_alt",
            "age_soon",
            "date_day",
            "reference_day",
            "birth_day",
            "date_missing",
            "birth_missing",
        ),
        "iiiiiibb",
        _dates,
        _dates_flat,
    ),
    ColumnGroup(
        (
            "degree",
            "business",
            "multiple_fields",
            "multiple_fields_unknown",
            "japan_level",
            "designated",
            "university_criteria",
            "japanese_major",
        ),
        "ibbbibib",
        _degrees,
        _degrees_flat,
        lambda f: (f.degrees, f.base),
    ),
    ColumnGroup(
        tuple(f"{k}_years" for k in EXPERIENCE_KINDS),
        "fff",
        lambda f, d: f.experience,
        lambda f, d: tuple(f[f"{k}_years"] for k in EXPERIENCE_KINDS),
    ),
    ColumnGroup(("salary", "salary_perf"), "ii", _salary, _salary_flat),
    ColumnGroup(
        ("patents", "funded_projects", "papers", "papers_corresponding", "other_research"),
        "iiiib",
        _research,
        _research_flat,
    ),
    ColumnGroup(
        ("innovation_support", "sme", "rnd_flag", "rnd_ratio", "local_gov_support"),
        "bbbfb",
        _employer,
        _employer_flat,
    ),
    ColumnGroup(
        (
            "licenses",
            "position",
            "jlpt",
            "bjt",
            "investment",
            "foreign_qualification",
            "growth_field_project",
            "jica",
            "jica_at_japanese_university",
            "investment_management",
        ),
        "iiiiibbbbb",
        _other,
        _other_flat,
    ),
)


def _names(get: Callable[[Facts, Derivation], tuple[Value, ...]]) -> frozenset[str]:
    return frozenset(n for g in COLUMNS if g.get is get for n in g.names)


# The columns derived from the dates and birth date, the salary, and the degrees.
AGE_COLUMNS = _names(_dates)
SALARY_COLUMNS = _names(_salary)
DEGREE_COLUMNS = _names(_degrees)
