"""Permanent residence: the HSP special cases of the residence condition (rules.md §3).

For each route in force on the application date (data: rule ``permanent_residence``):

* ``points_70`` — points now ≥ 70 and either (held) resided as an HSP recognised at ≥ 70 for
  3 years, or (deemed) 3 years of continuous residence and ≥ 70 points computed as of 3 years
  before the application date;
* ``points_80`` — the same with 80 points and 1 year;
* ``j_skip`` — meets the J-Skip criteria now and either (held) 1 year as J-Skip, or (deemed)
  1 year of residence and met the J-Skip criteria 1 year before.

"Points" means eligible in a category (the ¥3M floor of ロ/ハ included) with at least that
many points; the category given in the input is used on both dates, otherwise any category.
The earliest date on which each route opens is found by checking only the dates on which
something can change (points, the look-back date crossing a change, the residence or status
reaching its years, rule versions), which is exact because nothing changes in between.

Not checked (listed in the result as a checklist): good conduct, independent livelihood,
taxes, pension and insurance, the longest period of stay, absences from Japan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from kodo.dated import HSP_STATUSES, J_SKIP_STATUSES, status_category
from kodo.options import Options
from kodo.reasons.texts import fill
from kodo.rules.book import RuleBook
from kodo.rules.values import PermanentResidence, PermanentResidenceRoute, Thresholds
from kodo.timeline.calendar import DAY, add_years, sub_years
from kodo.timeline.facts import Timeline, chain_start
from kodo.timeline.points import HORIZON_YEARS, DayPoints, DayScores, category_index
from kodo.timeline.texts import Line, label, line
from kodo.vocab import CATEGORIES

ROUTES = ("points_70", "points_80", "j_skip")
JSKIP_NEED = ("the J-Skip criteria", "特別高度人材の基準")


@dataclass(slots=True)
class Variant:
    variant: str  # held | deemed
    open: bool
    code: str
    start: str | None  # when the status / residence began
    en: str
    ja: str


@dataclass(slots=True)
class Route:
    route: str
    in_force: bool
    points_needed: int | None
    years: int | None
    open: bool
    lookback_date: str | None
    points_now: dict[str, int] | None
    points_then: dict[str, int] | None
    category_now: str | None
    category_then: str | None
    variants: list[Variant]
    earliest: str | None
    earliest_variant: str | None
    en: str
    ja: str
    citation: str | None


@dataclass(slots=True)
class PermanentResidenceResult:
    format: str
    on: str
    residence_since: str | None
    open_routes: list[str]
    earliest: str | None
    earliest_route: str | None
    routes: list[Route]
    not_checked: list[Line]
    warnings: list[Line]
    assumed: list[str]
    options: dict[str, Any] = field(default_factory=dict)
    en: str = ""
    ja: str = ""


# ---------------------------------------------------------------------------------- the check


@dataclass(frozen=True, slots=True)
class _Verdict:
    open: bool
    held: bool
    deemed: bool
    now: DayPoints | None
    then: DayPoints | None
    ci_now: int | None
    ci_then: int | None
    held_code: str
    deemed_code: str
    held_start: dt.date | None
    residence_start: dt.date | None


class Checker:
    """Whether a route is open on a date, for one person, under one set of options."""

    def __init__(self, tl: Timeline, scores: DayScores, book: RuleBook, opts: Options) -> None:
        self.tl = tl
        self.scores = scores
        self.book = book
        self.opts = opts
        self.cats = category_index(tl.app.category)

    def route_value(self, route: str, day: dt.date) -> PermanentResidenceRoute | None:
        value = self.book.at(day).value("permanent_residence", PermanentResidence)
        return None if value is None else getattr(value, route)

    def _ok(self, p: DayPoints | None, need: int | None) -> int | None:
        """The category in which ``p`` meets the route's points (or J-Skip), else None."""
        if p is None:
            return None
        for ci in sorted(self.cats, key=lambda c: (-p.total[c], c)):
            if (need is None and p.j_skip[ci]) or (need is not None and p.passes(ci, need)):
                return ci
        return None

    def check(self, route: str, day: dt.date) -> _Verdict | None:
        rv = self.route_value(route, day)
        if rv is None:
            return None
        need, years = rv.points, rv.years
        look = sub_years(day, years)
        now = self.scores.at(day)
        rules_then = look if self.opts.past_rules == "then" else day
        then = self.scores.at(look, rules_then)
        ci_now = self._ok(now, need)
        ci_then = self._ok(then, need)
        # (b) deemed: residence for the years and the points (or J-Skip) on the look-back date.
        res = self.tl.residence_start(day)
        if res is None:
            deemed_code = "residence_unknown"
        elif add_years(res, years) > day:
            deemed_code = "residence_short"
        elif then is None:
            deemed_code = "lookback_before_data"
        elif ci_then is None:
            deemed_code = "points_then_short"
        elif self.opts.pr_points_maintained == "throughout" and not self._maintained(
            look, day, need
        ):
            deemed_code = "not_maintained"
        else:
            deemed_code = "ok"
        # (a) held: resided as an HSP (or J-Skip) recognised at the points for the years.
        allowed = J_SKIP_STATUSES if need is None else HSP_STATUSES
        held_start = chain_start(self.tl.statuses, day, allowed)
        if held_start is None:
            held_code = "status_not_held"
        elif add_years(held_start, years) > day:
            held_code = "status_short"
        elif need is not None and not self._recognised(look, day, need):
            held_code = "status_points_short"
        else:
            held_code = "ok"
        now_ok = ci_now is not None
        held = now_ok and held_code == "ok"
        deemed = now_ok and deemed_code == "ok"
        return _Verdict(
            held or deemed,
            held,
            deemed,
            now,
            then,
            ci_now,
            ci_then,
            held_code,
            deemed_code,
            held_start,
            res,
        )

    def _maintained(self, lo: dt.date, hi: dt.date, need: int | None) -> bool:
        days = [lo, *self.tl.change_dates(lo + DAY, hi)]
        rules = (lambda d: d) if self.opts.past_rules == "then" else (lambda d: hi)
        self.scores.fill((d, rules(d)) for d in days)
        return all(self._ok(self.scores.at(d, rules(d)), need) is not None for d in days)

    def _recognised(self, lo: dt.date, hi: dt.date, need: int) -> bool:
        """Every HSP status held in [lo, hi] was granted at ``need`` points or more."""
        for p in self.tl.statuses:
            if p.status not in HSP_STATUSES or p.from_ > hi or (p.to is not None and p.to < lo):
                continue
            if p.points is not None:
                if p.points < need:
                    return False
                continue
            granted = self.scores.at(p.from_)
            cat = status_category(p.status)
            cats = self.cats if cat is None else (CATEGORIES.index(cat),)
            if granted is None or not any(granted.passes(ci, need) for ci in cats):
                return False
        return True

    def candidates(self, route: str, start: dt.date, end: dt.date) -> list[dt.date]:
        """Every date in [start, end] on which the route's verdict can change."""
        years = max(
            (rv.years for d in (start, end) if (rv := self.route_value(route, d)) is not None),
            default=1,
        )
        days = {start}
        for d in self.tl.change_dates(start, end):
            days.add(d)
        for d in self.tl.change_dates(sub_years(start, years) - DAY, sub_years(end, years) + DAY):
            days.add(add_years(d, years))
            days.add(add_years(d, years) + DAY)
        anchors = [self.tl.app.residence_since, *(p.from_ for p in self.tl.statuses)]
        anchors += [p.to + DAY for p in self.tl.statuses if p.to is not None]
        for a in anchors:
            if a is not None:
                days.add(add_years(a, years))
                days.add(a)
        return sorted(d for d in days if start <= d <= end)

    def earliest(self, route: str, start: dt.date, end: dt.date) -> tuple[dt.date, _Verdict] | None:
        days = self.candidates(route, start, end)
        pairs = []
        for d in days:
            rv = self.route_value(route, d)
            if rv is None:
                continue
            look = sub_years(d, rv.years)
            pairs += [(d, d), (look, look if self.opts.past_rules == "then" else d)]
        self.scores.fill(pairs)
        for d in days:
            v = self.check(route, d)
            if v is not None and v.open:
                return d, v
        return None


