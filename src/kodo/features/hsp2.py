"""HSP(ii) (高度専門職2号): eligibility on a date and the earliest date (rules.md §3, §4.2).

A change from HSP(i) only. Points route: 3 years (rule ``hsp2``) as HSP(i) or 特定活動(高度人材)
doing HSP activities, and the pass mark (with the ロ/ハ salary floor) met at the time of the
change, in the category judging that date (``features.category_on``: the status held).
J-Skip route (from 2023-04-21): 1 year as a J-Skip
holder and the J-Skip criteria met at that time. Good conduct and Japan's interest are not
checked.
"""

from __future__ import annotations

import datetime as dt

from kodo.dates import DAY, add_years
from kodo.explanation.sources import sources_of
from kodo.features.category_on import category_on
from kodo.features.common import rules_used
from kodo.features.days import HORIZON_YEARS, DayScores
from kodo.features.judged import fact_labels, judged
from kodo.history.timeline import Timeline, chain_start
from kodo.i18n import Message, Param, render, sentences
from kodo.items import Registry
from kodo.results.common import CitationRef, Note
from kodo.results.timeline import Hsp2Result, Hsp2Route
from kodo.rules.book import RuleBook
from kodo.rules.values import Hsp2, Thresholds
from kodo.vocab import CATEGORIES, HSP1_STATUSES, J_SKIP_STATUSES

HSP2_ROUTES = ("hsp2_points", "hsp2_j_skip")


def _years(rule: Hsp2 | None, route: str) -> int | None:
    if rule is None:
        return None
    return rule.years if route == "hsp2_points" else rule.j_skip_years


def _check(
    tl: Timeline, scores: DayScores, book: RuleBook, route: str, day: dt.date
) -> tuple[bool, str, dict[str, Param]]:
    """(open, code, message parameters) of one HSP(ii) route on ``day``."""
    values: dict[str, Param] = {"route": Message.of(f"hsp2.route_name.{route}"), "day": day}
    years = _years(book.at(day).value("hsp2", Hsp2), route)
    if years is None:
        return False, "not_in_force", values
    allowed = HSP1_STATUSES if route == "hsp2_points" else J_SKIP_STATUSES
    start = chain_start(tl.statuses, day, allowed)
    values.update(years=years, since=start)
    if start is None:
        return False, "status_not_held", values
    if add_years(start, years) > day:
        values["complete"] = add_years(start, years)
        return False, "status_short", values
    p = scores.at(day)
    cat = category_on(tl, day, p, j_skip=route == "hsp2_j_skip")
    if p is None or cat is None:
        return False, "points_unknown", values
    ci = cat.ci
    values.update(points=p.total[ci], category=Message.of(f"category.{CATEGORIES[ci]}.short"))
    thresholds = book.at(day).value("thresholds", Thresholds)
    values["pass"] = thresholds.pass_mark if thresholds else None
    values["ci"] = CATEGORIES[ci]
    values["judged"] = cat.basis
    if route == "hsp2_points" and p.missing[ci]:
        values["facts"] = fact_labels(p.missing[ci])
        return False, "facts_missing", values
    if route == "hsp2_j_skip" and (
        "annual_salary" in p.missing[ci] or ("degrees" in p.missing[ci] and not p.j_skip[ci])
    ):
        values["facts"] = fact_labels(
            tuple(f for f in p.missing[ci] if f in ("annual_salary", "degrees"))
        )
        return False, "facts_missing", values
    if route == "hsp2_points" and not p.eligible[ci]:
        return False, "points_short", values
    if route == "hsp2_j_skip" and not p.j_skip[ci]:
        return False, "j_skip_not_met", values
    return True, "ok", values


