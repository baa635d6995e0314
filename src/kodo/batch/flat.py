"""Reading the flat form as columns: every column parsed and checked at once (polars), bad
rows marked instead of stopping (the checks across columns: :mod:`kodo.batch.checks`).

The checks are those of the input model (types, words, ranges, dates) and the contradictions
the CLI refuses (a birth date after the date, more experience than years since the age of
15, a degree held before 15, flags that presuppose others), each naming the column. The
columns are declared once in :mod:`kodo.input.flat`; the messages are the catalogue's
``input.*`` messages, rendered only for the rows that have a problem.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from kodo.dates import EPOCH
from kodo.errors import excerpt
from kodo.i18n import Message, Num, Param
from kodo.input.flat import DATE_RANGE, FLAT_COLUMNS, MISSING, FlatColumn, FlatFacts

Bool = NDArray[np.bool_]
_TRUE = ("true", "1", "yes")
_FALSE = ("false", "0", "no")
_GROUPED = r"^[0-9]{1,3}(,[0-9]{3})+$"  # 12,000,000: thousands separators
_ISO = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


@dataclass
class Problem:
    """Rows ``rows`` of a chunk have problem ``code`` in ``column``."""

    column: str
    code: str
    rows: NDArray[np.intp]
    params: Any  # (row) -> the message's parameters


@dataclass
class Checked:
    """A chunk checked: the valid rows' facts, their positions, every problem found."""

    n: int
    facts: FlatFacts
    valid: NDArray[np.intp]
    problems: list[Problem] = field(default_factory=list)

    def messages(self) -> dict[int, list[tuple[str, str, Message]]]:
        """Row -> its problems as (column, code, message), in column order."""
        out: dict[int, list[tuple[str, str, Message]]] = {}
        order = {c.name: k for k, c in enumerate(FLAT_COLUMNS)}
        for p in sorted(self.problems, key=lambda p: order.get(p.column, len(order))):
            for r in p.rows.tolist():
                msg = Message.of(f"input.{p.code}", **p.params(r))
                out.setdefault(r, []).append((p.column, p.code, msg))
        return out


