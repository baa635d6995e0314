"""Result contracts of the timeline questions: permanent residence, HSP(ii), forecast, advice.

Every text is in the result's ``lang`` and comes with a stable ``code``. Each result names the
rule book it used (``rules``) and the dates it judged.
"""

from __future__ import annotations

from dataclasses import dataclass

from kodo.results.common import CitationRef, Note, RulesUsed, SourceInfo


@dataclass(slots=True)
class Variant:
    """One way of meeting a PR route: ``held`` (as an HSP) or ``deemed`` (みなし高度人材)."""

    variant: str
    open: bool
    code: str
    start: str | None  # when the status / residence began
    text: str


@dataclass(slots=True)
class Route:
    route: str  # points_70 | points_80 | j_skip
    label: str
    in_force: bool
    points_needed: int | None
    years: int | None
    open: bool
    lookback_date: str | None
    points_now: dict[str, int] | None
    points_then: dict[str, int] | None
    category_now: str | None
    category_then: str | None
    variants: tuple[Variant, ...]
    earliest: str | None
    earliest_variant: str | None
    text: str
    citation: tuple[CitationRef, ...]


@dataclass(slots=True)
class PermanentResidenceResult:
    format: str
    on: str
    lang: str
    rules: RulesUsed
    residence_since: str | None
    open_routes: tuple[str, ...]
    earliest: str | None
    earliest_route: str | None
    routes: tuple[Route, ...]
    not_checked: tuple[Note, ...]
    warnings: tuple[Note, ...]
    assumed: tuple[str, ...]
    options: dict[str, str]
    code: str
    text: str
    sources: dict[str, SourceInfo]


@dataclass(slots=True)
class Hsp2Route:
    route: str  # hsp2_points | hsp2_j_skip
    label: str
    in_force: bool
    years: int | None
    open: bool
    code: str
    held_since: str | None
    points: dict[str, int] | None
    category: str | None
    earliest: str | None
    text: str
    citation: tuple[CitationRef, ...]


@dataclass(slots=True)
class Hsp2Result:
    format: str
    on: str
    lang: str
    rules: RulesUsed
    current_status: str | None
    open: bool
    earliest: str | None
    earliest_route: str | None
    routes: tuple[Hsp2Route, ...]
    not_checked: tuple[Note, ...]
    code: str
    text: str
    sources: dict[str, SourceInfo]


@dataclass(slots=True)
class Change:
    date: str
    causes: tuple[Note, ...]
    before: dict[str, int]
    after: dict[str, int]
    eligible_before: dict[str, bool]
    eligible_after: dict[str, bool]
    code: str
    text: str


@dataclass(slots=True)
class Renewal:
    date: str
    status: str
    category: str | None
    points: int | None
    passes: bool
    code: str
    text: str


@dataclass(slots=True)
class Forecast:
    format: str
    start: str
    end: str
    lang: str
    rules: RulesUsed
    category: str
    points_now: dict[str, int]
    changes: tuple[Change, ...]
    first_below_pass: str | None
    first_below_high: str | None
    renewals: tuple[Renewal, ...]
    text: str


@dataclass(slots=True)
class Suggestion:
    id: str
    gain: int
    total_after: int
    eligible_after: bool
    text: str


@dataclass(slots=True)
class Combination:
    actions: tuple[str, ...]
    total_after: int
    text: str


@dataclass(slots=True)
class CategoryAdvice:
    category: str
    total: int
    eligible: bool
    text: str
    suggestions: tuple[Suggestion, ...]
    reach_pass: tuple[Combination, ...]
    reach_high: tuple[Combination, ...]


@dataclass(slots=True)
class PrEffect:
    action: str
    earliest_before: dict[str, str | None]
    earliest_after: dict[str, str | None]
    text: str


@dataclass(slots=True)
class Advice:
    format: str
    day: str
    lang: str
    rules: RulesUsed
    pass_mark: int
    high_mark: int
    text: str
    categories: dict[str, CategoryAdvice]
    note: str
    pr_effect: tuple[PrEffect, ...]
