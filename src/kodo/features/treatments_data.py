"""The rule data of the preferential treatments (``rules/data/treatments.yaml``), validated.

Each treatment has dated versions (``from`` .. ``to``, both inclusive) that leave no gap, do
not overlap and start on the rule book's first day; each version cites at least one source
known to the rule book or to the file's own ``sources``; each value fits its treatment (the
fields it needs, and no others). A file that does not fit fails loudly (RuleDataError naming
the treatment, the version and the problem), as ``rules.yaml`` does.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from kodo.dates import DAY
from kodo.results.common import CitationRef, SourceInfo
from kodo.rules.book import RuleBook
from kodo.rules.model import RuleDataError, Source, as_date, extra_sources
from kodo.rules.values import Yen

Small = Annotated[int, Field(ge=1, le=100, strict=True)]
Who = Literal["hsp", "j_skip"]
# The activities a spouse may work in (catalogue ``treatments.activity.<id>``).
Activity = Literal[
    "professor", "artist", "religious_activities", "journalist", "researcher", "instructor",
    "engineer_humanities", "entertainer", "skilled_labor",
]  # fmt: skip


class Tier(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    household_income: Yen
    workers: Small


class Value(BaseModel):
    """The figures of one version of a treatment (which ones, by treatment: ``NEEDS``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    years: Small | None = None
    book_rule: str | None = None
    activities: tuple[Activity, ...] | None = None
    household_income: Yen | None = None
    spouse_income_counted: bool | None = None
    child_age_below: Small | None = None
    max_workers: Small | None = None
    worker_min_age: Small | None = None
    monthly_pay: Yen | None = None
    employed_years_before_entry: Small | None = None
    tiers: tuple[Tier, ...] | None = None
    coe_days: Small | None = None
    change_days: Small | None = None
    # The worker's age and pay of the ordinary types, applied by kodo where the sources of the
    # type do not state them (said in the output as kodo's assumption).
    worker_conditions_assumed: bool | None = None

    @model_validator(mode="after")
    def _tiers(self) -> Value:
        tiers = self.tiers or ()
        if any(
            b.household_income <= a.household_income or b.workers <= a.workers
            for a, b in itertools.pairwise(tiers)
        ):
            raise ValueError("tiers must rise in both household_income and workers")
        return self


_WORKER = ("spouse_income_counted", "worker_min_age", "monthly_pay")
_ORDINARY = ("household_income", "max_workers", *_WORKER)
NEEDS: dict[str, tuple[str, ...]] = {
    "combined_activities": (),
    "period_of_stay": ("years",),
    "permanent_residence": ("book_rule",),
    "spouse_work": ("activities",),
    "spouse_work_j_skip": ("activities",),
    "parents": ("household_income", "spouse_income_counted", "child_age_below"),
    "domestic_worker_accompanying": (*_ORDINARY, "employed_years_before_entry"),
    "domestic_worker_family": (*_ORDINARY, "child_age_below"),
    "domestic_worker_investment": ("tiers", *_WORKER, "worker_conditions_assumed"),
    "domestic_worker_j_skip": ("tiers", *_WORKER, "worker_conditions_assumed"),
    "priority_processing": ("coe_days", "change_days"),
    "priority_lane": (),
}
ORDER = tuple(NEEDS)  # the order treatments are listed in a result
# A version not in force may say what applied instead (its `value`), for these treatments:
# permanent residence before the HSP shortening: the years of residence HSPs needed.
EARLIER: dict[str, tuple[str, ...]] = {"permanent_residence": ("years",)}


@dataclass(frozen=True)
class Version:
    start: dt.date
    end: dt.date | None  # the last day (inclusive); None = still in force
    in_force: bool
    value: Value | None
    cite: tuple[CitationRef, ...]
    note: str | None
    earlier: Value | None = None  # not in force: what applied instead (EARLIER), if known


@dataclass(frozen=True)
class Treatment:
    id: str
    who: str
    versions: tuple[Version, ...]

    def on(self, day: dt.date) -> Version:
        for v in self.versions:
            if v.start <= day and (v.end is None or day <= v.end):
                return v
        raise RuleDataError(f"treatments.{self.id}: no version on {day}")  # before coverage


@dataclass(frozen=True)
class TreatmentRules:
    treatments: dict[str, Treatment]
    sources: dict[str, Source]  # the file's own sources (the book's are the book's)

    def source_info(self, tag: str, book: RuleBook, lang: str) -> SourceInfo:
        s = self.sources.get(tag) or book.sources[tag]
        return SourceInfo(s.title_en if lang == "en" else s.title_ja, s.url)


FILE = "treatments.yaml"


def _fail(where: str, problem: str) -> RuleDataError:
    return RuleDataError(f"{FILE}: {where}: {problem}")


def _version(tid: str, i: int, raw: Any, known: set[str], known_rules: set[str]) -> Version:
    where = f"{tid}.versions[{i}]"
    if not isinstance(raw, dict) or not set(raw) <= {"from", "to", "in_force", "note", "cite",
                                                     "value"}:  # fmt: skip
        raise _fail(where, "a version has from, to, in_force, note, cite and value only")
    cites = raw.get("cite")
    if not isinstance(cites, list) or not cites:
        raise _fail(where, "needs at least one citation (cite)")
    refs = []
    for c in cites:
        if not isinstance(c, dict) or c.get("source") not in known or set(c) - {"source", "item"}:
            raise _fail(where, f"bad citation {c!r} (unknown source?)")
        refs.append(CitationRef(str(c["source"]), c.get("item")))
    in_force = raw.get("in_force", True)
    if not isinstance(in_force, bool):
        raise _fail(where, "in_force must be true or false")
    value = earlier = None
    if in_force:
        try:
            value = Value.model_validate(raw.get("value"))
        except ValidationError as exc:
            raise _fail(where, str(exc).replace("\n", " ")) from None
        fields = {k for k in Value.model_fields if getattr(value, k) is not None}
        if fields != set(NEEDS[tid]):
            raise _fail(
                where, f"value must give exactly {sorted(NEEDS[tid])}, got {sorted(fields)}"
            )
        if value.book_rule is not None and value.book_rule not in known_rules:
            raise _fail(where, f"book_rule {value.book_rule!r} is no rule of the rule book")
    elif "value" in raw:
        if tid not in EARLIER:
            raise _fail(where, "a version not in force has no value")
        try:
            earlier = Value.model_validate(raw["value"])
        except ValidationError as exc:
            raise _fail(where, str(exc).replace("\n", " ")) from None
        fields = {k for k in Value.model_fields if getattr(earlier, k) is not None}
        if fields != set(EARLIER[tid]):
            raise _fail(where, f"a version not in force may give only {list(EARLIER[tid])}")
    end = as_date(raw["to"], f"{where}.to", FILE) if "to" in raw else None
    start = as_date(raw.get("from"), f"{where}.from", FILE)
    if end is not None and end < start:
        raise _fail(where, "to is before from")
    note = raw.get("note")
    note_text = None if note is None else str(note)
    return Version(start, end, in_force, value, tuple(refs), note_text, earlier)


def parse_treatments(raw: Any, book: RuleBook) -> TreatmentRules:
    """The treatments of ``raw`` (the YAML data), checked against ``book``."""
    if not isinstance(raw, dict) or set(raw) != {"sources", "treatments"}:
        raise _fail("file", "needs exactly `sources` and `treatments`")
    sources = extra_sources(raw["sources"], book.sources, FILE)
    known = set(book.sources) | set(sources)
    entries = raw["treatments"]
    if not isinstance(entries, dict) or list(entries) != list(ORDER):
        raise _fail("treatments", f"must list exactly {list(ORDER)}, in that order")
    out = {}
    for tid, entry in entries.items():
        if not isinstance(entry, dict) or set(entry) != {"who", "versions"}:
            raise _fail(tid, "needs exactly who and versions")
        if entry["who"] not in ("hsp", "j_skip"):
            raise _fail(tid, "who must be hsp or j_skip")
        versions = entry["versions"]
        if not isinstance(versions, list) or not versions:
            raise _fail(tid, "needs at least one version")
        vs = tuple(_version(tid, i, v, known, set(book.rules)) for i, v in enumerate(versions))
        if vs[0].start != book.coverage_from:
            raise _fail(tid, f"the first version must start on {book.coverage_from}")
        for i, (a, b) in enumerate(itertools.pairwise(vs)):
            if a.end is None or a.end + DAY != b.start:
                raise _fail(f"{tid}.versions[{i + 1}]", "must start the day after the last `to`")
        if vs[-1].end is not None:
            raise _fail(tid, "the last version has no `to` (it is still in force)")
        out[tid] = Treatment(tid, entry["who"], vs)
    return TreatmentRules(out, sources)


@lru_cache(maxsize=4)
def load_treatments(book: RuleBook) -> TreatmentRules:
    """The bundled treatments.yaml, checked against ``book`` (cached per book)."""
    from kodo.yamltext import read_yaml

    text = resources.files("kodo.rules").joinpath("data/treatments.yaml").read_text("utf-8")
    return parse_treatments(read_yaml(text), book)
