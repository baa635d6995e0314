"""The dated rule data of the parts of pay (``rules/data/remuneration.yaml``): which part
counts as the annual remuneration on which date, which needs a human judgement, and the
citations. Read here, in the input layer, because ``Applicant.salary`` counts the parts;
checked when read (a problem names the part and the version and stops kodo loudly)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kodo.errors import KodoError
from kodo.options import OPTION_VALUES
from kodo.yamltext import read_yaml

DATA = Path(__file__).resolve().parents[1] / "rules" / "data"
FILE = "remuneration.yaml"


class RemunerationDataError(KodoError):
    """The remuneration rule data is invalid (the message names where and what)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class _Cite(_Strict):
    source: str = Field(min_length=1)
    item: str | None = None


class _Judgement(_Strict):
    kind: Literal["option", "practitioner"]
    option: str | None = None
    with_: str | None = Field(None, alias="with")
    without: str | None = None


class _Version(_Strict):
    from_: dt.date = Field(alias="from")
    to: dt.date | None = None
    counts: bool
    reason: str = Field(pattern=r"^[a-z_]+$")
    rules_md: str = Field(min_length=1)
    note: str | None = None
    judgement: _Judgement | None = None
    cite: list[_Cite] = Field(min_length=1)


class _Part(_Strict):
    versions: list[_Version] = Field(min_length=1)


class _ThresholdVersion(_Strict):
    from_: dt.date = Field(alias="from")
    to: dt.date | None = None
    rules_md: str = Field(min_length=1)
    note: str | None = None
    cite: list[_Cite] = Field(min_length=1)


class _Threshold(_Strict):
    rule: str
    rules_md: str = Field(min_length=1)
    note: str | None = None
    cite: list[_Cite] = Field(min_length=1)
    versions: list[_ThresholdVersion] = Field(default_factory=list)


class _Source(_Strict):
    title_ja: str
    title_en: str
    url: str = Field(pattern=r"^https?://\S+$")


class _Meta(_Strict):
    name: str
    coverage_from: dt.date
    near_share: float = Field(gt=0, lt=1)


class _Data(_Strict):
    data: _Meta
    sources: dict[str, _Source] = Field(default_factory=dict)
    parts: dict[str, _Part]
    thresholds: dict[str, _Threshold]


@dataclass(frozen=True, slots=True)
class Cite:
    source: str  # a tag of sources.yaml or of the data's own sources
    item: str | None


@dataclass(frozen=True, slots=True)
class Judgement:
    """Why a part needs a human judgement and how kodo reads it both ways: ``option`` (an
    interpretation option of :mod:`kodo.options` with its values counting and not counting
    the part) or ``practitioner`` (counted on a practitioner's view only)."""

    kind: str
    option: str | None
    with_value: str | None
    without_value: str | None


@dataclass(frozen=True, slots=True)
class PartRule:
    """One dated version of the rule for one part of pay."""

    part: str
    start: dt.date
    end: dt.date | None  # exclusive
    counts: bool
    reason: str  # catalogue salary.reason.<reason>
    rules_md: str
    judgement: Judgement | None
    cite: tuple[Cite, ...]


@dataclass(frozen=True, slots=True)
class Threshold:
    id: str
    rule: str  # the rule of rules.yaml that holds its figures
    rules_md: str
    cite: tuple[Cite, ...]  # the citations when no dated version says otherwise
    versions: tuple[tuple[dt.date, dt.date | None, tuple[Cite, ...]], ...] = ()

    def cite_on(self, day: dt.date) -> tuple[Cite, ...]:
        """The citations of the threshold as it stood on ``day`` (the 2012 age-based floors
        before 2013-12-24, the ¥3,000,000 floor from then on)."""
        for start, end, cite in self.versions:
            if start <= day and (end is None or day < end):
                return cite
        return self.cite


@dataclass(frozen=True, slots=True)
class SourceRow:
    title_en: str
    title_ja: str
    url: str


@dataclass(frozen=True)
class RemunerationRules:
    name: str
    id: str  # sha256 of the data, as the rule book's id
    coverage_from: dt.date
    near_share: float
    sources: dict[str, SourceRow]  # the data's own sources (sources.yaml's are the book's)
    parts: dict[str, tuple[PartRule, ...]]
    thresholds: dict[str, Threshold]

    def on(self, part: str, day: dt.date) -> PartRule:
        """The version of ``part``'s rule in force on ``day`` (the first one before it)."""
        versions = self.parts[part]
        for v in versions:
            if v.start <= day and (v.end is None or day < v.end):
                return v
        return versions[0]


def _fail(where: str, problem: str) -> RemunerationDataError:
    return RemunerationDataError(f"rule data {FILE}: {where}: {problem}")


