"""kodo: Japan's Highly Skilled Professional points system as dated, cited rules-as-code.

Public API::

    import kodo
    result = kodo.evaluate({"date": "2026-11-21", "birth_date": "1997-04-02", ...}, lang="ja")
    result.categories["b"].total, result.best_category, result.to_json()
    kodo.permanent_residence("history.yaml"), kodo.hsp2(...), kodo.forecast(...), kodo.advice(...)
    kodo.treatments(...), kodo.documents(..., kind="pr"), kodo.salary(...)

Imports are lazy so that ``import kodo`` (and the CLI) start fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from kodo.errors import InputError, KodoError
    from kodo.explanation.evaluation import Evaluation
    from kodo.features.common import load_rules
    from kodo.features.documents import documents
    from kodo.features.evaluate import evaluate, evaluate_many
    from kodo.features.questions import advice, forecast, hsp2, permanent_residence
    from kodo.features.salary import salary
    from kodo.features.treatments import treatments
    from kodo.i18n import Message, languages, render
    from kodo.input.applicant import Applicant
    from kodo.items import Registry
    from kodo.options import Options
    from kodo.rules.book import RuleBook

__all__ = [
    "Applicant",
    "Evaluation",
    "InputError",
    "KodoError",
    "Message",
    "Options",
    "Registry",
    "RuleBook",
    "advice",
    "documents",
    "evaluate",
    "evaluate_many",
    "explain",
    "forecast",
    "hsp2",
    "languages",
    "load_rules",
    "permanent_residence",
    "render",
    "salary",
    "treatments",
]

_LAZY = {
    "Applicant": "kodo.input.applicant",
    "Evaluation": "kodo.explanation.evaluation",
    "InputError": "kodo.errors",
    "KodoError": "kodo.errors",
    "Message": "kodo.i18n",
    "Options": "kodo.options",
    "Registry": "kodo.items",
    "RuleBook": "kodo.rules.book",
    "advice": "kodo.features.questions",
    "documents": "kodo.features.documents",
    "salary": "kodo.features.salary",
    "treatments": "kodo.features.treatments",
    "evaluate": "kodo.features.evaluate",
    "evaluate_many": "kodo.features.evaluate",
    "forecast": "kodo.features.questions",
    "hsp2": "kodo.features.questions",
    "languages": "kodo.i18n",
    "load_rules": "kodo.features.common",
    "permanent_residence": "kodo.features.questions",
    "render": "kodo.i18n",
}


def explain(result: Evaluation, lang: str | None = None) -> str:
    """A plain-text explanation of a result, in its language or in ``lang``."""
    from kodo.shells.text import render_text

    return render_text(result if lang is None else result.in_lang(lang), color=False)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kodo' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
