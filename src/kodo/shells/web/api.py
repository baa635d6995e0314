"""The REST API, version 1: each endpoint is a few lines over the library (``kodo.features``).

A body is the applicant format (snapshot or dated history) as JSON, optionally with an
``options`` mapping; options may also be given as query parameters, one per option. The body
is read whole only after the size limit (``guard.MAX_BODY``), then parsed with the CLI's
bounded reader (depth, value count, duplicate keys) and validated by the same model. Every
bad input is a 422 naming the field, in the requested language (``errors.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import Any, Literal, get_args

import orjson
from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from kodo.errors import InputError, excerpt, input_error
from kodo.features import questions
from kodo.features.common import check_lang, load_rules, to_options
from kodo.features.documents import documents
from kodo.features.evaluate import evaluate
from kodo.features.salary import salary
from kodo.features.schemas import RESULTS, input_schema, result_schema
from kodo.features.treatments import treatments
from kodo.i18n import Message
from kodo.input.problems import kind_of
from kodo.input.read import parse_applicant, read_document
from kodo.input.types import parse_day
from kodo.items import DEFAULT
from kodo.options import Options
from kodo.results.documents import DocumentsResult
from kodo.results.evaluation import EvaluationData
from kodo.results.salary import SalaryData
from kodo.results.timeline import Advice, Forecast, Hsp2Result, PermanentResidenceResult
from kodo.results.treatments import TreatmentsResult
from kodo.rules.diff import diff
from kodo.shells.rules_text import rules_as_data
from kodo.shells.web import openapi
from kodo.shells.web.errors import BadRequest, problem_responses, web_error

router = APIRouter(prefix="/v1")
OPTION_NAMES = tuple(Options.model_fields)
COMMON = ("lang", "date", *OPTION_NAMES)
JSON_TYPES = ("application/json",)
FILE, BODY = "(file)", "(body)"  # the document as the reader names it, as the API does
Kind = Literal[  # = features.schemas.RESULTS
    "evaluate", "pr", "hsp2", "forecast", "advice", "treatments", "documents", "salary"
]


def _json(data: Any, result: Any = None) -> Response:
    """A JSON response; a result's rules and dates are also given as headers."""
    headers = _rule_headers(result) if result is not None else None
    return Response(orjson.dumps(data), media_type="application/json", headers=headers)


def _rule_headers(result: Any) -> dict[str, str]:
    day = next(
        getattr(result, name)
        for name in ("reference_date", "on", "start", "day", "date")
        if hasattr(result, name)
    )
    return headers_of(result.rules.version, result.rules.effective_from, day)


def headers_of(version: str, effective_from: str, day: str | None) -> dict[str, str]:
    """The rules and the date a response used, as headers."""
    return {
        "Kodo-Rules-Version": version,
        "Kodo-Rules-Effective-From": effective_from,
        "Kodo-Date": day or "",
    }


def query(request: Request, allowed: tuple[str, ...]) -> dict[str, str]:
    """The query parameters, each given once and each known, else a 422 naming it."""
    out: dict[str, str] = {}
    problems = []
    for name, value in request.query_params.multi_items():
        if name not in allowed:
            problems.append((name, "unknown_parameter"))
        elif name in out:
            problems.append((name, "repeated_parameter"))
        else:
            out[name] = value
    if problems:
        raise InputError([(f, Message.of(f"web.error.{code}")) for f, code in problems])
    return out


async def read_body(request: Request) -> tuple[dict[str, Any], dict[str, Any]]:
    """(applicant data, options from the body) from a JSON body."""
    raw = await request.body()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise input_error(BODY, "not_utf8") from None
    if not text.lstrip().startswith("{"):
        raise web_error(BODY, "json_object")
    try:
        data = read_document(text, None)
    except InputError as exc:  # the reader names the document "(file)": here it is the body
        raise InputError([(BODY if f == FILE else f, m) for f, m in exc.problems]) from None
    if not isinstance(data, dict):
        raise web_error(BODY, "json_object")
    options = data.pop("options", None)
    if options is not None and not isinstance(options, Mapping):
        raise input_error("options", "not_a_mapping", got=kind_of(options))
    return data, dict(options or {})


def options_of(params: Mapping[str, str], body: dict[str, Any]) -> dict[str, Any]:
    """Options from the query and the body; the same option given differently is an error."""
    to_options(body)  # the body's own options are checked as given (false is not 0 days)
    out = dict(body)
    for name in OPTION_NAMES:
        if name in params:
            if name in out and _option(name, out[name]) != _option(name, params[name]):
                raise web_error(f"options.{name}", "option_twice", query=params[name])
            out[name] = params[name]
    return out


def _option(name: str, value: Any) -> Any:
    """An option's value as the options model reads it (the query's "60" is the body's 60);
    a value the model refuses stays as given (the model names it later)."""
    try:
        return getattr(Options.model_validate({name: value}), name)
    except ValidationError:
        return value


async def _inputs(
    request: Request, extra: tuple[str, ...] = ()
) -> tuple[Any, dict[str, str], dict[str, Any], str]:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in JSON_TYPES:
        raise BadRequest(
            HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_type", got=excerpt(kind) or "-"
        )
    params = query(request, (*COMMON, *extra))
    lang = check_lang(params.get("lang", "en"))
    data, body_options = await read_body(request)
    app = parse_applicant(data, checked=True)  # read_document checked the tree
    return app, params, options_of(params, body_options), lang


