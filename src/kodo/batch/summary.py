"""What a ``kodo batch`` output says as a whole: counts, the distribution of totals, the items
that decide eligibility, the rows near the marks, errors by cause, missing facts and warnings.

Parquet (one file, or a folder or glob of parts as ``kodo batch --engine dask`` writes them),
CSV and JSON Lines outputs are scanned lazily (only the columns a figure needs, aggregated by
polars' streaming engine; CSV and JSON Lines read as text and cast here), so a file of millions
of rows is summarised without loading it; an Excel sheet (at most a million rows) is read
whole. The pass mark and the high mark are not in the output: they come from the rule data in
force on a date (:func:`marks_on`), and the summary says which date. That rule data must be
the one the rows were scored with (the ``rules_version`` column: a what-if's own id), and no
total may lie outside what it allows (:func:`max_total`): otherwise the file is refused.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import polars as pl

from kodo.batch.io import (
    OUT_SUFFIXES,
    PARQUET,
    READ_ERRORS,
    files,
    is_dataset,
    path_error,
    read_excel,
    unreadable,
)
from kodo.batch.periods import Marks, marks_on
from kodo.batch.plotting import figure
from kodo.errors import InputError, input_error
from kodo.items import DEFAULT, Registry
from kodo.vocab import CATEGORIES

BIN = 5  # points per bin of the histograms (wider when the totals span more than MAX_BINS)
MAX_BINS = 60
VERDICTS = ("eligible", "short", "floor", "missing")  # {c}_verdict's values
PER_CATEGORY = ("total", "eligible", "verdict", "jskip")
COLUMNS = ("row", "error", "error_codes", "rules_version", "best_category", "missing", "warnings")
_RESERVED = {"total", "min", "max", "eligible", "verdict", "jskip"}


@dataclass(frozen=True)
class CategorySummary:
    category: str
    scored: int  # rows with a total in this category
    eligible: int
    jskip: int
    best: int  # rows whose best category this is
    verdicts: dict[str, int]
    histogram: list[tuple[int, int]]  # (first point of the bin, rows), every bin min..max
    deciding: list[tuple[str, int]]  # (item id, eligible rows it decides), most first
    near_pass: tuple[int, int]  # rows within `near` points below / at or above the pass mark
    near_high: tuple[int, int]  # the same for the high mark

    def share(self, count: int) -> float:
        """``count`` as a percentage of the rows scored in this category."""
        return 100.0 * count / self.scored if self.scored else 0.0


@dataclass(frozen=True)
class Summary:
    file: str
    rows: int
    scored: int
    errors: int
    versions: list[tuple[str, int]]  # rule book content ids and their rows
    marks: Marks
    near: int
    bin: int
    categories: list[CategorySummary]
    causes: list[tuple[str, int]]  # "column:code" and its rows, most first
    missing: list[tuple[str, int]]
    warnings: list[tuple[str, int]]

    def to_data(self) -> dict[str, Any]:
        """The figures as JSON-ready data (shares as percentages, 0 to 100)."""
        data = asdict(self)
        data["marks"]["date"] = self.marks.date.isoformat()
        data["versions"] = [{"rules_version": v, "rows": n} for v, n in self.versions]
        for key in ("causes", "missing", "warnings"):
            data[key] = [{"code": c, "rows": n} for c, n in getattr(self, key)]
        for out, cat in zip(data["categories"], self.categories, strict=True):
            out["eligible_share"] = round(cat.share(cat.eligible), 4)
            out["histogram"] = [{"from": b, "to": b + self.bin - 1, "rows": n}
                                for b, n in cat.histogram]  # fmt: skip
            out["deciding"] = [{"item": i, "rows": n} for i, n in cat.deciding]
            for mark in ("pass", "high"):
                below, above = getattr(cat, f"near_{mark}")
                out[f"near_{mark}"] = {
                    "below": below, "at_or_above": above,
                    "below_share": round(cat.share(below), 4),
                    "at_or_above_share": round(cat.share(above), 4),
                }  # fmt: skip
        return data


def scan(path: str | Path, scratch: str | Path | None = None) -> pl.LazyFrame:
    """The output at ``path`` as a lazy frame with its figures' columns typed, or an
    InputError naming it (missing, unreadable, not an output of ``kodo batch``). With a
    ``scratch`` folder, JSON Lines are copied there as Parquet first (one pass over the text,
    not one per figure)."""
    frame, schema = _lazy(Path(path))
    wanted = [*COLUMNS, *(f"{c}_{k}" for c in CATEGORIES for k in PER_CATEGORY)]
    absent = [c for c in wanted if c not in schema]
    if absent:
        raise input_error(str(path), "summary_not_output", column=absent[0])
    typed = frame.with_columns(_typed(name, kind) for name, kind in schema.items())
    if scratch is None or Path(path).suffix.lower() not in (".jsonl", ".ndjson"):
        return typed
    copy = Path(scratch) / "rows.parquet"
    try:
        typed.sink_parquet(copy)
    except READ_ERRORS as exc:
        raise unreadable(path, exc) from None
    return pl.scan_parquet(copy)


def _lazy(p: Path) -> tuple[pl.LazyFrame, Any]:
    """Parquet (a file; a folder or glob of parts), CSV and JSON Lines scanned (the last two
    as text), an Excel sheet read; with the schema."""
    suffix = p.suffix.lower()
    try:
        if is_dataset(p):
            frame = pl.scan_parquet(_parts(p))
        elif not p.exists():
            raise path_error(p, "no_such_file")
        elif suffix not in OUT_SUFFIXES:
            raise path_error(p, "batch_suffix", suffixes=OUT_SUFFIXES)
        elif suffix in PARQUET:
            frame = pl.scan_parquet(p)
        elif suffix == ".csv":
            frame = pl.scan_csv(p, infer_schema=False)
        elif suffix == ".xlsx":
            frame = read_excel(p).lazy()
        else:  # JSON Lines: the columns of the first line, every value as text
            frame = pl.scan_ndjson(p, schema=dict.fromkeys(_keys(p), pl.String))
        return frame, frame.collect_schema()
    except pl.exceptions.NoDataError:  # no header either: named as having no columns
        return pl.LazyFrame(), pl.Schema()
    except (*READ_ERRORS, ValueError) as exc:  # ValueError: a first line that is not JSON
        raise unreadable(p, exc) from None


def _parts(p: Path) -> list[Path]:
    """The Parquet parts of a folder or glob (an empty folder named as such)."""
    try:
        return files(p)
    except InputError:
        if p.is_dir():
            raise path_error(p, "summary_no_parts") from None
        raise


def _keys(p: Path) -> list[str]:
    """The keys of the first document of a JSON Lines file."""
    with p.open(encoding="utf-8") as f:
        line = next((x for x in f if x.strip()), "{}")
    data = json.loads(line)
    return [str(k) for k in data] if isinstance(data, dict) else []


def _typed(name: str, kind: Any) -> pl.Expr:
    """A column as the figures need it: totals and points Int64, flags Boolean, the rest
    text (a CSV output was read as text)."""
    col = pl.col(name)
    text = kind == pl.String
    if name.endswith(("_eligible", "_jskip")):
        if not text:
            return col.cast(pl.Boolean)
        flags = {"true": True, "false": False}
        word = col.str.strip_chars().str.to_lowercase()
        return word.replace_strict(flags, default=None, return_dtype=pl.Boolean)
    if name.split("_", 1)[0] in CATEGORIES and not name.endswith("_verdict"):
        return (col.str.strip_chars() if text else col).cast(pl.Int64, strict=False)
    return col.cast(pl.String)


def summarise(
    path: str | Path, marks: Marks, *, near: int = 5, top: int = 5, registry: Registry = DEFAULT
) -> Summary:
    """The figures of the ``kodo batch`` output at ``path``, with ``marks``; the ``top`` items
    that decide eligibility per category; rows within ``near`` points of each mark."""
    with tempfile.TemporaryDirectory(prefix="kodo-summary-") as scratch:
        return _summarise(scan(path, scratch), path, marks, near, top, registry)


def _summarise(
    frame: pl.LazyFrame, path: str | Path, marks: Marks, near: int, top: int, registry: Registry
) -> Summary:
    columns = frame.collect_schema().names()
    items: dict[str, list[str]] = {
        c: [i.id for i in registry.items if f"{c}_{i.id}" in columns and i.id not in _RESERVED]
        for c in CATEGORIES
    }
    counts, books = _collect(path, frame.select(_scalars(marks, near)),
                             frame.group_by("rules_version").len().drop_nulls())  # fmt: skip
    one: dict[str, Any] = counts.row(0, named=True)
    versions = _counted(books)
    other = [v for v, _ in versions if v != marks.book_id]
    if other:
        raise input_error("rules_version", "summary_other_rules", str(path), got=other[0],
                          book=marks.book_id)  # fmt: skip
    size = _bin_size(path, one, marks.max_total)
    queries = []
    for c in CATEGORIES:
        bins = (pl.col(f"{c}_total") // size * size).alias("bin")
        queries.append(frame.select(bins).drop_nulls().group_by("bin").len())
    for column in ("error_codes", "missing", "warnings"):
        codes = pl.col(column).str.split(";").explode().str.strip_chars()
        queries.append(frame.select(codes).filter(pl.col(column) != "").group_by(column).len())
    for c in CATEGORIES:  # on the eligible rows only: an item decides if total - it < pass
        total, over = pl.col(f"{c}_total"), marks.pass_mark
        falls = [(total - pl.col(f"{c}_{i}").fill_null(0) < over).sum().alias(f"{c}.item.{i}")
                 for i in items[c]]  # fmt: skip
        queries.append(frame.filter(pl.col(f"{c}_eligible")).select(falls or pl.lit(0)))
    got = _collect(path, *queries)
    n = len(CATEGORIES)
    for deciding in got[-n:]:
        one |= deciding.row(0, named=True)
    hists, (causes, missing, warnings) = got[:n], got[n : n + 3]
    cats = [
        _category(c, one, items[c], _histogram(h, size), top)
        for c, h in zip(CATEGORIES, hists, strict=True)
    ]
    return Summary(
        file=str(path), rows=one["rows"], scored=one["scored"], errors=one["errors"],
        versions=versions, marks=marks, near=near, bin=size, categories=cats,
        causes=_counted(causes), missing=_counted(missing), warnings=_counted(warnings),
    )  # fmt: skip


def _collect(path: str | Path, *queries: pl.LazyFrame) -> list[pl.DataFrame]:
    """The queries' results, one at a time (together, polars would cache the scan's columns
    for all of them); a file that cannot be read on the way named."""
    try:
        return [q.collect(engine="streaming") for q in queries]
    except READ_ERRORS as exc:
        raise unreadable(Path(path), exc) from None


def _bin_size(path: str | Path, one: dict[str, Any], most: int) -> int:
    """The histograms' bin: BIN points, or a multiple of it when the totals span more than
    MAX_BINS bins; a total below zero or above ``most`` is an InputError naming its column."""
    low = high = None
    for c in CATEGORIES:
        least, largest = one[f"{c}.least"], one[f"{c}.largest"]
        if least is None:
            continue
        if least < 0 or largest > most:
            raise input_error(f"{c}_total", "summary_total", str(path),
                              got=least if least < 0 else largest, high=most)  # fmt: skip
        low = least if low is None else min(low, least)
        high = largest if high is None else max(high, largest)
    if low is None or high is None:
        return BIN
    bins = int(high) // BIN - int(low) // BIN + 1
    return BIN * -(-bins // MAX_BINS)


def _scalars(marks: Marks, near: int) -> list[pl.Expr]:
    """One row of counts: rows, errors and per category everything that is a single number."""
    out = [
        pl.len().alias("rows"),
        pl.col("error").is_null().sum().alias("scored"),
        pl.col("error").is_not_null().sum().alias("errors"),
    ]
    for c in CATEGORIES:
        total, eligible = pl.col(f"{c}_total"), pl.col(f"{c}_eligible").fill_null(False)
        out += [
            total.is_not_null().sum().alias(f"{c}.scored"),
            total.min().alias(f"{c}.least"),
            total.max().alias(f"{c}.largest"),
            eligible.sum().alias(f"{c}.eligible"),
            pl.col(f"{c}_jskip").fill_null(False).sum().alias(f"{c}.jskip"),
            (pl.col("best_category") == c).sum().alias(f"{c}.best"),
        ]
        out += [(pl.col(f"{c}_verdict") == v).sum().alias(f"{c}.verdict.{v}") for v in VERDICTS]
        for name, mark in (("pass", marks.pass_mark), ("high", marks.high_mark)):
            out.append(total.is_between(mark - near, mark - 1).sum().alias(f"{c}.{name}.below"))
            out.append(total.is_between(mark, mark + near).sum().alias(f"{c}.{name}.above"))
    return out


def _category(c: str, one: dict[str, Any], items: list[str], hist: Any, top: int) -> Any:
    deciding = sorted(((i, int(one[f"{c}.item.{i}"])) for i in items), key=lambda x: -x[1])
    return CategorySummary(
        category=c, scored=one[f"{c}.scored"], eligible=one[f"{c}.eligible"],
        jskip=one[f"{c}.jskip"], best=one[f"{c}.best"],
        verdicts={v: one[f"{c}.verdict.{v}"] for v in VERDICTS}, histogram=hist,
        deciding=[(i, n) for i, n in deciding if n > 0][:top],
        near_pass=(one[f"{c}.pass.below"], one[f"{c}.pass.above"]),
        near_high=(one[f"{c}.high.below"], one[f"{c}.high.above"]),
    )  # fmt: skip


def _histogram(counts: pl.DataFrame, size: int) -> list[tuple[int, int]]:
    """Every bin from the lowest to the highest with rows (empty ones as 0): at most
    MAX_BINS, the totals having been checked (:func:`_bin_size`)."""
    got = {int(b): int(n) for b, n in counts.iter_rows()}
    if not got:
        return []
    return [(b, got.get(b, 0)) for b in range(min(got), max(got) + 1, size)]


def _counted(counts: pl.DataFrame) -> list[tuple[str, int]]:
    """(code, rows) most first, then by code."""
    pairs = [(str(code), int(n)) for code, n in counts.iter_rows()]
    return sorted(pairs, key=lambda x: (-x[1], x[0]))


def plot(summary: Summary, path: str | Path, lang: str = "en") -> None:
    """The distributions as a PNG at ``path``: per category the histogram of totals with the
    pass and high marks, and the eligible rows per category; labels in ``lang``."""
    m, n = summary.marks, len(summary.categories)
    with figure(path, lang, n + 1, (8, 2.6 * (n + 1))) as (fig, axes, say):
        for ax, cat in zip(axes[:n], summary.categories, strict=True):
            _panel(ax, cat, summary.bin, m, say)
        names = [say(f"category.{c.category}.short") for c in summary.categories]
        bars = axes[n].bar(names, [c.eligible for c in summary.categories], color="C2")
        axes[n].bar_label(bars)
        axes[n].margins(y=0.15)
        axes[n].set_title(say("summary.plot_eligible"))
        axes[n].set_ylabel(say("summary.plot_rows"))
        fig.suptitle(say("summary.plot_title", file=Path(summary.file).name, date=m.date))


def _panel(ax: Any, cat: CategorySummary, size: int, m: Marks, say: Any) -> None:
    starts = [b for b, _ in cat.histogram]
    ax.bar(starts, [n for _, n in cat.histogram], width=size, align="edge", color="C0")
    ax.axvline(m.pass_mark, color="C1", label=say("summary.plot_pass", mark=m.pass_mark))
    ax.axvline(m.high_mark, color="C3", ls="--", label=say("summary.plot_high", mark=m.high_mark))
    ax.set_title(say(f"category.{cat.category}.name"))
    ax.set_xlabel(say("summary.plot_totals"))
    ax.set_ylabel(say("summary.plot_rows"))
    ax.legend(loc="upper right")


__all__ = [
    "BIN",
    "CategorySummary",
    "Marks",
    "Summary",
    "marks_on",
    "plot",
    "scan",
    "summarise",
]
