"""Message catalogues: one validated YAML file per language, and rendering.

A catalogue file ``<lang>.yaml`` maps dotted codes (written as nested mappings) to templates
with ``{name}`` placeholders, and has a ``_locale`` block saying how that language writes
money, dates and lists. The built-in catalogues live beside this module; more directories can
be added (:func:`add_catalogue_dir`, or the environment variable ``KODO_CATALOGUE_PATH``),
each contributing ``<lang>.yaml`` files: a new language is one new file, extra messages (a new
item) are a file per language in one directory.

Why YAML and not gettext: kodo's messages are keyed by stable codes that the engine emits
(``item.n2.excluded.jp_degree``), not by English source text; each placeholder carries a typed
value formatted per language (650万円) by the catalogue's own ``_locale`` rules, which gettext
does not do; and a catalogue is validated as data (same codes and same placeholders in every
language, no figure typed into a text) with no compile step. Babel would add a dependency and
a .po → .mo build for nothing these catalogues need.
"""

from __future__ import annotations

import datetime as dt
import os
import string
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from kodo.dates import years_and_months
from kodo.i18n.message import Count, Message, Num, Param, Span, Yen
from kodo.yamltext import read_yaml

BUILTIN = "builtin"
ENV = "KODO_CATALOGUE_PATH"  # directories of extra catalogues, separated by os.pathsep
_LOCK = threading.Lock()
# Added directories, searched after the built-in one; the environment's first.
_DIRS: list[Path] = [Path(p) for p in os.environ.get(ENV, "").split(os.pathsep) if p]
_GENERATION = [0]  # bumped when the search path changes (invalidates caches)


class CatalogueError(Exception):
    """A catalogue file is missing, malformed or incomplete."""


@dataclass(frozen=True)
class Locale:
    name: str
    money_pattern: str  # "¥{n}" / "{n}円"
    group: str  # thousands separator ("" for none)
    myriad: tuple[tuple[int, str], ...]  # large units, highest first: ((100000000, "億"), ...)
    date_pattern: str  # "{yyyy}-{mm}-{dd}" / "{y}年{m}月{d}日" ({yyyy}: four digits)
    list_separator: str
    sentence_separator: str  # between sentences: " " in English, nothing in Japanese
    # a Span: ((one, other) patterns of {n} years, (one, other) of {n} months, joiner)
    span: tuple[tuple[str, str], tuple[str, str], str]

    def money(self, amount: int) -> str:
        sign = "-" if amount < 0 else ""
        rest = abs(amount)
        parts: list[str] = []
        for unit, word in self.myriad:
            q, rest = divmod(rest, unit)
            if q:
                parts.append(self._grouped(q) + word)
        if rest or not parts:
            parts.append(self._grouped(rest))
        return self.money_pattern.replace("{n}", sign + "".join(parts))

    def grouped(self, n: int) -> str:
        """A whole number with the thousands separator."""
        sign = "-" if n < 0 else ""
        return sign + self._grouped(abs(n))

    def _grouped(self, n: int) -> str:
        text = f"{n:,}"
        return text.replace(",", self.group)

    def years_months(self, years: float) -> str:
        """A length in years as whole years and months ("4 years 6 months", "4年6か月")."""
        (year_one, year_other), (month_one, month_other), join = self.span
        y, m = years_and_months(years)
        parts = []
        if y or not m:
            parts.append((year_one if y == 1 else year_other).replace("{n}", str(y)))
        if m:
            parts.append((month_one if m == 1 else month_other).replace("{n}", str(m)))
        return join.join(parts)

    def date(self, day: dt.date) -> str:
        return self.date_pattern.format(
            y=day.year,
            yyyy=f"{day.year:04d}",
            m=day.month,
            d=day.day,
            mm=f"{day.month:02d}",
            dd=f"{day.day:02d}",
        )


@dataclass(frozen=True)
class Catalogue:
    lang: str
    locale: Locale
    templates: dict[str, str]

    def template(self, code: str) -> str:
        try:
            return self.templates[code]
        except KeyError:
            raise CatalogueError(f"catalogue {self.lang}: no message {code!r}") from None

    def format(self, value: Param) -> str:
        if isinstance(value, Message):
            return render(value, self.lang)
        if isinstance(value, bool):
            raise CatalogueError(f"a yes/no value cannot be a message parameter: {value!r}")
        if isinstance(value, Yen):
            return self.locale.money(int(value))
        if isinstance(value, Span):
            return self.locale.years_months(float(value))
        if isinstance(value, Num):
            return f"{float(value):.2f}".rstrip("0").rstrip(".")
        if isinstance(value, Count):
            return self.locale.grouped(int(value))
        if isinstance(value, dt.date):
            return self.locale.date(value)
        if isinstance(value, tuple):
            return self.locale.list_separator.join(self.format(v) for v in value)
        if value is None:
            return "—"
        return str(value)


