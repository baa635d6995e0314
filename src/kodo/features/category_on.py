"""Which category judges a person on a date: one rule, used by every timeline question.

The category on a date is the category of the HSP status held on that date (HSP(i)(a)/(b)/(c),
J-Skip (a)/(b)/(c), 特定活動(高度人材) (a)/(b)/(c)); on a date without such a status (none
held, another status, or HSP(ii), which has no category of its own in the input), the input's
``category``; else the best category on that date (``engine.score.best_category``: the most
points among the eligible categories). For the J-Skip criteria, "best" is the category whose
J-Skip criteria are met (the most points among them), else the best by points.

Every result names the category used on each date and why (``basis``: ``status`` |
``input`` | ``best``; catalogue ``category_basis.<basis>``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kodo.features.days import DayPoints
from kodo.history.timeline import Timeline
from kodo.i18n import Message
from kodo.vocab import CATEGORIES, status_category

BASES = ("status", "input", "best")


@dataclass(frozen=True, slots=True)
class CategoryOn:
    """The category judging one date, and why."""

    ci: int
    basis: str  # status | input | best
    status: str | None  # the status held that decided it (basis == "status")

    @property
    def category(self) -> str:
        return CATEGORIES[self.ci]

    def message(self, day: dt.date) -> Message:
        """ "On D: HSP(i)(b), the category of the status held (hsp1_b)"."""
        return Message.of(
            f"category_basis.{self.basis}",
            day=day,
            category=Message.of(f"category.{self.category}.short"),
            status=self.status,
        )


def fixed_category(tl: Timeline, day: dt.date) -> CategoryOn | None:
    """The category on ``day`` when it does not depend on the points (status or input)."""
    status = tl.status_on(day)
    cat = None if status is None else status_category(status)
    if cat is not None:
        return CategoryOn(CATEGORIES.index(cat), "status", status)
    if tl.app.category is not None:
        return CategoryOn(CATEGORIES.index(tl.app.category), "input", None)
    return None


def category_on(
    tl: Timeline, day: dt.date, points: DayPoints | None, j_skip: bool = False
) -> CategoryOn | None:
    """The category judging ``day`` (None when it depends on points that cannot be computed)."""
    fixed = fixed_category(tl, day)
    if fixed is not None or points is None:
        return fixed
    if j_skip:
        met = [ci for ci in range(len(CATEGORIES)) if points.j_skip[ci]]
        if met:
            return CategoryOn(max(met, key=lambda ci: (points.total[ci], -ci)), "best", None)
    return CategoryOn(points.best, "best", None)
