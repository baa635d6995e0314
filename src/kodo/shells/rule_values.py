"""A rule's value as a person reads it: amounts in yen, bands as ranges, categories by their
names (イ/ロ/ハ in Japanese), items, degrees and kinds of experience by their labels — never
the data's own spelling (no ``None``, lists, dicts or raw numbers).

``blocks(rule_id, value, registry, lang)`` gives the value as blocks: ``("lines", rows)`` of
(label, text) pairs, and ``("table", header, rows)`` for what varies by category or band.
"""

from __future__ import annotations

import itertools
from typing import Any

from kodo.explanation.row import rule_label
from kodo.i18n import Num, Yen, render
from kodo.items import Registry
from kodo.shells.blocks import say

CATS = ("a", "b", "c")
YEN_KEYS = {"min_salary", "min_yen", "salary_edges", "salary_floor"}  # amounts in yen
Block = tuple[Any, ...]
GROUPS = {"degree_levels": "level", "graduate_levels": "level", "experience": "experience"}


def cat_name(code: str, lang: str) -> str:
    return say(f"category.{code}.short", lang)


def key_label(key: str, lang: str) -> str:
    """A key of the rule data in words (the key itself where the catalogue has no words)."""
    from kodo.i18n import catalogue

    code = f"cli.key.{key}"
    return say(code, lang) if code in catalogue(lang).templates else key


def _yen(n: Any) -> Yen:
    return Yen(int(n))


def scalar(key: str, value: Any, registry: Registry, lang: str) -> str:
    """One value, formatted for ``key``."""
    if value is None:
        return say("cli.table.none", lang)
    if isinstance(value, bool):
        return say(f"word.{'yes' if value else 'no'}", lang)
    if isinstance(value, list):
        parts = [_item(key, v, registry, lang) for v in value]
        return say("cli.value", lang, value=tuple(parts)) if parts else say("cli.table.none", lang)
    if isinstance(value, (int, float)):
        if key in YEN_KEYS:
            return say("cli.value", lang, value=_yen(value))
        if key.endswith("years"):
            return say("cli.table.years", lang, years=_num(value))
        if key == "ratio_pct":
            return say("cli.table.percent", lang, value=_num(value))
        if key in ("points", "pass", "high", "business_addon", "business_degree") or key in CATS:
            return say("cli.table.points", lang, points=int(value))
        return say("cli.value", lang, value=_num(value))
    return _item(key, value, registry, lang)


def _num(value: Any) -> int | Num:
    return int(value) if float(value).is_integer() else Num(value)


def _item(key: str, value: Any, registry: Registry, lang: str) -> str:
    """One element of a list (or a string value) by its label."""
    from kodo.i18n import catalogue

    known = catalogue(lang).templates
    if isinstance(value, dict):
        text = render(rule_label(str(value.get("item")), registry), lang)
        extra = [str(v) for k, v in value.items() if k != "item" and v]
        return f"{text} ({', '.join(extra)})" if extra else text
    text = str(value)
    if key == "categories" and text in CATS:
        return cat_name(text, lang)
    group = GROUPS.get(key)
    if group is not None and f"{group}.{text}" in known:
        return say(f"{group}.{text}", lang)
    if key in ("requires", "item"):
        return render(rule_label(text, registry), lang)
    return text


def bands(edges: list[Any], lang: str, key: str) -> list[str]:
    """Labels of the bands that ``edges`` cut: under the first, between two, from the last."""

    def fmt(n: Any, upper: bool = False) -> str:
        if key == "age":  # whole years: 30–34
            return say("cli.table.years_old", lang, age=int(n) - (1 if upper else 0))
        if key in YEN_KEYS:
            return say("cli.value", lang, value=_yen(n))
        if key.endswith("years"):
            return say("cli.table.years", lang, years=_num(n))
        return say("cli.value", lang, value=_num(n))

    out = [say("cli.band.below", lang, high=fmt(edges[0]))] if edges else []
    for low, high in itertools.pairwise(edges):
        out.append(say("cli.band.range", lang, low=fmt(low), high=fmt(high, upper=True)))
    if edges:
        out.append(say("cli.band.from", lang, low=fmt(edges[-1])))
    return out


def _by_category(value: Any) -> bool:
    return isinstance(value, dict) and bool(value) and set(value) <= set(CATS)


