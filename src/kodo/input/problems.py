"""Validation errors as (field, Message): the field path and a catalogue message.

Every pydantic error type an input can produce maps to a catalogue code ``input.<code>``
with its parameters, so the problem reads the same in every language; an unknown field gets
a "did you mean" hint from the model's own field names.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from kodo.errors import TOP, excerpt
from kodo.i18n import Message, label
from kodo.input.applicant import Applicant
from kodo.input.compensation import Compensation, OtherPay
from kodo.input.history import (
    CareerPeriod,
    EmployerPeriod,
    JapaneseTest,
    SalaryPeriod,
    StatusPeriod,
)
from kodo.input.household import Child, DomesticWorker, Household, Parent, Spouse
from kodo.input.limits import MAX_SHOWN
from kodo.input.parts import (
    Application,
    Degree,
    Employer,
    Experience,
    Japanese,
    ResearchRecord,
    Training,
)
from kodo.input.types import FIELD, UNION_TAG

FIELDS_BY_SECTION: dict[str, type[BaseModel]] = {
    "": Applicant,
    "degrees": Degree,
    "experience": Experience,
    "research": ResearchRecord,
    "employer": Employer,
    "japanese": Japanese,
    "training": Training,
    "application": Application,
    "career": CareerPeriod,
    "salaries": SalaryPeriod,
    "japanese_tests": JapaneseTest,
    "employers": EmployerPeriod,
    "statuses": StatusPeriod,
    "compensation": Compensation,
    "other": OtherPay,
    "household": Household,
    "spouse": Spouse,
    "children": Child,
    "parents": Parent,
    "domestic_worker": DomesticWorker,
}

# pydantic error type -> (catalogue code, context key -> parameter name)
_BUILTIN: dict[str, tuple[str, dict[str, str]]] = {
    "missing": ("required", {}),
    "int_type": ("whole_number", {}),
    "int_parsing": ("whole_number", {}),
    "int_from_float": ("whole_number", {}),
    "bool_type": ("yes_no", {}),
    "bool_parsing": ("yes_no", {}),
    "float_type": ("number", {}),
    "float_parsing": ("number", {}),
    "finite_number": ("finite", {}),
    "greater_than_equal": ("at_least", {"ge": "limit"}),
    "greater_than": ("more_than", {"gt": "limit"}),
    "less_than_equal": ("at_most", {"le": "limit"}),
    "less_than": ("less_than", {"lt": "limit"}),
    "literal_error": ("one_of", {"expected": "expected"}),
    "string_type": ("text", {}),
    "string_too_long": ("too_long", {"max_length": "limit"}),
    "string_too_short": ("empty_text", {}),
    "list_type": ("list", {}),
    "too_long": ("too_many", {"max_length": "limit"}),
    "too_short": ("too_few", {"min_length": "limit"}),
    "dict_type": ("mapping", {}),
    "model_type": ("mapping", {}),
    "model_attributes_type": ("mapping", {}),
    "dataclass_type": ("mapping", {}),
    "date_type": ("iso_date", {}),
}


def _suggest(loc: tuple[Any, ...]) -> Message | None:
    if len(str(loc[-1])) > 2 * MAX_NAME:
        return None  # no field name is anything like it
    parents = [str(p) for p in loc[:-1] if not isinstance(p, int)]
    model = FIELDS_BY_SECTION.get(parents[-1] if parents else "")
    if model is None:
        return None
    # Match whole names and their parts, so that "salery" finds "annual_salary".
    names: dict[str, str] = {}
    for name, info in model.model_fields.items():
        shown = info.alias or name
        for key in (shown, *shown.split("_")):
            if len(key) > 2:
                names.setdefault(key, shown)
    close = difflib.get_close_matches(str(loc[-1]).lower(), list(names), n=1, cutoff=0.6)
    if close:
        return Message.of("input.did_you_mean", name=repr(names[close[0]]))
    if model is Applicant:  # a nested field written at the top level, e.g. "jlpt"
        for section, sub in FIELDS_BY_SECTION.items():
            if section and str(loc[-1]) in sub.model_fields:
                return Message.of("input.did_you_mean", name=f"{section}.{loc[-1]}")
    return None


def field_path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, str) and part.startswith(UNION_TAG):
            continue  # a union's member: the field is the union's
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + excerpt(str(part))
    return out or TOP


MAX_NAME = max(len(n) for m in FIELDS_BY_SECTION.values() for n in m.model_fields)

# Free text: never repeated in an error, not even in part (applicant-format.md: never output).
FREE_TEXT = frozenset({"name", "notes", "id"})


def _got(value: Any) -> str:
    return excerpt(repr(value))


def _seen(kind: str, loc: tuple[Any, ...], got: Any) -> Any:
    """What the user gave, as an error may show it: a count for a list, a length for too long
    a text, the kind of value for free text and containers, else a short excerpt."""
    if kind == "too_long" and isinstance(got, (list, tuple, dict)):
        return len(got)
    if kind == "string_too_long" and isinstance(got, str):
        return len(got)
    if got is None or isinstance(got, (dict, list)) or (loc and loc[-1] in FREE_TEXT):
        return kind_of(got)
    return _got(got)


def shown(value: Any) -> Any:
    """A value given to an option or argument as an error shows it: a short excerpt of a text
    or a number, else its kind in words ("nothing", "true or false", "a list")."""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return _got(value)
    return kind_of(value)


def kind_of(value: Any) -> Message:
    """What a value is, in words of the user's language ("a list", "nothing", …)."""
    if value is None:
        kind = "none"
    elif isinstance(value, Mapping):
        kind = "mapping"
    elif isinstance(value, (list, tuple)):
        kind = "list"
    elif isinstance(value, bool):
        kind = "yes_no"
    elif isinstance(value, (int, float)):
        kind = "number"
    else:
        kind = "text"
    return label(f"value_kind.{kind}")


