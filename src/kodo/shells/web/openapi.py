"""The OpenAPI document's parts that FastAPI cannot infer from a handler that reads its own
body: the request body (the applicant format's JSON Schema, generated from the model, plus
``options``), the query parameters, and examples that are real outputs of the library for the
bundled example applicant (computed when the document is first asked for)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from kodo.features.documents_data import KINDS
from kodo.features.questions import MAX_FORECAST_YEARS
from kodo.i18n import languages
from kodo.input.applicant import Applicant
from kodo.input.read import read_document
from kodo.input.types import LAST_DAY
from kodo.options import Options
from kodo.rules.book import load_book
from kodo.vocab import CATEGORIES

REF = "#/components/schemas/{model}"


@cache
def known_parameters() -> dict[str, dict[str, Any]]:
    """The query parameters, their ranges taken from the rule data and the input limits."""
    first, last = load_book().coverage_from.isoformat(), LAST_DAY.isoformat()
    day = {"type": "string", "format": "date"}
    span = f"YYYY-MM-DD, from {first} (the rule data's first day) to {last}"
    return {
        "lang": {"description": "Language of every text", "schema": {"type": "string"}},
        "date": {
            "description": f"The date to judge ({span}); default: the input's date, else today",
            "schema": day,
        },
        "category": {
            "description": "Restrict the result to one category",
            "schema": {"type": "string", "enum": list(CATEGORIES)},
        },
        "years": {
            "description": f"How many years ahead to look (1-{MAX_FORECAST_YEARS})",
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_FORECAST_YEARS},
        },
        "kind": {
            "description": "The application (documents): default the input's application.kind",
            "schema": {"type": "string", "enum": list(KINDS)},
        },
        "from": {"description": f"The first date ({span})", "schema": day},
        "to": {"description": f"The second date ({span})", "schema": day},
    }


def _option_parameters() -> list[dict[str, Any]]:
    out = []
    properties = Options.model_json_schema()["properties"]
    for name, field in Options.model_fields.items():
        schema = properties[name]
        out.append(
            {
                "name": name,
                "in": "query",
                "required": False,
                "description": field.description or "",
                "schema": {k: v for k, v in schema.items() if k in ("type", "enum")},
            }
        )
    return out


def parameters(names: tuple[str, ...]) -> dict[str, Any]:
    out = []
    for n in names:
        param = {"name": n, "in": "query", "required": n in ("from", "to"), **known_parameters()[n]}
        if n == "lang":
            param["schema"] = {"type": "string", "enum": list(languages())}
        out.append(param)
    return {"parameters": out}


def body(kind: str, extra: tuple[str, ...] = ()) -> dict[str, Any]:
    """``openapi_extra`` of a POST endpoint: its body and its query parameters."""
    params = parameters(("lang", "date", *extra))["parameters"] + _option_parameters()
    return {
        "parameters": params,
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {"$ref": REF.format(model="ApplicantRequest")},
                    "example": example_applicant(),
                }
            },
        },
    }


@cache
def example_applicant() -> dict[str, Any]:
    text = (resources.files("kodo") / "data" / "example.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = read_document(text)
    return data


def _request_schema() -> dict[str, Any]:
    """The applicant's schema with ``options``; its $defs become components."""
    schema = Applicant.model_json_schema(ref_template=REF)
    defs: dict[str, Any] = schema.pop("$defs", {})
    options = Options.model_json_schema(ref_template=REF)
    defs["Options"] = options
    schema["properties"]["options"] = {  # null (as absent): the documented defaults
        "anyOf": [{"$ref": REF.format(model="Options")}, {"type": "null"}]
    }
    schema["title"] = "ApplicantRequest"
    defs["ApplicantRequest"] = schema
    return defs


def _examples(doc: dict[str, Any]) -> None:
    """Put a real result of the example applicant into each POST's 200 response."""
    from kodo.features import questions
    from kodo.features.documents import documents
    from kodo.features.evaluate import evaluate
    from kodo.features.salary import salary
    from kodo.features.treatments import treatments
    from kodo.jsondata import to_data

    app = example_applicant()
    results: dict[str, Any] = {
        "/v1/evaluate": evaluate(app).data,
        "/v1/pr": questions.permanent_residence(app),
        "/v1/hsp2": questions.hsp2(app),
        "/v1/forecast": questions.forecast(app),
        "/v1/advice": questions.advice(app),
        "/v1/treatments": treatments(app),
        "/v1/documents": documents(app),
        "/v1/salary": salary(app),
    }
    for path, result in results.items():
        ok = doc["paths"][path]["post"]["responses"]["200"]
        ok["content"]["application/json"]["example"] = to_data(result)


def install(app: FastAPI) -> None:
    """Replace the app's ``openapi()`` with one that adds the schemas and examples above."""

    def build() -> dict[str, Any]:
        if app.openapi_schema is None:
            doc = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            doc.setdefault("components", {}).setdefault("schemas", {}).update(_request_schema())
            _examples(doc)
            app.openapi_schema = doc
        return app.openapi_schema

    app.openapi = build  # type: ignore[method-assign]
