"""Date arithmetic for periods of years and months: one calendar rule, used everywhere.

**Periods (Civil Code Art. 143).** A period of N years or N months is reckoned by the
calendar: it is complete at the end of the day before the corresponding day N years or months
later; where that month has no corresponding day (29 February in a common year, the 31st in a
short month), it is complete at the end of that month's last day. So a period of N years that
starts on 29 February is complete on 1 March of a common year — the same reading kodo uses
for ages (age reckoning law). Looking back N years from 29 February in a common target year
gives 28 February.

**Durations.** The calendar duration of a period (``duration(start, stop)``, ``stop``
exclusive) is its whole months by the rule above plus the days left over; it depends only on
the period's own start and end. Several periods add up (``Duration.plus``) as whole months
plus pooled leftover days, 31 pooled days making a month: 31 is the only conversion under
which a single period never counts for more than its calendar duration (a period has at most
30 leftover days), so one rule serves one period and many. See docs/history.md.

**Range.** Python dates end at 9999-12-31. The arithmetic saturates at ``dt.date.min`` and
``dt.date.max`` instead of raising: a horizon past the end of the calendar is "never" for
every comparison kodo makes. Input dates are limited far inside this range (kodo.input).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

DAY = dt.timedelta(days=1)
_MONTHS_PER_YEAR = 12
POOLED_DAYS_PER_MONTH = 31  # leftover days of several periods that make a month (see above)


def _first_of_next_month(year: int, month: int) -> dt.date:
    if month == _MONTHS_PER_YEAR:
        return _date_or_max(year + 1, 1, 1)
    return dt.date(year, month + 1, 1)


def _date_or_max(year: int, month: int, day: int) -> dt.date:
    if year > dt.MAXYEAR:
        return dt.date.max
    if year < dt.MINYEAR:
        return dt.date.min
    return dt.date(year, month, day)


def add_months(day: dt.date, months: int) -> dt.date:
    """The day on which a period of ``months`` months from ``day`` is complete.

    The corresponding day ``months`` later, or the 1st of the following month where that
    month has no corresponding day (31 January + 1 month -> 1 March). Saturates at the ends
    of the calendar.
    """
    index = day.year * _MONTHS_PER_YEAR + day.month - 1 + months
    year, month0 = divmod(index, _MONTHS_PER_YEAR)
    if year > dt.MAXYEAR:
        return dt.date.max
    if year < dt.MINYEAR:
        return dt.date.min
    try:
        return dt.date(year, month0 + 1, day.day)
    except ValueError:  # no corresponding day in that month
        return _first_of_next_month(year, month0 + 1)


def add_years(day: dt.date, years: int) -> dt.date:
    """The anniversary ``years`` after ``day`` (29 Feb -> 1 Mar in common years)."""
    return add_months(day, years * _MONTHS_PER_YEAR)


def sub_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` earlier (29 Feb -> 28 Feb in common years); saturates."""
    year = day.year - years
    if year < dt.MINYEAR:
        return dt.date.min
    if year > dt.MAXYEAR:
        return dt.date.max
    try:
        return day.replace(year=year)
    except ValueError:
        return dt.date(year, 2, 28)


def next_day(day: dt.date) -> dt.date:
    """The following day (``dt.date.max`` stays itself)."""
    return day if day == dt.date.max else day + DAY


class Duration(NamedTuple):
    """A calendar duration: whole months and leftover days (see the module docstring)."""

    months: int = 0
    days: int = 0

    @property
    def years(self) -> int:
        """Whole years."""
        return self.months // _MONTHS_PER_YEAR

    def years_months(self) -> tuple[int, int]:
        """(whole years, whole months beyond them)."""
        return divmod(self.months, _MONTHS_PER_YEAR)

    def plus(self, other: Duration) -> Duration:
        """The two durations added: months, and pooled leftover days (31 make a month)."""
        extra, days = divmod(self.days + other.days, POOLED_DAYS_PER_MONTH)
        return Duration(self.months + other.months + extra, days)

    def as_years(self) -> float:
        """Years as a number: whole years + (months + days / 31) / 12.

        Strictly below the next whole month (and year), so comparing it with a number of years
        or months (``>= 5``, ``>= 0.5``) compares the calendar duration.
        """
        return (self.months + self.days / POOLED_DAYS_PER_MONTH) / _MONTHS_PER_YEAR


