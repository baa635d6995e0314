"""Plain-text and Markdown rendering of the timeline results (one language at a time)."""

from __future__ import annotations

from typing import Any


def render(result: Any, lang: str, markdown: bool = False) -> str:
    from kodo.timeline.api import to_dict

    data = to_dict(result)
    out: list[str] = []
    _walk(data, lang, out, markdown, 0)
    return "\n".join(out) + "\n"


def _walk(node: Any, lang: str, out: list[str], md: bool, depth: int) -> None:
    if isinstance(node, dict):
        text = node.get(lang)
        if isinstance(text, str) and text:
            out.append(("  " * depth) + ("- " if md and depth else "") + text)
        for key, value in node.items():
            if isinstance(value, (dict, list)) and value:
                _walk(value, lang, out, md, depth + (1 if key != "routes" else 0))
    elif isinstance(node, list):
        for item in node:
            _walk(item, lang, out, md, depth)
