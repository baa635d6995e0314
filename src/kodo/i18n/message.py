"""``Message(code, params)``: a sentence as data, rendered later in any language.

A message names a catalogue entry and carries the values its placeholders need. Values are
typed so that each language formats them its own way: :class:`Yen` (¥6,500,000 / 650万円 /
650万日元), :class:`Num` (a decimal such as years or a percentage), ``datetime.date``, ``int``
(points, counts, ages), a nested :class:`Message` (a label), a tuple of values (a list, joined
per language) and ``str`` (identifiers such as option values, shown as they are).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Union


class Yen(int):
    """An amount of money in whole yen, formatted per language."""

    __slots__ = ()


class Num(float):
    """A decimal quantity (years, a percentage), shown with at most two decimals."""

    __slots__ = ()


Param = Union[int, float, str, dt.date, "Message", tuple["Param", ...], None]


@dataclass(frozen=True, slots=True)
class Message:
    """A catalogue code and its parameters; hashable, so renderings can be cached."""

    code: str
    params: tuple[tuple[str, Param], ...] = ()

    @classmethod
    def of(cls, code: str, **params: Param) -> Message:
        return cls(code, tuple(params.items()))

    def get(self, name: str) -> Param:
        for key, value in self.params:
            if key == name:
                return value
        raise KeyError(name)

    def with_params(self, **params: Param) -> Message:
        merged = dict(self.params)
        merged.update(params)
        return Message(self.code, tuple(merged.items()))


def label(code: str) -> Message:
    """A message without parameters (a label, a name)."""
    return Message(code)
