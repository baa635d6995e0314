"""``kodo rules diff D1 D2``: every rule value that differs between two dates, with citations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kodo.rules.book import RuleBook, RuleVersion


def _flat(value: Any, prefix: str = "") -> dict[str, Any]:
    """Leaf paths of a rule value: ``points.a.bachelor`` -> 10."""
    out: dict[str, Any] = {}
    if isinstance(value, dict):
        for k, v in value.items():
            out.update(_flat(v, f"{prefix}.{k}" if prefix else str(k)))
    elif isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        for i, v in enumerate(value):
            out.update(_flat(v, f"{prefix}[{i}]"))
    else:
        out[prefix or "value"] = value
    return out


def _value(v: RuleVersion) -> dict[str, Any]:
    if v.value is None:
        return {"in_force": False}
    return {"in_force": True, **_flat(v.value.model_dump(by_alias=True, exclude_none=True))}


def _cites(v: RuleVersion) -> list[dict[str, Any]]:
    return [
        {"source": c.source.tag, "item": c.item, "url": c.source.url, "title_ja": c.source.title_ja}
        for c in v.citations
    ]


def diff(book: RuleBook, first: dt.date, second: dt.date) -> dict[str, Any]:
    """Every value that changed between ``first`` and ``second`` (in either order)."""
    a, b = book.at(first), book.at(second)
    changes = []
    for rule_id, rule in book.rules.items():
        va, vb = a.version(rule_id), b.version(rule_id)
        if va.effective_from == vb.effective_from:
            continue
        fa, fb = _value(va), _value(vb)
        values = [
            {"path": path, "from": fa.get(path), "to": fb.get(path)}
            for path in sorted(set(fa) | set(fb))
            if fa.get(path) != fb.get(path)
        ]
        between = [
            v.effective_from.isoformat()
            for v in rule.versions
            if min(first, second) < v.effective_from <= max(first, second)
        ]
        changes.append(
            {
                "rule": rule_id,
                "label_en": rule.label_en,
                "label_ja": rule.label_ja,
                "from_version": va.effective_from.isoformat(),
                "to_version": vb.effective_from.isoformat(),
                "changed_on": between,
                "values": values,
                "note": vb.note,
                "citations_from": _cites(va),
                "citations_to": _cites(vb),
            }
        )
    return {
        "format": "kodo.rules_diff.v1",
        "from": first.isoformat(),
        "to": second.isoformat(),
        "book_version": book.version,
        "changes": changes,
    }


def diff_as_text(data: dict[str, Any], lang: str) -> str:
    lines = [f"Rule changes between {data['from']} and {data['to']}:"]
    if lang == "ja":
        lines = [f"{data['from']}と{data['to']}の間の基準の変更："]
    if not data["changes"]:
        lines.append("  (none)" if lang == "en" else "  （変更なし）")
    for c in data["changes"]:
        label = c["label_ja"] if lang == "ja" else c["label_en"]
        on = ", ".join(c["changed_on"])
        lines.append(f"- {label} [{c['rule']}] ({on})")
        for v in c["values"]:
            lines.append(f"    {v['path']}: {v['from']!r} → {v['to']!r}")
        for cite in c["citations_to"]:
            item = f" {cite['item']}" if cite["item"] else ""
            lines.append(f"    [{cite['source']}]{item} <{cite['url']}>")
    return "\n".join(lines) + "\n"
