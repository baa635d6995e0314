"""The page's form, declared once: sections of questions about the applicant format.

A :class:`Question` names its applicant path (in a list: within a row), its kind and choices
(from :mod:`kodo.vocab`); its texts are catalogue codes derived from the path
(``form.label.<key>``, ``form.help.<key>``). The template, the converter and the error
mapping (``form.py``) read this declaration; the input ids derive from the paths. Every figure
in a help sentence is a parameter read here from the rules in force on the application date
(a sentence whose rule is not in force then is left out).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, get_args

from kodo.i18n import Message, Num, Param, Yen, label
from kodo.input.limits import MAX_DEGREES, MAX_PERIODS
from kodo.rules import RuleBook, Snapshot
from kodo.rules.values import (
    AgeValue,
    Bonus,
    Career,
    CountTable,
    Education,
    Hsp2,
    PermanentResidence,
    Position,
    Research,
    Salary,
    SalaryFloor,
    Thresholds,
)
from kodo.vocab import CATEGORIES, JLPT_LEVELS, LEVELS, POSITIONS, STATUSES, ApplicationKind

Kind = Literal["date", "int", "yen", "years", "percent", "bool", "choice", "text", "none"]
Params = dict[str, Param]
ParamFn = Callable[[RuleBook, Snapshot], Params | None]
APPLICATION_KINDS: tuple[str, ...] = ("change", "coe", "renewal")  # the default first
assert set(APPLICATION_KINDS) == set(get_args(ApplicationKind))


@dataclass(frozen=True)
class Help:
    """One sentence of help: catalogue code and its parameters (None: the rule behind the
    sentence is not in force on the date, and the sentence is left out)."""

    code: str
    params: ParamFn | None = None

    def message(self, book: RuleBook, snap: Snapshot) -> Message | None:
        found = self.params(book, snap) if self.params is not None else {}
        return None if found is None else Message.of(self.code, **found)


@dataclass(frozen=True)
class Question:
    """One answer: ``path`` in the applicant format (in a list: within one row)."""

    path: str
    kind: Kind
    choices: tuple[str, ...] = ()
    choice_code: str = ""  # catalogue code of a choice's text, with {} for the value
    blank: bool = False  # a choice may be left blank (its text: form.blank.<key>)
    help: tuple[Help, ...] = ()  # short help (form.help.<key> when empty)
    more: tuple[Help, ...] = ()  # longer help, shown on request
    label_params: ParamFn | None = None


@dataclass(frozen=True)
class Repeat:
    """A repeatable list (``degrees``, ``statuses``): rows of the same questions."""

    path: str
    questions: tuple[Question, ...]
    limit: int
    help: tuple[Help, ...] = ()


@dataclass(frozen=True)
class Section:
    id: str
    items: tuple[Question | Repeat, ...]
    intro: tuple[Help, ...] = ()


# ---- parameters from the rule data ---------------------------------------------------------


def cats(codes: Sequence[str]) -> tuple[Param, ...]:
    """Categories by their short names (a list, joined per language)."""
    return tuple(label(f"category.{c}.short") for c in codes)


def cat(code: str) -> Message:
    return label(f"category.{code}.short")


def num(value: float) -> int | Num:
    return int(value) if float(value).is_integer() else Num(value)


def bonus(rule: str, **extra: Callable[[Bonus], Param]) -> ParamFn:
    """``points`` and ``cats`` of a bonus, plus ``extra`` values read from it."""

    def get(book: RuleBook, snap: Snapshot) -> Params | None:
        v = snap.value(rule, Bonus)
        if v is None:
            return None
        out: Params = {"points": v.points, "cats": cats(v.categories)}
        for name, fn in extra.items():
            out[name] = fn(v)
        return out

    return get


def since(book: RuleBook, snap: Snapshot) -> Params:
    return {"since": book.coverage_from}


def thresholds(book: RuleBook, snap: Snapshot) -> Params | None:
    v = snap.value("thresholds", Thresholds)
    return None if v is None else {"pass": v.pass_mark}


def age(book: RuleBook, snap: Snapshot) -> Params | None:
    v = snap.value("age", AgeValue)
    tables = {c: getattr(v, c) for c in CATEGORIES} if v is not None else {}
    scored = [c for c, t in tables.items() if t is not None]
    if not scored:
        return None
    first = tables[scored[0]]
    assert first is not None
    return {
        "cats": cats(scored),
        "points": first.points[0],
        "age": first.edges[0],
        "top": first.edges[-1],
    }


def education(book: RuleBook, snap: Snapshot) -> Params | None:
    v = snap.value("education", Education)
    if v is None:
        return None
    best = max(CATEGORIES, key=lambda c: v.points[c]["doctorate"])
    return {"points": v.points[best]["doctorate"], "cat": cat(best)}


def business(book: RuleBook, snap: Snapshot) -> Params | None:
    v = snap.value("education", Education)
    tiers = {c: p for c, p in (v.business_degree.items() if v else ()) if p is not None}
    if not tiers:
        return None
    return {"points": max(tiers.values()), "cats": cats(sorted(tiers))}


def career(kind: str) -> ParamFn:
    def get(book: RuleBook, snap: Snapshot) -> Params | None:
        v = snap.value("career", Career)
        if v is None:
            return None
        used = [c for c in CATEGORIES if v.experience[c] == kind]
        return {"cats": cats(used), "years": num(v.edges_years[0])}

    return get


def salary_floor(book: RuleBook, snap: Snapshot) -> Params | None:
    v = snap.value("salary_floor", SalaryFloor)
    floors = {c: getattr(v, c) for c in CATEGORIES} if v is not None else {}
    flat = {c: f for c, f in floors.items() if isinstance(f, int)}
    if not flat or len(set(flat.values())) != 1:
        return None
    return {"cats": cats(sorted(flat)), "floor": Yen(next(iter(flat.values())))}


def salary_bands(book: RuleBook, snap: Snapshot) -> Params | None:
    v = snap.value("salary", Salary)
    if v is None:
        return None
    by_age = [c for c in CATEGORIES if getattr(v, c).age_edges]
    flat = [c for c in CATEGORIES if not getattr(v, c).age_edges]
    if not by_age or len(flat) != 1:
        return None
    return {
        "cats": cats(by_age),
        "cat": cat(flat[0]),
        "low": Yen(getattr(v, flat[0]).salary_edges[0]),
    }


def research_points(book: RuleBook, snap: Snapshot) -> Params | None:
    v = snap.value("research", Research)
    tables = {c: t for c, t in (v.points_by_count.items() if v else ()) if t}
    if not tables:
        return None
    top = max(tables, key=lambda c: tables[c][-1])
    return {
        "cats": cats(sorted(tables)),
        "cat": cat(top),
        "one": tables[top][1],
        "two": tables[top][-1],
    }


def research_minimum(kind: str) -> ParamFn:
    def get(book: RuleBook, snap: Snapshot) -> Params | None:
        v = snap.value("research", Research)
        return None if v is None else {"count": getattr(v.minimums, kind)}

    return get


def licences(book: RuleBook, snap: Snapshot) -> Params | None:
    v = snap.value("licences", CountTable)
    tables = {c: t for c, t in (v.points_by_count.items() if v else ()) if t}
    if not tables:
        return None
    first = next(iter(tables.values()))
    return {"cats": cats(sorted(tables)), "one": first[1], "two": first[-1]}


def position(book: RuleBook, snap: Snapshot) -> Params | None:
    v = snap.value("position", Position)
    tables = {c: getattr(v, c) for c in CATEGORIES if v is not None and getattr(v, c)}
    if not tables:
        return None
    t = next(iter(tables.values()))
    return {"cats": cats(sorted(tables)), "representative": t.representative, "officer": t.officer}


def condition(rule: str) -> ParamFn:
    """Empty parameters when the rule's version on the date has a condition the facts do not
    show (the sentence saying so is then shown), else None."""

    def get(book: RuleBook, snap: Snapshot) -> Params | None:
        v = snap.version(rule)
        return {} if v.in_force and v.condition else None

    return get


def permanent(route: str) -> ParamFn:
    def get(book: RuleBook, snap: Snapshot) -> Params | None:
        v = snap.value("permanent_residence", PermanentResidence)
        r = getattr(v, route) if v is not None else None
        if r is None or r.points is None:
            return None
        return {"years": r.years, "points": r.points}

    return get


def hsp2(book: RuleBook, snap: Snapshot) -> Params | None:
    v = snap.value("hsp2", Hsp2)
    return None if v is None else {"years": v.years}


def ratio(v: Bonus) -> Param:
    return num(v.ratio_pct) if v.ratio_pct is not None else None


def rnd_label(book: RuleBook, snap: Snapshot) -> Params:
    v = snap.value("rnd_ratio_sme", Bonus)
    # before the bonus existed the field still reads a ratio: the 2013 one names it
    later = book.rules["rnd_ratio_sme"].versions[-1].value
    found = v if v is not None else later
    return {"pct": ratio(found) if isinstance(found, Bonus) else None}


def bjt(rule: str) -> ParamFn:
    return bonus(rule, score=lambda v: v.bjt_min)


def min_yen(v: Bonus) -> Param:
    return Yen(v.min_yen) if v.min_yen is not None else None


def h(code: str, params: ParamFn | None = None) -> Help:
    return Help(f"form.help.{code}", params)


def more(code: str, params: ParamFn | None = None) -> Help:
    return Help(f"form.more.{code}", params)


def flag(path: str, *helps: Help, extra: tuple[Help, ...] = ()) -> Question:
    return Question(path, "bool", help=helps, more=extra)


# ---- the form -------------------------------------------------------------------------------

# fmt: off
DEGREE = (
    Question("level", "choice", tuple(reversed(LEVELS)), "level.{}", blank=True,
             help=(h("degrees.level"),)),
    Question("field", "text", help=(h("degrees.field"),)),
    flag("business", h("degrees.business", business)),
    flag("japan", h("degrees.japan", bonus("jp_degree"))),
    flag("designated", h("degrees.designated", bonus("top_university")),
         extra=(more("degrees.designated"),)),
    flag("japanese_major", h("degrees.japanese_major", bonus("n1_or_jp_major"))),
)

STATUS = (
    Question("status", "choice", STATUSES, "form.choice.status.{}", blank=True,
             help=(h("statuses.status"),)),
    Question("from", "date", help=(h("statuses.from"),)),
    Question("to", "date", help=(h("statuses.to"),)),
    Question("points", "int", help=(h("statuses.points"),)),
)

SECTIONS: tuple[Section, ...] = (
    Section("about", (
        Question("date", "date", help=(h("date"),), more=(more("date", since),)),
        Question("birth_date", "date", help=(h("birth_date"), h("age", age))),
        Question("category", "choice", CATEGORIES, "category.{}.name", blank=True,
                 help=(h("category", thresholds),), more=(more("category"),)),
        Question("application.kind", "choice", APPLICATION_KINDS, "form.choice.kind.{}",
                 help=(h("application.kind"),)),
        Question("application.planned_entry", "date", help=(h("application.planned_entry"),)),
    )),
    Section("education", (
        Repeat("degrees", DEGREE, MAX_DEGREES, help=(
            h("degrees.list", education), h("degrees.multiple", bonus("multiple_fields")))),
        Question("degrees", "none", help=(h("degrees_none"),)),
    )),
    Section("work", (
        Question("experience.research", "years",
                 help=(h("experience.research", career("research")),)),
        Question("experience.professional", "years",
                 help=(h("experience.professional", career("professional")),)),
        Question("experience.management", "years",
                 help=(h("experience.management", career("management")),)),
    ), intro=(Help("form.intro.work"),)),
    Section("salary", (
        Question("annual_salary", "yen", help=(h("annual_salary"), h("salary_floor", salary_floor)),
                 more=(more("annual_salary"), more("salary_bands", salary_bands))),
        Question("salary_performance_linked", "yen", help=(h("salary_performance_linked"),)),
    )),
    Section("japanese", (
        Question("japanese.jlpt", "choice", JLPT_LEVELS, "form.choice.jlpt.{}", blank=True,
                 help=(h("japanese.n1", bonus("n1_or_jp_major")), h("japanese.n2", bonus("n2")))),
        Question("japanese.bjt", "int", help=(h("japanese.bjt_n1", bjt("n1_or_jp_major")),
                                              h("japanese.bjt_n2", bjt("n2")))),
    )),
    Section("employer", (
        flag("employer.innovation_support",
             h("employer.innovation_support", bonus("innovation_support"))),
        flag("employer.sme", h("employer.sme"),
             h("employer.sme_bonus", bonus("innovation_support_sme"))),
        Question("employer.rnd_over_3pct", "bool", label_params=rnd_label,
                 help=(h("employer.rnd_over_3pct", bonus("rnd_ratio_sme", pct=ratio)),)),
        Question("employer.rnd_ratio_pct", "percent",
                 help=(h("employer.rnd_ratio_pct", bonus("rnd_ratio_sme", pct=ratio)),)),
        flag("employer.local_gov_support",
             h("employer.local_gov_support", bonus("local_gov_support")),
             h("employer.local_gov_zone", condition("local_gov_support"))),
    ), intro=(Help("form.intro.employer"),)),
    Section("research", (
        Question("research.patents", "int",
                 help=(h("research.patents", research_minimum("patents")),)),
        Question("research.funded_projects", "int",
                 help=(h("research.funded_projects", research_minimum("funded_projects")),)),
        Question("research.papers", "int",
                 help=(h("research.papers", research_minimum("papers")),)),
        flag("research.other", h("research.other")),
    ), intro=(Help("form.intro.research", research_points),)),
    Section("japan", (
        Repeat("statuses", STATUS, MAX_PERIODS,
               help=(h("statuses.list"), h("statuses.pr70", permanent("points_70")),
                     h("statuses.pr80", permanent("points_80")), h("statuses.hsp2", hsp2))),
        Question("residence_since", "date", help=(h("residence_since"),)),
    ), intro=(Help("form.intro.japan"),)),
    Section("other", (
        Question("licenses", "int", help=(h("licenses", licences),)),
        Question("position", "choice", POSITIONS, "position.{}", help=(h("position", position),)),
        flag("foreign_qualification", h("foreign_qualification", bonus("foreign_qualification"))),
        flag("growth_field_project", h("growth_field_project", bonus("growth_field_project"))),
        flag("training.jica", h("training.jica", bonus("designated_training"))),
        flag("training.at_japanese_university", h("training.at_japanese_university")),
        Question("investment", "yen",
                 help=(h("investment", bonus("investment_100m", min=min_yen)),)),
        flag("investment_management", h("investment_management", bonus("investment_management"))),
    )),
)
# fmt: on
