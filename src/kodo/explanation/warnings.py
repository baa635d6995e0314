"""Warnings about one person's result: interpretation options it depends on, facts to check."""

from __future__ import annotations

import datetime as dt

from kodo.dates import add_years, next_birthday
from kodo.engine.score import AGE_AT_OTHER, AGE_SOON
from kodo.engine.status import UNKNOWN
from kodo.explanation.conditions import condition_messages
from kodo.explanation.row import Row, item_label
from kodo.i18n import Message, Param, Yen, render
from kodo.results.evaluation import WarningDetail
from kodo.vocab import CATEGORIES

# Ages at which an applicant is unusual enough to check the birth and reference dates (not a
# rule: kodo scores any age; these only trigger a warning).
UNUSUAL_AGE = (18, 75)
# A reference date this many years after the last rule change kodo knows of gets a warning.
BEYOND_RULES_YEARS = 1


def _reference(row: Row) -> dt.date:
    """The date the person is judged on: the reference date, else today (no date given: the
    rules of today are used)."""
    day = row.col("reference_day")
    return dt.date.fromordinal(day) if day > 0 else row.today


def warnings(row: Row, cis: list[int], lang: str) -> list[WarningDetail]:
    t = row.tables
    opts = row.opts
    cats = tuple(CATEGORIES[ci] for ci in cis)
    out: list[tuple[str, str | None, Message, tuple[str, ...]]] = []
    for option, per in row.depends.items():
        hit = tuple(CATEGORIES[ci] for ci in cis if per[ci])
        if hit:
            value = str(getattr(opts, option))
            msg = Message.of(
                f"warning.option.{option}",
                value=value,
                reading=Message.of(f"option.{option}.{value}"),
            )
            out.append((f"option.{option}", option, msg, hit))
    moves = row.group.scores.age_moves[:, :, row.j]  # the engine's: band moves, per category
    at_other = tuple(CATEGORIES[ci] for ci in cis if moves[AGE_AT_OTHER, ci])
    if at_other:
        msg = Message.of("warning.option.coe_reference", value=opts.coe_reference)
        out.append(("option.coe_reference", "coe_reference", msg, at_other))
    age = row.col("age")
    low, high = UNUSUAL_AGE
    if age >= 0 and not low <= age <= high:
        msg = Message.of("warning.age_unusual", age=age, low=low, high=high)
        out.append(("age_unusual", None, msg, cats))
    perf = row.col("salary_perf")
    if perf > 0:
        msg = Message.of("warning.performance_bonus_review", amount=Yen(perf))
        out.append(("performance_bonus_review", None, msg, cats))
    soon = tuple(CATEGORIES[ci] for ci in cis if moves[AGE_SOON, ci])
    if soon:
        ref = dt.date.fromordinal(row.col("reference_day"))
        birth = dt.date.fromordinal(row.col("birth_day"))
        params: dict[str, Param] = {
            "age": age,
            "next_age": age + 1,
            "day": next_birthday(birth, ref),
            "window": opts.grant_window_days,
        }
        out.append(
            ("age_band_soon", None, Message("warning.age_band_soon", tuple(params.items())), soon)
        )
    date_day = row.col("date_day")
    if date_day < 0:
        msg = Message.of("warning.date_missing", today=row.today)
        out.append(("date_missing", None, msg, cats))
    elif opts.past_rules == "now" and date_day < row.today.toordinal():
        msg = Message.of(
            "warning.option.past_rules", day=dt.date.fromordinal(date_day), today=row.today
        )
        out.append(("option.past_rules", "past_rules", msg, cats))
    reference = _reference(row)
    last = row.book.last_change
    if reference > add_years(last, BEYOND_RULES_YEARS):
        msg = Message.of(
            "warning.beyond_rule_data", day=reference, last=last, years=BEYOND_RULES_YEARS
        )
        out.append(("beyond_rule_data", None, msg, cats))
    mf = t.registry.row.get("multiple_fields")
    if mf is not None and any(row.status[ci][mf] == UNKNOWN for ci in cis):
        out.append(
            ("multiple_fields_unknown", None, Message.of("warning.multiple_fields_unknown"), cats)
        )
    for r, item in enumerate(t.registry.items):
        if item.official_list and any(row.points[ci][r] > 0 for ci in cis):
            msg = Message.of(
                "warning.list_check",
                label=item_label(item.id),
                list=Message.of(f"list.{item.official_list}"),
            )
            out.append((f"list_check.{item.id}", None, msg, cats))
    scored = [i.id for r, i in enumerate(t.registry.items) if any(row.points[ci][r] for ci in cis)]
    for item_id, msg in condition_messages(t.snapshot, scored, row.rules_day):
        out.append((f"condition.{item_id}", None, msg, cats))
    return [WarningDetail(code, option, render(msg, lang), hit) for code, option, msg, hit in out]


def assumed_warning(
    row: Row, cis: list[int], file_day: dt.date, facts: tuple[str, ...], lang: str
) -> WarningDetail:
    """The facts of ``file_day`` were assumed to hold on the person's reference date."""
    msg = Message.of(
        "warning.assumed_on",
        file_day=file_day,
        day=_reference(row),
        facts=tuple(Message.of(f"assumed.{f}") for f in facts),
    )
    return WarningDetail("assumed_on", None, render(msg, lang), tuple(CATEGORIES[ci] for ci in cis))
