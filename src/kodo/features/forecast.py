"""Forecast and renewal risk: every date in the next N years on which a total changes.

The change dates come from the facts (birthdays at the age edges, experience reaching the
career edges, dated salary/status/test/job changes) and the rule data (new versions); the
points are scored on each of them in one batch. The category watched on each date is the one
``features.category_on`` decides (the status held then, else the input's, else the best).
A J-Skip holder is renewed on the J-Skip criteria, not on points (rules.md §4.1): their
renewals say so and ``first_below_pass`` is null for them. With a core fact missing on the
start date nothing is forecast: the result lists the missing facts and the range.
"""

from __future__ import annotations

import datetime as dt

from kodo.dates import DAY, add_years
from kodo.errors import input_error
from kodo.explanation.row import citations_of, rule_label
from kodo.explanation.sources import sources_of
from kodo.features.advice import MAX_COMBINATION, advise
from kodo.features.category_on import category_on
from kodo.features.common import rules_used
from kodo.features.days import DayPoints, DayScores
from kodo.features.judged import fact_labels, failing, rules_on
from kodo.history.timeline import Cause, Timeline
from kodo.i18n import Message, Num, Param, Yen, render
from kodo.items import Registry
from kodo.options import Options
from kodo.results.common import CitationRef, Note
from kodo.results.timeline import Change, Forecast, Renewal
from kodo.rules.book import RuleBook
from kodo.rules.values import Thresholds
from kodo.vocab import CATEGORIES, HSP_STATUSES, J_SKIP_STATUSES, LEVEL_CODE


def _cause(c: Cause, registry: Registry) -> Message:
    if c.code == "experience":
        return Message.of(
            "cause.experience",
            years=Num(float(str(c.value))),
            kind=Message.of(f"experience.{c.detail}"),
        )
    if c.code == "salary":
        return Message.of("cause.salary", amount=Yen(int(str(c.value))))
    if c.code == "rules":
        ids = c.value if isinstance(c.value, tuple) else ()
        return Message.of("cause.rules", rules=tuple(rule_label(str(i), registry) for i in ids))
    if c.code == "employer":
        return Message.of(f"cause.employer.{c.value}")
    if c.code == "degree" and str(c.value) in LEVEL_CODE:
        return Message.of("cause.degree", level=Message.of(f"level.{c.value}"))
    if c.code == "age":
        return Message.of("cause.age", age=int(str(c.value)))
    if c.code == "japanese":
        return Message.of("cause.japanese", result=str(c.value))
    return Message.of(f"cause.{c.code}")


def _rules_cause(
    c: Cause, registry: Registry, prev: DayPoints, p: DayPoints, ci: int
) -> Message | None:
    """The rule change, naming only the rules that moved this person's points: an item whose
    points changed in the watched category, or (for the rules that are not items: the pass
    mark, the salary floor) a change of eligibility. None when none of them did."""
    ids = c.value if isinstance(c.value, tuple) else ()
    row = registry.row
    moved = []
    for i in ids:
        rid = str(i)
        if rid in row:
            k = row[rid]
            if prev.items and p.items and prev.items[ci][k] != p.items[ci][k]:
                moved.append(rid)
        elif prev.eligible[ci] != p.eligible[ci]:
            moved.append(rid)
    if not moved:
        return None
    return Message.of("cause.rules", rules=tuple(rule_label(i, registry) for i in moved))


def _causes(
    causes: list[Cause], registry: Registry, prev: DayPoints, p: DayPoints, ci: int
) -> tuple[Message, ...]:
    out = []
    for c in causes:
        if c.code != "rules":
            out.append(_cause(c, registry))
            continue
        # The rules that moved the watched category, else those that moved another one.
        for cj in (ci, *(k for k in range(len(CATEGORIES)) if k != ci)):
            m = _rules_cause(c, registry, prev, p, cj)
            if m is not None:
                out.append(m)
                break
    return tuple(out)


