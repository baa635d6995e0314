"""Dates of a life: birthdays and years between dates, for the consistency checks of the
input (facts that cannot all be true are refused; docs/limits.md)."""

from __future__ import annotations

import datetime as dt

WORK_AGE = 15  # no relevant experience, and no degree, before this age
MULTIPLE_FIELDS_DEGREES = 2  # the multiple-fields bonus needs at least this many degrees


def birthday(birth: dt.date, age: int) -> dt.date:
    """The day ``birth`` turns ``age`` (28 February for someone born on 29 February)."""
    year = birth.year + age
    try:
        return birth.replace(year=year)
    except ValueError:
        return dt.date(year, 2, 28)


def years_between(start: dt.date, end: dt.date) -> float:
    """Whole anniversaries from ``start`` to ``end`` plus the fraction of the next year."""
    if end <= start:
        return 0.0
    whole = end.year - start.year
    if birthday(start, whole) > end:
        whole -= 1
    last = birthday(start, whole)
    following = birthday(start, whole + 1)
    return whole + (end - last).days / (following - last).days
