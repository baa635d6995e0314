"""The evaluation result contract (applicant-format.md §3, format v1, plus additions).

Slotted dataclasses: the JSON Schema is generated from them (``kodo schema --result
evaluate``), ``kodo.jsondata.to_data`` turns them into the JSON object. Every text is in the
result's language (``lang``); codes are stable and language-free. Citations are structured
(``{source, item}``) and the sources they name are listed once per result (``sources``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kodo.results.common import CitationRef, SourceInfo
from kodo.results.timeline import PermanentResidenceResult

FORMAT = "kodo.evaluation.v1"


@dataclass(slots=True)
class ItemResult:
    """One point item of one category."""

    id: str
    label: str
    points: int
    status: str  # awarded | not_claimed | below_band | not_in_category | excluded | ...
    code: str  # stable reason code, e.g. "n2.excluded.jp_degree"
    reason: str
    citation: tuple[CitationRef, ...]
    evidence: tuple[str, ...]  # documents that prove the item (awarded items only)


@dataclass(slots=True)
class Withheld:
    """An item claimed but not counted (excluded, below the band, not in the category …)."""

    id: str
    code: str
    reason: str


@dataclass(slots=True)
class Prerequisite:
    id: str
    required: int
    met: bool | None  # None when the fact is missing
    reason: str


@dataclass(slots=True)
class CategoryResult:
    category: str
    label: str
    total: int
    threshold: int
    high_threshold: int
    eligible: bool
    verdict: str  # eligible | short | floor | missing
    verdict_text: str
    short_of_threshold: int
    short_of_high: int
    shortfall: str  # the "what is missing" line
    prerequisites: tuple[Prerequisite, ...]
    items: tuple[ItemResult, ...]
    withheld: tuple[Withheld, ...]
    unmet: tuple[str, ...]
    missing: tuple[str, ...]
    range: tuple[int, int]


@dataclass(slots=True)
class JSkipResult:
    """J-Skip for one category."""

    eligible: bool
    in_force: bool
    reasons: tuple[str, ...]
    codes: tuple[str, ...]
    citation: tuple[CitationRef, ...]


@dataclass(slots=True)
class WarningDetail:
    code: str
    option: str | None  # the interpretation option the result depends on, if any
    text: str
    categories: tuple[str, ...]


@dataclass(slots=True)
class RulesInfo:
    version: str  # the rule book's content id
    effective_from: str  # when the latest rule version in force took effect
    book: str
    coverage_from: str


@dataclass(slots=True)
class EvaluationData:
    """The evaluation of one person (``kodo evaluate --format json`` prints exactly this)."""

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
    warnings: tuple[str, ...]
    warning_details: tuple[WarningDetail, ...]
    missing: tuple[str, ...]
    lang: str
    sources: dict[str, SourceInfo]
    # Present when the input gives statuses or residence_since (kodo.features.pr).
    permanent_residence: PermanentResidenceResult | None = None
