"""Human-readable renderings of an evaluation: rich text tables and Markdown, in its language."""

from __future__ import annotations

import io

from kodo.explanation.evaluation import Evaluation
from kodo.i18n import Message, render
from kodo.items import Registry
from kodo.results.evaluation import CategoryResult


def label(code: str, lang: str, **params: object) -> str:
    return render(Message.of(f"cli.{code}", **params), lang)  # type: ignore[arg-type]


def shown(cat: CategoryResult, registry: Registry) -> list[tuple[str, int, str]]:
    """Rows worth showing: scored items, the core items, and anything claimed but withheld."""
    rows = []
    for it in cat.items:
        core = it.id in registry.row and registry.item(it.id).core
        if it.status == "not_claimed" and not core:
            continue
        rows.append((it.label, it.points, it.reason))
    return rows


def _head(result: Evaluation) -> str:
    lang = result.lang
    age = result.age if result.age is not None else "—"
    rules = label(
        "rules_line", lang, book=result.rules.book, version=result.rules.version[:15],
        since=result.rules.effective_from,
    )  # fmt: skip
    day = result.reference_date or "—"
    return (
        f"{label('date', lang)}: {day}    {label('age', lang)}: {age}    "
        f"{label('rules', lang)}: {rules}"
    )


def render_text(result: Evaluation, color: bool = True, width: int = 100) -> str:
    """Tables per category: items, total against 70 and 80, verdict, shortfall, warnings."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    lang = result.lang
    registry = result.registry
    buf = io.StringIO()
    console = Console(
        file=buf, force_terminal=color, color_system="standard" if color else None, width=width
    )
    console.print(Text(_head(result)))
    for cat in result.categories.values():
        mark = "✔" if cat.eligible else "✘"
        table = Table(title=f"{mark} {cat.label}", title_justify="left", expand=True)
        table.add_column(label("item", lang), ratio=4, min_width=14, overflow="fold")
        table.add_column(label("points", lang), justify="right", min_width=4, no_wrap=True)
        table.add_column(label("why", lang), ratio=9, overflow="fold")
        for name, pts, why in shown(cat, registry):
            table.add_row(Text(name), str(pts), Text(why))
        rng = ""
        if cat.range[0] != cat.range[1]:
            rng = "  " + label("range", lang, low=cat.range[0], high=cat.range[1])
        table.add_section()
        table.add_row(
            Text(label("total", lang), style="bold"),
            Text(str(cat.total), style="bold"),
            Text(f"/ {cat.threshold} · {cat.high_threshold}{rng}"),
        )
        console.print(table)
        console.print(Text(cat.verdict_text, style="green" if cat.eligible else "red"))
        console.print(Text(cat.shortfall))
        console.print()
    best = result.categories.get(result.best_category)
    if best is not None and len(result.categories) > 1:
        console.print(Text(label("best", lang, category=best.label, total=best.total)))
    console.print(Text(label("jskip", lang), style="bold"))
    for key, js in result.j_skip.items():
        state = label("eligible" if js.eligible else "not_eligible", lang)
        console.print(Text(f"  {key}: {state} — {' '.join(js.reasons)}"))
    if result.warnings:
        console.print(Text(label("warnings", lang), style="bold yellow"))
        for w in result.warnings:
            console.print(Text(f"  • {w}"))
    console.print(Text(label("disclaimer", lang), style="dim"))
    return buf.getvalue()


def render_markdown(result: Evaluation) -> str:
    lang = result.lang
    out = [
        f"# {label('title', lang)} ({result.reference_date or '—'})",
        "",
        f"- {label('age', lang)}: {result.age if result.age is not None else '—'}",
        f"- {label('rules', lang)}: "
        + label(
            "rules_line", lang, book=result.rules.book, version=result.rules.version[:15],
            since=result.rules.effective_from,
        ),
        "",
    ]  # fmt: skip
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
        out.append(f"- **{key}**: {state} — {' '.join(js.reasons)}")
    if result.warnings:
        out += ["", f"## {label('warnings', lang)}", ""] + [f"- {w}" for w in result.warnings]
    out += ["", f"_{label('disclaimer', lang)}_", ""]
    return "\n".join(out)