def forecast(
    tl: Timeline,
    scores: DayScores,
    book: RuleBook,
    registry: Registry,
    opts: Options,
    on: dt.date,
    years: int,
    lang: str,
) -> Forecast:
    end = add_years(on, years)
    changes = tl.change_dates(on + DAY, end)
    renew_days = [
        p.to for p in tl.statuses if p.status in HSP_STATUSES and p.to and on <= p.to <= end
    ]
    scores.fill((d, d) for d in [on, *changes, *renew_days])
    start = scores.at(on)
    if start is None:
        raise input_error("date", "no_points_on", day=on)
    first = category_on(tl, on, start)
    assert first is not None
    ci = first.ci
    thresholds = book.at(on).value("thresholds", Thresholds)
    assert thresholds is not None
    ids = tuple(i.id for i in registry.items)
    status = tl.status_on(on)
    j_skip_holder = status in J_SKIP_STATUSES
    notes: list[Message] = []
    category = Message.of(f"category.{first.category}.short")
    if start.missing[ci]:
        low, high = start.range_of(ci)
        said = Message.of(
            "timeline.forecast.missing", start=on, facts=fact_labels(start.missing[ci]),
            category=category, low=low, high=high,
        )  # fmt: skip
        return Forecast(
            format="kodo.forecast.v1", start=on.isoformat(), end=end.isoformat(), lang=lang,
            rules=rules_used(book, on), category=first.category, basis=first.basis,
            points_now=start.totals(), changes=(), first_below_pass=None,
            first_below_high=None, below_pass_now=False, below_high_now=False,
            j_skip_holder=j_skip_holder, renewals=(), missing=start.missing[ci], notes=(),
            text=render(said, lang),
        )  # fmt: skip
    out: list[Change] = []
    prev, prev_ci = start, ci
    below_pass: dt.date | None = None
    below_high: dt.date | None = None
    below_pass_now = not start.passes(ci, thresholds.pass_mark)
    below_high_now = not start.passes(ci, thresholds.high)
    for day, causes in changes.items():
        p = scores.at(day)
        if p is None:
            continue
        cat = category_on(tl, day, p)
        cj = ci if cat is None else cat.ci
        if p.total != prev.total or p.eligible != prev.eligible or cj != prev_ci:
            why = _causes(causes, registry, prev, p, cj)
            values: dict[str, Param] = {
                "day": day,
                "category": Message.of(f"category.{CATEGORIES[cj]}.short"),
                "before": prev.total[prev_ci],
                "after": p.total[cj],
                "why": why,
            }
            code = "change.same" if p.total[cj] == prev.total[prev_ci] else "change.moves"
            text = render(Message(code, tuple(values.items())), lang)
            falls = prev.passes(prev_ci, thresholds.pass_mark) and not p.passes(
                cj, thresholds.pass_mark
            )
            if falls and not j_skip_holder:
                fix = _fix(tl, book, registry, opts, day, cj, lang)
                text += render(Message.of("change.renewal_fails", fix=fix), lang)
            out.append(
                Change(
                    date=day.isoformat(),
                    category=CATEGORIES[cj],
                    basis="best" if cat is None else cat.basis,
                    rules=rules_on(book, day),
                    items_before=(items_before := prev.item_points(prev_ci, ids)),
                    items_after=(items_after := p.item_points(cj, ids)),
                    causes=tuple(Note(m.code, render(m, lang)) for m in why),
                    before=prev.totals(),
                    after=p.totals(),
                    eligible_before=dict(zip(CATEGORIES, prev.eligible, strict=True)),
                    eligible_after=dict(zip(CATEGORIES, p.eligible, strict=True)),
                    code=code,
                    text=text,
                    citation=_cited(book, day, items_before, items_after),
                )
            )
        if below_pass is None and not below_pass_now and not p.passes(cj, thresholds.pass_mark):
            below_pass = day
        if below_high is None and not below_high_now and not p.passes(cj, thresholds.high):
            below_high = day
        prev, prev_ci = p, cj
    if j_skip_holder:
        below_pass = None
        notes.append(Message.of("timeline.forecast.j_skip_holder", start=on))
    elif below_pass_now:
        notes.append(Message.of("timeline.forecast.below_pass_now", start=on))
    if below_high_now and not j_skip_holder:
        notes.append(Message.of("timeline.forecast.below_high_now", start=on, high=thresholds.high))
    summary = render(
        Message.of(
            "forecast.summary", start=on, end=end, category=category, points=start.total[ci],
            n=len(out),
        ),
        lang,
    )  # fmt: skip
    if below_pass:
        summary += render(Message.of("forecast.below_pass", day=below_pass), lang)
    return Forecast(
        format="kodo.forecast.v1",
        start=on.isoformat(),
        end=end.isoformat(),
        lang=lang,
        rules=rules_used(book, on),
        category=first.category,
        basis=first.basis,
        points_now=start.totals(),
        changes=tuple(out),
        first_below_pass=None if below_pass is None else below_pass.isoformat(),
        first_below_high=None if below_high is None else below_high.isoformat(),
        below_pass_now=below_pass_now,
        below_high_now=below_high_now,
        j_skip_holder=j_skip_holder,
        renewals=tuple(_renewals(tl, scores, book, registry, renew_days, ci, lang)),
        missing=(),
        notes=tuple(Note(m.code.removeprefix("timeline."), render(m, lang)) for m in notes),
        text=summary,
        sources=sources_of(book, (c for ch in out for c in ch.citation), lang),
    )


