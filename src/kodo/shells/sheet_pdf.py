"""The point sheet as a PDF (reportlab): the layout of :mod:`kodo.features.sheet`'s data after
the ISA 参考書式「高度専門職ポイント計算表」.

Each category sheet is a table of 項目 / 基準 / チェック / 点数 / 疎明資料, section by section as on
the form, then the total against the pass mark, the form's 永住許可 boxes, the declaration and
the signature line; kodo's own lines (the date, the rule data, the evidence to submit, the
footer) sit below a rule at the foot of the page. A sheet fits one A4 page when it can; else it
breaks where the official form breaks its page, before 特別加算（続き）. On an English or Chinese
sheet each Japanese label has its reading aid under it, in grey.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kodo.features.sheet import Sheet, SheetRow, SheetSection, SheetSet
from kodo.features.sheet_form import load_form
from kodo.i18n import Message, render
from kodo.shells.sheet_cells import draw_cells, evidence_cell, points_cell
from kodo.shells.sheet_draw import (
    BOTTOM,
    GRAY,
    INDENT,
    LEFT,
    LINE,
    PAGE_H,
    PAGE_W,
    TOP,
    WIDTHS,
    Pen,
    Sizes,
)
from kodo.shells.sheet_fonts import Fonts, fonts
from kodo.shells.sheet_tail import Tail

BREAK_BEFORE = "bonus_more"  # where the official form starts its second page
JA_SCALE = 8 / 7


def write_pdf(sheets: SheetSet, path: str | Path) -> int:
    """Write ``sheets`` to ``path``; return the number of pages."""
    from reportlab.pdfgen.canvas import Canvas

    f = fonts(sheets.lang)
    # The first font is ours: a standard font (Helvetica) would be named and not embedded.
    size = (PAGE_W, PAGE_H)
    c = Canvas(str(path), pagesize=size, pageCompression=1, invariant=1, initialFontName=f.main)
    form = load_form().text
    c.setTitle(form["title"])
    c.setAuthor("kodo")
    c.setCreator("kodo")
    c.setSubject(", ".join(f"{s.category_name} {s.date.isoformat()}" for s in sheets.sheets))
    layouts = [SheetLayout(c, f, s, sheets) for s in sheets.sheets]
    plans = [lay.plan() for lay in layouts]
    pages = sum(len(p) for p in plans)
    n = 0
    for lay, plan in zip(layouts, plans, strict=True):
        for k, part in enumerate(plan):
            n += 1
            lay.draw_page(part, first=k == 0, last=k == len(plan) - 1, page=n, pages=pages)
            c.showPage()
    c.save()
    return pages


@dataclass
class Cols:
    x: tuple[float, ...]  # left edge of each column, and the right edge last
    w: tuple[float, ...]

    @classmethod
    def make(cls) -> Cols:
        xs = [LEFT]
        for w in WIDTHS:
            xs.append(xs[-1] + w)
        return cls(tuple(xs), WIDTHS)


class SheetLayout:
    def __init__(self, canvas: Any, f: Fonts, sheet: Sheet, sheets: SheetSet) -> None:
        self.c, self.f, self.s, self.set = canvas, f, sheet, sheets
        self.lang = sheet.lang
        self.form = load_form().text
        self.cols = Cols.make()
        # The form in Japanese alone is set larger (its own is 10pt, printed reduced); reading
        # aids take room, so a sheet with them keeps the base sizes.
        self.z: Sizes = Sizes().scaled(JA_SCALE) if self.lang == "ja" else Sizes()
        z = self.z
        self.pen = Pen(canvas, f.main, z.fs, z.lead)
        self.aid = Pen(canvas, f.aid, z.aid_fs, z.aid_lead, GRAY)
        self.note = Pen(canvas, f.main, z.note_fs, z.note_lead)
        self.claimed = set(sheet.evidence)
        self.tail = Tail(self)
        self.section_top = 0.0

    def say(self, code: str, **params: Any) -> str:
        return render(Message.of(code, **params), self.lang)

    def aid_of(self, code: str, **params: Any) -> str | None:
        return None if self.lang == "ja" else self.say(code, **params)

    # ------------------------------------------------------------------ planning

    def plan(self) -> list[list[SheetSection]]:
        """The sections on each page: all on one if they fit, else broken where the official
        form breaks (before 特別加算（続き）), and further at a section that does not fit."""
        room = PAGE_H - TOP - BOTTOM - self.header_height() - self.tail.footer_height()
        secs = list(self.s.sections)
        heights = [self.section_height(sec) for sec in secs]
        if sum(heights) + self.tail.height() <= room:
            return [secs]
        cut = next((k for k, sec in enumerate(secs) if sec.id == BREAK_BEFORE), None)
        official = cut is not None and sum(heights[:cut]) <= room
        pages: list[list[SheetSection]] = [[]]
        used = 0.0
        for k, (sec, h) in enumerate(zip(secs, heights, strict=True)):
            last = k == len(secs) - 1
            need = h + (self.tail.height() if last else 0)
            if pages[-1] and ((official and k == cut) or used + need > room):
                pages.append([])
                used = 0.0
            pages[-1].append(sec)
            used += h
        if used + self.tail.height() > room:  # the total and signature on a page of their own
            pages.append([])
        return pages

    def header_height(self) -> float:
        z = self.z
        h = 9.0 + 18  # edition line, title
        if self.lang != "ja":
            h += z.aid_lead + 2
        return h + self.column_header_height() + 4

    def column_header_height(self) -> float:
        z = self.z
        return z.lead + 2 * z.pad + (z.aid_lead if self.lang != "ja" else 0)

    # ------------------------------------------------------------------ rows

    def text_width(self, row: SheetRow) -> float:
        z = self.z
        return self.cols.w[1] - 2 * z.pad - row.indent * INDENT

    def row_height(self, row: SheetRow) -> float:
        z = self.z
        if row.kind == "head" and not row.label:
            return 0.0
        if row.kind == "note":
            w = sum(self.cols.w[1:]) - 2 * z.pad
            h = self.note.height(row.label, w)
            if row.aid:
                h += self.aid.height(row.aid, w)
            return h + 2 * z.pad
        w = self.text_width(row)
        h = self.pen.height(row.label, w) if row.label else z.lead
        if row.aid:
            h += self.aid.height(row.aid, w)
        h += len(row.rankings) * z.note_lead + (z.note_lead + 1 if row.rnd else 0)
        return h + 2 * z.pad

    def salary_header_height(self, sec: SheetSection) -> float:
        z = self.z
        if not sec.columns:
            return 0.0
        return z.lead + 2 * z.pad + (z.aid_lead * 2 + z.pad if self.lang != "ja" else 0)

    def section_height(self, sec: SheetSection) -> float:
        rows = self.salary_header_height(sec) + sum(self.row_height(r) for r in sec.rows)
        return max(rows, self.label_height(sec))

    def label_height(self, sec: SheetSection) -> float:
        z = self.z
        w = self.cols.w[0] - 2 * z.pad
        h = self.pen.height(sec.label, w) + 2 * z.pad
        if sec.aid:
            h += self.aid.height(sec.aid, w)
        return h

    # ------------------------------------------------------------------ drawing

    def draw_page(self, secs: list[SheetSection], first: bool, last: bool, page: int,
                  pages: int) -> None:  # fmt: skip
        y = PAGE_H - TOP
        y = self.draw_header(y, first)
        for sec in secs:
            y = self.draw_section(sec, y)
        if last:
            y = self.tail.draw(y)
        self.tail.draw_footer(page, pages)

    def draw_header(self, y: float, first: bool) -> float:
        z = self.z
        c, cols = self.c, self.cols
        small = self.pen.like(size=7.5)
        small.line(LEFT, y - 7, self.form["edition"])
        small.line(cols.x[-1] - 60, y - 7, self.form["reference"], 60, "right")
        y -= 9
        title = self.s.title + ("" if first else "（続き）")
        self.pen.like(size=11.5, bold=True).line(LEFT, y - 14, title, cols.x[-1] - LEFT, "center")
        y -= 18
        if self.lang != "ja":
            self.aid.line(LEFT, y - z.aid_fs, self.s.category_label, cols.x[-1] - LEFT, "center")
            y -= z.aid_lead + 2
        y -= 4
        h = self.column_header_height()
        c.setFillColorRGB(0.9, 0.9, 0.9)
        c.rect(LEFT, y - h, cols.x[-1] - LEFT, h, stroke=0, fill=1)
        c.setFillColorRGB(0, 0, 0)
        names = self.form["columns"]
        for k, key in enumerate(("item", "criteria", "check", "points", "evidence")):
            x, w = cols.x[k], cols.w[k]
            text = names[key].replace("\n", "")
            self.pen.line(x, y - z.pad - z.fs, text, w, "center")
            if self.lang != "ja":
                aid = self.say(f"sheet.columns.{key}")
                self.aid.line(x, y - z.pad - z.lead - z.aid_fs + 1, aid, w, "center")
        self.grid(y, y - h, all_columns=True)
        return y - h

    def grid(self, top: float, bottom: float, all_columns: bool = False,
             inner: tuple[int, ...] = (1, 2, 3, 4)) -> None:  # fmt: skip
        c, cols = self.c, self.cols
        c.setLineWidth(LINE)
        c.rect(LEFT, bottom, cols.x[-1] - LEFT, top - bottom, stroke=1, fill=0)
        for k in inner if not all_columns else (1, 2, 3, 4):
            c.line(cols.x[k], top, cols.x[k], bottom)

    def draw_section(self, sec: SheetSection, y: float) -> float:
        z = self.z
        c, cols = self.c, self.cols
        top = self.section_top = y
        height = self.section_height(sec)
        # the 項目 cell
        w0 = cols.w[0] - 2 * z.pad
        used = self.pen.height(sec.label, w0) + (self.aid.height(sec.aid, w0) if sec.aid else 0)
        ly = top - (height - used) / 2
        ly -= self.pen.write(cols.x[0] + z.pad, ly, sec.label, w0, "center")
        if sec.aid:
            self.aid.write(cols.x[0] + z.pad, ly, sec.aid, w0, "center")
        y = top
        if sec.columns:
            y = self.draw_salary_header(sec, y)
        spans = self.spans(sec)
        rows = list(sec.rows)
        extra = height - (self.salary_header_height(sec) + sum(map(self.row_height, rows)))
        for k, row in enumerate(rows):
            h = self.row_height(row) + (extra if k == len(rows) - 1 else 0)
            if h <= 0:
                continue
            self.draw_row(sec, row, y, h, k, spans)
            y -= h
        for (start, end), head in spans.items():
            self.draw_shared(sec, head, start, end)
        c.setLineWidth(LINE)
        c.rect(LEFT, y, cols.x[-1] - LEFT, top - y, stroke=1, fill=0)
        c.line(cols.x[1], top, cols.x[1], y)
        return y

    def spans(self, sec: SheetSection) -> dict[tuple[int, int], SheetRow]:
        """Rows under a sharing heading: (first, last) index -> the heading."""
        out: dict[tuple[int, int], SheetRow] = {}
        rows = sec.rows
        for k, row in enumerate(rows):
            if row.kind == "head" and row.share:
                end = k
                while end + 1 < len(rows) and rows[end + 1].kind == "row" and \
                        rows[end + 1].item == row.item:  # fmt: skip
                    end += 1
                if end > k:
                    out[(k + 1, end)] = row
        return out

    def row_top(self, sec: SheetSection, index: int) -> float:
        """Offset of row ``index`` below the section's top (the salary header included)."""
        return self.salary_header_height(sec) + sum(self.row_height(r) for r in sec.rows[:index])

    def draw_salary_header(self, sec: SheetSection, y: float) -> float:
        c, cols, z = self.c, self.cols, self.z
        h = self.salary_header_height(sec)
        if self.lang != "ja":  # what the columns are, across them
            self.aid.line(cols.x[1], y - z.pad - z.aid_fs, self.say("sheet.salary_columns"),
                          cols.w[1], "center")  # fmt: skip
            y -= z.aid_lead + z.pad
            h -= z.aid_lead + z.pad
        n = len(sec.columns)
        cw = cols.w[1] / n
        for k, label in enumerate(sec.columns):
            x = cols.x[1] + k * cw
            self.pen.line(x, y - z.pad - z.fs, label, cw, "center")
            if self.lang != "ja" and sec.column_aids[k]:
                self.aid.line(x, y - z.pad - z.lead - z.aid_fs + 1, sec.column_aids[k], cw,
                              "center")  # fmt: skip
            if k:
                c.line(x, y, x, y - h)
        c.setLineWidth(LINE)
        c.line(cols.x[1], y - h, cols.x[-1], y - h)
        return y - h

    def draw_row(self, sec: SheetSection, row: SheetRow, y: float, h: float, index: int,
                 spans: dict[tuple[int, int], SheetRow]) -> None:  # fmt: skip
        c, cols, z = self.c, self.cols, self.z
        c.setLineWidth(LINE)
        shared = any(a <= index <= b for a, b in spans)
        inside = any(a <= index < b for a, b in spans)  # the shared cell goes on below
        c.line(cols.x[1], y - h, cols.x[3], y - h)
        if not inside:
            c.line(cols.x[3], y - h, cols.x[4], y - h)
        c.line(cols.x[4], y - h, cols.x[-1], y - h)
        if row.kind == "note":
            w = sum(cols.w[1:]) - 2 * z.pad
            used = self.note.write(cols.x[1] + z.pad, y - z.pad, row.label, w)
            if row.aid:
                self.aid.write(cols.x[1] + z.pad, y - z.pad - used, row.aid, w)
            return
        for k in (2, 3, 4):
            if k == 3 and shared:
                continue
            c.line(cols.x[k], y, cols.x[k], y - h)
        x = cols.x[1] + z.pad + row.indent * INDENT
        w = self.text_width(row)
        mid = y - h / 2 - z.fs / 2 + 1
        if row.cells:
            draw_cells(self, row, y, h)
        else:
            pen = (
                self.pen.like(color=GRAY) if row.points is None and row.kind == "row" else self.pen
            )
            used = pen.write(x, y - z.pad, row.label, w) if row.label else 0
            ty = y - z.pad - used
            if row.aid:
                ty -= self.aid.write(x, ty, row.aid, w)
            self.tail.draw_extras(row, x, ty, w)
        if row.kind == "row" or row.marked:  # a heading is marked when no row under it can be
            mark = "■" if row.marked else "□"
            (self.pen if row.points is not None else self.pen.like(color=GRAY)).line(
                cols.x[2], mid, mark, cols.w[2], "center"
            )
            if not shared and row.kind == "row":
                points_cell(self, row, y, h)
        if row.evidence:
            evidence_cell(self, row.evidence, y - h / 2 - 3)

    def draw_shared(self, sec: SheetSection, head: SheetRow, start: int, end: int) -> None:
        z = self.z
        cols = self.cols
        top = self.section_top - self.row_top(sec, start)
        bottom = self.section_top - self.row_top(sec, end + 1)
        kinds = sum(r.marked for r in sec.rows[start : end + 1])
        more = head.more is not None and kinds > 1  # two or more kinds: the higher points
        text = "－" if head.points is None else str(head.points)
        pen = self.pen.like(size=8, bold=kinds > 0 and not more)
        mid = (top + bottom) / 2
        if head.more is None:
            pen.line(cols.x[3], mid - 3, text, cols.w[3], "center")
            return
        pen.line(cols.x[3], top - z.pad - 8, text, cols.w[3], "center")
        small = self.note.like(size=5.6, leading=6.6)
        label = self.form["research_more"]
        used = small.write(cols.x[3] + 1, mid + 6, label, cols.w[3] - 2, "center")
        if self.lang != "ja":
            used += self.aid.write(cols.x[3] + 1, mid + 6 - used, self.say("sheet.research_more"),
                                   cols.w[3] - 2, "center")  # fmt: skip
        pen = pen.like(bold=more)
        pen.line(cols.x[3], mid + 6 - used - 9, str(head.more), cols.w[3], "center")
