"""The ``kodo`` command line: thin over the library, on the standard library's argparse so that
it starts fast. Heavy imports happen inside commands.

Every message — results, input errors, labels — comes from the catalogues, in ``--lang``;
exit status 2 and no traceback for any bad input.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

from kodo.shells.cli_io import (
    BAD_INPUT,
    FORMATS,
    INTERNAL,
    MAX_FORECAST_YEARS,
    NOT_ELIGIBLE,
    OK,
    RESULTS,
    Exit,
    HelpFormatter,
    argparse_in,
    help_lang,
    internal_error,
    kodo_version,
    lang_last,
)
from kodo.shells.cli_io import applicant as _applicant
from kodo.shells.cli_io import choice as _choice
from kodo.shells.cli_io import date_of as _date
from kodo.shells.cli_io import fail as _fail
from kodo.shells.cli_io import lang_of as _lang
from kodo.shells.cli_io import options_of as _options
from kodo.shells.cli_io import width as _width
from kodo.shells.cli_io import write as _write
from kodo.shells.cli_more import cmd_example, cmd_schema, cmd_serve

__all__ = ["MAX_FORECAST_YEARS", "main", "parser"]


# ------------------------------------------------------------------------------ commands


def cmd_evaluate(a: argparse.Namespace) -> None:
    from kodo.errors import KodoError
    from kodo.features.evaluate import evaluate

    lang = _lang(a.lang)
    _choice(a.format, FORMATS, "--format", lang)
    day = _date(a.date, "--date", lang)
    try:
        result = evaluate(
            _applicant(a.file), date=day, category=a.category,
            options=_options(a.option, lang), lang=lang,
        )  # fmt: skip
        if a.format == "json":
            _write(result.to_json())
        elif a.format == "markdown":
            from kodo.shells.text import render_markdown

            _write(render_markdown(result, details=a.details, file=a.file))
        else:
            from kodo.shells.text import render_text

            color = sys.stdout.isatty()
            _write(render_text(result, color, _width(), details=a.details, file=a.file))
    except KodoError as exc:
        _fail(exc, lang, a.file)
    if a.check:
        from kodo.shells.text import qualifies

        if not qualifies(result):
            raise Exit(NOT_ELIGIBLE)


def cmd_rules(a: argparse.Namespace) -> None:
    from kodo.errors import KodoError
    from kodo.features.common import load_rules
    from kodo.items import DEFAULT
    from kodo.shells.rules_text import rules_as_data, rules_as_markdown, rules_as_text

    lang = _lang(a.lang)
    _choice(a.format, FORMATS, "--format", lang)
    day = _date(a.date, "--date", lang) or dt.date.today()
    try:
        book = load_rules()
        book.check_covered(day, "--date")
        data = rules_as_data(book, day, DEFAULT, lang)
    except KodoError as exc:
        _fail(exc, lang)
    if a.format == "json":
        _write(json.dumps(data, ensure_ascii=False, indent=2))
    elif a.format == "markdown":
        _write(rules_as_markdown(data, lang))
    else:
        _write(rules_as_text(data, lang, color=sys.stdout.isatty(), width=_width()))


def cmd_rules_diff(a: argparse.Namespace) -> None:
    from kodo.errors import KodoError
    from kodo.features.common import load_rules
    from kodo.items import DEFAULT
    from kodo.rules.diff import diff
    from kodo.shells.rules_text import diff_as_text

    lang = _lang(a.lang)
    _choice(a.format, FORMATS, "--format", lang)
    d1 = _date(a.first, "FIRST", lang)
    d2 = _date(a.second, "SECOND", lang)
    assert d1 is not None and d2 is not None
    try:
        book = load_rules()
        for name, day in (("FIRST", d1), ("SECOND", d2)):
            book.check_covered(day, name)
        data = diff(book, d1, d2)
    except KodoError as exc:
        _fail(exc, lang)
    if a.format == "json":
        _write(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _write(diff_as_text(data, DEFAULT, lang, _width()))


def _question(name: str, **extra: Any) -> Callable[[argparse.Namespace], None]:
    def run(a: argparse.Namespace) -> None:
        from kodo.errors import KodoError, input_error
        from kodo.features import questions
        from kodo.jsondata import to_json
        from kodo.shells.timeline_text import render_timeline

        lang = _lang(a.lang)
        _choice(a.format, FORMATS, "--format", lang)
        day = _date(a.on, "--on", lang)
        kwargs = {k: getattr(a, k) for k in extra}
        if "years" in kwargs:
            try:
                kwargs["years"] = int(kwargs["years"])
            except ValueError:
                _fail(input_error("--years", "whole_number", got=repr(kwargs["years"])), lang)
        try:
            result = getattr(questions, name)(
                _applicant(a.file), on=day, options=_options(a.option, lang), lang=lang, **kwargs
            )
        except KodoError as exc:
            _fail(exc, lang, a.file)
        if a.format == "json":
            _write(to_json(result))
        else:
            md, details = a.format == "markdown", getattr(a, "details", False)
            _write(render_timeline(result, md, _width(), details=details))
        if getattr(a, "check", False) and not result_open(result):
            raise Exit(NOT_ELIGIBLE)

    return run


def result_open(result: Any) -> bool:
    """Is a PR route open (``kodo pr``), a change to HSP(ii) possible (``kodo hsp2``)?"""
    routes = getattr(result, "open_routes", None)
    return bool(routes) if routes is not None else bool(getattr(result, "open", True))


def cmd_completion(a: argparse.Namespace) -> None:
    from kodo.shells.completion import script

    lang = _lang(a.lang)
    _choice(a.shell, ("bash", "zsh"), "SHELL", lang)
    _write(script(parser(lang), a.shell))


# ------------------------------------------------------------------------------ the parser


def _common(p: argparse.ArgumentParser, h: Callable[..., str], options: bool = True) -> None:
    p.add_argument("-h", "--help", action="help", help=h("help"))
    p.add_argument("-f", "--format", default="text", metavar="FORMAT", help=h("format"))
    p.add_argument("-l", "--lang", default="en", metavar="LANG", help=h("lang"))
    if options:
        p.add_argument("-o", "--option", action="append", metavar="NAME=VALUE", help=h("option"))


def _epilog(
    lang: str, h: Callable[..., str], options: bool = True, exits: str = "exit_codes"
) -> str:
    """The exit statuses, and the interpretation options with their values (the default
    first) and what each value means where the catalogue says it."""
    from kodo.i18n import Message, catalogue, render
    from kodo.options import Options

    lines = [h(exits, ok=OK, not_eligible=NOT_ELIGIBLE, some=NOT_ELIGIBLE, bad=BAD_INPUT)]
    if options:
        lines += ["", h("options_head")]
        known = catalogue(lang).templates
        for name, field in Options.model_fields.items():
            values = [str(v) for v in getattr(field.annotation, "__args__", ())]
            if field.default is not None and str(field.default) in values:
                values.remove(str(field.default))
                values.insert(0, str(field.default))
            if not values and field.default is not None:
                values = [str(field.default)]
            said = [
                f"{v} ({render(Message.of(f'option.{name}.{v}'), lang)})"
                if f"option.{name}.{v}" in known else v
                for v in values
            ]  # fmt: skip
            lines.append(f"  {name}: {' | '.join(said)}")
    from kodo.shells.blocks import para

    width = min(_width(), 100)
    return "\n".join(
        out.replace("%", "%%")
        for line in lines
        for out in (
            para(line.strip(), width, lang, line[: len(line) - len(line.lstrip())], "      ")
            if line
            else [""]
        )
    )


def parser(lang: str = "en") -> argparse.ArgumentParser:
    from kodo.i18n import Message, render

    def h(code: str, **params: Any) -> str:
        return render(Message.of(f"help.{code}", **params), lang).replace("%", "%%")

    def described(code: str) -> str:  # wrapped here: argparse counts characters, not cells
        from kodo.shells.blocks import para

        return "\n".join(para(h(code), min(_width(), 100), lang))

    def command(
        name: str, code: str, options: bool = True, exits: str = "exit_codes"
    ) -> argparse.ArgumentParser:
        return sub.add_parser(
            name, help=h(code), description=described(code), add_help=False,
            epilog=_epilog(lang, h, options, exits), formatter_class=HelpFormatter,
        )  # fmt: skip

    top = argparse.ArgumentParser(
        prog="kodo", description=described("description"), add_help=False,
        epilog=_epilog(lang, h, options=False), formatter_class=HelpFormatter,
    )  # fmt: skip
    top.add_argument("-h", "--help", action="help", help=h("help"))
    version = f"kodo {kodo_version()}".strip()
    top.add_argument("-V", "--version", action="version", version=version, help=h("version"))
    sub = top.add_subparsers(dest="command", metavar="COMMAND")

    p = command("evaluate", "evaluate")
    p.add_argument("file", help=h("file"))
    _common(p, h)
    p.add_argument("-c", "--category", metavar="CATEGORY", help=h("category"))
    p.add_argument("-d", "--date", metavar="DATE", help=h("date"))
    p.add_argument("--details", action="store_true", help=h("details"))
    p.add_argument("--check", action="store_true",
                   help=h("check", ok=OK, not_eligible=NOT_ELIGIBLE))  # fmt: skip
    p.set_defaults(run=cmd_evaluate)

    p = command("rules", "rules", options=False)
    p.add_argument("-d", "--date", metavar="DATE", help=h("rules_date"))
    _common(p, h, options=False)
    p.set_defaults(run=cmd_rules)
    rules_sub = p.add_subparsers(dest="rules_command", metavar="diff")
    d = rules_sub.add_parser(
        "diff", help=h("diff"), description=described("diff"), add_help=False,
        epilog=_epilog(lang, h, options=False), formatter_class=HelpFormatter,
    )  # fmt: skip
    d.add_argument("first", metavar="FIRST", help=h("first"))
    d.add_argument("second", metavar="SECOND", help=h("second"))
    _common(d, h, options=False)
    d.set_defaults(run=cmd_rules_diff)

    for name, function in (
        ("pr", "permanent_residence"), ("hsp2", "hsp2"), ("forecast", "forecast"),
        ("advice", "advice"),
    ):  # fmt: skip
        p = command(name, name)
        p.add_argument("file", help=h("file"))
        p.add_argument("--on", metavar="DATE", help=h("on_date"))
        _common(p, h)
        extra: dict[str, None] = {}
        if name == "forecast":
            low, high = 1, MAX_FORECAST_YEARS
            p.add_argument("-y", "--years", default="5", metavar="YEARS",
                           help=h("years", low=low, high=high))  # fmt: skip
            extra["years"] = None
        if name in ("pr", "hsp2"):
            p.add_argument("--details", action="store_true", help=h("details"))
            p.add_argument("--check", action="store_true",
                           help=h("check", ok=OK, not_eligible=NOT_ELIGIBLE))  # fmt: skip
        p.set_defaults(run=_question(function, **extra))

    for module in (
        *("cli_batch", "cli_generate", "cli_summary", "cli_compare"),
        *("cli_salary", "cli_treatments", "cli_documents", "cli_sheet", "cli_lists", "cli_mcp"),
    ):
        _register(module, command, h)

    p = command("schema", "schema", options=False)
    p.add_argument("-h", "--help", action="help", help=h("help"))
    p.add_argument("--result", metavar="KIND", help=h("result", choices=", ".join(RESULTS)))
    p.add_argument("-l", "--lang", default="en", metavar="LANG", help=h("lang"))
    p.set_defaults(run=cmd_schema)

    p = command("example", "example", options=False)
    p.add_argument("-h", "--help", action="help", help=h("help"))
    p.add_argument("output", nargs="?", default="-", metavar="OUTPUT", help=h("output"))
    p.add_argument("--force", action="store_true", help=h("force"))
    p.add_argument("-l", "--lang", default="en", metavar="LANG", help=h("lang"))
    p.set_defaults(run=cmd_example)

    p = command("completion", "completion", options=False)
    p.add_argument("-h", "--help", action="help", help=h("help"))
    p.add_argument("shell", metavar="SHELL", help=h("shell"))
    p.add_argument("-l", "--lang", default="en", metavar="LANG", help=h("lang"))
    p.set_defaults(run=cmd_completion)

    p = command("serve", "serve", options=False)
    p.add_argument("-h", "--help", action="help", help=h("help"))
    p.add_argument(
        "--host", default="127.0.0.1", metavar="HOST", help=h("host", default="127.0.0.1")
    )
    p.add_argument("--port", default="8000", metavar="PORT", help=h("port", default=8000, free=0))
    p.add_argument("--workers", default="1", metavar="N", help=h("workers", default=1))
    p.add_argument("-l", "--lang", default="en", metavar="LANG", help=h("lang"))
    p.set_defaults(run=cmd_serve)
    return top


def _register(module: str, command: Any, h: Callable[..., str]) -> None:
    """Add the commands of ``kodo.shells.<module>`` (a module whose commands need an extra's
    packages; a module not installed is skipped)."""
    import importlib

    try:
        importlib.import_module(f"kodo.shells.{module}").register(command, h)
    except ModuleNotFoundError as exc:
        if exc.name != f"kodo.shells.{module}":
            raise


def main(argv: Sequence[str] | None = None) -> None:
    argv = lang_last(sys.argv[1:] if argv is None else list(argv))
    lang = help_lang(argv)
    with argparse_in(lang):
        top = parser(lang)
        args = top.parse_args(argv)
    if not hasattr(args, "run"):
        top.print_help()
        sys.exit(BAD_INPUT)
    try:
        args.run(args)
    except Exit as exc:
        sys.exit(exc.code)
    except BrokenPipeError:  # `kodo ... | head`
        sys.stderr.close()
        sys.exit(OK)
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # a bug: say so in the user's language, no traceback
        sys.stderr.write(internal_error(exc, lang) + "\n")
        sys.exit(INTERNAL)


if __name__ == "__main__":
    main()
