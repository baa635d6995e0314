"""The rule book: load and validate the dated, cited rule data; take a snapshot on a date.

``load_book()`` reads ``data/rules.yaml`` and ``data/sources.yaml`` and fails loudly
(:class:`RuleDataError`, naming the rule and version) on a bad type or range, a dangling
citation, a gap or an overlap between versions, or an exclusion naming an unknown rule or
option. Which rules the engine needs is checked against the item registry
(``kodo.items``) when a book is used. ``book.at(date)`` returns the immutable
:class:`Snapshot` of the versions in force on that date.

A book is identified by its content: ``book.id`` is a digest of every rule version (dates,
values, citations, notes) and every source, so two books that differ in one value never
share a cache entry or a result's ``rules.version``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from kodo.errors import InputError, input_error
from kodo.i18n import Message
from kodo.input.types import FIRST_DAY, LAST_DAY
from kodo.options import OPTION_VALUES
from kodo.rules.model import Citation, Rule, RuleDataError, RuleVersion, Source, as_date
from kodo.rules.values import VALUE_MODELS, Bonus
from kodo.yamltext import read_yaml

__all__ = [  # the model is re-exported: callers import the rule data's types from here
    "Citation",
    "Rule",
    "RuleBook",
    "RuleDataError",
    "RuleDateError",
    "RuleVersion",
    "Snapshot",
    "Source",
    "load_book",
    "parse_book",
]

V = TypeVar("V", bound=BaseModel)


class RuleDateError(InputError):
    """No rules are in force on the requested date: an input error on ``field``."""

    def __init__(self, day: dt.date, coverage_from: dt.date, field: str = "date") -> None:
        message = Message.of("input.before_rules", day=day, since=coverage_from)
        super().__init__([(field, message)])
        self.day = day
        self.coverage_from = coverage_from


@dataclass(frozen=True, eq=False)
class Snapshot:
    """The rule versions in force together, in one book (the same snapshot serves every date
    on which these versions apply, so it carries no date of its own). Hashable by (book id,
    versions)."""

    book_id: str
    versions: tuple[RuleVersion, ...] = field(repr=False)
    key: tuple[tuple[str, dt.date], ...] = field(init=False, repr=False)
    effective_from: dt.date = field(init=False, repr=False)
    by_id: dict[str, RuleVersion] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # `key` identifies the versions; `effective_from` is when the latest of them took effect.
        object.__setattr__(self, "key", tuple((v.rule_id, v.effective_from) for v in self.versions))
        object.__setattr__(self, "effective_from", max(v.effective_from for v in self.versions))
        object.__setattr__(self, "by_id", {v.rule_id: v for v in self.versions})

    def version(self, rule_id: str) -> RuleVersion:
        return self.by_id[rule_id]

    def value(self, rule_id: str, model: type[V]) -> V | None:
        """The rule's value (None when the rule is not in force on this date)."""
        v = self.version(rule_id)
        if v.value is None:
            return None
        if not isinstance(v.value, model):
            raise RuleDataError(f"rule data: {rule_id} is not a {model.__name__}")
        return v.value

    def __hash__(self) -> int:
        return hash((self.book_id, self.key))

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Snapshot) and self.book_id == other.book_id and self.key == other.key
        )


@dataclass(frozen=True, eq=False)
class RuleBook:
    name: str
    coverage_from: dt.date
    rules: dict[str, Rule]
    sources: dict[str, Source]
    # the latest dated change the sources record, encoded or not (rules.md §5): the data
    # reflects what was known up to then
    known_through: dt.date | None = None
    id: str = field(init=False)
    last_change: dt.date = field(init=False)  # the latest of those dates and known_through

    def __post_init__(self) -> None:
        object.__setattr__(self, "id", content_id(self))
        days = [
            d
            for rule in self.rules.values()
            for v in rule.versions
            for d in (v.effective_from, v.effective_to)
            if d is not None
        ]
        if self.known_through is not None:
            days.append(self.known_through)
        object.__setattr__(self, "last_change", max(days, default=self.coverage_from))

    def at(self, day: dt.date) -> Snapshot:
        """The snapshot of the rules in force on ``day``."""
        if day < self.coverage_from:
            raise RuleDateError(day, self.coverage_from)
        return _snapshot_on(self, day)

    def check_covered(self, day: dt.date, field: str = "date") -> None:
        """Check a date the user gave: :class:`RuleDateError` on ``field`` if ``day`` is before
        the rule data, an InputError if it is after the last date kodo reads (``LAST_DAY``;
        a look-ahead from it may go further, so :meth:`at` checks only the start)."""
        if day < self.coverage_from:
            raise RuleDateError(day, self.coverage_from, field)
        if day > LAST_DAY:
            raise input_error(field, "date_range", low=FIRST_DAY, high=LAST_DAY, got=day)

    def __hash__(self) -> int:
        return hash(self.id)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RuleBook) and self.id == other.id


