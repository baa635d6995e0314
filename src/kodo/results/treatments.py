"""The result of ``kodo treatments`` (``kodo.features.treatments.treatments``).

Slotted dataclasses like every result (``kodo.jsondata.to_data`` gives the JSON object). Every
text is in the result's ``lang``; every ``code`` and ``status`` is stable and language-free.
Each treatment cites its sources (``citation``), listed once in ``sources``.

Statuses: a treatment is ``available``, ``unavailable`` (a condition not met, or not in force
on the date), ``unknown`` (no condition unmet but a fact missing: ask) or ``not_asked`` (a
domestic-worker type other than the one the input asks for). A condition is ``met``,
``unmet`` or ``unknown``.
"""

from __future__ import annotations

from dataclasses import dataclass

from kodo.results.common import CitationRef, Note, RulesUsed, SourceInfo

FORMAT = "kodo.treatments.v1"
STATUSES = ("available", "unavailable", "unknown", "not_asked")
CONDITION_STATUSES = ("met", "unmet", "unknown")


@dataclass(slots=True)
class Condition:
    """One condition of a treatment: what it asks (with the figures of the date), and what
    kodo found."""

    code: str
    status: str  # met | unmet | unknown
    text: str


@dataclass(slots=True)
class DateNote:
    """A date a treatment depends on (e.g. ``parents.stay_until``: the youngest child under
    the age limit reaches it)."""

    code: str
    date: str
    text: str


@dataclass(slots=True)
class Treatment:
    id: str
    label: str
    who: str  # hsp (points or J-Skip) | j_skip
    status: str  # available | unavailable | unknown | not_asked
    available: bool | None  # None: unknown or not asked
    in_force: bool
    reason: str  # why available or not, one sentence
    conditions: tuple[Condition, ...]
    dates: tuple[DateNote, ...]
    details: tuple[Note, ...]  # what it gives, with the figures of the date
    checklist: tuple[Note, ...]  # what kodo cannot check
    citation: tuple[CitationRef, ...]
    rule_from: str  # the first day of the version in force on the date
    rule_to: str | None  # its last day (null: still in force)


@dataclass(slots=True)
class Standing:
    """The status the treatments need, from kodo's own evaluation on the date."""

    status: str  # eligible | not_eligible | unknown
    hsp: bool | None  # eligible by points in the category judged (None: facts missing)
    j_skip: bool  # meets the J-Skip criteria (in the category judged for them)
    category: str | None  # the category judged (a | b | c)
    basis: str | None  # status | input | best (kodo.features.category_on)
    j_skip_category: str | None
    total: int | None
    pass_mark: int
    high_mark: int
    text: str
    # The HSP(i) status held on the date (J-Skip included) and its last day: its treatments
    # continue until it expires even when the points fell (rules.md §3); null when none.
    held: str | None = None
    held_until: str | None = None


@dataclass(slots=True)
class HouseholdIncome:
    """The person's salary plus the spouse's income (when the rules of the date count it)."""

    salary: int | None  # the counted annual salary on the date (None: not given)
    spouse_income: int | None  # None: not given (or no household block)
    spouse_counted: bool  # the rules of the date count the spouse's income
    has_spouse: bool | None  # None: no household block
    total: int | None  # None when a part that counts is unknown
    at_least: int  # the part that is known
    text: str


@dataclass(slots=True)
class TreatmentsResult:
    format: str
    id: str | None
    date: str  # the date judged (a COE with a planned entry date: that date)
    date_source: str  # on | input | today | entry (a COE's planned entry date)
    lang: str
    rules: RulesUsed
    standing: Standing
    household_income: HouseholdIncome
    treatments: tuple[Treatment, ...]
    available: tuple[str, ...]  # ids of the treatments available
    missing: tuple[Note, ...]  # household facts to ask (the "unknown" conditions), once each
    sources: dict[str, SourceInfo]
    text: str
    # What the date rests on: for a COE, the planned entry date (the reference date) and the
    # evaluation's warnings about it (codes reference_entry, option.coe_reference,
    # age_band_soon).
    notes: tuple[Note, ...] = ()
