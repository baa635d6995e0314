"""The shared vocabulary of the applicant format and the rule data, each said once.

Every other module derives its tuples, codes and checks from the ``Literal`` types here
(``typing.get_args``), so that adding a word is one edit. Display names live in the message
catalogues (``kodo/i18n/catalogues``), never here.
"""

from __future__ import annotations

from typing import Literal, get_args

Category = Literal["a", "b", "c"]
CATEGORIES: tuple[Category, ...] = get_args(Category)

# Degree levels from lowest to highest (the engine codes them 1..7; 0 = no degree).
Level = Literal[
    "diploma",
    "advanced_diploma",
    "junior_college",
    "bachelor",
    "professional",
    "master",
    "doctorate",
]
LEVELS: tuple[Level, ...] = get_args(Level)
LEVEL_CODE: dict[str, int] = {name: i + 1 for i, name in enumerate(LEVELS)}
LEVEL_NAMES: tuple[str, ...] = ("none", *LEVELS)  # indexed by level code

ExperienceKind = Literal["research", "professional", "management"]
EXPERIENCE_KINDS: tuple[ExperienceKind, ...] = get_args(ExperienceKind)

# JLPT levels from the highest (N1) down; the engine codes them 1..5, 0 = none.
Jlpt = Literal["N1", "N2", "N3", "N4", "N5"]
JLPT_LEVELS: tuple[Jlpt, ...] = get_args(Jlpt)
JLPT_CODE: dict[str | None, int] = {None: 0, **{j: i + 1 for i, j in enumerate(JLPT_LEVELS)}}

# Positions in the business (1号ハ), lowest first; the engine codes them 0..2.
Position = Literal["none", "officer", "representative"]
POSITIONS: tuple[Position, ...] = get_args(Position)
POSITION_CODE: dict[str, int] = {p: i for i, p in enumerate(POSITIONS)}

# Kinds of research achievement (rules.md §1.5), in the form's order; bit i of a mask = kind i.
ResearchKind = Literal["patents", "funded_projects", "papers", "other"]
RESEARCH_KINDS: tuple[ResearchKind, ...] = get_args(ResearchKind)

# Ways to show Japanese ability, as bits of the engine's detail mask (bit i = way i).
JapaneseWay = Literal["jlpt", "bjt", "major"]
JAPANESE_WAYS: tuple[JapaneseWay, ...] = get_args(JapaneseWay)

ApplicationKind = Literal["coe", "change", "renewal"]

# The core facts that are never defaulted: absent, the result says so and gives a range.
CoreFact = Literal["date", "birth_date", "annual_salary", "degrees"]
CORE_FACTS: tuple[CoreFact, ...] = get_args(CoreFact)

# Facts a file states as of its own date; taken on another date they are assumed unchanged.
DatedFact = Literal["annual_salary", "experience", "degrees", "japanese", "employer"]
DATED_FACTS: tuple[DatedFact, ...] = get_args(DatedFact)

# The HSP routes to permanent residence (rules.md §3), in the order they are shown; the first
# two are judged by points (a point sheet each), J-Skip's by its criteria.
PrRoute = Literal["points_70", "points_80", "j_skip"]
PR_ROUTES: tuple[PrRoute, ...] = get_args(PrRoute)
PR_POINTS_ROUTES: tuple[PrRoute, ...] = tuple(r for r in PR_ROUTES if r.startswith("points_"))

# Statuses of residence in a dated history.
Status = Literal[
    "hsp1_a",
    "hsp1_b",
    "hsp1_c",
    "j_skip_a",
    "j_skip_b",
    "j_skip_c",
    "hsp2",
    "designated_hsp_a",
    "designated_hsp_b",
    "designated_hsp_c",
    "engineer_humanities",
    "intra_company_transferee",
    "professor",
    "researcher",
    "business_manager",
    "legal_accounting",
    "student",
    "dependent",
    "spouse",
    "other",
]
STATUSES: tuple[Status, ...] = get_args(Status)
# Statuses that count as residing "as a highly skilled foreign professional" (高度人材外国人):
# HSP(i) イ/ロ/ハ, HSP(ii), J-Skip, and before 2015-04-01 特定活動(高度人材).
HSP_STATUSES = frozenset(s for s in STATUSES if s.startswith(("hsp", "j_skip_", "designated_hsp_")))
# Statuses that count towards the years in HSP(i) needed for HSP(ii).
HSP1_STATUSES = HSP_STATUSES - {"hsp2"}
J_SKIP_STATUSES = frozenset(s for s in HSP_STATUSES if s.startswith("j_skip_"))


def status_category(status: str) -> Category | None:
    """The category (a/b/c) of an HSP(i) status (J-Skip and 特定活動(高度人材) included)."""
    if status in HSP1_STATUSES:
        cat = status[-1]
        for c in CATEGORIES:
            if c == cat:
                return c
    return None