def content_id(book: RuleBook) -> str:
    """``sha256:<hex>`` of the book's rules and sources, in a canonical JSON form."""
    data = {
        "name": book.name,
        "coverage_from": book.coverage_from.isoformat(),
        **({"known_through": book.known_through.isoformat()} if book.known_through else {}),
        "rules": {
            rid: {"kind": r.kind, "versions": [v.content() for v in r.versions]}
            for rid, r in sorted(book.rules.items())
        },
        "sources": {
            tag: [s.title_en, s.title_ja, s.url] for tag, s in sorted(book.sources.items())
        },
    }
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


@lru_cache(maxsize=4096)
def _snapshot_on(book: RuleBook, day: dt.date) -> Snapshot:
    versions = tuple(rule.version_on(day) for rule in book.rules.values())
    return Snapshot(book.id, versions)


# --------------------------------------------------------------------------------------------
# Loading and validation


def _fail(where: str, problem: str) -> RuleDataError:
    return RuleDataError(f"rule data: {where}: {problem}")


def _load_sources(raw: Any) -> dict[str, Source]:
    if not isinstance(raw, dict) or not raw:
        raise _fail("sources.yaml", "must be a non-empty mapping of tags")
    out: dict[str, Source] = {}
    for tag, entry in raw.items():
        if not isinstance(entry, dict):
            raise _fail(f"sources.{tag}", "must be a mapping")
        for key in ("title_en", "title_ja", "url"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise _fail(f"sources.{tag}", f"{key} is missing")
        if not entry["url"].startswith(("https://", "http://")):
            raise _fail(f"sources.{tag}", "url must be http(s)")
        out[str(tag)] = Source(str(tag), entry["title_en"], entry["title_ja"], entry["url"])
    return out


def _citations(raw: Any, where: str, sources: dict[str, Source]) -> tuple[Citation, ...]:
    if not isinstance(raw, list) or not raw:
        raise _fail(where, "needs at least one citation (cite)")
    out = []
    for c in raw:
        if not isinstance(c, dict) or "source" not in c:
            raise _fail(where, f"bad citation {c!r}")
        tag = c["source"]
        if tag not in sources:
            raise _fail(where, f"citation names unknown source {tag!r}")
        item = c.get("item")
        if item is not None and not isinstance(item, str):
            raise _fail(where, f"citation item must be text, got {item!r}")
        out.append(Citation(str(tag), item))
    return tuple(out)


def _load_version(
    rule_id: str, kind: str, raw: Any, index: int, sources: dict[str, Source]
) -> RuleVersion:
    where = f"{rule_id} version {index + 1}"
    if not isinstance(raw, dict):
        raise _fail(where, "must be a mapping")
    unknown = set(raw) - {
        "effective_from",
        "effective_to",
        "in_force",
        "cite",
        "value",
        "note",
        "condition",
    }
    if unknown:
        raise _fail(where, f"unknown keys {sorted(unknown)}")
    start = as_date(raw.get("effective_from"), f"{where} effective_from")
    end = None
    if raw.get("effective_to") is not None:
        end = as_date(raw["effective_to"], f"{where} effective_to")
        if end <= start:
            raise _fail(where, f"effective_to {end} is not after effective_from {start}")
    in_force = raw.get("in_force", True)
    if not isinstance(in_force, bool):
        raise _fail(where, "in_force must be true or false")
    citations = _citations(raw.get("cite"), where, sources)
    value: BaseModel | None = None
    if in_force:
        if "value" not in raw:
            raise _fail(where, "a version in force needs a value")
        try:
            value = VALUE_MODELS[kind].model_validate(raw["value"])
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or 'value'}: {e['msg']}" for e in exc.errors()
            )
            raise _fail(where, problems) from None
    elif "value" in raw:
        raise _fail(where, "a version not in force must not have a value")
    note = raw.get("note")
    condition = raw.get("condition")
    if condition is not None and not (isinstance(condition, str) and condition.isidentifier()):
        raise _fail(where, f"condition must be a code (letters, digits, _), got {condition!r}")
    return RuleVersion(rule_id, start, end, in_force, value, citations, note, condition)


