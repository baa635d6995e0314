"""The edges of ``kodo mcp``'s standard input and output, between the SDK's stdio transport and
its server loop.

- A line that is not a JSON-RPC message gets the JSON-RPC answer (the SDK's transport passes it
  on as an exception, which its loop drops): a parse error (``-32700``, ``id`` null) for a line
  that is not JSON, an invalid request (``-32600``, with the line's ``id`` when it has a usable
  one) for JSON that is not a message. A blank line is skipped.
- At the end of the input, the requests still in flight are answered before the loop is told
  (the SDK's loop would cancel them): the reader holds the end back until every request read
  has been answered, or cancelled by the client (a cancelled request is never answered).
- A client that stops reading (a broken pipe) is not an error: :func:`only_gone`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from types import TracebackType
from typing import Any

import anyio
from mcp import types
from mcp.shared.dispatcher import coerce_request_id
from mcp.shared.jsonrpc_dispatcher import cancelled_request_id_from_params
from mcp.shared.message import SessionMessage

from kodo.i18n import Message, render

GONE = (BrokenPipeError, ConnectionResetError, anyio.BrokenResourceError,
        anyio.ClosedResourceError)  # fmt: skip
CANCELLED = "notifications/cancelled"


def only_gone(exc: BaseException) -> bool:
    """Whether ``exc`` (a group, perhaps nested) is made only of the client going away."""
    if isinstance(exc, BaseExceptionGroup):
        return all(only_gone(e) for e in exc.exceptions)
    return isinstance(exc, GONE)


class Pending:
    """The requests read and not yet answered (by id: a client may reuse one)."""

    def __init__(self) -> None:
        self._ids: Counter[Any] = Counter()
        self._idle = anyio.Event()
        self._idle.set()

    def add(self, request_id: Any) -> None:
        if not self._ids:
            self._idle = anyio.Event()
        self._ids[coerce_request_id(request_id)] += 1

    def done(self, request_id: Any, every: bool = False) -> None:
        key = coerce_request_id(request_id) if request_id is not None else None
        if key not in self._ids:
            return
        self._ids[key] = 0 if every else self._ids[key] - 1
        if self._ids[key] <= 0:
            del self._ids[key]
        if not self._ids:
            self._idle.set()

    async def drained(self) -> None:
        await self._idle.wait()


class _Stream:
    _inner: Any

    def close(self) -> None:
        self._inner.close()

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def __aenter__(self) -> Any:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> bool | None:
        await self.aclose()
        return None


class Writer(_Stream):
    """The transport's write stream; marks each request answered as its answer goes out."""

    def __init__(self, inner: Any, pending: Pending) -> None:
        self._inner, self._pending = inner, pending

    async def send(self, item: SessionMessage) -> None:
        try:
            await self._inner.send(item)
        finally:
            message = item.message
            if isinstance(message, (types.JSONRPCResponse, types.JSONRPCError)):
                self._pending.done(message.id)


class Reader(_Stream):
    """The transport's read stream: answers what is not a message, notes the requests read,
    and holds the end of the input back until they are answered."""

    def __init__(self, inner: Any, writer: Writer, pending: Pending, lang: str) -> None:
        self._inner, self._writer, self._pending, self._lang = inner, writer, pending, lang

    @property
    def last_context(self) -> Any:  # the sender's context, which the SDK's loop restores
        return getattr(self._inner, "last_context", None)

    def __aiter__(self) -> Reader:
        return self

    async def __anext__(self) -> Any:
        try:
            return await self.receive()
        except anyio.EndOfStream:
            raise StopAsyncIteration from None

    async def receive(self) -> Any:
        while True:
            try:
                item = await self._inner.receive()
            except anyio.EndOfStream:
                await self._pending.drained()
                raise
            if isinstance(item, Exception):
                answer = refusal(item, self._lang)
                if answer is not None:
                    await self._writer.send(SessionMessage(answer))
                continue
            message = item.message
            if isinstance(message, types.JSONRPCRequest):
                self._pending.add(message.id)
            elif isinstance(message, types.JSONRPCNotification) and message.method == CANCELLED:
                cancelled = cancelled_request_id_from_params(message.params)
                if cancelled is not None:
                    self._pending.done(cancelled, every=True)
            return item


def refusal(exc: Exception, lang: str) -> types.JSONRPCError | None:
    """The JSON-RPC error answering a line the transport could not read as a message (None
    for a blank line)."""
    errors: list[Mapping[str, Any]] = []
    if hasattr(exc, "errors"):  # pydantic's ValidationError
        errors = list(exc.errors(include_url=False))
    if any(e.get("type") == "json_invalid" for e in errors) or not errors:
        line = errors[0].get("input") if errors else None
        if isinstance(line, str) and not line.strip():
            return None
        error = types.ErrorData(code=types.PARSE_ERROR, message=_say("parse_error", lang))
        return types.JSONRPCError(jsonrpc="2.0", id=None, error=error)
    error = types.ErrorData(code=types.INVALID_REQUEST, message=_say("invalid_request", lang))
    return types.JSONRPCError(jsonrpc="2.0", id=_id_of(errors), error=error)


def _id_of(errors: list[Mapping[str, Any]]) -> Any:
    """The id of the object the errors are about, when it is one a request may have."""
    for e in errors:
        whole = e.get("input")
        if len(e.get("loc", ())) <= 2 and isinstance(whole, Mapping):
            found = whole.get("id")
            if isinstance(found, str) or (isinstance(found, int) and not isinstance(found, bool)):
                return found
    return None


def _say(code: str, lang: str) -> str:
    return render(Message.of(f"mcp.wire.{code}"), lang)


__all__ = ["Pending", "Reader", "Writer", "only_gone", "refusal"]
