"""Every error of the API as one JSON shape, in the requested language::

    {"error": "invalid_input", "message": "invalid input:", "lang": "en",
     "problems": [{"field": "birth_date", "code": "input.iso_date", "message": "…"}]}

422 for input the library refuses (the field path and the catalogue's message), 413 and 415
for a body too large or not JSON, 404/405 for a wrong address or method. No input reaches a
500: ``guard.Guard`` turns anything that escapes into a 500 that names nothing of the input.
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from kodo.errors import TOP, InputError, KodoError
from kodo.i18n import Message, Param, render
from kodo.input.problems import to_problem
from kodo.shells.web.guard import MAX_BODY, known_lang


class BadRequest(Exception):
    """A request refused before its content is read: a catalogue code ``web.error.<code>``."""

    def __init__(self, status: int, code: str, **params: Param) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.message = Message.of(f"web.error.{code}", **params)


def web_error(field: str, code: str, **params: Param) -> InputError:
    """One input problem with a message of the web catalogue (``web.error.<code>``)."""
    return InputError([(field, Message.of(f"web.error.{code}", **params))])


def request_lang(request: Request) -> str:
    return known_lang(request.query_params.get("lang"))


def _response(
    status: int, body: dict[str, Any], headers: Mapping[str, str] | None = None
) -> Response:
    return Response(
        orjson.dumps(body), status_code=status, media_type="application/json", headers=headers
    )


def input_problems(exc: InputError, lang: str) -> list[dict[str, str]]:
    return [
        {
            "field": field,
            "code": message.code,
            "message": render(message, lang),
        }
        for field, message in exc.problems
    ]


def invalid(exc: InputError, lang: str) -> Response:
    return _response(
        HTTPStatus.UNPROCESSABLE_ENTITY,
        {
            "error": "invalid_input",
            "message": render(Message.of("input.invalid"), lang).rstrip(":："),
            "lang": lang,
            "problems": input_problems(exc, lang),
        },
    )


def install(app: FastAPI) -> None:
    """The exception handlers of the app."""

    async def on_input(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, InputError)
        return invalid(exc, request_lang(request))

    async def on_kodo(request: Request, exc: Exception) -> Response:
        lang = request_lang(request)
        text = exc.render(lang) if isinstance(exc, KodoError) else str(exc)
        return invalid(InputError([(TOP, Message.of("web.error.refused", reason=text))]), lang)

    async def on_bad(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, BadRequest)
        lang = request_lang(request)
        return _response(
            exc.status,
            {"error": exc.code, "message": render(exc.message, lang), "lang": lang},
        )

    async def on_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        problems = []
        for e in exc.errors():  # a path or query parameter FastAPI checked (its loc's head
            loc = tuple(e.get("loc", ()))  # says where: path, query)
            problems.append(to_problem({**e, "loc": loc[1:] if len(loc) > 1 else loc}))
        return invalid(InputError(problems or [(TOP, Message.of("web.error.bad_value"))]),
                       request_lang(request))  # fmt: skip

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        lang = request_lang(request)
        code = {HTTPStatus.NOT_FOUND: "not_found", HTTPStatus.METHOD_NOT_ALLOWED: "method"}.get(
            HTTPStatus(exc.status_code), "http"
        )
        message = Message.of(f"web.error.{code}", status=exc.status_code)
        return _response(
            exc.status_code,
            {"error": code, "message": render(message, lang), "lang": lang},
            exc.headers,  # a 405's Allow
        )

    app.add_exception_handler(InputError, on_input)
    app.add_exception_handler(KodoError, on_kodo)
    app.add_exception_handler(BadRequest, on_bad)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(HTTPException, on_http)


PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error", "message", "lang"],
    "properties": {
        "error": {"type": "string"},
        "message": {"type": "string"},
        "lang": {"type": "string"},
        "problems": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "code", "message"],
                "properties": {
                    "field": {"type": "string"},
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                },
            },
        },
    },
}


def problem_responses() -> dict[int | str, dict[str, Any]]:
    """The error responses of an endpoint, for the OpenAPI document."""
    content = {"application/json": {"schema": PROBLEM_SCHEMA}}
    return {
        HTTPStatus.REQUEST_ENTITY_TOO_LARGE.value: {
            "description": f"The body is larger than {MAX_BODY // 1024} KiB",
            "content": content,
        },
        HTTPStatus.UNSUPPORTED_MEDIA_TYPE.value: {
            "description": "The body is not JSON",
            "content": content,
        },
        HTTPStatus.UNPROCESSABLE_ENTITY.value: {
            "description": "Invalid input: each field and its problem",
            "content": content,
        },
    }
