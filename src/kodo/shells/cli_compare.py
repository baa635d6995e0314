"""``kodo compare IN --overlay FILE``: the same rows scored under the rule data as shipped and
under a what-if overlay, compared (thin over :mod:`kodo.batch.compare`): text for the
terminal by display cells, or JSON; ``--plot FILE.png`` also draws the changes. Exit 0 when
written, 2 (the file, the overlay or the option named) when not."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import Any

from kodo.shells.blocks import sayer
from kodo.shells.cli_io import check_plot, emit, whole_of
from kodo.shells.cli_io import choice as _choice
from kodo.shells.cli_io import date_of as _date
from kodo.shells.cli_io import fail as _fail
from kodo.shells.cli_io import lang_of as _lang
from kodo.shells.cli_io import options_of as _options

DEFAULT_EXAMPLES = 3
MAX_EXAMPLES = 100
INDENT = "  "


def register(command: Callable[..., argparse.ArgumentParser], h: Callable[..., str]) -> None:
    p = command("compare", "compare", exits="compare_exit")
    p.add_argument("-h", "--help", action="help", help=h("help"))
    p.add_argument("input", metavar="IN", help=h("compare_in"))
    p.add_argument("--overlay", metavar="FILE", help=h("compare_overlay"))
    p.add_argument("-d", "--date", metavar="DATE", help=h("compare_date"))
    most = {"default": DEFAULT_EXAMPLES, "most": MAX_EXAMPLES}
    p.add_argument("--examples", default=str(DEFAULT_EXAMPLES), metavar="N",
                   help=h("compare_examples", **most))  # fmt: skip
    p.add_argument("-f", "--format", default="text", metavar="FORMAT", help=h("compare_format"))
    p.add_argument("--plot", metavar="FILE.png", help=h("compare_plot"))
    p.add_argument("--force", action="store_true", help=h("force"))
    p.add_argument("-l", "--lang", default="en", metavar="LANG", help=h("lang"))
    p.add_argument("-o", "--option", action="append", metavar="NAME=VALUE", help=h("option"))
    p.set_defaults(run=cmd_compare)


def cmd_compare(a: argparse.Namespace) -> None:
    import datetime as dt

    from kodo.errors import KodoError, input_error

    lang = _lang(a.lang)
    _choice(a.format, ("text", "json"), "--format", lang)
    examples = whole_of(a.examples, "--examples", 0, MAX_EXAMPLES, lang)
    day = _date(a.date, "--date", lang) or dt.date.today()
    if a.overlay is None:
        _fail(input_error("--overlay", "required"), lang)
    check_plot(a, lang)
    options = _options(a.option, lang)
    try:
        from kodo.batch.compare import compare_file, plot
        from kodo.batch.table import context
    except ImportError as exc:  # the batch extra is not installed
        _fail(input_error("compare", "needs_extra", extra="batch", missing=str(exc.name)), lang)
    from kodo.features.common import load_rules
    from kodo.rules.overlay import apply_overlay, load_overlay

    try:
        book = load_rules()
        what_if = apply_overlay(book, load_overlay(a.overlay))
        book.check_covered(day, "--date")
        base = context(rules=book, options=options, today=day, lang=lang)
        other = context(rules=what_if, options=options, today=day, lang=lang)
        result = compare_file(a.input, base, other, examples)
    except KodoError as exc:
        _fail(exc, lang)
    emit(result, a, lang, plot, compare_text)


# ------------------------------------------------------------------------------ the text


def _count(n: int, lang: str) -> str:
    from kodo.i18n import catalogue

    return catalogue(lang).locale.grouped(n)


def _signed(n: int, lang: str) -> str:
    return ("+" if n > 0 else "") + _count(n, lang)


def compare_text(c: Any, lang: str, width: int) -> list[str]:
    """The comparison ``c`` (a :class:`kodo.batch.compare.Comparison`) as lines of at most
    ``width`` display cells."""
    from kodo.i18n import Count, Message, render

    say = sayer(lang, width)
    m0, m1 = c.marks_before, c.marks_after
    out = say("compare.title", overlay=c.overlay, file=c.file)
    out += say("compare.versions", base=c.base_version, what_if=c.what_if_version)
    out += say("compare.rows", rows=Count(c.rows), compared=Count(c.compared),
               errors=Count(c.errors))  # fmt: skip
    out += say("compare.marks", date=m0.date, pass_before=m0.pass_mark, pass_after=m1.pass_mark,
               high_before=m0.high_mark, high_after=m1.high_mark)  # fmt: skip
    if c.unknown_columns:
        out += say("compare.unknown_columns", columns=", ".join(c.unknown_columns))
    for cat in c.categories:
        out += ["", *say("compare.category", compared=Count(cat.compared),
                         category=Message.of(f"category.{cat.category}.name"))]  # fmt: skip
        if not cat.compared:
            out += say("compare.none_compared", indent=INDENT)
            continue
        out += _category(cat, lang, width)
    out += ["", *say("compare.best", count=Count(c.best_changed))]
    moves = [
        (render(Message.of("compare.best_move", before=Message.of(f"category.{b}.short"),
                           after=Message.of(f"category.{a}.short")), lang), _count(n, lang), "")
        for b, a, n in c.best
    ]  # fmt: skip
    return out + _table(moves, width, INDENT)


def _category(cat: Any, lang: str, width: int) -> list[str]:
    from kodo.i18n import Count, Message, render

    say = sayer(lang, width)
    change = cat.eligible_after - cat.eligible_before
    out = say("compare.eligible", indent=INDENT, before=Count(cat.eligible_before),
              after=Count(cat.eligible_after), change=_signed(change, lang))  # fmt: skip
    for key in ("gained", "lost", "high_gained", "high_lost"):
        out += say(f"compare.{key}", indent=INDENT, count=Count(getattr(cat, key)))
        shown = [
            render(Message.of("compare.example_id", row=Count(e.row), id=e.id), lang)
            if e.id is not None
            else render(Message.of("compare.example", row=Count(e.row)), lang)
            for e in cat.examples.get(key, ())
        ]
        if shown and getattr(cat, key):
            out += say("compare.examples", indent=INDENT * 2, examples=tuple(shown))
    out += say("compare.totals", indent=INDENT, change=_signed(cat.total_points, lang),
               rows=Count(cat.total_rows))  # fmt: skip
    out += say("compare.items", indent=INDENT)
    rows = [
        (
            render(Message.of(f"item.{i.item}.label"), lang),
            _signed(i.points, lang),
            _count(i.rows, lang),
        )
        for i in cat.items
    ]
    return out + (_table(rows, width, INDENT * 2) or say("compare.no_change", indent=INDENT * 2))


def _table(rows: Sequence[tuple[str, str, str]], width: int, indent: str) -> list[str]:
    """``label  figure  figure`` lines, the figures aligned right; a label too long is cut
    with an ellipsis."""
    from rich.cells import cell_len, set_cell_size

    if not rows:
        return []
    texts = list(rows)
    xw = max(len(x) for _, x, _ in texts)
    yw = max(len(y) for _, _, y in texts)
    room = width - cell_len(indent) - xw - 2 - (yw + 2 if yw else 0)
    lw = max(min(max(cell_len(label) for label, _, _ in texts), room), 4)
    out = []
    for label, x, y in texts:
        if cell_len(label) > lw:
            label = set_cell_size(label, lw - 1) + "…"
        line = f"{indent}{set_cell_size(label, lw)}  {x:>{xw}}" + (f"  {y:>{yw}}" if yw else "")
        out.append(line.rstrip())
    return out


__all__ = ["compare_text", "register"]
