"""How each suggested action would move the earliest permanent-residence date.

The action is applied to the facts from the start date on (the past stays as it was), and the
earliest date of every route is searched again with the same checker.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kodo.applicant import Applicant
from kodo.engine.tables import compile_tables
from kodo.timeline.advice import Advice, actions_for
from kodo.timeline.calendar import add_years
from kodo.timeline.points import HORIZON_YEARS, DayScores
from kodo.timeline.pr import ROUTES, Checker, route_label

if TYPE_CHECKING:
    from kodo.timeline.api import Context

MAX_ACTIONS = 8


@dataclass(slots=True)
class PrEffect:
    action: str
    earliest_before: dict[str, str | None]
    earliest_after: dict[str, str | None]
    en: str
    ja: str


def _earliest(checker: Checker, on: dt.date) -> dict[str, str | None]:
    end = add_years(on, HORIZON_YEARS)
    out: dict[str, str | None] = {}
    for route in ROUTES:
        found = checker.earliest(route, on, end)
        out[route] = None if found is None else found[0].isoformat()
    return out


def with_pr_effect(ctx: Context, adv: Advice) -> None:
    on = ctx.on
    before = _earliest(Checker(ctx.tl, ctx.scores, ctx.book, ctx.opts), on)
    actions = {a.id: a for a in actions_for(ctx.tl.facts_on(on), compile_tables(ctx.book.at(on)))}
    ranked: list[tuple[int, str]] = []
    for cat in adv.categories.values():
        ranked += [(-s.gain, s.id) for s in cat.suggestions if s.gain > 0]
    seen: list[str] = []
    for _, action_id in sorted(ranked):
        if action_id not in seen and action_id in actions:
            seen.append(action_id)
    for action_id in seen[:MAX_ACTIONS]:
        action = actions[action_id]

        def facts_on(day: dt.date, apply: object = action.apply) -> Applicant:
            facts = ctx.tl.facts_on(day)
            return apply(facts) if day >= on else facts  # type: ignore[operator]

        tl = copy.copy(ctx.tl)
        tl.facts_on = facts_on  # type: ignore[method-assign]
        scores = DayScores(facts_on, ctx.app.birth_date, ctx.book, ctx.opts)
        after = _earliest(Checker(tl, scores, ctx.book, ctx.opts), on)
        moved_en, moved_ja = [], []
        for route in ROUTES:
            if after[route] != before[route]:
                en, ja = route_label(ctx.book, route, on)
                moved_en.append(f"{en}: {before[route] or '—'} → {after[route] or '—'}")
                moved_ja.append(f"{ja}：{before[route] or '—'} → {after[route] or '—'}")
        en = f"{action.en}: " + ("; ".join(moved_en) if moved_en else "no earlier PR date")
        ja = f"{action.ja}：" + ("、".join(moved_ja) if moved_ja else "永住の最短日は変わりません")
        adv.pr_effect.append(PrEffect(action_id, before, after, en, ja))
