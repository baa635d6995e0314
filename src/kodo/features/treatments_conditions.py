"""The conditions of each preferential treatment, judged on one date (rules.md §3, §4.2–4.4).

Every figure comes from the version of ``treatments.yaml`` in force on the date; every
sentence is a catalogue message (``treatments.req.<code>``: what the condition asks;
``treatments.found.*``: what kodo found). A household fact not given makes its condition
``unknown`` (and names the field to give), never ``unmet``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kodo.dates import DAY, add_years, age_on
from kodo.features.treatments_data import Value
from kodo.i18n import Count, Message, Yen
from kodo.input.household import Household

MET, UNMET, UNKNOWN = "met", "unmet", "unknown"
F_SALARY = "annual_salary"
F_SPOUSE = "household.spouse"
F_SPOUSE_INCOME = "household.spouse.annual_income"
F_CHILDREN = "household.children"
F_WORKER = "household.domestic_worker"


@dataclass(frozen=True, slots=True)
class Cond:
    code: str
    status: str
    requirement: Message
    found: Message
    ask: tuple[str, ...] = ()  # the fields to give when unknown


@dataclass(slots=True)
class Judged:
    """What one treatment's judgement found (rendered by kodo.features.treatments)."""

    conditions: list[Cond] = field(default_factory=list)
    dates: list[tuple[str, dt.date, Message]] = field(default_factory=list)
    details: list[tuple[str, Message]] = field(default_factory=list)
    checklist: list[str] = field(default_factory=list)  # codes: treatments.check.<code>


@dataclass(frozen=True, slots=True)
class Person:
    """The facts the conditions read, on the date judged."""

    day: dt.date
    entry: dt.date  # the planned entry date, else the date judged
    salary: int | None
    household: Household | None
    investment_management: bool


def _yes(detail: Message | None = None) -> Message:
    return Message.of("treatments.found.yes") if detail is None else detail


def _ask(*fields: str) -> Message:
    return Message.of("treatments.found.ask", fields=fields)


def income(p: Person, floor: int, counted: bool) -> Cond:
    """Household income (the salary, plus the spouse's income where the rules count it)
    against ``floor``, inclusive."""
    hh = p.household
    spouse: int | None = 0
    if counted and (hh is None or hh.spouse is not None):
        spouse = None if hh is None or hh.spouse is None else hh.spouse.annual_income
    at_least = (p.salary or 0) + (spouse or 0)
    total = None if p.salary is None or spouse is None else at_least
    basis = Message.of(f"treatments.counted.{'with_spouse' if counted else 'salary_only'}")
    req = Message.of("treatments.req.household_income", floor=Yen(floor), basis=basis)
    if at_least >= floor:
        return Cond(
            "household_income",
            MET,
            req,
            Message.of("treatments.found.income", income=Yen(at_least)),
        )
    if total is not None:
        short = Message.of(
            "treatments.found.income_short", income=Yen(total), short=Yen(floor - total)
        )
        return Cond("household_income", UNMET, req, short)
    ask = tuple(f for f, v in ((F_SALARY, p.salary), (F_SPOUSE_INCOME, spouse)) if v is None)
    if hh is None and counted:
        ask = tuple(F_SPOUSE if f == F_SPOUSE_INCOME else f for f in ask)
    return Cond("household_income", UNKNOWN, req, _ask(*ask), ask)


def children_under(p: Person, age: int) -> list[dt.date]:
    """Birth dates of the children under ``age`` on the date (born by then), youngest first."""
    hh = p.household
    kids = [] if hh is None else [c.birth_date for c in hh.children or ()]
    return sorted((b for b in kids if b <= p.day and age_on(b, p.day) < age), reverse=True)


def turned_today(p: Person, age: int) -> dt.date | None:
    """The birth date of a child who turns ``age`` on the date itself, if any."""
    hh = p.household
    kids = [] if hh is None else [c.birth_date for c in hh.children or ()]
    return next((b for b in sorted(kids, reverse=True) if add_years(b, age) == p.day), None)


def _unknown_children(hh: Household | None) -> tuple[str, ...]:
    return (F_CHILDREN,) if hh is None or hh.children is None else ()


def has_spouse(p: Person) -> Cond:
    req = Message.of("treatments.req.has_spouse")
    if p.household is None:
        return Cond("has_spouse", UNKNOWN, req, _ask(F_SPOUSE), (F_SPOUSE,))
    if p.household.spouse is None:
        return Cond("has_spouse", UNMET, req, Message.of("treatments.found.no_spouse"))
    return Cond("has_spouse", MET, req, _yes())


