"""Pieces shared by every result contract."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class CitationRef:
    """A citation: a source tag (see the result's ``sources``) and the form item or note."""

    source: str
    item: str | None


@dataclass(slots=True)
class SourceInfo:
    title: str  # in the result's language where the data has it, else the official title
    url: str


@dataclass(slots=True)
class Note:
    """A coded sentence: a warning, a cause, an item of a checklist."""

    code: str
    text: str


@dataclass(slots=True)
class RulesUsed:
    """The rule book a result used: its content id and when the rules it used took effect."""

    version: str  # the book's content id
    book: str
    effective_from: str  # of the rules in force on the result's main date
