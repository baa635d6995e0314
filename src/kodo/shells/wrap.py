"""Line wrapping that reads well in every language.

English breaks between words; a run of Japanese or Chinese characters inside English text
(行政書士, みなし高度人材) stays whole like a word. Japanese breaks between phrases (文節): after
a run of kana that closes a phrase (…を / 受けている / 機関での / 就労), around punctuation and
brackets, never inside a word written in kanji or katakana unless the word alone is longer
than the line. Chinese breaks between characters. In every language no line starts with
closing punctuation and none ends with an opening bracket (禁則), and a figure keeps its unit.
"""

from __future__ import annotations

import re

from rich.cells import cell_len

# Characters that must not start a line (行頭禁則), and that must not end one (行末禁則).
NO_START = set("、。，．,.）)」』】〕〉》”’！!？?：:；;・ー…％%")
NO_END = set("（(「『【〔〈《“‘")
_TOKEN = re.compile(
    r"[0-9][0-9,.]*(?:か月|ヶ月|カ月|个月|[点分年歳岁円万億亿件項项回次本篇日月%])+"  # figure+unit
    r"|[A-Za-z0-9¥$€£@#%&'’\"\-+_/.,:;!?()\[\]{}<>=*^~|\\]+"  # a word, date or figure
    r"|\s+|.",
    re.S,
)
_HIRAGANA = re.compile(r"[\u3041-\u309f]")


def _kind(ch: str) -> str:
    """The script of one character: kana, kanji, katakana, latin (letters and figures) or
    other (punctuation, spaces, symbols)."""
    code = ord(ch)
    if 0x3041 <= code <= 0x309F:
        return "kana"
    if 0x30A1 <= code <= 0x30FA or code == 0x30FC:
        return "katakana"
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or code in (0x3005, 0x3006):
        return "kanji"
    if ch.isalnum() or ch in "¥$€£":
        return "latin"
    return "other"


def guess_lang(text: str) -> str:
    """``ja`` when the text has kana, ``zh`` when it is mostly Han characters, else ``en``."""
    if _HIRAGANA.search(text):
        return "ja"
    han = sum(_kind(ch) == "kanji" for ch in text)
    latin = sum(ch.isascii() and ch.isalpha() for ch in text)
    return "zh" if han > latin else "en"


def _tokens(text: str) -> list[str]:
    """Words of Latin script stay whole; any other character is a token of its own."""
    return _TOKEN.findall(text)


def wrap(text: str, width: int, lang: str | None = None) -> list[str]:
    """``text`` in lines of at most ``width`` cells, broken where ``lang`` allows (guessed
    from the text when not given); a unit longer than a line is broken inside."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        out += _wrap_line(paragraph, max(width, 4), lang or guess_lang(paragraph))
    return out


def units(text: str, lang: str | None = None) -> list[str]:
    """The pieces of ``text`` that a line break may not split (spaces left out)."""
    return [u for u in _units(text, lang or guess_lang(text)) if not u.isspace()]


def pieces(text: str, lang: str | None = None) -> list[str]:
    """The smallest pieces a line break may make of ``text`` when a unit is too long for any
    line: its words (a word and its kana, figures with their units) — see :func:`_parts`."""
    return [x for u in units(text, lang) for p in _parts(u) for x in _split_kana(p)]


def _cjk(ch: str) -> bool:
    return _kind(ch) in ("kana", "katakana", "kanji")


def _glued(prev: str, token: str, lang: str) -> bool:
    """May no line break fall between ``prev`` and ``token`` (two tokens of a text)?"""
    a, b = prev[-1], token[0]
    if b in NO_START or a in NO_END:
        return True
    if lang == "zh":
        return False
    if lang == "ja":
        word = ("kana", "katakana", "kanji", "latin")
        ka, kb = _kind(a), _kind(b)
        # A phrase ends where kana are followed by anything but kana.
        return ka in word and kb in word and not (ka == "kana" and kb != "kana")
    return _cjk(a) and _cjk(b)  # a Japanese or Chinese term inside other text is one word


def _units(text: str, lang: str) -> list[str]:
    """Tokens grouped into what may not be broken; whitespace stays a unit of its own."""
    units: list[str] = []
    for token in _tokens(text):
        prev = units[-1] if units else ""
        if token.isspace() or not prev or prev.isspace():
            units.append(token)
        elif _glued(prev, token, lang):
            units[-1] = prev + token
        else:
            units.append(token)
    return units


def _parts(unit: str) -> list[str]:
    """A unit too long for a line, in the parts where it breaks best: between scripts (a
    katakana word and a kanji word, a figure and a word), closing punctuation kept on."""
    parts: list[str] = []
    for token in _tokens(unit):
        if parts and (token[0] in NO_START or parts[-1][-1] in NO_END or _script(parts[-1], token)):
            parts[-1] += token
        else:
            parts.append(token)
    return parts


def _split_kana(part: str) -> tuple[str, ...]:
    """A word in kanji or katakana and the kana after it (申請人 / している), when both are
    there: the place a phrase too long for a line breaks best."""
    for i in range(1, len(part)):
        if _kind(part[i - 1]) in ("kanji", "katakana") and _kind(part[i]) == "kana":
            return part[:i], part[i:]
    return (part,)


def _script(prev: str, token: str) -> bool:
    """Do ``prev`` and ``token`` belong to one word: the same script, kana ending a word in
    kanji or katakana, or figures with their units (2025年6月1日)?"""
    a, b = _kind(prev[-1]), _kind(token[0])
    figure = prev[0].isdigit() and token[0].isdigit() and a != "latin"
    return a == b or (b == "kana" and a in ("kanji", "katakana")) or figure


def _wrap_line(text: str, width: int, lang: str) -> list[str]:
    lines: list[list[str]] = [[]]  # each line as its tokens
    used = 0
    for unit in _units(text, lang):
        size = cell_len(unit)
        line = lines[-1]
        if unit.isspace():
            if line and used + size <= width:
                line.append(unit)
                used += size
            continue
        if used + size > width:
            while line and line[-1].isspace():
                line.pop()
            if line:
                lines.append([])
                used = 0
        if size <= width:
            lines[-1].append(unit)
            used += size
            continue
        # Longer than a line: break between scripts (a word and its kana), then inside.
        for part in [x for p in _parts(unit) for x in (_split_kana(p) if cell_len(p) > width
                                                        else (p,))]:  # fmt: skip
            if used + cell_len(part) > width and lines[-1] and cell_len(part) <= width:
                lines.append([])
                used = 0
            used = _cut(_tokens(part), width, lines, used)
    return ["".join(line).rstrip() for line in lines]


def _cut(tokens: list[str], width: int, lines: list[list[str]], used: int) -> int:
    for token in tokens:
        size = cell_len(token)
        line = lines[-1]
        if used + size <= width:
            line.append(token)
            used += size
            continue
        carry = []
        if token[0] in NO_START and len(line) > 1:  # a closer takes the token before it along
            carry.append(line.pop())
        if line:
            lines.append(carry)
            used = sum(cell_len(t) for t in carry)
        for ch in token if size > width else (token,):
            if used + cell_len(ch) > width and lines[-1]:
                lines.append([])
                used = 0
            lines[-1].append(ch)
            used += cell_len(ch)
    return used
