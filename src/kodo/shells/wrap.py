"""Line wrapping that reads well in every language: between words in English, between
characters in Japanese and Chinese, never starting a line with closing punctuation (禁則)."""

from __future__ import annotations

import re

from rich.cells import cell_len

# Characters that must not start a line (行頭禁則), and that must not end one (行末禁則).
NO_START = set("、。，．,.）)」』】〕〉》！!？?：:；;・ー…％%")
NO_END = set("（(「『【〔〈《")
_TOKEN = re.compile(
    r"[0-9][0-9,.]*(?:[点分年歳岁円万億亿件項项回次本篇日月%]+)?"  # a figure with its unit
    r"|[A-Za-z0-9¥$€£@#%&'’\"\-+_/.,:;!?()\[\]{}<>=*^~|\\]+|\s+|.",
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


def _wrap_line(text: str, width: int) -> list[str]:
    lines: list[list[str]] = [[]]
    used = 0
    for token in _tokens(text):
        size = cell_len(token)
        line = lines[-1]
        if token.isspace():
            if line and used + size <= width:
                line.append(token)
                used += size
            continue
        if used + size <= width:
            line.append(token)
            used += size
            continue
        if size > width:  # a word longer than the line: cut it
            for ch in token:
                if used + cell_len(ch) > width:
                    lines.append([])
                    used = 0
                lines[-1].append(ch)
                used += cell_len(ch)
            continue
        carry: list[str] = []
        # Keep closing punctuation off the start of the next line: take characters of this
        # line with it until the next line starts with one that may. Keep opening brackets
        # off the end of this line.
        first = token
        while first[0] in NO_START and line:
            first = line.pop()
            carry.insert(0, first)
        while line and line[-1][-1:] in NO_END:
            carry.insert(0, line.pop())
        while line and line[-1].isspace():
            line.pop()
        lines.append([*carry, token])
        used = sum(cell_len(t) for t in lines[-1])
    return ["".join(line).rstrip() for line in lines]
