"""The rows of one category sheet: the form's wording, the points of each row from the rule
book on the sheet's date, and the person's rows marked from the engine's scores.

A row's points are read from the rule version in force on the date (``None``: the rule gives
no points in that category then, e.g. an item not yet in force); a row is marked when its item
scored and the row is the band that scored (the engine's detail for the degree level and the
research kinds, the band whose points the item got for career, salary and age).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property

from kodo.engine.score import BUSINESS_ADDON, BUSINESS_TIER, LEVEL_MASK
from kodo.explanation.row import Row
from kodo.features.sheet_form import Form, FormRow, FormSection
from kodo.i18n import Message, Num, Param, Yen, catalogue, placeholders, render
from kodo.input.applicant import Applicant
from kodo.input.facts import listed_degrees
from kodo.rules.book import Snapshot
from kodo.rules.values import (
    AgeValue,
    Bonus,
    Career,
    CountTable,
    Education,
    Position,
    Research,
    Salary,
    SalaryFloor,
    SalaryTable,
    Thresholds,
)
from kodo.vocab import CATEGORIES, LEVEL_NAMES, POSITIONS, RESEARCH_KINDS


@dataclass(frozen=True)
class SheetRow:
    kind: str  # row | head | note
    label: str  # the form's wording (Japanese)
    aid: str | None  # the reading aid in the sheet's language (None in Japanese)
    item: str | None
    points: int | None  # the row's points on the date (None: none in this category then)
    more: int | None = None  # a shared research cell: the points for two or more kinds
    marked: bool = False
    evidence: str | None = None  # the number the form prints on this row
    indent: int = 0
    share: bool = False  # a heading whose rows share its points cell
    cells: tuple[str, ...] = ()  # a salary row: the range in each age column ("－": no points)
    marked_cell: int | None = None  # the age column of the person's salary
    rankings: tuple[str, ...] = ()  # the ranking lines with a rank blank (⑰ Ⅰ)
    rnd: tuple[str, ...] = ()  # the R&D line: expenses, sales, ratio (blank if not known)


@dataclass(frozen=True)
class SheetSection:
    id: str
    label: str
    aid: str | None
    rows: tuple[SheetRow, ...]
    columns: tuple[str, ...] = ()  # a salary table's age columns (empty: one column)
    column_aids: tuple[str, ...] = field(default=())


def _man(yen: int, unit: int) -> str:
    """An amount in the form's unit (万円), grouped: 1,000."""
    return f"{yen // unit:,}"


