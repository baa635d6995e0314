"""Pieces every text rendering shares: labels from the ``cli`` catalogue group, wrapped
paragraphs and bullets with hanging indents, and the list of sources with whole addresses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from rich.cells import cell_len

from kodo.i18n import Message, Param, render
from kodo.shells.wrap import wrap

NARROW = 60  # below this many columns tables are stacked: one block per row


def say(code: str, lang: str, **params: Param) -> str:
    """The catalogue's sentence ``code`` in ``lang``."""
    return render(Message.of(code, **params), lang)


def sayer(lang: str, width: int, more: str = "  ") -> Callable[..., list[str]]:
    """``say(code, indent="", hang=None, **params)``: the message ``code`` in ``lang`` as
    lines of at most ``width`` display cells; continuation lines hang at ``hang``, by default
    ``more`` further in than the first."""

    def say_lines(code: str, indent: str = "", hang: str | None = None, **params: Any) -> list[str]:
        hung = indent + more if hang is None else hang
        return para(say(code, lang, **params), width, lang, indent, hung)

    return say_lines


def label(code: str, lang: str, **params: Param) -> str:
    return say(f"cli.{code}", lang, **params)


def pair(name: str, text: object, lang: str) -> str:
    """``name: text`` with the language's colon."""
    return label("labelled", lang, label=name, text=str(text))


def day(text: str | None, lang: str) -> str:
    """An ISO date as the language writes it (``—`` for none)."""
    if text is None:
        return "—"
    return render(Message.of("cli.value", value=dt.date.fromisoformat(text)), lang)


def para(text: str, width: int, lang: str, indent: str = "", hang: str | None = None) -> list[str]:
    """``text`` wrapped at ``width``: the first line after ``indent``, the rest after ``hang``
    (the same by default)."""
    hang = indent if hang is None else hang
    first, *rest = wrap(text, max(width - cell_len(hang), 8), lang)
    return [indent + first, *(hang + line for line in rest)]


def bullet(text: str, width: int, lang: str, mark: str = "•", indent: str = "  ") -> list[str]:
    """A bullet whose text starts on the bullet's line and continues under the text."""
    head = f"{indent}{mark} "
    return para(text, width, lang, head, " " * cell_len(head))


def citation(ref: Any) -> str:
    """``[TAG] where`` (the source's tag and the form item or note)."""
    return f"[{ref.source}] {ref.item}" if ref.item else f"[{ref.source}]"


CITATION_SEPARATOR = {"zh": "；"}  # between citations (full-width in Chinese)


def citations(refs: Iterable[Any], lang: str) -> str:
    """Citations one after the other, with the language's separator."""
    return CITATION_SEPARATOR.get(lang, "; ").join(citation(r) for r in refs)


def sources(tags: Iterable[str], known: dict[str, Any], width: int, lang: str) -> list[str]:
    """Each source cited: its tag and title, then its address on a line of its own, whole."""
    out: list[str] = []
    for tag in tags:
        info = known.get(tag)
        if info is None:
            continue
        out += para(f"[{tag}] {info.title}", width, lang, "  ", "    ")
        out.append(("    " if len(info.url) + 4 <= width else "") + info.url)
    return out


def heading(
    title: str, rules: Any, lang: str, width: int, day: Any = None, category: str | None = None
) -> list[str]:
    """The head every command's text starts with: its title, the date judged, the category
    (when one is judged) and the rule book used (``rules``: a RulesUsed)."""
    out = para(title, width, lang)
    if day is not None:
        out += para(pair(label("date", lang), say("cli.value", lang, value=day), lang), width, lang)
    if category is not None:
        name = say(f"category.{category}.name", lang)
        out += para(label("category_line", lang, category=name), width, lang)
    line = rules_text(rules.book, rules.version, rules.effective_from, lang)
    return out + para(pair(label("rules", lang), line, lang), width, lang, "", "  ")


def rules_text(book: str, version: str, effective_from: str, lang: str) -> str:
    """The rule book used, as every result's head says it: name, short content id, in force
    from."""
    since = dt.date.fromisoformat(effective_from)
    return label("rules_line", lang, book=book, version=version[:15], since=since)
