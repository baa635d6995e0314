"""Presentations of the rules in force on a date (``kodo rules``)."""

from __future__ import annotations

import io
from typing import Any

from kodo.rules.book import RuleBook, Snapshot, load_rules


def rules_as_data(snap: Snapshot, book: RuleBook | None = None) -> dict[str, Any]:
    book = book or load_rules()
    rules = []
    for v in snap.versions:
        rule = book.rules[v.rule_id]
        rules.append(
            {
                "id": v.rule_id,
                "label_en": rule.label_en,
                "label_ja": rule.label_ja,
                "in_force": v.in_force,
                "effective_from": v.effective_from.isoformat(),
                "effective_to": v.effective_to.isoformat() if v.effective_to else None,
                "value": v.value.model_dump(by_alias=True, exclude_none=True) if v.value else None,
                "note": v.note,
                "citations": [
                    {
                        "source": c.source.tag,
                        "title_en": c.source.title_en,
                        "title_ja": c.source.title_ja,
                        "item": c.item,
                        "url": c.source.url,
                    }
                    for c in v.citations
                ],
            }
        )
    return {
        "date": snap.date.isoformat(),
        "book": book.name,
        "version": book.version,
        "effective_from": snap.effective_from.isoformat(),
        "rules": rules,
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


def rules_as_text(snap: Snapshot, lang: str = "en", color: bool = False) -> str:
    from rich.console import Console
    from rich.panel import Panel

    data = rules_as_data(snap)
    buf = io.StringIO()
    console = Console(
        file=buf, force_terminal=color, color_system="standard" if color else None, width=110
    )
    console.print(
        f"{data['book']} {data['version']}: rules in force on {data['date']} "
        f"(latest change {data['effective_from']})"
    )
    for r in data["rules"]:
        label = r["label_ja"] if lang == "ja" else r["label_en"]
        body = "\n".join(_value_lines(r["value"])) if r["in_force"] else "not in force on this date"
        if r["note"]:
            body += f"\nnote: {r['note']}"
        cites = "\n".join(
            f"[{c['source']}] {c['title_ja'] if lang == 'ja' else c['title_en']}"
            + (f" — {c['item']}" if c["item"] else "")
            + f" <{c['url']}>"
            for c in r["citations"]
        )
        period = f"from {r['effective_from']}" + (
            f" to {r['effective_to']}" if r["effective_to"] else ""
        )
        console.print(
            Panel(f"{body}\n{cites}", title=f"{label} ({r['id']}) · {period}", title_align="left")
        )
    return buf.getvalue()


def rules_as_markdown(snap: Snapshot, lang: str = "en") -> str:
    data = rules_as_data(snap)
    out = [f"# Rules in force on {data['date']} ({data['book']} {data['version']})", ""]
    for r in data["rules"]:
        label = r["label_ja"] if lang == "ja" else r["label_en"]
        out += [f"## {label} (`{r['id']}`)", "", f"In force from {r['effective_from']}.", ""]
        if r["in_force"]:
            out += ["```", *_value_lines(r["value"]), "```", ""]
        else:
            out += ["Not in force on this date.", ""]
        for c in r["citations"]:
            item = f", {c['item']}" if c["item"] else ""
            out.append(f"- [{c['source']}] {c['title_en']}{item}: <{c['url']}>")
        out.append("")
    return "\n".join(out)
