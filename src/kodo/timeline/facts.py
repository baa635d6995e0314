"""A person's facts on any date, from the dated history (or a snapshot projected in time).

``Timeline`` normalises the input once; ``facts_on(day)`` gives the snapshot applicant on a
date (what the engine scores); ``change_dates(lo, hi)`` lists every date in a window on which
a fact that can move the points changes (birthdays at the age edges of the rule data,
experience reaching the career edges, salary periods, degrees awarded, tests passed, jobs
starting or ending, licences obtained, and rule versions taking effect). Between two
consecutive change dates the points are constant, so the timeline scores only those dates.

Projection: the future continues the last known state (ongoing jobs and careers go on, the
last salary stays, age advances). A snapshot without history is projected the same way from
its ``date``: experience of a kind given as more than 0 years advances, everything else stays.
Looking back from a snapshot assumes unchanged facts; ``assumed`` names them so that results
can say so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from kodo.applicant import Applicant, Degree, Employer, Experience, Japanese
from kodo.dated import StatusPeriod
from kodo.rules.book import RuleBook
from kodo.rules.values import AgeFloor, AgeValue, Career, JSkip, Salary, SalaryFloor
from kodo.timeline.calendar import DAY, add_years, years_between
from kodo.vocab import ExperienceKind

KINDS: tuple[ExperienceKind, ...] = ("research", "professional", "management")
JLPT_RANK = {"N1": 1, "N2": 2, "N3": 3, "N4": 4, "N5": 5}


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
    intervals: dict[str, list[tuple[dt.date, dt.date | None]]] = field(default_factory=dict)
    snapshot_years: dict[str, float] = field(default_factory=dict)
    _changes: dict[tuple[dt.date, dt.date], dict[dt.date, list[Cause]]] = field(
        default_factory=dict, repr=False
    )

    def __post_init__(self) -> None:
        app = self.app
        if app.career is not None:
            for kind in KINDS:
                spans = sorted(
                    (c.start, None if c.end is None else c.end + DAY)
                    for c in app.career
                    if c.kind == kind
                )
                self.intervals[kind] = _merge(spans)
        else:
            self.snapshot_years = {k: float(getattr(app.experience, k)) for k in KINDS}

    # ---------------------------------------------------------------- facts on a date

    def years(self, kind: str, day: dt.date) -> float:
        """Years of experience of ``kind`` completed on ``day``."""
        if self.app.career is None:
            y = self.snapshot_years[kind]
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

    def degrees(self, day: dt.date) -> list[Degree] | None:
        if self.app.degrees is None:
            return None
        return [d for d in self.app.degrees if d.awarded is None or d.awarded <= day]

    def japanese(self, day: dt.date) -> Japanese:
        tests = self.app.japanese_tests
        if tests is None:
            return self.app.japanese
        jlpt = min(
            (t.jlpt for t in tests if t.jlpt is not None and t.date <= day),
            key=JLPT_RANK.__getitem__,
            default=None,
        )
        bjt = max((t.bjt for t in tests if t.bjt is not None and t.date <= day), default=None)
        return Japanese(jlpt=jlpt, bjt=bjt)

    def job(self, day: dt.date) -> dict[str, object]:
        app = self.app
        if app.employers is None:
            return {}
        for e in app.employers:
            if e.from_ <= day and (e.to is None or day <= e.to):
                return {
                    "employer": Employer(
                        innovation_support=e.innovation_support,
                        sme=e.sme,
                        rnd_over_3pct=e.rnd_over_3pct,
                        rnd_ratio_pct=e.rnd_ratio_pct,
                        local_gov_support=e.local_gov_support,
                    ),
                    "position": e.position,
                    "investment_management": e.investment_management,
                    "growth_field_project": e.growth_field_project,
                }
        return {
            "employer": Employer(),
            "position": "none",
            "investment_management": False,
            "growth_field_project": False,
        }

    def facts_on(self, day: dt.date) -> Applicant:
        """The snapshot applicant on ``day`` (not re-validated: built from validated parts)."""
        app = self.app
        salary, perf = self.salary(day)
        update: dict[str, object] = {
            "date": day,
            "degrees": self.degrees(day),
            "experience": Experience(
                research=self.years("research", day),
                professional=self.years("professional", day),
                management=self.years("management", day),
            ),
            "annual_salary": salary,
            "salary_performance_linked": perf,
            "japanese": self.japanese(day),
            "career": None,
            "salaries": None,
            "japanese_tests": None,
            "employers": None,
            "licenses_obtained": None,
        }
        if day != app.date:
            update["application"] = type(app.application)()
        if app.licenses_obtained is not None:
            update["licenses"] = sum(1 for d in app.licenses_obtained if d <= day)
        update.update(self.job(day))
        return app.model_copy(update=update)

    @cached_property
    def assumed(self) -> tuple[str, ...]:
        """Facts taken as unchanged before the anchor date because no history was given."""
        app = self.app
        out = []
        if app.salaries is None:
            out.append("annual_salary")
        if app.career is None and any(v > 0 for v in self.snapshot_years.values()):
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
        for kind in KINDS:
            for years in edges.years:
                add(self._reached(kind, years, lo, hi), Cause("experience", years, kind))
        for period in app.salaries or ():
            add(period.from_, Cause("salary", period.annual_salary))
        for d in app.degrees or ():
            add(d.awarded, Cause("degree", d.level))
        for t in app.japanese_tests or ():
            add(t.date, Cause("japanese", t.jlpt or t.bjt))
        for e in app.employers or ():
            add(e.from_, Cause("employer", "start", e.name))
            if e.to is not None:
                add(e.to + DAY, Cause("employer", "end", e.name))
        for day in app.licenses_obtained or ():
            add(day, Cause("licence"))
        for day, ids in rule_change_dates(self.book).items():
            add(day, Cause("rules", ids))
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


# -------------------------------------------------------------------- edges of the rule data


@dataclass(frozen=True)
class Edges:
    ages: tuple[int, ...]
    years: tuple[float, ...]


@lru_cache(maxsize=8)
def rule_edges(book: RuleBook) -> Edges:
    """Every age and experience edge in any version of the rule data."""
    ages: set[int] = set()
    years: set[float] = set()
    for rule in book.rules.values():
        for v in rule.versions:
            value = v.value
            if isinstance(value, Salary):
                for c in (value.a, value.b, value.c):
                    ages.update(c.age_edges)
            elif isinstance(value, AgeValue):
                for a in (value.a, value.b, value.c):
                    if a is not None:
                        ages.update(a.edges)
            elif isinstance(value, SalaryFloor):
                for f in (value.a, value.b, value.c):
                    if isinstance(f, AgeFloor):
                        ages.update(f.age_edges)
            elif isinstance(value, Career):
                years.update(value.edges_years)
            elif isinstance(value, JSkip):
                years.update(c.min_years for c in (value.a, value.b, value.c))
    return Edges(tuple(sorted(ages)), tuple(sorted(years)))


@lru_cache(maxsize=8)
def rule_change_dates(book: RuleBook) -> dict[dt.date, list[str]]:
    """Dates (after the start of the data) on which some rule takes a new version."""
    out: dict[dt.date, list[str]] = {}
    for rule in book.rules.values():
        for v in rule.versions:
            if v.effective_from > book.coverage_from:
                out.setdefault(v.effective_from, []).append(rule.id)
    return dict(sorted(out.items()))
