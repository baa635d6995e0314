"""Forgiving name keys: the same key for the ways people write one name.

``fold`` makes a key: Unicode NFKC (full-width letters, digits and brackets become ASCII),
accents taken off Latin letters, case folded, older kanji forms (藝 → 芸) and the simplified
or traditional Chinese forms of the characters the lists print (清华 → 清華, 系统 → 系統: the
generated table ``data/lists/hanzi.yaml``), "&" read as "and",
"Univ." as "University", a leading "The" dropped, and every space, punctuation mark and long
vowel mark (ー) dropped. ``entry_keys`` gives every key of a name as a list prints it: the name
without its brackets, the other names in the brackets (an English abbreviation, a name in the
local language, the names "Previously: A / B" or 「統合前：A／B」), "X University" for
"University of X" and back, "X" for "X, <country>", the name without "試験"/"Examination".
"X University" ↔ "University of X" is the loosest tier of all (``SWAPPED``): abroad the two
orders can be two universities (York University, Toronto / the University of York), so a
match found only so is a probable one (kodo.lists.claims).
``query_keys`` gives the keys of a name as a person writes it (with a corporate prefix
国立大学法人…, a faculty or graduate school after the university's name — 東京大学工学部,
"The University of Tokyo, Graduate School of Engineering" — taken off, "東北大" as "東北大学").
Each key has a tier: how directly it stands for the name (lower is closer).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator

# Tiers, closest first: the full name as printed; the name without its brackets; another name
# the list gives in brackets or an old name; kodo's common short form; an old name kodo knows
# (aliases.yaml old_names); a variant spelling.
# A looser variant: of a name without its brackets, or of another name.
# The loosest: "X University" for "University of X" and back (never implies a listing).
EXACT, NAME, OTHER_NAME, SHORT_FORM, OLD_NAME, VARIANT, LOOSE, SWAPPED = range(8)
HOW = ("exact", "name", "other_name", "short_form", "old_name", "variant", "loose", "swapped")

# Older or variant kanji forms seen in university names -> the common form.
_KANJI = str.maketrans("藝獨學國髙﨑邊澤濱廣櫻", "芸独学国高崎辺沢浜広桜")
_WORDS = {"univ": "university", "intl": "international", "natl": "national"}
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_PREVIOUSLY = re.compile(r"^\s*(previous\w*|formerly|統合前|旧)\s*:\s*", re.IGNORECASE)
_NAME_WORDS = re.compile(
    r"univ|institut|college|[ée]cole|school|polytechn|大学|学院|大学校", re.IGNORECASE
)
_ABBREVIATION = re.compile(r"^[A-Z][A-Za-z&.]*[A-Z][A-Za-z&.]*( [A-Z][a-z]+)?$")
_DASH = re.compile(r"\s[–—-]\s")
_CORPORATE = re.compile(r"^(国立大学法人|公立大学法人|学校法人|私立)")
# A faculty, school or graduate school after a Japanese university's name: 東京大学工学部,
# 早稲田大学政治経済学部, 東京大学大学院工学系研究科.
_GRADUATE = re.compile(r"^(.+?大学)(大学院.*|.*(学部|研究科|学府|学環|学域|学群|教育部))$")
# ... after (or before) an English one: "The University of Tokyo, Graduate School of ...".
_FACULTY = re.compile(
    r"^(the )?(graduate school|faculty|school|department|dept|division|college)"
    r"( of| for| in)\b", re.IGNORECASE)  # fmt: skip
_FACULTY_AFTER = re.compile(
    r"^(.+?)\s+(graduate school|faculty|department|school) of\b.*$", re.IGNORECASE
)
_EXAM = re.compile(r"(試験|examinations?|exams?)$")
_OF = re.compile(r"^university of (.+)$")
_X_UNIVERSITY = re.compile(r"^(.+) university$")
_LATIN_LIMIT = 0x250  # Latin letters with accents are below this code point


@functools.cache
def _hanzi() -> dict[int, int]:
    """The generated folding of simplified/traditional forms (data/lists/hanzi.yaml)."""
    from importlib import resources

    from kodo.yamltext import read_yaml

    text = (resources.files("kodo") / "data" / "lists" / "hanzi.yaml").read_text("utf-8")
    data = read_yaml(text)
    return str.maketrans(str(data["from"]), str(data["to"]))


def _plain_latin(text: str) -> str:
    out: list[str] = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch) and out and ord(out[-1]) < _LATIN_LIMIT:
            continue  # an accent on a Latin letter (a Japanese voicing mark is kept)
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def words(text: str) -> str:
    """``text`` as lower-case words separated by one space (before the spaces are dropped)."""
    text = (
        _plain_latin(unicodedata.normalize("NFKC", text))
        .casefold()
        .translate(_KANJI)
        .translate(_hanzi())
    )
    text = text.replace("&", " and ").replace("ー", "").replace("ｰ", "")
    out = [_WORDS.get(w, w) for w in _WORD.findall(text)]
    if out and out[0] == "the" and len(out) > 1:
        out = out[1:]
    return " ".join(out)


def fold(text: str) -> str:
    """The key of ``text``: the same for the ways of writing one name (see the module)."""
    return words(text).replace(" ", "")


def split_brackets(text: str) -> tuple[str, list[str]]:
    """``text`` (NFKC: full-width brackets are ASCII) without its top-level brackets, and what
    each held (a bracket left open runs to the end)."""
    main: list[str] = []
    groups: list[str] = []
    depth = 0
    current: list[str] = []
    for ch in text:
        if ch == "(":
            if depth:
                current.append(ch)
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth:
                current.append(ch)
            else:
                groups.append("".join(current).strip())
                current = []
        elif depth:
            current.append(ch)
        else:
            main.append(ch)
    if depth and current:
        groups.append("".join(current).strip())
    return " ".join("".join(main).split()), [g for g in groups if g]


def entry_keys(name: str, country: str | None = None) -> Iterator[tuple[str, int]]:
    """(key, tier) of every way of writing ``name`` as a list prints it."""
    text = unicodedata.normalize("NFKC", name)
    yield from _variants(text, EXACT, VARIANT, country)
    main, groups = split_brackets(text)
    if not groups:
        return
    yield from _variants(main, NAME, LOOSE, country)
    for group in groups:
        if _NAME_WORDS.search(group) or _ABBREVIATION.match(group) or _PREVIOUSLY.match(group):
            yield from _other_names(group, country)
        else:  # a qualifier: "Northeastern University (Shenyang)", "清華大学（中国）"
            yield fold(f"{main} {group}"), NAME


def _other_names(group: str, country: str | None) -> Iterator[tuple[str, int]]:
    """The keys of another name a list gives in brackets: "Previously: A / B", "統合前：A／B",
    an abbreviation, the name in the local language ("EPFL – École …", "… (UBA)")."""
    old = _PREVIOUSLY.match(group)
    if old:
        for part in re.split(r"[/／]", group[old.end() :]):
            yield from _variants(part, OTHER_NAME, LOOSE, country)
        return
    inner, nested = split_brackets(group)
    yield from _variants(inner, OTHER_NAME, LOOSE, country)
    for part in _DASH.split(inner):
        yield from _variants(part, OTHER_NAME, LOOSE, country)
    for sub in nested:
        yield from _other_names(sub, country)


def _variants(name: str, tier: int, derived: int, country: str | None) -> Iterator[tuple[str, int]]:
    """The key of ``name`` (at ``tier``) and of the ways of writing it differently (at
    ``derived``): "X University" / "University of X", without "試験"/"Examination", and
    without ", <country>" (a qualifier, at ``tier``, or NAME for the name as printed)."""
    w = words(name)
    if not w:
        return
    key = w.replace(" ", "")
    yield key, tier
    head, comma, tail = name.rpartition(",")
    if comma and _is_country(tail, country):  # "Northeastern University,US"
        yield fold(head), max(tier, NAME)
    of = _OF.match(w)
    if of:
        yield fold(f"{of.group(1)} university"), SWAPPED
    x = _X_UNIVERSITY.match(w)
    if x and not x.group(1).endswith(" of"):
        yield fold(f"university of {x.group(1)}"), SWAPPED
    exam = _EXAM.search(key)
    if exam and exam.start() > 0:
        yield key[: exam.start()], derived


_COUNTRY_SHORT = {"us", "usa", "uk"}


def _is_country(tail: str, country: str | None) -> bool:
    t = fold(tail)
    return bool(t) and (t in _COUNTRY_SHORT or (country is not None and t == fold(country)))


def query_keys(name: str) -> list[tuple[str, int]]:
    """(key, tier) of a name as a person writes it: the name itself, then variants (its
    brackets dropped: the loosest)."""
    text = unicodedata.normalize("NFKC", name).strip()
    out = [(fold(text), EXACT)]
    main, groups = split_brackets(text)
    for candidate, tier in ((text, VARIANT), (main, LOOSE)) if groups else ((text, VARIANT),):
        if candidate is main:
            out.append((fold(main), LOOSE))
        plain = _CORPORATE.sub("", candidate.replace(" ", ""))
        graduate = _GRADUATE.match(plain)
        if graduate:
            plain = graduate.group(1)
        if plain.endswith("大") and not plain.endswith("大学"):
            plain += "学"  # 東北大 -> 東北大学
        out.append((fold(plain), tier))
        faculty = _without_faculty(candidate)
        if faculty:
            out.append((fold(faculty), tier))
        key = fold(candidate)
        exam = _EXAM.search(key)
        if exam and exam.start() > 0:
            out.append((key[: exam.start()], tier))
    seen: dict[str, int] = {}
    for key, tier in out:
        if key and tier < seen.get(key, len(HOW)):
            seen[key] = tier
    return list(seen.items())


def _without_faculty(name: str) -> str | None:
    """An English university name without the faculty or graduate school written with it
    ("The University of Tokyo, Graduate School of Engineering", "Faculty of Law, Kyoto
    University", "Kyoto University Graduate School of Law"), or None."""
    parts = [p.strip() for p in name.split(",") if p.strip()]
    kept = [p for p in parts if not _FACULTY.match(p)]
    if kept and len(kept) < len(parts):
        return ", ".join(kept)
    after = _FACULTY_AFTER.match(name)
    if after and _NAME_WORDS.search(after.group(1)):
        return after.group(1)
    return None