def _cites(raw: list[_Cite], where: str, known: set[str]) -> tuple[Cite, ...]:
    for c in raw:
        if c.source not in known:
            raise _fail(where, f"unknown source {c.source!r}")
    return tuple(Cite(c.source, c.item) for c in raw)


def _judgement(raw: _Judgement | None, where: str) -> Judgement | None:
    if raw is None:
        return None
    if raw.kind == "option":
        values = OPTION_VALUES.get(raw.option or "")
        if values is None:
            raise _fail(where, f"judgement: unknown option {raw.option!r}")
        if raw.with_ not in values or raw.without not in values or raw.with_ == raw.without:
            raise _fail(where, f"judgement: with/without must be two values of {values}")
    elif raw.option or raw.with_ or raw.without:
        raise _fail(where, "judgement: only kind option names an option")
    return Judgement(raw.kind, raw.option, raw.with_, raw.without)


def _chain(part: str, versions: list[_Version], start: dt.date) -> None:
    """From ``start`` on, one version after the other: no gap, no overlap, the last open."""
    expected: dt.date | None = start
    for k, v in enumerate(versions):
        where = f"parts.{part}.versions[{k}]"
        if expected is None:
            raise _fail(where, "follows a version without `to`")
        if v.from_ != expected:
            raise _fail(where, f"`from` is {v.from_}, expected {expected}")
        if v.to is not None and v.to <= v.from_:
            raise _fail(where, "`to` must come after `from`")
        if v.judgement is not None and not v.counts:
            raise _fail(where, "a part needing judgement is one that counts")
        expected = v.to
    if expected is not None:
        raise _fail(f"parts.{part}", "the last version must have no `to`")


def parse_rules(
    raw: Any, book_sources: set[str], expected_parts: tuple[str, ...]
) -> RemunerationRules:
    """Check and build the data (``book_sources``: the tags of sources.yaml;
    ``expected_parts``: the parts the input model has)."""
    try:
        data = _Data.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise _fail(where, first["msg"]) from None
    clash = set(data.sources) & book_sources
    if clash:
        raise _fail("sources", f"tags already in sources.yaml: {sorted(clash)}")
    known = book_sources | set(data.sources)
    if set(data.parts) != set(expected_parts):
        missing = sorted(set(expected_parts) - set(data.parts))
        extra = sorted(set(data.parts) - set(expected_parts))
        raise _fail("parts", f"missing {missing}, unknown {extra}")
    parts: dict[str, tuple[PartRule, ...]] = {}
    for name in expected_parts:
        versions = data.parts[name].versions
        _chain(name, versions, data.data.coverage_from)
        parts[name] = tuple(
            PartRule(
                part=name, start=v.from_, end=v.to, counts=v.counts, reason=v.reason,
                rules_md=v.rules_md,
                judgement=_judgement(v.judgement, f"parts.{name}.versions[{k}]"),
                cite=_cites(v.cite, f"parts.{name}.versions[{k}]", known),
            )
            for k, v in enumerate(versions)
        )  # fmt: skip
    thresholds = {
        tid: Threshold(
            tid, t.rule, t.rules_md, _cites(t.cite, f"thresholds.{tid}", known),
            tuple(
                (v.from_, v.to, _cites(v.cite, f"thresholds.{tid}.versions[{k}]", known))
                for k, v in enumerate(t.versions)
            ),
        )
        for tid, t in data.thresholds.items()
    }  # fmt: skip
    text = json.dumps(raw, sort_keys=True, ensure_ascii=False, default=str)
    return RemunerationRules(
        name=data.data.name,
        id="sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32],
        coverage_from=data.data.coverage_from,
        near_share=data.data.near_share,
        sources={t: SourceRow(s.title_en, s.title_ja, s.url) for t, s in data.sources.items()},
        parts=parts,
        thresholds=thresholds,
    )


@cache
def load_rules(expected_parts: tuple[str, ...], directory: Path = DATA) -> RemunerationRules:
    """The shipped data (or the one in ``directory``), checked; read once."""
    try:
        raw = read_yaml((directory / FILE).read_text(encoding="utf-8"))
        tags = set(read_yaml((directory / "sources.yaml").read_text(encoding="utf-8")))
    except OSError as exc:
        raise _fail(str(exc.filename), f"cannot read: {exc.strerror}") from None
    return parse_rules(raw, tags, expected_parts)


__all__ = [
    "Cite",
    "Judgement",
    "PartRule",
    "RemunerationDataError",
    "RemunerationRules",
    "SourceRow",
    "Threshold",
    "load_rules",
    "parse_rules",
]
