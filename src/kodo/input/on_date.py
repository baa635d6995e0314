"""The facts of an applicant that cannot all be true on one date, as (field, code,
parameters): shared by the model (on its own ``date``) and by
:func:`kodo.input.consistency.check_on` (on the date the caller decides)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kodo.dates import add_years, years_between
from kodo.i18n import Param, Span
from kodo.input.ages import WORK_AGE
from kodo.vocab import EXPERIENCE_KINDS

# The dated lists of a history (a degree award alone leaves an input a snapshot).
DATED_LISTS = (
    "career",
    "salaries",
    "japanese_tests",
    "employers",
    "licenses_obtained",
    "statuses",
)
Problem = tuple[str, str, dict[str, Param]]  # (field, catalogue code under input., params)


def problems_on(app: Any, day: dt.date) -> list[Problem]:
    """The problems ``check_on`` reports for ``app`` (an Applicant) on ``day``."""
    out: list[Problem] = []
    birth = app.birth_date
    if birth is not None and birth > day:
        out.append(("birth_date", "birth_after_date", {"birth": birth, "day": day}))
    if birth is not None and birth <= day and app.career is None:
        since = years_between(add_years(birth, WORK_AGE), day)
        for kind in EXPERIENCE_KINDS:
            years = float(getattr(app.experience, kind))
            if years > since + 1e-9:
                params: dict[str, Param] = {
                    "years": Span(years),
                    "since": Span(since),
                    "age": WORK_AGE,
                    "day": day,
                    "birth": birth,
                }
                out.append((f"experience.{kind}", "experience_too_long", params))
    if birth is not None and birth <= day < add_years(birth, WORK_AGE):
        for i, degree in enumerate(app.degrees or ()):
            if degree.awarded is None:  # held on the date, so awarded before the age of 15
                params = {"day": day, "age": WORK_AGE, "birth": birth}
                out.append((f"degrees[{i}]", "held_before_age", params))
    household = app.household
    for i, child in enumerate((household.children if household is not None else None) or ()):
        if child.birth_date > day:  # not born yet on the date judged
            where = f"household.children[{i}].birth_date"
            out.append((where, "child_after_date", {"day": day, "got": child.birth_date}))
    if all(getattr(app, name) is None for name in DATED_LISTS):
        for i, degree in enumerate(app.degrees or ()):
            if degree.awarded is not None and degree.awarded > day:
                params = {"awarded": degree.awarded, "day": day}
                out.append((f"degrees[{i}].awarded", "awarded_after_date", params))
    return out