def duration(start: dt.date, stop: dt.date) -> Duration:
    """The calendar duration of the days ``start`` .. ``stop - 1`` (``stop`` exclusive)."""
    if stop <= start:
        return Duration()
    months = (stop.year - start.year) * _MONTHS_PER_YEAR + stop.month - start.month
    if add_months(start, months) > stop:
        months -= 1
    return Duration(months, (stop - add_months(start, months)).days)


def years_and_months(years: float) -> tuple[int, int]:
    """A number of years (``Facts.experience``, ``Duration.as_years``) as (years, months).

    Whole months only: 4.99 years is (4, 11). Negative numbers are (0, 0).
    """
    if not years > 0:
        return 0, 0
    months = int(years * _MONTHS_PER_YEAR + 1e-9)
    return divmod(months, _MONTHS_PER_YEAR)


def years_between(start: dt.date, day: dt.date) -> float:
    """Years from ``start`` to ``day``: whole anniversaries plus the fraction of the next year."""
    if day <= start:
        return 0.0
    whole = day.year - start.year
    if add_years(start, whole) > day:
        whole -= 1
    last = add_years(start, whole)
    following = add_years(start, whole + 1)
    if following <= last:  # the end of the calendar
        return float(whole)
    return whole + (day - last).days / (following - last).days


def next_birthday(birth: dt.date, after: dt.date) -> dt.date:
    """The first day after ``after`` on which a person born on ``birth`` is a year older:
    the anniversary of age + 1 (ages by :func:`age_on`, the same rule)."""
    return add_years(birth, age_on(birth, after) + 1)


def age_on(birth: dt.date, day: dt.date) -> int:
    """Whole years completed on ``day``.

    The birthday anniversary counts from the anniversary date itself; a 29 February birthday
    is reached on 1 March in common years (age reckoning under 年齢計算ニ関スル法律 and Civil
    Code Art. 143: the year ends with the day before the anniversary, 28 February).
    """
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


EPOCH = dt.date(1970, 1, 1).toordinal()  # the ordinal of day 0 of numpy's and polars' dates
_GREGORIAN_CYCLE_YEARS = 4 * 100  # the calendar repeats every four centuries (146,097 days)


def ymd(ordinals: Any) -> tuple[Any, Any, Any]:
    """(year, month, day) arrays of an array of date ordinals (``date.toordinal()``): the
    proleptic Gregorian calendar in integer arithmetic (eras of 400 years, years from March,
    as in H. Hinnant's ``civil_from_days``), the calendar ``datetime.date`` uses."""
    import numpy as np  # here: the scalar functions above need no numpy

    z = np.asarray(ordinals, dtype=np.int64) + 305  # days from 0000-03-01
    era = z // 146097
    doe = z - era * 146097  # day of the era, 0..146096
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365  # year of the era
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)  # day of the year from 1 March
    mp = (5 * doy + 2) // 153  # month from March, 0..11
    day = doy - (153 * mp + 2) // 5 + 1
    month = np.where(mp < 10, mp + 3, mp - 9)
    year = yoe + era * _GREGORIAN_CYCLE_YEARS + (month <= 2)
    return year, month, day


def ages_on(births: Any, days: Any) -> Any:
    """:func:`age_on` for arrays of ordinals (the same rule, element by element)."""
    by, bm, bd = ymd(births)
    y, m, d = ymd(days)
    younger = (m * 100 + d) < (bm * 100 + bd)
    return y - by - younger
