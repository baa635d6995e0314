"""Human-readable renderings of an evaluation: rich text tables and Markdown, in its language."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from kodo.explanation.evaluation import Evaluation
from kodo.i18n import Message, Param, render, sentences
from kodo.items import Registry
from kodo.results.evaluation import CategoryResult
from kodo.shells.wrap import wrap


def label(code: str, lang: str, **params: Param) -> str:
    return render(Message.of(f"cli.{code}", **params), lang)


def shown(cat: CategoryResult, registry: Registry) -> list[tuple[str, int, str]]:
    """Rows worth showing: scored items, the core items, and anything claimed but withheld."""
    rows = []
    for it in cat.items:
        core = it.id in registry.row and registry.item(it.id).core
        if it.status == "not_claimed" and not core:
            continue
        rows.append((it.label, it.points, it.reason))
    return rows


def _day(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def _rules_line(result: Evaluation) -> str:
    return label(
        "rules_line", result.lang, book=result.rules.book, version=result.rules.version[:15],
        since=_day(result.rules.effective_from),
    )  # fmt: skip


def _head(result: Evaluation) -> str:
    lang = result.lang
    day = render(Message.of("cli.value", value=_day(result.reference_date)), lang)
    age = result.age if result.age is not None else "—"
    return (
        f"{label('date', lang)}: {day}    {label('age', lang)}: {age}\n"
        f"{label('rules', lang)}: {_rules_line(result)}"
    )


def render_text(result: Evaluation, color: bool = True, width: int = 100) -> str:
    """Tables per category: items, total against 70 and 80, verdict, shortfall, warnings.

    Every text is wrapped here (between words, or between characters in Japanese and Chinese
    with closing punctuation kept off the start of a line), so the output reads well at any
    terminal width from 60 columns.
    """
    from rich.cells import cell_len
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    lang = result.lang
    registry = result.registry
    buf = io.StringIO()
    console = Console(
        file=buf, force_terminal=color, color_system="standard" if color else None, width=width
    )

    def lines(text: str, cells: int = width, style: str = "") -> Text:
        return Text("\n".join(wrap(text, cells)), style=style)

    console.print(lines(_head(result)))
    points_w = max(cell_len(label("points", lang)), 4)
    content = width - 10  # three columns: four borders and a cell of padding on each side
    item_w = max(12, (content - points_w) * 5 // 13)
    why_w = content - points_w - item_w
    for cat in result.categories.values():
        mark = "✔" if cat.eligible else "✘"
        console.print(lines(f"{mark} {cat.label}", style="bold"))
        table = Table()
        table.add_column(label("item", lang), width=item_w, no_wrap=True)
        table.add_column(label("points", lang), justify="right", width=points_w, no_wrap=True)
        table.add_column(label("why", lang), width=why_w, no_wrap=True)
        for name, pts, why in shown(cat, registry):
            table.add_row(lines(name, item_w), str(pts), lines(why, why_w))
        rng = ""
        if cat.range[0] != cat.range[1]:
            rng = "  " + label("range", lang, low=cat.range[0], high=cat.range[1])
        table.add_section()
        table.add_row(
            Text(label("total", lang), style="bold"),
            Text(str(cat.total), style="bold"),
            lines(f"/ {cat.threshold} · {cat.high_threshold}{rng}", why_w),
        )
        console.print(table)
        console.print(lines(cat.verdict_text, style="green" if cat.eligible else "red"))
        console.print(lines(cat.shortfall))
        console.print()
    best = result.categories.get(result.best_category)
    if best is not None and len(result.categories) > 1:
        console.print(lines(label("best", lang, category=best.label, total=best.total)))
    console.print(Text(label("jskip", lang), style="bold"))
    for key, js in result.j_skip.items():
        state = label("eligible" if js.eligible else "not_eligible", lang)
        name = render(Message.of(f"category.{key}.short"), lang)
        _bullet(console, f"  {name}: ", f"{state} — {sentences(js.reasons, lang)}", width)
    if result.warnings:
        console.print(Text(label("warnings", lang), style="bold yellow"))
        for w in result.warnings:
            _bullet(console, "  • ", w, width)
    console.print(lines(label("disclaimer", lang), style="dim"))
    return buf.getvalue()


def _bullet(console: Any, head: str, text: str, width: int) -> None:
    """``head`` then ``text`` wrapped with a hanging indent under it."""
    from rich.cells import cell_len
    from rich.text import Text

    indent = cell_len(head)
    body = wrap(text, width - indent)
    console.print(Text("\n".join([head + body[0], *(" " * indent + x for x in body[1:])])))


def render_markdown(result: Evaluation) -> str:
    lang = result.lang
    day = render(Message.of("cli.value", value=_day(result.reference_date)), lang)
    out = [
        f"# {label('title', lang)} ({day})",
        "",
        f"- {label('age', lang)}: {result.age if result.age is not None else '—'}",
        f"- {label('rules', lang)}: {_rules_line(result)}",
        "",
    ]
    for cat in result.categories.values():
        out += [
            f"## {cat.label}",
            "",
            f"| {label('item', lang)} | {label('points', lang)} | {label('why', lang)} |",
            "|---|---:|---|",
        ]
        for name, pts, why in shown(cat, result.registry):
            out.append(f"| {name} | {pts} | {why.replace('|', '/')} |")
        out.append(
            f"| **{label('total', lang)}** | **{cat.total}** | / {cat.threshold} · "
            f"{cat.high_threshold} |"
        )
        out += ["", f"**{cat.verdict_text}**", "", cat.shortfall, ""]
    out += [f"## {label('jskip', lang)}", ""]
    for key, js in result.j_skip.items():
        state = label("eligible" if js.eligible else "not_eligible", lang)
        name = render(Message.of(f"category.{key}.short"), lang)
        out.append(f"- **{name}**: {state} — {sentences(js.reasons, lang)}")
    if result.warnings:
        out += ["", f"## {label('warnings', lang)}", ""] + [f"- {w}" for w in result.warnings]
    out += ["", f"_{label('disclaimer', lang)}_", ""]
    return "\n".join(out)
