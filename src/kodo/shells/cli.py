"""The ``kodo`` command line: thin over the library. Heavy imports happen inside commands.

Every message — results, input errors, labels — comes from the catalogues, in ``--lang``.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

app = typer.Typer(
    name="kodo",
    help="Japan's Highly Skilled Professional (高度専門職) points, J-Skip and the PR fast track.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
rules_app = typer.Typer(help="The rule tables in force, with citations.", no_args_is_help=False)


class OutFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


class ResultKind(StrEnum):
    evaluate = "evaluate"
    pr = "pr"
    hsp2 = "hsp2"
    forecast = "forecast"
    advice = "advice"


def _fail(exc: Exception, lang: str) -> NoReturn:
    from kodo.errors import KodoError

    text = exc.render(lang) if isinstance(exc, KodoError) else str(exc)
    sys.stderr.write(text.rstrip() + "\n")
    raise typer.Exit(2)


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


def _read(file: str) -> tuple[Any, str]:
    from kodo.input.read import read_document, read_text

    if file == "-":
        return read_document(sys.stdin.read(), "<stdin>"), "<stdin>"
    return read_document(read_text(file), file), file


def _applicant(file: str) -> Any:
    from kodo.input.read import parse_applicant

    data, source = _read(file)
    return parse_applicant(data, source)


_FILE = Annotated[str, typer.Argument(help="Applicant YAML or JSON file, or - for stdin.")]
_FORMAT = Annotated[OutFormat, typer.Option("--format", "-f", help="Output format.")]
_LANG = Annotated[
    str,
    typer.Option("--lang", "-l", help="Language of the output: en, ja or zh (日本語, 简体中文)."),
]
_OPTION = Annotated[
    list[str] | None,
    typer.Option("--option", "-o", help="Interpretation option NAME=VALUE (see README)."),
]
_ON = Annotated[
    str | None,
    typer.Option(
        "--on", help="Application date (YYYY-MM-DD); default the file's date, else today."
    ),
]


@app.command()
def evaluate(
    file: _FILE,
    format: _FORMAT = OutFormat.text,
    lang: _LANG = "en",
    category: Annotated[
        str | None, typer.Option("--category", "-c", help="Evaluate one category only: a, b or c.")
    ] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", "-d", help="Reference date (YYYY-MM-DD); overrides the file's."),
    ] = None,
    option: _OPTION = None,
) -> None:
    """Score one applicant under 1号イ/ロ/ハ and check J-Skip."""
    from kodo.errors import KodoError
    from kodo.features.evaluate import evaluate as run

    lang = _lang(lang)
    day = _date(date, "--date", lang)
    try:
        result = run(
            _applicant(file), date=day, category=category, options=_options(option, lang),
            lang=lang,
        )  # fmt: skip
    except KodoError as exc:
        _fail(exc, lang)
    if format is OutFormat.json:
        sys.stdout.write(result.to_json() + "\n")
    elif format is OutFormat.markdown:
        from kodo.shells.text import render_markdown

        sys.stdout.write(render_markdown(result))
    else:
        from kodo.shells.text import render_text

        sys.stdout.write(render_text(result, color=sys.stdout.isatty(), width=_width()))


def _width() -> int:
    import shutil

    return max(60, min(shutil.get_terminal_size((100, 24)).columns, 140))


@rules_app.callback(invoke_without_command=True)
def rules(
    ctx: typer.Context,
    date: Annotated[
        str | None, typer.Option("--date", "-d", help="Date (YYYY-MM-DD); default today.")
    ] = None,
    lang: _LANG = "en",
    format: _FORMAT = OutFormat.text,
) -> None:
    """Print every rule table in force on a date, with its citations."""
    if ctx.invoked_subcommand is not None:
        return
    from kodo.errors import KodoError, input_error
    from kodo.features.common import load_rules
    from kodo.items import DEFAULT
    from kodo.shells.rules_text import rules_as_data, rules_as_markdown, rules_as_text

    lang = _lang(lang)
    day = _date(date, "--date", lang) or dt.date.today()
    try:
        book = load_rules()
        if day < book.coverage_from:
            raise input_error("--date", "before_rules", day=day, since=book.coverage_from)
        data = rules_as_data(book.at(day), book, DEFAULT, lang)
    except KodoError as exc:
        _fail(exc, lang)
    if format is OutFormat.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    elif format is OutFormat.markdown:
        sys.stdout.write(rules_as_markdown(data, lang))
    else:
        sys.stdout.write(rules_as_text(data, lang, color=sys.stdout.isatty(), width=_width()))


@rules_app.command("diff")
def rules_diff(
    first: Annotated[str, typer.Argument(help="First date (YYYY-MM-DD).")],
    second: Annotated[str, typer.Argument(help="Second date (YYYY-MM-DD).")],
    lang: _LANG = "en",
    format: _FORMAT = OutFormat.text,
) -> None:
    """Every rule value that changed between two dates, with citations."""
    from kodo.errors import KodoError, input_error
    from kodo.features.common import load_rules
    from kodo.items import DEFAULT
    from kodo.rules.diff import diff
    from kodo.shells.rules_text import diff_as_text

    lang = _lang(lang)
    d1 = _date(first, "FIRST", lang)
    d2 = _date(second, "SECOND", lang)
    assert d1 is not None and d2 is not None
    try:
        book = load_rules()
        for name, day in (("FIRST", d1), ("SECOND", d2)):
            if day < book.coverage_from:
                raise input_error(name, "before_rules", day=day, since=book.coverage_from)
        data = diff(book, d1, d2)
    except KodoError as exc:
        _fail(exc, lang)
    if format is OutFormat.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(diff_as_text(data, DEFAULT, lang))


app.add_typer(rules_app, name="rules")


def _question(
    file: str, on: str | None, option: list[str] | None, lang: str, fmt: OutFormat,
    name: str, **kwargs: Any,
) -> None:  # fmt: skip
    from kodo.errors import KodoError
    from kodo.features import questions
    from kodo.jsondata import to_json
    from kodo.shells.timeline_text import render_timeline

    lang = _lang(lang)
    day = _date(on, "--on", lang)
    run = getattr(questions, name)
    try:
        result = run(_applicant(file), on=day, options=_options(option, lang), lang=lang, **kwargs)
    except KodoError as exc:
        _fail(exc, lang)
    if fmt is OutFormat.json:
        sys.stdout.write(to_json(result) + "\n")
    else:
        sys.stdout.write(render_timeline(result, markdown=fmt is OutFormat.markdown))


@app.command()
def pr(
    file: _FILE, on: _ON = None, format: _FORMAT = OutFormat.text, lang: _LANG = "en",
    option: _OPTION = None,
) -> None:  # fmt: skip
    """Permanent residence: each HSP route on a date, and the earliest date it opens."""
    _question(file, on, option, lang, format, "permanent_residence")


@app.command()
def hsp2(
    file: _FILE, on: _ON = None, format: _FORMAT = OutFormat.text, lang: _LANG = "en",
    option: _OPTION = None,
) -> None:  # fmt: skip
    """HSP(ii): whether a change is possible on a date, and the earliest date."""
    _question(file, on, option, lang, format, "hsp2")


@app.command()
def forecast(
    file: _FILE,
    years: Annotated[int, typer.Option("--years", "-y", help="Years ahead (1-30).")] = 5,
    on: _ON = None,
    format: _FORMAT = OutFormat.text,
    lang: _LANG = "en",
    option: _OPTION = None,
) -> None:
    """Every future date on which a category total changes, and renewal risk."""
    _question(file, on, option, lang, format, "forecast", years=years)


@app.command()
def advice(
    file: _FILE, on: _ON = None, format: _FORMAT = OutFormat.text, lang: _LANG = "en",
    option: _OPTION = None,
) -> None:  # fmt: skip
    """What to add to reach 70 or 80, worth how many points, and the effect on the PR date."""
    _question(file, on, option, lang, format, "advice")


@app.command()
def schema(
    result: Annotated[
        ResultKind | None,
        typer.Option("--result", help="The schema of a result instead of the applicant format."),
    ] = None,
) -> None:
    """Print the JSON Schema of the applicant format, or of a result (--result)."""
    from kodo.features.schemas import input_schema, result_schema

    data = input_schema() if result is None else result_schema(result.value)
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


@app.command()
def example(
    output: Annotated[str, typer.Argument(help="File to write, or - for stdout.")] = "-",
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write an annotated example applicant file to start from."""
    from importlib import resources

    from kodo.errors import input_error

    text = (resources.files("kodo") / "data" / "example.yaml").read_text(encoding="utf-8")
    if output == "-":
        sys.stdout.write(text)
        return
    path = Path(output)
    if path.exists() and not force:
        _fail(input_error(output, "exists"), "en")
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(input_error(output, "unwritable", reason=str(exc.strerror)), "en")
    sys.stderr.write(f"wrote {output}; edit it, then run: kodo evaluate {output}\n")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
