"""One calendar rule for periods, durations and experience (kodo.dates, issue 8 §4).

Properties over many dates and leap years: a finished period gives the same experience on
every later date; experience never decreases; one period reaches N years exactly on its
anniversary; several periods add up as calendar durations; overlaps count once; the change
dates the timeline announces are the days ``years()`` crosses an edge. Calendar helpers at the
edges (29 February, month ends, the ends of Python's calendar) never raise.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kodo import evaluate
from kodo.dates import (
    DAY,
    Duration,
    add_months,
    add_years,
    age_on,
    duration,
    next_birthday,
    sub_years,
    years_and_months,
    years_between,
)
from kodo.history.timeline import Timeline
from kodo.input.read import parse_applicant
from kodo.rules.book import load_book

D = dt.date.fromisoformat
BOOK = load_book()
# The accepted input range (kodo.input), less room for the periods the tests build.
dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2120, 12, 31))


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


# Dates that are often 28/29 February, 1 March or a month end.
edgy = st.one_of(
    dates,
    st.builds(
        lambda y, md: dt.date(y, *md) if md != (2, 29) or _leap(y) else dt.date(y, 2, 28),
        st.integers(1900, 2120),
        st.sampled_from([(2, 28), (2, 29), (3, 1), (1, 31), (12, 31), (1, 1), (4, 30)]),
    ),
)
FAST = settings(max_examples=150, deadline=None)


def timeline(career: list[tuple[dt.date, dt.date | None]], **extra: Any) -> Timeline:
    app = parse_applicant(
        {
            "career": [
                {"kind": "professional", "start": s.isoformat()}
                | ({} if e is None else {"end": e.isoformat()})
                for s, e in career
            ],
            **extra,
        }
    )
    return Timeline(app, D("2025-01-01"), BOOK)


# ------------------------------------------------------------------ the calendar helpers


@given(edgy, st.integers(-2000, 2000))
def test_add_months_is_the_corresponding_day_or_the_first_of_the_next_month(
    day: dt.date, months: int
) -> None:
    out = add_months(day, months)
    index = day.year * 12 + day.month - 1 + months
    if out in (dt.date.min, dt.date.max):
        return
    if out.day == day.day:
        assert out.year * 12 + out.month - 1 == index
    else:  # no corresponding day: the 1st of the following month
        assert out.day == 1 and out.year * 12 + out.month - 2 == index
        assert day.day > 28


@given(edgy, st.integers(0, 300))
def test_add_and_sub_years_at_29_february(day: dt.date, years: int) -> None:
    later, earlier = add_years(day, years), sub_years(day, years)
    assert years_between(day, later) == years
    if (day.month, day.day) == (2, 29):
        assert later == (
            dt.date(later.year, 2, 29) if _leap(later.year) else dt.date(later.year, 3, 1)
        )
        assert earlier.month == 2 and earlier.day in (28, 29)
    else:
        assert (later.month, later.day) == (earlier.month, earlier.day) == (day.month, day.day)
    assert later.year == day.year + years and earlier.year == day.year - years


def test_leap_day_examples() -> None:
    assert add_years(D("2024-02-29"), 1) == D("2025-03-01")
    assert add_years(D("2024-02-29"), 4) == D("2028-02-29")
    assert sub_years(D("2028-02-29"), 3) == D("2025-02-28")
    assert add_months(D("2025-01-31"), 1) == D("2025-03-01")
    assert add_months(D("2024-01-31"), 1) == D("2024-03-01")
    assert add_months(D("2024-01-30"), 1) == D("2024-03-01")
    assert add_months(D("2024-01-29"), 1) == D("2024-02-29")
    assert add_months(D("2025-12-31"), 1) == D("2026-01-31")
    assert add_months(D("2025-10-31"), 2) == D("2025-12-31")
    assert add_months(D("2025-12-01"), -1) == D("2025-11-01")
    assert next_birthday(D("2000-02-29"), D("2025-02-28")) == D("2025-03-01")
    assert next_birthday(D("2000-02-29"), D("2027-03-01")) == D("2028-02-29")
    assert next_birthday(D("2000-12-31"), D("2025-12-31")) == D("2026-12-31")


@given(
    st.sampled_from([dt.date.min, dt.date.max, D("9999-02-28"), D("0001-02-28"), D("2199-12-31")]),
    st.integers(-10_000, 10_000),
)
def test_date_arithmetic_saturates_instead_of_raising(day: dt.date, n: int) -> None:
    for out in (add_years(day, n), sub_years(day, n), add_months(day, n)):
        assert dt.date.min <= out <= dt.date.max
    assert years_between(day, add_years(day, abs(n))) >= 0
    assert next_birthday(dt.date(1900, 2, 28), day) >= day or day == dt.date.max


@given(edgy, st.integers(0, 40_000))
def test_a_duration_is_whole_months_by_the_calendar_plus_leftover_days(
    start: dt.date, length: int
) -> None:
    stop = start + dt.timedelta(days=length)
    d = duration(start, stop)
    assert add_months(start, d.months) + dt.timedelta(days=d.days) == stop
    assert add_months(start, d.months + 1) > stop  # whole months only
    assert 0 <= d.days <= 30
    assert d.as_years() < d.years + 1 and int(d.as_years()) == d.years
    assert years_and_months(d.as_years()) == d.years_months()


@given(edgy, st.integers(0, 3000))
def test_n_months_is_complete_on_the_corresponding_day(start: dt.date, months: int) -> None:
    stop = add_months(start, months)
    assert duration(start, stop) == Duration(months, 0)
    before = duration(start, stop - DAY)
    assert before.months == months - 1 or months == 0


@given(st.lists(st.tuples(st.integers(0, 11 * 12), st.integers(0, 30)), min_size=1, max_size=6))
def test_durations_add_as_months_and_pooled_days(parts: list[tuple[int, int]]) -> None:
    total = Duration()
    for m, d in parts:
        total = total.plus(Duration(m, d))
    days = sum(d for _, d in parts)
    assert total == Duration(sum(m for m, _ in parts) + days // 31, days % 31)


def test_years_and_months() -> None:
    assert years_and_months(4.99727) == (4, 11)
    assert years_and_months(5.0) == (5, 0)
    assert years_and_months(1.5) == (1, 6)
    assert years_and_months(0.0) == (0, 0)
    assert years_and_months(-1.0) == (0, 0)
    assert years_and_months(Duration(59, 30).as_years()) == (4, 11)


# ------------------------------------------------------------------ experience from periods


@FAST
@given(edgy, st.integers(0, 6000), st.integers(0, 40_000), st.integers(0, 40_000))
def test_a_finished_period_gives_the_same_experience_on_every_later_date(
    start: dt.date, length: int, after1: int, after2: int
) -> None:
    end = start + dt.timedelta(days=length)
    tl = timeline([(start, end)])
    first = tl.years("professional", end + DAY)
    assert tl.years("professional", end + DAY + dt.timedelta(days=after1)) == first
    assert tl.years("professional", end + DAY + dt.timedelta(days=after2)) == first
    assert tl.experience("professional", end + DAY) == duration(start, end + DAY)


@FAST
@given(edgy, st.integers(1, 40))
def test_one_period_reaches_n_years_exactly_on_the_anniversary(start: dt.date, n: int) -> None:
    tl = timeline([(start, None)])
    day = add_years(start, n)
    assert tl.years("professional", day) >= n > tl.years("professional", day - DAY)
    # Finished the day before the anniversary: exactly N years, for ever.
    done = timeline([(start, day - DAY)])
    assert done.experience("professional", day + dt.timedelta(days=5000)) == Duration(12 * n, 0)


@FAST
@given(
    st.lists(st.tuples(edgy, st.integers(0, 3000)), min_size=1, max_size=5),
    st.lists(dates, min_size=2, max_size=6),
)
def test_experience_never_decreases(
    periods: list[tuple[dt.date, int]], days: list[dt.date]
) -> None:
    tl = timeline([(s, s + dt.timedelta(days=n)) for s, n in periods])
    values = [tl.years("professional", d) for d in sorted(days)]
    assert values == sorted(values)
    durations = [tl.experience("professional", d) for d in sorted(days)]
    assert durations == sorted(d for d in durations if d is not None)


@FAST
@given(edgy, st.integers(1, 8), st.integers(1, 8), st.integers(1, 3000))
def test_periods_add_up_as_calendar_durations(
    start: dt.date, first: int, second: int, gap: int
) -> None:
    """N years, a gap, then M years: N + M years on the M-th anniversary of the second start."""
    end1 = add_years(start, first) - DAY
    start2 = end1 + dt.timedelta(days=gap + 1)
    tl = timeline([(start, end1), (start2, None)])
    reached = add_years(start2, second)
    total = first + second
    assert tl.years("professional", reached) >= total > tl.years("professional", reached - DAY)
    assert tl.experience("professional", reached) == Duration(12 * total, 0)


@FAST
@given(edgy, st.integers(0, 4000), st.integers(0, 4000), st.integers(0, 4000))
def test_overlapping_periods_count_once(start: dt.date, a: int, b: int, c: int) -> None:
    outer = (start, start + dt.timedelta(days=a + b + c))
    inner = (start + dt.timedelta(days=a), start + dt.timedelta(days=a + b))
    day = outer[1] + DAY
    assert timeline([outer, inner]).experience("professional", day) == duration(start, day)
    assert timeline([inner, outer]).experience("professional", day) == duration(start, day)


def test_the_change_dates_are_where_experience_crosses_the_edges() -> None:
    """The timeline's experience causes are the first days ``years()`` reaches each edge."""
    tl = timeline([(D("2016-03-01"), D("2018-02-28")), (D("2019-03-31"), None)])
    causes = tl.change_dates(D("2016-01-01"), D("2040-01-01"))
    reached = {c.value: day for day, cs in causes.items() for c in cs if c.code == "experience"}
    assert reached
    for years, day in reached.items():
        assert isinstance(years, float)
        assert tl.years("professional", day) >= years > tl.years("professional", day - DAY)
    # 2 years, then 3 more from 2019-03-31: 5 years on 2022-03-31
    assert reached[5.0] == D("2022-03-31")


