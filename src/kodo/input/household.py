"""The household: the facts that the preferential treatments depend on (rules.md §3, §4.2–4.4).

Given as the optional ``household`` block of the applicant format. None of it changes a
point; ``kodo treatments`` reads it (parents, domestic workers, spouse's work).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from kodo.input.limits import MAX_PERIODS
from kodo.input.types import Flag, InputModel, IsoDate, Yen

ParentSide = Literal["own", "spouse"]
DomesticWorkerKind = Literal["accompanying", "family", "investment_management", "j_skip"]


class Spouse(InputModel):
    annual_income: Yen = Field(0, description="The spouse's expected annual income (yen).")
    cannot_do_housework: Flag = Field(
        False, description="The spouse cannot do housework because of illness or similar."
    )


class Child(InputModel):
    birth_date: IsoDate


class Parent(InputModel):
    side: ParentSide = Field(description="own = the applicant's parent; spouse = the spouse's.")


class DomesticWorker(InputModel):
    kind: DomesticWorkerKind | None = Field(
        None, description="Which route is asked for; absent = every route is checked."
    )
    birth_date: IsoDate | None = None
    monthly_pay: Yen | None = Field(None, description="Monthly pay offered (yen).")
    speaks_household_language: Flag = Field(
        False, description="Can hold daily conversation in the applicant's language."
    )
    employed_since: IsoDate | None = Field(
        None, description="Employed by the applicant abroad since (accompanying type)."
    )
    leaves_with_applicant: Flag = Field(
        False, description="Expected to leave Japan together with the applicant."
    )
    count: Literal[1, 2] = Field(1, description="How many domestic workers are asked for.")


class Household(InputModel):
    spouse: Spouse | None = None
    children: list[Child] = Field(default_factory=list, max_length=MAX_PERIODS)
    pregnant: Flag = Field(False, description="The applicant or the spouse is pregnant.")
    parents: list[Parent] = Field(default_factory=list, max_length=4)
    domestic_worker: DomesticWorker | None = None
    other_domestic_worker: Flag = Field(
        False, description="The applicant already employs another domestic worker."
    )
