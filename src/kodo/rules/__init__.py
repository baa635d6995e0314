"""Dated, cited rule data and its loader."""

from kodo.rules.book import RuleBook, RuleDataError, RuleDateError, Snapshot, load_rules

__all__ = ["RuleBook", "RuleDataError", "RuleDateError", "Snapshot", "load_rules"]