# ------------------------------------------------------------------ the reported example


def career(day: str) -> int:
    """Points for a professional career 2016-03-01..2021-02-28 (exactly 5 years), category b."""
    person = {
        "date": day,
        "birth_date": "1985-05-05",
        "category": "b",
        "career": [{"kind": "professional", "start": "2016-03-01", "end": "2021-02-28"}],
        "degrees": [{"level": "bachelor"}],
        "annual_salary": 6_000_000,
    }
    cat = evaluate(person).categories["b"]
    return {i.id: i.points for i in cat.items}["career"]


def test_a_finished_five_year_career_is_worth_the_same_on_every_later_date() -> None:
    tl = timeline([(D("2016-03-01"), D("2021-02-28"))])
    for day in ("2021-03-01", "2024-02-28", "2024-02-29", "2024-06-01", "2025-01-15", "2025-03-01"):
        assert tl.experience("professional", D(day)) == Duration(60, 0)
    assert tl.experience("professional", D("2021-02-28")) == Duration(59, 27)
    points = {career(day) for day in ("2021-03-01", "2024-02-28", "2024-06-01", "2025-01-15")}
    assert len(points) == 1 and points.pop() > career("2021-02-28")
    # No "reaches 5 years" after the career ended.
    later = tl.change_dates(D("2021-03-02"), D("2030-01-01"))
    assert not any(c.code == "experience" for cs in later.values() for c in cs)


