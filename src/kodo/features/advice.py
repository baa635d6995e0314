"""Advice: the facts a person could add, what each is worth to *them*, and the cheapest ways to
reach 70 and 80 points.

The actions come from the item registry (each item names the actions that would add it).
Every action is applied to the person's facts on the date and scored with the same engine,
all in one batch, so exclusions come for free (N2 is worth nothing to someone with a Japanese
degree; licences count only in ロ; the salary bands depend on age). Combinations of up to
three actions (one per group: Japanese, salary, degree, …) are scored in the same way; the
smallest ones that reach the pass mark (and the 80-point mark) are reported, cheapest first by
a rough effort score (a documented heuristic, not a legal figure).

Dominated actions are not listed: an action is left out when a cheaper one of the same group
adds at least as many points and eligibility, or reaches the same goal (the pass mark, the
high mark) — "salary ¥15M" after "salary ¥10M" when both reach 80. A combination is left out
when a cheaper one of the same groups reaches the mark. With a core fact missing (birth date,
salary, degrees) nothing is priced: the result says which facts to give first and the range.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools

import numpy as np

from kodo.engine.run import score_people
from kodo.explanation.row import citations_of
from kodo.explanation.sources import sources_of
from kodo.features.category_on import CategoryOn
from kodo.features.common import rules_used
from kodo.features.judged import fact_labels
from kodo.i18n import Message, label, render
from kodo.input.facts import Facts
from kodo.items import Registry
from kodo.items.actions import Action
from kodo.options import Options
from kodo.results.common import Note
from kodo.results.timeline import Advice, CategoryAdvice, Combination, Suggestion
from kodo.rules.book import RuleBook
from kodo.rules.values import Thresholds
from kodo.vocab import CATEGORIES, CORE_FACTS

MAX_COMBINATION = 3
MAX_ROWS = 4000


def actions_for(facts: Facts, book: RuleBook, registry: Registry, day: dt.date) -> list[Action]:
    """Every action of the registry's items that could change something for this person."""
    snap = book.at(day)
    out: dict[str, Action] = {}
    for item in registry.items:
        for spec in item.actions:
            for action in spec(facts, snap):
                out.setdefault(action.id, dataclasses.replace(action, item=item.id))
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


def _tier(eligible: bool, total: int, high: int) -> int:
    """Which goal a total reaches: 0 none, 1 the pass mark, 2 the high mark."""
    return 0 if not eligible else (2 if total >= high else 1)


def _undominated(found: list[tuple[Action, int, int, bool]], high: int) -> list[int]:
    """Indexes of the (action, gain, total after, eligible after) rows no cheaper action of
    the same group dominates (as many points and eligibility, or the same goal reached)."""
    keep = []
    for i, (a, gain, after, ok) in enumerate(found):
        tier = _tier(ok, after, high)
        dominated = False
        for j, (b, gain_b, after_b, ok_b) in enumerate(found):
            if j == i or b.group != a.group:
                continue
            cheaper = b.effort < a.effort or (b.effort == a.effort and j < i)
            if not cheaper:
                continue
            more = gain_b >= gain and ok_b >= ok
            same_goal = tier >= 1 and _tier(ok_b, after_b, high) >= tier
            if more or same_goal:
                dominated = True
                break
        if not dominated:
            keep.append(i)
    return keep


def _missing_advice(
    facts: Facts,
    book: RuleBook,
    registry: Registry,
    opts: Options,
    day: dt.date,
    categories: tuple[int, ...],
) -> tuple[tuple[str, ...], dict[int, tuple[int, int, int]]]:
    """The core facts missing for ``categories`` and, per category, (total, low, high)."""
    (g,) = score_people([facts], [day], book, registry, opts, ranges=True)
    sc = g.scores
    missing = tuple(
        f for k, f in enumerate(CORE_FACTS) if any(bool(sc.missing[k, ci, 0]) for ci in categories)
    )
    ranges: dict[int, tuple[int, int, int]] = {}
    for ci in categories:
        total = int(sc.total[ci, 0])
        low, high = (total, total) if not g.ranges.shape[1] else map(int, g.ranges[ci, 0])
        ranges[ci] = (total, low, high)
    return missing, ranges


def _headings(pass_mark: int, high_mark: int, lang: str) -> dict[str, str]:
    marks = {"reach_pass": pass_mark, "reach_high": high_mark}
    return {
        k: render(Message.of(f"timeline.advice.heading.{k}", points=marks.get(k)), lang)
        for k in ("suggestions", "reach_pass", "reach_high", "pr_effect", "missing")
    }


