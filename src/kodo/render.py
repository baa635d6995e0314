"""Human-readable renderings of an :class:`Evaluation`: rich text tables and Markdown."""

from __future__ import annotations

import io

from kodo.result import CategoryResult, Evaluation

_HEAD = {
    "en": {
        "item": "Item",
        "points": "Points",
        "why": "Why",
        "total": "Total",
        "jskip": "J-Skip (Specially Highly Skilled Professional)",
        "warnings": "Warnings",
        "best": "Best category",
        "rules": "Rules",
        "date": "Reference date",
        "age": "Age",
        "eligible": "eligible",
        "not_eligible": "not eligible",
        "range": "possible range",
        "since": "in force from",
        "disclaimer": (
            "kodo is not legal advice; check with the Immigration Services Agency or a 行政書士."
        ),
    },
    "ja": {
        "item": "項目",
        "points": "点数",
        "why": "理由",
        "total": "合計",
        "jskip": "特別高度人材（J-Skip）",
        "warnings": "注意",
        "best": "最も有利な区分",
        "rules": "基準",
        "date": "基準日",
        "age": "年齢",
        "eligible": "該当",
        "not_eligible": "非該当",
        "range": "取り得る範囲",
        "since": "施行日",
        "disclaimer": (
            "kodoは法的助言ではありません。出入国在留管理庁又は行政書士に確認してください。"
        ),
    },
}


_CORE_ITEMS = ("education", "career", "salary", "age")


def _shown(cat: CategoryResult, lang: str) -> list[tuple[str, int, str]]:
    """Rows worth showing: scored items, core items, and anything claimed but withheld."""
    rows = []
    for it in cat.items:
        if it.status == "not_claimed" and it.id not in _CORE_ITEMS:
            continue
        label = it.label_ja if lang == "ja" else it.label_en
        rows.append((label, it.points, it.reason_ja if lang == "ja" else it.reason_en))
    return rows


def render_text(
    result: Evaluation, lang: str | None = None, color: bool = True, width: int = 110
) -> str:
    """Rich tables per category: items, total against 70 and 80, verdict, shortfall, warnings."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    lang = lang or result.lang
    h = _HEAD[lang]
    buf = io.StringIO()
    console = Console(
        file=buf, force_terminal=color, color_system="standard" if color else None, width=width
    )
    age = result.age if result.age is not None else "—"
    rules = (
        f"{result.rules.book} {result.rules.version} ({h['since']} {result.rules.effective_from})"
    )
    head = (
        f"{h['date']}: {result.reference_date or '—'}    {h['age']}: {age}    {h['rules']}: {rules}"
    )
    console.print(head)
    for cat in result.categories.values():
        label = cat.label_ja if lang == "ja" else cat.label_en
        mark = "✔" if cat.eligible else "✘"
        table = Table(title=f"{mark} {label}", title_justify="left", show_lines=False, expand=True)
        table.add_column(h["item"], ratio=4, min_width=20, overflow="fold")
        table.add_column(h["points"], justify="right", width=6)
        table.add_column(h["why"], ratio=9, overflow="fold")
        for name, pts, why in _shown(cat, lang):
            table.add_row(name, str(pts), why)
        rng = (
            ""
            if cat.range[0] == cat.range[1]
            else f"  ({h['range']}: {cat.range[0]}–{cat.range[1]})"
        )
        table.add_section()
        table.add_row(
            Text(h["total"], style="bold"),
            Text(str(cat.total), style="bold"),
            Text(f"/ {cat.threshold} · {cat.high_threshold}{rng}"),
        )
        console.print(table)
        style = "green" if cat.eligible else "red"
        console.print(Text(cat.verdict_ja if lang == "ja" else cat.verdict_en, style=style))
        console.print(cat.shortfall)
        console.print()
    best = result.categories.get(result.best_category)
    if best is not None and len(result.categories) > 1:
        console.print(
            f"{h['best']}: {best.label_ja if lang == 'ja' else best.label_en} ({best.total})"
        )
    console.print(f"[bold]{h['jskip']}[/bold]" if color else h["jskip"])
    for key, js in result.j_skip.items():
        state = h["eligible"] if js.eligible else h["not_eligible"]
        console.print(f"  {key}: {state} — {' '.join(js.reasons)}")
    if result.warnings:
        console.print(f"[bold yellow]{h['warnings']}[/bold yellow]" if color else h["warnings"])
        for w in result.warnings:
            console.print(f"  • {w}")
    console.print(Text(h["disclaimer"], style="dim"))
    return buf.getvalue()


def render_markdown(result: Evaluation, lang: str | None = None) -> str:
    lang = lang or result.lang
    h = _HEAD[lang]
    out = [
        f"# kodo evaluation ({result.reference_date or '—'})",
        "",
        f"- {h['age']}: {result.age if result.age is not None else '—'}",
        f"- {h['rules']}: {result.rules.book} {result.rules.version}, "
        f"{h['since']} {result.rules.effective_from}",
        "",
    ]
    for cat in result.categories.values():
        label = cat.label_ja if lang == "ja" else cat.label_en
        out += [
            f"## {label}",
            "",
            f"| {h['item']} | {h['points']} | {h['why']} |",
            "|---|---:|---|",
        ]
        for name, pts, why in _shown(cat, lang):
            out.append(f"| {name} | {pts} | {why.replace('|', '/')} |")
        out.append(
            f"| **{h['total']}** | **{cat.total}** | / {cat.threshold} · {cat.high_threshold} |"
        )
        out += ["", f"**{cat.verdict_text}**", "", cat.shortfall, ""]
    out += [f"## {h['jskip']}", ""]
    for key, js in result.j_skip.items():
        state = h["eligible"] if js.eligible else h["not_eligible"]
        out.append(f"- **{key}**: {state} — {' '.join(js.reasons)}")
    if result.warnings:
        out += ["", f"## {h['warnings']}", ""] + [f"- {w}" for w in result.warnings]
    out += ["", f"_{h['disclaimer']}_", ""]
    return "\n".join(out)