def _day(params: Mapping[str, str], name: str = "date") -> dt.date | None:
    value = params.get(name)
    return None if value is None else parse_day(value, name)


@router.post(
    "/evaluate",
    summary="Points in each category, eligibility, J-Skip, with reasons and citations",
    response_model=EvaluationData,
    responses=problem_responses(),
    openapi_extra=openapi.body("evaluate", extra=("category",)),
)
async def post_evaluate(request: Request) -> Response:
    app, params, opts, lang = await _inputs(request, ("category",))
    result = evaluate(
        app, date=_day(params), category=params.get("category"), options=opts, lang=lang
    )
    return _json(result.data, result.data)


def _question(name: str, call: Callable[..., Any], extra: tuple[str, ...] = ()) -> Any:
    async def endpoint(request: Request) -> Response:
        app, params, opts, lang = await _inputs(request, extra)
        kwargs: dict[str, Any] = {
            k: params[k] for k in ("kind", "category") if k in extra and k in params
        }
        if "years" in params:
            try:
                kwargs["years"] = int(params["years"])
            except ValueError:
                raise input_error("years", "whole_number", got=repr(params["years"])) from None
        # In a worker thread: a long history keeps the event loop free for other requests.
        result = await run_in_threadpool(
            call, app, on=_day(params), options=opts, lang=lang, **kwargs
        )
        return _json(result, result)

    endpoint.__name__ = f"post_{name}"
    return endpoint


def _documents(app: Any, on: dt.date | None = None, **kw: Any) -> DocumentsResult:
    return documents(app, date=on, **kw)


def _salary(app: Any, on: dt.date | None = None, **kw: Any) -> SalaryData:
    return salary(app, date=on, **kw)


QUESTIONS: dict[str, tuple[Callable[..., Any], type, str, tuple[str, ...]]] = {
    "pr": (
        questions.permanent_residence,
        PermanentResidenceResult,
        "Every HSP route to permanent residence on the date, and the earliest date of each",
        (),
    ),
    "hsp2": (
        questions.hsp2,
        Hsp2Result,
        "Whether a change to HSP(ii) is possible on the date, and the earliest date",
        (),
    ),
    "forecast": (
        questions.forecast,
        Forecast,
        "Every date in the next years on which a category total changes",
        ("years",),
    ),
    "advice": (
        questions.advice,
        Advice,
        "What would add points, and the cheapest ways to the pass mark and the high mark",
        (),
    ),
    "treatments": (
        treatments,
        TreatmentsResult,
        "Each preferential treatment (family, domestic workers, stay, PR) and its conditions",
        (),
    ),
    "documents": (
        _documents,
        DocumentsResult,
        "The documents to file: the evidence of the points needed, employer and PR papers",
        ("kind", "category"),
    ),
    "salary": (
        _salary,
        SalaryData,
        "The annual remuneration that counts, from the parts of pay, and what needs judgement",
        (),
    ),
}

assert set(get_args(Kind)) == set(RESULTS) == {"evaluate", *QUESTIONS}

for _name, (_call, _model, _summary, _extra) in QUESTIONS.items():
    router.add_api_route(
        f"/{_name}",
        _question(_name, _call, _extra),
        methods=["POST"],
        summary=_summary,
        response_model=_model,
        responses=problem_responses(),
        openapi_extra=openapi.body(_name, extra=_extra),
    )


@router.get(
    "/rules",
    summary="The rules in force on a date, with their values and citations",
    responses=problem_responses(),
    openapi_extra=openapi.parameters(("date", "lang")),
)
async def get_rules(request: Request) -> Response:
    params = query(request, ("date", "lang"))
    lang = check_lang(params.get("lang", "en"))
    day = _day(params) or dt.date.today()
    book = load_rules()
    book.check_covered(day, "date")
    data = rules_as_data(book, day, DEFAULT, lang)
    headers = headers_of(data["version"], data["effective_from"], data["date"])
    return Response(orjson.dumps(data), media_type="application/json", headers=headers)


@router.get(
    "/rules/diff",
    summary="Every rule value that changed between two dates",
    responses=problem_responses(),
    openapi_extra=openapi.parameters(("from", "to")),
)
async def get_rules_diff(request: Request) -> Response:
    params = query(request, ("from", "to", "lang"))
    check_lang(params.get("lang", "en"))
    days = []
    for name in ("from", "to"):
        if name not in params:
            raise web_error(name, "required_parameter")
        day = parse_day(params[name], name)
        book = load_rules()
        book.check_covered(day, name)
        days.append(day)
    return _json(diff(load_rules(), days[0], days[1]))


@router.get(
    "/schema",
    summary="The JSON Schema of the applicant format (the input)",
    responses=problem_responses(),
    openapi_extra=openapi.parameters(("lang",)),
)
async def get_schema(request: Request) -> Response:
    check_lang(query(request, ("lang",)).get("lang", "en"))
    return _json(input_schema())


@router.get(
    "/schema/{kind}",
    summary="The JSON Schema of a result: evaluate, pr, hsp2, forecast or advice",
    responses=problem_responses(),
    openapi_extra=openapi.parameters(("lang",)),
)
async def get_result_schema(request: Request, kind: Kind) -> Response:
    check_lang(query(request, ("lang",)).get("lang", "en"))
    return _json(result_schema(kind))
