"""Plain-text and Markdown renderings of the timeline results (in the result's language).

A heading (what was asked), the date or period, the category watched and the rules used;
then every ``text`` of the result, in order, indented by nesting. A route, variant or renewal
that passes is marked ✔ and one that fails ✘, passing variants first. The lists that stand
on their own (the checklist of what kodo does not check, warnings, renewals, suggestions, …)
get a heading from the catalogue; lists that only repeat what a sentence already says (the
causes of a change) are left to the JSON.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kodo.i18n import Message, render
from kodo.jsondata import to_data
from kodo.shells.blocks import day, label, pair, rules_text
from kodo.shells.wrap import wrap

HEADINGS = (
    "changes", "renewals", "suggestions", "reach_pass", "reach_high", "pr_effect",
    "not_checked", "warnings", "notes",
)  # fmt: skip
SKIP = {"causes", "sources", "rules", "headings", "citation", "failing"}
FLAT = {"routes", "categories", "a", "b", "c"}  # shown at the level of their parent
KINDS = {
    "kodo.permanent_residence.v1": "pr", "kodo.hsp2.v1": "hsp2",
    "kodo.forecast.v1": "forecast", "kodo.advice.v1": "advice",
}  # fmt: skip
PASS_KEYS = ("open", "passes", "met")  # a boolean that says whether the thing passes


def head(data: dict[str, Any]) -> list[str]:
    """The heading lines of a timeline result: title, date or period, category, rules."""
    lang = data.get("lang", "en")
    kind = KINDS.get(str(data.get("format")), "pr")
    out = [label(f"titles.{kind}", lang)]
    if data.get("start") and data.get("end"):
        span = label("period", lang, start=_iso(data["start"]), end=_iso(data["end"]))
        out.append(pair(label("span", lang), span, lang))
    else:
        out.append(pair(label("date", lang), day(data.get("on") or data.get("day"), lang), lang))
    category = data.get("category") or data.get("category_now") or _judged_category(data)
    status = str(data.get("current_status") or "")
    if not category and status.startswith("hsp1_"):  # the category of the status held
        category = status.removeprefix("hsp1_")
    if isinstance(category, str) and category in ("a", "b", "c"):
        name = render(Message.of(f"category.{category}.name"), lang)
        if data.get("basis") == "best" and len(data.get("categories") or {}) > 1:
            name = label("all_categories", lang, category=name)  # every category is advised
        out.append(label("category_line", lang, category=name))
    rules = data.get("rules")
    if isinstance(rules, dict) and rules.get("effective_from"):
        line = rules_text(
            str(rules.get("book", "")), str(rules["version"]), str(rules["effective_from"]), lang
        )
        out.append(pair(label("rules", lang), line, lang))
    return out


def _judged_category(node: Any) -> str | None:
    """The category that judged the result's own date (its first judged day), if any."""
    if isinstance(node, dict):
        if isinstance(node.get("category"), str) and "basis" in node and "date" in node:
            return str(node["category"])
        children = [v for k, v in node.items() if k in ("routes", "now", "judged")]
    elif isinstance(node, list):
        children = node
    else:
        return None
    for child in children:
        found = _judged_category(child)
        if found is not None:
            return found
    return None


