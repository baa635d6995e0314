"""``kodo summary OUT``: the figures of a ``kodo batch`` output (thin over
:mod:`kodo.batch.summary`) as text for the terminal, by display cells so that ja and zh fit
too, or as JSON; ``--plot FILE.png`` also draws the distributions. Exit 0 when written, 2 (the
file or option named) when not."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import Any

from kodo.shells.cli_io import check_plot, emit, rules_with_overlay, whole_of
from kodo.shells.cli_io import choice as _choice
from kodo.shells.cli_io import date_of as _date
from kodo.shells.cli_io import fail as _fail
from kodo.shells.cli_io import lang_of as _lang

DEFAULT_NEAR = 5
DEFAULT_TOP = 5
MAX_ARG = 1000  # --near and --top: more says nothing more
EIGHTHS = " ▏▎▍▌▋▊▉█"  # a bar's last cell, by eighths
INDENT = "  "


def register(command: Callable[..., argparse.ArgumentParser], h: Callable[..., str]) -> None:
    p = command("summary", "summary", options=False, exits="summary_exit")
    p.add_argument("-h", "--help", action="help", help=h("help"))
    p.add_argument("out", metavar="OUT", help=h("summary_out"))
    p.add_argument("-f", "--format", default="text", metavar="FORMAT", help=h("summary_format"))
    p.add_argument("-d", "--date", metavar="DATE", help=h("summary_date"))
    p.add_argument("--rules-overlay", metavar="FILE", help=h("summary_overlay"))
    p.add_argument("--near", default=str(DEFAULT_NEAR), metavar="POINTS",
                   help=h("summary_near", default=DEFAULT_NEAR))  # fmt: skip
    p.add_argument("--top", default=str(DEFAULT_TOP), metavar="N",
                   help=h("summary_top", default=DEFAULT_TOP))  # fmt: skip
    p.add_argument("--plot", metavar="FILE.png", help=h("summary_plot"))
    p.add_argument("--force", action="store_true", help=h("force"))
    p.add_argument("-l", "--lang", default="en", metavar="LANG", help=h("lang"))
    p.set_defaults(run=cmd_summary)


def cmd_summary(a: argparse.Namespace) -> None:
    import datetime as dt

    from kodo.errors import KodoError, input_error

    lang = _lang(a.lang)
    _choice(a.format, ("text", "json"), "--format", lang)
    near = whole_of(a.near, "--near", 0, MAX_ARG, lang)
    top = whole_of(a.top, "--top", 1, MAX_ARG, lang)
    day = _date(a.date, "--date", lang) or dt.date.today()
    check_plot(a, lang)
    try:
        from kodo.batch.summary import marks_on, plot, summarise
    except ImportError as exc:  # the batch extra is not installed
        _fail(input_error("summary", "needs_extra", extra="batch", missing=str(exc.name)), lang)
    book = rules_with_overlay(a.rules_overlay, lang)  # the marks the output was scored with
    try:
        marks = marks_on(book, day)
        summary = summarise(a.out, marks, near=near, top=top)
    except KodoError as exc:
        _fail(exc, lang)
    emit(summary, a, lang, plot, summary_text)


# ------------------------------------------------------------------------------ the text


def summary_text(s: Any, lang: str, width: int) -> list[str]:
    """The summary ``s`` (a :class:`kodo.batch.summary.Summary`) as lines of at most
    ``width`` display cells."""
    from kodo.i18n import Count

    m = s.marks
    from kodo.shells.blocks import sayer

    say = sayer(lang, width)
    out = say("summary.title", file=s.file)
    out += say("summary.rows", rows=Count(s.rows), scored=Count(s.scored), errors=Count(s.errors))
    for version, rows in s.versions:
        out += say("summary.version", version=version, rows=Count(rows))
    if not s.versions:
        out += say("summary.no_version")
    out += say("summary.marks", date=m.date, pass_mark=m.pass_mark, high_mark=m.high_mark)
    for cat in s.categories:
        out += ["", *_category(cat, s, lang, width)]
    for head, pairs in (("causes", s.causes), ("missing", s.missing), ("warnings", s.warnings)):
        out += ["", *say(f"summary.{head}")]
        out += _table(pairs, lang, width, INDENT) or say("summary.nothing", indent=INDENT)
    return out


def _category(cat: Any, s: Any, lang: str, width: int) -> list[str]:
    from kodo.i18n import Count, Message, Num, render
    from kodo.shells.blocks import sayer

    say, m = sayer(lang, width), s.marks
    out = say("summary.category", category=Message.of(f"category.{cat.category}.name"),
              scored=Count(cat.scored))  # fmt: skip
    if not cat.scored:
        return out + say("summary.none_scored", indent=INDENT)
    out += say("summary.eligible", indent=INDENT, eligible=Count(cat.eligible),
               share=Num(round(cat.share(cat.eligible), 1)), jskip=Count(cat.jskip),
               best=Count(cat.best))  # fmt: skip
    v = {k: Count(n) for k, n in cat.verdicts.items()}
    out += say("summary.not_eligible", indent=INDENT, short=v["short"], floor=v["floor"],
               missing=v["missing"])  # fmt: skip
    out += say("summary.histogram", indent=INDENT, bin=s.bin)
    tags = {"pass_tag": m.pass_mark, "high_tag": m.high_mark}
    marks = {k: render(Message.of(f"summary.{k}"), lang) for k in tags}
    out += histogram(cat.histogram, s.bin, width, lang, {marks[k]: v for k, v in tags.items()})
    out += say("summary.deciding", indent=INDENT, pass_mark=m.pass_mark)
    items = [(render(Message.of(f"item.{i}.label"), lang), n) for i, n in cat.deciding]
    out += _table(items, lang, width, INDENT * 2) or say("summary.nothing", indent=INDENT * 2)
    out += say("summary.near", indent=INDENT, near=s.near)
    for name, mark in (("pass", m.pass_mark), ("high", m.high_mark)):
        below, above = getattr(cat, f"near_{name}")
        out += say(f"summary.near_{name}", indent=INDENT * 2, mark=mark, below=Count(below),
                   above=Count(above), below_share=Num(round(cat.share(below), 1)),
                   above_share=Num(round(cat.share(above), 1)))  # fmt: skip
    return out


def histogram(
    bins: Sequence[tuple[int, int]], size: int, width: int, lang: str = "en",
    tags: dict[str, int] | None = None,
) -> list[str]:  # fmt: skip
    """One line per bin: ``from-to │bar count``, the longest bar filling what ``width``
    leaves; a bin holding a mark named in ``tags`` (text -> points) ends with the text."""
    from rich.cells import cell_len

    from kodo.i18n import catalogue

    if not bins:
        return []
    labels = [f"{b}-{b + size - 1}" for b, _ in bins]
    counts = [catalogue(lang).locale.grouped(n) for _, n in bins]
    said: dict[int, str] = {}
    for text, mark in (tags or {}).items():
        at = mark - mark % size
        said[at] = f"{said[at]} {text}" if at in said else text
    lw, cw = max(map(len, labels)), max(map(len, counts))
    tw = max((cell_len(t) + 1 for t in said.values()), default=0)
    bar = max(width - len(INDENT) * 2 - lw - 2 - 1 - cw - tw, 4)
    top = max(n for _, n in bins) or 1
    out = []
    for (b, n), label, count in zip(bins, labels, counts, strict=True):
        eighths = round(8 * bar * n / top)
        drawn = "█" * (eighths // 8) + (EIGHTHS[eighths % 8] if eighths % 8 else "")
        if n and not drawn:
            drawn = EIGHTHS[1]
        tag = f" {said[b]}" if b in said else ""
        out.append(f"{INDENT * 2}{label:>{lw}} │{drawn:<{bar}} {count:>{cw}}{tag}".rstrip())
    return out


def _table(pairs: Sequence[tuple[str, int]], lang: str, width: int, indent: str) -> list[str]:
    """``label  count`` lines, the counts aligned; a label too long is cut with an ellipsis."""
    from rich.cells import cell_len, set_cell_size

    from kodo.i18n import catalogue

    if not pairs:
        return []
    counts = [catalogue(lang).locale.grouped(n) for _, n in pairs]
    cw = max(map(len, counts))
    room = width - cell_len(indent) - cw - 2
    lw = min(max(cell_len(label) for label, _ in pairs), room)
    out = []
    for (label, _), count in zip(pairs, counts, strict=True):
        if cell_len(label) > lw:
            label = set_cell_size(label, lw - 1) + "…"
        out.append(f"{indent}{set_cell_size(label, lw)}  {count:>{cw}}")
    return out


__all__ = ["histogram", "register", "summary_text"]
