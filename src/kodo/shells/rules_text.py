"""Presentations of the rules in force on a date (``kodo rules``) and of a diff between dates."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

from kodo.explanation.row import rule_label
from kodo.i18n import Message, render
from kodo.items import Registry
from kodo.rules.book import RuleBook, Snapshot


def rules_as_data(snap: Snapshot, book: RuleBook, registry: Registry, lang: str) -> dict[str, Any]:
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
        "date": snap.date.isoformat(),
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
    lines: list[str] = []
    if isinstance(value, dict):
        for key, val in value.items():
            if isinstance(val, dict):
                lines.append(f"{indent}{key}:")
                lines += _value_lines(val, indent + "  ")
            elif isinstance(val, list) and val and isinstance(val[0], (list, dict)):
                lines.append(f"{indent}{key}:")
                for row in val:
                    lines.append(f"{indent}  - {row}")
            else:
                lines.append(f"{indent}{key}: {val}")
    else:
        lines.append(f"{indent}{value}")
    return lines


def _say(code: str, lang: str, **params: Any) -> str:
    """A CLI label; ISO date strings among the parameters are shown as dates of ``lang``."""
    for key, value in params.items():
        if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
            params[key] = dt.date.fromisoformat(value)
    return render(Message.of(f"cli.{code}", **params), lang)


def _cite_line(data: dict[str, Any], c: dict[str, Any]) -> str:
    src = data["sources"][c["source"]]
    item = f" — {c['item']}" if c["item"] else ""
    return f"[{c['source']}] {src['title']}{item} <{src['url']}>"


def rules_as_text(data: dict[str, Any], lang: str, color: bool = False, width: int = 100) -> str:
    from rich.console import Console
    from rich.panel import Panel
    from rich.text import Text

    buf = io.StringIO()
    console = Console(
        file=buf, force_terminal=color, color_system="standard" if color else None, width=width
    )
    console.print(
        Text(_say("rules_head", lang, day=data["date"], since=data["effective_from"],
                  version=data["version"][:15]))
    )  # fmt: skip
    for r in data["rules"]:
        body = "\n".join(_value_lines(r["value"])) if r["in_force"] else _say("not_in_force", lang)
        if r["note"] and lang == "en":  # the data's notes are written in English
            body += f"\n{_say('note', lang)}: {r['note']}"
        cites = "\n".join(_cite_line(data, c) for c in r["citations"])
        period = _say("period_from", lang, day=r["effective_from"])
        if r["effective_to"]:
            period = _say("period", lang, start=r["effective_from"], end=r["effective_to"])
        console.print(
            Panel(Text(f"{body}\n{cites}"), title=Text(f"{r['label']} ({r['id']}) · {period}"),
                  title_align="left")
        )  # fmt: skip
    return buf.getvalue()


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
        out += [f"- {_cite_line(data, c)}" for c in r["citations"]]
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
