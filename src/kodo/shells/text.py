"""Human-readable renderings of an evaluation — text (tables that fit the terminal, stacked
blocks on a narrow one) and Markdown — in the result's language.

Each has a heading, the date, the category, the rules used, a section per category (items,
total, verdict), J-Skip, warnings, the next step for a person who is not eligible, and with
``details`` the documents that prove each point and the sources cited.
"""

from __future__ import annotations

import io

from kodo.explanation.evaluation import Evaluation
from kodo.i18n import Message, render, sentences
from kodo.items import Registry
from kodo.results.evaluation import CategoryResult, ItemResult
from kodo.shells.blocks import (
    NARROW,
    bullet,
    citation,
    day,
    label,
    pair,
    para,
    rules_text,
    sources,
)

__all__ = ["label", "render_markdown", "render_text", "shown"]


def shown_items(cat: CategoryResult, registry: Registry) -> list[ItemResult]:
    """Items worth showing: scored items, the core items, and anything claimed but withheld."""
    return [
        it
        for it in cat.items
        if it.status != "not_claimed" or (it.id in registry.row and registry.item(it.id).core)
    ]


def shown(cat: CategoryResult, registry: Registry) -> list[tuple[str, int, str]]:
    """(label, points, reason) of the items worth showing."""
    return [(it.label, it.points, it.reason) for it in shown_items(cat, registry)]


def _rules_line(result: Evaluation) -> str:
    r = result.rules
    return rules_text(r.book, r.version, r.effective_from, result.lang)


def _head(result: Evaluation) -> list[str]:
    """Title, date and age, category, rules: one line each (wrapped later)."""
    lang = result.lang
    cats = result.categories
    best = cats.get(result.best_category)
    name = best.label if best is not None else result.best_category
    category = name if len(cats) == 1 else label("all_categories", lang, category=name)
    age = result.age if result.age is not None else "—"
    return [
        label("title", lang),
        pair(label("date", lang), day(result.reference_date, lang), lang)
        + " · "
        + pair(label("age", lang), age, lang),
        label("category_line", lang, category=category),
        pair(label("rules", lang), _rules_line(result), lang),
    ]


def _marks(cat: CategoryResult, lang: str) -> str:
    text = label("marks", lang, pass_mark=cat.threshold, high_mark=cat.high_threshold)
    if cat.range[0] != cat.range[1]:
        text += " " + label("range", lang, low=cat.range[0], high=cat.range[1])
    return text


def _summary(cat: CategoryResult) -> list[str]:
    """The verdict, and the shortfall line only where it adds to it (it never contradicts
    the verdict: a salary below the floor is not followed by "both marks reached")."""
    return [cat.verdict_text] + ([cat.shortfall] if cat.verdict == "short" else [])


def _items(result: Evaluation) -> list[tuple[str, list[str], list[str]]]:
    """Each item listed (once over the categories shown): its label, the documents that prove
    it where it scores, and its citations (also of a rule that withholds it)."""
    found: dict[str, tuple[str, list[str], list[str]]] = {}
    for cat in result.categories.values():
        for it in cat.items:
            _name, docs, cites = found.setdefault(it.id, (it.label, [], []))
            docs += [d for d in it.evidence if d not in docs]
            cites += [citation(c) for c in it.citation if citation(c) not in cites]
    return list(found.values())


def _tags(result: Evaluation) -> list[str]:
    tags: list[str] = []
    for cat in result.categories.values():
        for it in cat.items:
            tags += [c.source for c in it.citation if c.source not in tags]
    return tags


def _details(result: Evaluation, width: int) -> tuple[list[str], list[str]]:
    """The documents and citations of each item, as lines; and the tags of the sources."""
    lang = result.lang
    out: list[str] = []
    for name, docs, cites in _items(result):
        out += bullet(name, width, lang)
        if docs:
            text = pair(label("evidence", lang), "; ".join(docs), lang)
            out += para(text, width, lang, "    ", "      ")
        if cites:
            text = pair(label("citation", lang), "; ".join(cites), lang)
            out += para(text, width, lang, "    ", "      ")
    return out, _tags(result)


def qualifies(result: Evaluation) -> bool:
    """Eligible in some category shown, on points or as J-Skip (whatever the points)."""
    return any(c.eligible or result.j_skip[k].eligible for k, c in result.categories.items())


def _next_step(result: Evaluation) -> bool:
    return not qualifies(result)


