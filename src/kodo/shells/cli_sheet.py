"""``kodo sheet FILE -o sheet.pdf``: the point sheet as a PDF (thin over
:mod:`kodo.features.sheet` and :mod:`kodo.shells.sheet_pdf`). Exit 0 when written, 2 (the
input or option named) when not; nothing is written then."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from kodo.shells.cli_io import applicant, choice, date_of, fail, lang_of, options_of, write

LANGS = ("ja", "en", "zh")


def register(command: Callable[..., argparse.ArgumentParser], h: Callable[..., str]) -> None:
    from kodo.features.sheet import PR_ROUTES

    p = command("sheet", "sheet", exits="sheet_exit")
    p.add_argument("-h", "--help", action="help", help=h("help"))
    p.add_argument("file", metavar="FILE", help=h("sheet_file"))
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help=h("sheet_output"))
    p.add_argument("-c", "--category", metavar="CATEGORY", help=h("sheet_category"))
    p.add_argument("-l", "--lang", default="ja", metavar="LANG", help=h("sheet_lang"))
    p.add_argument("-d", "--date", metavar="DATE", help=h("sheet_date"))
    p.add_argument("--pr", action="store_true", help=h("sheet_pr"))
    p.add_argument("--route", metavar="ROUTE", help=h("sheet_route", routes=", ".join(PR_ROUTES)))
    p.add_argument("--option", action="append", metavar="NAME=VALUE", help=h("option"))
    p.add_argument("--force", action="store_true", help=h("force"))
    p.set_defaults(run=cmd_sheet)


def cmd_sheet(a: argparse.Namespace) -> None:
    from pathlib import Path

    from kodo.errors import KodoError, input_error

    lang = lang_of(a.lang)
    choice(lang, LANGS, "--lang", lang)
    if a.category is not None:
        choice(a.category, ("a", "b", "c"), "--category", lang)
    day = date_of(a.date, "--date", lang)
    out = Path(a.output)
    if out.suffix.lower() != ".pdf":
        fail(input_error("--output", "sheet_pdf"), lang)
    if out.exists() and not a.force:
        fail(input_error(a.output, "exists"), lang)
    if a.route is not None and not a.pr:
        fail(input_error("--route", "requires_flag", other="--pr"), lang)
    try:
        from kodo.shells.sheet_pdf import write_pdf
    except ImportError as exc:  # the pdf extra is not installed
        fail(input_error("sheet", "needs_extra", extra="pdf", missing=str(exc.name)), lang)
    from kodo.features.sheet import point_sheets

    if day is not None:
        from kodo.features.common import load_rules

        try:
            load_rules().check_covered(day, "--date")
        except KodoError as exc:
            fail(exc, lang)
    staged = out.with_name(f".{out.name}.part")  # moved into place once complete
    try:
        sheets = point_sheets(
            applicant(a.file), category=a.category, date=day, pr=a.pr, route=a.route,
            options=options_of(a.option, lang), lang=lang,
        )  # fmt: skip
        pages = write_pdf(sheets, staged)
        staged.replace(out)
    except KodoError as exc:
        fail(exc, lang, a.file)
    except OSError as exc:
        fail(input_error(a.output, "unwritable", reason=exc.strerror or str(exc)), lang)
    finally:
        staged.unlink(missing_ok=True)
    from kodo.i18n import Message, render

    write(render(Message.of("sheet.written", file=str(out), pages=pages), lang))