def parents(p: Person, v: Value, j: Judged) -> None:
    assert v.household_income is not None and v.child_age_below is not None
    age = v.child_age_below
    j.conditions.append(income(p, v.household_income, bool(v.spouse_income_counted)))
    hh = p.household
    kids = children_under(p, age)
    req = Message.of("treatments.req.child_or_pregnancy", age=age)
    if kids:
        until = add_years(kids[0], age)
        j.conditions.append(
            Cond(
                "child_or_pregnancy", MET, req, Message.of("treatments.found.child", birth=kids[0])
            )
        )
        last = until - DAY  # the last day the child is under the age
        said = Message.of("treatments.date.stay_until", day=until, last=last, age=age,
                          birth=kids[0])  # fmt: skip
        j.dates.append(("parents.stay_until", until, said))
    elif hh is not None and hh.pregnant:
        j.conditions.append(
            Cond("child_or_pregnancy", MET, req, Message.of("treatments.found.pregnant"))
        )
        j.details.append(
            ("parents.until_born", Message.of("treatments.detail.until_born", age=age))
        )
    else:
        other = "household.pregnant" if hh is None or hh.pregnant is None else None
        j.conditions.append(_no_young_child("child_or_pregnancy", req, p, hh, age, other))
    req = Message.of("treatments.req.one_side")
    sides = sorted({x.side for x in hh.parents}) if hh is not None else []
    if not sides:
        j.conditions.append(
            Cond("one_side", UNKNOWN, req, _ask("household.parents"), ("household.parents",))
        )
    elif len(sides) > 1:
        j.conditions.append(Cond("one_side", UNMET, req, Message.of("treatments.found.both_sides")))
    elif sides == ["spouse"] and hh is not None and hh.spouse is None:
        # §4.3 "the HSP's or the spouse's": no spouse (a known fact) has no side to bring
        found = Message.of("treatments.found.spouse_side_no_spouse")
        j.conditions.append(Cond("one_side", UNMET, req, found))
    else:
        side = Message.of(f"treatments.side.{sides[0]}")
        j.conditions.append(
            Cond("one_side", MET, req, Message.of("treatments.found.side", side=side))
        )
    j.checklist += ["live_together_parent", "parent_purpose", "other_side"]


def _worker(p: Person, v: Value, j: Judged, floor: int, one_only: bool) -> None:
    """The conditions every domestic-worker type shares: income, the worker's age and pay,
    the declared language; with ``one_only``, one worker and no other employed."""
    assert v.worker_min_age is not None and v.monthly_pay is not None
    j.conditions.append(income(p, floor, bool(v.spouse_income_counted)))
    w = p.household.domestic_worker if p.household is not None else None
    if one_only:
        assert v.max_workers is not None
        req = Message.of("treatments.req.workers", workers=Count(v.max_workers))
        if w is None:
            j.conditions.append(Cond("workers", UNKNOWN, req, _ask(F_WORKER), (F_WORKER,)))
        else:
            ok = MET if w.count <= v.max_workers else UNMET
            found = Message.of("treatments.found.asked", workers=Count(w.count))
            j.conditions.append(Cond("workers", ok, req, found))
        req = Message.of("treatments.req.no_other_worker")
        other = None if p.household is None else p.household.other_domestic_worker
        if other is None:
            ask = ("household.other_domestic_worker",)
            j.conditions.append(Cond("no_other_worker", UNKNOWN, req, _ask(*ask), ask))
        else:
            found = Message.of(f"treatments.found.{'other_worker' if other else 'no_other'}")
            j.conditions.append(Cond("no_other_worker", UNMET if other else MET, req, found))
    req = Message.of("treatments.req.worker_age", age=v.worker_min_age)
    birth = None if w is None else w.birth_date
    if birth is None:
        ask = (f"{F_WORKER}.birth_date",)
        j.conditions.append(Cond("worker_age", UNKNOWN, req, _ask(*ask), ask))
    else:
        years = age_on(birth, p.day) if birth <= p.day else 0
        found = Message.of("treatments.found.age", age=years)
        ok = MET if years >= v.worker_min_age else UNMET
        j.conditions.append(Cond("worker_age", ok, req, found))
    req = Message.of("treatments.req.monthly_pay", pay=Yen(v.monthly_pay))
    pay = None if w is None else w.monthly_pay
    if pay is None:
        ask = (f"{F_WORKER}.monthly_pay",)
        j.conditions.append(Cond("monthly_pay", UNKNOWN, req, _ask(*ask), ask))
    else:
        found = Message.of("treatments.found.pay", pay=Yen(pay))
        j.conditions.append(Cond("monthly_pay", MET if pay >= v.monthly_pay else UNMET, req, found))
    speaks = None if w is None else w.speaks_household_language
    if speaks is not None:  # declared: a condition (as declared); else on the checklist
        req = Message.of("treatments.req.language")
        found = Message.of(f"treatments.found.{'declared' if speaks else 'declared_not'}")
        j.conditions.append(Cond("language", MET if speaks else UNMET, req, found))
    else:
        j.checklist.append("language")


