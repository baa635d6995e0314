"""How one date of a timeline question was judged (``results.timeline.DayJudged``).

The category used and why (``features.category_on``), the rule version, the points per item,
the core facts missing (with the range still possible) and the prerequisite that fails: the
salary floor, the points, or which J-Skip criterion (salary below the minimum; no qualifying
degree and too few years of experience).
"""

from __future__ import annotations

import datetime as dt

from kodo.explanation.conditions import condition_messages
from kodo.features.category_on import CategoryOn
from kodo.features.days import DayPoints
from kodo.i18n import Message, Yen, label, render
from kodo.items import Registry
from kodo.results.common import Note, RulesUsed
from kodo.results.timeline import DayJudged
from kodo.rules.book import RuleBook
from kodo.rules.values import JSkip, JSkipCategory
from kodo.vocab import CATEGORIES

_J_SKIP_FACTS = ("annual_salary", "degrees")


def fact_labels(facts: tuple[str, ...]) -> tuple[Message, ...]:
    """The names of core facts (catalogue ``fact.<name>``), for a sentence."""
    return tuple(label(f"fact.{f}") for f in facts)


def rules_on(book: RuleBook, day: dt.date) -> RulesUsed:
    """The rule version in force on ``day``: the book's content id and its effective date."""
    return RulesUsed(book.id, book.name, book.at(day).effective_from.isoformat())


def _category(cat: CategoryOn) -> Message:
    return Message.of(f"category.{cat.category}.short")


def failing(
    book: RuleBook, rules_day: dt.date, p: DayPoints, cat: CategoryOn, need: int | None
) -> list[Message]:
    """Why ``p`` does not meet ``need`` points (or, when None, the J-Skip criteria) in ``cat``."""
    ci = cat.ci
    category = _category(cat)
    gone = p.missing[ci]
    if need is None:
        rule = book.at(rules_day).value("j_skip", JSkip)
        if rule is None:
            return [Message.of("timeline.fail.j_skip_not_in_force", day=rules_day)]
        crit: JSkipCategory = getattr(rule, cat.category)
        salary_ok, degree_ok, years_ok = p.jskip_parts[ci]
        if "annual_salary" in gone or ("degrees" in gone and not years_ok):
            facts = tuple(f for f in gone if f in _J_SKIP_FACTS)
            return [Message.of("timeline.fail.facts_missing_j_skip", facts=fact_labels(facts))]
        out = []
        if not salary_ok:
            salary = Yen(crit.min_salary)
            out.append(
                Message.of("timeline.fail.j_skip_salary", category=category, min_salary=salary)
            )
        if not (degree_ok or years_ok):
            kind = Message.of(f"experience.{crit.experience}")
            code = "j_skip_degree_or_years" if crit.degree_levels else "j_skip_years"
            out.append(Message.of(f"timeline.fail.{code}", kind=kind, years=crit.min_years))
        return out
    if gone:
        low, high = p.range_of(ci)
        return [
            Message.of("timeline.fail.facts_missing", facts=fact_labels(gone), low=low, high=high)
        ]
    out = []
    if not p.floor_ok[ci]:
        out.append(
            Message.of("timeline.fail.salary_floor", category=category, floor=Yen(p.floor[ci]))
        )
    if p.total[ci] < need:
        out.append(Message.of("timeline.fail.points", points=p.total[ci], need=need))
    return out


def judged(
    book: RuleBook,
    registry: Registry,
    day: dt.date,
    rules_day: dt.date,
    p: DayPoints | None,
    cat: CategoryOn | None,
    need: int | None,
    lang: str,
    warnings: tuple[Message, ...] = (),
) -> DayJudged | None:
    """The description of one judged date (None when its points cannot be computed)."""
    if p is None or cat is None:
        return None
    ci = cat.ci
    gone = p.missing[ci]
    low, high = p.range_of(ci)
    reasons = failing(book, rules_day, p, cat, need)
    relevant = gone
    if need is None:  # the J-Skip criteria read the salary, and the degrees unless the years do
        missing_reason = reasons and reasons[0].code == "timeline.fail.facts_missing_j_skip"
        relevant = tuple(f for f in gone if f in _J_SKIP_FACTS) if missing_reason else ()
    head = cat.message(day)
    if reasons:
        code = "timeline.judged.j_skip_not_met" if need is None else "timeline.judged.not_met"
        if reasons[0].code.startswith("timeline.fail.facts_missing"):
            code = "timeline.judged.missing"
        text = render(head, lang) + render(Message.of(code, day=day, reasons=tuple(reasons)), lang)
    else:
        text = render(head, lang)
    items = p.item_points(ci, tuple(i.id for i in registry.items))
    # conditions of the rule versions that scored (the local-government bonus before
    # 2023-03-31: the special-zone programme only), on every date judged
    scoring = [i for i, points in items.items() if points]
    conditions = tuple(m for _, m in condition_messages(book.at(rules_day), scoring, day))
    warnings = warnings + tuple(m for m in conditions if m not in warnings)
    return DayJudged(
        date=day.isoformat(),
        rules_date=rules_day.isoformat(),
        rules=rules_on(book, rules_day),
        category=CATEGORIES[ci],
        basis=cat.basis,
        total=None if gone else p.total[ci],
        low=low,
        high=high,
        items=items,
        missing=relevant,
        met=not reasons,
        failing=tuple(
            Note(m.code.removeprefix("timeline.fail."), render(m, lang)) for m in reasons
        ),
        warnings=tuple(Note(m.code, render(m, lang)) for m in warnings),
        text=text,
    )