def hsp2(
    tl: Timeline, scores: DayScores, book: RuleBook, on: dt.date, lang: str, registry: Registry
) -> Hsp2Result:
    end = add_years(on, HORIZON_YEARS)
    current = tl.status_on(on)
    days = {on, *tl.change_dates(on, end)}
    for p in tl.statuses:
        days.add(p.from_)
        if p.to is not None:
            days.add(p.to + DAY)
    for version in book.rules["hsp2"].versions:
        days.add(version.effective_from)
        if isinstance(version.value, Hsp2):
            spans = (version.value.years, version.value.j_skip_years)
            for s in tl.statuses:
                days.update(add_years(s.from_, y) for y in spans if y is not None)
    candidates = sorted(d for d in days if on <= d <= end)
    scores.fill((d, d) for d in candidates)
    routes = []
    version = book.at(on).version("hsp2")
    citation = tuple(CitationRef(c.source, c.item) for c in version.citations)
    rule = version.value if isinstance(version.value, Hsp2) else None
    for route in HSP2_ROUTES:
        ok, code, values = _check(tl, scores, book, route, on)
        first = next((d for d in candidates if _check(tl, scores, book, route, d)[0]), None)
        key = "timeline.hsp2.missing" if code == "facts_missing" else f"hsp2.{code}"
        text = render(Message(key, tuple(values.items())), lang)
        day_j = None
        if "judged" in values:
            pts = scores.at(on)
            marks = book.at(on).value("thresholds", Thresholds)
            need = None if route == "hsp2_j_skip" or marks is None else marks.pass_mark
            j_skip = route == "hsp2_j_skip"
            day_j = judged(
                book, registry, on, on, pts, category_on(tl, on, pts, j_skip=j_skip), need, lang
            )
            if day_j is not None and day_j.failing and code != "facts_missing":
                text = sentences((text, day_j.text), lang)
        if first is not None and not ok:
            text += render(Message.of("hsp2.earliest", day=first), lang)
        points = values.get("points")
        ci = values.get("ci")
        since = values.get("since")
        routes.append(
            Hsp2Route(
                route=route,
                label=render(Message.of(f"hsp2.route_name.{route}"), lang),
                in_force=code != "not_in_force",
                years=_years(rule, route),
                open=ok,
                code=code,
                held_since=since.isoformat() if isinstance(since, dt.date) else None,
                points=None if not isinstance(points, int) else {str(ci): points},
                category=None if ci is None else str(ci),
                earliest=None if first is None else first.isoformat(),
                text=text,
                citation=citation,
                judged=day_j,
            )
        )
    dated = [(r.earliest, r.route) for r in routes if r.earliest is not None]
    earliest, earliest_route = min(dated) if dated else (None, None)
    if current == "hsp2":
        code, summary = "already", Message.of("hsp2.summary.already", on=on)
    elif any(r.open for r in routes):
        code, summary = "open", Message.of("hsp2.summary.open", on=on)
    elif earliest is not None and earliest_route is not None:
        code = "later"
        summary = Message.of(
            "hsp2.summary.later", on=on, day=dt.date.fromisoformat(earliest),
            route=Message.of(f"hsp2.route_name.{earliest_route}"),
        )  # fmt: skip
    else:
        code, summary = "none", Message.of("hsp2.summary.none", on=on, years=HORIZON_YEARS)
    now = scores.at(on)
    judged_on = category_on(tl, on, now)
    missing = () if now is None or judged_on is None else now.missing[judged_on.ci]
    # the points cannot be judged: say so, unless the period alone decides (a route waits for
    # its years and the earliest date is known whatever the missing facts)
    undecided = any(r.code == "facts_missing" for r in routes) or code == "none"
    if missing and undecided and code in ("later", "none"):
        code = "facts_missing"
        summary = Message.of("timeline.hsp2.summary_missing", on=on, facts=fact_labels(missing))
    return Hsp2Result(
        format="kodo.hsp2.v1",
        on=on.isoformat(),
        lang=lang,
        rules=rules_used(book, on),
        current_status=current,
        open=any(r.open for r in routes),
        earliest=earliest,
        earliest_route=earliest_route,
        routes=tuple(routes),
        not_checked=tuple(
            Note(c, render(Message.of(c), lang))
            for c in ("not_checked.conduct", "not_checked.interest")
        ),
        code=code,
        text=render(summary, lang),
        sources=sources_of(book, citation, lang),
        missing=missing,
    )
