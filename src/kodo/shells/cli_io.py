"""What every command of the CLI shares: exit statuses, reporting an input error in the
user's language, reading the command line's dates, options and applicant file, and the
terminal's width."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn

FORMATS = ("text", "json", "markdown")
RESULTS = ("evaluate", "pr", "hsp2", "forecast", "advice", "treatments", "documents", "salary")
MAX_FORECAST_YEARS = 30  # the CLI's own bound, also checked by kodo.forecast
OK, NOT_ELIGIBLE, BAD_INPUT, INTERNAL = 0, 1, 2, 3  # exit statuses (see --help)


class Exit(Exception):
    def __init__(self, code: int) -> None:
        self.code = code


# Arguments of the Python API named as the command line's options (fields no applicant has).
_OPTION_NAMES = {"years": "--years", "lang": "--lang", "on": "--on", "options": "--option"}


def fail(exc: Exception, lang: str, file: str | None = None) -> NoReturn:
    """Report ``exc`` in ``lang`` and exit 2; a problem with a field of the applicant (found
    after reading it, e.g. a date before the rules begin) names the ``file`` too."""
    from kodo.errors import InputError, KodoError

    if isinstance(exc, InputError):  # arguments of the library are options of the CLI
        exc.problems = [(_OPTION_NAMES.get(field, field), m) for field, m in exc.problems]
    if isinstance(exc, InputError) and exc.source is None and file is not None:
        from kodo.input.applicant import Applicant

        fields = {f.alias or name for name, f in Applicant.model_fields.items()}
        if all(field.split(".")[0].split("[")[0] in fields for field, _ in exc.problems):
            exc.source = "<stdin>" if file == "-" else file

    text = exc.render(lang) if isinstance(exc, KodoError) else str(exc)
    if sys.stderr.isatty():  # a person reads it: fitted to the terminal (a pipe gets lines whole)
        text = "\n".join(_fitted(text.rstrip(), lang))
    sys.stderr.write(text.rstrip() + "\n")
    raise Exit(BAD_INPUT)


def _fitted(text: str, lang: str) -> list[str]:
    """An error's lines folded to the terminal's width, each problem under its dash."""
    from kodo.shells.blocks import para

    cols, out = width(), []
    for line in text.splitlines():
        if line.startswith("  - "):
            out += para(line[4:], cols, lang, "  - ", "    ")
        else:
            out += para(line, cols, lang)
    return out


def lang_of(value: str) -> str:
    from kodo.errors import KodoError
    from kodo.features.common import check_lang

    try:
        return check_lang(value)
    except KodoError as exc:
        fail(exc, "en")


def date_of(value: str | None, name: str, lang: str) -> dt.date | None:
    """A date given on the command line, read by the input layer's one date parser (a day
    that does not exist or is out of range is an input error naming ``name``)."""
    if value is None:
        return None
    from kodo.errors import KodoError

    try:
        from kodo.input.types import parse_day
    except ImportError:  # pragma: no cover - an input layer without it
        from kodo.errors import input_error

        try:
            return dt.date.fromisoformat(value)
        except (ValueError, OverflowError):
            fail(input_error(name, "iso_date", got=repr(value[:40])), lang)
    try:
        return parse_day(value, name)
    except KodoError as exc:
        fail(exc, lang)


def whole_of(value: str, name: str, low: int, high: int, lang: str) -> int:
    """A whole number from ``low`` to ``high`` given on the command line as option ``name``."""
    from kodo.errors import input_error

    try:
        number = int(value)
    except ValueError:
        fail(input_error(name, "whole_number", got=repr(value[:40])), lang)
    if not low <= number <= high:
        fail(input_error(name, "between", low=low, high=high, got=repr(number)), lang)
    return number


def check_plot(a: argparse.Namespace, lang: str) -> None:
    """``--plot FILE.png``: a PNG file, not one that exists unless ``--force`` (checked before
    any work is done)."""
    if a.plot is None:
        return
    from pathlib import Path

    from kodo.errors import input_error

    if Path(a.plot).suffix.lower() != ".png":
        fail(input_error(a.plot, "summary_png"), lang)
    if Path(a.plot).exists() and not a.force:
        fail(input_error(a.plot, "exists"), lang)


def emit(result: Any, a: argparse.Namespace, lang: str, plot: Any, text: Any) -> None:
    """A report with a chart: the PNG ``a.plot`` when asked for (``plot(result, path,
    lang)``), then the report as JSON (``result.to_data()``) or text (``text(result, lang,
    width)``) by ``a.format``."""
    if a.plot is not None:
        from kodo.errors import input_error

        try:
            plot(result, a.plot, lang)
        except OSError as exc:
            fail(input_error(a.plot, "unwritable", reason=exc.strerror or str(exc)), lang)
    if a.format == "json":
        import json

        write(json.dumps(result.to_data(), ensure_ascii=False, indent=2))
    else:
        write("\n".join(text(result, lang, width())))


def options_of(pairs: list[str] | None, lang: str) -> dict[str, Any]:
    from kodo.errors import input_error

    out: dict[str, Any] = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep:
            fail(input_error("--option", "name_value", got=repr(pair)), lang)
        out[key.strip()] = value.strip()
    return out


def applicant(file: str) -> Any:
    """The applicant in ``file`` (``-``: standard input), read within the size limit."""
    from kodo.input.read import load_applicant, load_stream

    if file == "-":
        return load_stream(sys.stdin.buffer, "<stdin>")
    return load_applicant(file)


def width() -> int:
    """Columns to fit: rich's own detection (``COLUMNS``, else the terminal of stdout, stderr
    or stdin, so also when piped to a pager; else 80), at least 20."""
    from rich.console import Console

    return max(20, Console(file=sys.stdout).width)


def write(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def choice(value: str, choices: Sequence[str], name: str, lang: str) -> str:
    from kodo.errors import input_error

    if value not in choices:
        fail(input_error(name, "one_of", expected=tuple(choices), got=repr(value)), lang)
    return value


# argparse's own words (headings of --help, its errors) -> catalogue codes under help.argparse
ARGPARSE = {
    "usage: ": "usage", "positional arguments": "positional", "options": "options",
    "%(prog)s: error: %(message)s\n": "error",
    "the following arguments are required: %s": "required",
    "unrecognized arguments: %s": "unrecognized", "expected one argument": "one_argument",
    "invalid choice: %(value)r (choose from %(choices)s)": "invalid_choice",
    "argument %(argument_name)s: %(message)s": "argument",
    "ambiguous option: %(option)s could match %(matches)s": "ambiguous",
}  # fmt: skip


@contextmanager
def argparse_in(lang: str) -> Iterator[None]:
    """argparse speaks ``lang`` inside the block (its help headings and errors)."""
    import argparse

    from kodo.i18n import catalogue

    templates = catalogue(lang).templates

    def translate(text: str) -> str:
        code = f"help.argparse.{ARGPARSE.get(text, '')}"
        return templates.get(code, text)

    before = argparse._  # type: ignore[attr-defined]
    argparse._ = translate  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = before  # type: ignore[attr-defined]


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """argparse's help with each option's text wrapped by display cells (a CJK character
    takes two), not by characters, so that ja and zh help fits the terminal too."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        from kodo.shells.wrap import wrap

        return wrap(" ".join(text.split()), width)

    def _format_usage(self, usage: Any, actions: Any, groups: Any, prefix: Any) -> str:
        # The usage line is wrapped by characters after a prefix ("使い方：") of wide ones.
        shown = prefix if prefix is not None else argparse._("usage: ")  # type: ignore[attr-defined]
        from rich.cells import cell_len

        extra = cell_len(shown) - len(shown)
        self._width -= extra
        try:
            return super()._format_usage(usage, actions, groups, prefix)
        finally:
            self._width += extra


