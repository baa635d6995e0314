"""Presentations of the rules in force on a date (``kodo rules``) and of a diff between dates."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from kodo.explanation.row import rule_label
from kodo.i18n import Message, render
from kodo.items import Registry
from kodo.rules.book import RuleBook
from kodo.shells.blocks import NARROW, para
from kodo.shells.rule_values import Block, blocks, cat_name, scalar
from kodo.shells.rule_values import key_label as _key
from kodo.shells.wrap import pieces, units, wrap

LEVELS = ("doctorate", "master", "professional", "bachelor", "junior_college",
          "advanced_diploma", "diploma")  # fmt: skip


def rules_as_data(book: RuleBook, day: dt.date, registry: Registry, lang: str) -> dict[str, Any]:
    """The rules in force on ``day``: each version's values, note and citations, and the
    sources cited (``kodo rules --format json``)."""
    snap = book.at(day)
    rules = []
    for v in snap.versions:
        rules.append(
            {
                "id": v.rule_id,
                "label": render(rule_label(v.rule_id, registry), lang),
                "in_force": v.in_force,
                "effective_from": v.effective_from.isoformat(),
                "effective_to": v.effective_to.isoformat() if v.effective_to else None,
                "value": v.value.model_dump(by_alias=True, exclude_none=True) if v.value else None,
                "note": v.note,
                "citations": [{"source": c.source, "item": c.item} for c in v.citations],
            }
        )
    tags = {c.source for v in snap.versions for c in v.citations}
    return {
        "format": "kodo.rules.v1",
        "date": day.isoformat(),
        "book": book.name,
        "version": book.id,
        "effective_from": snap.effective_from.isoformat(),
        "rules": rules,
        "sources": {
            t: {
                "title": book.sources[t].title_en if lang == "en" else book.sources[t].title_ja,
                "url": book.sources[t].url,
            }
            for t in sorted(tags)
        },
    }


def _say(code: str, lang: str, **params: Any) -> str:
    """A CLI label; ISO date strings among the parameters are shown as dates of ``lang``."""
    for key, value in params.items():
        if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
            params[key] = dt.date.fromisoformat(value)
    return render(Message.of(f"cli.{code}", **params), lang)


def _cite_line(data: dict[str, Any], c: dict[str, Any]) -> str:
    """A citation: the source's tag and title, and where in it (in the source's language)."""
    src = data["sources"][c["source"]]
    item = f" — {c['item']}" if c["item"] else ""
    return f"[{c['source']}] {src['title']}{item}"


def _table_text(block: Block, width: int, color: bool, lang: str) -> list[str]:
    """A table of the value: rich's, by words, fitted to ``width``; stacked when narrow."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    _, header, rows = block
    if width < NARROW:
        out = []
        for row in rows:
            cells = " · ".join(
                f"{h} {c}".strip() for h, c in zip(header[1:], row[1:], strict=False)
            )
            line = _say("labelled", lang, label=row[0], text=cells) if row[0] else cells
            out += para(line, width, lang, "  ", "    ")
        return out
    widths = _widths(header, rows, width - 2, lang)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for name, w in zip(header, widths, strict=True):
        table.add_column("\n".join(wrap(name, w, lang)), width=w, no_wrap=True)
    for row in rows:
        table.add_row(*("\n".join(wrap(c, w, lang)) for c, w in zip(row, widths, strict=True)))
    buf = io.StringIO()
    console = Console(file=buf, width=width - 2, force_terminal=color, no_color=not color,
                      color_system="standard" if color else None)  # fmt: skip
    console.print(table)
    return ["  " + line.rstrip() for line in buf.getvalue().rstrip("\n").split("\n")]


def _widths(header: list[str], rows: list[list[str]], room: int, lang: str) -> list[int]:
    """Column widths that fit ``room`` cells (three between columns): each column as wide as
    its widest cell where they all fit, else the widest shrunk first, never below the
    widest unbreakable unit of the column (a word, or a phrase in Japanese)."""
    from rich.cells import cell_len

    cols = list(zip(header, *rows, strict=True))
    want = [max(cell_len(c) for c in col) for col in cols]
    least = [
        max(max((cell_len(u) for u in units(c, lang)), default=1) for c in col) for col in cols
    ]
    if sum(least) > room - 3 * (len(cols) - 1):  # words too long: break them between scripts
        least = [max(max((cell_len(u) for u in pieces(c, lang)), default=1) for c in col)
                 for col in cols]  # fmt: skip
    room -= 3 * (len(cols) - 1)
    while sum(want) > room:
        k = max(range(len(want)), key=lambda i: want[i] - least[i])
        if want[k] <= least[k]:
            break
        want[k] -= 1
    return want


