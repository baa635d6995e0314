"""The foot of a point sheet: the total row against the pass mark, the form's 永住許可 boxes,
the declaration and signature line, and kodo's own lines at the foot of every page (the date
and rule data used, the evidence to submit, what the input did not give, the footer)."""

from __future__ import annotations

from typing import Any

from kodo.features.sheet_rows import SheetRow
from kodo.i18n import Count
from kodo.shells.sheet_draw import (
    BLACK,
    BOTTOM,
    GRAY,
    Pen,
    Sizes,
    width_of,
)


class Tail:
    def __init__(self, lay: Any) -> None:  # a sheet_pdf.SheetLayout
        self.lay = lay
        self.z: Sizes = lay.z

    # ------------------------------------------------------------------ extras of a row

    def draw_extras(self, row: SheetRow, x: float, y: float, w: float) -> None:
        """The ranking lines (rank blanks) under ⑰ Ⅰ, the R&D line under ⑫."""
        lay = self.lay
        form = lay.form
        small = lay.note
        small = small.like(size=small.size * 0.92, leading=small.leading * 0.92)
        for name in row.rankings:
            text = f"□ {name}"
            small.line(x + 6, y - small.size - 0.5, text, w)
            blank_x = x + w - 40
            lay.c.setLineWidth(0.3)
            lay.c.line(blank_x, y - small.size, blank_x + 30, y - small.size)
            small.line(blank_x + 31, y - small.size - 0.5, form["rank_unit"])
            y -= small.leading
        if row.rnd:
            r = form["rnd_ratio"]
            ratio = row.rnd[0] or "　　　"
            text = (f"{r['expenses']}　＿＿＿＿＿＿{r['yen']}　÷　{r['sales']}　＿＿＿＿＿＿"
                    f"{r['yen']}　{r['equals']}　{ratio}{r['percent']}")  # fmt: skip
            small.line(x + 6, y - small.size - 1, text, w)

    # ------------------------------------------------------------------ the total and below

    def total_height(self) -> float:
        z = self.z
        lay = self.lay

        return z.lead + 4 + 2 * z.pad + (z.aid_lead if lay.lang != "ja" else 0)

    def height(self) -> float:
        z = self.z
        lay = self.lay
        h = self.total_height() + 2
        h += z.note_lead * 5 + 8  # 永住許可 note, lead and three boxes
        if lay.lang != "ja":
            h += z.note_lead
        h += z.note_lead * 2 + 26  # declaration, signer, signature line
        return h

    def draw(self, y: float) -> float:
        z = self.z

        lay, s, form = self.lay, self.lay.s, self.lay.form
        c, cols = lay.c, lay.cols
        h = self.total_height()
        c.setLineWidth(1.0)
        c.rect(cols.x[2], y - h, cols.x[-1] - cols.x[2], h, stroke=1, fill=0)
        c.line(cols.x[3], y, cols.x[3], y - h)
        c.line(cols.x[4], y, cols.x[4], y - h)
        c.setLineWidth(0.5)
        pen = lay.pen
        pen.like(bold=True).line(
            cols.x[2], y - z.pad - z.fs - 2, form["total"], cols.w[2], "center"
        )
        # with facts missing, the totals still possible (or "—"), never a total in bold
        text = s.total_text
        size = 11.0
        while size > 6 and width_of(text, pen.font, size) > cols.w[3] - 4:
            size -= 0.5
        big = pen.like(size=size, bold=not s.missing)
        big.line(cols.x[3], y - z.pad - 11, text, cols.w[3], "center")
        pen.line(
            cols.x[4],
            y - z.pad - z.fs - 2,
            form["points_unit"],
            cols.w[4],
            "center",
        )
        line = form["pass_line"].format(**{"pass": s.pass_mark})
        pen.line(cols.x[1], y - z.pad - z.fs - 2, line, cols.w[1] - 6, "right")
        if lay.lang != "ja":
            base = y - z.pad - z.lead - z.aid_fs - 1
            for k, text in ((2, lay.say("sheet.total")), (4, lay.say("sheet.points_unit"))):
                lay.aid.line(cols.x[k], base, text, cols.w[k], "center")
            aid = lay.say("sheet.pass", **{"pass": s.pass_mark})
            lay.aid.line(cols.x[1], base, aid, cols.w[1] - 6, "right")
        y -= h + 2
        return self.draw_pr_and_signature(y)

    def draw_pr_and_signature(self, y: float) -> float:
        lay, s, form = self.lay, self.lay.s, self.lay.form
        note = lay.note
        x = lay.cols.x[0]
        y -= 4
        note.line(x, y - note.size, form["pr_note"])
        y -= note.leading
        if lay.lang != "ja":
            lay.aid.line(x + 8, y - lay.aid.size, lay.say("sheet.pr_note"))
            y -= note.leading
        note.line(x + 8, y - note.size - 1, form["pr_lead"])
        bx = x + 8 + width_of(form["pr_lead"], note.font, note.size) + 6
        for box in form["pr_boxes"]:
            mark = "■" if s.pr_years is not None and s.pr_years == box["years"] else "□"
            lay.pen.line(bx, y - note.size - 1, f"{mark}　{box['label']}")
            y -= note.leading + 1
        y -= 4
        lay.pen.line(x, y - lay.pen.size, form["declaration"])
        y -= note.leading + 2
        note.line(x, y - note.size, form["signer"])
        y -= note.leading + 14
        c = lay.c
        c.setLineWidth(0.5)
        sx = x + 20
        lay.pen.line(sx, y, form["signature"])
        c.line(sx + 26, y - 2, sx + 230, y - 2)
        dx = sx + 250
        lay.pen.line(dx, y, form["made_on"])
        c.line(dx + 44, y - 2, lay.cols.x[-1], y - 2)
        for k, unit in enumerate(form["ymd"]):
            lay.pen.line(dx + 44 + 48 + k * 40, y, unit)
        if lay.lang != "ja":
            lay.aid.line(x, y - 10, lay.say("sheet.declaration") + "　" + lay.say("sheet.signer"))
        return y - 12

    # ------------------------------------------------------------------ kodo's lines

    def footer_lines(self) -> list[str]:
        lay, s = self.lay, self.lay.s
        say = lay.say
        out = []
        if s.pr_years is not None:
            route = lay.set.route_label or ""
            if s.pr_years == 0:
                out.append(say("sheet.pr_now", route=route))
            else:
                out.append(say("sheet.pr_then", route=route, years=s.pr_years))
        out.append("→ " + s.verdict_text)  # kodo's verdict, off the form's body
        out.append(say("sheet.date", date=s.date, rules_date=s.rules_date))
        out.append(say("sheet.rules", book=s.book_name, id=s.book_id, since=s.effective_from))
        if s.evidence:
            out.append(say("sheet.evidence", numbers=" ".join(s.evidence)))
        else:
            out.append(say("sheet.no_evidence"))
        if s.missing:
            out.append(say("sheet.missing", facts=tuple(s.missing)))
        if s.warnings:
            out.append(say("sheet.warnings", count=Count(s.warnings)))
        if s.unplaced:
            out.append(say("sheet.unplaced", items=tuple(s.unplaced)))
        if s.date < s.edition_from:
            out.append(say("sheet.edition", edition=s.edition_from, date=s.date))
        return out

    def footer_height(self) -> float:
        z = self.z
        w = self.lay.cols.x[-1] - self.lay.cols.x[0]
        pen = self.kodo_pen()
        lines = sum(len(pen.lines(t, w)) for t in self.footer_lines())
        return (lines + 1) * z.kodo_lead + 8

    def kodo_pen(self) -> Pen:
        z = self.z
        aid: Pen = self.lay.aid
        return aid.like(size=z.kodo_fs, leading=z.kodo_lead, color=(0.2, 0.2, 0.2))

    def draw_footer(self, page: int, pages: int) -> None:
        z = self.z
        lay = self.lay
        x, right = lay.cols.x[0], lay.cols.x[-1]
        pen = self.kodo_pen()
        y = BOTTOM + self.footer_height()
        lay.c.setStrokeColorRGB(*GRAY)
        lay.c.setLineWidth(0.4)
        lay.c.line(x, y - 2, right, y - 2)
        lay.c.setStrokeColorRGB(*BLACK)
        y -= 5
        for text in self.footer_lines():
            y -= pen.write(x, y, text, right - x)
        pen.line(x, y - z.kodo_fs, lay.say("sheet.footer"))
        numbered = lay.say("sheet.page", page=page, pages=pages)
        pen.line(x, y - z.kodo_fs, numbered, right - x, "right")
