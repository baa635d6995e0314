"""Forecast and renewal risk: every date in the next N years on which a total changes.

The change dates come from the facts (birthdays at the age edges, experience reaching the
career edges, dated salary/status/test/job changes) and the rule data (new versions); the
points are scored on each of them in one batch. The watched category is the one given in the
input, else the category of the HSP status held, else the best category on the start date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kodo.dated import HSP_STATUSES, status_category
from kodo.reasons.texts import yen
from kodo.rules.values import Thresholds
from kodo.timeline.advice import advise
from kodo.timeline.calendar import DAY, add_years
from kodo.timeline.facts import Cause
from kodo.timeline.points import DayPoints
from kodo.timeline.texts import Line, label, line
from kodo.vocab import CATEGORIES

if TYPE_CHECKING:
    from kodo.timeline.api import Context


@dataclass(slots=True)
class Change:
    date: str
    causes: list[Line]
    before: dict[str, int]
    after: dict[str, int]
    eligible_before: dict[str, bool]
    eligible_after: dict[str, bool]
    en: str
    ja: str


@dataclass(slots=True)
class Renewal:
    date: str
    status: str
    category: str | None
    points: int | None
    passes: bool
    en: str
    ja: str


@dataclass(slots=True)
class Forecast:
    format: str
    start: str
    end: str
    category: str
    points_now: dict[str, int]
    changes: list[Change]
    first_below_pass: str | None
    first_below_high: str | None
    renewals: list[Renewal]
    en: str
    ja: str


def _cause_line(c: Cause) -> Line:
    if c.code == "experience":
        en, ja = label("kind", str(c.detail))
        return line("cause.experience", years=_num(c.value), kind=(en, ja))
    if c.code == "salary":
        return line("cause.salary", amount=yen(int(str(c.value))))
    if c.code == "rules":
        ids = c.value if isinstance(c.value, list) else []
        return line("cause.rules", rules=", ".join(str(i) for i in ids))
    if c.code == "employer":
        return line(f"cause.employer.{c.value}")
    return line(f"cause.{c.code}", value=c.value if c.value is not None else "")


def _num(value: object) -> str:
    f = float(str(value))
    return str(int(f)) if f == int(f) else str(f)


def _pts(p: DayPoints) -> dict[str, int]:
    return dict(zip(CATEGORIES, p.total, strict=True))


def _elig(p: DayPoints) -> dict[str, bool]:
    return dict(zip(CATEGORIES, p.eligible, strict=True))


def forecast(ctx: Context, years: int = 5) -> Forecast:
    on, tl, scores = ctx.on, ctx.tl, ctx.scores
    end = add_years(on, years)
    changes = tl.change_dates(on + DAY, end)
    renew_days = [
        p.to for p in tl.statuses if p.status in HSP_STATUSES and p.to and on <= p.to <= end
    ]
    days = [on, *changes, *renew_days]
    scores.fill((d, d) for d in days)
    start = scores.at(on)
    if start is None:
        from kodo.errors import InputError

        raise InputError([("date", f"{on.isoformat()}: the points cannot be computed on it")])
    watched = _watched(ctx, start)
    ci = CATEGORIES.index(watched)
    thresholds = ctx.book.at(on).value("thresholds", Thresholds)
    assert thresholds is not None
    out: list[Change] = []
    prev = start
    below_pass: str | None = None
    below_high: str | None = None
    for day, causes in changes.items():
        p = scores.at(day)
        if p is None:
            continue
        if p.total != prev.total or p.eligible != prev.eligible:
            cause_lines = [_cause_line(c) for c in causes]
            values = {
                "day": day.isoformat(),
                "category": watched,
                "before": prev.total[ci],
                "after": p.total[ci],
                "why": (
                    "; ".join(c.en for c in cause_lines),
                    "、".join(c.ja for c in cause_lines),
                ),
            }
            key = "change.same" if p.total[ci] == prev.total[ci] else "change.moves"
            text = line(key, **values)
            if prev.passes(ci, thresholds.pass_mark) and not p.passes(ci, thresholds.pass_mark):
                text = _append(text, line("change.renewal_fails", **values, fix=_fix(ctx, day, ci)))
            out.append(
                Change(
                    day.isoformat(),
                    cause_lines,
                    _pts(prev),
                    _pts(p),
                    _elig(prev),
                    _elig(p),
                    text.en,
                    text.ja,
                )
            )
        if below_pass is None and not p.passes(ci, thresholds.pass_mark):
            below_pass = day.isoformat()
        if below_high is None and not p.passes(ci, thresholds.high):
            below_high = day.isoformat()
        prev = p
    if not start.passes(ci, thresholds.pass_mark):
        below_pass = on.isoformat()
    if not start.passes(ci, thresholds.high):
        below_high = on.isoformat()
    renewals = _renewals(ctx, renew_days, ci)
    values = {"start": on.isoformat(), "end": end.isoformat(), "category": watched,
              "points": start.total[ci], "n": len(out)}  # fmt: skip
    summary = line("forecast.summary", **values)
    if below_pass and below_pass != on.isoformat():
        summary = _append(summary, line("forecast.below_pass", day=below_pass, **values))
    return Forecast(
        format="kodo.forecast.v1",
        start=on.isoformat(),
        end=end.isoformat(),
        category=watched,
        points_now=_pts(start),
        changes=out,
        first_below_pass=below_pass,
        first_below_high=below_high,
        renewals=renewals,
        en=summary.en,
        ja=summary.ja,
    )


def _append(a: Line, b: Line) -> Line:
    return Line(a.code, f"{a.en} {b.en}", a.ja + b.ja)


def _watched(ctx: Context, start: DayPoints) -> str:
    if ctx.app.category is not None:
        return ctx.app.category
    status = ctx.tl.status_on(ctx.on)
    cat = None if status is None else status_category(status)
    return cat if cat is not None else CATEGORIES[start.best()]


def _fix(ctx: Context, day: dt.date, ci: int) -> tuple[str, str]:
    """The cheapest way back to the pass mark on ``day`` (English, Japanese)."""
    adv = advise(ctx.tl.facts_on(day), ctx.book, ctx.opts, day, (ci,))
    combos = adv.categories[CATEGORIES[ci]].reach_pass
    if not combos:
        return ("no combination of up to three actions reaches it", "3つ以内の行動では届きません")
    return (combos[0].en, combos[0].ja)


def _renewals(ctx: Context, days: list[dt.date], ci: int) -> list[Renewal]:
    out = []
    for day in days:
        status = next(p for p in ctx.tl.statuses if p.to == day)
        cat = status_category(status.status)
        cj = ci if cat is None else CATEGORIES.index(cat)
        p = ctx.scores.at(day)
        passes = p is not None and p.eligible[cj]
        pts = None if p is None else p.total[cj]
        key = "renewal.passes" if passes else "renewal.fails"
        text = line(key, day=day.isoformat(), category=CATEGORIES[cj], points=pts or 0)
        if status.status == "hsp2":
            text = line("renewal.hsp2", day=day.isoformat())
            passes = True
        out.append(Renewal(day.isoformat(), status.status, CATEGORIES[cj], pts, passes,
                           text.en, text.ja))  # fmt: skip
    return out
