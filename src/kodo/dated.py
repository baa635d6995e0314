"""Dated history in the applicant format (a backwards-compatible extension of version 1).

A person's facts change over time: degrees are awarded, jobs start and end, pay changes,
Japanese tests are passed, statuses of residence are granted. These models let the input
say *when*, so that kodo can compute the facts (and the points) on any date. All of them are
optional; an input without them is the snapshot form of version 1 and works unchanged.

Periods are inclusive of both ends (``end`` / ``to`` is the last day); an absent end means
the period is ongoing.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from kodo.vocab import ExperienceKind


def iso_date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        raise ValueError("must be a date (YYYY-MM-DD), not a date and time")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"must be an ISO date YYYY-MM-DD, got {value!r}") from None
    raise ValueError(f"must be an ISO date YYYY-MM-DD, got {value!r}")


IsoDate = Annotated[dt.date, BeforeValidator(iso_date)]
Yen = Annotated[int, Field(ge=0, le=100_000_000_000, strict=True)]
Flag = Annotated[bool, Field(strict=True)]


class DatedModel(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, populate_by_name=True
    )


class CareerPeriod(DatedModel):
    """A period of relevant practical experience of one kind."""

    kind: ExperienceKind = Field(
        description="research (イ), professional (ロ) or management (ハ) experience."
    )
    start: IsoDate
    end: IsoDate | None = Field(None, description="Last day; absent = ongoing.")

    @model_validator(mode="after")
    def _order(self) -> CareerPeriod:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"end: {self.end.isoformat()} is before start")
        return self


class SalaryPeriod(DatedModel):
    """Expected annual remuneration from a date on (until the next period)."""

    from_: IsoDate = Field(alias="from")
    annual_salary: Yen
    performance_linked: Yen = 0

    @model_validator(mode="after")
    def _parts(self) -> SalaryPeriod:
        if self.performance_linked > self.annual_salary:
            raise ValueError("performance_linked: is more than annual_salary")
        return self


class JapaneseTest(DatedModel):
    """A JLPT level passed or a BJT score obtained on a date."""

    date: IsoDate
    jlpt: Literal["N1", "N2", "N3", "N4", "N5"] | None = None
    bjt: Annotated[int, Field(ge=0, le=800, strict=True)] | None = None

    @model_validator(mode="after")
    def _one(self) -> JapaneseTest:
        if (self.jlpt is None) == (self.bjt is None):
            raise ValueError("jlpt: give exactly one of jlpt or bjt per result")
        return self


class EmployerPeriod(DatedModel):
    """The facts of one job (employer and position) for a period."""

    from_: IsoDate = Field(alias="from")
    to: IsoDate | None = Field(None, description="Last day; absent = ongoing.")
    name: str | None = Field(None, max_length=200, description="Free text; never logged.")
    innovation_support: Flag = False
    sme: Flag = False
    rnd_over_3pct: Flag = False
    rnd_ratio_pct: Annotated[float, Field(ge=0, le=1000, allow_inf_nan=False)] | None = None
    local_gov_support: Flag = False
    investment_management: Flag = False
    growth_field_project: Flag = False
    position: Literal["none", "officer", "representative"] = "none"

    @model_validator(mode="after")
    def _order(self) -> EmployerPeriod:
        if self.to is not None and self.to < self.from_:
            raise ValueError(f"to: {self.to.isoformat()} is before from")
        return self


Status = Literal[
    "hsp1_a",
    "hsp1_b",
    "hsp1_c",
    "j_skip_a",
    "j_skip_b",
    "j_skip_c",
    "hsp2",
    "designated_hsp_a",
    "designated_hsp_b",
    "designated_hsp_c",
    "engineer_humanities",
    "intra_company_transferee",
    "professor",
    "researcher",
    "business_manager",
    "legal_accounting",
    "student",
    "dependent",
    "spouse",
    "other",
]

# Statuses that count as residing "as a highly skilled foreign professional" (高度人材外国人):
# HSP(i) イ/ロ/ハ, HSP(ii), J-Skip, and before 2015-04-01 特定活動(高度人材).
HSP_STATUSES = frozenset(
    s for s in get_args(Status) if s.startswith(("hsp", "j_skip_", "designated_hsp_"))
)
# Statuses that count towards the years in HSP(i) needed for HSP(ii).
HSP1_STATUSES = HSP_STATUSES - {"hsp2"}
J_SKIP_STATUSES = frozenset(s for s in HSP_STATUSES if s.startswith("j_skip_"))


def status_category(status: str) -> str | None:
    """The category (a/b/c) of an HSP(i) status, or None."""
    if status in HSP1_STATUSES:
        return status[-1]
    return None


class StatusPeriod(DatedModel):
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
            raise ValueError(f"to: {self.to.isoformat()} is before from")
        if self.points is not None and self.status not in HSP_STATUSES:
            raise ValueError("points: only for an HSP status")
        return self