def rules_as_text(
    data: dict[str, Any], lang: str, color: bool = False, width: int = 100,
    registry: Registry | None = None,
) -> str:  # fmt: skip
    """Each rule in force: its name, period, values (lines and tables a person reads),
    citations and the sources' addresses, at most ``width`` columns (an address is never
    broken: it stays one line to copy)."""
    from kodo.items import DEFAULT

    registry = registry or DEFAULT
    bold, plain = ("\x1b[1m", "\x1b[0m") if color else ("", "")
    head = _say("rules_head", lang, day=data["date"], since=data["effective_from"],
                version=data["version"][:15])  # fmt: skip
    out = [bold + _say("titles.rules", lang) + plain, *para(head, width, lang), ""]
    for r in data["rules"]:
        period = _say("period_from", lang, day=r["effective_from"])
        if r["effective_to"]:
            period = _say("period", lang, start=r["effective_from"], end=r["effective_to"])
        title = para(f"{r['label']} ({r['id']}) · {period}", width, lang)
        out += [bold + line + plain for line in title]
        if r["in_force"]:
            for block in blocks(r["id"], r["value"], registry, lang):
                if block[0] == "lines":
                    for name, text in block[1]:
                        line = _say("labelled", lang, label=name, text=text) if text else name
                        out += para(line, width, lang, "  ", "    ")
                else:
                    out += _table_text(block, width, color, lang)
        else:
            out += para(_say("not_in_force", lang), width, lang, "  ")
        if r["note"] and lang == "en":  # the data's notes are written in English
            out += para(f"{_say('note', lang)}: {r['note']}", width, lang, "  ", "    ")
        for c in r["citations"]:
            out += para(_cite_line(data, c), width, lang, "  ", "    ")
            url = data["sources"][c["source"]]["url"]
            out.append(("    " if len(url) + 4 <= width else "") + url)
        out.append("")
    return "\n".join(out)


def _table_markdown(block: Block) -> list[str]:
    _, header, rows = block
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c).replace("|", "/") for c in row) + " |" for row in rows]
    return [*out, ""]


def rules_as_markdown(data: dict[str, Any], lang: str, registry: Registry | None = None) -> str:
    from kodo.items import DEFAULT

    registry = registry or DEFAULT
    out = [f"# {_say('rules_title', lang, day=data['date'])}", ""]
    for r in data["rules"]:
        out += [
            f"## {r['label']} (`{r['id']}`)",
            "",
            _say("period_from", lang, day=r["effective_from"]),
            "",
        ]
        if r["in_force"]:
            for block in blocks(r["id"], r["value"], registry, lang):
                if block[0] == "lines":
                    out += [
                        f"- {_say('labelled', lang, label=n, text=t) if t else n}"
                        for n, t in block[1]
                    ] + [""]
                else:
                    out += _table_markdown(block)
        else:
            out += [_say("not_in_force", lang), ""]
        out += [
            f"- {_cite_line(data, c)} <{data['sources'][c['source']]['url']}>"
            for c in r["citations"]
        ]
        out.append("")
    return "\n".join(out)


def _path(path: str, registry: Registry, lang: str) -> tuple[str, str]:
    """A changed value's path (``points.a.bachelor``) in words, and the key its value is
    formatted for."""
    parts = [p for p in path.replace("]", "").replace("[", ".").split(".") if p and p != "item"]
    words = []
    for p in parts:
        if p in ("a", "b", "c"):
            words.append(cat_name(p, lang))
        elif p.isdigit():
            words.append(str(int(p) + 1))
        else:
            words.append(scalar("degree_levels", p, registry, lang) if p in LEVELS else
                         _key(p, lang))  # fmt: skip
    key = (
        "points"
        if "points" in parts
        else next((p for p in reversed(parts) if not p.isdigit() and p not in ("a", "b", "c")), "")
    )
    return " · ".join(words), key


def diff_as_text(data: dict[str, Any], registry: Registry, lang: str, width: int = 100) -> str:
    """Each rule that changed between the two dates: the values before and after (as a person
    reads them) and the citations of the new version."""
    lines = [_say("titles.diff", lang)]
    lines += para(_say("diff_head", lang, first=data["from"], second=data["to"]), width, lang)
    if not data["changes"]:
        lines.append("  " + _say("diff_none", lang))
    for c in data["changes"]:
        name = render(rule_label(c["rule"], registry), lang)
        days = ", ".join(_say("value", lang, value=dt.date.fromisoformat(d))
                         for d in c["changed_on"])  # fmt: skip
        lines += para(f"• {name} ({c['rule']}) · {days}", width, lang, "", "  ")
        for v in c["values"]:
            where, key = _path(v["path"], registry, lang)
            before = scalar(key, v["from"], registry, lang)
            after = scalar(key, v["to"], registry, lang)
            if before == after:  # e.g. no list → an empty list: nothing a reader could see
                continue
            line = _say("labelled", lang, label=where, text=f"{before} → {after}")
            lines += para(line, width, lang, "    ", "      ")
        for cite in c["citations_to"]:
            src = data["sources"][cite["source"]]
            item = f" {cite['item']}" if cite["item"] else ""
            lines += para(f"[{cite['source']}]{item}", width, lang, "    ", "      ")
            lines.append(("      " if len(src["url"]) + 6 <= width else "") + src["url"])
    return "\n".join(lines) + "\n"
