"""What a name on the lists means for a claim: one decision, used by the facts (a university
on a complete list implies the designated-university bonus) and by the explanation (the note
that says so, or warns).

* A university on a **complete** list (criterion Ⅰ ranking list, criterion Ⅱ SGU) implies
  ``designated`` for that degree, with the criteria of the lists it is on — unless the input
  says ``designated: false`` in so many words (kept, with a warning).
* Found on a complete list **only with the words in the other order** ("York University" for
  the University of York): a probable match. Nothing is implied; the note says "probably
  <listed name>; if so give designated: true" (a claim ``designated: true`` is kept).
* On the **partial** list only (criterion Ⅲ): nothing is implied; a note.
* Not found: a claim ``designated: true`` is kept, with a warning to check the official list.
* A licence or a measure is counted as claimed whether or not it is found; found, the note
  names the list's item; not found, a warning (the measures list is partial; a Japanese
  national licence is on no bundled list).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from kodo.lists.load import bundle
from kodo.lists.match import licence, measure, university
from kodo.lists.model import Match, OnList
from kodo.lists.names import fold

UNIVERSITY_KINDS = (
    "on_list",  # on a complete list: the bonus is implied
    "on_list_not_claimed",  # on a complete list, but the input says designated: false
    "probable",  # on a complete list only through the other word order, not claimed
    "probable_claimed",  # the same, claimed: the claim is kept
    "partial_claimed",  # only on the partial list (Ⅲ), and claimed
    "partial_unclaimed",  # only on the partial list (Ⅲ), not claimed
    "not_listed_claimed",  # on no list, claimed anyway: the claim is kept
    "not_listed",  # on no list, not claimed
)
NAME_KINDS = ("on_list", "not_listed")  # licences and measures


@dataclass(frozen=True, slots=True)
class Finding:
    """What the lists say about one name given for point item ``item``."""

    item: str  # top_university | licences | innovation_support
    kind: str  # UNIVERSITY_KINDS or NAME_KINDS
    match: Match
    implied: tuple[str, ...] = ()  # the criteria the lists imply (top_university)

    @property
    def code(self) -> str:
        """The warning code of the note (catalogue: lists.note.<item>.<kind>)."""
        return f"list.{self.item}.{self.kind}"


def university_finding(name: str, designated: bool, said_false: bool) -> Finding:
    """The lists on a degree's university ``name``; ``designated`` as claimed, and whether the
    input says ``designated: false`` in so many words (``said_false``)."""
    m = university(name)
    if isinstance(m, OnList):
        complete = m.complete_criteria
        if complete and all(h.swapped for h in m.hits if h.list.complete):
            return Finding("top_university", "probable_claimed" if designated else "probable", m)
        if complete:
            if said_false:
                return Finding("top_university", "on_list_not_claimed", m)
            return Finding("top_university", "on_list", m, complete)
        kind = "partial_claimed" if designated else "partial_unclaimed"
        return Finding("top_university", kind, m)
    kind = "not_listed_claimed" if designated else "not_listed"
    return Finding("top_university", kind, m)


@dataclass(frozen=True, slots=True)
class Clash:
    """Different universities easily taken for ``name`` (aliases.yaml ``clashes``), each
    with whether it is on a complete bundled list (by its own name, not the other order)."""

    name: str
    universities: tuple[tuple[str, bool], ...]


def clash(name: str) -> Clash | None:
    """The group of universities ``name`` may stand for, when it is one of a known clash."""
    names = _clashes(bundle()).get(fold(name))
    return None if names is None else Clash(name, tuple((n, _listed(n)) for n in names))


@functools.lru_cache(maxsize=4)
def _clashes(b: Any) -> dict[str, tuple[str, ...]]:
    """Each folded name of a clash group -> the group's universities (once per bundle)."""
    return {fold(n): names for names, also in b.clashes for n in (*names, *also)}


def _listed(name: str) -> bool:
    m = university(name)
    return isinstance(m, OnList) and any(h.list.complete and not h.swapped for h in m.hits)


def licence_finding(name: str) -> Finding:
    m = licence(name)
    return Finding("licences", "on_list" if m.on_list else "not_listed", m)


def licence_keys(name: str) -> frozenset[str]:
    """The IT-notice entries ``name`` names (its English and Japanese names are one exam; an
    English name may name the same exam of several countries), else the name as matching
    folds it."""
    m = licence(name)
    if isinstance(m, OnList):
        keys = {f"{h.entry.list_id}:{h.entry.name}" for h in m.hits if not h.swapped}
        if keys:
            return frozenset(keys)
    return frozenset({"name:" + fold(name)})


def same_licence(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two names name one licence: the same entries, or one names a single entry the other
    also names (応用情報技術者試験 and its English name, which several countries share)."""
    return a == b or (bool(a & b) and (len(a) == 1 or len(b) == 1))


def measure_finding(name: str) -> Finding:
    m = measure(name)
    return Finding("innovation_support", "on_list" if m.on_list else "not_listed", m)
