"""The documents checklist result (``kodo documents``; ``kodo.features.documents``).

Every text is in the result's ``lang``; codes are stable and language-free. A
:class:`DocumentLine` is one document to submit: its code, its sentence, the point items (or
the prerequisite ``salary_floor``) it proves, whether it is needed, and where the requirement
comes from. A :class:`PointsProof` says, for one date, which claimed items are enough to prove
the points needed (a smallest set) and which are optional.
"""

from __future__ import annotations

from dataclasses import dataclass

from kodo.results.common import CitationRef, Note, RulesUsed, SourceInfo

FORMAT = "kodo.documents.v1"


@dataclass(slots=True)
class DocumentLine:
    """One document. ``code``: ``<section>.<name>`` (sections: common, evidence, employer,
    activity, pr). ``need``: required | optional | if_applicable (the employer documents when
    the employer's category is not given: they depend on it). ``proves``: the item ids (and
    ``salary_floor``) an evidence document proves. ``date``: the date the evidence is for (a
    permanent-residence checklist proves the points on two dates), else null. ``categories``:
    the employer categories the line applies to (employer and activity lines)."""

    code: str
    section: str
    text: str
    proves: tuple[str, ...]
    need: str
    citation: tuple[CitationRef, ...]
    date: str | None = None
    categories: tuple[int, ...] = ()


@dataclass(slots=True)
class PointsProof:
    """The points to prove on one date. ``enough``: a smallest set of the claimed items whose
    points reach ``needed`` (ties: least work to document, then the form's order); it always
    holds ``salary`` where a salary floor applies. ``optional``: the other claimed items.
    ``met``: the points (and the prerequisites) reach ``needed``; when not, every claimed item
    is listed as required and ``enough`` is empty. ``needed`` is null on the J-Skip route."""

    date: str
    role: str  # application | lookback
    category: str
    basis: str  # option | input | best | status (a permanent-residence date: kodo.features.pr)
    total: int
    needed: int | None
    met: bool
    claimed: dict[str, int]  # item id -> points awarded
    enough: tuple[str, ...]
    enough_points: int
    optional: tuple[str, ...]
    text: str


@dataclass(slots=True)
class EmployerCategory:
    """One ISA employer category (所属機関のカテゴリー): what it is and what it submits."""

    category: int
    text: str  # the definition
    exempt: bool  # in principle exempt from the documents on the activity
    documents: tuple[str, ...]  # codes of the lines it submits


@dataclass(slots=True)
class DocumentsResult:
    """The checklist for one person and one kind of application."""

    format: str
    kind: str  # coe | change | renewal | pr
    kind_source: str  # option | input
    date: str  # the application date
    lang: str
    rules: RulesUsed
    data: str  # the documents data's content id
    category: str | None  # the category proven (null: permanent residence, no route)
    eligible: bool  # the points (and prerequisites) are met on every date proven
    employer_category: int | None
    route: str | None  # permanent residence: the route the checklist is for
    proofs: tuple[PointsProof, ...]
    documents: tuple[DocumentLine, ...]
    employer_categories: tuple[EmployerCategory, ...]
    notes: tuple[Note, ...]
    warnings: tuple[Note, ...]
    code: str  # ready | not_eligible | facts_missing | no_route
    text: str
    sources: dict[str, SourceInfo]
