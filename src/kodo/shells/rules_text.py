"""Presentations of the rules in force on a date (``kodo rules``) and of a diff between dates."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from kodo.explanation.row import rule_label
from kodo.i18n import Message, render
from kodo.items import Registry
from kodo.rules.book import RuleBook


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


def _value_lines(value: Any, indent: str = "") -> list[str]:
    """A rule value as indented ``key: value`` lines, each leaf as the data writes it (JSON)."""
    lines: list[str] = []
    if isinstance(value, dict):
        for key, val in value.items():
            if isinstance(val, dict) and val:
                lines.append(f"{indent}{key}:")
                lines += _value_lines(val, indent + "  ")
            elif isinstance(val, list) and val and isinstance(val[0], (list, dict)):
                lines.append(f"{indent}{key}:")
                lines += [f"{indent}  - {_value(row)}" for row in val]
            else:
                lines.append(f"{indent}{key}: {_value(val)}")
    else:
        lines.append(f"{indent}{_value(value)}")
    return lines


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


def rules_as_text(data: dict[str, Any], lang: str, color: bool = False, width: int = 100) -> str:
    """Each rule in force: its name, period, values, citations and the sources' addresses,
    wrapped at ``width`` (an address is never broken: it stays one line to copy)."""
    from kodo.shells.wrap import wrap

    bold, plain = ("\x1b[1m", "\x1b[0m") if color else ("", "")
    head = _say("rules_head", lang, day=data["date"], since=data["effective_from"],
                version=data["version"][:15])  # fmt: skip
    out = [*wrap(head, width), ""]

    def para(text: str, indent: str) -> None:
        first, *rest = wrap(text, width - len(indent) - 2)
        out.extend([indent + first, *(indent + "  " + line for line in rest)])

    for r in data["rules"]:
        period = _say("period_from", lang, day=r["effective_from"])
        if r["effective_to"]:
            period = _say("period", lang, start=r["effective_from"], end=r["effective_to"])
        title = wrap(f"{r['label']} ({r['id']}) · {period}", width)
        out += [bold + line + plain for line in title]
        if r["in_force"]:
            for line in _value_lines(r["value"], "  "):
                para(line.lstrip(" "), line[: len(line) - len(line.lstrip(" "))])
        else:
            para(_say("not_in_force", lang), "  ")
        if r["note"] and lang == "en":  # the data's notes are written in English
            para(f"{_say('note', lang)}: {r['note']}", "  ")
        for c in r["citations"]:
            para(_cite_line(data, c), "  ")
            url = data["sources"][c["source"]]["url"]
            out.append(("    " if len(url) + 4 <= width else "") + url)
        out.append("")
    return "\n".join(out)


def rules_as_markdown(data: dict[str, Any], lang: str) -> str:
    out = [f"# {_say('rules_title', lang, day=data['date'])}", ""]
    for r in data["rules"]:
        out += [
            f"## {r['label']} (`{r['id']}`)",
            "",
            _say("period_from", lang, day=r["effective_from"]),
            "",
        ]
        if r["in_force"]:
            out += ["```", *_value_lines(r["value"]), "```", ""]
        else:
            out += [_say("not_in_force", lang), ""]
        out += [
            f"- {_cite_line(data, c)} <{data['sources'][c['source']]['url']}>"
            for c in r["citations"]
        ]
        out.append("")
    return "\n".join(out)


def _value(value: Any) -> str:
    """A rule value as the rule data writes it (JSON: true, null, [\"a\", \"b\"])."""
    return json.dumps(value, ensure_ascii=False)


def diff_as_text(data: dict[str, Any], registry: Registry, lang: str) -> str:
    lines = [_say("diff_head", lang, first=data["from"], second=data["to"])]
    if not data["changes"]:
        lines.append("  " + _say("diff_none", lang))
    for c in data["changes"]:
        name = render(rule_label(c["rule"], registry), lang)
        lines.append(f"- {name} [{c['rule']}] ({', '.join(c['changed_on'])})")
        for v in c["values"]:
            lines.append(f"    {v['path']}: {_value(v['from'])} → {_value(v['to'])}")
        for cite in c["citations_to"]:
            src = data["sources"][cite["source"]]
            item = f" {cite['item']}" if cite["item"] else ""
            lines.append(f"    [{cite['source']}]{item} <{src['url']}>")
    return "\n".join(lines) + "\n"
