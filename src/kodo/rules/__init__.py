"""Dated, cited rule data and its loader."""

from kodo.rules.book import (
    Citation,
    RuleBook,
    RuleDataError,
    RuleDateError,
    Snapshot,
    Source,
    load_book,
)

__all__ = [
    "Citation",
    "RuleBook",
    "RuleDataError",
    "RuleDateError",
    "Snapshot",
    "Source",
    "load_book",
]