def accompanying(p: Person, v: Value, j: Judged) -> None:
    assert v.household_income is not None and v.employed_years_before_entry is not None
    _worker(p, v, j, v.household_income, one_only=True)
    w = p.household.domestic_worker if p.household is not None else None
    years = v.employed_years_before_entry
    req = Message.of("treatments.req.employed_before_entry", years=years)
    since = None if w is None else w.employed_since
    if since is None:
        ask = (f"{F_WORKER}.employed_since",)
        j.conditions.append(Cond("employed_before_entry", UNKNOWN, req, _ask(*ask), ask))
    else:
        ok = MET if add_years(since, years) <= p.entry else UNMET
        found = Message.of("treatments.found.employed", since=since, entry=p.entry)
        j.conditions.append(Cond("employed_before_entry", ok, req, found))
    req = Message.of("treatments.req.leaves_with")
    leaves = None if w is None else w.leaves_with_applicant
    if leaves is None:
        ask = (f"{F_WORKER}.leaves_with_applicant",)
        j.conditions.append(Cond("leaves_with", UNKNOWN, req, _ask(*ask), ask))
    else:
        found = Message.of(f"treatments.found.{'declared' if leaves else 'declared_not'}")
        j.conditions.append(Cond("leaves_with", MET if leaves else UNMET, req, found))


def family(p: Person, v: Value, j: Judged) -> None:
    assert v.household_income is not None and v.child_age_below is not None
    _worker(p, v, j, v.household_income, one_only=True)
    age = v.child_age_below
    req = Message.of("treatments.req.child_or_spouse_illness", age=age)
    kids = children_under(p, age)
    hh = p.household
    ill = None if hh is None or hh.spouse is None else hh.spouse.cannot_do_housework
    if kids:
        until = add_years(kids[0], age)
        found = Message.of("treatments.found.child", birth=kids[0])
        j.conditions.append(Cond("child_or_spouse_illness", MET, req, found))
        j.dates.append(
            (
                "domestic_worker_family.child_until",
                until,
                Message.of("treatments.date.child_until", day=until, age=age, birth=kids[0]),
            )
        )
    elif ill:
        found = Message.of("treatments.found.spouse_illness")
        j.conditions.append(Cond("child_or_spouse_illness", MET, req, found))
    else:
        unknown = hh is None or (hh.spouse is not None and ill is None)
        other = f"{F_SPOUSE}.cannot_do_housework" if unknown else None
        j.conditions.append(_no_young_child("child_or_spouse_illness", req, p, hh, age, other))


def tiered(p: Person, v: Value, j: Judged, investment: bool) -> None:
    """The investment-management and J-Skip types: the income floor for the number of workers
    asked (one when not said: the lowest tier that allows it)."""
    assert v.tiers
    w = p.household.domestic_worker if p.household is not None else None
    wanted = 1 if w is None else w.count
    tier = next((t for t in v.tiers if t.workers >= wanted), v.tiers[-1])
    if investment:
        req = Message.of("treatments.req.investment_management")
        ok = MET if p.investment_management else UNMET
        found = Message.of(f"treatments.found.{'yes' if ok == MET else 'not_claimed'}")
        j.conditions.append(Cond("investment_management", ok, req, found))
    _worker(p, v, j, tier.household_income, one_only=False)
    if w is not None and wanted > v.tiers[-1].workers:  # more than any tier allows
        req = Message.of("treatments.req.workers", workers=Count(v.tiers[-1].workers))
        found = Message.of("treatments.found.asked", workers=Count(wanted))
        j.conditions.append(Cond("workers", UNMET, req, found))
    for t in v.tiers:
        tier_text = Message.of(
            "treatments.detail.tier", workers=Count(t.workers), floor=Yen(t.household_income)
        )
        j.details.append(("domestic_worker.tier", tier_text))
    if v.worker_conditions_assumed:
        assert v.worker_min_age is not None and v.monthly_pay is not None
        said = Message.of("treatments.detail.assumed", age=v.worker_min_age, pay=Yen(v.monthly_pay))
        j.details.append(("domestic_worker.assumed", said))
    j.checklist.append("worker_count")


def _no_young_child(
    code: str, req: Message, p: Person, hh: Household | None, age: int, other: str | None
) -> Cond:
    """The condition "a child under ``age``, or <other>" when no child under the age is
    known: unmet, or unknown asking for the children and ``other`` (a field, or None when
    that fact is given); a child turning ``age`` on the date itself is said."""
    turned = turned_today(p, age)
    ask = _unknown_children(hh) if turned is None else ()
    if other is not None:
        ask = (*ask, other)
    if turned is not None:  # under the age no more on the date itself
        said = "turned_ask" if ask else "turned"
        found = Message.of(f"treatments.found.{said}", birth=turned, age=age, day=p.day,
                           fields=ask)  # fmt: skip
    else:
        found = _ask(*ask) if ask else Message.of("treatments.found.no_child", age=age,
                                                  day=p.day)  # fmt: skip
    return Cond(code, UNKNOWN if ask else UNMET, req, found, ask)
