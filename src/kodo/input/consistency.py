"""Facts that cannot all be true on a given date (the reference date, which the caller
decides: the input's ``date``, ``--date``, or today).

Checks that need no date are the input model's own validators; these need the date, so the
features call :func:`check_on` once they know it.
"""

from __future__ import annotations

import datetime as dt

from kodo.errors import InputError
from kodo.i18n import Message, Num
from kodo.input.ages import WORK_AGE, birthday, years_between
from kodo.input.applicant import HISTORY_REPLACES, Applicant
from kodo.vocab import EXPERIENCE_KINDS

_DATED_LISTS = (*HISTORY_REPLACES, "statuses")


def check_on(app: Applicant, day: dt.date) -> None:
    """Raise :class:`InputError`, naming every field involved, when the facts cannot all be
    true on ``day``:

    * ``birth_date`` after ``day``;
    * experience (the snapshot's years of any kind) longer than the time from the 15th
      birthday to ``day`` (dated career periods are checked by the model: none starts
      before the 15th birthday);
    * in an input whose only dated facts are degree awards, a degree awarded after ``day``
      (the snapshot says the degree is held; a dated history may plan one).
    """
    problems: list[tuple[str, Message]] = []
    birth = app.birth_date
    if birth is not None and birth > day:
        problems.append(("birth_date", Message.of("input.birth_after_date", birth=birth, day=day)))
    if birth is not None and birth <= day and app.career is None:
        since = years_between(birthday(birth, WORK_AGE), day)
        for kind in EXPERIENCE_KINDS:
            years = float(getattr(app.experience, kind))
            if years > since + 1e-9:
                problems.append(
                    (
                        f"experience.{kind}",
                        Message.of(
                            "input.experience_too_long",
                            years=Num(years),
                            since=Num(round(since, 2)),
                            age=WORK_AGE,
                            day=day,
                            birth=birth,
                        ),
                    )
                )
    if all(getattr(app, name) is None for name in _DATED_LISTS):
        for i, degree in enumerate(app.degrees or ()):
            if degree.awarded is not None and degree.awarded > day:
                problems.append(
                    (
                        f"degrees[{i}].awarded",
                        Message.of("input.awarded_after_date", awarded=degree.awarded, day=day),
                    )
                )
    if problems:
        raise InputError(problems)
