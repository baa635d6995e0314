"""Which claimed items are enough to prove the points needed (rules.md §7: "only enough
evidence to show ≥ 70 points is needed; not every item has to be proven").

A smallest set by number of items; among sets of that size, the one whose documents take the
least work to get (the data's ``burden``, kodo's own ordering), then the one earliest in the
form's order (the registry's order). Items a set must hold: those the prerequisites need (the
salary where a salary floor applies: its document proves the floor anyway), and, for each item
in the set, the items it ``requires`` in the rule data (the SME bonus needs the
innovation-support bonus). Deterministic: the same claims give the same set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from itertools import combinations

from kodo.rules.book import RuleBook
from kodo.rules.values import Bonus, SalaryFloor


def prove(
    claimed: Mapping[str, int],
    needed: int,
    order: Sequence[str],
    burden: Mapping[str, int],
    requires: Mapping[str, tuple[str, ...]],
    forced: frozenset[str] = frozenset(),
) -> tuple[str, ...] | None:
    """A smallest set of the items ``claimed`` (id -> points) reaching ``needed``, in the
    form's ``order``; None when even all of them do not reach it."""
    items = [i for i in order if claimed.get(i, 0) > 0]
    rank = {item: k for k, item in enumerate(items)}
    must = [i for i in items if i in forced]
    free = [i for i in items if i not in forced]
    for size in range(len(must), len(items) + 1):
        best: tuple[int, tuple[int, ...]] | None = None
        chosen: tuple[str, ...] = ()
        for extra in combinations(free, size - len(must)):
            group = set(must) | set(extra)
            if sum(claimed[i] for i in group) < needed:
                continue
            if any(r not in group for i in group for r in requires.get(i, ())):
                continue
            key = (sum(burden.get(i, 0) for i in group), tuple(sorted(rank[i] for i in group)))
            if best is None or key < best:
                best, chosen = key, tuple(sorted(group, key=rank.__getitem__))
        if best is not None:
            return chosen
    return None


def requirements(book: RuleBook, day: dt.date, order: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Item id -> the items it requires, from the rule data in force on ``day``."""
    snap = book.at(day)
    out: dict[str, tuple[str, ...]] = {}
    for item in order:
        if item in snap.by_id:
            value = snap.version(item).value
            if isinstance(value, Bonus) and value.requires:
                out[item] = tuple(value.requires)
    return out


def has_floor(book: RuleBook, day: dt.date, category: str) -> bool:
    """Does a salary floor apply to ``category`` on ``day`` (rule ``salary_floor``)?"""
    floor = book.at(day).value("salary_floor", SalaryFloor)
    return floor is not None and getattr(floor, category) is not None
