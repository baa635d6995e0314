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


@dataclass(frozen=True)
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


def build_columns(
    applicants: Sequence[Applicant], coe_reference: str = "entry", grant_window_days: int = 90
) -> Columns:
    """Turn validated applicants into columns (the only per-person Python step: input shaping)."""
    ages, alts, soons = [], [], []
    for app in applicants:
        ref, other = reference_dates(app, coe_reference)
        if ref is None or app.birth_date is None:
            ages.append(MISSING)
            alts.append(MISSING)
            soons.append(MISSING)
            continue
        ages.append(age_on(app.birth_date, ref))
        alts.append(age_on(app.birth_date, other or ref))
        soons.append(age_on(app.birth_date, ref + dt.timedelta(days=grant_window_days)))
    deg = [_degree_facts(a) for a in applicants]

    def ints(values: Sequence[int]) -> IntArr:
        return np.array(values, dtype=np.int64)

    def flags(values: Sequence[bool]) -> BoolArr:
        return np.array(values, dtype=np.bool_)

    def floats(values: Sequence[float]) -> FloatArr:
        return np.array(values, dtype=np.float64)

    A = applicants
    return Columns(
        age=ints(ages),
        age_alt=ints(alts),
        age_soon=ints(soons),
        date_missing=flags([a.date is None for a in A]),
        birth_missing=flags([a.birth_date is None for a in A]),
        degree=ints([d[0] for d in deg]),
        business=flags([d[1] for d in deg]),
        multiple_fields=flags([d[2] for d in deg]),
        multiple_fields_unknown=flags([d[3] for d in deg]),
        japan_level=ints([d[4] for d in deg]),
        designated=flags([d[5] for d in deg]),
        university_criteria=ints([d[6] for d in deg]),
        japanese_major=flags([d[7] for d in deg]),
        research_years=floats([a.experience.research for a in A]),
        professional_years=floats([a.experience.professional for a in A]),
        management_years=floats([a.experience.management for a in A]),
        salary=ints([MISSING if a.annual_salary is None else a.annual_salary for a in A]),
        salary_perf=ints([a.salary_performance_linked for a in A]),
        patents=ints([a.research.patents for a in A]),
        funded_projects=ints([a.research.funded_projects for a in A]),
        papers=ints([a.research.papers for a in A]),
        papers_corresponding=ints(
            [
                MISSING
                if a.research.papers_corresponding_author is None
                else a.research.papers_corresponding_author
                for a in A
            ]
        ),
        other_research=flags([a.research.other for a in A]),
        licenses=ints([a.licenses for a in A]),
        position=ints([POSITION_CODE[a.position] for a in A]),
        innovation_support=flags([a.employer.innovation_support for a in A]),
        sme=flags([a.employer.sme for a in A]),
        rnd_flag=flags([a.employer.rnd_over_3pct for a in A]),
        rnd_ratio=floats(
            [np.nan if a.employer.rnd_ratio_pct is None else a.employer.rnd_ratio_pct for a in A]
        ),
        local_gov_support=flags([a.employer.local_gov_support for a in A]),
        foreign_qualification=flags([a.foreign_qualification for a in A]),
        jlpt=ints([JLPT_CODE[a.japanese.jlpt] for a in A]),
        bjt=ints([a.japanese.bjt or 0 for a in A]),
        growth_field_project=flags([a.growth_field_project for a in A]),
        jica=flags([a.training.jica for a in A]),
        jica_at_japanese_university=flags([a.training.at_japanese_university for a in A]),
        investment=ints([a.investment for a in A]),
        investment_management=flags([a.investment_management for a in A]),
    )
