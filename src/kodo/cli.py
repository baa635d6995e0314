"""The ``kodo`` command line: thin over the library. Heavy imports happen inside commands."""

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


class Lang(StrEnum):
    en = "en"
    ja = "ja"


class Cat(StrEnum):
    a = "a"
    b = "b"
    c = "c"


def _fail(message: str, code: int = 2) -> NoReturn:
    sys.stderr.write(message.rstrip() + "\n")
    raise typer.Exit(code)


def _parse_date(value: str | None, name: str = "--date") -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        _fail(f"{name}: must be an ISO date YYYY-MM-DD, got {value!r}")


def _parse_options(pairs: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            _fail(f"--option: expected NAME=VALUE, got {pair!r}")
        out[key.strip()] = value.strip()
    return out


def _read_input(file: str) -> Any:
    from kodo.applicant import read_document

    if file == "-":
        return read_document(sys.stdin.read(), "<stdin>"), "<stdin>"
    path = Path(file)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        _fail(f"{file}: no such file")
    except IsADirectoryError:
        _fail(f"{file}: is a directory, not a file")
    except UnicodeDecodeError:
        _fail(f"{file}: is not UTF-8 text")
    except OSError as exc:
        _fail(f"{file}: cannot be read: {exc.strerror}")
    return read_document(text, file), file


@app.command()
def evaluate(
    file: Annotated[str, typer.Argument(help="Applicant YAML or JSON file, or - for stdin.")],
    format: Annotated[
        OutFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutFormat.text,
    lang: Annotated[Lang, typer.Option("--lang", "-l", help="Language of the reasons.")] = Lang.en,
    category: Annotated[
        Cat | None, typer.Option("--category", "-c", help="Evaluate one category only.")
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date", "-d", help="Reference date (YYYY-MM-DD); overrides the file's date."
        ),
    ] = None,
    option: Annotated[
        list[str] | None,
        typer.Option("--option", "-o", help="Interpretation option NAME=VALUE (see README)."),
    ] = None,
) -> None:
    """Score one applicant under 1号イ/ロ/ハ and check J-Skip."""
    from kodo.applicant import parse_applicant
    from kodo.errors import KodoError
    from kodo.evaluation import evaluate as run

    day = _parse_date(date)
    try:
        data, source = _read_input(file)
        applicant = parse_applicant(data, source)
        result = run(
            applicant,
            date=day,
            category=category.value if category else None,
            options=_parse_options(option or []),
            lang=lang.value,
        )
    except KodoError as exc:
        _fail(str(exc))
    if format is OutFormat.json:
        sys.stdout.write(result.to_json() + "\n")
    elif format is OutFormat.markdown:
        from kodo.render import render_markdown

        sys.stdout.write(render_markdown(result, lang.value))
    else:
        from kodo.render import render_text

        sys.stdout.write(render_text(result, lang.value, color=sys.stdout.isatty()))


@rules_app.callback(invoke_without_command=True)
def rules(
    ctx: typer.Context,
    date: Annotated[
        str | None, typer.Option("--date", "-d", help="Date (YYYY-MM-DD); default today.")
    ] = None,
    lang: Annotated[Lang, typer.Option("--lang", "-l")] = Lang.en,
    format: Annotated[OutFormat, typer.Option("--format", "-f")] = OutFormat.text,
) -> None:
    """Print every rule table in force on a date, with its citations."""
    if ctx.invoked_subcommand is not None:
        return
    from kodo.errors import KodoError
    from kodo.rules.book import load_rules
    from kodo.rules_view import rules_as_data, rules_as_markdown, rules_as_text

    day = _parse_date(date) or dt.date.today()
    try:
        snap = load_rules().at(day)
    except KodoError as exc:
        _fail(str(exc))
    if format is OutFormat.json:
        sys.stdout.write(json.dumps(rules_as_data(snap), ensure_ascii=False, indent=2) + "\n")
    elif format is OutFormat.markdown:
        sys.stdout.write(rules_as_markdown(snap, lang.value))
    else:
        sys.stdout.write(rules_as_text(snap, lang.value, color=sys.stdout.isatty()))


@rules_app.command("diff")
def rules_diff(
    first: Annotated[str, typer.Argument(help="First date (YYYY-MM-DD).")],
    second: Annotated[str, typer.Argument(help="Second date (YYYY-MM-DD).")],
    lang: Annotated[Lang, typer.Option("--lang", "-l")] = Lang.en,
    format: Annotated[OutFormat, typer.Option("--format", "-f")] = OutFormat.text,
) -> None:
    """Every rule value that changed between two dates, with citations."""
    from kodo.errors import KodoError
    from kodo.rules.book import load_rules
    from kodo.rules_diff import diff, diff_as_text

    d1 = _parse_date(first, "FIRST")
    d2 = _parse_date(second, "SECOND")
    assert d1 is not None and d2 is not None
    try:
        data = diff(load_rules(), d1, d2)
    except KodoError as exc:
        _fail(str(exc))
    if format is OutFormat.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(diff_as_text(data, lang.value))


app.add_typer(rules_app, name="rules")


def _timeline_command(
    file: str, on: str | None, option: list[str] | None, run: Any, **kwargs: Any
) -> Any:
    from kodo.applicant import parse_applicant
    from kodo.errors import KodoError

    day = _parse_date(on, "--on")
    try:
        data, source = _read_input(file)
        applicant = parse_applicant(data, source)
        return run(applicant, on=day, options=_parse_options(option or []), **kwargs)
    except KodoError as exc:
        _fail(str(exc))


def _emit(result: Any, format: OutFormat, lang: Lang) -> None:
    from kodo.timeline.api import to_json
    from kodo.timeline.render import render

    if format is OutFormat.json:
        sys.stdout.write(to_json(result) + "\n")
    else:
        sys.stdout.write(render(result, lang.value, markdown=format is OutFormat.markdown))


_FILE = Annotated[str, typer.Argument(help="Applicant YAML or JSON file, or - for stdin.")]
_ON = Annotated[
    str | None,
    typer.Option(
        "--on", help="Application date (YYYY-MM-DD); default the file's date, else today."
    ),
]
_FORMAT = Annotated[OutFormat, typer.Option("--format", "-f", help="Output format.")]
_LANG = Annotated[Lang, typer.Option("--lang", "-l", help="Language of the sentences.")]
_OPTION = Annotated[
    list[str] | None,
    typer.Option("--option", "-o", help="Interpretation option NAME=VALUE (see README)."),
]


@app.command()
def pr(
    file: _FILE,
    on: _ON = None,
    format: _FORMAT = OutFormat.text,
    lang: _LANG = Lang.en,
    option: _OPTION = None,
) -> None:
    """Permanent residence: each HSP route on a date, and the earliest date it opens."""
    from kodo.timeline.api import permanent_residence

    _emit(_timeline_command(file, on, option, permanent_residence), format, lang)


@app.command()
def hsp2(
    file: _FILE,
    on: _ON = None,
    format: _FORMAT = OutFormat.text,
    lang: _LANG = Lang.en,
    option: _OPTION = None,
) -> None:
    """HSP(ii): whether a change is possible on a date, and the earliest date."""
    from kodo.timeline.api import hsp2 as run

    _emit(_timeline_command(file, on, option, run), format, lang)


@app.command()
def forecast(
    file: _FILE,
    years: Annotated[int, typer.Option("--years", "-y", help="Years ahead (1-30).")] = 5,
    on: _ON = None,
    format: _FORMAT = OutFormat.text,
    lang: _LANG = Lang.en,
    option: _OPTION = None,
) -> None:
    """Every future date on which a category total changes, and renewal risk."""
    from kodo.timeline.api import forecast as run

    _emit(_timeline_command(file, on, option, run, years=years), format, lang)


@app.command()
def advice(
    file: _FILE,
    on: _ON = None,
    format: _FORMAT = OutFormat.text,
    lang: _LANG = Lang.en,
    option: _OPTION = None,
) -> None:
    """What to add to reach 70 or 80, worth how many points, and the effect on the PR date."""
    from kodo.timeline.api import advice as run

    _emit(_timeline_command(file, on, option, run), format, lang)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the applicant format."""
    from kodo.applicant import Applicant

    sys.stdout.write(json.dumps(Applicant.model_json_schema(), ensure_ascii=False, indent=2) + "\n")


@app.command()
def example(
    output: Annotated[str, typer.Argument(help="File to write, or - for stdout.")] = "-",
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write an annotated example applicant file to start from."""
    from importlib import resources

    text = (resources.files("kodo") / "data" / "example.yaml").read_text(encoding="utf-8")
    if output == "-":
        sys.stdout.write(text)
        return
    path = Path(output)
    if path.exists() and not force:
        _fail(f"{output}: exists already (use --force to overwrite)")
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(f"{output}: cannot be written: {exc.strerror}")
    sys.stderr.write(f"wrote {output}; edit it, then run: kodo evaluate {output}\n")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
