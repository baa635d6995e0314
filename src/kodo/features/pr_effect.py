"""How each suggested action would move the earliest permanent-residence date.

The action is applied to the facts from the start date on (the past stays as it was:
``Timeline.changed``), and the earliest date of every route is searched again with the same
checker.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from kodo.dates import add_years
from kodo.features.advice import actions_for
from kodo.features.days import HORIZON_YEARS, DayScores
from kodo.features.pr import route_label
from kodo.features.pr_check import Checker
from kodo.history.timeline import Timeline
from kodo.i18n import Message, render
from kodo.items import Registry
from kodo.options import Options
from kodo.results.timeline import Advice, PrEffect
from kodo.rules.book import RuleBook
from kodo.vocab import PR_ROUTES

MAX_ACTIONS = 8


def _earliest(checker: Checker, on: dt.date) -> dict[str, str | None]:
    end = add_years(on, HORIZON_YEARS)
    out: dict[str, str | None] = {}
    for route in PR_ROUTES:
        found = checker.earliest(route, on, end)
        out[route] = None if found is None else found[0].isoformat()
    return out


def _day(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def with_pr_effect(
    tl: Timeline,
    scores: DayScores,
    book: RuleBook,
    registry: Registry,
    opts: Options,
    on: dt.date,
    adv: Advice,
    lang: str,
) -> Advice:
    """``adv`` with the effect of its best actions on the earliest PR date of each route."""
    before = _earliest(Checker(tl, scores, book, opts), on)
    actions = {a.id: a for a in actions_for(tl.facts_on(on), book, registry, on)}
    ranked = sorted(
        (-s.gain, s.id) for cat in adv.categories.values() for s in cat.suggestions if s.gain > 0
    )
    chosen: list[str] = []
    for _, action_id in ranked:
        if action_id not in chosen and action_id in actions:
            chosen.append(action_id)
    effects = []
    for action_id in chosen[:MAX_ACTIONS]:
        action = actions[action_id]
        changed = tl.changed(on, action.apply)
        after = _earliest(
            Checker(changed, DayScores(changed, book, opts, registry), book, opts), on
        )
        moved = tuple(
            Message.of(
                "pr_effect.moved",
                route=route_label(book, route, on),
                before=_day(before[route]),
                after=_day(after[route]),
            )
            for route in PR_ROUTES
            if after[route] != before[route]
        )
        message = (
            Message.of("pr_effect.moves", action=action.message, moved=moved)
            if moved
            else Message.of("pr_effect.none", action=action.message)
        )
        effects.append(PrEffect(action_id, before, after, render(message, lang)))
    return dataclasses.replace(adv, pr_effect=tuple(effects))
