"""Warnings about people's results: interpretation options they depend on, facts to check.

Which warnings apply is decided once for all the people of a scored group, with numpy
(``warning_flags``: one mask per warning, by category and person); a batch reads the codes of
every row from the masks at once (``row_codes``), and one person's sentences
(``warnings``) take the same masks at their column, so the two cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
from numpy.typing import NDArray

from kodo.dates import add_years, next_birthday
from kodo.engine.score import AGE_AT_OTHER, AGE_SOON
from kodo.engine.status import UNKNOWN
from kodo.explanation.conditions import condition_messages
from kodo.explanation.row import Row, Scope, item_label
from kodo.i18n import Message, Param, Yen, render
from kodo.results.evaluation import WarningDetail
from kodo.vocab import CATEGORIES

# Ages at which an applicant is unusual enough to check the birth and reference dates (not a
# rule: kodo scores any age; these only trigger a warning).
UNUSUAL_AGE = (18, 75)
# A reference date this many years after the last rule change kodo knows of gets a warning.
BEYOND_RULES_YEARS = 1

BoolArr = NDArray[np.bool_]

# Kinds of warning whose categories are those where it applies; the others name all of the
# person's categories when it applies in any of them.
_PER_CATEGORY = frozenset({"option", "coe_reference", "age_band_soon"})
_MEMO = "warning_flags"


@dataclass(frozen=True, eq=False)
class WarningFlag:
    """One warning and whom it applies to in a scored group."""

    code: str  # e.g. "option.mba_reading", "age_unusual", "list_check.<item>"
    option: str | None  # the interpretation option it depends on, if any
    mask: BoolArr  # (3, n): applies to person j in category ci (may be a read-only view)
    kind: str  # which sentence it is: "option" (an option the outcome depends on), else code
    # without its item: "coe_reference", "age_unusual", "list_check", "condition", ...

    @property
    def per_category(self) -> bool:
        """The warning names the categories where it applies (else all the person's)."""
        return self.kind in _PER_CATEGORY


def warning_flags(scope: Scope) -> list[WarningFlag]:
    """The warnings that apply to someone in ``scope``, in the order ``warnings`` lists
    them; computed once per scope (kept in its memo; threads racing on the first call may
    both compute it, and all get the first one stored)."""
    flags = scope.memo.get(_MEMO)
    if flags is None:
        flags = scope.memo.setdefault(_MEMO, _flags(scope))
    return cast(list[WarningFlag], flags)


def _flags(scope: Scope) -> list[WarningFlag]:
    group = scope.group
    sc, cols, t, opts = group.scores, group.cols, group.tables, scope.opts
    n = int(sc.total.shape[-1])
    out: list[WarningFlag] = []

    def add(kind: str, code: str, mask: BoolArr, option: str | None = None) -> None:
        if (mask[0] if mask.strides[0] == 0 else mask).any():
            out.append(WarningFlag(code, option, mask, kind))

    def everywhere(mask: BoolArr) -> BoolArr:  # the same in the three categories
        return np.broadcast_to(mask, (3, n))

    for option, per in sc.depends.items():
        add("option", f"option.{option}", per, option)
    moves = sc.age_moves  # the engine's: band moves, per category
    add("coe_reference", "option.coe_reference", moves[AGE_AT_OTHER], "coe_reference")
    age = cols["age"]
    low, high = UNUSUAL_AGE
    add("age_unusual", "age_unusual", everywhere((age >= 0) & ((age < low) | (age > high))))
    add("performance_bonus_review", "performance_bonus_review", everywhere(cols["salary_perf"] > 0))
    add("age_band_soon", "age_band_soon", moves[AGE_SOON])
    date_day = cols["date_day"]
    today = scope.today.toordinal()
    add("date_missing", "date_missing", everywhere(date_day < 0))
    if opts.past_rules == "now":
        past = (date_day >= 0) & (date_day < today)
        add("past_rules", "option.past_rules", everywhere(past), "past_rules")
    ref = cols["reference_day"]
    ref = np.where(ref > 0, ref, today)  # no date given: judged on today's rules
    beyond = add_years(scope.book.last_change, BEYOND_RULES_YEARS).toordinal()
    add("beyond_rule_data", "beyond_rule_data", everywhere(ref > beyond))
    registry = t.registry
    mf = registry.row.get("multiple_fields")
    if mf is not None:
        add("multiple_fields_unknown", "multiple_fields_unknown", sc.status[:, mf] == UNKNOWN)
    points = sc.points
    for r, item in enumerate(registry.items):
        if item.official_list:
            add("list_check", f"list_check.{item.id}", points[:, r] > 0)
    # Whether a claim carries a condition depends on the snapshot only (the rules day only
    # fills in the sentence): any day picks the items.
    snapshot = t.snapshot
    ids = [i.id for i in registry.items if i.id in snapshot.by_id]
    for item_id, _ in condition_messages(snapshot, ids, scope.today):
        add("condition", f"condition.{item_id}", points[:, registry.row[item_id]] != 0)
    return out


def row_codes(flags: list[WarningFlag], cats: BoolArr) -> NDArray[np.object_]:
    """Per person, the ";"-joined codes of the flags that apply to them in any of the
    categories ``cats`` (3, n) marks (those of their result), in order; None when none does."""
    pattern, texts = row_patterns(flags, cats)
    out: NDArray[np.object_] = texts[pattern]
    return out


def row_patterns(flags: list[WarningFlag], cats: BoolArr) -> tuple[NDArray[np.intp], NDArray[Any]]:
    """``row_codes`` as (per person, the index of their pattern; each pattern's text, None
    for none): one bit per flag and person, then one string per distinct pattern of bits (a
    few hundred patterns at most in practice), so that a batch can keep the codes encoded."""
    n = int(cats.shape[1])
    if not flags or n == 0:
        return np.zeros(n, dtype=np.intp), np.full(1, None, dtype=object)
    every = bool(cats.all())
    some = cats.any(axis=0)
    words = np.zeros(((len(flags) + 63) // 64, n), dtype=np.uint64)
    hit = np.empty(n, dtype=np.bool_)
    bit = np.empty(n, dtype=np.uint64)
    for f, flag in enumerate(flags):
        m = flag.mask
        if m.strides[0] == 0:  # the same in every category
            np.logical_and(m[0], some, out=hit)
        elif every:
            np.logical_or(m[0], m[1], out=hit)
            np.logical_or(hit, m[2], out=hit)
        else:
            np.logical_and(m[0], cats[0], out=hit)
            hit |= m[1] & cats[1]
            hit |= m[2] & cats[2]
        np.left_shift(hit, f % 64, out=bit, dtype=np.uint64)
        words[f // 64] |= bit
    if len(flags) <= _TABLE_BITS:  # a table of every pattern: no sort
        key = words[0].astype(np.intp)
        seen = np.zeros(1 << len(flags), dtype=np.bool_)
        seen[key] = True
        patterns = np.flatnonzero(seen)
        number = np.zeros(seen.size, dtype=np.intp)
        number[patterns] = np.arange(patterns.size)
        bits = [[p >> f & 1 for f in range(len(flags))] for p in patterns.tolist()]
        return number[key], _texts(flags, bits)
    distinct, inverse = np.unique(words.T, axis=0, return_inverse=True)
    bits = [[int(w[f // 64]) >> (f % 64) & 1 for f in range(len(flags))] for w in distinct.tolist()]
    return inverse.reshape(-1).astype(np.intp), _texts(flags, bits)


_TABLE_BITS = 20  # up to this many flags, patterns are looked up in a table of 2**flags


def _texts(flags: list[WarningFlag], bits: list[list[int]]) -> NDArray[np.object_]:
    """The codes of each pattern of ``bits`` (one per flag), ";"-joined; None for none."""
    texts = [";".join(fl.code for fl, b in zip(flags, bs, strict=True) if b) or None for bs in bits]
    out: NDArray[np.object_] = np.empty(len(texts), dtype=object)
    out[:] = texts
    return out


def _reference(row: Row) -> dt.date:
    """The date the person is judged on: the reference date, else today (no date given: the
    rules of today are used)."""
    day = row.col("reference_day")
    return dt.date.fromordinal(day) if day > 0 else row.today


def warnings(row: Row, cis: list[int], lang: str) -> list[WarningDetail]:
    """Person ``row``'s warnings in categories ``cis``, rendered in ``lang``: which apply is
    read from the group's flags; only the sentences are made here."""
    cats = tuple(CATEGORIES[ci] for ci in cis)
    j = row.j
    out = []
    for flag in warning_flags(row.scope):
        hit = tuple(CATEGORIES[ci] for ci in cis if flag.mask[ci, j])
        if hit:
            msg = _message(row, flag)
            shown = hit if flag.per_category else cats
            out.append(WarningDetail(flag.code, flag.option, render(msg, lang), shown))
    return out


def _message(row: Row, flag: WarningFlag) -> Message:
    """The sentence of ``flag`` about person ``row``."""
    kind, opts = flag.kind, row.opts
    if kind == "option":
        option = cast(str, flag.option)
        value = str(getattr(opts, option))
        reading = Message.of(f"option.{option}.{value}")
        return Message.of(f"warning.option.{option}", value=value, reading=reading)
    if kind == "coe_reference":
        return Message.of("warning.option.coe_reference", value=opts.coe_reference)
    age = row.col("age")
    if kind == "age_unusual":
        low, high = UNUSUAL_AGE
        return Message.of("warning.age_unusual", age=age, low=low, high=high)
    if kind == "performance_bonus_review":
        return Message.of("warning.performance_bonus_review", amount=Yen(row.col("salary_perf")))
    if kind == "age_band_soon":
        ref = dt.date.fromordinal(row.col("reference_day"))
        birth = dt.date.fromordinal(row.col("birth_day"))
        params: dict[str, Param] = {
            "age": age,
            "next_age": age + 1,
            "day": next_birthday(birth, ref),
            "window": opts.grant_window_days,
        }
        return Message("warning.age_band_soon", tuple(params.items()))
    if kind == "date_missing":
        return Message.of("warning.date_missing", today=row.today)
    if kind == "past_rules":
        day = dt.date.fromordinal(row.col("date_day"))
        return Message.of("warning.option.past_rules", day=day, today=row.today)
    if kind == "beyond_rule_data":
        last = row.book.last_change
        day = _reference(row)
        return Message.of("warning.beyond_rule_data", day=day, last=last, years=BEYOND_RULES_YEARS)
    if kind == "multiple_fields_unknown":
        return Message.of("warning.multiple_fields_unknown")
    registry = row.tables.registry
    item_id = flag.code.partition(".")[2]
    if kind == "list_check":
        item = registry.items[registry.row[item_id]]
        listed = Message.of(f"list.{item.official_list}")
        return Message.of("warning.list_check", label=item_label(item_id), list=listed)
    if kind == "condition":
        ((_, msg),) = condition_messages(row.tables.snapshot, [item_id], row.rules_day)
        return msg
    raise ValueError(kind)


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