def _iso(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def render_timeline(
    result: Any, markdown: bool = False, width: int | None = None, heading: bool = True,
    details: bool = False,
) -> str:  # fmt: skip
    """The result as text (wrapped at ``width`` with hanging indents) or Markdown; with
    ``details`` the citations of each route and the sources' addresses."""
    data = to_data(result)
    lang = data.get("lang", "en")
    out: list[tuple[int, str]] = []
    _walk(data, out, markdown, 0, lang, data.get("headings") or {}, details)
    if details:
        out += _citations(data, markdown, lang)
    lines = []
    if heading:
        title, *rest = head(data)
        if markdown:
            lines += [f"# {title}", "", *(f"- {line}" for line in rest)]
        else:
            for line in [title, *rest]:
                lines += wrap(line, width or 10**6, lang)
            lines.append("")
    for depth, text in out:
        if markdown:  # a paragraph of its own, or an entry of a list
            lines += ["", text] if depth == 0 else ["  " * (depth - 1) + "- " + text]
        elif width is None:
            lines.append("  " * depth + text)
        else:
            # An entry of a list continues two columns further in, so each entry stands out.
            indent, hang = "  " * depth, "  " * (depth + (depth > 0))
            if text.startswith(("http://", "https://")):  # an address stays whole, to copy
                lines.append((indent if len(indent) + len(text) <= width else "") + text)
                continue
            if text[:2] in ("✔ ", "✘ "):
                hang += "  "
            first, *more = wrap(text, width - len(hang), lang)
            lines += [indent + first, *(hang + part for part in more)]
    return "\n".join(lines) + "\n"


def _citations(data: dict[str, Any], md: bool, lang: str) -> list[tuple[int, str]]:
    """Each route's citations, then each source cited with its address."""
    out: list[tuple[int, str]] = []
    tags: list[str] = []
    for route in data.get("routes") or []:
        refs = route.get("citation") or []
        if not refs:
            continue
        cites = "; ".join(f"[{c['source']}] {c['item']}" if c.get("item") else f"[{c['source']}]"
                          for c in refs)  # fmt: skip
        out.append((1, pair(route.get("label", ""), cites, lang)))
        tags += [c["source"] for c in refs if c["source"] not in tags]
    if not out:
        return []
    sources = data.get("sources") or {}
    head = label("details", lang)
    listed: list[tuple[int, str]] = []
    for t in (t for t in tags if t in sources):
        title, url = f"[{t}] {sources[t]['title']}", sources[t]["url"]
        listed += [(1, f"{title} <{url}>")] if md else [(1, title), (2, url)]
    title = label("sources", lang)
    return [(0, f"**{head}**" if md else head), *out, (0, f"**{title}**" if md else title),
            *listed]  # fmt: skip


def _texts(node: Any) -> list[str]:
    """Every text of a subtree."""
    if isinstance(node, dict):
        own = [node["text"]] if isinstance(node.get("text"), str) and node["text"] else []
        return own + [t for k, v in node.items() if k not in SKIP for t in _texts(v)]
    if isinstance(node, list):
        return [t for x in node for t in _texts(x)]
    return []


def _mark_free(text: str, said: set[str]) -> bool:
    return any(line.endswith(text) for line in said)


def _mark(node: dict[str, Any]) -> str:
    for key in PASS_KEYS:
        if isinstance(node.get(key), bool) and ("variant" in node or "route" in node
                                                or key != "open"):  # fmt: skip
            return "✔ " if node[key] else "✘ "
    return ""


def _walk(
    node: Any, out: list[tuple[int, str]], md: bool, depth: int, lang: str,
    titles: dict[str, str], details: bool = False,
) -> None:  # fmt: skip
    if isinstance(node, dict):
        text = node.get("text")
        if isinstance(text, str) and text and not any(text in line for _, line in out[-3:]):
            out.append((depth, _mark(node) + text))  # (not when its parent said it already)
        for key, value in node.items():
            if key == "items" and details and isinstance(value, dict) and value:
                out.append((depth + 1, _breakdown(value, lang)))  # a judged day's points
                continue
            if key in SKIP or not isinstance(value, (dict, list)) or not value:
                continue
            if key in HEADINGS or key in titles:
                said = {line for _, line in out}
                if all(t in said or _mark_free(t, said) for t in _texts(value)):
                    continue  # a section that only repeats what was said above
                title = titles.get(key) or render(Message.of(f"cli.heading.{key}"), lang)
                out.append((depth, f"**{title}**" if md and depth == 0 else title))
                _walk(value, out, md, depth + 1, lang, titles, details)
            else:
                deeper = depth + (0 if key in FLAT else 1)
                _walk(value, out, md, deeper, lang, titles, details)
    elif isinstance(node, list):
        if node and all(isinstance(x, dict) and "variant" in x for x in node):
            node = sorted(node, key=lambda x: not x.get("open"))  # passing variants first
        for item in node:
            _walk(item, out, md, depth, lang, titles, details)


def _breakdown(items: dict[str, Any], lang: str) -> str:
    """The points of each item on a judged day: ``Academic background: 20 points · …``."""
    from kodo.explanation.row import item_label

    parts = tuple(
        label("item_points", lang, item=render(item_label(k), lang), points=int(v))
        for k, v in items.items()
        if isinstance(v, int)
    )
    return label("value", lang, value=parts)  # joined as the language lists