class RowBuilder:
    """Builds the sections of one category sheet for one scored person."""

    def __init__(
        self, form: Form, snap: Snapshot, row: Row, ci: int, app: Applicant, day: dt.date, lang: str
    ) -> None:
        self.form, self.snap, self.row, self.ci, self.app = form, snap, row, ci, app
        self.cat = CATEGORIES[ci]
        self.day, self.lang = day, lang
        self.text = form.text
        reg = row.tables.registry
        self.scored = {i.id: row.points[ci][k] for k, i in enumerate(reg.items)}
        self.detail = {i.id: row.detail[ci][k] for k, i in enumerate(reg.items)}
        self.marked_items: set[str] = set()

    # ------------------------------------------------------------------ texts

    def aid(self, code: str, **params: Param) -> str | None:
        """A reading aid (none on a Japanese sheet, nor where the catalogue has none)."""
        if self.lang == "ja" or f"sheet.{code}" not in catalogue(self.lang).templates:
            return None
        wanted = placeholders(catalogue(self.lang).template(f"sheet.{code}"))
        values = {k: v for k, v in {**self.figures, **params}.items() if k in wanted}
        return render(Message.of(f"sheet.{code}", **values), self.lang)

    @cached_property
    def figures(self) -> dict[str, Param]:
        """The rule figures the aids and notes quote, from the rule book on the date."""
        edu = self.snap.value("education", Education)
        floor = self.snap.value("salary_floor", SalaryFloor)
        passing = self.snap.value("thresholds", Thresholds)
        research = self.snap.value("research", Research)
        rnd = self.snap.value("rnd_ratio_sme", Bonus)
        invest = self.snap.value("investment_100m", Bonus)
        f = None if floor is None else getattr(floor, self.cat)
        return {
            "doctorate": None if edu is None else edu.points[self.cat]["doctorate"],
            "business": None if edu is None else edu.business_degree[self.cat],
            "floor": Yen(f) if isinstance(f, int) else None,
            "pass": None if passing is None else passing.pass_mark,
            "min_patents": None if research is None else research.minimums.patents,
            "min_funded": None if research is None else research.minimums.funded_projects,
            "min_papers": None if research is None else research.minimums.papers,
            "ratio": None if rnd is None or rnd.ratio_pct is None else Num(rnd.ratio_pct),
            "min_yen": None if invest is None or invest.min_yen is None else Yen(invest.min_yen),
        }

    def note_text(self, text: str) -> str:
        """A note of the form with the rule figures it quotes filled from the book."""
        edu = self.snap.value("education", Education)
        floor = self.snap.value("salary_floor", SalaryFloor)
        passing = self.snap.value("thresholds", Thresholds)
        unit = int(self.text["salary_cells"]["unit"])
        f = None if floor is None else getattr(floor, self.cat)
        values = {
            "doctorate": "－" if edu is None else str(edu.points[self.cat]["doctorate"]),
            "business": "－" if edu is None else str(edu.business_degree[self.cat] or "－"),
            "floor": _man(f, unit) if isinstance(f, int) else "－",
            "pass": "－" if passing is None else str(passing.pass_mark),
        }
        for key, value in values.items():
            text = text.replace("{" + key + "}", value)
        return text

    # ------------------------------------------------------------------ sections

    def sections(self, sections: tuple[FormSection, ...]) -> tuple[SheetSection, ...]:
        return tuple(self.section(s) for s in sections)

    def section(self, sec: FormSection) -> SheetSection:
        rows: list[SheetRow] = []
        for r in sec.rows:
            rows.append(self.build(r))
        columns: tuple[str, ...] = ()
        column_aids: tuple[str, ...] = ()
        if sec.salary:
            columns, column_aids = self.age_columns()
        return SheetSection(sec.id, sec.label, self.aid(f"section.{sec.id}"), tuple(rows),
                            columns, column_aids)  # fmt: skip

    def build(self, r: FormRow) -> SheetRow:
        printed = _printed(r.label)
        if r.note:
            aid = self.aid(f"note.{r.id}", **printed)
            return SheetRow("note", self.note_text(r.label), aid, None, None)
        aid = self.aid(f"row.{r.id}", **printed) if r.id else None
        if r.head:
            points, more = self.shared_points(r) if r.share else (None, None)
            # a designated university whose criterion the input does not say: the heading
            marked = r.item == "top_university" and self.got(r.item) > 0 and not self.criteria()
            if marked:
                self.marked_items.add("top_university")
            return SheetRow("head", r.label, aid, r.item, points, more, marked, r.evidence,
                            r.indent, r.share)  # fmt: skip
        assert r.item is not None
        item = r.item
        kind = self.row.tables.registry.item(item).kind
        label, marked_cell = r.label, None
        cells: tuple[str, ...] = ()
        if kind == "career":
            points, marked, aid = self.career(r)
        elif kind == "age":
            points, marked, label, aid = self.age(r)
        elif kind == "salary":
            points, marked, cells, marked_cell, label = self.salary(r)
        else:
            points, marked = self.points_and_mark(r, kind)
        if marked:
            self.marked_items.add(item)
        rankings = tuple(self.text["rankings"]) if r.rankings else ()
        rnd = self.rnd_line() if r.rnd else ()
        return SheetRow("row", label, aid, item, points, None, marked, r.evidence, r.indent,
                        False, cells, marked_cell, rankings, rnd)  # fmt: skip

    # ------------------------------------------------------------------ kinds

    def got(self, item: str) -> int:
        return int(self.scored.get(item, 0))

    def bonus_points(self, item: str) -> int | None:
        value = self.snap.value(item, Bonus)
        if value is None or self.cat not in value.categories:
            return None
        return value.points

    def shared_points(self, r: FormRow) -> tuple[int | None, int | None]:
        if r.item == "research":
            value = self.snap.value("research", Research)
            table = None if value is None else value.points_by_count[self.cat]
            if not table:
                return None, None
            one, more = table[1], table[-1]
            return one, (more if more != one else None)
        if r.item is not None:
            return self.bonus_points(r.item), None
        return None, None

    def points_and_mark(self, r: FormRow, kind: str) -> tuple[int | None, bool]:
        item, got = r.item or "", self.got(r.item or "")
        if kind == "education":
            return self.education(r, got)
        if kind == "research":  # the points of one kind (the heading's shared cell shows them)
            research = self.snap.value("research", Research)
            table = None if research is None else research.points_by_count[self.cat]
            bit = [str(k) for k in RESEARCH_KINDS].index(str(r.band[0]))
            return (table[1] if table else None), got > 0 and bool(
                self.detail["research"] >> bit & 1
            )
        if kind == "count_table":
            value = self.snap.value(item, CountTable)
            counts = None if value is None else value.points_by_count[self.cat]
            if not counts:
                return None, False
            band, top = int(r.band[0]), len(counts) - 1
            held = int(self.row.col(self.row.tables.registry.item(item).reads[0]))
            return counts[min(band, top)], got > 0 and min(held, top) == band
        if kind == "position":
            position = self.snap.value(item, Position)
            officer = None if position is None else getattr(position, self.cat)
            if officer is None:
                return None, False
            code = int(self.row.col(self.row.tables.registry.item(item).reads[0]))
            return getattr(officer, str(r.band[0])), got > 0 and POSITIONS[code] == r.band[0]
        if item == "top_university" and r.band:
            return self.bonus_points(item), got > 0 and str(r.band[0]) in self.criteria()
        return self.bonus_points(item), got > 0

    def education(self, r: FormRow, got: int) -> tuple[int | None, bool]:
        edu = self.snap.value("education", Education)
        if edu is None:
            return None, False
        detail = self.detail["education"]
        if r.band == ("business",):
            pts = edu.business_degree[self.cat]
            return pts, got > 0 and bool(detail & (BUSINESS_TIER | BUSINESS_ADDON))
        level = LEVEL_NAMES[detail & LEVEL_MASK]
        tier = bool(detail & BUSINESS_TIER)
        points = {str(k): v for k, v in edu.points[self.cat].items()}
        return points[str(r.band[0])], got > 0 and not tier and level in r.band

    def criteria(self) -> set[str]:
        """The designated-list criteria of the degrees held on the sheet's date."""
        return {
            c
            for d in listed_degrees(self.app) or ()  # a listed university's criteria included
            if d.designated and (d.awarded is None or d.awarded <= self.day)
            for c in d.university_criteria
        }

    def career(self, r: FormRow) -> tuple[int | None, bool, str | None]:
        value = self.snap.value("career", Career)
        if value is None:
            return None, False, None
        pts = value.points[self.cat]
        bands = [int(b) for b in r.band]
        points = pts[bands[0]]
        got = self.got("career")
        marked = got > 0 and any(pts[b] == got for b in bands)
        edges = value.edges_years
        low = edges[min(bands) - 1]
        top = max(bands)
        if top >= len(edges):
            aid = self.aid("aid.years_from", low=_num(low))
        else:
            aid = self.aid("aid.years_range", low=_num(low), high=_num(edges[top]))
        return points, marked, aid

    def age_table(self) -> tuple[list[int], list[int]] | None:
        value = self.snap.value("age", AgeValue)
        table = None if value is None else getattr(value, self.cat)
        return None if table is None else (list(table.edges), list(table.points))

    def age(self, r: FormRow) -> tuple[int | None, bool, str, str | None]:
        table = self.age_table()
        if table is None:
            return None, False, "", None
        edges, pts = table
        band = int(r.band[0])
        label, aid = self.age_label(edges, band)
        got = self.got("age")
        return pts[band], got > 0 and pts[band] == got, label, aid

    def age_label(self, edges: list[int], band: int) -> tuple[str, str | None]:
        fmt = self.text["age_columns"]
        if band == 0:
            return fmt["first"].format(high=edges[0]), self.aid("aid.age_under", high=edges[0])
        if band >= len(edges):
            return fmt["last"].format(low=edges[-1]), self.aid("aid.age_from", low=edges[-1])
        low, top = edges[band - 1], edges[band] - 1
        return fmt["range"].format(low=low, top=top), self.aid("aid.age_range", low=low, top=top)

    def salary_table(self) -> SalaryTable | None:
        value = self.snap.value("salary", Salary)
        return None if value is None else getattr(value, self.cat)

    def age_columns(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        table = self.salary_table()
        if table is None or not table.age_edges:
            return (), ()
        edges = list(table.age_edges)
        pairs = [self.age_label(edges, b) for b in range(len(edges) + 1)]
        return tuple(p[0] for p in pairs), tuple(p[1] or "" for p in pairs)

    def salary(self, r: FormRow) -> tuple[int | None, bool, tuple[str, ...], int | None, str]:
        table = self.salary_table()
        if table is None:
            return None, False, (), None, ""
        fmt = self.text["salary_cells"]
        unit = int(fmt["unit"])
        band = int(r.band[0])
        edges = table.salary_edges
        low = _man(edges[band - 1], unit)
        if band >= len(edges):
            text = fmt["top"].format(low=low)
        else:
            text = fmt["range"].format(low=low, high=_man(edges[band], unit))
        cells = tuple(text if row[band] else fmt["none"] for row in table.points)
        values = sorted({row[band] for row in table.points if row[band]})
        points = values[-1] if values else None
        got = self.got("salary")
        age_band = None
        if table.age_edges:
            age = self.row.age
            if age is not None:
                age_band = sum(1 for e in table.age_edges if age >= e)
        else:
            age_band = 0
        marked = got > 0 and age_band is not None and table.points[age_band][band] == got
        label = text if not table.age_edges else ""
        return (
            points,
            marked,
            (cells if table.age_edges else ()),
            (age_band if marked and table.age_edges else None),
            label,
        )

    def rnd_line(self) -> tuple[str, ...]:
        """試験研究費等 ___円 ＝ ratio ％ (the ratio when the input gives it)."""
        ratio = float(self.row.col("rnd_ratio"))
        shown = "" if ratio != ratio or ratio < 0 else f"{ratio:g}"  # NaN: not given
        return (shown,)


# The figures the form prints in a row's wording, named by the word after them, that a reading
# aid repeats: "２つ以上" {count}, "３００位以内" {rank}, "１年以上" {years}; and the number of a
# note, "（注１）" {note}. Taken from the form's own wording, so the aid cannot say otherwise.
_FIGURE = re.compile(r"([0-9０-９]+)(つ|位|年)")
_FIGURE_NAME = {"つ": "count", "位": "rank", "年": "years"}
_NOTE_NUMBER = re.compile(r"注([0-9０-９]+)")
_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def _printed(label: str) -> dict[str, Param]:
    """The figures printed in ``label`` (the first of each kind), by name."""
    out: dict[str, Param] = {}
    for number, word in _FIGURE.findall(label):
        out.setdefault(_FIGURE_NAME[word], int(number.translate(_DIGITS)))
    note = _NOTE_NUMBER.search(label)
    if note:
        out["note"] = int(note.group(1).translate(_DIGITS))
    return out


def _num(value: float) -> Param:
    return int(value) if float(value).is_integer() else Num(value)
