"""Bilingual sentences for the timeline verdicts (templates in ``texts.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from kodo.reasons.texts import fill


@dataclass(frozen=True, slots=True)
class Line:
    """One verdict or warning: a stable code and its English and Japanese sentences."""

    code: str
    en: str
    ja: str


@cache
def _texts() -> dict[str, Any]:
    text = (resources.files("kodo.timeline") / "texts.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def label(kind: str, key: str) -> tuple[str, str]:
    """(English, Japanese) label of a route, a category, a cause or an action."""
    entry = _texts()["labels"][kind][key]
    return entry["en"], entry["ja"]


def line(code: str, **values: Any) -> Line:
    """Fill the template ``code``; a ``route`` value is replaced by its label per language."""
    tmpl = _texts()["lines"][code]
    en_values = dict(values)
    ja_values = dict(values)
    for key, value in values.items():
        if isinstance(value, tuple) and len(value) == 2:  # (English, Japanese)
            en_values[key], ja_values[key] = value
    for kind in ("route", "category"):
        if kind in values and values[kind] in _texts()["labels"][kind]:
            en_values[kind], ja_values[kind] = label(kind, values[kind])
    return Line(code, fill(tmpl["en"], en_values), fill(tmpl["ja"], ja_values))