Part = tuple[str, str | None, tuple[str, str] | None]  # literal, placeholder, (one, other)


@lru_cache(maxsize=4096)
def parse(template: str) -> tuple[Part, ...]:
    """A template as (literal, placeholder, plural words) parts.

    A placeholder is ``{name}``, or ``{name:word|words}`` for a count followed by the word
    that agrees with it ("1 year", "3 years"); no other format spec or conversion is allowed.
    """
    parts: list[Part] = []
    for literal, name, spec, conversion in string.Formatter().parse(template):
        if name is None:
            parts.append((literal, None, None))
            continue
        plural = None
        if spec:
            one, sep, other = spec.partition("|")
            if not (sep and one and other and "|" not in other):
                raise CatalogueError(f"placeholder {{{name}:{spec}}}: the spec must be one|other")
            plural = (one, other)
        if not name.isidentifier() or conversion:
            raise CatalogueError(f"placeholder {{{name}}} must be a plain name")
        parts.append((literal, name, plural))
    return tuple(parts)


def placeholders(template: str) -> set[str]:
    """The names of a template's placeholders."""
    return {name for _, name, _ in parse(template) if name is not None}


def _flatten(node: Any, prefix: str, out: dict[str, str], where: str) -> None:
    if isinstance(node, str):
        out[prefix] = node
        return
    if not isinstance(node, dict):
        raise CatalogueError(f"{where}: {prefix or '(top)'} must be text or a mapping")
    for key, value in node.items():
        if not isinstance(key, str):  # YAML reads an unquoted yes/no/on/off key as a boolean
            raise CatalogueError(f"{where}: key {key!r} under {prefix or '(top)'} must be quoted")
        _flatten(value, f"{prefix}.{key}" if prefix else key, out, where)


def _span(raw: Any) -> tuple[tuple[str, str], tuple[str, str], str]:
    """``span: {year: [one, other], month: [one, other], join: " "}`` ({n}: the number)."""
    year, month = raw["year"], raw["month"]
    if len(year) != 2 or len(month) != 2:
        raise ValueError("span: year and month need [one, other]")
    return (str(year[0]), str(year[1])), (str(month[0]), str(month[1])), str(raw["join"])


