"""What every response of ``kodo serve`` goes through, as plain ASGI middleware (no request
body is ever buffered beyond the limit, logged or kept):

- bodies over :data:`MAX_BODY` are refused with 413 before they are read, whether or not the
  client announced their length;
- the security headers (a Content-Security-Policy without ``unsafe-inline`` or ``unsafe-eval``,
  ``frame-ancestors 'none'``, ``nosniff``, ``no-referrer``) are added to every response;
- one access-log line per request: method, path, status and duration, never the query
  string, a header or the body (the query can carry dates; a body carries a person's facts);
- an exception that escapes a handler becomes a 500 that says nothing of the input (the API's
  own handlers turn every bad input into a 4xx first; the tests hold it to that).
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Awaitable, Callable, MutableMapping
from types import TracebackType
from typing import Any

import orjson

MAX_BODY = 64 * 1024  # bytes: a real applicant is 1-5 KB; the CLI's 1 MiB is for files

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
)

log = logging.getLogger("kodo.access")


class TooLarge(Exception):
    """The body passed :data:`MAX_BODY` while it was being received."""


def problem_body(code: str, message: str, **extra: Any) -> bytes:
    return orjson.dumps({"error": code, "message": message, **extra})


class Guard:
    """The middleware: size limit, headers, access log, last-resort 500."""

    def __init__(self, app: App, max_body: int = MAX_BODY) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = [0]
        started = [False]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                started[0] = True
                status[0] = message["status"]
                message["headers"] = [*message.get("headers", ()), *HEADERS]
            await send(message)

        try:
            length = _declared_length(scope)
            if length is not None and length > self.max_body:
                await _refuse(send_with_headers, scope, self.max_body)
                return
            await self.app(scope, _limited(receive, self.max_body), send_with_headers)
        except TooLarge:
            if not started[0]:
                await _refuse(send_with_headers, scope, self.max_body)
        except Exception as exc:  # never a traceback to the client, never the input in the log
            # The type and where it was raised, never its message: it could quote the input.
            log.error("internal error on %s %s: %s", scope.get("method"), scope.get("path"),
                      _where(sys.exc_info()[2], type(exc).__name__))  # fmt: skip
            if not started[0]:
                await _send_json(send_with_headers, 500, problem_body("internal", "internal error"))
        finally:
            ms = (time.perf_counter() - start) * 1000
            log.info("%s %s %d %.1fms", scope.get("method"), scope.get("path"), status[0], ms)


def _where(tb: TracebackType | None, kind: str) -> str:
    """``kind at file:line`` of the innermost frame of a traceback."""
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is None:
        return kind
    code = tb.tb_frame.f_code
    return f"{kind} at {code.co_filename}:{tb.tb_lineno} ({code.co_name})"


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _limited(receive: Receive, limit: int) -> Receive:
    seen = [0]

    async def wrapped() -> Message:
        message = await receive()
        if message["type"] == "http.request":
            seen[0] += len(message.get("body", b""))
            if seen[0] > limit:
                raise TooLarge
        return message

    return wrapped


def known_lang(lang: str | None) -> str:
    """``lang`` when it names a catalogue, else English (the language of an error)."""
    from kodo.i18n import languages

    return lang if lang is not None and lang in languages() else "en"


def _lang(scope: Scope) -> str:
    from urllib.parse import parse_qs

    query = scope.get("query_string", b"").decode("latin-1")
    return known_lang(parse_qs(query).get("lang", [None])[0])


async def _refuse(send: Send, scope: Scope, limit: int) -> None:
    from kodo.i18n import Message, render

    lang = _lang(scope)
    text = render(Message.of("web.error.too_large", limit=limit), lang)
    await _send_json(send, 413, problem_body("too_large", text, lang=lang, limit=limit))


async def _send_json(send: Send, status: int, body: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