# --------------------------------------------------------------------------------- the result


def permanent_residence(
    tl: Timeline,
    scores: DayScores,
    book: RuleBook,
    opts: Options,
    on: dt.date,
    lang: str = "en",
) -> PermanentResidenceResult:
    checker = Checker(tl, scores, book, opts)
    end = add_years(on, HORIZON_YEARS)
    routes: list[Route] = []
    warnings: list[Line] = []
    for route in ROUTES:
        routes.append(_route(checker, route, on, end))
    # Options whose other reading would change a verdict or an earliest date.
    for name, other in (
        ("past_rules", "now" if opts.past_rules == "then" else "then"),
        (
            "pr_points_maintained",
            "throughout" if opts.pr_points_maintained == "endpoints" else "endpoints",
        ),
    ):
        alt = Checker(tl, scores, book, opts.model_copy(update={name: other}))
        for r in routes:
            a = _route(alt, r.route, on, end)
            if (a.open, a.earliest) != (r.open, r.earliest):
                warnings.append(
                    line(
                        f"option.{name}",
                        route=route_label(book, r.route, on),
                        value=getattr(opts, name),
                        other=other,
                        open=r.open,
                        earliest=r.earliest or "—",
                        alt_open=a.open,
                        alt_earliest=a.earliest or "—",
                    )
                )
    if tl.app.statuses is None and tl.app.residence_since is None:
        warnings.append(line("residence_unknown"))
    assumed = list(tl.assumed) if not tl.app.has_history else []
    if assumed:
        warnings.append(line("assumed", facts=", ".join(assumed)))
    open_routes = [r.route for r in routes if r.open]
    dated = [(r.earliest, r.route) for r in routes if r.earliest is not None]
    earliest, earliest_route = min(dated) if dated else (None, None)
    if open_routes:
        names = [route_label(book, r, on) for r in open_routes]
        joined = (", ".join(en for en, _ in names), "、".join(ja for _, ja in names))
        summary = line("summary.open", on=on.isoformat(), routes=joined)
    elif earliest is not None and earliest_route is not None:
        summary = line(
            "summary.later", on=on.isoformat(), day=earliest,
            route=route_label(book, earliest_route, on),
        )  # fmt: skip
    else:
        summary = line("summary.none", on=on.isoformat(), years=HORIZON_YEARS)
    return PermanentResidenceResult(
        format="kodo.permanent_residence.v1",
        on=on.isoformat(),
        residence_since=_iso(tl.residence_start(on)),
        open_routes=open_routes,
        earliest=earliest,
        earliest_route=earliest_route,
        routes=routes,
        not_checked=_not_checked(),
        warnings=warnings,
        assumed=assumed,
        options={"past_rules": opts.past_rules, "pr_points_maintained": opts.pr_points_maintained},
        en=summary.en,
        ja=summary.ja,
    )


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _points(p: DayPoints | None) -> dict[str, int] | None:
    return None if p is None else dict(zip(CATEGORIES, p.total, strict=True))