class Reader:
    """A chunk being parsed: the values, problems and what is known of each column."""

    def __init__(self, frame: pl.DataFrame, today: dt.date) -> None:
        self.frame = frame
        self.n = frame.height
        self.today = today
        self.bad = np.zeros(self.n, dtype=np.bool_)
        self.problems: list[Problem] = []
        self.values: dict[str, NDArray[Any]] = {}
        self.given: dict[str, Bool] = {}
        self.ok: dict[str, Bool] = {}  # per column: parsed and in range (or empty)

    def got(self, name: str) -> Any:
        return lambda r: {"got": excerpt(repr(self.frame[name][r]))}

    def problem(self, column: str, code: str, where: Bool, params: Any) -> None:
        rows = np.flatnonzero(where)
        if rows.size:
            self.problems.append(Problem(column, code, rows, params))
            self.bad[rows] = True
            if column in self.ok:
                self.ok[column] = self.ok[column] & ~where

    # ------------------------------------------------------------------ one column at a time

    def column(self, col: FlatColumn) -> None:
        name = col.name
        if name not in self.frame.columns:  # every cell empty
            self._absent(col)
            return
        series = plain(self.frame[name])
        kind = str(self.frame[name].dtype)
        params = self.got(name) if series is not None else lambda r: {"got": kind}
        if col.kind == "word":
            expected = ", ".join(col.words)
            params = lambda r, g=params: {"expected": expected, **g(r)}  # noqa: E731
        if series is None:  # lists, structs, durations, bytes…: no cell can be read
            self._absent(col)
            bad = ~self.frame[name].is_null().to_numpy()
            self.ok[name] = ~bad
            self.problem(name, _CODE[col.kind], bad, params)
            return
        parse = getattr(self, f"_{col.kind}")
        self.ok[name] = np.ones(self.n, dtype=np.bool_)  # narrowed by the problems found
        values, null, bad, code = parse(series, col)
        self.ok[name] &= ~bad
        self.given[name] = ~null & ~bad
        self.problem(name, code, bad, params)
        if col.kind != "text":  # the id is taken from the input as it is
            self.values[name] = values
        if col.kind in ("int", "years"):
            self._range(col, values, ~null & ~bad)

    def _absent(self, col: FlatColumn) -> None:
        n = self.n
        self.ok[col.name] = np.ones(n, dtype=np.bool_)
        self.given[col.name] = np.zeros(n, dtype=np.bool_)
        if col.kind == "flag":
            self.values[col.name] = np.zeros(n, dtype=np.bool_)
        elif col.kind == "years":
            self.values[col.name] = np.full(n, np.nan if col.optional else 0.0)
        elif col.kind != "text":
            empty = 0 if col.kind == "int" and not (col.core or col.optional) else MISSING
            self.values[col.name] = np.full(n, empty, dtype=np.int64)

    def _codes(self, series: pl.Series, words: dict[str, int]) -> tuple[Any, Bool]:
        """Each cell's code in ``words`` (keys casefolded), ignoring case and surrounding
        spaces: (codes, -1 for an empty cell and -2 for an unknown one; empty). The usual
        spellings are tested as they are; the rest once per distinct cell."""
        text = series.cast(pl.String, strict=False)
        null = _nulls(text)
        spellings: dict[int, set[str]] = {}
        for word, code in words.items():
            spellings.setdefault(code, set()).update(
                (word, word.lower(), word.upper(), word.capitalize())
            )
        usual = {s: code for code, spelt in spellings.items() for s in spelt}
        coded = text.replace_strict(usual, default=None, return_dtype=pl.Int64)
        values = coded.fill_null(MISSING).to_numpy()
        found = null | coded.is_not_null().to_numpy()
        if not found.all():
            values = values.copy()  # writable
            rest = text.filter(pl.Series(~found))
            for value in rest.unique().to_list():
                clean = value.strip().casefold()
                code = words.get(clean, -2) if clean else MISSING
                hit = (text == value).fill_null(False).to_numpy()
                values[hit] = code
                null |= hit & (code == MISSING)
        return values, null

    def _range(self, col: FlatColumn, values: NDArray[Any], present: Bool) -> None:
        name = col.name
        for code, outside, limit in (
            ("at_least", present & (values < col.low), col.low),
            ("at_most", present & (values > col.high), col.high),
        ):
            shown = int(limit) if float(limit).is_integer() else limit
            self.problem(
                name, code, outside, lambda r, v=values, s=shown: {"limit": s, "got": _num(v[r])}
            )

    @staticmethod
    def _strings(series: pl.Series) -> pl.Series:
        text = series.cast(pl.String, strict=False).str.strip_chars()
        empty = pl.col("t") == ""
        return (
            pl.DataFrame({"t": text}).select(pl.when(empty).then(None).otherwise("t")).to_series()
        )

    def _text(self, series: pl.Series, col: FlatColumn) -> tuple[Any, Bool, Bool, str]:
        text = series.cast(pl.String, strict=False)
        null = text.is_null().to_numpy()
        length = text.str.len_chars().fill_null(0).to_numpy()
        bad = length > col.high
        self.problem(
            col.name, "too_long", bad, lambda r: {"limit": int(col.high), "got": int(length[r])}
        )
        return text, null, np.zeros(self.n, np.bool_), "too_long"

    def _word(self, series: pl.Series, col: FlatColumn) -> tuple[Any, Bool, Bool, str]:
        values, null = self._codes(series, {w.casefold(): i for i, w in enumerate(col.words)})
        bad = values == -2
        return np.where(bad, MISSING, values), null, bad, "one_of"

    def _flag(self, series: pl.Series, col: FlatColumn) -> tuple[Any, Bool, Bool, str]:
        if series.dtype == pl.Boolean:
            null = _nulls(series)
            return _filled(series, False), null, np.zeros(self.n, np.bool_), "yes_no"
        meaning = {**dict.fromkeys(_TRUE, 1), **dict.fromkeys(_FALSE, 0)}
        values, null = self._codes(series, meaning)
        return values == 1, null, values == -2, "yes_no"

    def _int(self, series: pl.Series, col: FlatColumn) -> tuple[Any, Bool, Bool, str]:
        dtype = series.dtype
        if dtype.is_integer():
            null = _nulls(series)
            values = series.cast(pl.Int64, strict=False)
            bad = _nulls(values) & ~null  # beyond int64
        elif dtype.is_float():
            null = _nulls(series)
            f = series.to_numpy()
            whole = np.isfinite(f) & (np.abs(f) < 2.0**62)
            whole[whole] = f[whole] == np.floor(f[whole])
            bad = ~null & ~whole
            values = pl.Series(np.where(whole, f, 0).astype(np.int64))
        elif dtype == pl.Boolean:  # true is not a number (the model is strict too)
            null = series.is_null().to_numpy()
            bad = ~null
            values = pl.Series([None] * self.n, dtype=pl.Int64)
        else:  # text (a CSV): most cells are plain numbers
            values = series.cast(pl.String, strict=False).cast(pl.Int64, strict=False)
            null = _nulls(series)
            bad = _nulls(values) & ~null
            if np.count_nonzero(bad):
                values, null, bad = self._text_ints(series)
        empty = MISSING if col.core or col.optional else 0
        out = _filled(values, empty).astype(np.int64)
        return np.where(bad, empty, out), null, bad, "whole_number"

    def _text_ints(self, series: pl.Series) -> tuple[pl.Series, Bool, Bool]:
        """Whole numbers written with spaces, thousands separators or a zero fraction."""
        text = self._strings(series)
        null = text.is_null().to_numpy()
        # 12,000,000 (thousands separators) and 5000000.0 (a whole number written as a
        # decimal, as spreadsheets export it) are whole numbers; 1,2 and 1.5 are not
        grouped = pl.col("t").str.contains(_GROUPED).fill_null(False)
        ungrouped = pl.when(grouped).then(pl.col("t").str.replace_all(",", "")).otherwise("t")
        whole = ungrouped.str.replace(r"^(-?[0-9]+)\.0+$", "$1")
        plain = pl.DataFrame({"t": text}).select(whole).to_series()
        values = plain.cast(pl.Int64, strict=False)
        bad = values.is_null().to_numpy() & ~null
        return values, null, bad

    def _years(self, series: pl.Series, col: FlatColumn) -> tuple[Any, Bool, Bool, str]:
        if series.dtype.is_numeric():
            null = _nulls(series)
            f = _filled(series.cast(pl.Float64), 0.0)
        elif series.dtype == pl.Boolean:
            null = series.is_null().to_numpy()
            f = np.full(self.n, np.nan)
        else:  # text: a plain cast, then the cells that need trimming
            null = series.is_null().to_numpy()
            f = series.cast(pl.Float64, strict=False).fill_null(np.nan).to_numpy()
            if np.count_nonzero(~null & np.isnan(f)):
                text = self._strings(series)
                null = text.is_null().to_numpy()
                f = text.cast(pl.Float64, strict=False).fill_null(np.nan).to_numpy()
        bad = ~null & ~np.isfinite(f)
        empty = np.nan if col.optional else 0.0
        return np.where(null | bad, empty, f), null, bad, "number"

    def _date(self, series: pl.Series, col: FlatColumn) -> tuple[Any, Bool, Bool, str]:
        dtype = series.dtype
        null = _nulls(series)
        code = "iso_date"
        if dtype == pl.Date:
            days = series
        elif isinstance(dtype, pl.Datetime):  # a spreadsheet's date cell: midnight only
            days = series.dt.date()
            midnight = (series.dt.truncate("1d") == series).fill_null(True).to_numpy()
            self.problem(col.name, "date_not_datetime", ~null & ~midnight, lambda r: {})
            null = null | ~midnight
        elif dtype in (pl.String, pl.Null):
            text = self._strings(series)
            null = text.is_null().to_numpy()
            shaped = text.str.contains(_ISO).fill_null(False).to_numpy()
            days = text.str.to_date("%Y-%m-%d", strict=False)
            parsed = days.is_not_null().to_numpy()
            self.problem(col.name, "no_such_date", shaped & ~parsed, self.got(col.name))
            bad = ~null & ~shaped
            ordinals = np.where(parsed, days.cast(pl.Int32).fill_null(0).to_numpy() + EPOCH, -1)
            self._date_range(col, ordinals, parsed)
            return ordinals.astype(np.int64), null | (shaped & ~parsed), bad, code
        else:
            return np.full(self.n, MISSING, np.int64), null, ~null, code
        ordinals = np.where(null, MISSING, _filled(days.cast(pl.Int32), 0) + EPOCH)
        self._date_range(col, ordinals, ~null)
        return ordinals.astype(np.int64), null, np.zeros(self.n, np.bool_), code

    def _date_range(self, col: FlatColumn, ordinals: NDArray[Any], present: Bool) -> None:
        low, high = DATE_RANGE
        outside = present & ((ordinals < low.toordinal()) | (ordinals > high.toordinal()))
        self.problem(
            col.name,
            "date_range",
            outside,
            lambda r: {"low": low, "high": high, "got": dt.date.fromordinal(int(ordinals[r]))},
        )


