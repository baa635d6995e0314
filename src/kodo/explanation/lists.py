"""The list notes of one person's result: what the bundled official lists say about the
names the input gives (``degrees[].university``, ``licenses`` by name, ``employer.measures``).

Each note is a warning with the code ``list.<item>.<kind>`` (kodo.lists.claims decides the
kind; the facts took the same decision, kodo.input.facts) and a sentence from the catalogue
(``lists.note.<item>.<kind>``). A name given for an item makes the item's generic
``list_check.<item>`` warning ("confirm against the list; kodo cannot check it") give way to
these notes, which say what was checked and against which list and date.
"""

from __future__ import annotations

from dataclasses import dataclass

from kodo.errors import excerpt
from kodo.i18n import Message, Param
from kodo.input.applicant import Applicant
from kodo.input.facts import listed_degrees
from kodo.input.parts import Degree
from kodo.lists import (
    Finding,
    ListInfo,
    OnList,
    licence_finding,
    measure_finding,
    university_finding,
)
from kodo.lists.claims import clash

NAME_EXCERPT = 60  # the most characters of a name the note repeats


@dataclass(frozen=True, slots=True)
class ListNote:
    code: str  # list.<item>.<kind>
    item: str  # the point item (the note shows in the categories that have it)
    message: Message


@dataclass(frozen=True, slots=True)
class ListNotes:
    notes: tuple[ListNote, ...]
    covered: frozenset[str]  # items whose list_check warning the notes replace


def list_notes(app: Applicant) -> ListNotes | None:
    """The notes about ``app``'s named university, licences and measures (None: no names)."""
    notes: list[ListNote] = []
    covered: set[str] = set()
    degrees = app.degrees or []
    named = [d for d in degrees if d.university]
    if named:
        for d in named:
            said_false = not d.designated and "designated" in d.model_fields_set
            assert d.university is not None
            found = university_finding(d.university, d.designated, said_false)
            notes += _university(found)
            notes += _more(found, d)
        resolved = listed_degrees(app) or []
        if all(r.university for r in resolved if r.designated):
            covered.add("top_university")
    if isinstance(app.licenses, list) and app.licenses:
        notes += [_named(licence_finding(n)) for n in app.licenses]
        covered.add("licences")
    if app.employer.measures:
        notes += [_named(measure_finding(n)) for n in app.employer.measures]
        covered.add("innovation_support")
    return ListNotes(tuple(notes), frozenset(covered)) if notes else None


def _university(f: Finding) -> list[ListNote]:
    m = f.match
    name = excerpt(m.name, NAME_EXCERPT)
    params: dict[str, Param] = {"name": name}
    extra: list[ListNote] = []
    if isinstance(m, OnList):
        on = m.lists
        params["as_of"] = tuple(_as_of(i) for i in on)
        params["listed"] = _listed(f)
        if f.kind.startswith("partial"):
            params["url"] = on[0].check
            params.pop("listed")
        if f.implied == ("sgu",):
            extra.append(_note(f.item, "sgu_only", name=name))
        extra += _unconfirmed(f, name)
    else:
        params["searched"] = tuple(_searched(i) for i in m.searched)
        params["url"] = m.searched[0].check
    return [_note(f.item, f.kind, **params), *extra]


def _more(f: Finding, d: Degree) -> list[ListNote]:
    """The notes beside the list note: an old name, the universities a name may be taken
    for (a known clash), and a Japanese university's degree with ``japan`` not given."""
    m = f.match
    name = excerpt(m.name, NAME_EXCERPT)
    out = []
    if isinstance(m, OnList):
        for h in m.hits:
            if h.until is not None:
                out.append(_note(f.item, "old_name", name=name, now=h.entry.name, until=h.until))
                break
    group = clash(m.name)
    if group is not None:
        listed = tuple(n for n, on in group.universities if on)
        others = tuple(n for n, on in group.universities if not on)
        names = tuple(n for n, _ in group.universities)
        kind = "clash" if listed and others else "clash_listed" if listed else "clash_unlisted"
        out.append(_note(f.item, kind, name=name, names=names, listed=listed, unlisted=others))
    japanese = isinstance(m, OnList) and any(
        h.entry.country == "Japan" and not h.swapped for h in m.hits
    )
    if japanese and "japan" not in d.model_fields_set:
        out.append(_note(f.item, "japan_not_given", name=name))
    return out


def _named(f: Finding) -> ListNote:
    """The note on a licence or a measure (one list each)."""
    m = f.match
    info = m.searched[0]
    name = excerpt(m.name, NAME_EXCERPT)
    params: dict[str, Param] = {"name": name, "as_of": Message.of("lists.as_of_plain",
                                                                  date=info.as_of)}  # fmt: skip
    if not isinstance(m, OnList):
        params["url"] = info.check
    elif f.item == "licences":
        params["items"] = tuple(
            Message.of("lists.item", number=n, sub=sub, no=f"({no})" if no else "")
            for n, sub, no in dict.fromkeys(h.entry.notice for h in m.hits if h.entry.notice)
        )
    else:
        params["listed"] = _listed(f)
    return _note(f.item, f.kind, **params)


def _unconfirmed(f: Finding, name: str) -> list[ListNote]:
    """A note when every entry the name matched on a complete list is from a single
    unofficial source (the SGU file marks some)."""
    m = f.match
    if not isinstance(m, OnList) or not f.implied:
        return []
    hits = [h for h in m.hits if h.list.complete]
    if not hits or not all(h.entry.unconfirmed for h in hits):
        return []
    listed = tuple(" / ".join(h.entry.names) for h in hits)
    return [_note(f.item, "unconfirmed", name=name, listed=listed, url=hits[0].list.check)]


def _note(item: str, kind: str, **params: Param) -> ListNote:
    code = f"lists.note.{item}.{kind}" if kind != "unconfirmed" else "lists.note.unconfirmed"
    return ListNote(f"list.{item}.{kind}", item, Message.of(code, **params))


def _listed(f: Finding) -> tuple[Param, ...]:
    """The entries matched, each as its names as printed (English / Japanese)."""
    m = f.match
    assert isinstance(m, OnList)
    entries = dict.fromkeys(h.entry for h in m.hits)
    return tuple(dict.fromkeys(" / ".join(e.names) for e in entries))


def _as_of(info: ListInfo) -> Message:
    if info.criterion is None:
        return Message.of("lists.as_of_plain", date=info.as_of)
    criterion = Message.of(f"lists.criterion.{info.criterion}")
    return Message.of("lists.as_of", date=info.as_of, criterion=criterion)


def _searched(info: ListInfo) -> Message:
    status = Message.of(f"lists.status.{'complete' if info.complete else 'partial'}")
    if info.criterion is not None:
        criterion = Message.of(f"lists.criterion.{info.criterion}")
        return Message.of(
            "lists.searched_criterion", criterion=criterion, date=info.as_of, status=status
        )
    name = Message.of(f"lists.name.{info.id}")
    return Message.of("lists.searched", list=name, date=info.as_of, status=status)
