"""Permanent residence: the HSP special cases of the residence condition (rules.md §3).

Each route in force on the application date is checked (``pr_check``), with the earliest
date it opens within the horizon; options whose other reading would change a verdict or an
earliest date are named in a warning. Not checked (listed in the result as a checklist):
good conduct, independent livelihood, taxes, pension and insurance, the longest period of
stay, absences from Japan.

The category on each date comes from ``features.category_on``; each route describes both of
its dates (``features.judged``: category and why, rule version, item breakdown, missing facts,
the failing prerequisite). When a core fact is missing on a date, the route is not judged
(code ``facts_missing``): the result names the facts and the range of points still possible.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from kodo.dates import add_years, sub_years
from kodo.explanation.sources import sources_of
from kodo.features.category_on import CategoryOn
from kodo.features.common import rules_used
from kodo.features.days import HORIZON_YEARS, DayPoints, DayScores
from kodo.features.judged import fact_labels, failing, judged
from kodo.features.pr_check import Checker
from kodo.history.timeline import Timeline
from kodo.i18n import Message, Param, render, sentences
from kodo.input.applicant import Applicant
from kodo.items import Registry
from kodo.options import Options
from kodo.results.common import CitationRef, Note
from kodo.results.timeline import PermanentResidenceResult, Route, Variant
from kodo.rules.book import RuleBook
from kodo.rules.values import PermanentResidence, PermanentResidenceRoute, Thresholds
from kodo.vocab import CATEGORIES, PR_ROUTES

PERIOD_FACT = "residence_since"  # the fact to ask when the residence period is unknown
NOT_CHECKED = ("conduct", "livelihood", "taxes", "pension", "period_of_stay", "absences")


# Variant codes that close a route whatever the points (the period of status or residence).
_PERIOD_SHORT = frozenset(
    {
        "status_not_held",
        "status_short",
        "residence_unknown",
        "residence_short",
        "lookback_before_data",
    }
)


def permanent_residence(
    tl: Timeline,
    scores: DayScores,
    book: RuleBook,
    opts: Options,
    on: dt.date,
    lang: str,
) -> PermanentResidenceResult:
    checker = Checker(tl, scores, book, opts)
    end = add_years(on, HORIZON_YEARS)
    routes = [_route(checker, route, on, end, lang) for route in PR_ROUTES]
    warnings: list[Message] = []
    # Options whose other reading would change a verdict or an earliest date.
    for name, other in (
        ("past_rules", "now" if opts.past_rules == "then" else "then"),
        (
            "pr_points_maintained",
            "throughout" if opts.pr_points_maintained == "endpoints" else "endpoints",
        ),
        (
            "jskip_lookback_rules",
            "then" if opts.jskip_lookback_rules == "application" else "application",
        ),
    ):
        alt = Checker(tl, scores, book, opts.model_copy(update={name: other}))
        for r in routes:
            found = alt.earliest(r.route, on, end)
            alt_open = found is not None and found[0] == on
            alt_earliest = None if found is None else found[0]
            if (alt_open, _iso(alt_earliest)) != (r.open, r.earliest):
                warnings.append(
                    Message.of(
                        f"pr.warning.option.{name}",
                        route=route_label(book, r.route, on),
                        value=str(getattr(opts, name)),
                        other=other,
                        open=_yes_no(r.open),
                        earliest=_date(r.earliest),
                        alt_open=_yes_no(alt_open),
                        alt_earliest=alt_earliest,
                    )
                )
    if tl.app.statuses is None and tl.app.residence_since is None:
        warnings.append(Message.of("pr.warning.residence_unknown"))
    for day in dict.fromkeys(d for d in (on, _date(_earliest_of(routes))) if d is not None):
        last = tl.residence_assumed_after(day)
        if last is not None:
            warnings.append(Message.of("timeline.pr.residence_assumed", end=last, day=day))
    assumed = tl.assumed if not tl.app.has_history else ()
    if assumed:
        facts = tuple(Message.of(f"assumed.{a}") for a in assumed)
        warnings.append(Message.of("pr.warning.assumed", facts=facts))
    open_routes = tuple(r.route for r in routes if r.open)
    dated = [(r.earliest, r.route) for r in routes if r.earliest is not None]
    earliest, earliest_route = min(dated) if dated else (None, None)
    # The core facts missing on a date a route judges (in the category judging that date).
    missing = tuple(
        dict.fromkeys(
            f
            for r in routes
            if r.code == "facts_missing"
            for j in (r.now, r.then)
            if j is not None
            for f in j.missing
        )
    )
    if _period_unknown(tl) and any(r.code == "facts_missing" for r in routes):
        missing = (*missing, PERIOD_FACT)
    if missing and not open_routes:
        code = "facts_missing"
        summary = Message.of("timeline.pr.missing", on=on, facts=fact_labels(missing))
    elif open_routes:
        code = "open"
        summary = Message.of(
            "pr.summary.open", on=on, routes=tuple(route_label(book, r, on) for r in open_routes)
        )
    elif earliest is not None and earliest_route is not None:
        code = "later"
        summary = Message.of(
            "pr.summary.later", on=on, day=dt.date.fromisoformat(earliest),
            route=route_label(book, earliest_route, on),
        )  # fmt: skip
    else:
        code = "none"
        summary = Message.of("pr.summary.none", on=on, years=HORIZON_YEARS)
    return PermanentResidenceResult(
        format="kodo.permanent_residence.v1",
        on=on.isoformat(),
        lang=lang,
        rules=rules_used(book, on),
        residence_since=_iso(tl.residence_start(on)),
        open_routes=open_routes,
        earliest=earliest,
        earliest_route=earliest_route,
        routes=tuple(routes),
        not_checked=tuple(
            Note(f"not_checked.{c}", render(Message.of(f"not_checked.{c}"), lang))
            for c in NOT_CHECKED
        ),
        warnings=tuple(Note(w.code.removeprefix("pr.warning."), render(w, lang)) for w in warnings),
        assumed=tuple(assumed),
        options={
            "past_rules": opts.past_rules,
            "pr_points_maintained": opts.pr_points_maintained,
            "jskip_lookback_rules": opts.jskip_lookback_rules,
        },
        code=code,
        text=render(summary, lang),
        sources=sources_of(book, (c for r in routes for c in r.citation), lang),
        missing=missing,
    )


def _period_unknown(tl: Timeline) -> bool:
    """Neither the statuses held nor the start of residence is given."""
    return tl.app.statuses is None and tl.app.residence_since is None


def _earliest_of(routes: list[Route]) -> str | None:
    return min((r.earliest for r in routes if r.earliest is not None), default=None)


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _date(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def _yes_no(value: bool) -> Message:
    return Message.of("word.yes" if value else "word.no")


def _points(p: DayPoints | None) -> dict[str, int] | None:
    return None if p is None else p.totals()


def _points_message(p: DayPoints | None, ci: int | None) -> Param:
    if p is None or ci is None:
        return None
    category = Message.of(f"category.{CATEGORIES[ci]}.short")
    if p.missing[ci]:
        low, high = p.range_of(ci)
        return Message.of("timeline.points_range", low=low, high=high, category=category)
    return Message.of("pr.points", points=p.total[ci], category=category)


def _j_skip_state(cat: CategoryOn | None, met: int | None) -> Param:
    """ "J-Skip criteria met (HSP(i)(b))" for the J-Skip route's dates, instead of points."""
    if cat is None:
        return None
    category = Message.of(f"category.{cat.category}.short")
    return Message.of(
        f"timeline.j_skip_state.{'met' if met is not None else 'not_met'}", category=category
    )


