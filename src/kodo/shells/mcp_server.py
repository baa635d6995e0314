"""``kodo mcp``: kodo's questions for AI assistants, as a Model Context Protocol server on the
official SDK's low-level :class:`mcp.server.lowlevel.Server` (``pip install 'kodo[mcp]'``).

Thin: the tools are declared in :mod:`kodo.shells.mcp_tools` (a library function each), the
resources in :mod:`kodo.shells.mcp_guide`; every text comes from the catalogues. A result is
the library's typed result as JSON, both as ``structuredContent`` (valid against the tool's
output schema, the result's published JSON Schema) and as text. Bad input is a tool error
(``isError``) with the CLI's report in the requested language as text and each problem
(field, code, message) as data; a bug is a tool error that names nothing of the input.
"""

from __future__ import annotations

import functools
import json
from functools import partial
from typing import Any

import anyio
from mcp import types
from mcp.server.lowlevel import Server
from mcp.shared.exceptions import MCPError

from kodo.errors import InputError
from kodo.i18n import Message, render
from kodo.input.problems import shown
from kodo.shells import mcp_guide
from kodo.shells.cli_io import internal_error, kodo_version
from kodo.shells.mcp_tools import GUIDE_URI, SCHEMA_URI, TOOLS, input_schema_of, lang_of
from kodo.shells.mcp_tools import output_schema_of as _output
from kodo.shells.mcp_tools import run as _run

NAME = "kodo"
READ_ONLY = types.ToolAnnotations(
    read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False
)


@functools.cache
def _tools(lang: str) -> list[types.Tool]:
    """The tools as listed (schemas built once per language)."""
    return [
        types.Tool(
            name=t.name,
            description=render(Message.of(f"mcp.tool.{t.name}"), lang),
            input_schema=input_schema_of(t, lang, lang),
            output_schema=_output(t),
            annotations=READ_ONLY,
        )
        for t in TOOLS.values()
    ]


def _text(text: str) -> list[types.TextContent]:
    return [types.TextContent(text=text)]


def invalid(exc: InputError, lang: str) -> types.CallToolResult:
    """An input error as a tool error: the CLI's report as text, the problems as data."""
    problems = [
        {"field": field, "code": message.code, "message": render(message, lang)}
        for field, message in exc.problems
    ]
    data = {"error": "invalid_input", "lang": lang, "problems": problems}
    return types.CallToolResult(content=_text(exc.render(lang)), structured_content=data,
                                is_error=True)  # fmt: skip


def result_of(name: str, data: Any, lang: str) -> types.CallToolResult:
    content = _text(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    if name == "rules_diff":  # the changes as a person reads them (the data has codes only)
        from kodo.items import DEFAULT
        from kodo.shells.rules_text import diff_as_text

        content += _text(diff_as_text(data, DEFAULT, lang))
    return types.CallToolResult(content=content, structured_content=data)


def call(name: str, arguments: dict[str, Any], lang: str) -> types.CallToolResult:
    """Call the tool ``name`` (in a worker thread: the library is synchronous)."""
    ask = lang_of(arguments, lang)
    tool = TOOLS.get(name)
    try:
        if tool is None:
            from kodo.errors import input_error

            raise input_error("name", "one_of", expected=tuple(TOOLS), got=shown(name))
        return result_of(name, _run(tool, arguments, lang), ask)
    except InputError as exc:
        return invalid(exc, ask)
    except Exception as exc:  # a bug: say so, naming nothing of the input
        return types.CallToolResult(content=_text(internal_error(exc, ask)), is_error=True)


def server(lang: str = "en") -> Server[Any]:
    """The MCP server; ``lang``: the language of the descriptions and the results' default."""

    async def list_tools(ctx: Any, params: Any) -> types.ListToolsResult:
        return types.ListToolsResult(tools=_tools(lang))

    async def call_tool(ctx: Any, params: types.CallToolRequestParams) -> types.CallToolResult:
        arguments = dict(params.arguments or {})
        return await anyio.to_thread.run_sync(partial(call, params.name, arguments, lang))

    async def list_resources(ctx: Any, params: Any) -> types.ListResourcesResult:
        found = [types.Resource(**r) for r in mcp_guide.resources(lang)]
        return types.ListResourcesResult(resources=found)

    async def read_resource(
        ctx: Any, params: types.ReadResourceRequestParams
    ) -> types.ReadResourceResult:
        uri = str(params.uri)
        found = await anyio.to_thread.run_sync(mcp_guide.read, uri)
        if found is None:
            from kodo.errors import input_error
            from kodo.i18n import languages

            known = (SCHEMA_URI, *(GUIDE_URI.format(lang=code) for code in languages()))
            exc = input_error("uri", "one_of", expected=known, got=shown(uri))
            raise MCPError(types.INVALID_PARAMS, exc.render(lang))
        text, mime = found
        contents = [types.TextResourceContents(uri=uri, text=text, mime_type=mime)]
        return types.ReadResourceResult(contents=contents)

    return Server(
        NAME,
        version=kodo_version(),
        instructions=render(
            Message.of("mcp.instructions", schema=SCHEMA_URI, guide=GUIDE_URI.format(lang=lang)),
            lang,
        ),
        on_list_tools=list_tools,
        on_call_tool=call_tool,
        on_list_resources=list_resources,
        on_read_resource=read_resource,
    )


def serve(lang: str = "en") -> None:
    """Serve over standard input and output until the input ends (the requests in flight
    answered first) or the client stops reading; Ctrl-C ends it at once (status 130)."""
    import signal

    from mcp.server.stdio import stdio_server

    from kodo.shells.mcp_wire import Pending, Reader, Writer, only_gone

    app = server(lang)

    async def main() -> None:
        async with stdio_server() as (read, write):
            pending = Pending()
            writer = Writer(write, pending)
            await app.run(Reader(read, writer, pending, lang), writer,
                          app.create_initialization_options())  # fmt: skip

    # The transport reads standard input in a thread that no cancellation can stop, so an
    # interrupt ends the process rather than waiting for the next line.
    previous = signal.signal(signal.SIGINT, _interrupted)
    try:
        anyio.run(main)
    except BaseException as exc:  # the client went away: nothing to report
        if not only_gone(exc):
            raise
    finally:
        signal.signal(signal.SIGINT, previous)


def _interrupted(signum: int, frame: Any) -> None:
    import os
    import sys

    sys.stderr.flush()
    os._exit(128 + signum)  # the shell's status for a process ended by the signal


__all__ = ["call", "serve", "server"]
