"""The page's timeline results laid out for ``templates/results.html``: advice, permanent
residence, HSP(ii) and the forecast. Every text is the result's own (in its language); dates
the page writes itself are written the way the language writes them (``blocks.day``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kodo.results.common import CitationRef, SourceInfo
from kodo.results.timeline import (
    Advice,
    Forecast,
    Hsp2Result,
    Hsp2Route,
    PermanentResidenceResult,
    Route,
)
from kodo.shells.blocks import day, say

YES_NO = {True: "yes", False: "no"}


def when(text: str | None, lang: str) -> str:
    """An ISO date as the language writes it ("" for none)."""
    return day(text, lang) if text else ""


def citations(
    refs: tuple[CitationRef, ...], sources: dict[str, SourceInfo]
) -> list[dict[str, str]]:
    """Each citation: the source's title and address (from the result's ``sources``) and the
    form item or note it points to."""
    out = []
    for ref in refs:
        info = sources.get(ref.source)
        url = info.url if info is not None and info.url.startswith(("https://", "http://")) else ""
        title = info.title if info is not None else ref.source
        out.append({"tag": ref.source, "title": title, "url": url, "item": ref.item or ""})
    return out


def advice_view(adv: Advice, with_pr: bool, lang: str) -> dict[str, Any]:
    """The suggestions and the fewest actions to each mark, per category advised; the effect
    on the earliest permanent-residence date only when the residence history is given (else
    every action would say it brings no date)."""
    missing = [n.text for n in adv.missing]
    heads = {
        key: adv.headings.get(key) or say(f"cli.heading.{key}", lang)
        for key in ("suggestions", "reach_pass", "reach_high", "pr_effect")
    }
    return {
        "text": adv.text,
        "note": adv.note,
        "missing": missing,
        "missing_title": adv.headings.get("missing", ""),
        "headings": heads,
        "categories": [
            {
                "key": key,
                "name": say(f"category.{key}.name", lang),
                "text": "" if ca.text in missing else ca.text,
                "suggestions": [
                    {
                        "id": s.id,
                        "gain": s.gain,
                        "total": s.total_after,
                        "text": s.text,
                        "eligible": s.eligible_after,
                    }
                    for s in ca.suggestions
                ],
                "reach_pass": [
                    {"total": c.total_after, "text": c.text, "actions": " ".join(c.actions)}
                    for c in ca.reach_pass
                ],
                "reach_high": [
                    {"total": c.total_after, "text": c.text, "actions": " ".join(c.actions)}
                    for c in ca.reach_high
                ],
            }
            for key, ca in adv.categories.items()
        ],
        "pr_effect": [{"action": e.action, "text": e.text} for e in adv.pr_effect]
        if with_pr
        else [],
    }


def pr_view(pr: PermanentResidenceResult, lang: str) -> dict[str, Any]:
    """Each route to permanent residence: open or not (in words), its earliest date, why, and
    the ways of meeting it; what kodo does not check."""
    return {
        "earliest": pr.earliest or "",
        "earliest_day": when(pr.earliest, lang),
        "text": pr.text,
        "routes": [
            {
                **route_view(r, pr.sources, lang),
                "earliest_text": say("page.earliest", lang, day=_date(r.earliest))
                if r.earliest
                else say("page.no_date", lang),
                "variants": [
                    {
                        "variant": v.variant,
                        "open": v.open,
                        "text": v.text,
                        "word": say(f"page.met.{YES_NO[v.open]}", lang),
                    }
                    for v in sorted(r.variants, key=lambda v: not v.open)  # passing first
                ],
            }
            for r in pr.routes
        ],
        "not_checked": [n.text for n in pr.not_checked],
        "warnings": [n.text for n in pr.warnings],
    }


def route_view(r: Route | Hsp2Route, sources: dict[str, SourceInfo], lang: str) -> dict[str, Any]:
    """What a permanent-residence or HSP(ii) route shows: open or not, earliest date, why."""
    return {
        "route": r.route,
        "label": r.label,
        "open": r.open,
        "word": say(f"page.route.{YES_NO[r.open]}", lang),
        "earliest": r.earliest or "",
        "text": r.text,
        "citations": citations(r.citation, sources),
    }


def hsp2_view(h2: Hsp2Result, lang: str) -> dict[str, Any]:
    return {
        "open": h2.open,
        "earliest": h2.earliest or "",
        "word": say(f"page.hsp2.{'already' if h2.code == 'already' else YES_NO[h2.open]}", lang),
        "earliest_text": say("page.earliest", lang, day=_date(h2.earliest)) if h2.earliest else "",
        "text": h2.text,
        "routes": [route_view(r, h2.sources, lang) for r in h2.routes],
        "not_checked": [n.text for n in h2.not_checked],
    }


def forecast_view(fc: Forecast, lang: str) -> dict[str, Any]:
    """The dates on which the points change (the total after each change in the category
    watched then) and the renewals ahead."""
    return {
        "text": fc.text,
        "changes": [
            {
                "date": c.date,
                "day": when(c.date, lang),
                "category": c.category,
                "name": say(f"category.{c.category}.short", lang),
                "before": c.before.get(c.category, 0),
                "after": c.after.get(c.category, 0),
                "text": c.text,
            }
            for c in fc.changes
        ],
        "renewals": [
            {
                "date": r.date,
                "passes": r.passes,
                "word": say(f"page.met.{YES_NO[r.passes]}", lang),
                "text": r.text,
            }
            for r in fc.renewals
        ],
        "notes": [n.text for n in fc.notes],
    }


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None
