"""The resources of ``kodo mcp``: the applicant format's JSON Schema and a short guide to the
rules, in each language.

The guide is the web page's questions as Markdown: each section of the applicant format, each
field with its label, its help (what counts as experience, which salary counts, …) and its
values, every sentence from the catalogue with the figures of the rules in force on the day
(``kodo.shells.web.form``, which needs no web server).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from kodo.i18n import Message, languages, render, sentences
from kodo.shells.blocks import pair
from kodo.shells.mcp_tools import GUIDE_URI, SCHEMA_URI

_ROW = re.compile(r"\.\d+\.")  # degrees.0.level -> degrees[].level


def resources(lang: str) -> list[dict[str, Any]]:
    """The resources listed (described in ``lang``): uri, name, description, mime type."""
    out = [
        {
            "uri": SCHEMA_URI,
            "name": "applicant-schema",
            "description": render(Message.of("mcp.resource.schema"), lang),
            "mime_type": "application/schema+json",
        }
    ]
    for code in languages():
        name = Message.of(f"mcp.resource.language.{code}")
        out.append(
            {
                "uri": GUIDE_URI.format(lang=code),
                "name": f"guide-{code}",
                "description": render(Message.of("mcp.resource.guide", language=name), lang),
                "mime_type": "text/markdown",
            }
        )
    return out


def read(uri: str) -> tuple[str, str] | None:
    """(text, mime type) of the resource at ``uri``, or None if there is none."""
    if uri == SCHEMA_URI:
        from kodo.shells.mcp_tools import applicant_schema

        text = json.dumps(applicant_schema(), ensure_ascii=False, indent=2)
        return text, "application/schema+json"
    for code in languages():
        if uri == GUIDE_URI.format(lang=code):
            return guide(code), "text/markdown"
    return None


def guide(lang: str, day: dt.date | None = None) -> str:
    """The short guide in ``lang`` on the rules in force on ``day`` (default today)."""
    from kodo.shells.web.form import Context
    from kodo.shells.web.form_spec import SECTIONS

    day = day or dt.date.today()
    ctx = Context(lang, {}, day)

    def say(code: str, **params: Any) -> str:
        return render(Message.of(code, **params), lang)

    lines = [f"# {say('mcp.resource.guide_title', day=day)}", "", say("mcp.resource.guide_intro")]
    for section in SECTIONS:
        s = ctx.section(section)
        lines += ["", f"## {s['legend']}"]
        if s["intro"]:
            lines += ["", s["intro"]]
        lines.append("")
        for q in s["questions"]:
            if q["type"] == "list":
                lines.append("- " + pair(f"**{q['title']}** (`{q['path']}[]`)", q["help"], lang))
                lines += [_entry(f, lang, "  ") for f in q["template"]["fields"]]
            else:
                lines.append(_entry(q, lang))
    lines += _over_time(ctx.book.at(day), lang)
    return "\n".join(lines) + "\n"


def _over_time(snap: Any, lang: str) -> list[str]:
    """What the page does not ask: the routes to permanent residence and HSP(ii) (the figures
    of the rules in force) and the facts they need, the parts of pay and the family."""
    from kodo.rules.values import Hsp2, PermanentResidence

    def say(code: str, **params: Any) -> str:
        return render(Message.of(f"mcp.guide.{code}", **params), lang)

    lines = ["", f"## {say('heading')}", "", "- " + say("pr_facts")]
    pr = snap.value("permanent_residence", PermanentResidence)
    if pr is not None:
        for route in (pr.points_70, pr.points_80):
            if route is not None and route.points is not None:
                lines.append("- " + say("pr_points", points=route.points, years=route.years))
        if pr.j_skip is not None:
            lines.append("- " + say("pr_j_skip", years=pr.j_skip.years))
    hsp2 = snap.value("hsp2", Hsp2)
    if hsp2 is not None and hsp2.j_skip_years is not None:
        lines.append("- " + say("hsp2_j_skip", years=hsp2.years, j_skip_years=hsp2.j_skip_years))
    elif hsp2 is not None:
        lines.append("- " + say("hsp2", years=hsp2.years))
    for field in ("compensation", "household"):
        name = f"**{say(field + '_label')}** (`{field}`)"
        lines.append("- " + pair(name, say(field), lang))
    return lines


def _entry(field: dict[str, Any], lang: str, indent: str = "") -> str:
    path = _ROW.sub("[].", field["name"])
    texts = [t for t in (field["help"], field["more"]) if t]
    values = [c for c in field["choices"] if c["value"]]
    if values:
        said = tuple(f"`{c['value']}` ({c['text']})" for c in values)
        texts.append(render(Message.of("mcp.resource.values", values=said), lang))
    return indent + "- " + pair(f"**{field['label']}** (`{path}`)", sentences(texts, lang), lang)


__all__ = ["guide", "read", "resources"]
