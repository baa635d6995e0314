"""The page's results (STUB: replaced by the results helper). Interface used by ``page.py``:

- ``results_context(data, lang) -> dict``: the context of ``templates/results.html`` for the
  applicant data (raises InputError for input the library refuses);
- ``error_context(errors, lang) -> dict``: the same template's context for an error summary.
"""

from __future__ import annotations

from typing import Any

from kodo.features.evaluate import evaluate


def results_context(data: dict[str, Any], lang: str) -> dict[str, Any]:
    result = evaluate(data, lang=lang)
    return {"lang": lang, "errors": [], "evaluation": result.data}


def error_context(errors: list[dict[str, str]], lang: str) -> dict[str, Any]:
    return {"lang": lang, "errors": errors, "evaluation": None}