def to_problem(err: Mapping[str, Any]) -> tuple[str, Message]:
    """One pydantic error as (field path, message)."""
    loc = tuple(err["loc"])
    kind = str(err["type"])
    ctx = dict(err.get("ctx") or {})
    sub = ctx.pop(FIELD, None)
    if sub is not None:
        loc = (*loc, *str(sub).split("."))
    field = field_path(loc)
    got = err.get("input")
    if kind == "extra_forbidden":
        hint = _suggest(loc)
        if hint is None:
            return field, Message.of("input.unknown_field")
        return field, Message.of("input.unknown_field_hint", hint=hint)
    builtin = _BUILTIN.get(kind)
    if builtin is not None:
        code, keys = builtin
        params: dict[str, Any] = {param: str(ctx[key]) for key, param in keys.items() if key in ctx}
        if "expected" in params:  # "'N1', 'N2' or 'N3'" -> a list, joined per language
            params["expected"] = tuple(re.split(r", | or ", params["expected"]))
        if code in ("required", "mapping", "list", "empty_text"):
            return field, Message.of(f"input.{code}", **params)
        return field, Message.of(f"input.{code}", got=_seen(kind, loc, got), **params)
    if err.get("msg") == kind:  # our own coded problem (kodo.input.types.problem)
        if "other" in ctx:  # a sibling field: named by its whole path
            ctx["other"] = field_path((*loc[:-1], ctx["other"]))
        return field, Message.of(f"input.{kind}", **ctx)
    return field, Message.of("input.invalid_value", kind=kind)


def to_problems(exc: ValidationError) -> list[tuple[str, Message]]:
    """A validation error's problems, the first MAX_SHOWN of them (the rest are counted)."""
    errors = exc.errors(include_url=False)
    out = [to_problem(e) for e in errors[:MAX_SHOWN]]
    if len(errors) > MAX_SHOWN:
        out.append((TOP, Message.of("input.more_problems", count=len(errors) - MAX_SHOWN)))
    return out
