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
from pathlib import Path
from typing import Any, NoReturn

FORMATS = ("text", "json", "markdown")
RESULTS = ("evaluate", "pr", "hsp2", "forecast", "advice")
MAX_FORECAST_YEARS = 30  # the CLI's own bound, also checked by kodo.forecast


class Exit(Exception):
    def __init__(self, code: int) -> None:
        self.code = code


def _fail(exc: Exception, lang: str, file: str | None = None) -> NoReturn:
    """Report ``exc`` in ``lang`` and exit 2; a problem with a field of the applicant (found
    after reading it, e.g. a date before the rules begin) names the ``file`` too."""
    from kodo.errors import InputError, KodoError

    if isinstance(exc, InputError) and exc.source is None and file is not None:
        from kodo.input.applicant import Applicant

        fields = {f.alias or name for name, f in Applicant.model_fields.items()}
        if all(field.split(".")[0].split("[")[0] in fields for field, _ in exc.problems):
            exc.source = "<stdin>" if file == "-" else file

    text = exc.render(lang) if isinstance(exc, KodoError) else str(exc)
    sys.stderr.write(text.rstrip() + "\n")
    raise Exit(2)


def _lang(value: str) -> str:
    from kodo.errors import KodoError
    from kodo.features.common import check_lang

    try:
        return check_lang(value)
    except KodoError as exc:
        _fail(exc, "en")


def _date(value: str | None, name: str, lang: str) -> dt.date | None:
    if value is None:
        return None
    from kodo.errors import input_error

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        _fail(input_error(name, "iso_date", got=repr(value)), lang)


def _options(pairs: list[str] | None, lang: str) -> dict[str, Any]:
    from kodo.errors import input_error

    out: dict[str, Any] = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep:
            _fail(input_error("--option", "name_value", got=repr(pair)), lang)
        out[key.strip()] = value.strip()
    return out


def _applicant(file: str) -> Any:
    from kodo.input.read import parse_applicant, read_document, read_text

    if file == "-":
        return parse_applicant(read_document(sys.stdin.read(), "<stdin>"), "<stdin>")
    return parse_applicant(read_document(read_text(file), file), file)


def _width() -> int:
    """Columns to wrap at: ``COLUMNS``, else the terminal's (also when stdout is piped to a
    pager or ``head`` in a terminal), else 100; kept within 60..140."""
    import os

    columns = 0
    if os.environ.get("COLUMNS", "").isdigit():
        columns = int(os.environ["COLUMNS"])
    for fd in (1, 2, 0):
        if columns:
            break
        try:
            columns = os.get_terminal_size(fd).columns
        except OSError:
            continue
    return max(60, min(columns or 100, 140))


def _write(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


# ------------------------------------------------------------------------------ commands


def _choice(value: str, choices: Sequence[str], name: str, lang: str) -> str:
    from kodo.errors import input_error

    if value not in choices:
        _fail(input_error(name, "one_of", expected=tuple(choices), got=repr(value)), lang)
    return value


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

            _write(render_markdown(result))
        else:
            from kodo.shells.text import render_text

            _write(render_text(result, color=sys.stdout.isatty(), width=_width()))
    except KodoError as exc:
        _fail(exc, lang, a.file)


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
        _write(diff_as_text(data, DEFAULT, lang))


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
            _write(render_timeline(result, a.format == "markdown", _width()))

    return run


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


# ------------------------------------------------------------------------------ the parser


def _common(p: argparse.ArgumentParser, h: Callable[..., str], options: bool = True) -> None:
    p.add_argument("-f", "--format", default="text", help=h("format"))
    p.add_argument("-l", "--lang", default="en", help=h("lang"))
    if options:
        p.add_argument("-o", "--option", action="append", metavar="NAME=VALUE", help=h("option"))


def _help_lang(argv: Sequence[str]) -> str:
    """The --lang given on the command line (for the help texts), else English."""
    from kodo.i18n import languages

    for k, arg in enumerate(argv):
        value = None
        if arg in ("-l", "--lang") and k + 1 < len(argv):
            value = argv[k + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        if value in languages():
            return value
    return "en"


def parser(lang: str = "en") -> argparse.ArgumentParser:
    from kodo.i18n import Message, render

    def h(code: str, **params: Any) -> str:
        return render(Message.of(f"help.{code}", **params), lang).replace("%", "%%")

    top = argparse.ArgumentParser(prog="kodo", description=h("description"))
    sub = top.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("evaluate", help=h("evaluate"), description=h("evaluate"))
    p.add_argument("file", help=h("file"))
    _common(p, h)
    p.add_argument("-c", "--category", help=h("category"))
    p.add_argument("-d", "--date", help=h("date"))
    p.set_defaults(run=cmd_evaluate)

    p = sub.add_parser("rules", help=h("rules"), description=h("rules"))
    p.add_argument("-d", "--date", help=h("rules_date"))
    _common(p, h, options=False)
    p.set_defaults(run=cmd_rules)
    rules_sub = p.add_subparsers(dest="rules_command", metavar="diff")
    d = rules_sub.add_parser("diff", help=h("diff"), description=h("diff"))
    d.add_argument("first", help=h("first"))
    d.add_argument("second", help=h("second"))
    _common(d, h, options=False)
    d.set_defaults(run=cmd_rules_diff)

    for name, function in (
        ("pr", "permanent_residence"), ("hsp2", "hsp2"), ("forecast", "forecast"),
        ("advice", "advice"),
    ):  # fmt: skip
        p = sub.add_parser(name, help=h(name), description=h(name))
        p.add_argument("file", help=h("file"))
        p.add_argument("--on", help=h("on_date"))
        _common(p, h)
        extra: dict[str, None] = {}
        if name == "forecast":
            low, high = 1, MAX_FORECAST_YEARS
            p.add_argument("-y", "--years", default="5", help=h("years", low=low, high=high))
            extra["years"] = None
        p.set_defaults(run=_question(function, **extra))

    p = sub.add_parser("schema", help=h("schema"), description=h("schema"))
    p.add_argument("--result", help=h("result", choices=RESULTS))
    p.add_argument("-l", "--lang", default="en", help=h("lang"))
    p.set_defaults(run=cmd_schema)

    p = sub.add_parser("example", help=h("example"), description=h("example"))
    p.add_argument("output", nargs="?", default="-", help=h("output"))
    p.add_argument("--force", action="store_true", help=h("force"))
    p.add_argument("-l", "--lang", default="en", help=h("lang"))
    p.set_defaults(run=cmd_example)
    return top


def main(argv: Sequence[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else list(argv)
    top = parser(_help_lang(argv))
    args = top.parse_args(argv)
    if not hasattr(args, "run"):
        top.print_help()
        sys.exit(2)
    try:
        args.run(args)
    except Exit as exc:
        sys.exit(exc.code)
    except BrokenPipeError:  # `kodo ... | head`
        sys.stderr.close()
        sys.exit(0)


if __name__ == "__main__":
    main()
