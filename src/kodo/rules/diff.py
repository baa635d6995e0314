"""Every rule value that differs between two dates, with the citations of both versions."""

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
    return [{"source": c.source, "item": c.item} for c in v.citations]


def diff(book: RuleBook, first: dt.date, second: dt.date) -> dict[str, Any]:
    """Every value that changed between ``first`` and ``second`` (in either order)."""
    a, b = book.at(first), book.at(second)
    changes = []
    tags: dict[str, None] = {}
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
        for c in (*va.citations, *vb.citations):
            tags[c.source] = None
        changes.append(
            {
                "rule": rule_id,
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
        "rules_version": book.id,
        "changes": changes,
        "sources": {
            t: {"title": book.sources[t].title_ja, "title_en": book.sources[t].title_en,
                "url": book.sources[t].url}
            for t in tags
        },
    }  # fmt: skip
