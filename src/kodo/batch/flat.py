"""Reading the flat form as columns: every column parsed and checked at once (polars), bad
rows marked instead of stopping, good rows handed over as :class:`~kodo.input.flat.FlatFacts`.

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

from kodo.dates import add_years, ages_on, years_between
from kodo.errors import excerpt
from kodo.i18n import Message, Num, Param, Span
from kodo.input.ages import WORK_AGE
from kodo.input.flat import COLUMN, DATE_RANGE, FLAT_COLUMNS, MISSING, FlatColumn, FlatFacts
from kodo.input.parts import GRADUATE_BUSINESS_LEVELS, RND_OVER_PCT
from kodo.vocab import EXPERIENCE_KINDS, LEVEL_CODE

Bool = NDArray[np.bool_]
EPOCH = dt.date(1970, 1, 1).toordinal()  # a polars Date counts days from 1970-01-01
_TRUE = ("true", "1", "yes")
_FALSE = ("false", "0", "no")
_GROUPED = r"^[0-9]{1,3}(,[0-9]{3})+$"  # 12,000,000: thousands separators
_ISO = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
DEGREE_FLAGS = (
    "business_degree",
    "multiple_fields",
    "japan_degree",
    "designated_university",
    "japanese_major",
)


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
    unknown: tuple[str, ...] = ()  # columns that are not part of the flat form (ignored)

    def messages(self) -> dict[int, list[tuple[str, str, Message]]]:
        """Row -> its problems as (column, code, message), in column order."""
        out: dict[int, list[tuple[str, str, Message]]] = {}
        order = {c.name: k for k, c in enumerate(FLAT_COLUMNS)}
        for p in sorted(self.problems, key=lambda p: order.get(p.column, len(order))):
            for r in p.rows.tolist():
                msg = Message.of(f"input.{p.code}", **p.params(r))
                out.setdefault(r, []).append((p.column, p.code, msg))
        return out


class _Reader:
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
        if name not in self.frame.columns:
            series = pl.Series(name, [None] * self.n, dtype=pl.Null)
        else:
            series = self.frame[name]
        parse = getattr(self, f"_{col.kind}")
        values, null, bad, code = parse(series, col)
        self.ok[name] = ~bad
        self.given[name] = ~null & ~bad
        if name in self.frame.columns:
            params = self.got(name)
            if col.kind == "word":
                expected = ", ".join(col.words)
                params = lambda r, g=params: {"expected": expected, **g(r)}  # noqa: E731
            self.problem(name, code, bad, params)
        if col.kind != "text":  # the id is taken from the input as it is
            self.values[name] = values
        if col.kind in ("int", "years"):
            self._range(col, values, ~null & ~bad)

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
        text = self._strings(series)
        codes = {w.casefold(): i for i, w in enumerate(col.words)}
        found = text.str.to_lowercase().replace_strict(codes, default=-2, return_dtype=pl.Int64)
        null = text.is_null().to_numpy()
        values = found.fill_null(MISSING).to_numpy()
        bad = (values == -2) & ~null
        values = np.where(bad | null, MISSING, values)
        return values, null, bad, "one_of"

    def _flag(self, series: pl.Series, col: FlatColumn) -> tuple[Any, Bool, Bool, str]:
        if series.dtype == pl.Boolean:
            null = series.is_null().to_numpy()
            return series.fill_null(False).to_numpy(), null, np.zeros(self.n, np.bool_), "yes_no"
        text = self._strings(series).str.to_lowercase()
        null = text.is_null().to_numpy()
        true = text.is_in(_TRUE).fill_null(False).to_numpy()
        false = text.is_in(_FALSE).fill_null(False).to_numpy()
        return true, null, ~null & ~true & ~false, "yes_no"

    def _int(self, series: pl.Series, col: FlatColumn) -> tuple[Any, Bool, Bool, str]:
        dtype = series.dtype
        if dtype.is_integer():
            null = series.is_null().to_numpy()
            values = series.cast(pl.Int64, strict=False)
            bad = values.is_null().to_numpy() & ~null  # beyond int64
        elif dtype.is_float():
            null = series.is_null().to_numpy()
            f = series.to_numpy()
            whole = np.isfinite(f) & (np.abs(f) < 2.0**62)
            whole[whole] = f[whole] == np.floor(f[whole])
            bad = ~null & ~whole
            values = pl.Series(np.where(whole, f, 0).astype(np.int64))
        elif dtype == pl.Boolean:  # true is not a number (the model is strict too)
            null = series.is_null().to_numpy()
            bad = ~null
            values = pl.Series([None] * self.n, dtype=pl.Int64)
        else:  # text (a CSV)
            text = self._strings(series)
            null = text.is_null().to_numpy()
            grouped = pl.col("t").str.contains(_GROUPED).fill_null(False)
            ungrouped = pl.when(grouped).then(pl.col("t").str.replace_all(",", "")).otherwise("t")
            plain = pl.DataFrame({"t": text}).select(ungrouped).to_series()
            values = plain.cast(pl.Int64, strict=False)
            bad = values.is_null().to_numpy() & ~null
        empty = MISSING if col.core or col.optional else 0
        out = values.fill_null(empty).to_numpy().astype(np.int64)
        return np.where(bad, empty, out), null, bad, "whole_number"

    def _years(self, series: pl.Series, col: FlatColumn) -> tuple[Any, Bool, Bool, str]:
        if series.dtype.is_numeric():
            null = series.is_null().to_numpy()
            f = series.cast(pl.Float64).fill_null(0.0).to_numpy()
        elif series.dtype == pl.Boolean:
            null = series.is_null().to_numpy()
            f = np.full(self.n, np.nan)
        else:
            text = self._strings(series)
            null = text.is_null().to_numpy()
            f = text.cast(pl.Float64, strict=False).fill_null(np.nan).to_numpy()
        bad = ~null & ~np.isfinite(f)
        empty = np.nan if col.optional else 0.0
        return np.where(null | bad, empty, f), null, bad, "number"

    def _date(self, series: pl.Series, col: FlatColumn) -> tuple[Any, Bool, Bool, str]:
        dtype = series.dtype
        null = series.is_null().to_numpy()
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
        ordinals = np.where(null, MISSING, days.cast(pl.Int32).fill_null(0).to_numpy() + EPOCH)
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

    # ------------------------------------------------------------------ across columns

    def contradictions(self) -> None:
        v, ok = self.values, self.ok
        date, birth = v["date"], v["birth_date"]
        both = ok["date"] & ok["birth_date"] & (date >= 0) & (birth >= 0)
        self.problem(
            "birth_date",
            "birth_after_date",
            both & (birth > date),
            lambda r: {"birth": _day(birth[r]), "day": _day(date[r])},
        )
        # On the reference date, or today when the row has none (as evaluate checks it).
        day = np.where(date >= 0, date, self.today.toordinal())
        born = ok["birth_date"] & (birth >= 0) & (birth <= day) & ok["date"]
        age = np.where(born, ages_on(np.where(born, birth, day), day), 0)
        whole = np.maximum(age - WORK_AGE, 0)
        for kind in EXPERIENCE_KINDS:
            name = f"{kind}_years"
            years = v[name]
            maybe = np.flatnonzero(born & ok[name] & (years > whole))
            since = {int(r): _since(int(birth[r]), int(day[r])) for r in maybe}
            too_long = np.zeros(self.n, np.bool_)
            too_long[[r for r, s in since.items() if years[r] > s + 1e-9]] = True
            self.problem(
                name,
                "experience_too_long",
                too_long,
                lambda r, y=years, s=since: {
                    "years": Span(float(y[r])),
                    "since": Span(s[r]),
                    "age": WORK_AGE,
                    "day": _day(day[r]),
                    "birth": _day(birth[r]),
                },
            )
        level = v["degree"]
        held = ok["degree"] & (level > 0)
        self.problem(
            "degree",
            "held_before_age",
            held & born & (age < WORK_AGE),
            lambda r: {"day": _day(day[r]), "age": WORK_AGE, "birth": _day(birth[r])},
        )
        no_degree = ok["degree"] & (level <= 0)
        for flag in DEGREE_FLAGS:
            self.problem(
                flag,
                "needs_degree",
                no_degree & v[flag] & ok[flag],
                lambda r: {"other": "degree", "level": _degree_word(int(level[r]))},
            )
        business_ok = np.isin(level, [LEVEL_CODE[x] for x in GRADUATE_BUSINESS_LEVELS])
        self.problem(
            "business_degree",
            "business_level",
            held & v["business_degree"] & ~business_ok,
            lambda r: {"level": _degree_word(int(level[r]))},
        )
        self.problem(
            "japanese_major",
            "major_in_japan",
            held & v["japanese_major"] & v["japan_degree"],
            lambda r: {"other": "japan_degree"},
        )
        salary, perf = v["annual_salary"], v["salary_performance_linked"]
        self.problem(
            "salary_performance_linked",
            "perf_more_than_salary",
            ok["annual_salary"] & ok["salary_performance_linked"] & (salary >= 0) & (perf > salary),
            lambda r: {},
        )
        pc = v["papers_corresponding_author"]
        self.problem(
            "papers_corresponding_author",
            "corresponding_more_than_papers",
            ok["papers"] & (pc > v["papers"]),
            lambda r: {},
        )
        self._employer()
        self._application()

    def _employer(self) -> None:
        v, given = self.values, self.given
        sme_false = given["sme"] & ~v["sme"]
        self.problem(
            "rnd_over_3pct", "requires_flag", sme_false & v["rnd_over_3pct"], _other("sme")
        )
        ratio = v["rnd_ratio_pct"]
        has_ratio = ~np.isnan(ratio)
        self.problem("rnd_ratio_pct", "ratio_needs_sme", sme_false & has_ratio, _other("sme"))
        flag, flag_false = v["rnd_over_3pct"], given["rnd_over_3pct"] & ~v["rnd_over_3pct"]
        self.problem(
            "rnd_ratio_pct",
            "ratio_vs_flag",
            has_ratio & ~sme_false
            & ((flag & (ratio < RND_OVER_PCT)) | (flag_false & (ratio > RND_OVER_PCT))),
            lambda r: {
                "ratio": Num(float(ratio[r])),
                "other": "rnd_over_3pct",
                "flag": str(bool(flag[r])).lower(),
            },
        )  # fmt: skip
        self.problem(
            "jica_training_at_japanese_university",
            "requires_flag",
            v["jica_training_at_japanese_university"]
            & given["jica_training"]
            & ~v["jica_training"],
            _other("jica_training"),
        )

    def _application(self) -> None:
        v, ok = self.values, self.ok
        entry, date, birth = v["planned_entry"], v["date"], v["birth_date"]
        has_entry = ok["planned_entry"] & (entry >= 0)
        coe = v["application_kind"] == COLUMN["application_kind"].words.index("coe")
        self.problem("planned_entry", "entry_not_coe", has_entry & ~coe, lambda r: {})
        self.problem(
            "planned_entry",
            "entry_before_date",
            has_entry & coe & ok["date"] & (date >= 0) & (entry < date),
            lambda r: {"entry": _day(entry[r]), "day": _day(date[r])},
        )
        self.problem(
            "birth_date",
            "birth_after_entry",
            has_entry & coe & ok["birth_date"] & (birth > entry),
            lambda r: {},
        )


def rule_days(date: NDArray[Any], today: dt.date, past_rules: str) -> NDArray[np.int64]:
    """The date (ordinal) whose rules judge each row: its date, or today without one; today
    for a past date under option past_rules=now (as ``evaluate`` decides it)."""
    day = np.where(date >= 0, date, today.toordinal())
    if past_rules == "now":
        day = np.maximum(day, today.toordinal())
    out: NDArray[np.int64] = day.astype(np.int64)
    return out


def check_flat(
    frame: pl.DataFrame, today: dt.date, coverage_from: dt.date, past_rules: str
) -> Checked:
    """Parse and check a chunk of flat-form rows (any column types: text from a CSV, typed
    columns from Parquet or a spreadsheet). Never raises for a bad cell: the row is marked.
    A row judged under rules before ``coverage_from`` (the rule data's first day) is bad."""
    reader = _Reader(frame, today)
    for col in FLAT_COLUMNS:
        reader.column(col)
    reader.contradictions()
    day = rule_days(reader.values["date"], today, past_rules)
    reader.problem(
        "date",
        "before_rules",
        reader.ok["date"] & (day < coverage_from.toordinal()),
        lambda r: {"day": dt.date.fromordinal(int(day[r])), "since": coverage_from},
    )
    valid = np.flatnonzero(~reader.bad)
    if valid.size == reader.n:
        values, given = reader.values, reader.given
    else:
        values = {k: a[valid] for k, a in reader.values.items()}
        given = {k: a[valid] for k, a in reader.given.items()}
    unknown = tuple(c for c in frame.columns if c not in COLUMN)
    facts = FlatFacts(int(valid.size), values, given)
    return Checked(reader.n, facts, valid, reader.problems, unknown)


def _day(ordinal: Any) -> dt.date:
    return dt.date.fromordinal(int(ordinal))


def _since(birth: int, day: int) -> float:
    """Years from the 15th birthday to ``day`` (the model's rule, for the few rows near it)."""
    return years_between(add_years(dt.date.fromordinal(birth), WORK_AGE), dt.date.fromordinal(day))


def _degree_word(code: int) -> str:
    words = COLUMN["degree"].words
    return words[code] if code >= 0 else "—"


def _num(value: Any) -> Param:
    number = value.item() if hasattr(value, "item") else value
    return number if isinstance(number, int) else Num(float(number))


def _other(name: str) -> Any:
    return lambda r: {"other": name}
