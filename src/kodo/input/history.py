"""Dated history in the applicant format (a backwards-compatible extension of version 1).

A person's facts change over time: degrees are awarded, jobs start and end, pay changes,
Japanese tests are passed, statuses of residence are granted. These models let the input
say *when*, so that kodo can compute the facts (and the points) on any date. All of them are
optional; an input without them is the snapshot form of version 1 and works unchanged.

Periods are inclusive of both ends (``end`` / ``to`` is the last day); an absent end means
the period is ongoing.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from kodo.input.limits import MAX_TEXT
from kodo.input.parts import check_employer
from kodo.input.types import BjtScore, Flag, InputModel, IsoDate, Percent, Yen, problem
from kodo.vocab import HSP_STATUSES, ExperienceKind, Jlpt, Position, Status


class CareerPeriod(InputModel):
    """A period of relevant practical experience of one kind."""

    kind: ExperienceKind = Field(
        description="research (イ), professional (ロ) or management (ハ) experience."
    )
    start: IsoDate
    end: IsoDate | None = Field(None, description="Last day; absent = ongoing.")

    @model_validator(mode="after")
    def _order(self) -> CareerPeriod:
        if self.end is not None and self.end < self.start:
            raise problem("end_before_start", "end", end=self.end, start=self.start)
        return self


class SalaryPeriod(InputModel):
    """Expected annual remuneration from a date on (until the next period)."""

    from_: IsoDate = Field(alias="from")
    annual_salary: Yen
    performance_linked: Yen = 0

    @model_validator(mode="after")
    def _parts(self) -> SalaryPeriod:
        if self.performance_linked > self.annual_salary:
            raise problem("perf_more_than_salary", "performance_linked")
        return self


class JapaneseTest(InputModel):
    """A JLPT level passed or a BJT score obtained on a date."""

    date: IsoDate
    jlpt: Jlpt | None = None
    bjt: BjtScore | None = None

    @model_validator(mode="after")
    def _one(self) -> JapaneseTest:
        if (self.jlpt is None) == (self.bjt is None):
            raise problem("jlpt_or_bjt", "jlpt")
        return self


class EmployerPeriod(InputModel):
    """The facts of one job (employer and position) for a period."""

    from_: IsoDate = Field(alias="from")
    to: IsoDate | None = Field(None, description="Last day; absent = ongoing.")
    name: str | None = Field(None, max_length=MAX_TEXT, description="Free text; never logged.")
    innovation_support: Flag = False
    sme: Flag = False
    rnd_over_3pct: Flag = False
    rnd_ratio_pct: Percent | None = None
    local_gov_support: Flag = False
    investment_management: Flag = False
    growth_field_project: Flag = False
    position: Position = "none"

    @model_validator(mode="after")
    def _order(self) -> EmployerPeriod:
        if self.to is not None and self.to < self.from_:
            raise problem("end_before_start", "to", end=self.to, start=self.from_)
        check_employer(self.model_fields_set, self.sme, self.rnd_over_3pct, self.rnd_ratio_pct)
        return self


class StatusPeriod(InputModel):
    """A status of residence held in Japan for a period."""

    status: Status
    from_: IsoDate = Field(alias="from")
    to: IsoDate | None = Field(
        None, description="Last day (the expiry of the period of stay); absent = ongoing."
    )
    points: Annotated[int, Field(ge=0, le=300, strict=True)] | None = Field(
        None,
        description=(
            "Points recognised when the status was granted (HSP only). Absent: kodo computes "
            "them from the history on the grant date."
        ),
    )

    @model_validator(mode="after")
    def _order(self) -> StatusPeriod:
        if self.to is not None and self.to < self.from_:
            raise problem("end_before_start", "to", end=self.to, start=self.from_)
        if self.points is not None and self.status not in HSP_STATUSES:
            raise problem("points_not_hsp", "points")
        return self
