"""Ages the consistency checks of the input use (facts that cannot all be true are refused;
docs/limits.md). Birthdays and years between dates are ``kodo.dates``: one calendar rule."""

from __future__ import annotations

WORK_AGE = 15  # no relevant experience, and no degree, before this age
MULTIPLE_FIELDS_DEGREES = 2  # the multiple-fields bonus needs at least this many degrees