def first_open(checker: Checker, route: str, on: dt.date) -> dt.date:
    """Since when ``route``, open on ``on``, has been open without a break: the first date of
    the run of open dates that ends on ``on``. The verdict changes only on the candidate
    dates, searched back to when the route first existed (or the rule data begins)."""
    since = _first_version(checker.book, route)[0] or checker.book.coverage_from
    lo = max(since, checker.book.coverage_from)
    days = [d for d in checker.candidates(route, lo, on) if d < on]
    checker.prefill(route, days)
    first = on
    for d in reversed(days):
        v = checker.check(route, d)
        if v is None or not v.open:
            break
        first = d
    return first


def _cite(book: RuleBook, day: dt.date) -> tuple[CitationRef, ...]:
    version = book.at(day).version("permanent_residence")
    return tuple(CitationRef(c.source, c.item) for c in version.citations)


def _route(checker: Checker, route: str, on: dt.date, end: dt.date, lang: str) -> Route:
    book = checker.book
    rv = checker.route_value(route, on)
    found = checker.earliest(route, on, end)
    earliest = _iso(found[0]) if found else None
    earliest_variant = None if not found else ("held" if found[1].held else "deemed")
    name = route_label(book, route, on)
    label = render(name, lang)
    if rv is None:
        since = _first_version(book, route)[0]
        said = Message.of("pr.route.not_in_force", route=name, on=on, since=since)
        return Route(
            route, label, False, None, None, False, None, None, None, None, None, (), earliest,
            earliest_variant, render(said, lang), _cite(book, on), "not_in_force", None, None,
            None,
        )  # fmt: skip
    v = checker.check(route, on)
    assert v is not None
    look = sub_years(on, rv.years)
    need = rv.points
    thresholds = book.at(on).value("thresholds", Thresholds)
    ci_now = None if v.cat_now is None else v.cat_now.ci
    ci_then = None if v.cat_then is None else v.cat_then.ci
    values: dict[str, Param] = {
        "route": name,
        "need": Message.of("pr.need.points", points=need)
        if need is not None
        else Message.of("pr.need.j_skip"),
        "years": rv.years,
        "on": on,
        "look": look,
        "now": _points_message(v.now, ci_now)
        if need is not None
        else _j_skip_state(v.cat_now, v.ci_now),
        "then": _points_message(v.then, ci_then)
        if need is not None
        else _j_skip_state(v.cat_then, v.ci_then),
        "held_start": v.held_start,
        "res_start": v.residence_start,
        "pass": thresholds.pass_mark if thresholds else None,
    }
    reg = checker.scores.registry
    now_j = judged(book, reg, on, on, v.now, v.cat_now, need, lang)
    then_j = judged(book, reg, look, v.rules_then or look, v.then, v.cat_then, need, lang)
    missing = (now_j is not None and bool(now_j.missing)) or (
        then_j is not None and bool(then_j.missing) and v.residence_start is not None
    )
    # Neither statuses nor residence_since given: the period is a missing fact, not a "no",
    # unless the points (or J-Skip) already fail on a date.
    period_missing = _period_unknown(checker.tl) and all(
        ci is not None or (j is not None and bool(j.missing))
        for ci, j in ((v.ci_now, now_j), (v.ci_then, then_j))
    )
    now_code = "now_ok" if v.ci_now is not None else "now_short"
    variants = []
    for kind, ok, code, start in (
        ("held", v.held, v.held_code, v.held_start),
        ("deemed", v.deemed, v.deemed_code, v.residence_start),
    ):
        if code == "ok" and not ok:
            code = now_code  # the period and past points suffice; today's points do not
        said = Message(f"pr.{kind}.{code}", tuple(values.items()))
        if code in ("points_then_short", "now_short"):
            # Say which prerequisite failed (the floor, the points, a J-Skip criterion).
            then_side = code == "points_then_short"
            p, cat = (v.then, v.cat_then) if then_side else (v.now, v.cat_now)
            rules_day = (v.rules_then or look) if then_side else on
            reasons = () if p is None or cat is None else failing(book, rules_day, p, cat, need)
            if reasons:
                key = "timeline.pr.j_skip_not_met" if need is None else "timeline.pr.not_met"
                said = Message.of(
                    key, day=look if then_side else on, reasons=tuple(reasons),
                    need=values["need"],
                )  # fmt: skip
        variants.append(Variant(kind, ok, code, _iso(start), render(said, lang)))
    # closed whatever the missing facts: neither the status nor the residence period suffices
    certain_no = v.held_code in _PERIOD_SHORT and v.deemed_code in _PERIOD_SHORT
    if ((missing and not certain_no) or period_missing) and not v.open:
        code = "facts_missing"
        facts = tuple(
            sorted({*(now_j.missing if now_j else ()), *(then_j.missing if then_j else ())})
        ) + ((PERIOD_FACT,) if period_missing else ())
        head = Message.of("timeline.pr.route_missing", route=name, on=on, facts=fact_labels(facts))
    else:
        code = "open" if v.open else "closed"
        key = f"pr.route.{code}" if need is not None else f"timeline.pr.j_skip_route.{code}"
        head = Message(key, tuple(values.items()))
    parts = [render(head, lang)]
    for j in (now_j, then_j):
        if j is not None and (j.failing or j.warnings):
            parts += [j.text, *(w.text for w in j.warnings)]
    text = sentences(parts, lang)
    if earliest and not v.open:
        text += render(Message.of("pr.route.earliest", day=dt.date.fromisoformat(earliest)), lang)
    opened = first_open(checker, route, on) if v.open else None
    if opened is not None and opened < on:
        text += render(Message.of("timeline.pr.open_since", day=opened), lang)
    return Route(
        route=route,
        label=label,
        in_force=True,
        points_needed=need,
        years=rv.years,
        open=v.open,
        lookback_date=look.isoformat(),
        points_now=_points(v.now),
        points_then=_points(v.then),
        category_now=None if ci_now is None else CATEGORIES[ci_now],
        category_then=None if ci_then is None else CATEGORIES[ci_then],
        variants=tuple(variants),
        earliest=earliest,
        earliest_variant=earliest_variant,
        text=text,
        citation=_cite(book, on),
        code=code,
        first_open=_iso(opened),
        now=now_j,
        then=then_j,
    )


