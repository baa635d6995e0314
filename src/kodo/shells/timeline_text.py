"""Plain-text and Markdown renderings of the timeline results (in the result's language)."""

from __future__ import annotations

from typing import Any

from kodo.jsondata import to_data

_FLAT = {"routes"}  # lists shown at the level of their parent


def render_timeline(result: Any, markdown: bool = False) -> str:
    """Every ``text`` of the result, indented by nesting (lists of notes as bullets)."""
    out: list[str] = []
    _walk(to_data(result), out, markdown, 0)
    return "\n".join(out) + "\n"


def _walk(node: Any, out: list[str], md: bool, depth: int) -> None:
    if isinstance(node, dict):
        text = node.get("text")
        if isinstance(text, str) and text:
            out.append(("  " * depth) + ("- " if md and depth else "") + text)
        for key, value in node.items():
            if isinstance(value, (dict, list)) and value and key not in ("sources", "rules"):
                _walk(value, out, md, depth + (0 if key in _FLAT else 1))
    elif isinstance(node, list):
        for item in node:
            _walk(item, out, md, depth)