# ------------------------------------------------------------------ residence past the last status


def test_residence_since_past_the_last_status_end_is_flagged() -> None:
    app = parse_applicant(
        {
            "residence_since": "2019-06-01",
            "statuses": [
                {"status": "engineer_humanities", "from": "2019-06-01", "to": "2024-05-31"}
            ],
        }
    )
    tl = Timeline(app, D("2025-06-01"), BOOK)
    assert tl.residence_start(D("2025-06-01")) == D("2019-06-01")
    assert tl.residence_assumed_after(D("2025-06-01")) == D("2024-05-31")
    assert tl.residence_assumed_after(D("2024-05-31")) is None
    assert tl.residence_assumed_after(D("2024-06-01")) == D("2024-05-31")
    ongoing = parse_applicant(
        {
            "residence_since": "2019-06-01",
            "statuses": [{"status": "engineer_humanities", "from": "2019-06-01"}],
        }
    )
    assert Timeline(ongoing, D("2025-06-01"), BOOK).residence_assumed_after(D("2030-01-01")) is None
    chain = parse_applicant(
        {"statuses": [{"status": "engineer_humanities", "from": "2019-06-01", "to": "2024-05-31"}]}
    )
    tl = Timeline(chain, D("2025-06-01"), BOOK)
    assert tl.residence_start(D("2025-06-01")) is None  # the chain of statuses stops
    assert tl.residence_assumed_after(D("2025-06-01")) is None