def _locale(raw: Any, where: str) -> Locale:
    if not isinstance(raw, dict):
        raise CatalogueError(f"{where}: _locale must be a mapping")
    try:
        money = raw["money"]
        myriad = tuple((int(u), str(w)) for u, w in money.get("myriad") or ())
        return Locale(
            name=str(raw["name"]),
            money_pattern=str(money["pattern"]),
            group=str(money.get("group", ",")),
            myriad=tuple(sorted(myriad, reverse=True)),
            date_pattern=str(raw["date"]),
            list_separator=str(raw["list_separator"]),
            sentence_separator=str(raw.get("sentence_separator", " ")),
            span=_span(raw["span"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise CatalogueError(f"{where}: _locale is incomplete ({exc})") from None


def _read(text: str, where: str) -> tuple[Locale | None, dict[str, str]]:
    import yaml

    try:
        raw = read_yaml(text)
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{where}: invalid YAML ({exc})") from None
    if not isinstance(raw, dict):
        raise CatalogueError(f"{where}: must be a mapping of messages")
    locale = _locale(raw.pop("_locale"), where) if "_locale" in raw else None
    templates: dict[str, str] = {}
    _flatten(raw, "", templates, where)
    for code, template in templates.items():
        try:
            placeholders(template)
        except CatalogueError as exc:
            raise CatalogueError(f"{where}: {code}: {exc}") from None
    return locale, templates


def _sources(lang: str) -> list[tuple[str, str]]:
    """(where, text) of every file for ``lang``: the built-in one first, then added dirs."""
    out = []
    base = resources.files("kodo.i18n") / "catalogues"
    builtin = base / f"{lang}.yaml"
    if builtin.is_file():
        out.append((f"{BUILTIN}/{lang}.yaml", builtin.read_text(encoding="utf-8")))
        # A part of the built-in catalogue kept in a folder of its own (e.g. web/: the page's
        # questions and labels), merged after the main file.
        for part in sorted((p for p in base.iterdir() if p.is_dir()), key=lambda p: p.name):
            path = part / f"{lang}.yaml"
            if path.is_file():
                out.append((f"{BUILTIN}/{part.name}/{lang}.yaml", path.read_text(encoding="utf-8")))
    for directory in list(_DIRS):
        path = directory / f"{lang}.yaml"
        if path.is_file():
            out.append((str(path), path.read_text(encoding="utf-8")))
    return out


@lru_cache(maxsize=16)
def _catalogue(lang: str, generation: int) -> Catalogue:
    files = _sources(lang)
    if not files:
        raise CatalogueError(f"no catalogue for language {lang!r}")
    locale: Locale | None = None
    templates: dict[str, str] = {}
    for where, text in files:
        loc, msgs = _read(text, where)
        locale = loc or locale
        templates.update(msgs)
    if locale is None:
        raise CatalogueError(f"catalogue {lang}: no _locale block")
    return Catalogue(lang, locale, templates)


def generation() -> int:
    """A number that changes whenever the catalogue search path changes (for callers' caches)."""
    return _GENERATION[0]


def catalogue(lang: str) -> Catalogue:
    """The merged catalogue of ``lang`` (cached until the search path changes)."""
    return _catalogue(lang, _GENERATION[0])


def languages() -> tuple[str, ...]:
    """Codes of the languages that have a catalogue (built-in first, in a stable order)."""
    return _languages(_GENERATION[0])


@lru_cache(maxsize=4)
def _languages(generation: int) -> tuple[str, ...]:
    found: list[str] = []
    base = resources.files("kodo.i18n") / "catalogues"
    names = sorted(p.name for p in base.iterdir() if p.name.endswith(".yaml"))
    for directory in list(_DIRS):
        names += sorted(p.name for p in directory.glob("*.yaml"))
    for name in names:
        lang = name.removesuffix(".yaml")
        if lang not in found:
            found.append(lang)
    order = {"en": 0, "ja": 1, "zh": 2}
    return tuple(sorted(found, key=lambda x: (order.get(x, 9), found.index(x))))


def check(reference: str = "en") -> None:
    """Every language has exactly the codes of ``reference`` with the same placeholders."""
    ref = catalogue(reference).templates
    want = {code: placeholders(t) for code, t in ref.items()}
    for lang in languages():
        got = catalogue(lang).templates
        missing = sorted(set(want) - set(got))
        extra = sorted(set(got) - set(want))
        if missing or extra:
            raise CatalogueError(
                f"catalogue {lang}: missing {missing[:10]} extra {extra[:10]}"
                + (" …" if len(missing) + len(extra) > 20 else "")
            )
        for code, names in want.items():
            have = placeholders(got[code])
            if have != names:
                raise CatalogueError(
                    f"catalogue {lang}: {code} has placeholders {sorted(have)}, "
                    f"{reference} has {sorted(names)}"
                )


def add_catalogue_dir(directory: str | Path) -> None:
    """Add a directory of ``<lang>.yaml`` files (a new language, or messages for a new item).

    Every language is then checked for completeness; on failure the directory is removed
    again and :class:`CatalogueError` says what is missing.
    """
    path = Path(directory)
    if not path.is_dir():
        raise CatalogueError(f"{path}: not a directory")
    with _LOCK:
        _DIRS.append(path)
        _GENERATION[0] += 1
    try:
        check()
    except CatalogueError:
        remove_catalogue_dir(path)
        raise


def remove_catalogue_dir(directory: str | Path) -> None:
    path = Path(directory)
    with _LOCK:
        if path in _DIRS:
            _DIRS.remove(path)
            _GENERATION[0] += 1


@contextmanager
def catalogue_dir(directory: str | Path) -> Iterator[None]:
    """Use an extra catalogue directory for the duration of a ``with`` block."""
    add_catalogue_dir(directory)
    try:
        yield
    finally:
        remove_catalogue_dir(directory)


def render(message: Message, lang: str) -> str:
    """The message in ``lang``: its template with every parameter formatted for that language."""
    return _render(message, lang, _GENERATION[0])


@lru_cache(maxsize=16384)
def _render(message: Message, lang: str, generation: int) -> str:
    cat = _catalogue(lang, generation)
    params = dict(message.params)
    out = []
    for literal, name, plural in parse(cat.template(message.code)):
        out.append(literal)
        if name is None:
            continue
        if name not in params:
            raise CatalogueError(f"catalogue {lang}: {message.code} needs the parameter {name!r}")
        value = params[name]
        out.append(cat.format(value))
        if plural is not None and not isinstance(value, Span):  # a Span has its own units
            out.append(" " + (plural[0] if value == 1 else plural[1]))
    return "".join(out)


def sentences(texts: Iterable[str], lang: str) -> str:
    """Sentences in ``lang`` joined as that language writes them one after another."""
    return catalogue(lang).locale.sentence_separator.join(texts)