def advise(
    facts: Facts,
    book: RuleBook,
    registry: Registry,
    opts: Options,
    day: dt.date,
    categories: tuple[int, ...],
    lang: str,
    judged: CategoryOn | None = None,
) -> Advice:
    """Advice for ``facts`` on ``day`` in ``categories``; ``judged``: the category judging
    the date (``features.category_on``), named in the result."""
    missing, ranges = _missing_advice(facts, book, registry, opts, day, categories)
    main = judged.ci if judged is not None else categories[0]
    if missing:
        return _advice_missing(book, day, categories, judged, missing, ranges, lang)
    actions = actions_for(facts, book, registry, day)
    snap = book.at(day)
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
        useful = []
        for i, a in enumerate(actions):
            after = int(total[ci, i + 1])
            gain = after - base
            if not (gain > 0 or (bool(eligible[ci, i + 1]) and not bool(eligible[ci, 0]))):
                continue
            useful.append((a, gain, after, bool(eligible[ci, i + 1])))
        for k in _undominated(useful, t.high_mark):
            a, gain, after, reached = useful[k]
            text = Message.of("advice.suggestion", action=a.message, gain=gain, total=after)
            cites = citations_of(snap)[a.item]
            suggestions.append(
                Suggestion(a.id, gain, after, reached, render(text, lang), a.item, cites)
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
                        seen: set[frozenset[str]] = set()
                        for j in idx[np.argsort(effort[idx], kind="stable")]:
                            chosen = [actions[i] for i in rows[j]]
                            groups = frozenset(a.group for a in chosen)
                            if groups in seen:  # a cheaper one of the same groups reaches it
                                continue
                            seen.add(groups)
                            if len(found) == 3:
                                break
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
    advice = _advice(book, day, t.pass_mark, t.high_mark, out, judged, ranges[main], (), lang)
    cited = (c for ca in out.values() for sg in ca.suggestions for c in sg.citation)
    advice.sources = sources_of(book, cited, lang)
    return advice


def _advice_missing(
    book: RuleBook,
    day: dt.date,
    categories: tuple[int, ...],
    judged: CategoryOn | None,
    missing: tuple[str, ...],
    ranges: dict[int, tuple[int, int, int]],
    lang: str,
) -> Advice:
    """Advice when core facts are missing: which facts to give first, and the range."""
    marks = book.at(day).value("thresholds", Thresholds)
    assert marks is not None
    out: dict[str, CategoryAdvice] = {}
    notes = []
    for ci in categories:
        total, low, high = ranges[ci]
        category = label(f"category.{CATEGORIES[ci]}.name")
        said = Message.of("timeline.advice.missing", facts=fact_labels(missing), category=category,
                          low=low, high=high)  # fmt: skip
        notes.append(Note(CATEGORIES[ci], render(said, lang)))
        out[CATEGORIES[ci]] = CategoryAdvice(
            CATEGORIES[ci], total, False, render(said, lang), (), (), (), low, high
        )
    main = judged.ci if judged is not None else categories[0]
    low, high = ranges[main][1:]
    advice = _advice(book, day, marks.pass_mark, marks.high, out, judged, (None, low, high),
                     tuple(notes), lang)  # fmt: skip
    advice.missing_facts = missing
    return advice


def _advice(
    book: RuleBook,
    day: dt.date,
    pass_mark: int,
    high_mark: int,
    categories: dict[str, CategoryAdvice],
    judged: CategoryOn | None,
    points: tuple[int | None, int, int],  # the category's total (None: facts missing), range
    missing: tuple[Note, ...],
    lang: str,
) -> Advice:
    total, low, high = points
    summary = Message.of("advice.summary", day=day, pass_mark=pass_mark, high_mark=high_mark)
    return Advice(
        format="kodo.advice.v1",
        day=day.isoformat(),
        lang=lang,
        rules=rules_used(book, day),
        pass_mark=pass_mark,
        high_mark=high_mark,
        text=render(summary, lang),
        categories=categories,
        note=render(Message.of("advice.note"), lang),
        pr_effect=(),
        category=None if judged is None else judged.category,
        basis=None if judged is None else judged.basis,
        total=total,
        low=low,
        high=high,
        missing=missing,
        headings=_headings(pass_mark, high_mark, lang),
    )
