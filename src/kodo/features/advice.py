"""Advice: the facts a person could add, what each is worth to *them*, and the cheapest ways to
reach 70 and 80 points.

The actions come from the item registry (each item names the actions that would add it).
Every action is applied to the person's facts on the date and scored with the same engine,
all in one batch, so exclusions come for free (N2 is worth nothing to someone with a Japanese
degree; licences count only in ロ; the salary bands depend on age). Combinations of up to
three actions (one per group: Japanese, salary, degree, …) are scored in the same way; the
smallest ones that reach the pass mark (and the 80-point mark) are reported, cheapest first by
a rough effort score (a documented heuristic, not a legal figure).
"""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np

from kodo.engine.run import score_people
from kodo.features.common import rules_used
from kodo.i18n import Message, label, render
from kodo.input.facts import Facts
from kodo.items import Registry
from kodo.items.actions import Action
from kodo.options import Options
from kodo.results.timeline import Advice, CategoryAdvice, Combination, Suggestion
from kodo.rules.book import RuleBook
from kodo.vocab import CATEGORIES

MAX_COMBINATION = 3
MAX_ROWS = 4000


def actions_for(facts: Facts, book: RuleBook, registry: Registry, day: dt.date) -> list[Action]:
    """Every action of the registry's items that could change something for this person."""
    snap = book.at(day)
    out: dict[str, Action] = {}
    for item in registry.items:
        for spec in item.actions:
            for action in spec(facts, snap):
                out.setdefault(action.id, action)
    return list(out.values())


def _rows(actions: list[Action]) -> list[tuple[int, ...]]:
    rows: list[tuple[int, ...]] = [(), *((i,) for i in range(len(actions)))]
    by_group: dict[str, list[int]] = {}
    for i, a in enumerate(actions):
        by_group.setdefault(a.group, []).append(i)
    groups = list(by_group.values())
    for size in range(2, MAX_COMBINATION + 1):
        for chosen in itertools.combinations(range(len(groups)), size):
            for combo in itertools.product(*(groups[g] for g in chosen)):
                rows.append(combo)
                if len(rows) >= MAX_ROWS:
                    return rows
    return rows


def advise(
    facts: Facts,
    book: RuleBook,
    registry: Registry,
    opts: Options,
    day: dt.date,
    categories: tuple[int, ...],
    lang: str,
) -> Advice:
    actions = actions_for(facts, book, registry, day)
    rows = _rows(actions)
    people = []
    for combo in rows:
        person = facts
        for i in combo:
            person = actions[i].apply(person)
        people.append(person)
    (group,) = score_people(people, [day] * len(people), book, registry, opts, ranges=False)
    order = np.argsort(group.index)
    total = group.scores.total[:, order]
    eligible = group.scores.eligible[:, order]
    t = group.tables
    effort = np.array([sum(actions[i].effort for i in c) for c in rows])
    effort_of = {a.id: a.effort for a in actions}
    sizes = np.array([len(c) for c in rows])
    out: dict[str, CategoryAdvice] = {}
    for ci in categories:
        base = int(total[ci, 0])
        suggestions = []
        best_salary = -1
        for i, a in enumerate(actions):
            after = int(total[ci, i + 1])
            gain = after - base
            if not (gain > 0 or (bool(eligible[ci, i + 1]) and not bool(eligible[ci, 0]))):
                continue
            if a.group == "salary":  # keep each raise worth more than every cheaper one
                if gain <= best_salary:
                    continue
                best_salary = gain
            text = Message.of("advice.suggestion", action=a.message, gain=gain, total=after)
            suggestions.append(
                Suggestion(a.id, gain, after, bool(eligible[ci, i + 1]), render(text, lang))
            )
        suggestions.sort(key=lambda s: (-s.gain, effort_of[s.id]))
        reach: list[tuple[Combination, ...]] = []
        for mark in (t.pass_mark, t.high_mark):
            ok = eligible[ci] & (total[ci] >= mark)
            found: list[Combination] = []
            if not ok[0]:
                for size in range(1, MAX_COMBINATION + 1):
                    idx = np.flatnonzero(ok & (sizes == size))
                    if len(idx):
                        for j in idx[np.argsort(effort[idx], kind="stable")][:3]:
                            chosen = [actions[i] for i in rows[j]]
                            text = Message.of(
                                "advice.combination",
                                actions=tuple(a.message for a in chosen),
                                total=int(total[ci, j]),
                            )
                            found.append(
                                Combination(
                                    tuple(a.id for a in chosen),
                                    int(total[ci, j]),
                                    render(text, lang),
                                )
                            )
                        break
            reach.append(tuple(found))
        head = Message.of(
            "advice.category", category=label(f"category.{CATEGORIES[ci]}.name"), total=base
        )
        out[CATEGORIES[ci]] = CategoryAdvice(
            CATEGORIES[ci], base, bool(eligible[ci, 0]), render(head, lang), tuple(suggestions),
            reach[0], reach[1],
        )  # fmt: skip
    return Advice(
        format="kodo.advice.v1",
        day=day.isoformat(),
        lang=lang,
        rules=rules_used(book, day),
        pass_mark=t.pass_mark,
        high_mark=t.high_mark,
        text=render(
            Message.of("advice.summary", day=day, pass_mark=t.pass_mark, high_mark=t.high_mark),
            lang,
        ),
        categories=out,
        note=render(Message.of("advice.note"), lang),
        pr_effect=(),
    )
