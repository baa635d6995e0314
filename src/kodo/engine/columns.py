"""Applicant facts as columns: one numpy array per fact, one row per person.

This is the flat form of applicant-format.md §2 plus the few derived facts the engine needs.
One applicant is a batch of one. Missing core facts are marked by sentinels (-1, or NaT-like
``MISSING_DAY``) and a mask, never by a plausible default.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace

import numpy as np
from numpy.typing import NDArray

from kodo.applicant import Applicant
from kodo.rules.values import LEVELS

IntArr = NDArray[np.int64]
FloatArr = NDArray[np.float64]
BoolArr = NDArray[np.bool_]

# Degree levels as integers: 0 = no degree, 1.. = LEVELS in ascending order; -1 = missing.
LEVEL_CODE: dict[str, int] = {name: i + 1 for i, name in enumerate(LEVELS)}
LEVEL_NAMES: tuple[str, ...] = ("none", *LEVELS)
GRADUATE = {"doctorate", "master", "professional"}
POSITION_CODE = {"none": 0, "officer": 1, "representative": 2}
JLPT_CODE = {None: 0, "N1": 1, "N2": 2, "N3": 3, "N4": 4, "N5": 5}
MISSING = -1


@dataclass(slots=True)
class Columns:
    """Facts of n applicants. All arrays have length n."""

    age: IntArr  # whole years on the reference date; -1 = unknown
    age_alt: IntArr  # age on the other candidate reference date (COE), else = age
    age_soon: IntArr  # age at the end of the grant window
    date_missing: BoolArr
    birth_missing: BoolArr
    degree: IntArr  # highest level code; -1 = degrees missing
    business: BoolArr
    multiple_fields: BoolArr
    multiple_fields_unknown: BoolArr  # two graduate degrees, a field not given
    japan_level: IntArr  # highest level code among Japanese degrees (0 none)
    designated: BoolArr
    university_criteria: IntArr  # number of criteria (Ⅰ/Ⅱ/Ⅲ) given; 0 = not stated
    japanese_major: BoolArr
    research_years: FloatArr
    professional_years: FloatArr
    management_years: FloatArr
    salary: IntArr  # yen; -1 = missing
    salary_perf: IntArr  # performance-linked part of salary (yen)
    patents: IntArr
    funded_projects: IntArr
    papers: IntArr
    papers_corresponding: IntArr  # -1 = not stated
    other_research: BoolArr
    licenses: IntArr
    position: IntArr
    innovation_support: BoolArr
    sme: BoolArr
    rnd_flag: BoolArr
    rnd_ratio: FloatArr  # percent; NaN = not stated
    local_gov_support: BoolArr
    foreign_qualification: BoolArr
    jlpt: IntArr  # 0 none, 1 = N1 ... 5 = N5
    bjt: IntArr  # 0 none
    growth_field_project: BoolArr
    jica: BoolArr
    jica_at_japanese_university: BoolArr
    investment: IntArr
    investment_management: BoolArr

    @property
    def n(self) -> int:
        return int(self.age.shape[0])

    @property
    def salary_missing(self) -> BoolArr:
        return self.salary < 0

    @property
    def degrees_missing(self) -> BoolArr:
        return self.degree < 0

    @property
    def age_missing(self) -> BoolArr:
        return self.age < 0

    def take(self, index: IntArr) -> Columns:
        """Rows ``index`` (with repetition), for scenario expansion."""
        return Columns(**{f.name: getattr(self, f.name)[index] for f in fields(self)})

    def with_values(self, **arrays: NDArray[np.generic]) -> Columns:
        return replace(self, **arrays)  # type: ignore[arg-type]


def age_on(birth: dt.date, day: dt.date) -> int:
    """Whole years completed on ``day``.

    The birthday anniversary counts from the anniversary date itself; a 29 February birthday
    is reached on 1 March in common years (age reckoning under 年齢計算ニ関スル法律 and Civil
    Code Art. 143: the year ends with the day before the anniversary, 28 February).
    """
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def reference_dates(app: Applicant, coe_reference: str) -> tuple[dt.date | None, dt.date | None]:
    """(reference date used, the other candidate) for age and salary (rules.md §2.2)."""
    entry = app.application.planned_entry
    if app.application.kind == "coe" and entry is not None and app.date is not None:
        if coe_reference == "entry":
            return entry, app.date
        return app.date, entry
    return app.date, app.date


def _degree_facts(app: Applicant) -> tuple[int, bool, bool, bool, int, bool, int, bool]:
    degrees = app.degrees
    if degrees is None:
        return MISSING, False, False, False, 0, False, 0, False
    highest = max((LEVEL_CODE[d.level] for d in degrees), default=0)
    business = any(d.business for d in degrees)
    grads = [d for d in degrees if d.level in GRADUATE]
    fields_given = [d.field.casefold() for d in grads if d.field]
    unknown = len(grads) >= 2 and len(fields_given) < len(grads)
    multiple = len(set(fields_given)) >= 2
    if app.multiple_fields is not None:
        multiple, unknown = app.multiple_fields, False
    japan = max((LEVEL_CODE[d.level] for d in degrees if d.japan), default=0)
    designated = any(d.designated for d in degrees)
    criteria = len({c for d in degrees for c in d.university_criteria})
    major = any(d.japanese_major for d in degrees)
    return highest, business, multiple, unknown, japan, designated, criteria, major


_INT_FIELDS = (
    "age",
    "age_alt",
    "age_soon",
    "degree",
    "japan_level",
    "university_criteria",
    "salary",
    "salary_perf",
    "patents",
    "funded_projects",
    "papers",
    "papers_corresponding",
    "licenses",
    "position",
    "jlpt",
    "bjt",
    "investment",
)
_FLOAT_FIELDS = ("research_years", "professional_years", "management_years", "rnd_ratio")
_BOOL_FIELDS = (
    "date_missing",
    "birth_missing",
    "business",
    "multiple_fields",
    "multiple_fields_unknown",
    "designated",
    "japanese_major",
    "other_research",
    "innovation_support",
    "sme",
    "rnd_flag",
    "local_gov_support",
    "foreign_qualification",
    "growth_field_project",
    "jica",
    "jica_at_japanese_university",
    "investment_management",
)


def _ages(app: Applicant, coe_reference: str, window: int) -> tuple[int, int, int]:
    ref, other = reference_dates(app, coe_reference)
    if ref is None or app.birth_date is None:
        return MISSING, MISSING, MISSING
    return (
        age_on(app.birth_date, ref),
        age_on(app.birth_date, other or ref),
        age_on(app.birth_date, ref + dt.timedelta(days=window)),
    )


def _row(
    app: Applicant, coe_reference: str, window: int
) -> tuple[tuple[int, ...], tuple[float, ...], tuple[bool, ...]]:
    """One applicant's facts in the order of _INT_FIELDS, _FLOAT_FIELDS and _BOOL_FIELDS."""
    deg = _degree_facts(app)
    r, e, emp, jp = app.research, app.experience, app.employer, app.japanese
    ints = (
        *_ages(app, coe_reference, window),
        deg[0],
        deg[4],
        deg[6],
        MISSING if app.annual_salary is None else app.annual_salary,
        app.salary_performance_linked,
        r.patents,
        r.funded_projects,
        r.papers,
        MISSING if r.papers_corresponding_author is None else r.papers_corresponding_author,
        app.licenses,
        POSITION_CODE[app.position],
        JLPT_CODE[jp.jlpt],
        jp.bjt or 0,
        app.investment,
    )
    floats = (
        e.research,
        e.professional,
        e.management,
        np.nan if emp.rnd_ratio_pct is None else emp.rnd_ratio_pct,
    )
    flags = (
        app.date is None,
        app.birth_date is None,
        deg[1],
        deg[2],
        deg[3],
        deg[5],
        deg[7],
        r.other,
        emp.innovation_support,
        emp.sme,
        emp.rnd_over_3pct,
        emp.local_gov_support,
        app.foreign_qualification,
        app.growth_field_project,
        app.training.jica,
        app.training.at_japanese_university,
        app.investment_management,
    )
    return ints, floats, flags


def build_columns(
    applicants: Sequence[Applicant], coe_reference: str = "entry", grant_window_days: int = 90
) -> Columns:
    """Turn validated applicants into columns (the only per-person Python step: input shaping)."""
    rows = [_row(a, coe_reference, grant_window_days) for a in applicants]
    n = len(rows)
    ints = np.array([r[0] for r in rows], dtype=np.int64).reshape(n, len(_INT_FIELDS)).T
    floats = np.array([r[1] for r in rows], dtype=np.float64).reshape(n, len(_FLOAT_FIELDS)).T
    flags = np.array([r[2] for r in rows], dtype=np.bool_).reshape(n, len(_BOOL_FIELDS)).T
    values: dict[str, NDArray[np.generic]] = {}
    values.update(zip(_INT_FIELDS, ints, strict=True))
    values.update(zip(_FLOAT_FIELDS, floats, strict=True))
    values.update(zip(_BOOL_FIELDS, flags, strict=True))
    return Columns(**values)  # type: ignore[arg-type]