def _check_chain(rule_id: str, versions: list[RuleVersion], coverage_from: dt.date) -> None:
    versions.sort(key=lambda v: v.effective_from)
    if versions[0].effective_from > coverage_from:
        raise _fail(
            rule_id,
            f"gap: first version starts {versions[0].effective_from}, "
            f"after the coverage start {coverage_from}",
        )
    for prev, nxt in itertools.pairwise(versions):
        if prev.effective_to is None:
            raise _fail(
                rule_id,
                f"overlap: version from {prev.effective_from} is open-ended but another "
                f"starts {nxt.effective_from}",
            )
        if prev.effective_to < nxt.effective_from:
            raise _fail(rule_id, f"gap: {prev.effective_to} to {nxt.effective_from}")
        if prev.effective_to > nxt.effective_from:
            raise _fail(
                rule_id,
                f"overlap: version ending {prev.effective_to} and version starting "
                f"{nxt.effective_from}",
            )
    if versions[-1].effective_to is not None:
        raise _fail(
            rule_id,
            f"gap: the last version ends {versions[-1].effective_to}; "
            "mark a repealed rule with a version that has in_force: false",
        )


def _check_bonus(rule_id: str, version: RuleVersion, rule_ids: set[str]) -> None:
    value = version.value
    if not isinstance(value, Bonus):
        return
    where = f"{rule_id} from {version.effective_from}"
    for req in value.requires:
        if req not in rule_ids:
            raise _fail(where, f"requires unknown item {req!r}")
    for exc in value.excluded_by:
        if exc.item not in rule_ids:
            raise _fail(where, f"excluded_by names unknown item {exc.item!r}")
        if exc.option is not None:
            name, _, choice = exc.option.partition("=")
            if choice not in OPTION_VALUES.get(name, ()):
                raise _fail(where, f"excluded_by names unknown option {exc.option!r}")


def parse_book(rules_raw: Any, sources_raw: Any) -> RuleBook:
    """Validate raw (already YAML-parsed) rule data and build the book."""
    sources = _load_sources(sources_raw)
    if not isinstance(rules_raw, dict) or "book" not in rules_raw or "rules" not in rules_raw:
        raise _fail("rules.yaml", "needs 'book' and 'rules'")
    meta = rules_raw["book"]
    if not isinstance(meta, dict):
        raise _fail("book", "must be a mapping")
    coverage_from = as_date(meta.get("coverage_from"), "book.coverage_from")
    raw_rules = rules_raw["rules"]
    if not isinstance(raw_rules, dict):
        raise _fail("rules", "must be a mapping")
    rules: dict[str, Rule] = {}
    for rule_id, raw in raw_rules.items():
        if not isinstance(raw, dict):
            raise _fail(rule_id, "must be a mapping")
        kind = raw.get("kind")
        if kind not in VALUE_MODELS:
            raise _fail(rule_id, f"unknown kind {kind!r} (one of {sorted(VALUE_MODELS)})")
        unknown = set(raw) - {"kind", "versions"}
        if unknown:
            raise _fail(rule_id, f"unknown keys {sorted(unknown)}")
        raw_versions = raw.get("versions")
        if not isinstance(raw_versions, list) or not raw_versions:
            raise _fail(rule_id, "needs at least one version")
        versions = [
            _load_version(rule_id, kind, rv, i, sources) for i, rv in enumerate(raw_versions)
        ]
        _check_chain(rule_id, versions, coverage_from)
        rules[str(rule_id)] = Rule(str(rule_id), kind, tuple(versions))
    for rule in rules.values():
        for version in rule.versions:
            _check_bonus(rule.id, version, set(rules))
    return RuleBook(
        name=str(meta.get("name", "kodo")),
        coverage_from=coverage_from,
        rules=rules,
        sources=sources,
        known_through=None
        if meta.get("known_through") is None
        else as_date(meta["known_through"], "book.known_through"),
    )


def load_book(directory: str | Path | None = None) -> RuleBook:
    """The rule book shipped with kodo, or one from ``directory``. Fails loudly.

    Structure only; :func:`kodo.load_rules` also checks the book against the item registry.
    """
    if directory is None:
        return _default_book()
    base = Path(directory)
    try:
        rules_text = (base / "rules.yaml").read_text(encoding="utf-8")
        sources_text = (base / "sources.yaml").read_text(encoding="utf-8")
    except OSError as exc:
        raise RuleDataError(f"rule data: cannot read {exc.filename}: {exc.strerror}") from None
    return parse_book(read_yaml(rules_text), read_yaml(sources_text))


@cache
def _default_book() -> RuleBook:
    data = resources.files("kodo.rules") / "data"
    return parse_book(
        read_yaml((data / "rules.yaml").read_text(encoding="utf-8")),
        read_yaml((data / "sources.yaml").read_text(encoding="utf-8")),
    )
