"""Reading and checking the list files: kodo's index (``lists.yaml``), each list file it names,
and kodo's short forms (``aliases.yaml``), all in ``kodo/data/lists``.

A directory in ``$KODO_LISTS_PATH`` (several separated by ``os.pathsep``; the first that has a
file wins) may hold newer copies of the list files, under the same names: they replace the
bundled ones and are checked the same way (docs/lists.md). Every problem is an input error
naming the file and the place in it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from kodo.errors import TOP, InputError, input_error
from kodo.lists.model import Entry, ListInfo, Source
from kodo.yamltext import read_yaml

ENV = "KODO_LISTS_PATH"
CRITERIA = ("ranking", "sgu", "innovative_asia")  # parts.UniversityCriterion, in order
_CRITERION_OF = {"Ⅰ": "ranking", "Ⅱ": "sgu", "Ⅲ": "innovative_asia"}
_AS_OF = re.compile(r"^\s*(\d{4}(?:-\d{2}(?:-\d{2})?)?)")
_SHAPES = ("rows", "it_notice")
_HEADER = ("source", "as_of", "coverage", "retrieved_via")


@dataclass(frozen=True, slots=True)
class OldName:
    """A university's former name (kodo's own, aliases.yaml ``old_names``)."""

    name: str  # the name it has now, as a list prints it
    until: str  # the day the old name ended (YYYY-MM-DD, exclusive)
    how: str  # renamed | merged


@dataclass(frozen=True, eq=False)
class Bundle:
    """Every list kodo reads, its entries, and kodo's short forms (alias -> target name),
    old names and groups of names easily taken for each other (aliases.yaml)."""

    lists: tuple[ListInfo, ...]
    entries: dict[str, tuple[Entry, ...]]  # list id -> entries
    aliases: dict[str, str]
    old_names: dict[str, OldName] = field(default_factory=dict)
    clashes: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()  # (names, also)

    def info(self, list_id: str) -> ListInfo:
        for info in self.lists:
            if info.id == list_id:
                return info
        raise input_error("--list", "one_of", expected=self.ids, got=repr(list_id))

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.lists)


def search_path() -> tuple[Path, ...]:
    """The directories whose list files replace the bundled ones (``$KODO_LISTS_PATH``)."""
    return tuple(Path(p) for p in os.environ.get(ENV, "").split(os.pathsep) if p)


def bundle() -> Bundle:
    """The lists (read and checked once per ``$KODO_LISTS_PATH``)."""
    return _bundle(os.environ.get(ENV, ""))


@lru_cache(maxsize=4)
def _bundle(path: str) -> Bundle:
    base = resources.files("kodo") / "data" / "lists"
    index = _read("lists.yaml", base.joinpath("lists.yaml").read_text(encoding="utf-8"))
    specs = _in("lists.yaml", _field, index, "lists", "", list)
    files: dict[str, tuple[str, bool, Any]] = {}
    infos: list[ListInfo] = []
    entries: dict[str, tuple[Entry, ...]] = {}
    for k, spec in enumerate(specs):
        where = f"lists[{k}]"
        spec = _in("lists.yaml", _checked, spec, where, dict)
        name = _in("lists.yaml", _field, spec, "file", where, str)
        if name not in files:
            files[name] = _open(name, base)
        shown, bundled, data = files[name]
        try:
            info, rows = _list(spec, where, name, shown, bundled, data)
        except InputError as exc:  # the file (or kodo's index) is the problem's source
            index_problem = exc.problems[0][0].startswith("lists[")
            exc.source = exc.source or ("lists.yaml" if index_problem else shown)
            raise
        if info.id in entries:
            raise input_error(f"{where}.id", "duplicate_key")
        infos.append(info)
        entries[info.id] = rows
    text = base.joinpath("aliases.yaml").read_text(encoding="utf-8")
    aliases, old, clashes = _in("aliases.yaml", _aliases, _read("aliases.yaml", text))
    return Bundle(tuple(infos), entries, aliases, old, clashes)


_HOW_OLD = ("renamed", "merged")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _aliases(
    data: dict[str, Any],
) -> tuple[dict[str, str], dict[str, OldName], tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]]:
    """kodo's short forms, old names and clashes (aliases.yaml), checked."""
    aliases = _field(data, "aliases", "", dict)
    for key, target in aliases.items():
        _checked(key, "aliases", str)
        _checked(target, f"aliases.{key}", str)
    old: dict[str, OldName] = {}
    for key, row in (data.get("old_names") or {}).items():
        where = f"old_names.{_checked(key, 'old_names', str)}"
        row = _checked(row, where, dict)
        until = str(_field(row, "until", where, (str, dt.date)))
        if not _DAY.match(until):
            raise input_error(f"{where}.until", "list_date", got=repr(until[:40]))
        how = _field(row, "how", where, str)
        if how not in _HOW_OLD:
            raise input_error(f"{where}.how", "one_of", expected=_HOW_OLD, got=repr(how))
        old[key] = OldName(_field(row, "name", where, str), until, how)
    clashes = []
    for k, group in enumerate(_checked(data.get("clashes") or [], "clashes", list)):
        where = f"clashes[{k}]"
        group = _checked(group, where, dict)
        names = tuple(_checked(n, f"{where}.names", str)
                      for n in _field(group, "names", where, list))  # fmt: skip
        also = tuple(_checked(n, f"{where}.also", str) for n in group.get("also") or ())
        clashes.append((names, also))
    return dict(aliases), old, tuple(clashes)


