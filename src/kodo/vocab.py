"""The shared vocabulary of the applicant format and the rule data (no dependencies)."""

from __future__ import annotations

from typing import Literal

Category = Literal["a", "b", "c"]
CATEGORIES: tuple[str, ...] = ("a", "b", "c")
Level = Literal[
    "doctorate",
    "master",
    "professional",
    "bachelor",
    "junior_college",
    "advanced_diploma",
    "diploma",
]
# Degree levels from lowest to highest (the engine codes them 1..7; 0 = no degree).
LEVELS: tuple[Level, ...] = (
    "diploma",
    "advanced_diploma",
    "junior_college",
    "bachelor",
    "professional",
    "master",
    "doctorate",
)
ExperienceKind = Literal["research", "professional", "management"]
