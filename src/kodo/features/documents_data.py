"""The documents checklist's data (``rules/data/documents.yaml``): loaded once, checked.

Each entry is dated (``from``, optional ``to``: the first day it no longer applies) and cited
(a tag of the file's own ``sources`` or of the rule book's). Loading fails naming the entry
and the problem: a missing or bad date, ``to`` not after ``from``, an unknown kind, employer
category or source tag, two versions of an employer category that overlap, or evidence codes
that differ from the item registry's (every ``Item.evidence`` code has exactly one entry).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any

from kodo.items import DEFAULT, Registry
from kodo.results.common import CitationRef, SourceInfo
from kodo.rules.book import RuleBook
from kodo.rules.model import RuleDataError, Source, as_date, extra_sources
from kodo.vocab import PR_ROUTES
from kodo.yamltext import read_yaml

KINDS = ("coe", "change", "renewal", "pr")
EMPLOYER_CATEGORIES = (1, 2, 3, 4)
LIMBS = ("salary", "degree", "years")  # the J-Skip criteria a document proves
FILE = "documents.yaml"


@dataclass(frozen=True)
class Entry:
    """A dated, cited entry: a document, a note or a version of an employer category."""

    code: str
    start: dt.date
    end: dt.date | None
    cite: tuple[CitationRef, ...]
    kinds: tuple[str, ...] = ()
    categories: tuple[int, ...] = ()
    params: Mapping[str, int] = field(default_factory=dict)  # fixed figures
    route_params: tuple[str, ...] = ()  # figures of the permanent-residence route
    optional: bool = False
    burden: int = 0
    documents: tuple[str, ...] = ()  # an employer category: the codes it submits
    limb: str = ""  # J-Skip evidence: the criterion it proves (salary | degree | years)
    text: str = ""  # an employer category: its definition's sentence (documents.category.<text>)

    def applies_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True)
class DocumentsData:
    id: str
    sources: Mapping[str, Source]
    evidence: Mapping[str, Entry]
    common: tuple[Entry, ...]
    pr_routes: Mapping[str, Mapping[str, int]]
    pr_items: tuple[Entry, ...]
    j_skip_evidence: tuple[Entry, ...]
    employer_kinds: tuple[str, ...]
    employer: Mapping[int, tuple[Entry, ...]]
    renewal: Mapping[int, tuple[Entry, ...]]  # the renewal list per category
    after_transfer: Entry  # renewal: only the first one after a change of employer
    exempt: tuple[int, ...]
    activity_cite: tuple[CitationRef, ...]
    activity: tuple[Entry, ...]
    notes: tuple[Entry, ...]

    def category_on(self, category: int, day: dt.date, kind: str = "coe") -> Entry | None:
        """The version of ``category`` on ``day`` (a renewal: the renewal list's)."""
        versions = self.renewal if kind == "renewal" else self.employer
        return next((v for v in versions[category] if v.applies_on(day)), None)

    def source_info(self, book: RuleBook, tags: Iterable[str], lang: str) -> dict[str, SourceInfo]:
        """Each tag's title in ``lang`` (English, else the Japanese title) and address."""
        out: dict[str, SourceInfo] = {}
        for tag in tags:
            s = self.sources.get(tag) or book.sources[tag]
            out[tag] = SourceInfo(s.title_en if lang == "en" else s.title_ja, s.url)
        return out


def _fail(where: str, problem: str) -> RuleDataError:
    return RuleDataError(f"{FILE}: {where}: {problem}")


def _map(raw: Any, where: str) -> dict[Any, Any]:
    if not isinstance(raw, dict):
        raise _fail(where, "must be a mapping")
    return raw


def _list(raw: Any, where: str) -> list[Any]:
    if not isinstance(raw, list):
        raise _fail(where, "must be a list")
    return raw


class _Reader:
    def __init__(self, tags: frozenset[str]) -> None:
        self.tags = tags

    def cite(self, raw: Any, where: str) -> tuple[CitationRef, ...]:
        out = []
        for c in _list(raw, f"{where}.cite") or [None]:
            if not isinstance(c, dict) or c.get("source") not in self.tags:
                raise _fail(where, f"bad or unknown citation {c!r}")
            item = c.get("item")
            if item is not None and not isinstance(item, str):
                raise _fail(where, f"citation item must be text, got {item!r}")
            out.append(CitationRef(str(c["source"]), item))
        return tuple(out)

    def entry(self, raw: Any, where: str, code: str | None = None) -> Entry:
        e = _map(raw, where)
        code = code if code is not None else e.get("code")
        if not isinstance(code, str) or not code.isidentifier():
            raise _fail(where, f"needs a code (an identifier), got {code!r}")
        where = f"{where} ({code})"
        start = as_date(e.get("from"), f"{where}.from", FILE)
        end = None if e.get("to") is None else as_date(e["to"], f"{where}.to", FILE)
        if end is not None and end <= start:
            raise _fail(where, "`to` must be after `from`")
        kinds = tuple(_list(e.get("kinds", []), f"{where}.kinds"))
        if any(k not in KINDS for k in kinds):
            raise _fail(where, f"kinds must be among {KINDS}, got {kinds}")
        cats = tuple(_list(e.get("categories", []), f"{where}.categories"))
        if any(c not in EMPLOYER_CATEGORIES for c in cats):
            raise _fail(where, f"categories must be among {EMPLOYER_CATEGORIES}, got {cats}")
        raw_params = e.get("params", {})
        fixed = raw_params if isinstance(raw_params, dict) else {}
        named = tuple(raw_params) if isinstance(raw_params, list) else ()
        if any(type(v) is not int or v <= 0 for v in fixed.values()):
            raise _fail(where, "params must be positive whole numbers")
        burden = e.get("burden", 0)
        if type(burden) is not int or burden < 0:
            raise _fail(where, "burden must be a whole number >= 0")
        docs = tuple(_list(e.get("documents", []), f"{where}.documents"))
        limb = e.get("limb", "")
        if limb not in ("", *LIMBS):
            raise _fail(where, f"limb must be one of {LIMBS}, got {limb!r}")
        text = e.get("text", "")
        if not isinstance(text, str) or (text and not text.isidentifier()):
            raise _fail(where, f"text must be an identifier, got {text!r}")
        return Entry(
            code, start, end, self.cite(e.get("cite"), where), kinds, cats, dict(fixed),
            named, bool(e.get("optional", False)), burden, docs, limb, text,
        )  # fmt: skip

    def versions(self, raw: Any, where: str, code: str) -> tuple[Entry, ...]:
        """Dated versions that must not overlap, in order."""
        vs = tuple(self.entry(v, f"{where}[{i}]", code) for i, v in enumerate(_list(raw, where)))
        ordered = sorted(vs, key=lambda v: v.start)
        for a, b in pairwise(ordered):
            if a.end is None or a.end > b.start:
                raise _fail(where, "versions overlap")
        return tuple(ordered)


def parse_documents(
    raw: Any, book_tags: Iterable[str], registry: Registry = DEFAULT
) -> DocumentsData:
    """The data from its YAML mapping, checked against the book's source tags and the items."""
    top = _map(raw, "top level")
    sources = extra_sources(top.get("sources"), book_tags, FILE)
    r = _Reader(frozenset(sources) | frozenset(book_tags))
    evidence = {
        code: r.entry(e, f"evidence.{code}", code)
        for code, e in _map(top.get("evidence"), "evidence").items()
    }
    wanted = {c for item in registry.items for c in item.evidence}
    if set(evidence) != wanted:
        missing, extra = sorted(wanted - set(evidence)), sorted(set(evidence) - wanted)
        raise _fail(
            "evidence", f"must match the registry's codes: missing {missing}, extra {extra}"
        )
    common = tuple(
        r.entry(e, f"common[{i}]") for i, e in enumerate(_list(top.get("common"), "common"))
    )
    pr = _map(top.get("pr"), "pr")
    routes = _map(pr.get("routes"), "pr.routes")
    if set(routes) != set(PR_ROUTES):
        raise _fail("pr.routes", f"must name the routes {PR_ROUTES}")
    pr_routes = {k: dict(_map(v, f"pr.routes.{k}")) for k, v in routes.items()}
    pr_items = tuple(
        r.entry(e, f"pr.items[{i}]") for i, e in enumerate(_list(pr.get("items"), "pr.items"))
    )
    for e in pr_items:
        for name in e.route_params:
            if any(type(v.get(name)) is not int for v in pr_routes.values()):
                raise _fail(f"pr.items ({e.code})", f"every route needs the figure {name}")
    jskip = tuple(
        r.entry(e, f"pr.j_skip_evidence[{i}]")
        for i, e in enumerate(_list(pr.get("j_skip_evidence"), "pr.j_skip_evidence"))
    )
    if any(e.code not in wanted for e in jskip):
        raise _fail("pr.j_skip_evidence", "codes must be evidence codes of the registry")
    emp = _map(top.get("employer"), "employer")
    kinds = tuple(_list(emp.get("kinds"), "employer.kinds"))
    employer: dict[int, tuple[Entry, ...]] = {}
    renewal: dict[int, tuple[Entry, ...]] = {}
    for name, into in (("categories", employer), ("renewal", renewal)):
        cats = _map(emp.get(name), f"employer.{name}")
        if set(cats) != set(EMPLOYER_CATEGORIES):
            raise _fail(f"employer.{name}", f"must give the categories {EMPLOYER_CATEGORIES}")
        for cat, versions in cats.items():
            into[int(cat)] = r.versions(versions, f"employer.{name}.{cat}", f"c{cat}")
    after = r.entry(emp.get("after_transfer"), "employer.after_transfer", "after_transfer")
    act = _map(emp.get("activity"), "employer.activity")
    exempt = tuple(_list(act.get("exempt"), "employer.activity.exempt"))
    if any(c not in EMPLOYER_CATEGORIES for c in exempt):
        raise _fail("employer.activity.exempt", "must be employer categories")
    activity = tuple(
        r.entry(e, f"employer.activity.documents[{i}]")
        for i, e in enumerate(_list(act.get("documents"), "employer.activity.documents"))
    )
    notes = tuple(r.entry(e, f"notes[{i}]") for i, e in enumerate(_list(top.get("notes"), "notes")))
    digest = hashlib.sha256(json.dumps(raw, sort_keys=True, default=str).encode()).hexdigest()
    return DocumentsData(
        f"sha256:{digest[:32]}", sources, evidence, common, pr_routes, pr_items, jskip, kinds,
        employer, renewal, after, exempt, r.cite(act.get("cite"), "employer.activity"),
        activity, notes,
    )  # fmt: skip


def load_documents(book: RuleBook, path: str | Path | None = None) -> DocumentsData:
    """The shipped data (or the file ``path``), checked against ``book``'s sources."""
    if path is not None:
        return parse_documents(read_yaml(Path(path).read_text("utf-8")), book.sources)
    return _shipped(frozenset(book.sources))


@lru_cache(maxsize=4)
def _shipped(tags: frozenset[str]) -> DocumentsData:
    text = resources.files("kodo.rules").joinpath("data", FILE).read_text("utf-8")
    return parse_documents(read_yaml(text), tags)
