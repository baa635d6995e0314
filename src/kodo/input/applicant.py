"""The applicant input model (applicant-format.md §1, nested form, version 1, plus history).

Validation is strict about what could silently cost someone points: unknown fields are
errors (with a "did you mean" hint), money is whole yen, counts are whole numbers, dates are
ISO dates, and the four core facts (``date``, ``birth_date``, ``annual_salary``, ``degrees``)
are never defaulted: absent, they are reported as missing by the evaluation.

This is the *input*; the engine reads :class:`kodo.input.facts.Facts`, the facts on one date.
"""

from __future__ import annotations

import datetime as dt
import itertools

from pydantic import Field, model_validator

from kodo.dates import add_years
from kodo.input.ages import MULTIPLE_FIELDS_DEGREES, WORK_AGE
from kodo.input.compensation import Compensation, remuneration
from kodo.input.history import (
    CareerPeriod,
    EmployerPeriod,
    JapaneseTest,
    SalaryPeriod,
    StatusPeriod,
)
from kodo.input.household import Household
from kodo.input.limits import MAX_DEGREES, MAX_NOTES, MAX_PERIODS, MAX_TEXT
from kodo.input.on_date import problems_on
from kodo.input.parts import (
    Application,
    Degree,
    Employer,
    Experience,
    Japanese,
    ResearchRecord,
    Training,
)
from kodo.input.types import CountOrNames, Flag, InputModel, IsoDate, Yen, problem
from kodo.lists import licence_keys, same_licence
from kodo.vocab import Category, Position

# Each dated list and the snapshot fields it replaces.
HISTORY_REPLACES: dict[str, tuple[str, ...]] = {
    "career": ("experience",),
    "salaries": ("annual_salary", "salary_performance_linked"),
    "japanese_tests": ("japanese",),
    "employers": ("employer", "position", "investment_management", "growth_field_project"),
    "licenses_obtained": ("licenses",),
}


_DATED = frozenset({*HISTORY_REPLACES, "statuses", "residence_since"})
_HISTORY_LISTS = frozenset(HISTORY_REPLACES)