# The problem of a cell that is not of its column's kind at all.
_CODE = {
    "text": "text",
    "date": "iso_date",
    "int": "whole_number",
    "years": "number",
    "flag": "yes_no",
    "word": "one_of",
}


def plain(series: pl.Series) -> pl.Series | None:
    """``series`` as a type the parsers read (text, numbers, booleans, dates), or None for a
    type no cell of the flat form can have."""
    dtype = series.dtype
    if isinstance(dtype, (pl.Categorical, pl.Enum)):
        return series.cast(pl.String)
    if isinstance(dtype, pl.Decimal):
        return series.cast(pl.Float64)
    if dtype in (pl.String, pl.Null, pl.Boolean, pl.Date) or isinstance(dtype, pl.Datetime):
        return series
    return series if dtype.is_numeric() else None


def _nulls(series: pl.Series) -> Bool:
    """Which cells are empty (without a pass over the column when none is)."""
    if not series.null_count():
        return np.zeros(series.len(), dtype=np.bool_)
    out: Bool = series.is_null().to_numpy()
    return out


def _filled(series: pl.Series, value: Any) -> NDArray[Any]:
    """The column as numpy, ``value`` in its empty cells."""
    out: NDArray[Any] = (series.fill_null(value) if series.null_count() else series).to_numpy()
    return out


def _num(value: Any) -> Param:
    number = value.item() if hasattr(value, "item") else value
    return number if isinstance(number, int) else Num(float(number))
