"""In-memory scoring of many rows by the engine (issue 10, item 7).

Builds a million rows of engine columns from a generated population (``kodo.batch.generate``,
checked as the batch checks it, every row judged under today's rules so that one snapshot
scores them all), then times, in the same run:

- ``score()`` on all rows in one call, and on one 32,768-row chunk (the baseline ratio);
- ``score()`` + ``total_ranges`` (the rows missing a core fact);
- ``score()`` + the warning codes of every row (``warning_flags`` + ``row_patterns``): the
  figure of the goal (>= 5,000,000 rows/s: all categories, J-Skip, best category, warnings);
- numpy summing the same int columns (a floor: reading the input once);
- the engine's stages (frame, lookups, bonuses, finish) on one chunk, by cProfile.

Run: ``.venv/bin/python benchmarks/bench_scoring.py [N]``.
"""

from __future__ import annotations

import cProfile
import datetime as dt
import pstats
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from kodo.batch.checks import check_flat
from kodo.batch.generate import population
from kodo.engine.columns import Columns, flat_columns
from kodo.engine.ranges import total_ranges
from kodo.engine.run import Scored
from kodo.engine.score import score
from kodo.engine.tables import Tables, compile_tables
from kodo.explanation.row import Scope
from kodo.explanation.warnings import row_patterns, warning_flags
from kodo.items import DEFAULT
from kodo.items.columns import Derivation
from kodo.options import Options
from kodo.rules.book import RuleBook, load_book


def best(fn: Callable[[], Any], rounds: int = 3) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def columns(n: int, today: dt.date, opts: Options) -> tuple[Columns, Tables]:
    book = load_book()
    frame = population(n, seed=1, date=today, book=book)
    checked = check_flat(frame, today, book.coverage_from, "now")
    tables = compile_tables(book.at(today), book, DEFAULT)
    derivation = Derivation(opts.coe_reference, opts.grant_window_days, tables.graduate_levels)
    return flat_columns(checked.facts, DEFAULT, derivation), tables


def warned(
    book: RuleBook, cols: Columns, t: Tables, opts: Options, today: dt.date, cats: Any
) -> Any:
    """Scores and every row's warning codes (encoded: a pattern per row, a text per pattern)."""
    sc = score(cols, t, opts)
    days = np.full(cols.n, today.toordinal(), dtype=np.int64)
    group = Scored(t.snapshot, t, np.arange(cols.n), days, cols, sc, np.zeros((3, 0, 2)))
    return row_patterns(warning_flags(Scope(group, book, opts, today)), cats)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    today = dt.date(2026, 11, 22)
    opts = Options()
    start = time.perf_counter()
    cols, tables = columns(n, today, opts)
    print(f"{cols.n:,} rows built in {time.perf_counter() - start:.1f} s")
    chunk = cols.take(np.arange(min(32_768, cols.n)))
    score(chunk, tables, opts)

    def with_ranges() -> None:
        sc = score(cols, tables, opts)
        if sc.any_missing:
            total_ranges(cols, tables, opts, sc.total, sc.points)

    book = load_book()
    every = np.ones((3, cols.n), dtype=np.bool_)

    def with_warnings() -> None:
        warned(book, cols, tables, opts, today, every)

    figures = {
        "numpy sum of the int columns": best(lambda: cols.blocks["i"].sum(axis=1)),
        "score() on one 32,768-row chunk": best(lambda: score(chunk, tables, opts))
        * cols.n
        / chunk.n,
        "score() on all rows": best(lambda: score(cols, tables, opts)),
        "score() + total_ranges": best(with_ranges),
        "score() + warning codes": best(with_warnings),
    }
    base = figures["score() on one 32,768-row chunk"]
    for name, seconds in figures.items():
        rate = cols.n / seconds / 1e6
        print(f"{name:36s} {seconds:7.3f} s  {rate:6.2f} M rows/s  x{base / seconds:.2f}")
    sc = score(cols, tables, opts)
    print(f"rows missing a core fact: {int(sc.missing.any(axis=(0, 1)).sum()):,}")
    # Stages, on one chunk scored in one pass on this thread (cProfile sees one thread only).
    prof = cProfile.Profile()
    prof.runcall(lambda: [score(chunk, tables, opts) for _ in range(20)])
    pstats.Stats(prof).sort_stats("tottime").print_stats(12)


if __name__ == "__main__":
    main()