def _first_version(
    book: RuleBook, route: str
) -> tuple[dt.date | None, PermanentResidenceRoute | None]:
    """When ``route`` first exists in the rule data, and its value then."""
    for v in book.rules["permanent_residence"].versions:
        if isinstance(v.value, PermanentResidence) and getattr(v.value, route) is not None:
            return v.effective_from, getattr(v.value, route)
    return None, None


def route_label(book: RuleBook, route: str, day: dt.date) -> Message:
    """The name of a route, with its points and years from the rule data."""
    value = book.at(day).value("permanent_residence", PermanentResidence)
    rv = None if value is None else getattr(value, route)
    if rv is None:
        rv = _first_version(book, route)[1]
    if rv is None:
        return Message.of(f"pr.route_name.{route}", points=None, years=None)
    return Message.of(f"pr.route_name.{route}", points=rv.points, years=rv.years)


class _Results(Protocol):
    def set_permanent_residence(self, index: int, result: PermanentResidenceResult) -> None: ...


def permanent_residence_block(
    results: _Results,
    people: Sequence[tuple[int, Applicant]],
    book: RuleBook,
    opts: Options,
    today: dt.date,
    lang: str,
    registry: Registry,
) -> None:
    """Attach the permanent-residence result to the evaluations of ``people`` (index, input)."""
    for i, app in people:
        on = app.date or today
        tl = Timeline(app, on, book)
        scores = DayScores(tl, book, opts, registry)
        result = permanent_residence(tl, scores, book, opts, on, lang)
        if app.date is None:  # judged on today's date (said by the evaluation itself)
            result = dataclasses.replace(result, date_source="today")
        results.set_permanent_residence(i, result)
