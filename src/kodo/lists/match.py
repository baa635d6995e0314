"""Finding a name on the lists: every key of every entry in one dictionary, built once.

A name is looked up by each of its keys (:func:`kodo.lists.names.query_keys`); for each list,
the entries of the closest tier found are its hits (so "東京大学" is the row 東京大学, not
also rows that only share a variant), and a short form or an old name kodo knows
(aliases.yaml) counts as the entries its target names.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache

from kodo.errors import input_error
from kodo.lists.load import ENV, Bundle, bundle
from kodo.lists.model import Entry, Hit, Match, NotOnList, OnList
from kodo.lists.names import (
    EXACT,
    HOW,
    OLD_NAME,
    OTHER_NAME,
    SHORT_FORM,
    entry_keys,
    fold,
    query_keys,
)

Index = dict[str, list[tuple[Entry, int]]]
Aliases = dict[str, tuple[str, int, str | None]]  # key -> (target's key, tier, old name's end)


@lru_cache(maxsize=4)
def _index(b: Bundle) -> tuple[Index, Aliases]:
    """key -> (entry, tier) for every key of every entry (its closest tier), and each short
    form's or old name's key -> its target's key, the tier and (old names) the day it ended."""
    index: Index = {}
    for rows in b.entries.values():
        for entry in rows:
            best: dict[str, int] = {}
            for name in entry.names:
                for key, tier in entry_keys(name, entry.country):
                    if key and tier < best.get(key, len(HOW)):
                        best[key] = tier
            for key, tier in best.items():
                index.setdefault(key, []).append((entry, tier))
    aliases: Aliases = {}
    targets: list[tuple[str, str, str, int, str | None]]
    targets = [(f"aliases.{a}", a, t, SHORT_FORM, None) for a, t in b.aliases.items()]
    targets += [(f"old_names.{a}", a, o.name, OLD_NAME, o.until) for a, o in b.old_names.items()]
    for where, alias, target, tier, until in targets:
        key = fold(target)
        if not any(t <= OTHER_NAME for _, t in index.get(key, ())):
            raise input_error(where, "list_alias", source="aliases.yaml", target=target)
        aliases[fold(alias)] = (key, tier, until)
    return index, aliases


def find(name: str, item: str | None = None, lists: Sequence[str] | None = None) -> Match:
    """``name`` on the lists that serve point item ``item`` (all lists when None), or on the
    lists ``lists`` (ids)."""
    return _find(name, item, None if lists is None else tuple(lists), os.environ.get(ENV, ""))


@lru_cache(maxsize=1024)
def _find(name: str, item: str | None, lists: tuple[str, ...] | None, path: str) -> Match:
    b = bundle()
    if lists is not None:
        for list_id in lists:
            b.info(list_id)  # an unknown id is an input error
    searched = tuple(
        i for i in b.lists if (item is None or i.item == item) and (lists is None or i.id in lists)
    )
    wanted = {i.id: i for i in searched}
    index, aliases = _index(b)
    # per list: (tier, the entry's own tier) of the closest entries found, and those entries
    best: dict[str, tuple[tuple[int, int], list[Entry]]] = {}
    ended: dict[str, str] = {}  # list id -> the day the old name it matched by ended

    def add(key: str, tier: int, until: str | None = None) -> None:
        for entry, entry_tier in index.get(key, ()):
            if entry.list_id not in wanted:
                continue
            rank = (max(tier, entry_tier), entry_tier)
            have = best.get(entry.list_id)
            if have is None or rank < have[0]:
                best[entry.list_id] = (rank, [entry])
                if until is not None:
                    ended[entry.list_id] = until
            elif rank == have[0] and entry not in have[1]:
                have[1].append(entry)

    for key, tier in query_keys(name):
        add(key, tier)
        alias = aliases.get(key)
        if alias is not None:
            target, alias_tier, until = alias
            add(target, max(tier, alias_tier), until)
    if not best:
        return NotOnList(name, searched)
    hits = tuple(
        Hit(
            entry,
            wanted[list_id],
            HOW[rank[0]],
            ended.get(list_id) if rank[0] == OLD_NAME else None,
        )
        for list_id in wanted
        if list_id in best
        for rank, entries in (best[list_id],)
        for entry in entries
    )
    return OnList(name, hits, searched)


def university(name: str) -> Match:
    """``name`` on the designated-university lists (criteria Ⅰ, Ⅱ and Ⅲ)."""
    return find(name, "top_university")


def licence(name: str) -> Match:
    """``name`` on the IT notice (a Japanese national licence is on no bundled list)."""
    return find(name, "licences")


def measure(name: str) -> Match:
    """``name`` on the innovation-support measures (a partial list)."""
    return find(name, "innovation_support")


__all__ = ["EXACT", "find", "licence", "measure", "university"]
