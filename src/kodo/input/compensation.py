"""The parts of pay (the ``compensation`` block): what the annual remuneration that counts
is made of (rules.md §1.3). Every amount is yen per year, except ``basic_pay_monthly`` (the
monthly basic pay: twelve times it is the year's). Given instead of ``annual_salary``.

Which part counts on which date comes from the dated rule data ``remuneration.yaml``
(:mod:`kodo.input.compensation_rules`): pay from a foreign organisation counts from
2013-12-24 on, commuting/housing/family allowances and overtime never, reimbursements only
when taxed; a performance-linked bonus and fixed overtime pay count but need a human
judgement (rules.md §8 D4; a practitioner's view). ``kodo salary`` shows each part."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from pydantic import Field, model_validator

from kodo.input.compensation_rules import PartRule, RemunerationRules, load_rules
from kodo.input.limits import MAX_PERIODS, MAX_TEXT
from kodo.input.types import Flag, InputModel, Yen, problem

MONTHS = 12  # basic_pay_monthly: the year's basic pay is twelve months of it


class OtherPay(InputModel):
    name: str = Field(max_length=MAX_TEXT, description="What the payment is (free text).")
    amount: Yen
    taxable: Flag = Field(False, description="Taxed as income (not a reimbursement).")


class Compensation(InputModel):
    basic_pay: Yen = Field(0, description="Basic pay (基本給) per year.")
    basic_pay_monthly: Yen | None = Field(
        None, description="Basic pay per month (the year's is twelve times it); not with basic_pay."
    )
    fixed_bonus: Yen = Field(0, description="Bonuses fixed in the contract (賞与).")
    performance_bonus: Yen = Field(0, description="Performance-linked bonus expected.")
    diligence_allowance: Yen = Field(0, description="勤勉手当.")
    adjustment_allowance: Yen = Field(0, description="調整手当.")
    fixed_overtime: Yen = Field(0, description="Fixed overtime pay (固定残業代).")
    overtime: Yen = Field(0, description="Overtime pay beyond a fixed amount.")
    commuting_allowance: Yen = 0
    housing_allowance: Yen = 0
    family_allowance: Yen = 0
    foreign_pay: Yen = Field(
        0, description="Pay from a foreign parent or group company (intra-company transferee)."
    )
    other: list[OtherPay] = Field(default_factory=list, max_length=MAX_PERIODS)

    @model_validator(mode="after")
    def _one_basic_pay(self) -> Compensation:
        if self.basic_pay_monthly is not None and "basic_pay" in self.model_fields_set:
            raise problem("salary_monthly_and_annual", "basic_pay_monthly", other="basic_pay")
        return self

    @model_validator(mode="after")
    def _some_part(self) -> Compensation:
        """A block with no part of pay above zero (``{}``, or ``basic_pay: 0`` alone) is not
        taken as a salary of ¥0: a zero salary is said as ``annual_salary: 0``."""
        given = [getattr(self, p) for p in SCALAR_PARTS if p in self.model_fields_set]
        if self.basic_pay_monthly is not None:
            given.append(self.basic_pay_monthly)
        if not any(given) and not any(o.amount for o in self.other):
            raise problem("compensation_empty", zero=0)
        return self


# The parts of pay, each with a rule in remuneration.yaml (the order kodo salary shows).
SCALAR_PARTS = (
    "basic_pay",
    "fixed_bonus",
    "performance_bonus",
    "diligence_allowance",
    "adjustment_allowance",
    "fixed_overtime",
    "overtime",
    "commuting_allowance",
    "housing_allowance",
    "family_allowance",
    "foreign_pay",
)
PARTS = (*SCALAR_PARTS, "other_taxable", "other_untaxed")


def rules() -> RemunerationRules:
    """The remuneration rule data (read once, checked against :data:`PARTS`)."""
    return load_rules(PARTS)


@dataclass(frozen=True, slots=True)
class PartCounted:
    """One part given: the field it comes from, its yearly amount and the rule that judged it
    on the day (``monthly``: the monthly figure it was given as, if so)."""

    field: str  # "basic_pay", "basic_pay_monthly", "other[2]" …
    amount: int
    rule: PartRule
    monthly: int | None = None

    @property
    def counts(self) -> bool:
        return self.rule.counts

    @property
    def judged(self) -> bool:
        return self.rule.judgement is not None


class Counted(NamedTuple):
    """The remuneration that counts (yen per year) and its performance-linked part."""

    total: int
    performance_linked: int


def parts_of(comp: Compensation, day: dt.date | None = None) -> tuple[PartCounted, ...]:
    """Every part given (amount above zero), judged by the rules in force on ``day``
    (default: today), in the order of :data:`PARTS`."""
    day = day or dt.date.today()
    book = rules()
    out: list[PartCounted] = []
    for part in SCALAR_PARTS:
        amount, field, monthly = getattr(comp, part), part, None
        if part == "basic_pay" and comp.basic_pay_monthly is not None:
            monthly, field = comp.basic_pay_monthly, "basic_pay_monthly"
            amount = monthly * MONTHS
        if amount:
            out.append(PartCounted(field, amount, book.on(part, day), monthly))
    taxed, untaxed = book.on("other_taxable", day), book.on("other_untaxed", day)
    out += [
        PartCounted(f"other[{k}]", o.amount, taxed if o.taxable else untaxed)
        for k, o in enumerate(comp.other)
        if o.amount
    ]
    return tuple(out)


def performance_linked(parts: tuple[PartCounted, ...], option: str = "performance_bonus") -> int:
    """The counted amount that interpretation ``option`` reads both ways."""
    return sum(
        p.amount
        for p in parts
        if p.counts and p.rule.judgement is not None and p.rule.judgement.option == option
    )


def remuneration(comp: Compensation, day: dt.date | None = None) -> Counted:
    """The annual remuneration that counts on ``day`` (default: today) under rules.md §1.3,
    and the part of it that is performance-linked (counted, flagged for review)."""
    parts = parts_of(comp, day)
    return Counted(sum(p.amount for p in parts if p.counts), performance_linked(parts))


__all__ = [
    "MONTHS",
    "PARTS",
    "Compensation",
    "Counted",
    "OtherPay",
    "PartCounted",
    "parts_of",
    "performance_linked",
    "remuneration",
    "rules",
]
