"""Date arithmetic for periods of years, with one rule for 29 February.

A period of N years that starts on 29 February is complete on 1 March of a common year, the
same reading kodo uses for ages (age reckoning law and Civil Code Art. 143: the year ends on
28 February, so the anniversary is reached the day after). Looking back N years from
29 February in a common target year gives 28 February.
"""

from __future__ import annotations

import datetime as dt

DAY = dt.timedelta(days=1)


def add_years(day: dt.date, years: int) -> dt.date:
    """The anniversary ``years`` after ``day`` (29 Feb -> 1 Mar in common years)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return dt.date(day.year + years, 3, 1)


def sub_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` earlier (29 Feb -> 28 Feb in common years)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return dt.date(day.year - years, 2, 28)


def years_between(start: dt.date, day: dt.date) -> float:
    """Years from ``start`` to ``day``: whole anniversaries plus the fraction of the next year."""
    if day <= start:
        return 0.0
    whole = day.year - start.year
    if add_years(start, whole) > day:
        whole -= 1
    last = add_years(start, whole)
    following = add_years(start, whole + 1)
    return whole + (day - last).days / (following - last).days


def next_birthday(birth: dt.date, after: dt.date) -> dt.date:
    """The first day after ``after`` on which a person born on ``birth`` is a year older."""
    years = after.year - birth.year
    day = add_years(birth, years)
    return day if day > after else add_years(birth, years + 1)
