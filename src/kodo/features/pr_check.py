"""Whether a permanent-residence route is open on a date, and the earliest date it opens.

For each route in force on the application date (rule ``permanent_residence``):

* ``points_70`` — points now ≥ 70 and either (held) resided as an HSP recognised at ≥ 70 for
  3 years, or (deemed) 3 years of continuous residence and ≥ 70 points computed as of 3 years
  before the application date;
* ``points_80`` — the same with 80 points and 1 year;
* ``j_skip`` — meets the J-Skip criteria now and either (held) 1 year as J-Skip, or (deemed)
  1 year of residence and met the J-Skip criteria 1 year before.

"Points" means eligible in a category (the ¥3M floor of ロ/ハ included) with at least that
many points. The category on each date is decided by ``features.category_on`` (the status held
on that date, else the input's category, else the best one). The J-Skip route's look-back
facts are judged under the J-Skip criteria in force on the application date (option
``jskip_lookback_rules=application``; ``then`` follows ``past_rules``).
The earliest date on which a route opens is found by checking only the dates on which
something can change (points, the look-back date crossing a change, the residence or status
reaching its years, rule versions), which is exact because nothing changes in between.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kodo.dates import DAY, add_years, sub_years
from kodo.features.category_on import CategoryOn, category_on
from kodo.features.days import DayPoints, DayScores
from kodo.history.timeline import Timeline, chain_start
from kodo.options import Options
from kodo.rules.book import RuleBook
from kodo.rules.values import PermanentResidence, PermanentResidenceRoute
from kodo.vocab import CATEGORIES, HSP_STATUSES, J_SKIP_STATUSES, status_category


@dataclass(frozen=True, slots=True)
class Verdict:
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
    cat_now: CategoryOn | None = None  # the category judging each date, and why
    cat_then: CategoryOn | None = None
    rules_then: dt.date | None = None  # the date whose rules judged the look-back date


class Checker:
    """Whether a route is open on a date, for one person, under one set of options."""

    def __init__(self, tl: Timeline, scores: DayScores, book: RuleBook, opts: Options) -> None:
        self.tl = tl
        self.scores = scores
        self.book = book
        self.opts = opts

    def route_value(self, route: str, day: dt.date) -> PermanentResidenceRoute | None:
        value = self.book.at(day).value("permanent_residence", PermanentResidence)
        return None if value is None else getattr(value, route)

    def judge(self, day: dt.date, p: DayPoints | None, need: int | None) -> CategoryOn | None:
        """The category judging ``day`` for this route (``features.category_on``)."""
        return category_on(self.tl, day, p, j_skip=need is None)

    def meets(self, day: dt.date, p: DayPoints | None, need: int | None) -> int | None:
        """The category in which ``p`` meets the route's points (or J-Skip) on ``day``."""
        cat = self.judge(day, p, need)
        if p is None or cat is None:
            return None
        ci = cat.ci
        if need is None:
            return ci if p.j_skip[ci] else None
        return ci if p.passes(ci, need) else None

    def lookback_rules(self, need: int | None, look: dt.date, day: dt.date) -> dt.date:
        """The date whose rules judge the look-back date ``look`` of an application on ``day``."""
        if need is None and self.opts.jskip_lookback_rules == "application":
            return day
        return look if self.opts.past_rules == "then" else day

    def check(self, route: str, day: dt.date) -> Verdict | None:
        rv = self.route_value(route, day)
        if rv is None:
            return None
        need, years = rv.points, rv.years
        look = sub_years(day, years)
        now = self.scores.at(day)
        rules_then = self.lookback_rules(need, look, day)
        then = self.scores.at(look, rules_then)
        ci_now = self.meets(day, now, need)
        ci_then = self.meets(look, then, need)
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
        return Verdict(
            held or deemed, held, deemed, now, then, ci_now, ci_then, held_code, deemed_code,
            held_start, res, self.judge(day, now, need), self.judge(look, then, need), rules_then,
        )  # fmt: skip

    def _maintained(self, lo: dt.date, hi: dt.date, need: int | None) -> bool:
        days = [lo, *self.tl.change_dates(lo + DAY, hi)]
        pairs = [(d, self.lookback_rules(need, d, hi)) for d in days]
        self.scores.fill(pairs)
        return all(self.meets(d, self.scores.at(d, r), need) is not None for d, r in pairs)

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
            judged = category_on(self.tl, p.from_, granted)
            ci = judged.ci if cat is None and judged is not None else None
            if cat is not None:
                ci = CATEGORIES.index(cat)
            if granted is None or ci is None or not granted.passes(ci, need):
                return False
        return True

    def candidates(self, route: str, start: dt.date, end: dt.date) -> list[dt.date]:
        """Every date in [start, end] on which the route's verdict can change."""
        years = max(
            (rv.years for d in (start, end) if (rv := self.route_value(route, d)) is not None),
            default=1,
        )
        days = {start}
        days.update(self.tl.change_dates(start, end))
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

    def prefill(self, route: str, days: list[dt.date]) -> None:
        """Score every date ``check`` will read for ``days``, in one batch."""
        pairs = []
        for d in days:
            rv = self.route_value(route, d)
            if rv is None:
                continue
            look = sub_years(d, rv.years)
            pairs += [(d, d), (look, self.lookback_rules(rv.points, look, d))]
        self.scores.fill(pairs)

    def earliest(self, route: str, start: dt.date, end: dt.date) -> tuple[dt.date, Verdict] | None:
        days = self.candidates(route, start, end)
        self.prefill(route, days)
        for d in days:
            v = self.check(route, d)
            if v is not None and v.open:
                return d, v
        return None
