"""The official form's wording (``rules/data/form.yaml``), loaded and checked.

The form file holds the Japanese wording of every row of the three category sheets of the ISA
参考書式「高度専門職ポイント計算表」 and its evidence numbers ①–㉑, each row keyed to a rule id of
the item registry and a band; it holds no points (they come from the rule book on the sheet's
date, :mod:`kodo.features.sheet`). Loading fails loudly (:class:`FormDataError`, naming the
sheet, the row and the problem) on an unknown item, band or evidence number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from kodo.errors import KodoError
from kodo.items import DEFAULT
from kodo.vocab import CATEGORIES, LEVELS, POSITIONS, RESEARCH_KINDS
from kodo.yamltext import read_yaml

CRITERIA = ("ranking", "sgu", "innovative_asia")  # kodo.input.parts.UniversityCriterion
BANDED = ("career", "salary", "age", "licences")  # bands are indexes of the rule's table


class FormDataError(KodoError):
    """The form data is invalid (a packaging error, not the user's)."""

    def render(self, lang: str = "en") -> str:
        return str(self)


@dataclass(frozen=True)
class FormRow:
    """One row of a sheet: a check box row, a heading (``head``) or a note (``note``)."""

    id: str | None  # names the row's reading aid: catalogue sheet.row.<id>
    label: str  # the form's wording (a note's text may hold {placeholders} of rule figures)
    item: str | None = None  # the rule id (an item of the registry)
    band: tuple[str, ...] | tuple[int, ...] = ()  # the band(s) of the rule this row stands for
    evidence: str | None = None  # the evidence number printed on this row
    head: bool = False  # no check box: the heading of the rows under it
    share: bool = False  # the rows under this heading share one points cell
    indent: int = 0
    note: bool = False
    rankings: bool = False  # the three ranking lines (rank blanks) under the row
    rnd: bool = False  # the R&D-ratio line (試験研究費等 … ％) under the row


@dataclass(frozen=True)
class FormSection:
    id: str
    label: str  # the 項目 column
    rows: tuple[FormRow, ...]
    salary: bool = False  # a salary table (age columns for イ/ロ)


@dataclass(frozen=True)
class FormSheet:
    category: str
    title: str
    category_name: str
    sections: tuple[FormSection, ...]


@dataclass(frozen=True)
class Form:
    text: dict[str, Any]  # the fixed wording of the form (form: in the file)
    edition_from: dt.date
    evidence: dict[str, tuple[tuple[str, ...], str]]  # number -> (items, what to submit)
    sheets: dict[str, FormSheet]


def _fail(where: str, problem: str) -> FormDataError:
    return FormDataError(f"form data: {where}: {problem}")


def _flat(rows: list[Any]) -> list[Any]:
    """Rows, with the lists the file splices in by YAML alias opened (one level)."""
    out: list[Any] = []
    for row in rows:
        out.extend(row if isinstance(row, list) else [row])
    return out


def _bands(item: str, raw: Any, where: str) -> tuple[str, ...] | tuple[int, ...]:
    if raw is None:
        return ()
    values = raw if isinstance(raw, list) else [raw]
    kind = DEFAULT.item(item).kind if item in DEFAULT.row else None
    if item in BANDED:
        if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in values):
            raise _fail(where, f"the bands of {item} are indexes, got {raw!r}")
        return tuple(int(v) for v in values)
    allowed: tuple[str, ...] = {
        "education": (*LEVELS, "business"),
        "research": RESEARCH_KINDS,
        "position": POSITIONS,
        "bonus": CRITERIA if item == "top_university" else (),
    }.get(kind or "", ())
    if not all(isinstance(v, str) and v in allowed for v in values):
        raise _fail(where, f"unknown band {raw!r} of {item} (one of {list(allowed)})")
    return tuple(str(v) for v in values)


def _row(raw: Any, where: str, numbers: set[str]) -> FormRow:
    if not isinstance(raw, dict):
        raise _fail(where, "a row must be a mapping")
    known = {"id", "label", "item", "band", "evidence", "head", "share", "indent", "note"}
    unknown = set(raw) - known - {"rankings", "rnd"}
    if unknown:
        raise _fail(where, f"unknown keys {sorted(unknown)}")
    if "note" in raw:
        return FormRow(raw.get("id"), str(raw["note"]), note=True)
    item = raw.get("item")
    if item is not None and item not in DEFAULT.row:
        raise _fail(where, f"unknown item {item!r}")
    if item is None and not raw.get("head"):
        raise _fail(where, "a row with a check box needs an item")
    evidence = raw.get("evidence")
    if evidence is not None and not all(ch in numbers for ch in str(evidence)):
        raise _fail(where, f"unknown evidence number {evidence!r}")
    label = raw.get("label")
    if label is None and item not in ("salary", "age"):  # those are written from the edges
        raise _fail(where, "needs a label")
    return FormRow(
        id=raw.get("id"),
        label="" if label is None else str(label),
        item=item,
        band=_bands(item, raw.get("band"), where) if item else (),
        evidence=None if evidence is None else str(evidence),
        head=bool(raw.get("head", False)),
        share=bool(raw.get("share", False)),
        indent=int(raw.get("indent", 0)),
        rankings=bool(raw.get("rankings", False)),
        rnd=bool(raw.get("rnd", False)),
    )


def parse_form(raw: Any) -> Form:
    if not isinstance(raw, dict) or not {"form", "evidence", "sheets"} <= set(raw):
        raise _fail("form.yaml", "needs form, evidence and sheets")
    evidence: dict[str, tuple[tuple[str, ...], str]] = {}
    for number, entry in raw["evidence"].items():
        items = tuple(entry.get("items", ()))
        if not items or any(i not in DEFAULT.row for i in items):
            raise _fail(f"evidence {number}", f"unknown items {items!r}")
        evidence[str(number)] = (items, str(entry["text"]))
    sheets: dict[str, FormSheet] = {}
    for cat in CATEGORIES:
        sheet = raw["sheets"].get(cat)
        if not isinstance(sheet, dict):
            raise _fail(f"sheets.{cat}", "is missing")
        sections = []
        for k, sec in enumerate(sheet["sections"]):
            where = f"sheets.{cat} section {k + 1}"
            rows = tuple(
                _row(r, f"{where} row {i + 1}", set(evidence))
                for i, r in enumerate(_flat(sec["rows"]))
            )
            sections.append(FormSection(str(sec["id"]), str(sec["label"]), rows,
                                        bool(sec.get("salary", False))))  # fmt: skip
        sheets[cat] = FormSheet(cat, str(sheet["title"]), str(sheet["category"]), tuple(sections))
    text = raw["form"]
    day = text.get("edition_from")
    if not isinstance(day, dt.date):
        raise _fail("form.edition_from", "must be a date")
    return Form(text, day, evidence, sheets)


@cache
def load_form() -> Form:
    """The form shipped with kodo (read once)."""
    data = resources.files("kodo.rules") / "data" / "form.yaml"
    return parse_form(read_yaml(data.read_text(encoding="utf-8")))
