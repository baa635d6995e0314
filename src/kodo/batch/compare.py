"""Compare one population under two rule books: the rules as they are and a what-if.

:func:`compare` scores the same flat-form rows under two contexts (the same engine as
``kodo batch``: :func:`kodo.batch.table.score_frame`) and reports, per category, the rows
that change status in each direction (not eligible -> eligible and back; eligible at or
above the high mark and back), the change in the total and in each item's points (summed
over the rows, and the rows it changed), the rows whose best category changed, and example
rows (``row`` and ``id``) for each direction. A row with an error under either book is
counted, never compared. :func:`plot` draws the changes into a PNG (matplotlib's Agg).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from kodo.batch.plotting import figure
from kodo.batch.summary import Marks, marks_on
from kodo.batch.table import Context, score_frame
from kodo.vocab import CATEGORIES

DIRECTIONS = ("gained", "lost", "high_gained", "high_lost")


@dataclass(frozen=True)
class Example:
    row: int
    id: str | None


@dataclass(frozen=True)
class ItemChange:
    item: str
    points: int  # the change in this item's points, summed over the rows compared
    rows: int  # rows whose points for it changed


@dataclass(frozen=True)
class CategoryChange:
    category: str
    compared: int  # rows scored in this category under both books
    eligible_before: int
    eligible_after: int
    gained: int  # not eligible -> eligible
    lost: int  # eligible -> not eligible
    high_gained: int  # newly eligible at or above the high mark
    high_lost: int  # no longer eligible at or above the high mark
    total_points: int  # the change in totals, summed
    total_rows: int  # rows whose total changed
    items: tuple[ItemChange, ...]  # items whose points changed, in registry order
    examples: dict[str, tuple[Example, ...]] = field(default_factory=dict)  # by direction


@dataclass(frozen=True)
class Comparison:
    overlay: str  # the what-if's name ("" when its book has none)
    base_version: str
    what_if_version: str
    base_book: str
    what_if_book: str
    rows: int
    compared: int
    errors: int  # rows with an error under either book (not compared)
    marks_before: Marks
    marks_after: Marks
    categories: tuple[CategoryChange, ...]
    best: tuple[tuple[str, str, int], ...]  # (before, after, rows), most first
    file: str = ""

    @property
    def best_changed(self) -> int:
        return sum(n for _, _, n in self.best)

    def to_data(self) -> dict[str, Any]:
        """The comparison as JSON-ready data."""
        data = asdict(self)
        for key in ("marks_before", "marks_after"):
            data[key]["date"] = getattr(self, key).date.isoformat()
        data["best"] = [{"before": b, "after": a, "rows": n} for b, a, n in self.best]
        data["best_changed"] = self.best_changed
        return data


def compare(
    frame: pl.DataFrame, base: Context, what_if: Context, examples: int = 3, file: str = ""
) -> Comparison:
    """Score ``frame`` under both contexts and compare row by row (``examples``: the most
    example rows kept per category and direction)."""
    before = score_frame(frame, base)
    after = score_frame(frame, what_if)
    ok = before["error"].is_null() & after["error"].is_null()
    n = frame.height
    compared = int(ok.sum()) if n else 0
    marks0 = marks_on(base.book, base.today)
    marks1 = marks_on(what_if.book, what_if.today)
    items = [i.id for i in what_if.items.items]
    keys = pl.DataFrame({"row": before["row"], "id": before["id"]}).filter(ok)
    b, a = before.filter(ok), after.filter(ok)
    cats = tuple(_category(c, b, a, keys, items, marks0, marks1, examples) for c in CATEGORIES)
    moves = (
        pl.DataFrame({"before": b["best_category"], "after": a["best_category"]})
        .filter(pl.col("before") != pl.col("after"))
        .group_by("before", "after")
        .len()
        .sort(["len", "before", "after"], descending=[True, False, False])
    )
    best = tuple((str(x), str(y), int(k)) for x, y, k in moves.iter_rows())
    return Comparison(
        overlay=str(getattr(what_if.book, "overlay", "")),
        base_version=base.book.id,
        what_if_version=what_if.book.id,
        base_book=base.book.name,
        what_if_book=what_if.book.name,
        rows=n,
        compared=compared,
        errors=n - compared,
        marks_before=marks0,
        marks_after=marks1,
        categories=cats,
        best=best,
        file=file,
    )


def _category(
    c: str,
    b: pl.DataFrame,
    a: pl.DataFrame,
    keys: pl.DataFrame,
    items: list[str],
    m0: Marks,
    m1: Marks,
    examples: int,
) -> CategoryChange:
    both = b[f"{c}_eligible"].is_not_null() & a[f"{c}_eligible"].is_not_null()
    b, a, keys = b.filter(both), a.filter(both), keys.filter(both)
    e0, e1 = b[f"{c}_eligible"], a[f"{c}_eligible"]
    t0, t1 = b[f"{c}_total"].cast(pl.Int64), a[f"{c}_total"].cast(pl.Int64)
    h0, h1 = e0 & (t0 >= m0.high_mark), e1 & (t1 >= m1.high_mark)
    masks = {"gained": ~e0 & e1, "lost": e0 & ~e1, "high_gained": ~h0 & h1, "high_lost": h0 & ~h1}
    changes = []
    for item in items:
        name = f"{c}_{item}"
        if name not in b.columns:
            continue
        diff = (a[name].cast(pl.Int64) - b[name].cast(pl.Int64)).fill_null(0)
        rows = int((diff != 0).sum())
        if rows:
            changes.append(ItemChange(item, int(diff.sum()), rows))
    total = t1 - t0
    return CategoryChange(
        category=c,
        compared=b.height,
        eligible_before=int(e0.sum()),
        eligible_after=int(e1.sum()),
        total_points=int(total.sum() or 0),
        total_rows=int((total != 0).sum()),
        items=tuple(changes),
        examples={k: _examples(keys, m, examples) for k, m in masks.items()},
        **{k: int(m.sum()) for k, m in masks.items()},
    )


def _examples(keys: pl.DataFrame, mask: pl.Series, most: int) -> tuple[Example, ...]:
    rows = keys.filter(mask).head(most)
    return tuple(Example(int(r), i) for r, i in rows.iter_rows())


# ------------------------------------------------------------------------------ the plot


def plot(comparison: Comparison, path: str | Path, lang: str = "en") -> None:
    """Two panels into a PNG at ``path``: per category the rows that change status in each
    direction, and the change in each item's points (all categories together); labels in
    ``lang``."""
    import numpy as np

    cats = comparison.categories
    items = list(dict.fromkeys(ch.item for cat in cats for ch in cat.items))
    size = (9, 4.5 + 0.6 * max(len(items), 3))
    with figure(path, lang, 2, size) as (fig, (top, bottom), say):
        x = np.arange(len(cats))
        for k, (key, color) in enumerate((("gained", "C2"), ("lost", "C3"))):
            counts = [getattr(c, key) for c in cats]
            bars = top.bar(x + (k - 0.5) * 0.4, counts, 0.4, color=color,
                           label=say(f"compare.plot_{key}"))  # fmt: skip
            top.bar_label(bars)
        top.set_xticks(x, [say(f"category.{c.category}.short") for c in cats])
        top.set_ylabel(say("compare.plot_rows"))
        top.set_title(say("compare.plot_status"))
        top.margins(y=0.2)
        top.legend(loc="upper right")
        y = np.arange(len(items))
        height = 0.8 / max(len(cats), 1)
        for k, cat in enumerate(cats):
            points = {ch.item: ch.points for ch in cat.items}
            bars = bottom.barh(y + (k - (len(cats) - 1) / 2) * height,
                               [points.get(i, 0) for i in items], height, color=f"C{k}",
                               label=say(f"category.{cat.category}.short"))  # fmt: skip
            bottom.bar_label(bars)
        bottom.set_yticks(y, [say(f"item.{i}.label") for i in items])
        if cats:
            bottom.legend(loc="best", fontsize="small")
        bottom.axvline(0, color="black", lw=0.8)
        bottom.invert_yaxis()
        bottom.set_xlabel(say("compare.plot_points"))
        bottom.set_title(say("compare.plot_items"))
        bottom.margins(x=0.15)
        name = Path(comparison.file).name if comparison.file else ""
        fig.suptitle(say("compare.plot_title", overlay=comparison.overlay, file=name))


__all__ = [
    "DIRECTIONS",
    "CategoryChange",
    "Comparison",
    "Example",
    "ItemChange",
    "compare",
    "plot",
]
