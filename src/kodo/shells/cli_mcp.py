"""``kodo mcp [--lang L]``: kodo as a Model Context Protocol server on standard input and
output, for AI assistants (:mod:`kodo.shells.mcp_server`; the ``mcp`` extra). Exit 0 when the
client closes the connection or stops reading, 2 for a bad option or without the extra (the
extra named), 130 on Ctrl-C."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from kodo.shells.cli_io import fail as _fail
from kodo.shells.cli_io import lang_of as _lang


def register(command: Callable[..., argparse.ArgumentParser], h: Callable[..., str]) -> None:
    p = command("mcp", "mcp", options=False, exits="mcp_exit")
    p.add_argument("-h", "--help", action="help", help=h("help"))
    p.add_argument("-l", "--lang", default="en", metavar="LANG", help=h("mcp_lang"))
    p.set_defaults(run=cmd_mcp)


def cmd_mcp(a: argparse.Namespace) -> None:
    lang = _lang(a.lang)
    try:
        from kodo.shells.mcp_server import serve
    except ImportError as exc:  # the mcp extra is not installed
        from kodo.errors import input_error

        _fail(input_error("mcp", "needs_extra", extra="mcp", missing=str(exc.name)), lang)
    try:
        serve(lang)
    except KeyboardInterrupt:  # before the server took the signal over: no traceback
        import signal

        raise SystemExit(128 + signal.SIGINT) from None


__all__ = ["cmd_mcp", "register"]
