"""The bundled official lists as typed data, and what a name matched on them.

A :class:`ListInfo` is one list (its source, date and coverage, as its file states them); an
:class:`Entry` one row of it. :func:`kodo.lists.find` answers a name with a :class:`Match`:
:class:`OnList` (the entries it matched, with each list's id, date, criterion Ⅰ/Ⅱ/Ⅲ or
IT-notice item) or :class:`NotOnList` (the lists searched, whether they are complete, and the
official page to check).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Source:
    url: str
    what: str
    as_of: str | None
    used_for: str | None = None  # what the file says the source was used for


@dataclass(frozen=True, slots=True)
class ListInfo:
    """One official list bundled with kodo (or replaced from ``$KODO_LISTS_PATH``)."""

    id: str  # e.g. "ranking_universities" (catalogue: lists.name.<id>)
    file: str  # the data file's name
    path: str  # where it was read from
    bundled: bool  # read from the package (False: from $KODO_LISTS_PATH)
    item: str  # the point item it serves (kodo.items.registry)
    criterion: str | None  # "ranking" | "sgu" | "innovative_asia" (top_university), else None
    complete: bool  # the list as published is all here
    as_of: str  # the date the list states for itself, "YYYY", "YYYY-MM" or "YYYY-MM-DD"
    coverage: str  # the file's coverage statement, as written
    retrieved_via: str  # the file's retrieved_via statement, as written
    sources: tuple[Source, ...]
    check: str  # the official page to check a name on
    count: int  # entries kodo read

    def to_data(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "file": self.file,
            "path": self.path,
            "bundled": self.bundled,
            "item": self.item,
            "criterion": self.criterion,
            "complete": self.complete,
            "as_of": self.as_of,
            "coverage": self.coverage,
            "retrieved_via": self.retrieved_via,
            "sources": [{"url": s.url, "what": s.what, "as_of": s.as_of} for s in self.sources],
            "check": self.check,
            "entries": self.count,
        }


@dataclass(frozen=True, slots=True)
class Entry:
    """One row of a list: its names as printed and what it says about the row."""

    list_id: str
    names: tuple[str, ...]  # as printed (English, Japanese, other spellings)
    country: str | None
    notice: tuple[int, str, str] | None  # IT notice: (item, sub-item イ/ロ/ハ or "", number)
    unconfirmed: bool  # the file marks it single_unofficial_source or disputed

    @property
    def name(self) -> str:
        return self.names[0]

    @property
    def notice_item(self) -> str | None:
        """The IT-notice item as one text: "1ロ(3)" (item 1, sub-item ロ, number 3)."""
        if self.notice is None:
            return None
        number, sub, no = self.notice
        return f"{number}{sub}" + (f"({no})" if no else "")


@dataclass(frozen=True, slots=True)
class Hit:
    """An entry a name matched, and how closely (``how``: one of names.HOW)."""

    entry: Entry
    list: ListInfo
    how: str
    until: str | None = None  # matched by an old name: the day it ended

    @property
    def swapped(self) -> bool:
        """Found only with the words in the other order ("York University" for the
        University of York): a probable match, never one that implies a listing."""
        return self.how == "swapped"

    def to_data(self) -> dict[str, Any]:
        e = self.entry
        return {
            "list": self.list.id,
            "as_of": self.list.as_of,
            "complete": self.list.complete,
            "criterion": self.list.criterion,
            "notice_item": e.notice_item,
            "names": list(e.names),
            "country": e.country,
            "unconfirmed": e.unconfirmed,
            "how": self.how,
            "old_name_until": self.until,
        }


@dataclass(frozen=True, slots=True)
class OnList:
    """The name is on at least one of the lists searched."""

    name: str
    hits: tuple[Hit, ...]  # per list, the entries of its closest tier
    searched: tuple[ListInfo, ...]

    on_list = True

    @property
    def lists(self) -> tuple[ListInfo, ...]:
        """The lists it is on (in the order searched)."""
        ids = {h.list.id for h in self.hits}
        return tuple(info for info in self.searched if info.id in ids)

    @property
    def criteria(self) -> tuple[str, ...]:
        """The designated-university criteria of the lists it is on."""
        return tuple(i.criterion for i in self.lists if i.criterion is not None)

    @property
    def complete_criteria(self) -> tuple[str, ...]:
        """The criteria of the complete lists it is on (a match there implies the bonus)."""
        return tuple(i.criterion for i in self.lists if i.criterion is not None and i.complete)

    @property
    def notice_items(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(h.entry.notice_item for h in self.hits if h.entry.notice_item))

    def to_data(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "on_list": True,
            "hits": [h.to_data() for h in self.hits],
            "searched": [s.id for s in self.searched],
        }


@dataclass(frozen=True, slots=True)
class NotOnList:
    """The name is on none of the lists searched."""

    name: str
    searched: tuple[ListInfo, ...]

    on_list = False

    @property
    def complete(self) -> bool:
        """Every list searched is complete (so the name is not on the published lists)."""
        return all(i.complete for i in self.searched)

    @property
    def check(self) -> tuple[str, ...]:
        """The official pages to check the name on (one per distinct page)."""
        return tuple(dict.fromkeys(i.check for i in self.searched))

    def to_data(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "on_list": False,
            "complete": self.complete,
            "searched": [s.id for s in self.searched],
            "check": list(self.check),
        }


Match = OnList | NotOnList
