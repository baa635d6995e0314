"""``kodo generate N OUTPUT``: a made-up population in the flat form (thin over
:func:`kodo.batch.generate.population`), written by the output's suffix; a sentence on stderr
says what was written. Exit 0 when written, 2 (the option named) when nothing was."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kodo.shells.cli_io import date_of as _date
from kodo.shells.cli_io import fail as _fail
from kodo.shells.cli_io import lang_of as _lang
from kodo.shells.cli_io import whole_of

MAX_ROWS = 2**24  # rows generated in memory at once
MAX_SHEET_ROWS = 2**20 - 1  # an Excel sheet's rows, less the header
MAX_SEED = 2**63 - 1
DEFAULT_MISSING = 0.01
DEFAULT_BROKEN = 0.0
CORE = ("date", "birth_date", "annual_salary", "degree")


def register(command: Callable[..., argparse.ArgumentParser], h: Callable[..., str]) -> None:
    p = command("generate", "generate", options=False, exits="generate_exit")
    p.add_argument("-h", "--help", action="help", help=h("help"))
    p.add_argument("n", metavar="N", help=h("generate_n"))
    p.add_argument("output", metavar="OUTPUT", help=h("generate_output"))
    p.add_argument("--seed", default="0", metavar="S", help=h("generate_seed", default=0))
    p.add_argument("-d", "--date", metavar="DATE", help=h("generate_date"))
    for name, default in (("broken", DEFAULT_BROKEN), ("missing", DEFAULT_MISSING)):
        shown = f"{default:g}"
        p.add_argument(f"--{name}", default=shown, metavar="F",
                       help=h(f"generate_{name}", low=0, high=1, default=shown))  # fmt: skip
    p.add_argument("--force", action="store_true", help=h("force"))
    p.add_argument("-l", "--lang", default="en", metavar="LANG", help=h("lang"))
    p.set_defaults(run=cmd_generate)


def _share(value: str, name: str, high: float, lang: str) -> float:
    """A fraction from 0 to ``high`` given on the command line."""
    import math

    from kodo.errors import input_error

    try:
        number = float(value)
    except ValueError:
        _fail(input_error(name, "number", got=repr(value[:40])), lang)
    if not (math.isfinite(number) and 0 <= number <= high):
        _fail(input_error(name, "between", low=0, high=high, got=repr(number)), lang)
    return number


def cmd_generate(a: argparse.Namespace) -> None:
    from kodo.errors import KodoError, input_error

    lang = _lang(a.lang)
    try:
        from kodo.batch.generate import population
        from kodo.batch.io import OUT_SUFFIXES, write_any
    except ImportError as exc:  # the batch extra is not installed
        _fail(input_error("generate", "needs_extra", extra="batch", missing=str(exc.name)), lang)
    out = Path(a.output)
    suffix = out.suffix.lower()
    if suffix not in OUT_SUFFIXES:
        _fail(input_error(a.output, "batch_suffix", suffixes=OUT_SUFFIXES), lang)
    high = MAX_SHEET_ROWS if suffix == ".xlsx" else MAX_ROWS
    n = whole_of(a.n, "N", 1, high, lang)
    seed = whole_of(a.seed, "--seed", 0, MAX_SEED, lang)
    missing = _share(a.missing, "--missing", 1.0, lang)
    broken = _share(a.broken, "--broken", round(1.0 - missing, 6), lang)
    if out.exists() and not a.force:
        _fail(input_error(a.output, "exists"), lang)
    from kodo.features.common import load_rules

    try:
        book = load_rules()
        day = _date(a.date, "--date", lang)
        if day is not None:
            book.check_covered(day, "--date")
        frame = population(n, seed=seed, date=day, broken=broken, missing=missing, book=book)
    except KodoError as exc:
        _fail(exc, lang)
    try:
        write_any(frame, out)
    except KodoError as exc:
        _fail(exc, lang)
    except OSError as exc:
        _fail(input_error(a.output, "unwritable", reason=exc.strerror or str(exc)), lang)
    _done(frame, a.output, seed, day, lang)


def _done(frame: Any, output: str, seed: int, day: Any, lang: str) -> None:
    import datetime as dt

    import polars as pl

    from kodo.i18n import Message, render

    absent = frame.select(pl.any_horizontal(pl.col(c).is_null() for c in CORE).sum()).item()
    broken = frame["expected_error"].is_not_null().sum() if "expected_error" in frame else 0
    text = Message.of(
        "generate.done", rows=frame.height, output=output, seed=str(seed),
        date=day or dt.date.today(), missing=int(absent),
    )  # fmt: skip
    sys.stderr.write(render(text, lang) + "\n")
    if broken:
        sys.stderr.write(render(Message.of("generate.broken", broken=int(broken)), lang) + "\n")


__all__ = ["register"]
