"""``kodo batch IN OUT``: thin over :mod:`kodo.batch` (a progress bar on a terminal, quiet when
piped; a summary on stderr; exit 0 when every row was scored, 1 when some rows have an error
(they are in the output, named), 2 when nothing could be done)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from kodo.shells.cli_io import BAD_INPUT, NOT_ELIGIBLE, OK, Exit, rules_with_overlay, whole_of
from kodo.shells.cli_io import choice as _choice
from kodo.shells.cli_io import fail as _fail
from kodo.shells.cli_io import lang_of as _lang
from kodo.shells.cli_io import options_of as _options

ENGINES = ("local", "dask")
MAX_CHUNK_ROWS = 1 << 24  # rows scored at a time, at most (memory grows with it)
MAX_WORKERS = 64


def register(command: Callable[..., argparse.ArgumentParser], h: Callable[..., str]) -> None:
    p = command("batch", "batch", exits="batch_exit")
    p.add_argument("-h", "--help", action="help", help=h("help"))
    p.add_argument("input", metavar="IN", help=h("batch_in"))
    p.add_argument("output", metavar="OUT", help=h("batch_out"))
    p.add_argument("--explain", metavar="LANG", help=h("batch_explain"))
    p.add_argument("--rules-overlay", metavar="FILE", help=h("batch_overlay"))
    p.add_argument("--engine", default="local", metavar="ENGINE",
                   help=h("batch_engine", choices=", ".join(ENGINES)))  # fmt: skip
    p.add_argument("--scheduler", metavar="ADDRESS", help=h("batch_scheduler"))
    p.add_argument("--workers", default="2", metavar="N", help=h("batch_workers", default=2))
    p.add_argument("--chunk-rows", default=None, metavar="N", help=h("batch_chunk"))
    p.add_argument("--force", action="store_true", help=h("force"))
    p.add_argument("--today", metavar="DATE", help=h("batch_today"))
    p.add_argument("-l", "--lang", default="en", metavar="LANG", help=h("lang"))
    p.add_argument("-o", "--option", action="append", metavar="NAME=VALUE", help=h("option"))
    p.set_defaults(run=cmd_batch)


def cmd_batch(a: argparse.Namespace) -> None:
    from kodo.errors import KodoError
    from kodo.shells.cli_io import date_of

    lang = _lang(a.lang)
    _choice(a.engine, ENGINES, "--engine", lang)
    if a.explain is not None:
        _lang(a.explain)
    try:
        from kodo.batch.io import CHUNK_ROWS
        from kodo.batch.table import context
    except ImportError as exc:  # the batch extra is not installed
        from kodo.errors import input_error

        _fail(input_error("batch", "needs_extra", extra="batch", missing=str(exc.name)), lang)
    rows = CHUNK_ROWS if a.chunk_rows is None else whole_of(
        a.chunk_rows, "--chunk-rows", 1, MAX_CHUNK_ROWS, lang
    )  # fmt: skip
    workers = whole_of(a.workers, "--workers", 1, MAX_WORKERS, lang)
    book = rules_with_overlay(a.rules_overlay, lang)
    try:
        ctx = context(
            rules=book, options=_options(a.option, lang), today=date_of(a.today, "--today", lang),
            lang=lang, explain=a.explain,
        )  # fmt: skip
        if a.engine == "dask":
            report = _dask(a, ctx, workers)
        else:
            report = _local(a, ctx, rows)
    except KodoError as exc:
        _fail(exc, lang)
    raise Exit(NOT_ELIGIBLE if report.errors else OK)


def _local(a: argparse.Namespace, ctx: Any, rows: int) -> Any:
    from kodo.batch.run import run_batch

    with _progress(ctx.lang) as progress:
        report = run_batch(a.input, a.output, ctx, chunk_rows=rows, force=a.force,
                           progress=progress)  # fmt: skip
    _summary(report, report.output, ctx)
    return report


def _dask(a: argparse.Namespace, ctx: Any, workers: int) -> Any:
    from kodo.batch.distributed import run_dask

    with _progress(ctx.lang) as progress:
        report = run_dask(a.input, a.output, ctx, scheduler=a.scheduler, workers=workers,
                          progress=progress, force=a.force)  # fmt: skip
    _summary(report, str(report.out_dir), ctx)
    return report


def _say(code: str, lang: str, **params: Any) -> None:
    """A sentence on stderr, wrapped at the terminal's width (an indented one hangs)."""
    from kodo.i18n import Message, render
    from kodo.shells.blocks import para
    from kodo.shells.cli_io import width

    text = render(Message.of(code, **params), lang)
    indent = text[: len(text) - len(text.lstrip())]
    hang = indent + "  " if indent else ""
    sys.stderr.write("\n".join(para(text.strip(), width(), lang, indent, hang)) + "\n")


def _summary(report: Any, output: str, ctx: Any) -> None:
    """What a run did (either engine's report): the counts, the ten commonest causes of error,
    the columns that were ignored."""
    from kodo.i18n import Count

    lang, rows, errors = ctx.lang, report.rows, report.errors
    _say("batch.done", lang, rows=Count(rows), scored=Count(rows - errors), errors=Count(errors),
         output=output, rules=ctx.book.id)  # fmt: skip
    for cause, count in sorted(report.causes.items(), key=lambda kv: (-kv[1], kv[0]))[:10]:
        _say("batch.cause", lang, cause=cause, count=Count(count))
    if report.unknown_columns:
        _say("batch.unknown_columns", lang, columns=", ".join(report.unknown_columns))


class _progress:
    """A rich progress bar on stderr when it is a terminal; nothing when piped."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> Callable[[int, int | None], None] | None:
        if not sys.stderr.isatty():
            return None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        from kodo.i18n import Message, render

        label = render(Message.of("batch.progress"), self.lang)
        self.bar = Progress(
            "[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), console=Console(stderr=True), transient=True,
        )  # fmt: skip
        self.bar.start()
        self.task = self.bar.add_task(label, total=None)
        return self.update

    def update(self, done: int, total: int | None) -> None:
        self.bar.update(self.task, completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


__all__ = ["BAD_INPUT", "register"]
