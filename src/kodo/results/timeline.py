"""Result contracts of the timeline questions: permanent residence, HSP(ii), forecast, advice.

Every text is in the result's ``lang`` and comes with a stable ``code``. Each result names the
rule book it used (``rules``) and the dates it judged; each date a route judges is described
by a :class:`DayJudged` (category and why, rule version, item breakdown, missing facts, the
failing prerequisite).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kodo.results.common import CitationRef, Note, RulesUsed, SourceInfo


@dataclass(slots=True)
class DayJudged:
    """How one date of a route was judged.

    ``category`` and ``basis``: the category used on that date and why (``status``: the
    category of the HSP status held then; ``input``: the input's ``category``; ``best``: the
    best category on that date). ``rules``: the rule version (book content id, and when the
    rules in force on ``rules_date`` took effect) that judged the facts of ``date``.
    ``items``: the points per item in that category (items scoring 0 left out). ``total``:
    null when a core fact is missing; ``low``/``high`` then give the range still possible.
    ``failing``: the prerequisites not met (codes ``facts_missing``, ``salary_floor``,
    ``points``, ``j_skip_salary``, ``j_skip_degree_or_years``, ``j_skip_years``).
    """

    date: str
    rules_date: str
    rules: RulesUsed
    category: str | None
    basis: str | None  # status | input | best
    total: int | None
    low: int | None
    high: int | None
    items: dict[str, int]
    missing: tuple[str, ...]
    met: bool
    failing: tuple[Note, ...]
    warnings: tuple[Note, ...]
    text: str


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
    # Added by issue 8: how each date was judged, and since when an open route has been open
    # (null when not open on ``on``; the first date of the run of open dates ending on
    # ``on``, searched back to when the route first existed). ``code``: open | closed |
    # not_in_force | facts_missing.
    code: str
    first_open: str | None
    now: DayJudged | None
    then: DayJudged | None


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
    missing: tuple[str, ...]  # core facts missing on ``on`` (no route can be judged)
    # Where the reference date came from: on (``--on`` / ``on=``), input (the input's
    # ``date``) or today (neither given: today's date, said in ``text``).
    date_source: str = "input"


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
    judged: DayJudged | None  # the date ``on`` (null when no status period is complete)


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
    code: str  # already | open | later | none | facts_missing
    text: str
    sources: dict[str, SourceInfo]
    missing: tuple[str, ...]  # core facts missing on ``on`` in the category judging it
    # Where the reference date came from: on (``--on`` / ``on=``), input (the input's
    # ``date``) or today (neither given: today's date, said in ``text``).
    date_source: str = "input"


@dataclass(slots=True)
class Change:
    date: str
    category: str  # the category watched on that date (features.category_on)
    basis: str  # status | input | best
    rules: RulesUsed  # the rule version in force on that date
    items_before: dict[str, int]  # points per item in ``category``, before and after
    items_after: dict[str, int]
    causes: tuple[Note, ...]
    before: dict[str, int]
    after: dict[str, int]
    eligible_before: dict[str, bool]
    eligible_after: dict[str, bool]
    code: str
    text: str
    # The rule versions (on ``date``) of the items whose points change: their sources.
    citation: tuple[CitationRef, ...] = ()


@dataclass(slots=True)
class Renewal:
    """A renewal of an HSP(i) status (on points), of a J-Skip status (on the J-Skip criteria,
    ``basis`` = ``j_skip``) or HSP(ii) (no check, ``basis`` = ``none``)."""

    date: str
    status: str
    category: str | None
    basis: str  # points | j_skip | none
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
    basis: str  # why ``category`` is watched on the start date: status | input | best
    points_now: dict[str, int]
    changes: tuple[Change, ...]
    # The first date after ``start`` on which the watched category falls below the pass mark
    # (70) / the high mark (80). Null when it does not fall within the window, when it is
    # already below on ``start`` (``below_pass_now`` / ``below_high_now``), or when the
    # holder's renewals are judged on the J-Skip criteria, not on points (``j_skip_holder``);
    # ``notes`` says which.
    first_below_pass: str | None
    first_below_high: str | None
    below_pass_now: bool
    below_high_now: bool
    j_skip_holder: bool
    renewals: tuple[Renewal, ...]
    missing: tuple[str, ...]  # core facts missing on ``start``: no change is computed
    notes: tuple[Note, ...]
    text: str
    # Where the reference date came from: on (``--on`` / ``on=``), input (the input's
    # ``date``) or today (neither given: today's date, said in ``text``).
    date_source: str = "input"
    sources: dict[str, SourceInfo] = field(default_factory=dict)  # every source cited


@dataclass(slots=True)
class Suggestion:
    id: str
    gain: int
    total_after: int
    eligible_after: bool
    text: str
    item: str = ""  # the item the action adds points to
    citation: tuple[CitationRef, ...] = ()  # that item's rule version on the day


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
    # With core facts missing: the range of totals still possible (``total`` is its low end).
    low: int | None = None
    high: int | None = None


@dataclass(slots=True)
class PrEffect:
    action: str
    earliest_before: dict[str, str | None]
    earliest_after: dict[str, str | None]
    text: str


@dataclass(slots=True)
class Advice:
    """Advice on ``day``. ``category``/``basis``: the category judging that date and why
    (``features.category_on``; ``best`` when no status or input category decides it, and then
    every category is advised); ``total``: its points now (null when core facts are
    missing: ``missing`` lists them, ``low``/``high`` give the range, and no action is priced).
    ``headings``: the section titles (suggestions, reach_pass, reach_high, pr_effect, missing)."""

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
    category: str | None
    basis: str | None
    total: int | None
    low: int | None
    high: int | None
    missing: tuple[Note, ...]
    headings: dict[str, str]
    # Where the reference date came from: on (``--on`` / ``on=``), input (the input's
    # ``date``) or today (neither given: today's date, said in ``text``).
    date_source: str = "input"
    # The core facts missing (names of the applicant format's fields), to ask for first.
    missing_facts: tuple[str, ...] = ()
    sources: dict[str, SourceInfo] = field(default_factory=dict)  # every source cited