class Applicant(InputModel):
    """One person, as in applicant-format.md §1 (with the optional dated history)."""

    id: str | None = Field(None, max_length=MAX_TEXT)
    name: str | None = Field(
        None, max_length=MAX_TEXT, description="Free text; never used or logged."
    )
    notes: str | None = Field(
        None, max_length=MAX_NOTES, description="Free text; never used or logged."
    )
    date: IsoDate | None = None
    birth_date: IsoDate | None = None
    category: Category | None = None
    degrees: list[Degree] | None = Field(None, max_length=MAX_DEGREES)
    multiple_fields: Flag | None = Field(
        None, description="Override the multiple-fields bonus derived from degrees[].field."
    )
    experience: Experience = Experience()
    annual_salary: Yen | None = None
    salary_performance_linked: Yen = Field(
        0, description="The part of annual_salary that is a performance-linked bonus."
    )
    research: ResearchRecord = ResearchRecord()
    licenses: CountOrNames = Field(
        0,
        description=(
            "Related Japanese national licences / IT-notice exams: how many, or their names "
            "(matched against the bundled IT-notice list)."
        ),
    )
    position: Position = "none"
    employer: Employer = Employer()
    foreign_qualification: Flag = False
    japanese: Japanese = Japanese()
    growth_field_project: Flag = False
    training: Training = Training()
    investment: Yen = 0
    investment_management: Flag = False
    application: Application = Application()
    compensation: Compensation | None = Field(
        None, description="The parts of pay; replaces `annual_salary` (see `kodo salary`)."
    )
    household: Household | None = Field(
        None, description="Spouse, children, parents, domestic worker (see `kodo treatments`)."
    )
    # Dated history (docs/history.md). Each list replaces the matching snapshot facts.
    career: list[CareerPeriod] | None = Field(
        None,
        max_length=MAX_PERIODS,
        description="Periods of relevant experience; replaces `experience`.",
    )
    salaries: list[SalaryPeriod] | None = Field(
        None,
        max_length=MAX_PERIODS,
        description="Expected annual salary from each date on; replaces `annual_salary`.",
    )
    japanese_tests: list[JapaneseTest] | None = Field(
        None,
        max_length=MAX_PERIODS,
        description="JLPT/BJT results with dates; replaces `japanese`.",
    )
    employers: list[EmployerPeriod] | None = Field(
        None,
        max_length=MAX_PERIODS,
        description=(
            "Jobs with periods; replaces `employer`, `position`, `investment_management` and "
            "`growth_field_project`."
        ),
    )
    licenses_obtained: list[IsoDate] | None = Field(
        None,
        max_length=MAX_PERIODS,
        description="Dates on which each licence was obtained; replaces `licenses`.",
    )
    statuses: list[StatusPeriod] | None = Field(
        None,
        max_length=MAX_PERIODS,
        description="Statuses of residence held in Japan, with periods.",
    )
    residence_since: IsoDate | None = Field(
        None, description="The date continuous residence in Japan began."
    )

    @property
    def salary(self) -> tuple[int | None, int]:
        """The expected annual salary and its performance-linked part on ``date``."""
        return self.salary_on(self.date)

    def salary_on(self, day: dt.date | None) -> tuple[int | None, int]:
        """The expected annual salary and its performance-linked part: as given, or counted
        from ``compensation`` by the rules in force on ``day`` (default: today; rules.md §1.3,
        pay from a foreign organisation from 2013-12-24 on)."""
        if self.compensation is None:
            return self.annual_salary, self.salary_performance_linked
        counted = remuneration(self.compensation, day)
        return counted.total, counted.performance_linked

    @property
    def license_count(self) -> int:
        """How many licences are claimed (``licenses`` is a count or a list of names)."""
        lic = self.licenses
        return lic if isinstance(lic, int) else len(lic)

    @property
    def has_history(self) -> bool:
        """True when any dated fact is given (the facts differ from date to date)."""
        if self.model_fields_set & _HISTORY_LISTS:
            return any(getattr(self, name) is not None for name in HISTORY_REPLACES)
        degrees = self.degrees
        return degrees is not None and any(d.awarded is not None for d in degrees)

    @model_validator(mode="after")
    def _history(self) -> Applicant:
        fields = self.model_fields_set
        if self.compensation is not None:
            for other in ("annual_salary", "salary_performance_linked", "salaries"):
                if other in fields:
                    raise problem("compensation_and", "compensation", other=other)
        if not fields & _DATED and not any(d.awarded for d in self.degrees or ()):
            return self  # the snapshot form: nothing dated to check
        for dated, replaced in HISTORY_REPLACES.items():
            if getattr(self, dated) is None:
                continue
            for snap in replaced:
                if snap in fields:
                    raise problem("dated_and_snapshot", dated, dated=dated, snapshot=snap)
        for name in ("salaries", "statuses"):
            periods = getattr(self, name) or []
            starts = [p.from_ for p in periods]
            if len(set(starts)) != len(starts):
                raise problem("same_start", name)
        statuses = sorted(self.statuses or [], key=lambda p: p.from_)
        for prev, nxt in itertools.pairwise(statuses):
            if prev.to is None or prev.to >= nxt.from_:
                raise problem("statuses_overlap", "statuses", start=prev.from_, next=nxt.from_)
        if self.birth_date is not None:
            dated_days = [
                *(c.start for c in self.career or ()),
                *(s.from_ for s in self.statuses or ()),
                *(d.awarded for d in self.degrees or () if d.awarded is not None),
                *(p.from_ for p in self.salaries or ()),
                *(p.from_ for p in self.employers or ()),
                *(t.date for t in self.japanese_tests or ()),
                *(self.licenses_obtained or ()),
                *((self.residence_since,) if self.residence_since is not None else ()),
            ]
            if dated_days and min(dated_days) < self.birth_date:
                raise problem("birth_after_fact", "birth_date", day=min(dated_days))
            self._not_before_work_age(self.birth_date)
        return self

    def _not_before_work_age(self, birth: dt.date) -> None:
        """No career period starts, and no degree is awarded, before the age of 15."""
        edge = add_years(birth, WORK_AGE)
        dated = [
            *((f"career[{i}].start", c.start) for i, c in enumerate(self.career or ())),
            *(
                (f"degrees[{i}].awarded", d.awarded)
                for i, d in enumerate(self.degrees or ())
                if d.awarded is not None
            ),
        ]
        for field, day in dated:
            if day < edge:
                raise problem("before_age", field, day=day, age=WORK_AGE, birth=birth)

    @model_validator(mode="after")
    def _names(self) -> Applicant:
        """The same licence named twice (or by its English and Japanese names) is one."""
        if isinstance(self.licenses, list):
            keys = [licence_keys(name) for name in self.licenses]
            for i, j in itertools.combinations(range(len(keys)), 2):
                if same_licence(keys[i], keys[j]):
                    raise problem("same_licence", f"licenses[{j}]", first=f"licenses[{i}]")
        return self

    @model_validator(mode="after")
    def _household(self) -> Applicant:
        """A child is born after the applicant (not after the date judged: problems_on)."""
        children = self.household.children if self.household is not None else None
        for i, child in enumerate(children or ()):
            where = f"household.children[{i}].birth_date"
            if self.birth_date is not None and child.birth_date <= self.birth_date:
                raise problem("child_before_parent", where, birth=self.birth_date)
        return self

    @model_validator(mode="after")
    def _dates(self) -> Applicant:
        degrees = self.degrees
        if self.multiple_fields and degrees is not None and len(degrees) < MULTIPLE_FIELDS_DEGREES:
            raise problem(
                "multiple_fields_few",
                "multiple_fields",
                count=len(degrees),
                needed=MULTIPLE_FIELDS_DEGREES,
            )
        if self.date is not None and self.birth_date is not None and self.birth_date > self.date:
            raise problem("birth_after_date", "birth_date", birth=self.birth_date, day=self.date)
        if self.annual_salary is not None and self.salary_performance_linked > self.annual_salary:
            raise problem("perf_more_than_salary", "salary_performance_linked")
        entry = self.application.planned_entry
        if entry is not None and self.date is not None and entry < self.date:
            raise problem(
                "entry_before_date", "application.planned_entry", entry=entry, day=self.date
            )
        if entry is not None and self.birth_date is not None and self.birth_date > entry:
            raise problem("birth_after_entry", "birth_date")
        if self.date is not None:  # the checks on the reference date, when the input has one
            for field, code, params in problems_on(self, self.date)[:1]:
                raise problem(code, field, **params)
        return self