# ------------------------------------------------------------------ the ends of the accepted range


@pytest.mark.parametrize("birth", ["1900-01-01", "1904-02-29", "2000-02-29", "2199-12-31"])
@pytest.mark.parametrize("day", ["1900-03-01", "2024-02-29", "2199-12-31"])
def test_timelines_at_the_ends_of_the_accepted_range_do_not_raise(birth: str, day: str) -> None:
    if birth > day:
        return
    adult = add_years(D(birth), 20)
    since = (adult if adult <= D(day) else D(day)).isoformat()
    app = parse_applicant(
        {
            "date": day,
            "birth_date": birth,
            "salaries": [{"from": birth, "annual_salary": 5_000_000}],
            "statuses": [{"status": "hsp1_b", "from": birth, "to": day}],
            "residence_since": birth,
        }
        | ({"career": [{"kind": "professional", "start": since}]} if adult <= D(day) else {})
    )
    tl = Timeline(app, D(day), BOOK)
    far = add_years(D(day), 40)  # a horizon past the accepted range
    for when in (D(day), far, D("1900-01-01")):
        tl.facts_on(when)
        tl.residence_start(when)
        tl.residence_assumed_after(when)
    assert all(d <= far for d in tl.change_dates(D("1900-01-01"), far))


@given(edgy, st.integers(0, 40_000))
def test_next_birthday_is_the_day_the_age_goes_up(birth: dt.date, after_days: int) -> None:
    after = birth + dt.timedelta(days=after_days)
    day = next_birthday(birth, after)
    assert day > after
    assert age_on(birth, day) == age_on(birth, after) + 1 == age_on(birth, day - DAY) + 1


# ------------------------------------------------------------------ lookups equal a scan

small_day = st.integers(0, 3000).map(lambda n: D("2015-01-01") + dt.timedelta(days=n))


@FAST
@given(
    jobs=st.lists(st.tuples(small_day, st.integers(0, 900), st.booleans()), max_size=6),
    pay=st.lists(small_day, max_size=6, unique=True),
    tests=st.lists(st.tuples(small_day, st.sampled_from(["N1", "N2", "N3", None])), max_size=6),
    licences=st.lists(small_day, max_size=4),
    days=st.lists(small_day, min_size=1, max_size=8),
)
def test_facts_by_bisection_equal_a_scan_of_every_period(
    jobs: list[tuple[dt.date, int, bool]],
    pay: list[dt.date],
    tests: list[tuple[dt.date, str | None]],
    licences: list[dt.date],
    days: list[dt.date],
) -> None:
    """Overlapping jobs (the first listed wins), salaries, test results and licences."""
    app = parse_applicant(
        {
            "employers": [
                {"from": s.isoformat(), "to": (s + dt.timedelta(days=n)).isoformat(), "sme": f}
                for s, n, f in jobs
            ],
            "salaries": [
                {"from": s.isoformat(), "annual_salary": 4_000_000 + i} for i, s in enumerate(pay)
            ],
            "japanese_tests": [
                {"date": s.isoformat()} | ({"jlpt": j} if j else {"bjt": 400 + i})
                for i, (s, j) in enumerate(tests)
            ],
            "licenses_obtained": [s.isoformat() for s in licences],
        }
    )
    tl = Timeline(app, D("2020-01-01"), BOOK)
    for day in days:
        f = tl.facts_on(day)
        job = next(
            (e for e in app.employers or () if e.from_ <= day and (e.to is None or day <= e.to)),
            None,
        )
        assert f.employer.sme == (job is not None and job.sme)
        started = [p for p in sorted(app.salaries or (), key=lambda p: p.from_) if p.from_ <= day]
        assert f.annual_salary == (started[-1].annual_salary if started else None)
        passed = [t for t in app.japanese_tests or () if t.date <= day]
        levels = [t.jlpt for t in passed if t.jlpt]
        assert f.jlpt == (min(levels) if levels else None)  # "N1" < "N2" < ...
        assert f.bjt == max((t.bjt for t in passed if t.bjt is not None), default=None)
        assert f.licenses == sum(1 for d in licences if d <= day)
