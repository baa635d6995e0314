"""The CLI's smaller commands: schema, example, completion and serve (the web server)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kodo.shells.cli_io import RESULTS, whole_of
from kodo.shells.cli_io import choice as _choice
from kodo.shells.cli_io import fail as _fail
from kodo.shells.cli_io import lang_of as _lang
from kodo.shells.cli_io import write as _write

MAX_WORKERS = 64


def cmd_schema(a: argparse.Namespace) -> None:
    from kodo.features.schemas import input_schema, result_schema

    lang = _lang(a.lang)
    if a.result is not None:
        _choice(a.result, RESULTS, "--result", lang)
    data = input_schema() if a.result is None else result_schema(a.result)
    _write(json.dumps(data, ensure_ascii=False, indent=2))


def cmd_example(a: argparse.Namespace) -> None:
    from importlib import resources

    from kodo.errors import input_error

    lang = _lang(a.lang)
    text = (resources.files("kodo") / "data" / "example.yaml").read_text(encoding="utf-8")
    if a.output == "-":
        sys.stdout.write(text)
        return
    path = Path(a.output)
    if path.exists() and not a.force:
        _fail(input_error(a.output, "exists"), lang)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(input_error(a.output, "unwritable", reason=str(exc.strerror)), lang)
    from kodo.i18n import Message, render

    sys.stderr.write(render(Message.of("help.wrote", path=a.output), lang) + "\n")


def cmd_serve(a: argparse.Namespace) -> None:
    lang = _lang(a.lang)
    port = whole_of(a.port, "--port", 0, 65535, lang)
    workers = whole_of(a.workers, "--workers", 1, MAX_WORKERS, lang)
    try:
        from kodo.shells.web.app import serve
    except ImportError as exc:  # the web extra is not installed
        from kodo.errors import input_error

        _fail(input_error("serve", "needs_extra", extra="web", missing=str(exc.name)), lang)
    serve(a.host, port, workers)
