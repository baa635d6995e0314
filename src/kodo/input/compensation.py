"""The parts of pay (the ``compensation`` block): what the annual remuneration that counts
is made of (rules.md §1.3). Every amount is yen per year. Given instead of ``annual_salary``;
:func:`kodo.features.salary` decides what counts."""

from __future__ import annotations

from typing import NamedTuple

from pydantic import Field

from kodo.input.limits import MAX_PERIODS, MAX_TEXT
from kodo.input.types import Flag, InputModel, Yen


class OtherPay(InputModel):
    name: str = Field(max_length=MAX_TEXT, description="What the payment is (free text).")
    amount: Yen
    taxable: Flag = Field(False, description="Taxed as income (not a reimbursement).")


class Compensation(InputModel):
    basic_pay: Yen = Field(0, description="Basic pay (基本給) per year.")
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


class Counted(NamedTuple):
    """The remuneration that counts (yen per year) and its performance-linked part."""

    total: int
    performance_linked: int


def remuneration(comp: Compensation) -> Counted:
    """The annual remuneration that counts under rules.md §1.3: basic pay, bonuses (fixed and
    performance-linked; the latter flagged for review, rules.md §8 D4), 勤勉手当, 調整手当,
    fixed overtime pay and pay from a foreign group company; not commuting, housing or family
    allowances, nor overtime beyond a fixed amount, nor reimbursements that are not taxed."""
    counted = (
        comp.basic_pay
        + comp.fixed_bonus
        + comp.performance_bonus
        + comp.diligence_allowance
        + comp.adjustment_allowance
        + comp.fixed_overtime
        + comp.foreign_pay
        + sum(o.amount for o in comp.other if o.taxable)
    )
    return Counted(counted, comp.performance_bonus)
