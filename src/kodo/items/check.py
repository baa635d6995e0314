"""A rule book checked against the registry: the rules the engine evaluates, and nothing else."""

from __future__ import annotations

from functools import lru_cache

from kodo.items.registry import Registry
from kodo.rules.book import RuleBook, RuleDataError
from kodo.rules.values import Bonus


def _fail(where: str, problem: str) -> RuleDataError:
    return RuleDataError(f"rule data: {where}: {problem}")


@lru_cache(maxsize=64)
def check_book(book: RuleBook, registry: Registry) -> RuleBook:
    """The book, if it gives exactly the registry's rules with their kinds and parameters."""
    kinds = registry.rule_kinds
    unknown = set(book.rules) - set(kinds)
    if unknown:
        raise _fail("rules", f"unknown rules {sorted(unknown)} (the engine does not evaluate them)")
    missing = set(kinds) - set(book.rules)
    if missing:
        raise _fail("rules", f"missing rules {sorted(missing)}")
    columns = set(registry.column_names)
    for rule_id, rule in book.rules.items():
        if rule.kind != kinds[rule_id]:
            raise _fail(rule_id, f"kind must be {kinds[rule_id]!r}, got {rule.kind!r}")
        params = registry.item(rule_id).params if rule_id in registry.row else ()
        for version in rule.versions:
            value = version.value
            if not isinstance(value, Bonus):
                continue
            where = f"{rule_id} from {version.effective_from}"
            for param in params:
                if getattr(value, param) is None:
                    raise _fail(where, f"needs the parameter {param!r}")
            for exc in value.excluded_by:
                if exc.when is not None and exc.when not in columns:
                    raise _fail(where, f"excluded_by names unknown fact {exc.when!r}")
    return book
