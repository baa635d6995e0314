"""Advice actions: what a person could do to add an item's points, as changes to their facts.

Each item of the registry names the actions that would add it. An action applies to the
facts on a date and is scored with the same engine as everything else, so exclusions come for
free (N2 is worth nothing to someone with a Japanese degree). ``effort`` is a rough, documented
heuristic used only to order suggestions (cheapest first), not a legal figure.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from kodo.i18n import Message, Yen
from kodo.input.facts import Facts
from kodo.input.parts import Degree, ResearchRecord
from kodo.rules.book import Snapshot
from kodo.rules.values import Bonus, Salary
from kodo.vocab import CATEGORIES, JLPT_CODE, LEVEL_CODE, POSITIONS


@dataclass(frozen=True)
class Action:
    id: str
    group: str  # at most one action per group in a combination
    effort: float
    message: Message  # catalogue: action.<kind>
    apply: Callable[[Facts], Facts]
    item: str = ""  # the item whose action it is (set by features.advice.actions_for)


ActionSpec = Callable[[Facts, Snapshot], list[Action]]


def _replace(**changes: object) -> Callable[[Facts], Facts]:
    def apply(f: Facts) -> Facts:
        return dataclasses.replace(f, **changes)  # type: ignore[arg-type]

    return apply


def _base(**changes: object) -> Callable[[Facts], Facts]:
    """Change facts that live on the input (undated facts)."""

    def apply(f: Facts) -> Facts:
        return dataclasses.replace(f, base=f.base.model_copy(update=changes))

    return apply


def jlpt(level: str, effort: float) -> ActionSpec:
    def make(f: Facts, snap: Snapshot) -> list[Action]:
        if f.jlpt is not None and JLPT_CODE[f.jlpt] <= JLPT_CODE[level]:  # at or above already
            return []
        msg = Message.of("action.jlpt", level=level)
        return [Action(f"jlpt_{level.lower()}", "japanese", effort, msg, _replace(jlpt=level))]

    return make


def licences(f: Facts, snap: Snapshot) -> list[Action]:
    return [
        Action(
            f"licences_{k}",
            "licences",
            2.0 * k,
            Message.of("action.licences", count=k),
            _replace(licenses=f.licenses + k),
        )
        for k in (1, 2)
    ]


def salary_raises(f: Facts, snap: Snapshot) -> list[Action]:
    """Raise the salary to each higher band edge of the salary table in force."""
    salary = f.annual_salary
    table = snap.value("salary", Salary)
    if salary is None or table is None:
        return []
    edges = sorted({e for c in CATEGORIES for e in getattr(table, c).salary_edges if e > salary})
    return [
        Action(
            f"salary_{edge}",
            "salary",
            1 + (edge - salary) / 1e6,
            Message.of("action.salary", amount=Yen(edge)),
            _replace(annual_salary=edge),
        )
        for edge in edges
    ]


def _with_degree(level: str, japan: bool = False) -> Callable[[Facts], Facts]:
    def apply(f: Facts) -> Facts:
        degree = Degree(level=level, japan=japan)
        return dataclasses.replace(f, degrees=(*(f.degrees or ()), degree))

    return apply


def degrees(f: Facts, snap: Snapshot) -> list[Action]:
    highest = max((LEVEL_CODE[d.level] for d in f.degrees or ()), default=0)
    out = []
    for level, effort in (("master", 8.0), ("doctorate", 12.0)):
        if LEVEL_CODE[level] > highest:
            msg = Message.of("action.degree", level=Message.of(f"level.{level}"))
            out.append(Action(f"degree_{level}", "degree", effort, msg, _with_degree(level)))
    return out


def japanese_degree(f: Facts, snap: Snapshot) -> list[Action]:
    if any(d.japan for d in f.degrees or ()):
        return []
    msg = Message.of("action.japanese_degree")
    return [Action("japanese_degree", "degree", 10.0, msg, _with_degree("master", japan=True))]


def base_flag(name: str, group: str, effort: float) -> ActionSpec:
    """Set a yes/no fact of the input (e.g. foreign_qualification)."""

    def make(f: Facts, snap: Snapshot) -> list[Action]:
        if getattr(f.base, name):
            return []
        return [Action(name, group, effort, Message.of(f"action.{name}"), _base(**{name: True}))]

    return make


def fact_flag(name: str, group: str, effort: float) -> ActionSpec:
    """Set a yes/no fact that may be dated (job facts such as growth_field_project)."""

    def make(f: Facts, snap: Snapshot) -> list[Action]:
        if getattr(f, name):
            return []
        return [Action(name, group, effort, Message.of(f"action.{name}"), _replace(**{name: True}))]

    return make


def employer_flag(name: str, effort: float) -> ActionSpec:
    def make(f: Facts, snap: Snapshot) -> list[Action]:
        if getattr(f.employer, name):
            return []
        employer = f.employer.model_copy(update={name: True})
        msg = Message.of(f"action.{name}")
        return [Action(name, "employer", effort, msg, _replace(employer=employer))]

    return make


def patent(f: Facts, snap: Snapshot) -> list[Action]:
    r = f.base.research
    if r.patents > 0:
        return []
    record = ResearchRecord(**{**r.model_dump(), "patents": 1})
    return [
        Action(
            "research_patent",
            "research",
            6.0,
            Message.of("action.research_patent"),
            lambda x: dataclasses.replace(x, base=x.base.model_copy(update={"research": record})),
        )
    ]


def representative(f: Facts, snap: Snapshot) -> list[Action]:
    top = POSITIONS[-1]
    if f.position == top:
        return []
    msg = Message.of("action.position", position=Message.of(f"position.{top}"))
    return [Action(f"position_{top}", "position", 6.0, msg, _replace(position=top))]


def investment(item: str) -> ActionSpec:
    def make(f: Facts, snap: Snapshot) -> list[Action]:
        rule = snap.value(item, Bonus)
        minimum = None if rule is None else rule.min_yen
        if minimum is None or f.base.investment >= minimum:
            return []
        msg = Message.of("action.investment", amount=Yen(minimum))
        return [Action("investment", "investment", 9.0, msg, _base(investment=minimum))]

    return make
