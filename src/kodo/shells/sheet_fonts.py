"""The fonts of the point sheet: TrueType fonts from Debian packages, embedded in the PDF.

reportlab embeds TrueType outlines only (not the CFF outlines of Noto CJK), so the Japanese
font is IPAex Gothic (``fonts-ipaexfont``) and the font of Chinese reading aids is WenQuanYi
Zen Hei (``fonts-wqy-zenhei``; IPAex lacks many simplified characters). ``make`` installs both.
``KODO_SHEET_FONT`` / ``KODO_SHEET_FONT_ZH`` name other font files. Nothing is downloaded.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kodo.errors import KodoError, input_error

# Candidates, in order: (path, index of the font in a collection).
JAPANESE = (
    ("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf", 0),
    ("/usr/share/fonts/truetype/ipaexfont-gothic/ipaexg.ttf", 0),
    ("/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf", 0),
    ("/usr/share/fonts/truetype/fonts-japanese-gothic.ttf", 0),
)
CHINESE = (
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
)
ENV = {"ja": "KODO_SHEET_FONT", "zh": "KODO_SHEET_FONT_ZH"}
NAMES = {"ja": "KodoSheetJa", "zh": "KodoSheetZh"}
PROBE = {"ja": "高度専門職ポイント計算表①㉑", "zh": "积分计算表证明材料"}


@dataclass(frozen=True)
class Fonts:
    main: str  # the form's Japanese (and English aids)
    aid: str  # the reading aids (the Chinese font on a Chinese sheet)


def fonts(lang: str) -> Fonts:
    """The registered fonts for a sheet in ``lang`` (an InputError if none is found)."""
    main = _register("ja")
    return Fonts(main, _register("zh") if lang == "zh" else main)


@cache
def _register(script: str) -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    given = os.environ.get(ENV[script])
    candidates = [(given, 0)] if given else list(JAPANESE if script == "ja" else CHINESE)
    for path, index in candidates:
        if not Path(path).is_file():
            if given:
                raise input_error(ENV[script], "sheet_bad_font", reason=f"{path}: not a file")
            continue
        try:
            font = TTFont(NAMES[script], path, subfontIndex=index)
        except (TTFError, OSError, ValueError) as exc:
            if given:
                raise input_error(ENV[script], "sheet_bad_font", reason=str(exc)) from None
            continue
        missing = [ch for ch in PROBE[script] if ord(ch) not in font.face.charToGlyph]
        if missing:
            if given:
                reason = f"no glyph for {''.join(missing)}"
                raise input_error(ENV[script], "sheet_bad_font", reason=reason)
            continue
        pdfmetrics.registerFont(font)
        return NAMES[script]
    looked = tuple(p for p, _ in candidates)
    raise input_error(ENV[script], "sheet_no_font", fonts=looked)


def has_glyph(font: str, ch: str) -> bool:
    from reportlab.pdfbase import pdfmetrics

    face = pdfmetrics.getFont(font).face
    return ord(ch) in face.charToGlyph


__all__ = ["Fonts", "KodoError", "fonts", "has_glyph"]
