"""``kodo sheet FILE -o sheet.pdf``: the point sheet as a PDF (thin over
:mod:`kodo.features.sheet` and :mod:`kodo.shells.sheet_pdf`). Exit 0 when written, 2 (the
input or option named) when not; nothing is written then.

``-o`` is ``--output`` here (the other commands' ``-o`` is ``--option``): the help's list of
interpretation options names ``--option``, and an ``-o`` that looks like an option is refused.
kodo's messages follow ``--lang`` as argparse's own do (English when it is not given); the
sheet itself is Japanese by default."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from contextlib import suppress
from typing import Any, NoReturn

from kodo.shells.cli_io import applicant, choice, date_of, fail, lang_of, options_of, write

LANGS = ("ja", "en", "zh")
HANG = "      "  # the epilog's continuation lines (as cli._epilog wraps them)


def register(command: Callable[..., argparse.ArgumentParser], h: Callable[..., str]) -> None:
    from kodo.vocab import PR_POINTS_ROUTES  # light: no engine at start-up

    p = command("sheet", "sheet", exits="sheet_exit")
    p.epilog = _own_options_head(p.epilog or "", h("sheet_options_head"))
    p.add_argument("-h", "--help", action="help", help=h("help"))
    p.add_argument("file", metavar="FILE", help=h("sheet_file"))
    p.add_argument("-o", "--output", action="append", required=True, metavar="FILE.pdf",
                   help=h("sheet_output"))  # fmt: skip
    p.add_argument("-c", "--category", metavar="CATEGORY", help=h("sheet_category"))
    p.add_argument("-l", "--lang", metavar="LANG", help=h("sheet_lang"))
    p.add_argument("-d", "--date", metavar="DATE", help=h("sheet_date"))
    p.add_argument("--pr", action="store_true", help=h("sheet_pr"))
    p.add_argument(
        "--route", metavar="ROUTE", help=h("sheet_route", routes=", ".join(PR_POINTS_ROUTES))
    )
    p.add_argument("--option", action="append", metavar="NAME=VALUE", help=h("option"))
    p.add_argument("--force", action="store_true", help=h("force"))
    p.set_defaults(run=cmd_sheet)


def _own_options_head(epilog: str, head: str) -> str:
    """The shared epilog with its heading of the interpretation options (which names ``-o``)
    replaced by sheet's own (which names ``--option``), wrapped as the shared one is."""
    from kodo.shells.cli_io import width
    from kodo.shells.wrap import wrap

    lines = epilog.split("\n")
    if "" not in lines:
        return epilog
    start = lines.index("") + 1
    end = start + 1
    while end < len(lines) and lines[end].startswith(HANG):
        end += 1
    first, *rest = wrap(head.strip(), max(min(width(), 100) - len(HANG), 8))
    return "\n".join([*lines[:start], first, *(HANG + line for line in rest), *lines[end:]])


def _output(values: list[str], lang: str) -> Any:
    """The one PDF file of ``-o``/``--output``: an interpretation option given there by
    mistake, a second file, a name that is not a .pdf or cannot be written are refused."""
    from pathlib import Path

    from kodo.errors import input_error

    for value in values:
        if "=" in value and not value.lower().endswith(".pdf"):
            fail(input_error("--output", "sheet_output_option", got=repr(value[:40])), lang)
    if len(values) > 1:
        got = ", ".join(repr(v[:40]) for v in values)
        fail(input_error("--output", "sheet_one_output", got=got), lang)
    out = Path(values[0])
    if out.suffix.lower() != ".pdf":
        fail(input_error("--output", "sheet_pdf"), lang)
    return out


def _unwritable(exc: OSError, lang: str) -> NoReturn:
    from kodo.errors import input_error

    fail(input_error("--output", "unwritable", reason=exc.strerror or str(exc)), lang)


def cmd_sheet(a: argparse.Namespace) -> None:
    from kodo.errors import KodoError, input_error

    said = lang_of(a.lang) if a.lang is not None else "en"  # kodo's messages, as argparse's
    lang = a.lang or "ja"  # the sheet's
    choice(lang, LANGS, "--lang", said)
    if a.category is not None:
        choice(a.category, ("a", "b", "c"), "--category", said)
    day = date_of(a.date, "--date", said)
    out = _output(a.output, said)
    try:
        exists = out.exists()
    except OSError as exc:  # a name too long, say
        _unwritable(exc, said)
    if exists and not a.force:
        fail(input_error("--output", "sheet_exists", file=str(out)), said)
    if a.route is not None and not a.pr:
        fail(input_error("--route", "sheet_route_needs_pr"), said)
    try:
        from kodo.shells.sheet_pdf import write_pdf
    except ImportError as exc:  # the pdf extra is not installed
        fail(input_error("sheet", "needs_extra", extra="pdf", missing=str(exc.name)), said)
    from kodo.features.sheet import point_sheets

    if day is not None:
        from kodo.features.common import load_rules

        try:
            load_rules().check_covered(day, "--date")
        except KodoError as exc:
            fail(exc, said)
    staged = out.with_name(f".{out.name}.part")  # moved into place once complete
    try:
        sheets = point_sheets(
            applicant(a.file), category=a.category, date=day, pr=a.pr, route=a.route,
            options=options_of(a.option, said), lang=lang,
        )  # fmt: skip
        pages = write_pdf(sheets, staged)
        staged.replace(out)
    except KodoError as exc:
        fail(exc, said, a.file)
    except OSError as exc:
        _unwritable(exc, said)
    finally:
        with suppress(OSError):  # nothing was staged where nothing can be written
            staged.unlink(missing_ok=True)
    from kodo.i18n import Message, render

    write(render(Message.of("sheet.written", file=str(out), pages=pages), said))
