"""The page's results: the context of ``templates/results.html`` (interface used by ``page.py``).

- ``results_context(data, lang)``: the library's answers for the applicant data — the
  evaluation (with its permanent-residence block when the data give statuses or
  residence_since), advice, the forecast over :data:`FORECAST_YEARS` years and, with that
  block, HSP(ii) — each asked once, laid out for the template. Raises InputError for input
  the library refuses (``page.py`` turns it into the error summary).
- ``error_context(errors, lang)``: the same template with the error summary only.

No rule logic here: totals, verdicts, reasons, citations, texts and codes are the typed
results' (``kodo.results``); this module picks what to show, formats dates the way the
language writes them and maps the missing facts to the form's fields. The timeline results
are laid out by ``view_timeline.py``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kodo.features.evaluate import evaluate
from kodo.features.questions import advice, forecast, hsp2
from kodo.i18n import sentences
from kodo.items import Registry
from kodo.results.common import SourceInfo
from kodo.results.evaluation import CategoryResult, EvaluationData
from kodo.shells.blocks import day, label, say
from kodo.shells.text import shown_items
from kodo.shells.web.form import describe
from kodo.shells.web.view_timeline import (
    advice_view,
    citations,
    forecast_view,
    hsp2_view,
    pr_view,
)

FORECAST_YEARS = 5
STEPS = 24  # the points bar is drawn in this many steps (kodo.css: .w0-.w24, .l0-.l24)
MET = {True: "yes", False: "no", None: "unknown"}
VERDICT_WORDS = {"eligible": "yes", "short": "no", "floor": "no", "missing": "unknown"}


def results_context(data: dict[str, Any], lang: str) -> dict[str, Any]:
    """The results of the applicant ``data`` in ``lang`` (InputError for refused input)."""
    result = evaluate(data, lang=lang)
    ev = result.data
    pr = ev.permanent_residence  # evaluate's own block (the data give a residence history)
    # The effect of each action on the earliest permanent-residence date needs a residence
    # history; without one every action would say "no earlier date": not asked.
    adv = advice(data, lang=lang, pr_effect=pr is not None)
    fc = forecast(data, years=FORECAST_YEARS, lang=lang)
    h2 = hsp2(data, lang=lang) if pr is not None else None
    registry = result.registry
    return {
        "lang": lang,
        "errors": [],
        "results": {
            "cards": [card(c, ev, registry, lang) for c in ev.categories.values()],
            "best": {"category": ev.best_category, "text": best_line(ev, lang)},
            "missing": missing_facts(ev.missing, lang),
            "jskip": jskip(ev, lang),
            "warnings": [w.text for w in ev.warning_details],
            "advice": advice_view(adv, pr is not None, lang),
            "pr": pr_view(pr, lang) if pr is not None else None,
            "hsp2": hsp2_view(h2, lang) if h2 is not None else None,
            "forecast": forecast_view(fc, lang),
            "rules": rules_used(ev, lang),
        },
    }


def best_line(ev: EvaluationData, lang: str) -> str:
    """The best category and its total; the category asked for when the input chose one."""
    best = ev.categories.get(ev.best_category)
    name = best.label if best is not None else ev.best_category
    if len(ev.categories) == 1:
        return label("category_line", lang, category=name)
    return label("best", lang, category=name, total=best.total if best is not None else 0)


def error_context(errors: list[dict[str, str]], lang: str) -> dict[str, Any]:
    """The error summary: each problem as ``{id, label, message}`` (``id``: the field's)."""
    return {"lang": lang, "errors": errors, "results": None}


def card(cat: CategoryResult, ev: EvaluationData, registry: Registry, lang: str) -> dict[str, Any]:
    """One category: total against the marks, verdict and why, the item breakdown."""
    low, high = cat.range
    return {
        "key": cat.category,
        "label": cat.label,
        "total": cat.total,
        "eligible": cat.eligible,
        "verdict": cat.verdict,
        "word": say(f"page.verdict.{VERDICT_WORDS.get(cat.verdict, 'no')}", lang),
        "verdict_text": cat.verdict_text,
        # As the CLI: the shortfall line only where it adds to the verdict.
        "shortfall": cat.shortfall if cat.verdict == "short" else "",
        "points": say("page.card.total", lang, total=cat.total),
        "marks": label("marks", lang, pass_mark=cat.threshold, high_mark=cat.high_threshold),
        "range": label("range", lang, low=low, high=high) if low != high else "",
        "missing": missing_facts(cat.missing, lang),
        "bar": bar(cat),
        "prerequisites": [
            {
                "id": p.id,
                "reason": p.reason,
                "met": p.met,
                "word": say(f"page.met.{MET[p.met]}", lang),
            }
            for p in cat.prerequisites
        ],
        "rows": items(cat, ev.sources, registry),
        "unmet": list(cat.unmet),
    }


def items(
    cat: CategoryResult, sources: dict[str, SourceInfo], registry: Registry
) -> list[dict[str, Any]]:
    """The rows worth showing (the CLI's ``text.shown_items``), with their citations and
    documents."""
    withheld = {w.id for w in cat.withheld}
    rows = []
    for it in shown_items(cat, registry):
        rows.append(
            {
                "id": it.id,
                "label": it.label,
                "points": it.points,
                "reason": it.reason,
                "withheld": it.id in withheld,
                "citations": citations(it.citation, sources),
                "evidence": list(it.evidence),
            }
        )
    return rows


def bar(cat: CategoryResult) -> dict[str, int]:
    """The points bar in steps: the total, the rest of the possible range, the two marks. The
    scale ends half the high mark above it (so both marks and some room above show)."""
    scale = cat.high_threshold * 3 // 2 or 1

    def step(points: int) -> int:
        return max(0, min(STEPS, round(points * STEPS / scale)))

    low, high = cat.range
    return {
        "fill": step(cat.total),
        "range_from": step(cat.total),
        "range": step(high) - step(cat.total) if high > low else 0,
        "pass": step(cat.threshold),
        "high": step(cat.high_threshold),
    }


def missing_facts(facts: tuple[str, ...], lang: str) -> list[dict[str, str]]:
    """Each missing fact, named as the form asks it, with the id of the field to answer."""
    return [
        {"fact": f, "label": say(f"page.fact.{f}", lang), "field": describe(f, lang)[0]}
        for f in facts
    ]


def jskip(ev: EvaluationData, lang: str) -> list[dict[str, Any]]:
    return [
        {
            "key": key,
            "name": say(f"category.{key}.short", lang),
            "eligible": js.eligible,
            "word": label("eligible" if js.eligible else "not_eligible", lang),
            "reasons": sentences(js.reasons, lang),
            "citations": citations(js.citation, ev.sources),
        }
        for key, js in ev.j_skip.items()
    ]


def rules_used(ev: EvaluationData, lang: str) -> dict[str, str]:
    since = dt.date.fromisoformat(ev.rules.effective_from)
    return {
        "version": ev.rules.version,
        "effective": ev.rules.effective_from,
        "date": ev.reference_date or "",
        "line": label(
            "rules_line", lang, book=ev.rules.book, version=ev.rules.version, since=since
        ),
        "day": day(ev.reference_date, lang),
    }
