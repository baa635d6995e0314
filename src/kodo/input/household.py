"""The household: the facts that the preferential treatments depend on (rules.md §3, §4.2–4.4).

Given as the optional ``household`` block of the applicant format. None of it changes a
point; ``kodo treatments`` reads it (parents, domestic workers, spouse's work).

A fact left out is *unknown*, never "no": a yes/no fact is ``null`` until given, and the
treatment that needs it says "unknown — ask" instead of "not met". ``spouse: null`` (or no
``spouse``) means no spouse; a spouse without ``annual_income`` has an unknown income (write
``0`` for none). ``children`` absent or ``null`` is not given (unknown); ``[]`` is none.
A side has at most two parents: a third of one side is an input error naming it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from kodo.input.limits import MAX_PERIODS
from kodo.input.types import Flag, InputModel, IsoDate, Yen, problem

ParentSide = Literal["own", "spouse"]
DomesticWorkerKind = Literal["accompanying", "family", "investment_management", "j_skip"]
PARENTS_PER_SIDE = 2  # a person's two parents: the input's bound, not a rule
MAX_PARENTS = 2 * PARENTS_PER_SIDE  # two sides of two parents
MAX_WORKERS = 2  # the input's bound on workers asked for (the rules say how many are allowed)


class Spouse(InputModel):
    annual_income: Yen | None = Field(
        None, description="The spouse's expected annual income (yen); 0 for none."
    )
    cannot_do_housework: Flag | None = Field(
        None, description="The spouse cannot do housework because of illness or similar."
    )


class Child(InputModel):
    birth_date: IsoDate = Field(description="The child's birth date (adopted children too).")


class Parent(InputModel):
    side: ParentSide = Field(description="own = the applicant's parent; spouse = the spouse's.")


class DomesticWorker(InputModel):
    kind: DomesticWorkerKind | None = Field(
        None, description="Which route is asked for; absent = every route is checked."
    )
    birth_date: IsoDate | None = None
    monthly_pay: Yen | None = Field(None, description="Monthly pay offered (yen).")
    speaks_household_language: Flag | None = Field(
        None, description="Can hold daily conversation in the applicant's language."
    )
    employed_since: IsoDate | None = Field(
        None, description="Employed by the applicant abroad since (accompanying type)."
    )
    leaves_with_applicant: Flag | None = Field(
        None, description="Expected to leave Japan together with the applicant."
    )
    count: int = Field(
        1, ge=1, le=MAX_WORKERS, strict=True, description="How many domestic workers are asked for."
    )


class Household(InputModel):
    spouse: Spouse | None = None
    children: list[Child] | None = Field(
        None,
        max_length=MAX_PERIODS,
        description="The children (adopted too); [] for none; absent or null = not given.",
    )
    pregnant: Flag | None = Field(None, description="The applicant or the spouse is pregnant.")
    parents: list[Parent] = Field(
        default_factory=list,
        max_length=MAX_PARENTS,
        description="The parents who would come (only one side's may).",
    )
    domestic_worker: DomesticWorker | None = None
    other_domestic_worker: Flag | None = Field(
        None, description="The applicant already employs another domestic worker."
    )

    @model_validator(mode="after")
    def _parents_per_side(self) -> Household:
        seen: dict[str, int] = {}
        for i, parent in enumerate(self.parents):
            seen[parent.side] = seen.get(parent.side, 0) + 1
            if seen[parent.side] > PARENTS_PER_SIDE:  # field: a path part, shown as parents[i]
                raise problem(
                    "parents_per_side", f"parents[{i}]", side=parent.side, limit=PARENTS_PER_SIDE
                )
        return self
