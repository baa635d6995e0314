"""Plain-text and Markdown renderings of the timeline results (in the result's language).

Every ``text`` of the result, in order, indented by nesting; the lists that stand on their
own (the checklist of what kodo does not check, warnings, renewals, suggestions, …) get a
heading from the catalogue; lists that only repeat what a sentence already says (the causes
of a change) are left to the JSON.
"""

from __future__ import annotations

from typing import Any

from kodo.i18n import Message, render
from kodo.jsondata import to_data
from kodo.shells.wrap import wrap

HEADINGS = (
    "changes", "renewals", "suggestions", "reach_pass", "reach_high", "pr_effect",
    "not_checked", "warnings",
)  # fmt: skip
SKIP = {"causes", "sources", "rules"}
FLAT = {"routes", "categories", "a", "b", "c"}  # shown at the level of their parent


def render_timeline(result: Any, markdown: bool = False, width: int | None = None) -> str:
    """The result as text (wrapped at ``width`` with hanging indents) or Markdown."""
    data = to_data(result)
    out: list[tuple[int, str]] = []
    _walk(data, out, markdown, 0, data.get("lang", "en"))
    lines = []
    for depth, text in out:
        if markdown:
            lines.append(text if depth == 0 else "  " * (depth - 1) + "- " + text)
        elif width is None:
            lines.append("  " * depth + text)
        else:
            # An entry of a list continues two columns further in, so each entry stands out.
            indent, hang = "  " * depth, "  " * (depth + (depth > 0))
            first, *rest = wrap(text, width - len(hang))
            lines += [indent + first, *(hang + part for part in rest)]
    return "\n".join(lines) + "\n"


def _line(out: list[tuple[int, str]], text: str, md: bool, depth: int) -> None:
    out.append((depth, text))


def _walk(node: Any, out: list[tuple[int, str]], md: bool, depth: int, lang: str) -> None:
    if isinstance(node, dict):
        text = node.get("text")
        if isinstance(text, str) and text:
            _line(out, text, md, depth)
        for key, value in node.items():
            if key in SKIP or not isinstance(value, (dict, list)) or not value:
                continue
            if key in HEADINGS:
                heading = render(Message.of(f"cli.heading.{key}"), lang)
                _line(out, f"**{heading}**" if md and depth == 0 else heading, md, depth)
                _walk(value, out, md, depth + 1, lang)
            else:
                _walk(value, out, md, depth + (0 if key in FLAT else 1), lang)
    elif isinstance(node, list):
        for item in node:
            _walk(item, out, md, depth, lang)
