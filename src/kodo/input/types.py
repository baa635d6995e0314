"""Field types of the applicant format and the helper for coded validation problems.

Validators raise :func:`problem`: a pydantic error whose type is a catalogue code
(``input.<code>``) and whose context holds the message parameters, so that every input error
can be shown in the user's language.

Dates: every date kodo reads lies between :data:`FIRST_DAY` and :data:`LAST_DAY` (the rule
data begins in 2012 and a forecast looks decades ahead; birth dates reach back further), so
that date arithmetic downstream never overflows. :func:`parse_day` is the one parser of a date
given as text anywhere (input files, command-line options).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag
from pydantic_core import PydanticCustomError

from kodo.errors import excerpt, input_error
from kodo.input.limits import MAX_TEXT

FIELD = "_field"  # context key: the sub-field a model-level problem is about
FIRST_DAY = dt.date(1900, 1, 1)  # the earliest date kodo reads (a birth date, say)
LAST_DAY = dt.date(2199, 12, 31)  # the latest: far beyond the rule data, short of overflow
# The latest date kodo may compute on: a date read plus any look-ahead (a forecast's years,
# the PR routes' periods). Internal dates are checked against this, never against LAST_DAY.
HORIZON_DAY = dt.date(2299, 12, 31)
_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def problem(code: str, field: str | None = None, **params: Any) -> PydanticCustomError:
    """A validation problem with catalogue code ``input.<code>`` (``field``: the sub-field)."""
    ctx = dict(params)
    if field is not None:
        ctx[FIELD] = field
    return PydanticCustomError(code, code, ctx)


def _day(value: Any) -> tuple[str, dict[str, Any]] | dt.date:
    """The date ``value`` stands for, or (problem code, parameters)."""
    if isinstance(value, dt.datetime):
        return "date_not_datetime", {}
    if isinstance(value, dt.date):
        day = value
    elif isinstance(value, str):
        text = value.strip()
        if not _ISO.fullmatch(text):
            return "iso_date", {"got": excerpt(repr(value))}
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:  # the right shape, but no such day (2026-02-30)
            return "no_such_date", {"got": repr(text)}
    else:
        return "iso_date", {"got": excerpt(repr(value))}
    if not FIRST_DAY <= day <= LAST_DAY:
        return "date_range", {"low": FIRST_DAY, "high": LAST_DAY, "got": day}
    return day


def iso_date(value: Any) -> Any:
    found = _day(value)
    if isinstance(found, dt.date):
        return found
    code, params = found
    raise problem(code, **params)


def parse_day(text: str, field: str) -> dt.date:
    """``text`` as a date (``YYYY-MM-DD``, within FIRST_DAY..LAST_DAY), or InputError naming
    ``field`` (a wrong shape, a day that does not exist, a day out of range)."""
    found = _day(text)
    if isinstance(found, dt.date):
        return found
    code, params = found
    raise input_error(field, code, **params)


IsoDate = Annotated[dt.date, BeforeValidator(iso_date)]
Yen = Annotated[int, Field(ge=0, le=100_000_000_000, strict=True)]
Count = Annotated[int, Field(ge=0, le=100_000, strict=True)]
# strict: a whole number is a number, but true or "5" is not (no silent 1 year)
Years = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False, strict=True)]
Flag = Annotated[bool, Field(strict=True)]
Percent = Annotated[float, Field(ge=0, le=1000, allow_inf_nan=False, strict=True)]
BjtScore = Annotated[int, Field(ge=0, le=800, strict=True)]


def _name(value: Any) -> Any:
    """A name to look up on an official list: text with at least one letter or digit and no
    control or formatting characters (escape codes, bidi overrides, zero-width spaces), which
    would reach the terminal when a note repeats the name."""
    if not isinstance(value, str):
        return value  # the type check names it
    code = name_problem(value)
    if code is not None:
        raise problem(code)
    return value


def name_problem(value: str) -> str | None:
    """What is wrong with ``value`` as a name to look up (a catalogue code), or None."""
    if any(unicodedata.category(ch) in _NOT_IN_NAMES for ch in value):
        return "name_characters"
    if value.strip() and not any(unicodedata.category(ch)[0] in "LN" for ch in value):
        return "name_no_letters"
    return None


_NOT_IN_NAMES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
Name = Annotated[str, Field(min_length=1, max_length=MAX_TEXT), BeforeValidator(_name)]


def check_name(value: str, field: str) -> None:
    """``value`` as a name to look up, given outside a document (``kodo lists --find``):
    the checks of :data:`Name`, reported naming ``field``."""
    if not value.strip():
        raise input_error(field, "empty_text")
    if len(value) > MAX_TEXT:
        raise input_error(field, "too_long", limit=MAX_TEXT, got=len(value))
    code = name_problem(value)
    if code is not None:
        raise input_error(field, code)


# A union's members are tagged "#…": an error's field path leaves the tag out (problems.py),
# so that ``licenses: true`` is reported at ``licenses``, not at a member of the union.
UNION_TAG = "#"


def _count_or_names(value: Any) -> str:
    return f"{UNION_TAG}names" if isinstance(value, (list, tuple)) else f"{UNION_TAG}count"


CountOrNames = Annotated[
    Annotated[Count, Tag(f"{UNION_TAG}count")] | Annotated[list[Name], Tag(f"{UNION_TAG}names")],
    Discriminator(_count_or_names),
]


class InputModel(BaseModel):
    """Base of every input model: unknown fields are errors, values are frozen."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        populate_by_name=True,
        defer_build=True,
    )
