"""``kodo lists``: the official lists kodo bundles — each one's source, date and coverage —
and ``kodo lists --find NAME``: whether and how a name matches them (thin over
:mod:`kodo.lists`). Text by display cells (en/ja/zh fit), or JSON. Exit 0 when shown, 2 (the
option or the list file named) when not."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from kodo.shells.cli_io import choice as _choice
from kodo.shells.cli_io import fail as _fail
from kodo.shells.cli_io import lang_of as _lang
from kodo.shells.cli_io import width, write

INDENT = "  "
MAX_SOURCES = 2  # sources shown per list in the text (JSON has them all)


def register(command: Callable[..., argparse.ArgumentParser], h: Callable[..., str]) -> None:
    p = command("lists", "lists", options=False, exits="lists_exit")
    p.add_argument("-h", "--help", action="help", help=h("help"))
    p.add_argument("--find", metavar="NAME", help=h("lists_find"))
    p.add_argument("--list", metavar="ID", help=h("lists_list"))
    p.add_argument("-f", "--format", default="text", metavar="FORMAT", help=h("lists_format"))
    p.add_argument("-l", "--lang", default="en", metavar="LANG", help=h("lang"))
    p.set_defaults(run=cmd_lists)


def cmd_lists(a: argparse.Namespace) -> None:
    from kodo.errors import KodoError
    from kodo.input.types import check_name
    from kodo.lists import bundle, find

    lang = _lang(a.lang)
    _choice(a.format, ("text", "json"), "--format", lang)
    try:
        if a.find is not None:
            check_name(a.find, "--find")
        b = bundle()
        infos = [b.info(a.list)] if a.list is not None else list(b.lists)
        match = None
        if a.find is not None:
            match = find(a.find, lists=None if a.list is None else [a.list])
    except KodoError as exc:
        _fail(exc, lang)
    if a.format == "json":
        import json

        data: Any = (
            match.to_data() if match is not None else {"lists": [i.to_data() for i in infos]}
        )
        write(json.dumps(data, ensure_ascii=False, indent=2))
        return
    cols = width()
    lines = lists_text(infos, lang, cols) if match is None else find_text(match, lang, cols)
    write("\n".join(lines))


def _url(url: str, indent: str, cols: int) -> str:
    """An address on a line of its own, whole (indented when it fits)."""
    return (indent if len(url) + len(indent) <= cols else "") + url


def lists_text(infos: list[Any], lang: str, cols: int) -> list[str]:
    """Each list's name and id, date, status, size, item, coverage, sources, the page to
    check a name on and its file; then how to use a newer list."""
    from kodo.i18n import Count, Message
    from kodo.lists import ENV
    from kodo.shells.blocks import sayer

    say = sayer(lang, cols, more=INDENT)
    out = say("lists.title", hang="") + say("lists.intro", hang="")
    deeper = INDENT * 2
    for info in infos:
        out += ["", *say(f"lists.name.{info.id}"), INDENT + f"[{info.id}]"]
        status = Message.of(f"lists.status.{'complete' if info.complete else 'partial'}")
        out += say("lists.dated", INDENT, date=info.as_of, status=status, count=Count(info.count))
        out += say("lists.serves", INDENT, item=Message.of(f"item.{info.item}.label"))
        out += say("lists.coverage", INDENT, text=info.coverage)
        out += say("lists.retrieved", INDENT, text=info.retrieved_via)
        out += say("lists.source", INDENT)
        out += [_url(s.url, deeper, cols) for s in info.sources[:MAX_SOURCES]]
        if len(info.sources) > MAX_SOURCES:
            out += say("lists.more_sources", deeper, count=Count(len(info.sources) - MAX_SOURCES))
        out += [*say("lists.check", INDENT), _url(info.check, deeper, cols)]
        if info.bundled:
            out += say("lists.file", INDENT, path=info.file)
        else:
            out += say("lists.replaced", INDENT, path=info.path, env=ENV)
    return [*out, "", *say("lists.update", hang="", env=ENV)]


def find_text(match: Any, lang: str, cols: int) -> list[str]:
    """Where ``match``'s name is found (per list: the entries, how they matched) and where
    not; when on none, whether the lists searched are complete and where to check."""
    from kodo.i18n import Message
    from kodo.shells.blocks import para, sayer

    say = sayer(lang, cols, more=INDENT)
    out = say("lists.find_title", hang="", name=match.name)
    hits: dict[str, list[Any]] = {}
    for hit in getattr(match, "hits", ()):
        hits.setdefault(hit.list.id, []).append(hit)
    for info in match.searched:
        status = Message.of(f"lists.status.{'complete' if info.complete else 'partial'}")
        name = Message.of(f"lists.name.{info.id}")
        if info.id not in hits:
            out += say("lists.not_found_in", "  ✘ ", "    ", list=name, date=info.as_of,
                       status=status)  # fmt: skip
            continue
        as_of = Message.of("lists.as_of_plain", date=info.as_of)
        out += say("lists.found", "  ✔ ", "    ", list=name, as_of=as_of, status=status)
        for hit in hits[info.id]:
            text = _entry_text(hit, lang)
            out += para(text, cols, lang, "      ", "        ")
    if not match.on_list:
        out += say("lists.not_found", hang="")
        complete = match.complete
        out += say("lists.not_found_complete" if complete else "lists.not_found_partial", hang="")
        out += [_url(url, INDENT, cols) for url in match.check]
    return out


def _entry_text(hit: Any, lang: str) -> str:
    from kodo.i18n import Message, render

    e = hit.entry
    names = " / ".join(e.names)
    how = Message.of(f"lists.how.{hit.how}", **({"until": hit.until} if hit.until else {}))
    if e.notice is not None:
        number, sub, no = e.notice
        item = Message.of("lists.item", number=number, sub=sub, no=f"({no})" if no else "")
        msg = Message.of("lists.found_item", names=names, item=item, country=e.country or "—",
                         how=how)  # fmt: skip
    else:
        country = Message.of("lists.found_country", country=e.country) if e.country else ""
        msg = Message.of("lists.found_entry", names=names, country=country, how=how)
    text = render(msg, lang)
    if e.unconfirmed:
        text += render(Message.of("lists.sep"), lang)
        text += render(Message.of("lists.unconfirmed"), lang)
    return text


__all__ = ["find_text", "lists_text", "register"]