def blocks(rule_id: str, value: Any, registry: Registry, lang: str) -> list[Block]:
    """The value of rule ``rule_id`` as lines and tables."""
    if value is None:
        return []
    if rule_id == "salary" and _by_category(value):
        return [_salary(code, v, lang) for code, v in value.items() if v]
    if _by_category(value) and all(isinstance(v, dict) and "edges" in v for v in value.values()):
        edges = next(iter(value.values()))["edges"]
        points = {c: v["points"] for c, v in value.items()}
        return [_banded(points, bands(edges, lang, "age"), lang)]
    if _by_category(value) and all(not isinstance(v, dict) for v in value.values()):
        cats = list(value)
        row = [render(rule_label(rule_id, registry), lang)]
        row += [scalar(rule_id, value[c], registry, lang) for c in cats]
        return [("table", ["", *(cat_name(c, lang) for c in cats)], [row])]
    if _by_category(value):
        return [_category_table(rule_id, value, registry, lang)]
    if (
        isinstance(value, dict)
        and value
        and all(isinstance(v, dict) and "years" in v for v in value.values())
    ):  # the routes to permanent residence
        return [("lines", [(_route(k, v, lang), "") for k, v in value.items()])]
    out: list[Block] = []
    lines: list[tuple[str, str]] = []
    edges = value.get("edges_years") if isinstance(value, dict) else None
    for key, v in value.items() if isinstance(value, dict) else ():
        if key == "edges_years" or v == []:
            continue
        if _by_category(v) and any(isinstance(x, (dict, list)) for x in v.values()):
            if edges is not None and key == "points":
                out.append(_banded(v, bands(edges, lang, "edges_years"), lang))
            elif all(isinstance(x, list) or x is None for x in v.values()):
                out.append(_counted(v, lang))
            else:
                out.append(_category_table(key, v, registry, lang))
        elif _by_category(v):
            cells = [f"{cat_name(c, lang)} {scalar(key, x, registry, lang)}" for c, x in v.items()]
            lines.append((key_label(key, lang), " · ".join(cells)))
        elif isinstance(v, dict) and v and all(isinstance(x, dict) for x in v.values()):
            for sub, x in v.items():  # e.g. the PR routes
                text = " · ".join(f"{key_label(k, lang)} {scalar(k, y, registry, lang)}"
                                  for k, y in x.items())  # fmt: skip
                lines.append((_route(sub, x, lang), text))
        elif isinstance(v, dict):
            text = " · ".join(f"{key_label(k, lang)} {scalar(k, y, registry, lang)}"
                              for k, y in v.items())  # fmt: skip
            lines.append((key_label(key, lang), text))
        else:
            lines.append((key_label(key, lang), scalar(key, v, registry, lang)))
    return ([("lines", lines)] if lines else []) + out


def _route(sub: str, x: dict[str, Any], lang: str) -> str:
    from kodo.i18n import catalogue

    code = f"pr.route_name.{sub}"
    if code in catalogue(lang).templates and "years" in x:
        return say(code, lang, points=int(x.get("points") or 0), years=_num(x["years"]))
    return key_label(sub, lang)


def _category_table(key: str, value: dict[str, Any], registry: Registry, lang: str) -> Block:
    """Rows: the keys of the categories' values; columns: the categories."""
    cats = list(value)
    header = ["", *(cat_name(c, lang) for c in cats)]
    if all(not isinstance(v, dict) for v in value.values()):
        row = [key_label(key, lang), *(scalar(key, value[c], registry, lang) for c in cats)]
        return ("table", header, [row])
    rows_keys: list[str] = []
    for v in value.values():
        rows_keys += [k for k in (v or {}) if k not in rows_keys]
    rows = []
    for k in rows_keys:
        label = _item("degree_levels", k, registry, lang) if key == "points" else key_label(k, lang)
        if key == "position" or (key == "c" and k in ("representative", "officer")):
            label = say(f"position.{k}", lang)
        cell_key = "points" if key in ("points", "position") else k
        rows.append([label, *(scalar(cell_key, (value[c] or {}).get(k), registry, lang)
                              for c in cats)])  # fmt: skip
    return ("table", header, rows)


def _banded(points: dict[str, Any], labels: list[str], lang: str) -> Block:
    """Rows: the bands; columns: the categories; cells: the points."""
    cats = [c for c, v in points.items() if v]
    header = ["", *(cat_name(c, lang) for c in cats)]
    rows = [
        [band, *(say("cli.table.points", lang, points=int(points[c][i])) for c in cats)]
        for i, band in enumerate(labels)
    ]
    return ("table", header, rows)


def _counted(points: dict[str, Any], lang: str) -> Block:
    """Points by the number of items (research, licences): the last count and more."""
    cats = [c for c, v in points.items() if v]
    n = max(len(points[c]) for c in cats)
    labels = [say("cli.table.count", lang, count=i) for i in range(n - 1)]
    labels.append(say("cli.table.count_from", lang, count=n - 1))
    header = ["", *(cat_name(c, lang) for c in cats)]
    rows = [
        [band, *(say("cli.table.points", lang, points=int(points[c][i])) for c in cats)]
        for i, band in enumerate(labels)
    ]
    return ("table", header, rows)


def _salary(code: str, v: dict[str, Any], lang: str) -> Block:
    """One category's salary table: rows the salary bands, columns the age bands."""
    salary = bands(v["salary_edges"], lang, "salary_edges")
    ages = bands(v["age_edges"], lang, "age") if v["age_edges"] else [""]
    header = [cat_name(code, lang), *(say("cli.table.age", lang, band=a) if a else
                                      key_label("points", lang) for a in ages)]  # fmt: skip
    rows = [
        [
            band,
            *(
                say("cli.table.points", lang, points=int(v["points"][j][i]))
                for j in range(len(ages))
            ),
        ]
        for i, band in enumerate(salary)
    ]
    return ("table", header, rows)
