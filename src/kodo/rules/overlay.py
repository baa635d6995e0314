"""Rule what-ifs: a validated patch applied to a copy of a rule book (docs/what-if.md).

Each change of an overlay patches one rule, in every version in force or from a date (the
version in force then is split) until an optional date (exclusive): ``set`` replaces values
at paths in the rule's value, ``value`` the whole value. :func:`apply_overlay` checks every
change against the book (rule, path, type, range, dates), reports every problem at once by
its path (``changes[1].set.points``; nothing is applied unless all is valid) and builds the
new book through :func:`kodo.rules.book.parse_book`, so it passes every check the shipped
data does. The result, a :class:`WhatIfBook`, has its own content id, the base book's id in
``base_id``, and each changed version cites first a what-if source that is not official.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kodo.errors import InputError
from kodo.i18n import Message, render
from kodo.input.read import read_document, read_text
from kodo.input.scan import check_tree
from kodo.input.types import parse_day
from kodo.rules.book import RuleBook, parse_book
from kodo.rules.model import RuleDataError, RuleVersion, Source
from kodo.rules.overlay_paths import (
    Problems,
    did_you_mean,
    problem_of,
    say,
    set_path,
    unknown_keys,
    where_in,
)
from kodo.rules.values import VALUE_MODELS

MAX_NAME = 120  # characters of an overlay's name
MAX_CHANGES = 1000
WHAT_IF = "WHAT-IF"  # the source tag of a what-if (WHAT-IF-2 … for an overlay on an overlay)
WHAT_IF_DOC = "docs/what-if.md"  # the what-if source's address: it has no official one
_PLACEHOLDER_URL = "https://what-if.invalid/"  # for parse_book, which wants http(s)
_TOP_KEYS = ("overlay", "changes")
_CHANGE_KEYS = ("rule", "from", "until", "set", "value")
_INDEX = re.compile(r"\[([^\]]*)\]")  # a[2] -> a.2 (a[-1], a[x]: refused as indexes)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class OverlayError(InputError):
    """An invalid overlay: each problem names its path in the overlay and the reason."""


@dataclass(frozen=True)
class Change:
    rule: str
    start: dt.date | None  # None: from the start of the rule data
    until: dt.date | None  # None: in every later version too
    paths: tuple[tuple[str, tuple[str, ...], Any], ...]  # (path as given, its parts, value)
    value: Any = None
    replaces: bool = False  # ``value`` was given (it may be anything, even null)


@dataclass(frozen=True)
class Overlay:
    name: str
    changes: tuple[Change, ...]
    source: str | None = None  # the file it was read from


@dataclass(frozen=True, eq=False)
class WhatIfBook(RuleBook):
    """A rule book with an overlay applied: ``base_id`` is the id of the book it patches."""

    base_id: str = ""
    overlay: str = ""  # the overlay's name
    base_last_change: dt.date | None = None  # the patched book's: a what-if date is no news

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.base_last_change is not None:  # "beyond the rule data" stays the real book's
            object.__setattr__(self, "last_change", self.base_last_change)


def load_overlay(path_or_mapping: str | Path | Mapping[str, Any]) -> Overlay:
    """An overlay from a YAML/JSON file, or from its parsed mapping; OverlayError naming
    every problem of its shape (keys, types, dates)."""
    if isinstance(path_or_mapping, Mapping):
        source = None
        data: Any = path_or_mapping
        check_tree(data, source)
    else:
        source = str(path_or_mapping)
        try:
            data = read_document(read_text(path_or_mapping), source)
        except InputError as exc:
            raise OverlayError(exc.problems, exc.source) from None
    problems: Problems = []
    overlay = _overlay(data, problems, source)
    if problems or overlay is None:
        raise OverlayError(problems, source)
    return overlay


def _overlay(data: Any, out: Problems, source: str | None) -> Overlay | None:
    if not isinstance(data, Mapping):
        say(out, "(file)", "mapping")
        return None
    unknown_keys(data, _TOP_KEYS, "", out)
    name = data.get("overlay")
    if name is None:
        say(out, "overlay", "required")
    elif not isinstance(name, str) or not name.strip():
        say(out, "overlay", "text", got=repr(name))
    elif len(name) > MAX_NAME:
        say(out, "overlay", "too_long", limit=MAX_NAME, got=len(name))
    elif _CONTROL.search(name):
        say(out, "overlay", "overlay_name_chars")
    raw = data.get("changes")
    changes: list[Change] = []
    if raw is None:
        say(out, "changes", "required")
    elif not isinstance(raw, list):
        say(out, "changes", "list")
    elif not 1 <= len(raw) <= MAX_CHANGES:
        code = "too_few" if not raw else "too_many"
        say(out, "changes", code, limit=1 if not raw else MAX_CHANGES, got=len(raw))
    else:
        for i, entry in enumerate(raw):
            change = _change(entry, f"changes[{i}]", out)
            if change is not None:
                changes.append(change)
    if out:
        return None
    return Overlay(str(name).strip(), tuple(changes), source)


def _day(value: Any, field: str, out: Problems) -> dt.date | None:
    if value is None:
        return None
    text = value.isoformat() if isinstance(value, dt.date) else value
    try:
        return parse_day(text if isinstance(text, str) else repr(text), field)
    except InputError as exc:
        out.extend(exc.problems)
        return None


def _change(entry: Any, where: str, out: Problems) -> Change | None:
    if not isinstance(entry, Mapping):
        say(out, where, "mapping")
        return None
    before = len(out)
    unknown_keys(entry, _CHANGE_KEYS, where, out)
    rule = entry.get("rule")
    if rule is None:
        say(out, f"{where}.rule", "required")
    elif not isinstance(rule, str):
        say(out, f"{where}.rule", "text", got=repr(rule))
    start = _day(entry.get("from"), f"{where}.from", out)
    until = _day(entry.get("until"), f"{where}.until", out)
    if start is not None and until is not None and until <= start:
        say(out, f"{where}.until", "overlay_until", start=start, got=until)
    has_set, has_value = "set" in entry, "value" in entry
    if has_set == has_value:
        say(out, where, "overlay_both" if has_set else "overlay_neither")
    paths: list[tuple[str, tuple[str, ...], Any]] = []
    if has_set:
        raw = entry["set"]
        if not isinstance(raw, Mapping):
            say(out, f"{where}.set", "mapping")
        elif not raw:
            say(out, f"{where}.set", "too_few", limit=1, got=0)
        for path, value in raw.items() if isinstance(raw, Mapping) else ():
            parts = tuple(_INDEX.sub(r".\1", str(path)).split("."))
            if not all(parts):
                say(out, f"{where}.set.{path}", "overlay_path")
            paths.append((str(path), parts, value))
    if len(out) > before:
        return None
    return Change(str(rule), start, until, tuple(paths), entry.get("value"), has_value)


def apply_overlay(book: RuleBook, overlay: Overlay) -> WhatIfBook:
    """A copy of ``book`` with ``overlay`` applied (``book`` itself is never changed), or
    OverlayError naming every problem; the new book passes every check of the rule data."""
    problems: Problems = []
    tag = _tag(book)
    rules = _patched(book, overlay, overlay.changes, tag, problems)
    if problems:
        raise OverlayError(problems, overlay.source)
    sources = {
        t: {"title_en": s.title_en, "title_ja": s.title_ja, "url": _PLACEHOLDER_URL}
        for t, s in book.sources.items()
    }
    titles = {
        lang: render(Message.of("compare.source", name=overlay.name), lang) for lang in ("en", "ja")
    }
    sources[tag] = {"title_en": titles["en"], "title_ja": titles["ja"], "url": _PLACEHOLDER_URL}
    try:
        parsed = _parsed(book, rules, sources)
    except RuleDataError as exc:  # a check across rules: find the change that breaks it
        field = f"changes[{_first_breaking(book, overlay, tag, sources)}]"
        reason = str(exc).removeprefix("rule data: ")
        raise OverlayError(
            [(field, Message.of("input.overlay_book", reason=reason))], overlay.source
        ) from None
    final = dict(book.sources)
    final[tag] = Source(tag, titles["en"], titles["ja"], WHAT_IF_DOC)
    return WhatIfBook(
        name=f"{book.name}+{overlay.name}",
        coverage_from=parsed.coverage_from,
        rules=parsed.rules,
        sources=final,
        known_through=parsed.known_through,
        base_id=book.id,
        overlay=overlay.name,
        base_last_change=book.last_change,
    )


def _first_breaking(book: RuleBook, overlay: Overlay, tag: str, sources: dict[str, Any]) -> int:
    """The first change whose prefix of the overlay breaks a check across rules (bisected:
    each try re-parses the whole book)."""
    low, high = 0, len(overlay.changes) - 1  # the whole overlay is known to break
    while low < high:
        mid = (low + high) // 2
        try:
            _parsed(book, _patched(book, overlay, overlay.changes[: mid + 1], tag, []), sources)
        except RuleDataError:
            high = mid
        else:
            low = mid + 1
    return low


def _patched(
    book: RuleBook, overlay: Overlay, changes: tuple[Change, ...], tag: str, problems: Problems
) -> dict[str, dict[str, Any]]:
    """The book's rules as raw data with ``changes`` applied, the changed versions citing the
    what-if source ``tag`` first."""
    rules = {
        rid: {"kind": r.kind, "versions": [_raw(v) for v in r.versions]}
        for rid, r in book.rules.items()
    }
    changed: list[dict[str, Any]] = []
    for i, change in enumerate(changes):
        changed += _apply(change, f"changes[{i}]", rules, book, problems)
    for version in changed:
        cite = [c for c in version["cite"] if c["source"] != tag]
        version["cite"] = [{"source": tag, "item": overlay.name}, *cite]
    return rules


def _parsed(book: RuleBook, rules: dict[str, Any], sources: dict[str, Any]) -> RuleBook:
    meta: dict[str, Any] = {"name": book.name, "coverage_from": book.coverage_from}
    if book.known_through is not None:
        meta["known_through"] = book.known_through
    return parse_book({"book": meta, "rules": rules}, sources)


def _tag(book: RuleBook) -> str:
    """WHAT-IF, or WHAT-IF-2 … for an overlay on a book that has one already."""
    return next(t for n in range(1, len(book.sources) + 2)
                if (t := WHAT_IF if n == 1 else f"{WHAT_IF}-{n}") not in book.sources)  # fmt: skip


def _raw(v: RuleVersion) -> dict[str, Any]:
    """A version as the rule data writes it (dates kept as dates)."""
    data: dict[str, Any] = {
        "effective_from": v.effective_from,
        "effective_to": v.effective_to,
        "in_force": v.in_force,
        "cite": [{"source": c.source, "item": c.item} for c in v.citations],
        "note": v.note,
    }
    if v.value is not None:
        data["value"] = v.value.model_dump(mode="json", by_alias=True)
    if v.condition is not None:
        data["condition"] = v.condition
    return data


def _split(versions: list[dict[str, Any]], day: dt.date | None) -> None:
    """Split the version in force on ``day`` in two there (in place)."""
    if day is None:
        return
    for k, v in enumerate(versions):
        start, end = v["effective_from"], v["effective_to"]
        if start < day and (end is None or day < end):
            later = copy.deepcopy(v)
            v["effective_to"], later["effective_from"] = day, day
            versions.insert(k + 1, later)
            return


def _apply(
    change: Change,
    where: str,
    rules: dict[str, dict[str, Any]],
    book: RuleBook,
    out: Problems,
) -> list[dict[str, Any]]:
    """Apply one change to the raw ``rules``; the versions it changed (none on a problem)."""
    rule = rules.get(change.rule)
    if rule is None:
        ids = Message.of("input.overlay_ids")
        say(
            out, f"{where}.rule", "overlay_rule", hint=did_you_mean(change.rule, sorted(rules), ids)
        )
        return []
    bad = len(out)
    for day, key in ((change.start, "from"), (change.until, "until")):
        if (
            day is not None
            and day <= book.coverage_from
            and not (key == "from" and day == book.coverage_from)
        ):
            code = "overlay_before" if key == "from" else "overlay_until_first"
            say(out, f"{where}.{key}", code, since=book.coverage_from, got=day)
    if len(out) > bad:
        return []
    versions: list[dict[str, Any]] = rule["versions"]
    _split(versions, change.start)
    _split(versions, change.until)
    start = change.start or book.coverage_from
    chosen = [
        v
        for v in versions
        if v["effective_from"] >= start
        and (change.until is None or v["effective_from"] < change.until)
    ]
    if not change.replaces:
        chosen = [v for v in chosen if v["in_force"]]
        if not chosen:
            say(out, f"{where}.set", "overlay_not_in_force", rule=change.rule)
            return []
    model = VALUE_MODELS[rule["kind"]]
    for v in chosen:
        value = copy.deepcopy(change.value) if change.replaces else v["value"]
        part = "value" if change.replaces else "set"
        for path, parts, new in change.paths:
            if not set_path(value, parts, copy.deepcopy(new), f"{where}.set.{path}", out):
                return []
        try:
            model.model_validate(value)
        except ValidationError as exc:
            seen: set[str] = set()
            for err in exc.errors(include_url=False):
                field = f"{where}.{part}" + where_in(err["loc"])
                if field in seen:  # one problem per place (a union reports each member)
                    continue
                seen.add(field)
                problem = problem_of(err)
                if len(chosen) > 1:
                    problem = Message.of(
                        "input.overlay_in_version", problem=problem, day=v["effective_from"]
                    )
                out.append((field, problem))
            return []
        v["value"], v["in_force"] = value, True
    return chosen


__all__ = ["Change", "Overlay", "OverlayError", "WhatIfBook", "apply_overlay", "load_overlay"]
