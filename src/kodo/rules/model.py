"""The rule data's model: sources, citations, dated rule versions and rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from kodo.errors import KodoError


class RuleDataError(KodoError):
    """The rule data is invalid. The message names the rule, the version and the problem."""


@dataclass(frozen=True)
class Source:
    tag: str
    title_en: str
    title_ja: str  # the official (Japanese) title
    url: str


@dataclass(frozen=True)
class Citation:
    source: str  # a tag of the book's sources
    item: str | None = None


@dataclass(frozen=True)
class RuleVersion:
    rule_id: str
    effective_from: dt.date
    effective_to: dt.date | None
    in_force: bool
    value: BaseModel | None
    citations: tuple[Citation, ...]
    note: str | None = None
    # A condition a claim under this version must meet that the facts do not show (a code,
    # ``warning.condition.<code>`` in the catalogues): the claim is scored with a warning.
    condition: str | None = None

    def applies_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)

    def content(self) -> dict[str, Any]:
        """The version as plain data (what the book's digest is made of)."""
        return {
            "from": self.effective_from.isoformat(),
            "to": None if self.effective_to is None else self.effective_to.isoformat(),
            "in_force": self.in_force,
            "value": None
            if self.value is None
            else self.value.model_dump(mode="json", by_alias=True),
            "cite": [[c.source, c.item] for c in self.citations],
            "note": self.note,
            **({"condition": self.condition} if self.condition else {}),
        }


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    versions: tuple[RuleVersion, ...]

    @property
    def first_in_force(self) -> dt.date | None:
        """The date from which the rule first has effect (None: never, in this book)."""
        return next((v.effective_from for v in self.versions if v.in_force), None)

    def version_on(self, day: dt.date) -> RuleVersion:
        found = [v for v in self.versions if v.applies_on(day)]
        if len(found) != 1:
            raise RuleDataError(f"rule data: {len(found)} versions of {self.id!r} apply on {day}")
        return found[0]


def as_date(raw: Any, where: str, file: str = "rule data") -> dt.date:
    """A date in a rule-data file (a YAML date or ISO text), else RuleDataError naming the
    file and the place."""
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        return raw
    if isinstance(raw, str):
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            pass
    raise RuleDataError(f"{file}: {where}: not an ISO date: {raw!r}")


def extra_sources(raw: Any, taken: Iterable[str], file: str) -> dict[str, Source]:
    """The ``sources`` block of a rule-data file beside the book (treatments, documents, …):
    tags not already the book's, each with exactly title_en, title_ja and an http(s) url."""
    taken = frozenset(taken)
    out: dict[str, Source] = {}
    if raw is not None and not isinstance(raw, dict):
        raise RuleDataError(f"{file}: sources: must be a mapping")
    for tag, entry in (raw or {}).items():
        where = f"{file}: sources.{tag}"
        if tag in taken:
            raise RuleDataError(f"{where}: the tag is already a source of the rule book")
        if not isinstance(entry, dict) or set(entry) != {"title_en", "title_ja", "url"}:
            raise RuleDataError(f"{where}: needs exactly title_en, title_ja and url")
        if not all(isinstance(v, str) and v.strip() for v in entry.values()):
            raise RuleDataError(f"{where}: title_en, title_ja and url must be text")
        if not entry["url"].startswith(("https://", "http://")):
            raise RuleDataError(f"{where}: url must be http(s)")
        out[str(tag)] = Source(str(tag), entry["title_en"], entry["title_ja"], entry["url"])
    return out
