"""The page's form (STUB: replaced by the form helper). Interface used by ``page.py``:

- ``form_context(lang, values) -> dict``: the context of ``templates/form.html``;
- ``to_applicant(values) -> dict``: the answers as the applicant format (InputError naming
  the form field on a bad answer);
- ``error_list(exc, lang) -> list[dict]``: each problem as ``{id, label, message}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kodo.errors import InputError
from kodo.i18n import render


def form_context(lang: str, values: Mapping[str, str]) -> dict[str, Any]:
    return {"lang": lang, "values": dict(values)}


def to_applicant(values: Mapping[str, str]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v}


def field_id(path: str) -> str:
    return "f-" + path.replace("[", ".").replace("]", "").replace(".", "-")


def error_list(exc: InputError, lang: str) -> list[dict[str, str]]:
    return [
        {"id": field_id(field), "label": field, "message": render(message, lang)}
        for field, message in exc.problems
    ]
