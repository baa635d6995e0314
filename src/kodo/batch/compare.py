"""Compare one population under two rule books: the rules as they are and a what-if.

:func:`compare_file` reads an input as ``kodo batch`` does (the flat form or the nested form,
in chunks: memory is bounded by the chunk, not the file; a folder or glob of Parquet parts is
one dataset), scores each chunk under both contexts with the batch's engine
(:func:`kodo.batch.table.score_frame`, :func:`~kodo.batch.table.score_nested`) and adds up,
per category, the rows that change status in each direction (not eligible -> eligible and
back; eligible at or above the high mark and back, each row against the high mark in force on
its own rule date under each book), the change in the total and in each item's points (summed
over the rows, and the rows it changed), the rows whose best category changed, and the first
example rows (``row`` and ``id``) of each direction. A row with an error under either book is
counted, never compared. :func:`compare` does the same for a frame in memory. :func:`plot`
draws the changes into a PNG (matplotlib's Agg).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from kodo.batch.checks import rule_days
from kodo.batch.flat import Reader
from kodo.batch.io import CHUNK_ROWS, Source, files, is_dataset, open_source, path_error
from kodo.batch.periods import Marks, marks_on, thresholds
from kodo.batch.plotting import figure
from kodo.batch.table import Context, score_frame, score_nested
from kodo.errors import InputError, KodoError
from kodo.input.flat import COLUMN, unknown_columns
from kodo.rules.book import RuleBook
from kodo.vocab import CATEGORIES

DIRECTIONS = ("gained", "lost", "high_gained", "high_lost")
_COUNTS = ("compared", "eligible_before", "eligible_after", *DIRECTIONS,
           "total_points", "total_rows")  # fmt: skip


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
    marks_before: Marks  # the marks on the context's date (each row: those of its own date)
    marks_after: Marks
    categories: tuple[CategoryChange, ...]
    best: tuple[tuple[str, str, int], ...]  # (before, after, rows), most first
    file: str = ""
    unknown_columns: tuple[str, ...] = ()  # columns of the input not in the flat form: ignored

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
    """Score the flat-form rows of ``frame`` under both contexts and compare them row by row
    (``examples``: the most example rows kept per category and direction)."""
    tally = _Tally(base, what_if, examples)
    tally.add(frame, False, file or "IN")
    return tally.result(file)


def compare_file(
    path: str | Path,
    base: Context,
    what_if: Context,
    examples: int = 3,
    chunk_rows: int = CHUNK_ROWS,
) -> Comparison:
    """:func:`compare` over the input at ``path`` (any input of ``kodo batch``, or a folder
    or glob of Parquet parts), ``chunk_rows`` rows at a time."""
    tally = _Tally(base, what_if, examples)
    for source in sources(path):
        for chunk in source.chunks(chunk_rows):
            tally.add(chunk, source.nested, source.path)
    return tally.result(str(path))


def sources(path: str | Path) -> list[Source]:
    """The input at ``path``: a folder or glob of Parquet files (a dataset of parts, in
    order), else one input of ``kodo batch`` (a folder without Parquet: the nested form)."""
    p = Path(path)
    if is_dataset(p):
        try:
            return [open_source(f) for f in files(p)]
        except InputError:
            if not p.is_dir():
                raise
    return [open_source(p)]


class _Tally:
    """The comparison so far, chunk by chunk: counts, item changes, moves, first examples."""

    def __init__(self, base: Context, what_if: Context, examples: int) -> None:
        self.contexts = (base, what_if)
        self.most = examples
        self.rows = self.compared = 0
        cats: tuple[str, ...] = CATEGORIES
        self.counts = {c: dict.fromkeys(_COUNTS, 0) for c in cats}
        self.items = {c: {i.id: [0, 0] for i in what_if.items.items} for c in cats}
        self.examples = {c: {d: list[Example]() for d in DIRECTIONS} for c in cats}
        self.moves: Counter[tuple[str, str]] = Counter()
        self.unknown: dict[str, None] = {}
        self.seen: set[str] = set()

    def add(self, chunk: Any, nested: bool, name: str | Path) -> None:
        """Score a chunk (a frame of the flat form, or the nested form's documents)."""
        if not nested:
            self._columns(chunk, name)
        first = self.rows + 1
        score = score_nested if nested else score_frame
        before, after = (score(chunk, ctx, first) for ctx in self.contexts)
        self.rows += before.height
        ok = before["error"].is_null() & after["error"].is_null()
        if not ok.any():
            return
        keep = ok.to_numpy()
        high0, high1 = (pl.Series(high_marks(ctx.book, _days(chunk, nested, ctx)[keep]))
                        for ctx in self.contexts)  # fmt: skip
        b, a = before.filter(ok), after.filter(ok)
        self.compared += b.height
        for c in CATEGORIES:
            self._category(c, b, a, high0, high1)
        moved = pl.DataFrame({"before": b["best_category"], "after": a["best_category"]})
        moves = moved.filter(pl.col("before") != pl.col("after")).group_by("before", "after")
        for x, y, n in moves.len().iter_rows():
            self.moves[(str(x), str(y))] += int(n)

    def _columns(self, chunk: pl.DataFrame, name: str | Path) -> None:
        """The first chunk of each file: a file with no column of the flat form but ``id``
        is refused; columns not in the flat form are noted (ignored, as the batch does)."""
        if str(name) in self.seen or not chunk.width:
            return
        self.seen.add(str(name))
        if not any(c in COLUMN and c != "id" for c in chunk.columns):
            raise path_error(name, "compare_not_flat")
        self.unknown.update(dict.fromkeys(unknown_columns(chunk.columns)))

    def _category(
        self, c: str, b: pl.DataFrame, a: pl.DataFrame, high0: pl.Series, high1: pl.Series
    ) -> None:
        both = b[f"{c}_eligible"].is_not_null() & a[f"{c}_eligible"].is_not_null()
        b, a = b.filter(both), a.filter(both)
        e0, e1 = b[f"{c}_eligible"], a[f"{c}_eligible"]
        t0, t1 = b[f"{c}_total"].cast(pl.Int64), a[f"{c}_total"].cast(pl.Int64)
        h0, h1 = e0 & (t0 >= high0.filter(both)), e1 & (t1 >= high1.filter(both))
        masks = {"gained": ~e0 & e1, "lost": e0 & ~e1,
                 "high_gained": ~h0 & h1, "high_lost": h0 & ~h1}  # fmt: skip
        total = t1 - t0
        counts = self.counts[c]
        counts["compared"] += b.height
        counts["eligible_before"] += int(e0.sum())
        counts["eligible_after"] += int(e1.sum())
        counts["total_points"] += int(total.sum() or 0)
        counts["total_rows"] += int((total != 0).sum())
        keys = b.select("row", "id")
        for key, mask in masks.items():
            counts[key] += int(mask.sum())
            shown = self.examples[c][key]
            if len(shown) < self.most:
                rows = keys.filter(mask).head(self.most - len(shown))
                shown += [Example(int(r), i) for r, i in rows.iter_rows()]
        for item, sums in self.items[c].items():
            name = f"{c}_{item}"
            if name in b.columns:
                diff = (a[name].cast(pl.Int64) - b[name].cast(pl.Int64)).fill_null(0)
                sums[0] += int(diff.sum())
                sums[1] += int((diff != 0).sum())

    def result(self, file: str) -> Comparison:
        base, what_if = self.contexts
        cats = tuple(
            CategoryChange(
                category=c,
                items=tuple(ItemChange(i, p, n) for i, (p, n) in self.items[c].items() if n),
                examples={k: tuple(v) for k, v in self.examples[c].items()},
                **self.counts[c],
            )
            for c in CATEGORIES
        )
        moves = sorted(self.moves.items(), key=lambda m: (-m[1], m[0]))
        return Comparison(
            overlay=str(getattr(what_if.book, "overlay", "")),
            base_version=base.book.id,
            what_if_version=what_if.book.id,
            base_book=base.book.name,
            what_if_book=what_if.book.name,
            rows=self.rows,
            compared=self.compared,
            errors=self.rows - self.compared,
            marks_before=marks_on(base.book, base.today),
            marks_after=marks_on(what_if.book, what_if.today),
            categories=cats,
            best=tuple((x, y, n) for (x, y), n in moves),
            file=file,
            unknown_columns=tuple(self.unknown),
        )


def _days(chunk: Any, nested: bool, ctx: Context) -> NDArray[np.int64]:
    """Each row's rule date (ordinal) as the batch decides it: its ``date``, else the
    context's today (a date that cannot be read: today too; that row has an error)."""
    if nested:
        dates = np.array([_doc_day(d) for d in chunk], dtype=np.int64)
    else:
        reader = Reader(chunk, ctx.today)
        reader.column(COLUMN["date"])
        dates = reader.values["date"]
    return rule_days(dates, ctx.today, ctx.opts.past_rules)


def high_marks(book: RuleBook, days: NDArray[Any]) -> NDArray[np.int64]:
    """Per row, the high mark ``book`` has in force on the row's rule day (``days``: ordinals
    the book covers): the version of the thresholds in force on it (the versions follow each
    other without a gap)."""
    versions = book.rules["thresholds"].versions
    starts = np.array([v.effective_from.toordinal() for v in versions], dtype=np.int64)
    highs = np.array([thresholds(book, v.effective_from).high for v in versions], dtype=np.int64)
    out: NDArray[np.int64] = highs[np.searchsorted(starts, days, side="right") - 1]
    return out


def _doc_day(doc: Mapping[str, Any] | Exception) -> int:
    """A nested document's date as an ordinal, -1 when it has none or it cannot be read."""
    from kodo.input.types import parse_day

    day = doc.get("date") if isinstance(doc, Mapping) else None
    if isinstance(day, str):
        try:
            day = parse_day(day, "date")
        except KodoError:
            return -1
    return day.toordinal() if isinstance(day, dt.date) and not isinstance(day, dt.datetime) else -1


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
    "compare_file",
    "high_marks",
    "plot",
    "sources",
]
