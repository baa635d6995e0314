"""The shapes of the two results of ``kodo mcp`` that are not the library's typed results: the
rules on a date (``kodo rules --format json``, :func:`kodo.shells.rules_text.rules_as_data`)
and their changes between two dates (:func:`kodo.rules.diff.diff`), as JSON Schemas for the
tools' output schemas. A rule's value is the rule data's own (each rule has its own shape), so
it is any object here; every other part has a fixed shape."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter
from typing_extensions import TypedDict  # pydantic reads typing's only from Python 3.12


class Citation(TypedDict):
    source: str  # a key of the result's sources
    item: str | None


class Source(TypedDict):
    title: str
    url: str


class RuleInForce(TypedDict):
    id: str
    label: str
    in_force: bool
    effective_from: str
    effective_to: str | None
    value: dict[str, Any] | None
    note: str | None
    citations: list[Citation]


class RulesOn(TypedDict):
    format: str
    date: str
    book: str
    version: str
    effective_from: str
    rules: list[RuleInForce]
    sources: dict[str, Source]


ValueChange = TypedDict("ValueChange", {"path": str, "from": Any, "to": Any})


class RuleChange(TypedDict):
    rule: str
    from_version: str
    to_version: str
    changed_on: list[str]
    values: list[ValueChange]
    note: str | None
    citations_from: list[Citation]
    citations_to: list[Citation]


class DiffSource(TypedDict):
    title: str  # the official (Japanese) title
    title_en: str
    url: str


RulesDiff = TypedDict(
    "RulesDiff",
    {"format": str, "from": str, "to": str, "rules_version": str,
     "changes": list[RuleChange], "sources": dict[str, DiffSource]},
)  # fmt: skip

SHAPES: dict[str, Any] = {"rules_on": RulesOn, "rules_diff": RulesDiff}


def schema_of(name: str) -> dict[str, Any]:
    """The JSON Schema of the result of the tool ``name`` (``rules_on`` or ``rules_diff``)."""
    schema: dict[str, Any] = TypeAdapter(SHAPES[name]).json_schema(mode="serialization")
    return schema


__all__ = ["SHAPES", "schema_of"]
