"""Line wrapping that reads well in every language: between words in English, between
characters in Japanese and Chinese, never starting a line with closing punctuation (禁則)."""

from __future__ import annotations

import re

from rich.cells import cell_len

# Characters that must not start a line (行頭禁則), and that must not end one (行末禁則).
NO_START = set("、。，．,.）)」』】〕〉》”’！!？?：:；;・ー…％%")
NO_END = set("（(「『【〔〈《“‘")
_TOKEN = re.compile(
    r"[0-9][0-9,.]*[点分年歳岁円万億亿件項项回次本篇日月%]+"  # a figure with its CJK unit
    r"|[A-Za-z0-9¥$€£@#%&'’\"\-+_/.,:;!?()\[\]{}<>=*^~|\\]+"  # a word, date or figure
    r"|\s+|.",
    re.S,
)


def _tokens(text: str) -> list[str]:
    """Words of Latin script stay whole; any other character is a token of its own."""
    return _TOKEN.findall(text)


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells (a longer word is cut)."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        out += _wrap_line(paragraph, max(width, 4))
    return out


def _units(text: str) -> list[str]:
    """Tokens grouped into what may not be broken: closing punctuation joins what precedes
    it, an opening bracket what follows it; whitespace stays a unit of its own."""
    units: list[str] = []
    for token in _tokens(text):
        prev = units[-1] if units else ""
        if token.isspace() or not prev or prev.isspace():
            units.append(token)
        elif token[0] in NO_START or prev[-1] in NO_END:
            units[-1] = prev + token
        else:
            units.append(token)
    return units


def _wrap_line(text: str, width: int) -> list[str]:
    lines: list[list[str]] = [[]]  # each line as its tokens
    used = 0
    for unit in _units(text):
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
        else:  # longer than a line: place its tokens, cutting only a token that is too long
            used = _cut(_tokens(unit), width, lines, used)
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