def render_text(
    result: Evaluation, color: bool = True, width: int = 100, details: bool = False,
    file: str = "FILE",
) -> str:  # fmt: skip
    """The evaluation as text of at most ``width`` columns (tables from 60 columns, stacked
    blocks below), bold and coloured when ``color``."""
    from rich.console import Console
    from rich.text import Text

    lang = result.lang
    buf = io.StringIO()
    console = Console(
        file=buf, force_terminal=color, color_system="standard" if color else None,
        width=width, highlight=False, soft_wrap=True,
    )  # fmt: skip

    def say(lines: list[str], style: str = "") -> None:
        for line in lines:
            console.print(Text(line, style=style))

    head = _head(result)
    say(para(head[0], width, lang), "bold")
    for line in head[1:]:
        say(para(line, width, lang))
    for cat in result.categories.values():
        console.print()
        mark = "✔" if cat.eligible else "✘"
        say(para(f"{mark} {cat.label}", width, lang), "bold")
        if width >= NARROW:
            console.print(_table(cat, result.registry, lang, width))
        else:
            say(_stacked(cat, result.registry, lang, width))
        for line in _summary(cat):
            say(para(line, width, lang), "green" if cat.eligible else "red")
    console.print()
    say(para(label("jskip", lang), width, lang), "bold")
    for key, js in result.j_skip.items():
        state = label("eligible" if js.eligible else "not_eligible", lang)
        name = render(Message.of(f"category.{key}.short"), lang)
        say(bullet(pair(name, f"{state} — {sentences(js.reasons, lang)}", lang), width, lang))
    if result.warnings:
        say(para(label("warnings", lang), width, lang), "bold yellow")
        for w in result.warnings:
            say(bullet(w, width, lang))
    pr = result.data.permanent_residence
    if pr is not None:
        from kodo.shells.timeline_text import render_timeline

        console.print()
        say(para(label("titles.pr", lang), width, lang), "bold")
        say(render_timeline(pr, width=width, heading=False).rstrip("\n").split("\n"))
    if _next_step(result):
        console.print()
        say(para(label("next_step", lang, file=file), width, lang), "bold")
    console.print()
    if details:
        lines, tags = _details(result, width)
        say(para(label("details", lang), width, lang), "bold")
        say(lines)
        say(para(label("sources", lang), width, lang), "bold")
        say(sources(tags, result.sources, width, lang))
    else:
        say(para(label("details_hint", lang), width, lang), "dim")
    say(para(label("disclaimer", lang), width, lang), "dim")
    return buf.getvalue()


def _table(cat: CategoryResult, registry: Registry, lang: str, width: int) -> object:
    """Item, points and why, each cell wrapped by words (phrases in Japanese) to its column."""
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    from kodo.shells.wrap import wrap

    def cell(text: str, cells: int, style: str = "") -> Text:
        return Text("\n".join(wrap(text, cells, lang)), style=style)

    points_w = max(cell_len(label("points", lang)), 4)
    content = width - 10  # three columns: four borders and a cell of padding on each side
    item_w = max(12, (content - points_w) * 5 // 13)
    why_w = content - points_w - item_w
    table = Table()
    table.add_column(label("item", lang), width=item_w, no_wrap=True)
    table.add_column(label("points", lang), justify="right", width=points_w, no_wrap=True)
    table.add_column(label("why", lang), width=why_w, no_wrap=True)
    for name, pts, why in shown(cat, registry):
        table.add_row(cell(name, item_w), str(pts), cell(why, why_w))
    table.add_section()
    table.add_row(
        cell(label("total", lang), item_w, "bold"), Text(str(cat.total), style="bold"),
        cell(_marks(cat, lang), why_w),
    )  # fmt: skip
    return table


def _stacked(cat: CategoryResult, registry: Registry, lang: str, width: int) -> list[str]:
    """The table as one block per item (for a narrow terminal)."""
    out: list[str] = []
    for name, pts, why in shown(cat, registry):
        out += para(label("item_points", lang, item=name, points=pts), width, lang)
        out += para(why, width, lang, "    ", "    ")
    out += para(label("item_points", lang, item=label("total", lang), points=cat.total), width,
                lang)  # fmt: skip
    out += para(_marks(cat, lang), width, lang, "    ", "    ")
    return out


def render_markdown(result: Evaluation, details: bool = False, file: str = "FILE") -> str:
    lang = result.lang
    title, *head = _head(result)
    out = [f"# {title}", "", *(f"- {line}" for line in head), ""]
    for cat in result.categories.values():
        out += [
            f"## {'✔' if cat.eligible else '✘'} {cat.label}",
            "",
            f"| {label('item', lang)} | {label('points', lang)} | {label('why', lang)} |",
            "|---|---:|---|",
        ]
        for name, pts, why in shown(cat, result.registry):
            out.append(f"| {name} | {pts} | {why.replace('|', '/')} |")
        out.append(f"| **{label('total', lang)}** | **{cat.total}** | {_marks(cat, lang)} |")
        out += ["", f"**{cat.verdict_text}**", ""]
        out += [line + "\n" for line in _summary(cat)[1:]]
    out += [f"## {label('jskip', lang)}", ""]
    for key, js in result.j_skip.items():
        state = label("eligible" if js.eligible else "not_eligible", lang)
        name = render(Message.of(f"category.{key}.short"), lang)
        out.append(f"- {pair(f'**{name}**', f'{state} — {sentences(js.reasons, lang)}', lang)}")
    if result.warnings:
        out += ["", f"## {label('warnings', lang)}", ""] + [f"- {w}" for w in result.warnings]
    pr = result.data.permanent_residence
    if pr is not None:
        from kodo.shells.timeline_text import render_timeline

        out += ["", f"## {label('titles.pr', lang)}", ""]
        out += [render_timeline(pr, markdown=True, heading=False)]
    if _next_step(result):
        out += ["", f"**{label('next_step', lang, file=file)}**"]
    if details:
        out += ["", f"## {label('details', lang)}", ""]
        for name, docs, cites in _items(result):
            out.append(f"- **{name}**")
            if docs:
                out.append(f"  - {pair(label('evidence', lang), '; '.join(docs), lang)}")
            if cites:
                out.append(f"  - {pair(label('citation', lang), '; '.join(cites), lang)}")
        out += ["", f"## {label('sources', lang)}", ""]
        for tag in _tags(result):
            info = result.sources.get(tag)
            if info is not None:
                out.append(f"- [{tag}] {info.title} <{info.url}>")
    out += ["", f"_{label('disclaimer', lang)}_", ""]
    return "\n".join(out)
