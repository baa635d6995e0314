"""kodo: Japan's Highly Skilled Professional points system as dated, cited rules-as-code.

Public API::

    import kodo
    result = kodo.evaluate({"date": "2026-11-21", "birth_date": "1997-04-02", ...})
    result.categories["b"].total, result.best_category, result.to_json()

Imports are lazy so that ``import kodo`` (and the CLI) start fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from kodo.applicant import Applicant
    from kodo.errors import InputError, KodoError
    from kodo.evaluation import evaluate, evaluate_many
    from kodo.options import Options
    from kodo.result import Evaluation
    from kodo.rules.book import RuleBook, load_rules

__all__ = [
    "Applicant",
    "Evaluation",
    "InputError",
    "KodoError",
    "Options",
    "RuleBook",
    "evaluate",
    "evaluate_many",
    "explain",
    "load_rules",
]

_LAZY = {
    "Applicant": "kodo.applicant",
    "Evaluation": "kodo.result",
    "InputError": "kodo.errors",
    "KodoError": "kodo.errors",
    "Options": "kodo.options",
    "RuleBook": "kodo.rules.book",
    "load_rules": "kodo.rules.book",
    "evaluate": "kodo.evaluation",
    "evaluate_many": "kodo.evaluation",
}


def explain(result: Evaluation, lang: str = "en") -> str:
    """A plain-text explanation of a result, in English or Japanese."""
    from kodo.render import render_text

    return render_text(result, lang=lang, color=False)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kodo' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
