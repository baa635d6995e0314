"""Cells of a point sheet's rows drawn piece by piece: the evidence
numbers (each black and bold when it is to be submitted), a salary row's age columns (the
person's cell circled) and a row's points."""

from __future__ import annotations

from typing import Any

from kodo.features.sheet_rows import SheetRow
from kodo.shells.sheet_draw import GRAY, LINE, width_of

# ``lay`` is the sheet's layout (kodo.shells.sheet_pdf.SheetLayout): its canvas, columns,
# pens, sizes and the evidence numbers claimed.


def evidence_cell(lay: Any, numbers: str, baseline: float) -> None:
    """The evidence numbers of a row, each black and bold when it is to be submitted."""
    cols = lay.cols
    pen = lay.pen.like(size=8)
    width = width_of(numbers, pen.font, pen.size)
    x = cols.x[4] + (cols.w[4] - width) / 2
    for n in numbers:
        claimed = n in lay.claimed
        pen.like(bold=claimed, color=(0.0, 0.0, 0.0) if claimed else GRAY).line(x, baseline, n)
        x += width_of(n, pen.font, pen.size)


def draw_cells(lay: Any, row: SheetRow, y: float, h: float) -> None:
    z = lay.z
    cols = lay.cols
    n = len(row.cells)
    cw = cols.w[1] / n
    mid = y - h / 2 - z.fs / 2 + 1
    for k, text in enumerate(row.cells):
        x = cols.x[1] + k * cw
        lay.pen.line(x, mid, text, cw, "center")
        if k:
            lay.c.line(x, y, x, y - h)
        if row.marked_cell == k:  # circled, as a person filling the form would
            lay.c.setLineWidth(0.9)
            lay.c.roundRect(x + 3, y - h + 1.2, cw - 6, h - 2.4, (h - 2.4) / 2)
            lay.c.setLineWidth(LINE)


def points_cell(lay: Any, row: SheetRow, y: float, h: float) -> None:
    z = lay.z
    cols = lay.cols
    mid = y - h / 2 - z.fs / 2 + 1
    if row.points is None:
        lay.pen.like(color=GRAY).line(cols.x[3], mid, "－", cols.w[3], "center")
        return
    pen = lay.pen.like(size=8, bold=row.marked)
    pen.line(cols.x[3], mid, str(row.points), cols.w[3], "center")
