"""``kodo salary FILE``: the salary that counts (thin over :func:`kodo.features.salary.salary`)
as text for the terminal, by display cells so that ja and zh fit too, or as JSON. Exit 0 when
written, 2 (the field or option named) when not."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import Any

from kodo.shells.cli_io import applicant as _applicant
from kodo.shells.cli_io import choice as _choice
from kodo.shells.cli_io import fail as _fail
from kodo.shells.cli_io import lang_of as _lang
from kodo.shells.cli_io import options_of as _options
from kodo.shells.cli_io import width as _width
from kodo.shells.cli_io import write as _write

INDENT = "  "
GAP = "  "


def register(command: Callable[..., argparse.ArgumentParser], h: Callable[..., str]) -> None:
    p = command("salary", "salary", exits="salary_exit")
    p.add_argument("-h", "--help", action="help", help=h("help"))
    p.add_argument("file", metavar="FILE", help=h("salary_file"))
    p.add_argument("-f", "--format", default="text", metavar="FORMAT", help=h("salary_format"))
    p.add_argument("-l", "--lang", default="en", metavar="LANG", help=h("lang"))
    p.add_argument("-o", "--option", action="append", metavar="NAME=VALUE", help=h("option"))
    p.set_defaults(run=cmd_salary)


def cmd_salary(a: argparse.Namespace) -> None:
    from kodo.errors import KodoError

    lang = _lang(a.lang)
    _choice(a.format, ("text", "json"), "--format", lang)
    options = _options(a.option, lang)
    try:
        from kodo.features.salary import salary

        result = salary(_applicant(a.file), options=options or None, lang=lang)
    except KodoError as exc:
        _fail(exc, lang, a.file)
    if a.format == "json":
        from kodo.jsondata import to_json

        _write(to_json(result))
    else:
        _write("\n".join(salary_text(result, lang, _width())))


# ------------------------------------------------------------------------------ the text


def salary_text(r: Any, lang: str, width: int) -> list[str]:
    """The result ``r`` (a :class:`kodo.results.salary.SalaryData`) as lines of at most
    ``width`` display cells (an address too long for a line stands alone)."""
    import datetime as dt

    from kodo.i18n import Message, render
    from kodo.shells.blocks import heading, para, sayer

    say = sayer(lang, width, more="")
    day = dt.date.fromisoformat(r.date)
    out = heading(render(Message.of("salary.title"), lang), r.rules, lang, width, day)
    out += say("salary.date", date=day)
    out += ["", *say("salary.parts_head")]
    if not r.parts:
        out += say("salary.no_parts", INDENT)
    for p in r.parts:
        out += _part(p, lang, width)
    out += ["", *para(r.counted_text, width, lang)]
    out += ["", *say("salary.judgement_head")]
    if not r.judgements:
        out += say("salary.none_judged", INDENT)
    for j in r.judgements:
        out += _judgement(j, lang, width)
    if r.all_judged is not None:  # every judged part left out together
        out += _judgement(r.all_judged, lang, width)
    out += ["", *say("salary.thresholds_head")]
    if not r.thresholds:
        out += say("salary.no_threshold", INDENT)
    for t in r.thresholds:
        out += _bullet(t.text, width, lang)
        out += _cites(t.citation, width, lang)
    out += ["", *say("salary.notes_head")]
    for n in r.notes:
        out += _bullet(n.text, width, lang)
    if r.sources:
        from kodo.shells.blocks import sources

        out += ["", *say("salary.sources_head"), *sources(r.sources, r.sources, width, lang)]
    return out


def _bullet(text: str, width: int, lang: str) -> list[str]:
    from kodo.shells.blocks import bullet

    return bullet(text, width, lang)


def _cites(cites: Sequence[Any], width: int, lang: str, indent: str = INDENT * 2) -> list[str]:
    from kodo.shells.blocks import citations, para

    if not cites:
        return []
    return para(citations(cites, lang), width, lang, indent)


def _money(amount: int, lang: str) -> str:
    from kodo.i18n import Message, Yen, render

    return render(Message.of("cli.value", value=Yen(amount)), lang)


def _line(left: str, right: str, width: int) -> list[str]:
    """``left`` and ``right`` on one line, ``right`` flush with the edge; two lines when they
    do not fit together."""
    from rich.cells import cell_len

    room = width - cell_len(left) - cell_len(right)
    if room >= len(GAP):
        return [left + " " * room + right]
    pad = max(width - cell_len(right), 0)
    return [left, " " * pad + right]


def _part(p: Any, lang: str, width: int) -> list[str]:
    from kodo.i18n import Message, render
    from kodo.shells.blocks import para

    if not p.counted:
        mark = "salary.left_out_mark"
    else:
        mark = "salary.judgement_mark" if p.judgement else "salary.counted_mark"
    right = f"{_money(p.amount, lang)}{GAP}{render(Message.of(mark), lang)}"
    label = p.label if p.field == p.part else f"{p.label} ({p.field})"
    out = _line(INDENT + label, right, width)
    out += para(p.reason, width, lang, INDENT * 2)
    return out + _cites(p.citation, width, lang)


def _judgement(j: Any, lang: str, width: int) -> list[str]:
    from kodo.shells.blocks import pair, para

    out = _bullet(pair(j.label, _money(j.amount, lang), lang), width, lang)
    out += para(j.text, width, lang, INDENT * 2)
    out += _table(j, lang, width)
    out += para(j.verdict, width, lang, INDENT * 2)
    return out + _cites(j.citation, width, lang)


def _table(j: Any, lang: str, width: int) -> list[str]:
    """The person with and without the part: salary, then per category the salary points,
    the total, eligibility and J-Skip, in two aligned columns."""
    from rich.cells import cell_len, set_cell_size

    from kodo.i18n import Message, render

    def word(code: str) -> str:
        return render(Message.of(code), lang)

    yes, no = word("word.yes"), word("word.no")
    a, b = j.with_part, j.without_part
    rows: list[tuple[str, str, str]] = [
        (word("salary.col_salary"), _money(a.annual_salary, lang), _money(b.annual_salary, lang))
    ]
    for c in a.categories:
        x, y = a.categories[c], b.categories[c]
        rows.append((word(f"category.{c}.short"), "", ""))
        rows += [
            (INDENT + word("salary.col_points"), str(x.salary_points), str(y.salary_points)),
            (INDENT + word("salary.col_total"), str(x.total), str(y.total)),
            (INDENT + word("salary.col_eligible"), yes if x.eligible else no,
             yes if y.eligible else no),
            (INDENT + word("salary.col_jskip"), yes if x.j_skip else no, yes if y.j_skip else no),
        ]  # fmt: skip
    head = ("", a.label, b.label)
    lw = max(cell_len(r[0]) for r in (*rows, head))
    vw = max(cell_len(v) for r in (*rows, head) for v in r[1:])
    lw = min(lw, max(width - len(INDENT * 2) - 2 * (vw + len(GAP)), 4))
    out = []
    for row in (head, *rows):
        label = row[0] if cell_len(row[0]) <= lw else set_cell_size(row[0], lw - 1) + "…"
        cells = [" " * (vw - cell_len(v)) + v for v in row[1:]]
        out.append((INDENT * 2 + set_cell_size(label, lw) + GAP + GAP.join(cells)).rstrip())
    return out


__all__ = ["register", "salary_text"]
