"""Drawing helpers of the point sheet: text wrapped to a width (Japanese by character, with
the line-start rule for closing punctuation; other text by word), and a pen that writes and
measures lines in one font and size on a reportlab canvas."""

from __future__ import annotations

import re
from dataclasses import astuple, dataclass
from typing import Any

# Characters a line must not start with (行頭禁則, the common ones).
NO_START = set(
    "、。，．・：；？！）」』】〕’”ー～…々ゝゞぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮ,.:;!?)]%％"
)
NO_END = set("（「『【〔‘“([")  # … nor end with an opening bracket
# A run that wraps as a word: Latin letters, digits and the punctuation inside them.
_WORD = re.compile(r"[A-Za-z0-9@#&'’\-_/.,:;!?%()\[\]+=×÷–—\"]+ *| +|.", re.S)

GRAY = (0.45, 0.45, 0.45)
BLACK = (0.0, 0.0, 0.0)

# The page (A4, in points) and the sizes of the sheet.
PAGE_W, PAGE_H = 595.28, 841.89
LEFT, TOP, BOTTOM = 34.0, 28.0, 24.0
WIDTHS = (52.0, 339.0, 40.0, 52.0, 44.2)  # 項目, 基準, チェック, 点数, 疎明資料
INDENT, LINE = 11.0, 0.5


@dataclass(frozen=True)
class Sizes:
    """Font sizes and leadings of a sheet (points)."""

    fs: float = 7.0  # the form's text
    lead: float = 8.6
    aid_fs: float = 5.6  # reading aids
    aid_lead: float = 6.7
    note_fs: float = 6.0  # the form's notes
    note_lead: float = 7.2
    kodo_fs: float = 6.0  # kodo's own lines
    kodo_lead: float = 7.4
    pad: float = 2.0  # above and below a cell's text

    def scaled(self, k: float) -> Sizes:
        return Sizes(*(v * k for v in astuple(self)))


def width_of(text: str, font: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(stringWidth(text, font, size))


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (a word wider than the line is
    broken by characters); explicit newlines are kept."""
    lines: list[str] = []
    for para in text.split("\n"):
        lines.extend(_wrap_para(para, font, size, width))
    return lines


def _wrap_para(text: str, font: str, size: float, width: float) -> list[str]:
    tokens = _WORD.findall(text)
    lines: list[str] = []
    line = ""
    for tok in tokens:
        trial = line + tok
        if width_of(trial.rstrip(), font, size) <= width or not line.strip():
            if not line.strip() and width_of(tok.rstrip(), font, size) > width:
                for ch in tok:  # a word too long for any line: break it by characters
                    if line and width_of(line + ch, font, size) > width:
                        lines.append(line.rstrip())
                        line = ""
                    line += ch
                continue
            line = trial
            continue
        if tok[0] in NO_START:  # closing punctuation stays on the line it closes
            line = trial
            continue
        carry = ""
        while len(line) > 1 and line.rstrip()[-1] in NO_END:  # the bracket opens the next line
            line = line.rstrip()
            carry, line = line[-1] + carry, line[:-1]
        lines.append(line.rstrip())
        line = carry + tok.lstrip()
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


@dataclass
class Pen:
    """Writes lines in one font and size; ``leading`` is the distance between lines."""

    canvas: Any
    font: str
    size: float
    leading: float
    color: tuple[float, float, float] = BLACK
    bold: bool = False

    def lines(self, text: str, width: float) -> list[str]:
        return wrap(text, self.font, self.size, width) if text else []

    def height(self, text: str, width: float) -> float:
        return len(self.lines(text, width)) * self.leading

    def write(self, x: float, top: float, text: str, width: float, align: str = "left") -> float:
        """Write ``text`` wrapped to ``width`` from ``top`` down; return the height used."""
        lines = self.lines(text, width)
        for k, line in enumerate(lines):
            self.line(x, top - (k + 1) * self.leading + (self.leading - self.size) / 2, line,
                      width, align)  # fmt: skip
        return len(lines) * self.leading

    def line(self, x: float, baseline: float, text: str, width: float = 0, align: str = "left"
             ) -> None:  # fmt: skip
        c = self.canvas
        c.saveState()  # the colour, line width and text mode stay with this line
        c.setFillColorRGB(*self.color)
        c.setStrokeColorRGB(*self.color)
        t = c.beginText()
        t.setFont(self.font, self.size)
        if self.bold:  # the fonts have no bold face: fill and stroke the outlines
            t.setTextRenderMode(2)
            c.setLineWidth(self.size / 30)
        w = width_of(text, self.font, self.size)
        dx = {"left": 0.0, "center": (width - w) / 2, "right": width - w}[align]
        t.setTextOrigin(x + dx, baseline)
        t.textOut(text)
        c.drawText(t)
        c.restoreState()

    def like(self, **changes: Any) -> Pen:
        values = {k: getattr(self, k) for k in ("canvas", "font", "size", "leading", "color",
                                                 "bold")}  # fmt: skip
        values.update(changes)
        return Pen(**values)
