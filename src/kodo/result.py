"""Typed evaluation results: the JSON contract of applicant-format.md §3 (format v1), plus
additions (both languages, citations, evidence, withheld items, shortfalls).

Plain slotted dataclasses: cheap to build for one applicant or a million, typed for mypy and
for a pydantic ``TypeAdapter`` (JSON Schema / OpenAPI) where a schema is wanted.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

FORMAT = "kodo.evaluation.v1"


@dataclass(slots=True, frozen=True)
class Evidence:
    en: str
    ja: str


@dataclass(slots=True, frozen=True)
class ItemResult:
    """One point item of one category. Immutable: identical explanations are shared."""

    id: str
    label_en: str
    label_ja: str
    points: int
    status: str  # awarded | not_claimed | below_band | not_in_category | excluded | ...
    code: str  # stable reason code, e.g. "n2.excluded.jp_degree"
    reason: str  # in the requested language
    reason_en: str
    reason_ja: str
    citation: str
    evidence: tuple[Evidence, ...] = ()


@dataclass(slots=True)
class Withheld:
    id: str
    code: str
    reason: str


@dataclass(slots=True, frozen=True)
class Prerequisite:
    id: str
    required: int
    met: bool | None  # None when the fact is missing
    reason: str


@dataclass(slots=True)
class CategoryResult:
    category: str
    label_en: str
    label_ja: str
    total: int
    threshold: int
    high_threshold: int
    eligible: bool
    verdict: str  # eligible | short | floor | missing
    verdict_text: str
    verdict_en: str
    verdict_ja: str
    short_of_threshold: int
    short_of_high: int
    shortfall: str  # the "what is missing" line, in the requested language
    prerequisites: list[Prerequisite]
    items: list[ItemResult]
    withheld: list[Withheld]
    unmet: list[str]
    missing: list[str]
    range: list[int]


@dataclass(slots=True, frozen=True)
class JSkipResult:
    """J-Skip for one category. Immutable: identical explanations are shared."""

    eligible: bool
    in_force: bool
    reasons: tuple[str, ...]
    reasons_en: tuple[str, ...]
    reasons_ja: tuple[str, ...]
    codes: tuple[str, ...]
    citation: str


@dataclass(slots=True)
class WarningDetail:
    code: str
    option: str | None
    en: str
    ja: str
    categories: list[str]


@dataclass(slots=True, frozen=True)
class RulesInfo:
    version: str
    effective_from: str
    book: str
    coverage_from: str


@dataclass(slots=True)
class Evaluation:
    format: str
    id: str | None
    date: str | None
    reference_date: str | None
    rules: RulesInfo
    options: dict[str, Any]
    age: int | None
    categories: dict[str, CategoryResult]
    best_category: str
    j_skip: dict[str, JSkipResult]
    warnings: list[str]
    warning_details: list[WarningDetail]
    missing: list[str]
    lang: str
    # Present when the input gives statuses or residence_since (kodo.timeline.pr).
    permanent_residence: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract (applicant-format.md §3) as plain data."""
        return asdict(self)

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)
