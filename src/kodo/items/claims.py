"""Vectorised claims of the bonus items: which rows meet an item's own condition.

A claim reads fact columns and the item's rule parameters and returns, per row, whether the
item is claimed and a detail value for the explanation (e.g. which ways of showing Japanese
ability qualify, as a bit mask over ``vocab.JAPANESE_WAYS``). Exclusions and requirements
between items are not here: they are rule data (``excluded_by``, ``requires``), applied by
the engine. Where an interpretation option changes a claim, the claim also says for which
rows the other reading would differ (``depends``), so that results can warn.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from kodo.options import Options
from kodo.rules.values import Bonus
from kodo.vocab import JAPANESE_WAYS, JLPT_CODE, LEVEL_CODE

Cols = Mapping[str, NDArray[Any]]
BoolArr = NDArray[np.bool_]
IntArr = NDArray[np.int64]

JLPT_BIT, BJT_BIT, MAJOR_BIT = (1 << JAPANESE_WAYS.index(w) for w in ("jlpt", "bjt", "major"))


@dataclass(slots=True)
class Claim:
    qualifies: BoolArr  # (n,) the item's own condition is met
    detail: IntArr | None = None  # (n,) item-specific detail for the explanation
    depends: dict[str, BoolArr] | None = None  # option -> (n,) the other reading differs
    claimed: BoolArr | None = None  # (n,) the fact is given at all (None: = qualifies)
    unknown: BoolArr | None = None  # (n,) cannot be decided from the facts given
    multiplier: IntArr | None = None  # (n,) the points count this many times (an option)


ClaimFn = Callable[[Cols, Bonus, Options], Claim]


@dataclass(frozen=True)
class Flag:
    """Claimed when a yes/no fact is yes (the engine takes all such facts in one step)."""

    column: str

    def __call__(self, cols: Cols, rule: Bonus, opts: Options) -> Claim:
        return Claim(cols[self.column])


def flag(column: str) -> Flag:
    return Flag(column)


def japanese_level(jlpt: str, with_major: bool) -> ClaimFn:
    """JLPT at ``jlpt`` or a BJT score at the rule's ``bjt_min`` (and a Japanese major)."""
    code = JLPT_CODE[jlpt]

    def claim(cols: Cols, rule: Bonus, opts: Options) -> Claim:
        jlpt, bjt = cols["jlpt"], cols["bjt"]
        major = cols["japanese_major"] if with_major else None
        if not (
            np.count_nonzero(jlpt)
            or np.count_nonzero(bjt)
            or (major is not None and np.count_nonzero(major))
        ):
            return Claim(jlpt > 0)  # nobody gives any Japanese ability
        bjt_min = rule.bjt_min if rule.bjt_min is not None else np.iinfo(np.int64).max
        detail = (jlpt == code) * JLPT_BIT + (bjt >= bjt_min) * BJT_BIT
        if major is not None:
            detail = detail + major * MAJOR_BIT
        return Claim(detail > 0, detail.astype(np.int64, copy=False))

    return claim


@lru_cache(maxsize=32)
def _level_table(levels: tuple[str, ...]) -> BoolArr:
    ok = np.zeros(len(LEVEL_CODE) + 1, dtype=np.bool_)
    for level in levels:
        ok[LEVEL_CODE[level]] = True
    return ok


def japanese_degree(cols: Cols, rule: Bonus, opts: Options) -> Claim:
    """A degree from a Japanese university at one of the rule's ``degree_levels``."""
    level = cols["japan_level"]
    if not np.count_nonzero(level):
        return Claim(level > 0)
    return Claim(_level_table(tuple(rule.degree_levels or ()))[level])


def rnd_ratio(cols: Cols, rule: Bonus, opts: Options) -> Claim:
    """R&D spending over the rule's ``ratio_pct`` of sales: the ratio when given, else the flag.

    Detail: 1 when the ratio was given (the explanation then quotes it).
    """
    flagged = cols["rnd_flag"]
    ratio = cols["rnd_ratio"]
    known = ratio == ratio  # not NaN: the ratio is given
    if rule.ratio_pct is None or not np.count_nonzero(known):
        return Claim(flagged)
    over = ratio > rule.ratio_pct
    at_least = ratio >= rule.ratio_pct
    chosen = over if opts.rnd_threshold == "over" else at_least
    return Claim(
        np.where(known, chosen, flagged),
        known.astype(np.int64),
        {"rnd_threshold": known & (over != at_least)},
        claimed=known | flagged,
    )


def designated_university(cols: Cols, rule: Bonus, opts: Options) -> Claim:
    """Graduate of a designated university. Detail: how many of its criteria were stated.

    Under the option ``university_criteria=each`` the points count once per criterion.
    """
    claimed = cols["designated"]
    if not np.count_nonzero(claimed):
        return Claim(claimed)
    criteria = cols["university_criteria"]
    each = np.maximum(criteria, 1) if opts.university_criteria == "each" else None
    return Claim(
        claimed, criteria, {"university_criteria": claimed & (criteria > 1)}, multiplier=each
    )


def fields_differ(cols: Cols, rule: Bonus, opts: Options) -> Claim:
    """Two or more graduate degrees in different fields (undecided when a field is absent)."""
    multiple = cols["multiple_fields"]
    unknown = cols["multiple_fields_unknown"]
    if np.count_nonzero(unknown):
        return Claim(multiple, unknown=unknown & ~multiple)
    return Claim(multiple)


def at_least_yen(column: str) -> ClaimFn:
    """An amount at or above the rule's ``min_yen`` (claimed when any amount is given)."""

    def claim(cols: Cols, rule: Bonus, opts: Options) -> Claim:
        amount = cols[column]
        minimum = rule.min_yen if rule.min_yen is not None else 1
        given = amount > 0
        if not np.count_nonzero(given):
            return Claim(given)
        return Claim(amount >= minimum, claimed=given)

    return claim
