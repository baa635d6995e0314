"""Item reasons: the engine's (status, detail) of one item as a ``Message``.

The code of an item's reason is ``<item>.<status>`` plus a variant (``.business``,
``.<excluding item>``, …); its sentence is the catalogue entry ``reason.<code>``, else
``reason.<item>.<status>``, else the generic ``reason.*.<status>``. The parameters come from
the engine's detail value, the fact columns the engine read, and the rule snapshot.
"""

from __future__ import annotations

from functools import lru_cache

from kodo.engine.score import BUSINESS_ADDON, BUSINESS_TIER, LEVEL_MASK
from kodo.engine.status import (
    AWARDED,
    BELOW_BAND,
    CAPPED,
    EXCLUDED,
    MISSING,
    NOT_CLAIMED,
    NOT_IN_FORCE,
    REQUIRES,
    STATUS_NAMES,
)
from kodo.explanation.row import Row, category_name, item_label
from kodo.i18n import Message, Num, Param, Span, Yen, catalogue, generation, label
from kodo.items import Item
from kodo.items.claims import BJT_BIT, JLPT_BIT, MAJOR_BIT
from kodo.rules.values import Bonus
from kodo.vocab import (
    CORE_FACTS,
    EXPERIENCE_KINDS,
    JLPT_LEVELS,
    LEVEL_NAMES,
    POSITIONS,
    RESEARCH_KINDS,
)


def fact_message(index: int) -> Message:
    return label(f"fact.{CORE_FACTS[index]}")


def template_code(code: str) -> str:
    """The catalogue code that renders reason ``code`` (exact, item and status, or generic)."""
    return _template_code(code, generation())


@lru_cache(maxsize=4096)
def _template_code(code: str, generation: int) -> str:
    templates = catalogue("en").templates
    item, status, *_ = code.split(".")
    for candidate in (f"reason.{code}", f"reason.{item}.{status}", f"reason.*.{status}"):
        if candidate in templates:
            return candidate
    raise KeyError(f"no reason text for code {code!r}")


def item_reason(row: Row, ci: int, r: int) -> tuple[str, Message]:
    """(reason code, message) of item row ``r`` in category ``ci``."""
    t = row.tables
    item = t.registry.items[r]
    status = row.status[ci][r]
    detail = row.detail[ci][r]
    points = row.points[ci][r]
    code = f"{item.id}.{STATUS_NAMES[status]}"
    params: dict[str, Param] = {
        "label": item_label(item.id),
        "points": points,
        "category": category_name(ci),
    }
    if status == EXCLUDED:
        excluder = t.registry.items[detail].id
        code += "." + excluder
        params["excluder"] = item_label(excluder)
    elif status == REQUIRES:
        params["required"] = item_label(t.registry.items[detail].id)
    elif status == MISSING:
        params["fact"] = fact_message(detail)
    elif status == CAPPED:
        params["count"] = detail
    elif status == NOT_IN_FORCE:
        params["date"] = row.rules_day
        params["since"] = row.book.rules[item.id].first_in_force
    if status in (AWARDED, BELOW_BAND, CAPPED, NOT_CLAIMED):
        code += _kind_params(row, ci, r, item, status, detail, params)
    return code, Message(template_code(code), tuple(params.items()))


def _kind_params(
    row: Row, ci: int, r: int, item: Item, status: int, detail: int, params: dict[str, Param]
) -> str:
    """Add the parameters of the item's kind; return the code's variant suffix."""
    t = row.tables
    kind = item.kind
    if kind == "education":
        params["level"] = label(f"level.{LEVEL_NAMES[detail & LEVEL_MASK]}")
        if detail & BUSINESS_TIER:
            return ".business"
        if detail & BUSINESS_ADDON:
            return ".addon"
    elif kind == "career":
        exp = EXPERIENCE_KINDS[int(t.experience_index[ci])]
        params["years"] = Span(row.col(f"{exp}_years"))
        params["kind"] = label(f"experience.{exp}")
        params["first_edge"] = Num(float(t.career_edges[0]))
    elif kind == "salary":
        params["salary"] = Yen(row.col("salary"))
        age = row.age
        if t.salary_age_banded[ci] and age is not None:
            params["at_age"] = Message.of("clause.at_age", age=age)
        else:
            params["at_age"] = label("clause.none")
        params["next"] = Yen(detail) if detail >= 0 else None
    elif kind == "age":
        params["age"] = row.age
        params["edge"] = detail if detail >= 0 else None
    elif kind == "research":
        kinds = tuple(k for i, k in enumerate(RESEARCH_KINDS) if detail >> i & 1)
        params["count"] = len(kinds)
        params["kinds"] = tuple(label(f"research_kind.{k}") for k in kinds)
        pat, fund, pap = (int(x) for x in t.research_minimums)
        params.update(min_patents=pat, min_funded=fund, min_papers=pap)
    elif kind == "count_table":
        params["count"] = row.col(item.reads[0])
    elif kind == "position":
        params["position"] = label(f"position.{POSITIONS[row.col(item.reads[0])]}")
    elif kind == "bonus":
        return _bonus_params(row, item, status, detail, params)
    return ""


def _bonus_params(row: Row, item: Item, status: int, detail: int, params: dict[str, Param]) -> str:
    rule = row.tables.snapshot.value(item.id, Bonus)
    if item.detail == "japanese_ways":
        ways: list[Message] = []
        if detail & JLPT_BIT:
            ways.append(Message.of("japanese.jlpt", level=JLPT_LEVELS[row.col("jlpt") - 1]))
        if detail & BJT_BIT:
            ways.append(Message.of("japanese.bjt", score=int(row.col("bjt"))))
        if detail & MAJOR_BIT:
            ways.append(label("japanese.major"))
        params["how"] = tuple(ways)
    elif item.detail == "ratio" and detail == 1:
        params["ratio"] = Num(row.col("rnd_ratio"))
        params["threshold"] = Num(rule.ratio_pct) if rule and rule.ratio_pct else None
        params["rule"] = label(f"rnd_rule.{row.opts.rnd_threshold}")
        return ".ratio"
    elif item.detail == "criteria":
        params["criteria"] = detail
        if status == AWARDED and row.opts.university_criteria == "each":
            return ".each"
    elif item.detail == "amount":
        params["amount"] = Yen(row.col(item.reads[0]))
        params["minimum"] = Yen(rule.min_yen) if rule and rule.min_yen else None
    return ""
