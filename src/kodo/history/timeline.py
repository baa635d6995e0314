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

import copy
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from kodo.dates import DAY, Duration, add_years, years_between
from kodo.history.edges import rule_change_dates, rule_edges
from kodo.history.periods import (
    Covering,
    Experience,
    StatusRuns,
    Steps,
    chain_start,
)
from kodo.input.applicant import Applicant
from kodo.input.facts import Facts, listed_degrees, snapshot_facts
from kodo.input.history import EmployerPeriod, StatusPeriod
from kodo.input.parts import Application, Degree, Employer
from kodo.rules.book import RuleBook
from kodo.vocab import EXPERIENCE_KINDS, JLPT_CODE

__all__ = ["Cause", "Change", "Index", "Timeline", "chain_start"]

Change = Callable[[Facts], Facts]
_MAX_MEMO = 100_000  # dates whose facts a timeline keeps
_NO_JOB = Employer()


@dataclass(frozen=True, slots=True)
class Cause:
    """Why the facts change on a date: a stable code and its values."""

    code: str  # age | experience | salary | degree | japanese | employer | licence | rules
    value: object = None
    detail: str | None = None


def _better_jlpt(a: str | None, b: str | None) -> str | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b, key=JLPT_CODE.__getitem__)


def _higher(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else max(a, b)


class Index:
    """The dated lists of an applicant, sorted once for O(log n) lookups (kodo.history.periods)."""

    def __init__(self, app: Applicant) -> None:
        self.experience: dict[str, Experience] = {
            kind: Experience(
                (c.start, None if c.end is None else c.end + DAY)
                for c in app.career or ()
                if c.kind == kind
            )
            for kind in EXPERIENCE_KINDS
        }
        self.salary: Steps[tuple[int | None, int]] = Steps(
            ((p.from_, (p.annual_salary, p.performance_linked)) for p in app.salaries or ()),
            (None, 0),
        )
        tests = app.japanese_tests or ()
        jlpt: list[tuple[dt.date, str | None]] = [(t.date, t.jlpt) for t in tests]
        self.jlpt = Steps.running(jlpt, None, _better_jlpt)
        self.bjt = Steps.running(((t.date, t.bjt) for t in tests), None, _higher)
        self.licences: Steps[None] = Steps(((d, None) for d in app.licenses_obtained or ()), None)
        self.jobs: Covering[EmployerPeriod] = Covering(
            [(e.from_, e.to, e) for e in app.employers or ()]
        )
        degrees = listed_degrees(app) or []  # as the official lists imply (kodo.lists)
        self.awarded: Steps[None] = Steps(
            ((d.awarded, None) for d in degrees if d.awarded is not None), None
        )
        self._degrees: dict[int, tuple[Degree, ...]] = {}
        # The facts on each date asked (before any ``Timeline.changed``), shared by the
        # changed timelines; bounded.
        self.facts: dict[dt.date, Facts] = {}
        self._all_degrees = tuple(degrees)

    def degrees(self, day: dt.date) -> tuple[Degree, ...]:
        """The degrees held on ``day``, in input order (one tuple per distinct set)."""
        k = self.awarded.count(day)
        out = self._degrees.get(k)
        if out is None:
            out = tuple(d for d in self._all_degrees if d.awarded is None or d.awarded <= day)
            self._degrees[k] = out
        return out


@dataclass
class Timeline:
    """The dated facts of one person, normalised."""

    app: Applicant
    anchor: dt.date  # the input's date (or today): the date of the snapshot facts
    book: RuleBook
    change: tuple[dt.date, Change] | None = None  # (from, apply): see ``changed``
    index: Index = field(init=False, repr=False)
    _changes: dict[tuple[dt.date, dt.date], dict[dt.date, list[Cause]]] = field(
        default_factory=dict, repr=False
    )

    def __post_init__(self) -> None:
        self.index = Index(self.app)

    def changed(self, start: dt.date, apply: Change) -> Timeline:
        """The same history with ``apply`` changing the facts on every date from ``start`` on."""
        out = copy.copy(self)  # shares the index and the facts that do not depend on dates
        out.change, out._changes = (start, apply), {}
        return out

    # ---------------------------------------------------------------- facts on a date

    @cached_property
    def _snapshot(self) -> Facts:
        return snapshot_facts(self.app)

    def experience(self, kind: str, day: dt.date) -> Duration | None:
        """The calendar duration of the ``kind`` periods before ``day`` (None: no career given).

        A finished period gives the same duration on every later date (kodo.dates).
        """
        if self.app.career is None:
            return None
        return self.index.experience[kind].on(day)

    def years(self, kind: str, day: dt.date) -> float:
        """Years of experience of ``kind`` completed on ``day``."""
        if self.app.career is None:
            y = float(getattr(self.app.experience, kind))
            if y <= 0:
                return 0.0
            if day >= self.anchor:
                return y + years_between(self.anchor, day)
            return max(y - years_between(day, self.anchor), 0.0)
        return self.index.experience[kind].on(day).as_years()

    def salary(self, day: dt.date) -> tuple[int | None, int]:
        if self.app.salaries is None:
            return self.app.salary_on(day)
        return self.index.salary.on(day)

    def japanese(self, day: dt.date) -> tuple[str | None, int | None]:
        if self.app.japanese_tests is None:
            return self.app.japanese.jlpt, self.app.japanese.bjt
        return self.index.jlpt.on(day), self.index.bjt.on(day)

    def facts_on(self, day: dt.date) -> Facts:
        """The facts on ``day`` (built from validated parts; not re-validated)."""
        memo = self.index.facts
        facts = memo.get(day)
        if facts is None:
            if len(memo) >= _MAX_MEMO:
                memo.clear()
            facts = memo[day] = self._facts_on(day)
        if self.change is not None and day >= self.change[0]:
            facts = self.change[1](facts)
        return facts

    def _facts_on(self, day: dt.date) -> Facts:
        app = self.app
        snap = self._snapshot
        salary, perf = self.salary(day)
        jlpt, bjt = self.japanese(day)
        degrees = None if snap.degrees is None else self.index.degrees(day)
        employer, position, inv, growth = snap.employer, snap.position, None, None
        if app.employers is not None:
            employer, position, inv, growth = _NO_JOB, "none", False, False
            e = self.index.jobs.on(day)
            if e is not None:
                employer = Employer(
                    innovation_support=e.innovation_support,
                    sme=e.sme,
                    rnd_over_3pct=e.rnd_over_3pct,
                    rnd_ratio_pct=e.rnd_ratio_pct,
                    local_gov_support=e.local_gov_support,
                )
                position, inv = e.position, e.investment_management
                growth = e.growth_field_project
        licences = snap.licenses
        if app.licenses_obtained is not None:
            licences = self.index.licences.count(day)
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
        p = self._runs.on(day)
        return None if p is None else str(p.status)

    def residence_start(self, day: dt.date) -> dt.date | None:
        """When the continuous residence that includes ``day`` began (None if unknown)."""
        if self.app.residence_since is not None:
            return self.app.residence_since if self.app.residence_since <= day else None
        return self.chain_start(day, None)

    @cached_property
    def _runs(self) -> StatusRuns:
        return StatusRuns(self.statuses)

    def chain_start(self, day: dt.date, allowed: frozenset[str] | None) -> dt.date | None:
        """Start of the gap-free run of statuses (of ``allowed`` kinds, or any) covering ``day``.

        The same as ``kodo.history.periods.chain_start(self.statuses, day, allowed)``, in
        O(log n) (the runs of each ``allowed`` set are found once).
        """
        return self._runs.chain_start(day, allowed)

    def residence_assumed_after(self, day: dt.date) -> dt.date | None:
        """The last day of the last status given, when residence on ``day`` is assumed past it.

        ``residence_start`` takes ``residence_since`` at its word on every later date; when
        statuses are given too and ``day`` is after the end (``to``) of the last of them, the
        residence on ``day`` rests on that assumption alone (the period of stay must have been
        renewed). Results must say so: this returns that end date, else None (no statuses, no
        ``residence_since``, the last status is ongoing, or ``day`` is within it).
        """
        if self.app.residence_since is None or not self.statuses:
            return None
        last = self.statuses[-1].to
        if last is None or day <= last or self.app.residence_since > day:
            return None
        return last

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
