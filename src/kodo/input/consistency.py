"""Facts that cannot all be true on a given date (the reference date, which the caller
decides: the input's ``date``, ``--date``, or today).

Checks that need no date are the input model's own validators; these need the date, so the
features call :func:`check_on` once they know it (the model also runs them on its own
``date`` when it has one).
"""

from __future__ import annotations

import datetime as dt

from kodo.errors import InputError
from kodo.i18n import Message
from kodo.input.applicant import Applicant
from kodo.input.on_date import problems_on


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
    found = problems_on(app, day)
    if found:
        raise InputError([(f, Message.of(f"input.{code}", **p)) for f, code, p in found])