def _route(checker: Checker, route: str, on: dt.date, end: dt.date) -> Route:
    rv = checker.route_value(route, on)
    found = checker.earliest(route, on, end)
    earliest = _iso(found[0]) if found else None
    earliest_variant = None
    if found:
        earliest_variant = "held" if found[1].held else "deemed"
    version = checker.book.at(on).version("permanent_residence")
    route_name = route_label(checker.book, route, on)
    if rv is None:
        since = _first_version(checker.book, route)[0]
        text = line("route.not_in_force", route=route_name, on=on.isoformat(), since=_iso(since))
        return Route(
            route, False, None, None, False, None, None, None, None, None, [], earliest,
            earliest_variant, text.en, text.ja, version.citation_text(),
        )  # fmt: skip
    v = checker.check(route, on)
    assert v is not None
    look = sub_years(on, rv.years)
    need = rv.points
    pass_mark = checker.book.at(on).value("thresholds", Thresholds)
    values: dict[str, Any] = {
        "route": route_name,
        "need": (str(need), str(need)) if need is not None else JSKIP_NEED,
        "years": rv.years,
        "on": on.isoformat(),
        "look": look.isoformat(),
        "now": _fmt_points(v.now, v.ci_now, checker),
        "then": _fmt_points(v.then, v.ci_then, checker),
        "held_start": _iso(v.held_start) or "—",
        "res_start": _iso(v.residence_start) or "—",
        "pass": pass_mark.pass_mark if pass_mark else "—",
    }
    now_code = "now_ok" if v.ci_now is not None else "now_short"
    variants = []
    for name, ok, code, start in (
        ("held", v.held, v.held_code, v.held_start),
        ("deemed", v.deemed, v.deemed_code, v.residence_start),
    ):
        if code == "ok" and not ok:
            code = now_code  # the period and past points suffice; today's points do not
        t = line(f"{name}.{code}", **values)
        variants.append(Variant(name, ok, code, _iso(start), t.en, t.ja))
    head = line("route.open" if v.open else "route.closed", **values)
    tail = line("route.earliest", day=earliest) if earliest and not v.open else None
    en = head.en + (" " + tail.en if tail else "")
    ja = head.ja + (tail.ja if tail else "")
    return Route(
        route=route,
        in_force=True,
        points_needed=need,
        years=rv.years,
        open=v.open,
        lookback_date=look.isoformat(),
        points_now=_points(v.now),
        points_then=_points(v.then),
        category_now=None if v.ci_now is None else CATEGORIES[v.ci_now],
        category_then=None if v.ci_then is None else CATEGORIES[v.ci_then],
        variants=variants,
        earliest=earliest,
        earliest_variant=earliest_variant,
        en=en,
        ja=ja,
        citation=version.citation_text(),
    )


def _fmt_points(p: DayPoints | None, ci: int | None, checker: Checker) -> str:
    if p is None:
        return "—"
    cats = checker.cats
    if ci is None:
        ci = p.best(cats)
    return f"{p.total[ci]} ({CATEGORIES[ci]})"


def _not_checked() -> list[Line]:
    return [
        line(f"not_checked.{code}")
        for code in ("conduct", "livelihood", "taxes", "pension", "period_of_stay", "absences")
    ]


def _first_version(
    book: RuleBook, route: str
) -> tuple[dt.date | None, PermanentResidenceRoute | None]:
    """When ``route`` first exists in the rule data, and its value then."""
    for v in book.rules["permanent_residence"].versions:
        if isinstance(v.value, PermanentResidence) and getattr(v.value, route) is not None:
            return v.effective_from, getattr(v.value, route)
    return None, None


def route_label(book: RuleBook, route: str, day: dt.date) -> tuple[str, str]:
    """(English, Japanese) name of a route, with its points and years from the rule data."""
    value = book.at(day).value("permanent_residence", PermanentResidence)
    rv = None if value is None else getattr(value, route)
    if rv is None:
        rv = _first_version(book, route)[1]
    values = {} if rv is None else {"points": rv.points, "years": rv.years}
    en, ja = label("route", route)
    return fill(en, values), fill(ja, values)