def _in(source: str, check: Any, *args: Any) -> Any:
    """``check(*args)``, its input error naming ``source`` as the file."""
    try:
        return check(*args)
    except InputError as exc:
        exc.source = exc.source or source
        raise


def _open(name: str, base: Any) -> tuple[str, bool, Any]:
    """(path shown, bundled?, data) of list file ``name``: a replacement, else the bundled."""
    for directory in search_path():
        path = directory / name
        if path.is_file():
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                raise input_error(str(path), "not_utf8") from None
            except OSError as exc:
                raise input_error(str(path), "unreadable", reason=exc.strerror or "") from None
            return str(path), False, _read(str(path), text)
    resource = base.joinpath(name)
    return str(resource), True, _read(name, resource.read_text(encoding="utf-8"))


def _read(shown: str, text: str) -> Any:
    """The mapping in YAML ``text`` (a problem is an input error whose source is ``shown``)."""
    import yaml

    try:
        data = read_yaml(text)
    except yaml.YAMLError as exc:
        problem = str(getattr(exc, "problem", None) or exc).splitlines()[0]
        raise input_error(TOP, "bad_yaml", source=shown, problem=problem) from None
    if not isinstance(data, dict):
        raise input_error(TOP, "mapping", source=shown)
    return data


def _list(
    spec: dict[str, Any], where: str, name: str, shown: str, bundled: bool, data: Any
) -> tuple[ListInfo, tuple[Entry, ...]]:
    list_id = _field(spec, "id", where, str)
    shape = _field(spec, "shape", where, str)
    if shape not in _SHAPES:
        raise input_error(f"{where}.shape", "one_of", expected=_SHAPES, got=repr(shape))
    criterion = spec.get("criterion")
    if criterion is not None and criterion not in _CRITERION_OF:
        raise input_error(f"{where}.criterion", "one_of", expected=tuple(_CRITERION_OF),
                          got=repr(criterion))  # fmt: skip
    complete = _field(spec, "complete", where, bool)
    names = tuple(_checked(n, f"{where}.names", str) for n in _field(spec, "names", where, list))
    for key in _HEADER:
        _field(data, key, "", (str, list, dict))
    paths = [_checked(p, f"{where}.entries", str) for p in _field(spec, "entries", where, list)]
    country = spec.get("country")
    if country is not None:
        _checked(country, f"{where}.country", str)
    if shape == "it_notice":
        rows = tuple(_notice(data, paths, list_id, names))
    else:
        rows = tuple(_rows(data, paths, list_id, names, country))
    count_path = spec.get("count")
    if count_path is not None:
        stated = _at(data, count_path)
        if stated != len(rows):
            raise input_error(count_path, "list_count", stated=str(stated),
                              got=str(len(rows)))  # fmt: skip
    as_of_path = _field(spec, "as_of", where, str)
    as_of = _at(data, as_of_path)
    found = _AS_OF.match(str(as_of)) if isinstance(as_of, (str, int)) else None
    if found is None:
        raise input_error(as_of_path, "list_date", got=repr(str(as_of)[:40]))
    info = ListInfo(
        id=list_id,
        file=name,
        path=shown,
        bundled=bundled,
        item=_field(spec, "item", where, str),
        criterion=None if criterion is None else _CRITERION_OF[criterion],
        complete=complete,
        as_of=found.group(1),
        coverage=" ".join(_coverage(spec, where, data).split()),
        retrieved_via=" ".join(_text(data["retrieved_via"]).split()),
        sources=_used_for(tuple(_sources(data["source"])), spec, where),
        check=_field(spec, "check", where, str),
        count=len(rows),
    )
    return info, rows


