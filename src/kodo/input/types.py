"""Field types of the applicant format and the helper for coded validation problems.

Validators raise :func:`problem`: a pydantic error whose type is a catalogue code
(``input.<code>``) and whose context holds the message parameters, so that every input error
can be shown in the user's language.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

FIELD = "_field"  # context key: the sub-field a model-level problem is about
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def problem(code: str, field: str | None = None, **params: Any) -> PydanticCustomError:
    """A validation problem with catalogue code ``input.<code>`` (``field``: the sub-field)."""
    ctx = dict(params)
    if field is not None:
        ctx[FIELD] = field
    return PydanticCustomError(code, code, ctx)


def iso_date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        raise problem("date_not_datetime")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            if _ISO.fullmatch(text):  # the right shape, but no such day (2026-02-30)
                raise problem("no_such_date", got=repr(value)) from None
    raise problem("iso_date", got=repr(value))


IsoDate = Annotated[dt.date, BeforeValidator(iso_date)]
Yen = Annotated[int, Field(ge=0, le=100_000_000_000, strict=True)]
Count = Annotated[int, Field(ge=0, le=100_000, strict=True)]
Years = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
Flag = Annotated[bool, Field(strict=True)]
Percent = Annotated[float, Field(ge=0, le=1000, allow_inf_nan=False)]
BjtScore = Annotated[int, Field(ge=0, le=800, strict=True)]


class InputModel(BaseModel):
    """Base of every input model: unknown fields are errors, values are frozen."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        populate_by_name=True,
        defer_build=True,
    )
