"""``Message(code, params)``: a sentence as data, rendered later in any language.

A message names a catalogue entry and carries the values its placeholders need. Values are
typed so that each language formats them its own way: :class:`Yen` (¥6,500,000 / 650万円 /
650万日元), :class:`Num` (a decimal such as years or a percentage), ``datetime.date``, ``int``
(points, counts, ages), a nested :class:`Message` (a label), a tuple of values (a list, joined
per language) and ``str`` (identifiers such as option values, shown as they are).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Union


class Yen(int):
    """An amount of money in whole yen, formatted per language."""

    __slots__ = ()


class Count(int):
    """A number of things (rows, people), shown with the language's thousands separator."""

    __slots__ = ()


class Num(float):
    """A decimal quantity (a percentage, a figure of the rules), shown with at most two
    decimals."""

    __slots__ = ()


class Span(float):
    """A length of time in years (experience, time since an age), shown in whole years and
    months with their units ("4 years 6 months", 4年6か月); a template writes it without
    plural words."""

    __slots__ = ()


Param = Union[int, float, str, dt.date, "Message", tuple["Param", ...], None]


class Message:
    """A catalogue code and its parameters; immutable and hashable (the hash is computed
    once), so renderings can be cached."""

    __slots__ = ("_hash", "code", "params")

    code: str
    params: tuple[tuple[str, Param], ...]
    _hash: int

    def __init__(self, code: str, params: tuple[tuple[str, Param], ...] = ()) -> None:
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "params", params)
        object.__setattr__(self, "_hash", hash((code, params)))

    @classmethod
    def of(cls, code: str, **params: Param) -> Message:
        return cls(code, tuple(params.items()))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Message is immutable")

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return self is other or (
            isinstance(other, Message)
            and self._hash == other._hash
            and self.code == other.code
            and self.params == other.params
        )

    def __repr__(self) -> str:
        return f"Message({self.code!r}, {self.params!r})"


@lru_cache(maxsize=2048)
def label(code: str) -> Message:
    """A message without parameters (a label, a name); one shared object per code."""
    return Message(code)
