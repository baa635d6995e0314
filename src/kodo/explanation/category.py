"""One category of one person: its items, verdict, shortfall, prerequisites and J-Skip check."""

from __future__ import annotations

from typing import Any

import numpy as np

from kodo.engine.status import AWARDED, CAPPED, NOT_CLAIMED, STATUS_NAMES
from kodo.explanation.items import fact_message, item_reason
from kodo.explanation.row import Row, category_name, citations_of, item_texts
from kodo.i18n import Message, Num, Param, Span, Yen, render
from kodo.results.evaluation import (
    CategoryResult,
    ItemResult,
    JSkipResult,
    Prerequisite,
    Withheld,
)
from kodo.vocab import CATEGORIES, CORE_FACTS, LEVEL_NAMES

_WITHHELD = {2, 3, 4, 5, 6, 8, 9}  # every status but awarded, not claimed and capped

# A category's verdict: eligible; short of the pass mark; the salary floor not met; a core
# fact missing (the order is the code of each in :func:`verdict_codes`).
VERDICTS = ("eligible", "short", "floor", "missing")


def verdict_codes(eligible: Any, floor: Any, floor_ok: Any, missing: Any) -> Any:
    """The verdict (index into :data:`VERDICTS`) of arrays or of one person's values alike:
    a missing fact first, then eligible, then a salary floor not met, else short."""
    return np.where(
        missing, 3, np.where(eligible, 0, np.where((floor >= 0) & ~np.asarray(floor_ok), 2, 1))
    ).astype(np.int8)


def shown_rows(row: Row, ci: int) -> list[int]:
    """Item rows worth listing: the core items (education, career, salary, age) of the
    category, and every item something was claimed for (awarded or withheld, with why)."""
    status = row.status[ci]
    core = row.tables.core[ci]
    return [r for r in range(len(status)) if status[r] != NOT_CLAIMED or core[r]]


def category_result(row: Row, ci: int, lang: str) -> CategoryResult:
    t = row.tables
    items = t.registry.items
    texts = item_texts(t.registry, lang)
    cites = citations_of(t.snapshot)
    results = []
    withheld = []
    for r in shown_rows(row, ci):
        item = items[r]
        status = row.status[ci][r]
        code, message = item_reason(row, ci, r)
        reason = render(message, lang)
        text = texts[item.id]
        results.append(
            ItemResult(
                id=item.id,
                label=text.label,
                points=row.points[ci][r],
                status=STATUS_NAMES[status],
                code=code,
                reason=reason,
                citation=cites[item.id],
                evidence=text.evidence if status in (AWARDED, CAPPED) else (),
            )
        )
        if status in _WITHHELD:
            withheld.append(Withheld(item.id, code, reason))
    pc = row.per_category
    total = pc["total"][ci]
    eligible = pc["eligible"][ci]
    floor = pc["floor"][ci]
    floor_ok = pc["floor_ok"][ci]
    missing = tuple(f for f, m in zip(CORE_FACTS, pc["missing"][ci], strict=True) if m)
    low, high = pc["range"][ci] if pc["range"] is not None else (total, total)
    salary = row.col("salary")
    values: dict[str, Param] = {
        "category": category_name(ci),
        "total": total,
        "pass_mark": t.pass_mark,
        "high_mark": t.high_mark,
        "salary": Yen(salary) if salary >= 0 else None,
        "floor": Yen(floor) if floor >= 0 else None,
        "short": max(t.pass_mark - total, 0),
        "short_high": max(t.high_mark - total, 0),
        "low": low,
        "high": high,
        "facts": tuple(fact_message(CORE_FACTS.index(f)) for f in missing),
    }
    prereqs = []
    unmet: list[Message] = []
    if floor >= 0:
        met = None if salary < 0 else bool(floor_ok)
        said = render(Message.of("prerequisite.salary_floor", floor=Yen(floor)), lang)
        prereqs.append(Prerequisite("salary_floor", floor, met, said))
        if met is False:
            unmet.append(Message.of("unmet.floor", salary=values["salary"], floor=values["floor"]))
    if total < t.pass_mark:
        unmet.append(Message.of("unmet.points", total=total, pass_mark=t.pass_mark))
    for f in missing:
        unmet.append(Message.of("unmet.missing", fact=fact_message(CORE_FACTS.index(f))))
    verdict = VERDICTS[int(verdict_codes(eligible, floor, floor_ok, bool(missing)))]
    if verdict == "eligible":
        high_key = "verdict.high_reached" if total >= t.high_mark else "verdict.high_short"
        values["high_clause"] = Message(high_key, tuple(values.items()))
    if verdict in ("missing", "floor"):  # the shortfall never contradicts the verdict
        level = verdict
    elif total >= t.high_mark:
        level = "reached"
    else:
        level = "pass" if total >= t.pass_mark else "short"
    params = tuple(values.items())
    return CategoryResult(
        category=CATEGORIES[ci],
        label=render(category_name(ci), lang),
        total=total,
        threshold=t.pass_mark,
        high_threshold=t.high_mark,
        eligible=eligible,
        verdict=verdict,
        verdict_text=render(Message(f"verdict.{verdict}", params), lang),
        short_of_threshold=max(t.pass_mark - total, 0),
        short_of_high=max(t.high_mark - total, 0),
        shortfall=render(Message(f"shortfall.{level}", params), lang),
        prerequisites=tuple(prereqs),
        items=tuple(results),
        withheld=tuple(withheld),
        unmet=tuple(render(m, lang) for m in unmet),
        missing=missing,
        range=(low, high),
    )


def jskip_result(row: Row, ci: int, lang: str) -> JSkipResult:
    t = row.tables
    eligible, salary_ok, degree_ok, years_ok = row.per_category["jskip"][ci]
    codes: list[str] = []
    params: dict[str, Param] = {"date": row.rules_day}
    if t.jskip_min is None:
        params["since"] = row.book.rules["j_skip"].first_in_force
        codes.append("not_in_force")
    else:
        kind = t.jskip_experience[ci]
        salary = row.col("salary")
        params.update(
            salary=Yen(salary) if salary >= 0 else None,
            min_salary=Yen(int(t.jskip_min[ci])),
            min_years=Num(float(t.jskip_min_years[ci])),
            years=Span(row.col(f"{kind}_years")),
            kind=Message.of(f"experience.{kind}"),
        )
        degree_counts = bool(t.jskip_degree_ok[ci].any())
        if eligible:
            if degree_ok:
                level = Message.of(f"level.{LEVEL_NAMES[row.col('degree')]}")
                params["basis"] = Message.of("jskip_basis.degree", level=level)
            else:
                params["basis"] = Message("jskip_basis.years", tuple(params.items()))
            codes.append("eligible")
        else:
            if salary < 0:
                codes.append("missing_salary")
            elif not salary_ok:
                codes.append("salary_below")
            if not (degree_ok or years_ok):
                if degree_counts and row.col("degree") < 0:
                    codes.append("missing_degrees")
                else:
                    codes.append("no_degree_or_years" if degree_counts else "years_below")
    message_params = tuple(params.items())
    return JSkipResult(
        eligible=bool(eligible),
        in_force=t.jskip_min is not None,
        reasons=tuple(render(Message(f"jskip.{c}", message_params), lang) for c in codes),
        codes=tuple(f"j_skip.{c}" for c in codes),
        citation=row.citation("j_skip"),
    )
