"""``kodo documents FILE``: the checklist of documents for an application (thin over
:func:`kodo.features.documents.documents`) as text for the terminal, by display cells so that
ja and zh fit too, or as JSON. Exit 0 when written (eligible or not: the checklist says which),
2 (the file or option named) when not."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from kodo.shells.cli_io import applicant, width, write
from kodo.shells.cli_io import choice as _choice
from kodo.shells.cli_io import fail as _fail
from kodo.shells.cli_io import lang_of as _lang
from kodo.shells.cli_io import options_of as _options

INDENT = "  "


def register(command: Callable[..., argparse.ArgumentParser], h: Callable[..., str]) -> None:
    p = command("documents", "documents", exits="documents_exit")
    p.add_argument("-h", "--help", action="help", help=h("help"))
    p.add_argument("file", metavar="FILE", help=h("documents_file"))
    p.add_argument("-k", "--kind", metavar="KIND", help=h("documents_kind"))
    p.add_argument("-c", "--category", metavar="CATEGORY", help=h("documents_category"))
    p.add_argument("-f", "--format", default="text", metavar="FORMAT", help=h("documents_format"))
    p.add_argument("-l", "--lang", default="en", metavar="LANG", help=h("lang"))
    p.add_argument("-o", "--option", action="append", metavar="NAME=VALUE", help=h("option"))
    p.set_defaults(run=cmd_documents)


def cmd_documents(a: argparse.Namespace) -> None:
    from kodo.errors import KodoError
    from kodo.features.documents import KINDS, documents
    from kodo.vocab import CATEGORIES

    lang = _lang(a.lang)
    _choice(a.format, ("text", "json"), "--format", lang)
    if a.kind is not None:
        _choice(a.kind, KINDS, "--kind", lang)
    if a.category is not None:
        _choice(a.category, CATEGORIES, "--category", lang)
    try:
        result = documents(
            applicant(a.file), kind=a.kind, category=a.category,
            options=_options(a.option, lang), lang=lang,
        )  # fmt: skip
    except KodoError as exc:
        _fail(exc, lang, a.file)
    if a.format == "json":
        from kodo.jsondata import to_json

        write(to_json(result))
    else:
        write("\n".join(documents_text(result, lang, width())))


def documents_text(r: Any, lang: str, cols: int) -> list[str]:
    """The checklist ``r`` (a :class:`kodo.results.documents.DocumentsResult`) as lines of at
    most ``cols`` display cells (an address too long for a line stands whole on its own)."""
    import datetime as dt
    import functools

    from kodo.shells.blocks import heading, pair, para
    from kodo.shells.blocks import say as blocks_say

    say = functools.partial(blocks_say, lang=lang)
    day = dt.date.fromisoformat(r.date)
    out = heading(say("documents.title"), r.rules, lang, cols, day, r.category)
    out += ["", *para(r.text, cols, lang)]
    for p in r.proofs:
        out += ["", *para(p.text, cols, lang)]
    for w in r.warnings:
        out += ["", *para(pair(say("documents.head.warnings"), w.text, lang), cols, lang)]
    sections: list[tuple[str, list[Any]]] = [
        (say("documents.head.common"), [d for d in r.documents if d.section == "common"])
    ]
    dates = list(dict.fromkeys(d.date for d in r.documents if d.section == "evidence"))
    for day in dates:
        proof = next((p for p in r.proofs if day is None or p.date == day), None)
        which = "evidence_j_skip" if proof is not None and proof.needed is None else "evidence"
        head = say(f"documents.head.{which}")
        if day is not None:
            role = proof.role if proof is not None else "application"
            head = say(f"documents.head.{which}_on", day=_day(day),
                       role=_msg(f"documents.head.role_{role}"))  # fmt: skip
        sections.append(
            (head, [d for d in r.documents if d.section == "evidence" and d.date == day])
        )
    employer = [d for d in r.documents if d.section in ("employer", "activity")]
    if employer:
        head = (
            say("documents.head.employer", category=r.employer_category)
            if r.employer_category is not None
            else say("documents.head.employer_any")
        )
        sections.append((head, employer))
    sections.append((say("documents.head.pr"), [d for d in r.documents if d.section == "pr"]))
    for head, lines in sections:
        if lines:
            out += ["", *para(head, cols, lang)]
            for d in lines:
                out += _line(d, lang, cols)
    if r.employer_categories:
        out += ["", *para(say("documents.head.categories"), cols, lang)]
        for c in r.employer_categories:
            state = say(f"documents.head.{'exempt' if c.exempt else 'not_exempt'}")
            out += para(f"• {c.text} ({state})", cols, lang, INDENT, INDENT + "  ")
    if r.notes:
        out += ["", *para(say("documents.head.notes"), cols, lang)]
        for n in r.notes:
            out += para(f"• {n.text}", cols, lang, INDENT, INDENT + "  ")
    if r.sources:
        from kodo.shells.blocks import sources

        out += ["", *para(say("documents.head.sources"), cols, lang)]
        out += sources(r.sources, r.sources, cols, lang)
    return out


def _line(d: Any, lang: str, cols: int) -> list[str]:
    import functools

    from kodo.i18n import Message
    from kodo.shells.blocks import citations, para
    from kodo.shells.blocks import say as blocks_say

    say = functools.partial(blocks_say, lang=lang)
    tag = say(f"documents.need.{d.need}")
    if d.categories and d.need == "if_applicable":
        tag += " · " + say("documents.head.for_categories", categories=tuple(d.categories))
    hang = INDENT + "    "
    out = para(f"• [{tag}] {d.text}", cols, lang, INDENT, hang)
    if d.proves:
        labels = tuple(
            Message.of("rule.salary_floor" if i == "salary_floor" else _label(i)) for i in d.proves
        )
        out += para(say("documents.head.proves", items=labels), cols, lang, hang)
    out += para(citations(d.citation, lang), cols, lang, hang)
    return out


def _label(item: str) -> str:
    return "rule.j_skip" if item == "j_skip" else f"item.{item}.label"


def _msg(code: str) -> Any:
    from kodo.i18n import Message

    return Message.of(code)


def _day(iso: str) -> Any:
    import datetime as dt

    return dt.date.fromisoformat(iso)


__all__ = ["documents_text", "register"]
