"""Forecast and renewal risk: every date in the next N years on which a total changes.

The change dates come from the facts (birthdays at the age edges, experience reaching the
career edges, dated salary/status/test/job changes) and the rule data (new versions); the
points are scored on each of them in one batch. The watched category is the one given in the
input, else the category of the HSP status held, else the best category on the start date.
"""

from __future__ import annotations

import datetime as dt

from kodo.errors import input_error
from kodo.explanation.row import rule_label
from kodo.features.advice import MAX_COMBINATION, advise
from kodo.features.common import rules_used
from kodo.features.days import DayPoints, DayScores
from kodo.history.calendar import DAY, add_years
from kodo.history.timeline import Cause, Timeline
from kodo.i18n import Message, Num, Param, Yen, render
from kodo.items import Registry
from kodo.options import Options
from kodo.results.common import Note
from kodo.results.timeline import Change, Forecast, Renewal
from kodo.rules.book import RuleBook
from kodo.rules.values import Thresholds
from kodo.vocab import CATEGORIES, HSP_STATUSES, LEVEL_CODE, status_category


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
    watched = _watched(tl, start, on)
    ci = CATEGORIES.index(watched)
    thresholds = book.at(on).value("thresholds", Thresholds)
    assert thresholds is not None
    out: list[Change] = []
    prev = start
    below_pass: dt.date | None = None
    below_high: dt.date | None = None
    category = Message.of(f"category.{watched}.short")
    for day, causes in changes.items():
        p = scores.at(day)
        if p is None:
            continue
        if p.total != prev.total or p.eligible != prev.eligible:
            why = tuple(_cause(c, registry) for c in causes)
            values: dict[str, Param] = {
                "day": day,
                "category": category,
                "before": prev.total[ci],
                "after": p.total[ci],
                "why": why,
            }
            code = "change.same" if p.total[ci] == prev.total[ci] else "change.moves"
            text = render(Message(code, tuple(values.items())), lang)
            if prev.passes(ci, thresholds.pass_mark) and not p.passes(ci, thresholds.pass_mark):
                fix = _fix(tl, book, registry, opts, day, ci, lang)
                text += render(Message.of("change.renewal_fails", fix=fix), lang)
            out.append(
                Change(
                    day.isoformat(),
                    tuple(Note(m.code, render(m, lang)) for m in why),
                    prev.totals(),
                    p.totals(),
                    dict(zip(CATEGORIES, prev.eligible, strict=True)),
                    dict(zip(CATEGORIES, p.eligible, strict=True)),
                    code,
                    text,
                )
            )
        if below_pass is None and not p.passes(ci, thresholds.pass_mark):
            below_pass = day
        if below_high is None and not p.passes(ci, thresholds.high):
            below_high = day
        prev = p
    if not start.passes(ci, thresholds.pass_mark):
        below_pass = on
    if not start.passes(ci, thresholds.high):
        below_high = on
    summary = render(
        Message.of(
            "forecast.summary", start=on, end=end, category=category, points=start.total[ci],
            n=len(out),
        ),
        lang,
    )  # fmt: skip
    if below_pass and below_pass != on:
        summary += render(Message.of("forecast.below_pass", day=below_pass), lang)
    return Forecast(
        format="kodo.forecast.v1",
        start=on.isoformat(),
        end=end.isoformat(),
        lang=lang,
        rules=rules_used(book, on),
        category=watched,
        points_now=start.totals(),
        changes=tuple(out),
        first_below_pass=None if below_pass is None else below_pass.isoformat(),
        first_below_high=None if below_high is None else below_high.isoformat(),
        renewals=tuple(_renewals(tl, scores, renew_days, ci, lang)),
        text=summary,
    )


def _watched(tl: Timeline, start: DayPoints, on: dt.date) -> str:
    if tl.app.category is not None:
        return tl.app.category
    status = tl.status_on(on)
    cat = None if status is None else status_category(status)
    return cat if cat is not None else CATEGORIES[start.best]


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
    tl: Timeline, scores: DayScores, days: list[dt.date], ci: int, lang: str
) -> list[Renewal]:
    out = []
    for day in days:
        status = next(p for p in tl.statuses if p.to == day)
        cat = status_category(status.status)
        cj = ci if cat is None else CATEGORIES.index(cat)
        p = scores.at(day)
        passes = p is not None and p.eligible[cj]
        pts = None if p is None else p.total[cj]
        category = Message.of(f"category.{CATEGORIES[cj]}.short")
        code = "renewal.passes" if passes else "renewal.fails"
        message = Message.of(code, day=day, category=category, points=pts)
        if status.status == "hsp2":
            code, message, passes = "renewal.hsp2", Message.of("renewal.hsp2", day=day), True
        out.append(
            Renewal(day.isoformat(), status.status, CATEGORIES[cj], pts, passes, code,
                    render(message, lang))
        )  # fmt: skip
    return out
