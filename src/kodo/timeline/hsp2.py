"""HSP(ii) (高度専門職2号): eligibility on a date and the earliest date (rules.md §3, §4.2).

A change from HSP(i) only. Points route: 3 years (rule ``hsp2``) as HSP(i) or 特定活動(高度人材)
doing HSP activities, and the pass mark (with the ロ/ハ salary floor) met at the time of the
change, in the category of the status held. J-Skip route (from 2023-04-21): 1 year as a J-Skip
holder and the J-Skip criteria met at that time. Good conduct and Japan's interest are not
checked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kodo.dated import HSP1_STATUSES, J_SKIP_STATUSES, status_category
from kodo.rules.values import Hsp2, Thresholds
from kodo.timeline.calendar import DAY, add_years
from kodo.timeline.facts import chain_start
from kodo.timeline.points import HORIZON_YEARS, DayPoints, category_index
from kodo.timeline.texts import Line, line
from kodo.vocab import CATEGORIES

if TYPE_CHECKING:
    from kodo.timeline.api import Context


@dataclass(slots=True)
class Hsp2Route:
    route: str  # hsp2_points | hsp2_j_skip
    in_force: bool
    years: int | None
    open: bool
    held_since: str | None
    points: dict[str, int] | None
    category: str | None
    earliest: str | None
    en: str
    ja: str
    citation: str | None


@dataclass(slots=True)
class Hsp2Result:
    format: str
    on: str
    current_status: str | None
    open: bool
    earliest: str | None
    earliest_route: str | None
    routes: list[Hsp2Route]
    not_checked: list[Line]
    en: str
    ja: str


def _check(ctx: Context, route: str, day: dt.date) -> tuple[bool, str, dict[str, object]]:
    """(open, code, values) of one HSP(ii) route on ``day``."""
    book, scores, tl = ctx.book, ctx.scores, ctx.tl
    rule = book.at(day).value("hsp2", Hsp2)
    values: dict[str, object] = {"route": route, "day": day.isoformat()}
    if rule is None:
        return False, "not_in_force", values
    years = rule.years if route == "hsp2_points" else rule.j_skip_years
    if years is None:
        return False, "not_in_force", values
    allowed = HSP1_STATUSES if route == "hsp2_points" else J_SKIP_STATUSES
    start = chain_start(tl.statuses, day, allowed)
    values.update(years=years, since=start.isoformat() if start else "—")
    if start is None:
        return False, "status_not_held", values
    if add_years(start, years) > day:
        values["from"] = add_years(start, years).isoformat()
        return False, "status_short", values
    p: DayPoints | None = scores.at(day)
    status = tl.status_on(day)
    cat = status_category(status) if status else None
    cats = category_index(tl.app.category) if cat is None else (CATEGORIES.index(cat),)
    if p is None:
        return False, "points_unknown", values
    ci = max(cats, key=lambda c: (p.eligible[c], p.total[c]))
    values.update(points=p.total[ci], category=CATEGORIES[ci])
    pass_mark = book.at(day).value("thresholds", Thresholds)
    values["pass"] = pass_mark.pass_mark if pass_mark else "—"
    if route == "hsp2_points" and not p.eligible[ci]:
        return False, "points_short", values
    if route == "hsp2_j_skip" and not p.j_skip[ci]:
        return False, "j_skip_not_met", values
    return True, "ok", values


def hsp2(ctx: Context, on: dt.date) -> Hsp2Result:
    book, tl, scores = ctx.book, ctx.tl, ctx.scores
    end = add_years(on, HORIZON_YEARS)
    current = tl.status_on(on)
    days = {on, *tl.change_dates(on, end)}
    for p in tl.statuses:
        days.add(p.from_)
        if p.to is not None:
            days.add(p.to + DAY)
    for rule_version in book.rules["hsp2"].versions:
        days.add(rule_version.effective_from)
        if isinstance(rule_version.value, Hsp2):
            spans = (rule_version.value.years, rule_version.value.j_skip_years)
            for s in tl.statuses:
                days.update(add_years(s.from_, y) for y in spans if y is not None)
    candidates = sorted(d for d in days if on <= d <= end)
    scores.fill((d, d) for d in candidates)
    routes = []
    for route in ("hsp2_points", "hsp2_j_skip"):
        ok, code, values = _check(ctx, route, on)
        first = next((d for d in candidates if _check(ctx, route, d)[0]), None)
        text = line(f"hsp2.{code}", **values)
        if first is not None and not ok:
            extra = line("hsp2.earliest", day=first.isoformat())
            text = Line(text.code, f"{text.en} {extra.en}", text.ja + extra.ja)
        version = book.at(on).version("hsp2")
        rv = version.value
        years: int | None = None
        if isinstance(rv, Hsp2):
            years = rv.years if route == "hsp2_points" else rv.j_skip_years
        points = values.get("points")
        routes.append(
            Hsp2Route(
                route=route,
                in_force=code != "not_in_force",
                years=years,
                open=ok,
                held_since=None if values.get("since") in (None, "—") else str(values["since"]),
                points=None if points is None else {str(values["category"]): int(str(points))},
                category=None if "category" not in values else str(values["category"]),
                earliest=None if first is None else first.isoformat(),
                en=text.en,
                ja=text.ja,
                citation=version.citation_text(),
            )
        )
    dated = [(r.earliest, r.route) for r in routes if r.earliest is not None]
    earliest, earliest_route = min(dated) if dated else (None, None)
    if current == "hsp2":
        summary = line("hsp2.summary.already", on=on.isoformat())
    elif any(r.open for r in routes):
        summary = line("hsp2.summary.open", on=on.isoformat())
    elif earliest is not None:
        summary = line("hsp2.summary.later", on=on.isoformat(), day=earliest, route=earliest_route)
    else:
        summary = line("hsp2.summary.none", on=on.isoformat(), years=HORIZON_YEARS)
    return Hsp2Result(
        format="kodo.hsp2.v1",
        on=on.isoformat(),
        current_status=current,
        open=any(r.open for r in routes),
        earliest=earliest,
        earliest_route=earliest_route,
        routes=routes,
        not_checked=[line("not_checked.conduct"), line("hsp2.not_checked.interest")],
        en=summary.en,
        ja=summary.ja,
    )