def _coverage(spec: dict[str, Any], where: str, data: Any) -> str:
    """The list's coverage: kodo's own statement (``coverage_text``, for a list that shares
    its file's coverage with others), else the file's at ``coverage`` (default ``coverage``)."""
    own = spec.get("coverage_text")
    if own is not None:
        return str(_checked(own, f"{where}.coverage_text", str))
    return _text(_at(data, spec.get("coverage", "coverage")))


def _used_for(sources: tuple[Source, ...], spec: dict[str, Any], where: str) -> tuple[Source, ...]:
    """The sources of a list that shares its file with others: those whose ``used_for``
    begins with the index's ``sources_used_for`` (all of them when it is not given)."""
    prefix = spec.get("sources_used_for")
    if prefix is None:
        return sources
    prefix = _checked(prefix, f"{where}.sources_used_for", str)
    return tuple(s for s in sources if s.used_for is not None and s.used_for.startswith(prefix))


def _text(value: Any) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return " ".join(str(v) for v in value) if isinstance(value, list) else str(value)


def _sources(value: Any) -> Iterator[Source]:
    for k, s in enumerate(_checked(value, "source", list)):
        where = f"source[{k}]"
        s = _checked(s, where, dict)
        as_of = s.get("as_of")
        used_for = s.get("used_for")
        yield Source(_field(s, "url", where, str), _text(s.get("what", "")),
                     None if as_of is None else str(as_of),
                     None if used_for is None else _text(used_for))  # fmt: skip


def _rows(
    data: Any, paths: list[str], list_id: str, fields: tuple[str, ...], country: str | None
) -> Iterator[Entry]:
    for path in paths:
        for k, row in enumerate(_checked(_at(data, path), path, list)):
            yield _entry(row, f"{path}[{k}]", list_id, fields, None, country)


def _notice(data: Any, paths: list[str], list_id: str, fields: tuple[str, ...]) -> Iterator[Entry]:
    """The IT notice: items (号) -> groups (イ/ロ/ハ) -> entries (numbered)."""
    for path in paths:
        for i, item in enumerate(_checked(_at(data, path), path, list)):
            where = f"{path}[{i}]"
            item = _checked(item, where, dict)
            number = _field(item, "item", where, int)
            country = item.get("country_en")
            for g, group in enumerate(_field(item, "groups", where, list)):
                gw = f"{where}.groups[{g}]"
                group = _checked(group, gw, dict)
                sub = group.get("sub") or ""
                for e, row in enumerate(_field(group, "entries", gw, list)):
                    row = _checked(row, f"{gw}.entries[{e}]", dict)
                    no = row.get("no", row.get(False))  # YAML 1.1 reads the key `no` as false
                    notice = (number, str(sub), "" if no is None else str(no))
                    yield _entry(row, f"{gw}.entries[{e}]", list_id, fields, notice, country)


def _entry(
    row: Any, where: str, list_id: str, fields: tuple[str, ...],
    notice: tuple[int, str, str] | None, country: Any = None,
) -> Entry:  # fmt: skip
    row = _checked(row, where, dict)
    names = []
    for f in fields:
        value = row.get(f)
        if value is not None:
            names.append(_checked(value, f"{where}.{f}", str).strip())
    names = [n for n in dict.fromkeys(names) if n]
    if not names:
        raise input_error(where, "list_no_name", fields=tuple(fields))
    country = row.get("country_en", row.get("country", country))
    unconfirmed = bool(row.get("single_unofficial_source")) or row.get("status") == "disputed"
    return Entry(list_id, tuple(names), None if country is None else str(country), notice,
                 unconfirmed)  # fmt: skip


def _at(data: Any, path: str) -> Any:
    """The value at dotted ``path`` in ``data`` (an input error naming it when absent)."""
    value = data
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            raise input_error(path, "required")
        value = value[part]
    return value


def _field(data: dict[str, Any], key: str, where: str, kind: Any) -> Any:
    at = f"{where}.{key}" if where else key
    if key not in data:
        raise input_error(at, "required")
    return _checked(data[key], at, kind)


_KIND_CODE = {dict: "mapping", list: "list", str: "text", bool: "yes_no", int: "whole_number"}


def _checked(value: Any, where: str, kind: Any) -> Any:
    if isinstance(value, bool) and kind is int:
        ok = False
    else:
        ok = isinstance(value, kind)
    if not ok:
        code = _KIND_CODE.get(kind, "mapping") if isinstance(kind, type) else "invalid_value"
        params: dict[str, Any] = {}
        if code in ("text", "yes_no", "whole_number"):
            params["got"] = repr(value)[:40]
        if code == "invalid_value":
            params["kind"] = type(value).__name__
        raise input_error(where, code, **params)
    return value


__all__ = ["CRITERIA", "ENV", "Bundle", "InputError", "OldName", "bundle", "search_path"]
