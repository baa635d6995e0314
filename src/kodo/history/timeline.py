"""A person's facts on any date, from the dated history (or a snapshot projected in time).

``Timeline`` normalises the input once; ``facts_on(day)`` gives the :class:`Facts` on a date
(what the engine scores); ``change_dates(lo, hi)`` lists every date in a window on which a
fact that can move the points changes (birthdays at the age edges of the rule data,
experience reaching the career edges, salary periods, degrees awarded, tests passed, jobs
starting or ending, licences obtained, and rule versions taking effect). Between two
consecutive change dates the points are constant, so the timeline scores only those dates.

Projection: the future continues the last known state (ongoing jobs and careers go on, the
last salary stays, age advances). A snapshot without history is projected the same way from
its ``date``: experience of a kind given as more than 0 years advances, everything else stays.
Looking back from a snapshot assumes unchanged facts; ``assumed`` names them so that results
can say so. ``changed(from_day, apply)`` is the same timeline with a change to the facts from
a date on (what advice asks: "and if I passed N1 now?").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from kodo.history.calendar import DAY, add_years, years_between
from kodo.history.edges import rule_change_dates, rule_edges
from kodo.input.applicant import Applicant
from kodo.input.facts import Facts, snapshot_facts
from kodo.input.history import StatusPeriod
from kodo.input.parts import Application, Employer
from kodo.rules.book import RuleBook
from kodo.vocab import EXPERIENCE_KINDS, JLPT_CODE

Change = Callable[[Facts], Facts]
_NO_JOB = Employer()


@dataclass(frozen=True, slots=True)
class Cause:
    """Why the facts change on a date: a stable code and its values."""

    code: str  # age | experience | salary | degree | japanese | employer | licence | rules
    value: object = None
    detail: str | None = None


@dataclass
class Timeline:
    """The dated facts of one person, normalised."""

    app: Applicant
    anchor: dt.date  # the input's date (or today): the date of the snapshot facts
    book: RuleBook
    change: tuple[dt.date, Change] | None = None  # (from, apply): see ``changed``
    intervals: dict[str, list[tuple[dt.date, dt.date | None]]] = field(default_factory=dict)
    _changes: dict[tuple[dt.date, dt.date], dict[dt.date, list[Cause]]] = field(
        default_factory=dict, repr=False
    )

    def __post_init__(self) -> None:
        if self.app.career is not None:
            for kind in EXPERIENCE_KINDS:
                spans = sorted(
                    (c.start, None if c.end is None else c.end + DAY)
                    for c in self.app.career
                    if c.kind == kind
                )
                self.intervals[kind] = _merge(spans)

    def changed(self, start: dt.date, apply: Change) -> Timeline:
        """The same history with ``apply`` changing the facts on every date from ``start`` on."""
        return Timeline(self.app, self.anchor, self.book, (start, apply), self.intervals)

    # ---------------------------------------------------------------- facts on a date

    @cached_property
    def _snapshot(self) -> Facts:
        return snapshot_facts(self.app)

    def years(self, kind: str, day: dt.date) -> float:
        """Years of experience of ``kind`` completed on ``day``."""
        if self.app.career is None:
            y = float(getattr(self.app.experience, kind))
            if y <= 0:
                return 0.0
            if day >= self.anchor:
                return y + years_between(self.anchor, day)
            return max(y - years_between(day, self.anchor), 0.0)
        days = 0
        for start, end in self.intervals[kind]:
            if start >= day:
                break
            stop = day if end is None or end > day else end
            days += (stop - start).days
        if days <= 0:
            return 0.0
        # Days worked, counted back from ``day``: whole anniversaries plus a fraction.
        return years_between(day - dt.timedelta(days=days), day)

    def salary(self, day: dt.date) -> tuple[int | None, int]:
        if self.app.salaries is None:
            return self.app.annual_salary, self.app.salary_performance_linked
        current = None
        for period in sorted(self.app.salaries, key=lambda p: p.from_):
            if period.from_ <= day:
                current = period
        if current is None:
            return None, 0
        return current.annual_salary, current.performance_linked

    def japanese(self, day: dt.date) -> tuple[str | None, int | None]:
        tests = self.app.japanese_tests
        if tests is None:
            return self.app.japanese.jlpt, self.app.japanese.bjt
        passed = [t.jlpt for t in tests if t.jlpt is not None and t.date <= day]
        jlpt = min(passed, key=JLPT_CODE.__getitem__, default=None)
        bjt = max((t.bjt for t in tests if t.bjt is not None and t.date <= day), default=None)
        return jlpt, bjt

    def facts_on(self, day: dt.date) -> Facts:
        """The facts on ``day`` (built from validated parts; not re-validated)."""
        facts = self._facts_on(day)
        if self.change is not None and day >= self.change[0]:
            facts = self.change[1](facts)
        return facts

    def _facts_on(self, day: dt.date) -> Facts:
        app = self.app
        snap = self._snapshot
        salary, perf = self.salary(day)
        jlpt, bjt = self.japanese(day)
        degrees = snap.degrees
        if degrees is not None:
            degrees = tuple(d for d in degrees if d.awarded is None or d.awarded <= day)
        employer, position, inv, growth = snap.employer, snap.position, None, None
        if app.employers is not None:
            employer, position, inv, growth = _NO_JOB, "none", False, False
            for e in app.employers:
                if e.from_ <= day and (e.to is None or day <= e.to):
                    employer = Employer(
                        innovation_support=e.innovation_support,
                        sme=e.sme,
                        rnd_over_3pct=e.rnd_over_3pct,
                        rnd_ratio_pct=e.rnd_ratio_pct,
                        local_gov_support=e.local_gov_support,
                    )
                    position, inv = e.position, e.investment_management
                    growth = e.growth_field_project
                    break
        licences = snap.licenses
        if app.licenses_obtained is not None:
            licences = sum(1 for d in app.licenses_obtained if d <= day)
        return Facts(
            base=app,
            date=day,
            birth_date=app.birth_date,
            degrees=degrees,
            experience=tuple(self.years(k, day) for k in EXPERIENCE_KINDS),
            annual_salary=salary,
            performance_linked=perf,
            jlpt=jlpt,
            bjt=bjt,
            employer=employer,
            position=position,
            investment_management=snap.investment_management if inv is None else inv,
            growth_field_project=snap.growth_field_project if growth is None else growth,
            licenses=licences,
            application=app.application if day == app.date else Application(),
        )

    @cached_property
    def assumed(self) -> tuple[str, ...]:
        """Facts taken as unchanged before the anchor date because no history was given."""
        app = self.app
        out = []
        if app.salaries is None:
            out.append("annual_salary")
        if app.career is None and any(getattr(app.experience, k) > 0 for k in EXPERIENCE_KINDS):
            out.append("experience")
        if app.degrees is not None and any(d.awarded is None for d in app.degrees):
            out.append("degrees")
        if app.japanese_tests is None and (app.japanese.jlpt or app.japanese.bjt):
            out.append("japanese")
        if app.employers is None:
            out.append("employer")
        return tuple(out)

    # ---------------------------------------------------------------- residence and status

    @cached_property
    def statuses(self) -> list[StatusPeriod]:
        return sorted(self.app.statuses or [], key=lambda p: p.from_)

    def status_on(self, day: dt.date) -> str | None:
        """The status of residence held on ``day`` (None if none is given)."""
        for p in self.statuses:
            if p.from_ <= day and (p.to is None or day <= p.to):
                return str(p.status)
        return None

    def residence_start(self, day: dt.date) -> dt.date | None:
        """When the continuous residence that includes ``day`` began (None if unknown)."""
        if self.app.residence_since is not None:
            return self.app.residence_since if self.app.residence_since <= day else None
        return chain_start(self.statuses, day, None)

    # ---------------------------------------------------------------- change dates

    def change_dates(self, lo: dt.date, hi: dt.date) -> dict[dt.date, list[Cause]]:
        """Every date in [lo, hi] on which a fact that can move the points changes.

        Memoised per window: the PR search asks for the same windows for every route and
        option reading. Callers must not modify the result.
        """
        key = (lo, hi)
        if key not in self._changes:
            self._changes[key] = self._change_dates(lo, hi)
        return self._changes[key]

    def _change_dates(self, lo: dt.date, hi: dt.date) -> dict[dt.date, list[Cause]]:
        out: dict[dt.date, list[Cause]] = {}

        def add(day: dt.date | None, cause: Cause) -> None:
            if day is not None and lo <= day <= hi:
                out.setdefault(day, []).append(cause)

        app = self.app
        edges = rule_edges(self.book)
        if app.birth_date is not None:
            for age in edges.ages:
                add(add_years(app.birth_date, age), Cause("age", age))
        for kind in EXPERIENCE_KINDS:
            for years in edges.years:
                add(self._reached(kind, years, lo, hi), Cause("experience", years, kind))
        for period in app.salaries or ():
            add(period.from_, Cause("salary", period.annual_salary))
        for d in app.degrees or ():
            add(d.awarded, Cause("degree", d.level))
        for t in app.japanese_tests or ():
            add(t.date, Cause("japanese", t.jlpt or t.bjt))
        for e in app.employers or ():
            add(e.from_, Cause("employer", "start"))
            if e.to is not None:
                add(e.to + DAY, Cause("employer", "end"))
        for day in app.licenses_obtained or ():
            add(day, Cause("licence"))
        for day, ids in rule_change_dates(self.book).items():
            add(day, Cause("rules", tuple(ids)))
        return dict(sorted(out.items()))

    def _reached(self, kind: str, years: float, lo: dt.date, hi: dt.date) -> dt.date | None:
        """The first day in (lo, hi] on which experience of ``kind`` reaches ``years``."""
        if self.years(kind, lo) >= years or self.years(kind, hi) < years:
            return None
        a, b = lo.toordinal(), hi.toordinal()  # years(a) < target <= years(b)
        while b - a > 1:
            mid = (a + b) // 2
            if self.years(kind, dt.date.fromordinal(mid)) >= years:
                b = mid
            else:
                a = mid
        return dt.date.fromordinal(b)


def _merge(
    spans: Iterable[tuple[dt.date, dt.date | None]],
) -> list[tuple[dt.date, dt.date | None]]:
    """Merge overlapping half-open periods (experience is not counted twice)."""
    merged: list[tuple[dt.date, dt.date | None]] = []
    for start, end in spans:
        if merged:
            last_start, last_end = merged[-1]
            if last_end is None:
                continue
            if start <= last_end:
                merged[-1] = (last_start, None if end is None else max(end, last_end))
                continue
        merged.append((start, end))
    return merged


def chain_start(
    statuses: list[StatusPeriod], day: dt.date, allowed: frozenset[str] | None
) -> dt.date | None:
    """Start of the gap-free run of statuses (of ``allowed`` kinds, or any) covering ``day``.

    ``statuses`` are sorted and do not overlap. A status without ``to`` is held until ``day``.
    """
    start: dt.date | None = None
    prev_to: dt.date | None = None
    for p in statuses:
        if p.from_ > day:
            break
        if allowed is not None and p.status not in allowed:
            start, prev_to = None, None
            continue
        if start is None or (prev_to is not None and p.from_ > prev_to + DAY):
            start = p.from_
        prev_to = p.to
    if start is None or (prev_to is not None and prev_to < day):
        return None
    return start