def kodo_version() -> str:
    """The installed kodo's version ("" when run from a source tree without metadata)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kodo")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree
        return ""


def lang_last(argv: list[str]) -> list[str]:
    """``kodo --lang ja evaluate F`` as ``kodo evaluate F --lang ja``: the language may come
    before the command too (every command takes it; the top level has no options of its own)."""
    moved: list[str] = []
    while argv and argv[0] in ("-l", "--lang") and len(argv) > 1:
        moved += argv[:2]
        argv = argv[2:]
    while argv and argv[0].startswith("--lang="):
        moved.append(argv.pop(0))
    return argv + moved


def help_lang(argv: Sequence[str]) -> str:
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


def rules_with_overlay(path: str | None, lang: str) -> Any:
    """The rule book, with the what-if overlay at ``path`` applied (None: the book as is);
    a bad overlay reported in ``lang``."""
    from kodo.errors import KodoError
    from kodo.features.common import load_rules

    book = load_rules()
    if path is None:
        return book
    from kodo.rules.overlay import apply_overlay, load_overlay

    try:
        return apply_overlay(book, load_overlay(path))
    except KodoError as exc:
        fail(exc, lang)


DEBUG = "KODO_DEBUG"  # set: a bug shows its traceback instead of the one-line report


def internal_error(exc: Exception, lang: str) -> str:
    """The one-line report of a bug in kodo (its kind, nothing of the input), in ``lang``;
    with ``KODO_DEBUG`` set, ``exc`` is raised again instead."""
    import os

    if os.environ.get(DEBUG):
        raise exc
    from kodo.i18n import Message, render

    return render(Message.of("cli.internal_error", kind=type(exc).__name__, variable=DEBUG), lang)
