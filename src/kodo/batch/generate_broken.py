"""Broken rows for :func:`kodo.batch.generate.population`: the population as text (as a CSV
holds it) with some rows broken in exactly one column each, named in ``expected_error``.

Each break is unambiguous for the batch reader (:mod:`kodo.batch.flat`, which reads
``12,000,000`` and ``5000000.0`` as whole numbers, so neither is used here): text that is not
a number (``abc``), a negative count or amount, a decimal where a whole number belongs
(``1.5``), a figure beyond the column's bound, a day that does not exist (``2026-02-30``), a
date not in ISO form (``2026/11/22``), a date before the rule data, a birth date after the
date, a word outside the column's vocabulary (a degree, ``maybe`` for a yes/no, ``N6``,
category ``d``, a position), an id longer than the limit, more experience than the years
since the age of 15, and the contradictions between columns the reader refuses (a business
degree below master, a degree flag without a degree, a Japanese major at a Japanese
university, R&D over 3 % in a company that is not an SME, JICA training at a Japanese
university without JICA training). The other columns of a broken row stay good. (Written to
CSV by :func:`kodo.batch.io.write_any`, a cell starting with ``-`` gets a leading apostrophe
against formula injection: ``'-5`` is still not a number, in the same column.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from kodo.dates import EPOCH, ages_on, ymd
from kodo.input.ages import WORK_AGE
from kodo.input.flat import COLUMN, DEGREE_FLAGS, NO_DEGREE
from kodo.input.parts import GRADUATE_BUSINESS_LEVELS
from kodo.vocab import LEVEL_NAMES

Ints = NDArray[np.int64]
FLAGS = tuple(c.name for c in COLUMN.values() if c.kind == "flag" and not c.extra)
COUNTS = ("patents", "funded_projects", "papers", "licenses", "bjt_score")
YEARS = ("research_years", "professional_years", "management_years")
BAD_WORDS = {
    "degree": ("phd", "high_school", "mba", "bachelors"),
    "jlpt": ("N6", "N0", "L1"),
    "category": ("d", "x", "ab"),
    "position": ("ceo", "manager", "chair"),
}
LOW_LEVELS = tuple(w for w in LEVEL_NAMES if w not in (NO_DEGREE, *GRADUATE_BUSINESS_LEVELS))


class _Breaker:
    def __init__(self, frame: pl.DataFrame, rng: np.random.Generator, since: dt.date) -> None:
        self.rng = rng
        self.since = since
        self.date = frame["date"].cast(pl.Int64).to_numpy() + EPOCH
        self.birth = frame["birth_date"].cast(pl.Int64).to_numpy() + EPOCH
        self.degree = frame["degree"].to_numpy()
        self.salary = frame["annual_salary"].to_numpy()
        self.puts: dict[str, tuple[list[Ints], list[NDArray[Any]]]] = {}
        self.error = np.full(frame.height, None, dtype=object)

    def put(self, column: str, rows: Ints, values: Any) -> None:
        idx, vals = self.puts.setdefault(column, ([], []))
        idx.append(rows)
        vals.append(np.broadcast_to(np.asarray(values, dtype=object), rows.shape))

    def fail(self, column: str, rows: Ints, values: Any) -> None:
        """``rows`` broken in ``column`` (holding ``values``)."""
        self.put(column, rows, values)
        self.error[rows] = column

    def choose(self, options: tuple[str, ...], rows: Ints) -> NDArray[Any]:
        return np.array(options, dtype=object)[self.rng.integers(0, len(options), rows.size)]

    def each(self, columns: tuple[str, ...], rows: Ints) -> list[tuple[str, Ints]]:
        which = self.rng.integers(0, len(columns), rows.size)
        return [(c, rows[which == k]) for k, c in enumerate(columns)]

    # ------------------------------------------------------------------ the breaks

    def date_shape(self, rows: Ints) -> None:
        column = ("date", "birth_date")[int(self.rng.integers(0, 2))]
        y, m, d = ymd(self.date[rows] if column == "date" else self.birth[rows])
        form = self.rng.integers(0, 3, rows.size)
        text = [
            f"{a}/{b:02d}/{c:02d}" if f == 0 else f"{a}-02-30" if f == 1 else f"{a}-04-31"
            for a, b, c, f in zip(y.tolist(), m.tolist(), d.tolist(), form.tolist(), strict=True)
        ]
        self.fail(column, rows, np.array(text, dtype=object))

    def before_rules(self, rows: Ints) -> None:
        """The date (and the birth date, by the same whole years: the same age) moved to
        before the rule data, by a multiple of four years (29 February stays a day)."""
        y, m, d = ymd(self.date[rows])
        shift = 4 * (np.ceil((y - self.since.year + 1) / 4).astype(np.int64))
        shift += 4 * self.rng.integers(0, 2, rows.size)
        by, bm, bd = ymd(self.birth[rows])
        self.fail("date", rows, _iso(y - shift, m, d))
        self.put("birth_date", rows, _iso(by - shift, bm, bd))

    def birth_after(self, rows: Ints) -> None:
        later = self.date[rows] + self.rng.integers(1, 3650, rows.size)
        self.fail("birth_date", rows, _iso(*ymd(later)))

    def word(self, rows: Ints) -> None:
        for column, part in self.each(tuple(BAD_WORDS), rows):
            self.fail(column, part, self.choose(BAD_WORDS[column], part))

    def flag(self, rows: Ints) -> None:
        for column, part in self.each(FLAGS, rows):
            self.fail(column, part, self.choose(("maybe", "2", "tru"), part))

    def count(self, rows: Ints) -> None:
        for column, part in self.each(COUNTS, rows):
            top = str(int(COLUMN[column].high) + 1)
            self.fail(column, part, self.choose(("abc", "-5", "1.5", top), part))

    def money(self, rows: Ints) -> None:
        for column, part in self.each(("annual_salary", "investment_yen"), rows):
            amount = np.maximum(self.salary[part], 1)
            form = self.rng.integers(0, 4, part.size)
            top = str(int(COLUMN[column].high) + 1)
            text = np.where(form == 0, (-amount).astype(str), top).astype(object)
            text[form == 2] = "abc"
            text[form == 3] = np.char.add(amount.astype(str), ".5")[form == 3]
            self.fail(column, part, text)

    def years(self, rows: Ints) -> None:
        top = str(COLUMN["research_years"].high + 1)
        for column, part in self.each(YEARS, rows):
            self.fail(column, part, self.choose(("abc", "-1", top), part))

    def too_long(self, rows: Ints) -> None:
        since = ages_on(self.birth[rows], self.date[rows]) - WORK_AGE
        for column, part in self.each(YEARS, rows):
            extra = since[np.searchsorted(rows, part)] + 1.5
            self.fail(column, part, np.char.mod("%.2f", extra).astype(object))

    def degree_flags(self, rows: Ints) -> None:
        kind = self.rng.integers(0, 3, rows.size)
        low = rows[kind == 0]  # a business degree below master
        self.put("degree", low, self.choose(LOW_LEVELS, low))
        self.fail("business_degree", low, "true")
        none = rows[kind == 1]  # a degree flag with no degree
        self.put("degree", none, NO_DEGREE)
        for flag, part in self.each(DEGREE_FLAGS, none):
            for other in DEGREE_FLAGS:
                self.put(other, part, "false") if other != flag else self.fail(flag, part, "true")
        both = rows[kind == 2]  # a Japanese major at a Japanese university
        without = both[self.degree[both] == NO_DEGREE]
        self.put("degree", without, GRADUATE_BUSINESS_LEVELS[0])
        self.put("japan_degree", both, "true")
        self.fail("japanese_major", both, "true")

    def requires(self, rows: Ints) -> None:
        for column, part in self.each(
            ("rnd_over_3pct", "jica_training_at_japanese_university"), rows
        ):
            other = "sme" if column == "rnd_over_3pct" else "jica_training"
            self.put(other, part, "false")
            self.fail(column, part, "true")

    def long_id(self, rows: Ints) -> None:
        self.fail("id", rows, "x" * (int(COLUMN["id"].high) + 1))


BREAKS: tuple[Callable[[_Breaker, Ints], None], ...] = (
    _Breaker.date_shape, _Breaker.before_rules, _Breaker.birth_after, _Breaker.word,
    _Breaker.flag, _Breaker.count, _Breaker.money, _Breaker.years, _Breaker.too_long,
    _Breaker.degree_flags, _Breaker.requires, _Breaker.long_id,
)  # fmt: skip


def _iso(y: Ints, m: Ints, d: Ints) -> NDArray[Any]:
    return np.array(
        [
            f"{a:04d}-{b:02d}-{c:02d}"
            for a, b, c in zip(y.tolist(), m.tolist(), d.tolist(), strict=True)
        ],
        dtype=object,
    )


def break_rows(
    frame: pl.DataFrame, rows: Ints, rng: np.random.Generator, since: dt.date
) -> pl.DataFrame:
    """``frame`` as text with each of ``rows`` broken in one column (``since``: the first day
    of the rule data), and the column ``expected_error``."""
    rows = np.sort(rows)
    breaker = _Breaker(frame[rows], rng, since)
    which = rng.integers(0, len(BREAKS), rows.size)
    for k, fn in enumerate(BREAKS):
        fn(breaker, np.flatnonzero(which == k))
    text = as_text(frame)
    error = pl.Series("expected_error", [None] * frame.height, dtype=pl.String)
    updates = [error.scatter(rows, pl.Series(breaker.error.tolist(), dtype=pl.String))]
    for column, (idx, vals) in breaker.puts.items():
        values = pl.Series(np.concatenate(vals).tolist(), dtype=pl.String)
        updates.append(text[column].scatter(rows[np.concatenate(idx)], values))
    return text.with_columns(updates)


def as_text(frame: pl.DataFrame) -> pl.DataFrame:
    """Every column as a CSV holds it (dates ISO, booleans true/false, numbers plain)."""
    out = []
    for name, dtype in frame.schema.items():
        if dtype == pl.Date:  # few distinct days: each written once
            days = frame[name].cast(pl.Int32).fill_null(0).to_numpy()
            unique, inverse = np.unique(days, return_inverse=True)
            iso = pl.Series(unique).cast(pl.Date).cast(pl.String).gather(inverse)
            out.append(iso.alias(name).set(frame[name].is_null(), None))
        elif dtype == pl.Boolean:
            words = pl.Series(["false", "true"], dtype=pl.String)
            out.append(words.gather(frame[name].cast(pl.UInt32)).alias(name))
        else:
            out.append(frame[name].cast(pl.String))
    return pl.DataFrame(out)