def _cited(
    book: RuleBook, day: dt.date, before: dict[str, int], after: dict[str, int]
) -> tuple[CitationRef, ...]:
    """The citations of the rule versions in force on ``day`` of the items whose points
    change then (each source and item once)."""
    cited = citations_of(book.at(day))
    changed = (i for i in sorted(set(before) | set(after)) if before.get(i, 0) != after.get(i, 0))
    once: dict[tuple[str, str | None], CitationRef] = {}
    for c in (c for i in changed for c in cited.get(i, ())):
        once.setdefault((c.source, c.item), c)  # each source and item once, first first
    return tuple(once.values())


def _fix(
    tl: Timeline,
    book: RuleBook,
    registry: Registry,
    opts: Options,
    day: dt.date,
    ci: int,
    lang: str,
) -> Message:
    """The cheapest way back to the pass mark on ``day``."""
    adv = advise(tl.facts_on(day), book, registry, opts, day, (ci,), lang)
    combos = adv.categories[CATEGORIES[ci]].reach_pass
    if not combos:
        return Message.of("change.no_fix", max=MAX_COMBINATION)
    return Message.of("change.fix", text=combos[0].text)


def _renewals(
    tl: Timeline,
    scores: DayScores,
    book: RuleBook,
    registry: Registry,
    days: list[dt.date],
    ci: int,
    lang: str,
) -> list[Renewal]:
    """Each renewal due in the window: HSP(i) on points, J-Skip on the J-Skip criteria
    (rules.md §4.1), HSP(ii) not checked. The category is the status's own."""
    out = []
    for day in days:
        status = next(p for p in tl.statuses if p.to == day)
        p = scores.at(day)
        cat = category_on(tl, day, p)
        cj = ci if cat is None else cat.ci
        pts = None if p is None else p.total[cj]
        category = Message.of(f"category.{CATEGORIES[cj]}.short")
        if status.status == "hsp2":
            code, basis, passes = "renewal.hsp2", "none", True
            message = Message.of("renewal.hsp2", day=day)
        elif status.status in J_SKIP_STATUSES:
            basis = "j_skip"
            passes = p is not None and p.j_skip[cj]
            code = "timeline.renewal.j_skip_passes" if passes else "timeline.renewal.j_skip_fails"
            reasons: tuple[Message, ...] = ()
            if p is not None and cat is not None and not passes:
                reasons = tuple(failing(book, day, p, cat, None))
            message = Message.of(code, day=day, category=category, reasons=reasons)
            code = code.removeprefix("timeline.")
        else:
            basis = "points"
            passes = p is not None and p.eligible[cj]
            code = "renewal.passes" if passes else "renewal.fails"
            message = Message.of(code, day=day, category=category, points=pts)
        out.append(
            Renewal(day.isoformat(), status.status, CATEGORIES[cj], basis, pts, passes, code,
                    render(message, lang))
        )  # fmt: skip
    return out
