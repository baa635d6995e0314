"""The result of ``kodo salary`` (:func:`kodo.features.salary.salary`): the annual remuneration
that counts, each part of pay counted or left out and why, the parts that need a human
judgement with the person evaluated both ways (each, and all of them left out together), and
the salary thresholds it is near.

Every text is in the result's ``lang``; codes are stable. Amounts are whole yen per year.
"""

from __future__ import annotations

from dataclasses import dataclass

from kodo.results.common import CitationRef, Note, RulesUsed, SourceInfo

FORMAT = "kodo.salary.v1"


@dataclass(slots=True)
class SalaryPart:
    """One part of pay given in ``compensation``.

    ``field``: where it was given (``basic_pay``, ``basic_pay_monthly``, ``other[1]`` …);
    ``part``: the rule it falls under (remuneration.yaml). ``monthly``: the monthly figure
    when it was given per month (``amount`` is the year's). ``judgement``: ``option`` or
    ``practitioner`` when the part needs a human judgement, else null. ``rule_from`` /
    ``rule_to``: the dates of the rule version that judged it (``rule_to`` exclusive).
    """

    field: str
    part: str
    label: str
    amount: int
    monthly: int | None
    counted: bool
    judgement: str | None
    code: str  # salary.reason.<code>
    reason: str
    rule_from: str
    rule_to: str | None
    citation: tuple[CitationRef, ...]


@dataclass(slots=True)
class CategoryOutcome:
    """One category under one reading: the salary item's points, the total, eligibility
    (``verdict``: eligible | short | floor | missing) and J-Skip."""

    salary_points: int
    total: int
    eligible: bool
    verdict: str
    j_skip: bool


@dataclass(slots=True)
class Reading:
    """The person evaluated with one reading of the parts (by kodo's evaluate)."""

    code: str  # as_counted | without_<part> | without_all
    label: str
    annual_salary: int
    options: dict[str, str]  # the interpretation options changed for this reading
    categories: dict[str, CategoryOutcome]


@dataclass(slots=True)
class Judgement:
    """A part that needs a human judgement, and the person evaluated with and without it.

    ``decides``: the categories whose eligibility (or J-Skip) differs between the two;
    ``points_differ``: those whose salary points differ.
    """

    part: str
    fields: tuple[str, ...]
    label: str
    kind: str  # option | practitioner | together (every judged part: part "all_judged")
    option: str | None
    amount: int
    code: str  # salary.judgement.<code>
    text: str
    citation: tuple[CitationRef, ...]
    with_part: Reading
    without_part: Reading
    decides: tuple[str, ...]
    points_differ: tuple[str, ...]
    verdict: str  # the sentence saying whether it decides


@dataclass(slots=True)
class ThresholdCheck:
    """A salary threshold of the rule book the counted remuneration is near (or that a part
    needing judgement crosses): ``kind`` salary_floor | j_skip."""

    kind: str
    categories: tuple[str, ...]
    amount: int
    annual_salary: int
    met: bool
    difference: int  # annual_salary - amount
    crossed_by: tuple[str, ...]  # judgement parts whose reading moves it across
    text: str
    citation: tuple[CitationRef, ...]


@dataclass(slots=True)
class SalaryData:
    """``kodo salary --format json`` prints exactly this.

    ``source``: ``compensation`` (the parts were counted) or ``annual_salary`` (given as one
    figure: nothing to count). ``given``: all parts given; ``left_out``: the parts not
    counted; ``annual_salary``: what counts (performance-linked part included, as kodo's
    default reading); ``performance_linked``: that part. ``date``: the day the parts were
    judged on (the input's date, else today).
    """

    format: str
    id: str | None
    date: str
    source: str
    annual_salary: int | None
    performance_linked: int
    given: int
    left_out: int
    parts: tuple[SalaryPart, ...]
    counted_text: str
    judgements: tuple[Judgement, ...]
    all_judged: Judgement | None  # every judged part left out together (two or more)
    thresholds: tuple[ThresholdCheck, ...]
    notes: tuple[Note, ...]
    rules: RulesUsed
    remuneration_rules: str  # the content id of remuneration.yaml
    lang: str
    sources: dict[str, SourceInfo]


__all__ = [
    "FORMAT",
    "CategoryOutcome",
    "Judgement",
    "Reading",
    "SalaryData",
    "SalaryPart",
    "ThresholdCheck",
]
