"""The paths of an overlay's changes: setting a value at a path inside a rule's value, and
naming what is wrong at a path (kodo.rules.overlay)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Any

from kodo.i18n import Message
from kodo.input.problems import to_problem

Problems = list[tuple[str, Message]]  # (path in the overlay, what is wrong)
_WHOLE = re.compile(r"[0-9]+")


def say(out: Problems, field: str, code: str, **params: Any) -> None:
    out.append((field, Message.of(f"input.{code}", **params)))


def unknown_keys(
    data: Mapping[Any, Any], known: tuple[str, ...], where: str, out: Problems
) -> None:
    for key in data:
        if key not in known:
            field = f"{where}.{key}" if where else str(key)
            say(out, field, "unknown_field_hint", hint=did_you_mean(str(key), known))


def did_you_mean(
    word: str, names: tuple[str, ...] | list[str], otherwise: Message | None = None
) -> Message:
    """The closest of ``names`` to ``word``, else ``otherwise`` (default: the names)."""
    close = difflib.get_close_matches(word, list(names), n=1, cutoff=0.6)
    if close:
        return Message.of("input.did_you_mean", name=repr(close[0]))
    return otherwise or Message.of("input.overlay_keys", keys=tuple(names))


def where_in(loc: tuple[Any, ...]) -> str:
    """A validation error's place inside a value: ``.key`` and ``[index]``, without the
    labels pydantic gives a union's members (``constrained-int``, ``function-after[…]``)."""
    out = ""
    for p in loc:
        if isinstance(p, int):
            out += f"[{p}]"
        elif p.isidentifier():
            out += f".{p}"
    return out


def problem_of(err: Any) -> Message:
    kind = str(err["type"])
    if kind == "extra_forbidden":
        return Message.of("input.unknown_field")
    if kind == "value_error":
        reason = str((err.get("ctx") or {}).get("error") or err.get("msg", ""))
        return Message.of("input.overlay_shape", reason=reason)
    return to_problem(err)[1]


def set_path(value: Any, parts: tuple[str, ...], new: Any, field: str, out: list[Any]) -> bool:
    """Replace the value at ``parts`` inside ``value``; False (a problem said) if there is
    no such path."""
    here = value
    for k, part in enumerate(parts):
        last = k == len(parts) - 1
        if isinstance(here, dict):
            if part not in here:
                say(out, field, "unknown_field_hint", hint=did_you_mean(part, list(here)))
                return False
            if last:
                here[part] = new
            here = here[part]
        elif isinstance(here, list):
            if not _WHOLE.fullmatch(part) or int(part) >= len(here):
                say(out, field, "overlay_index", first=0, last=len(here) - 1, got=part)
                return False
            if last:
                here[int(part)] = new
            here = here[int(part)]
        else:
            say(out, field, "overlay_leaf", part=part)
            return False
    return True
