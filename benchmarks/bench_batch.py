"""kodo batch benchmarks (not tests; timings are reported, never asserted), as ratios to
baselines measured in the same run, on populations from the shared seeded generator
(``kodo.batch.generate.population``).

1. Naive baseline: a loop over ``kodo.evaluate`` for 10,000 rows (each row turned into the
   nested form) against ``score_frame`` of the same rows.
2. In memory, 1,000,000 rows already read (all categories, J-Skip, best category, warning
   codes, the output laid out): rows/s, and the stages (checks, columns, scoring, layout).
   Goal: >= 5,000,000 rows/s for the scoring.
3. Parquet -> Parquet, 1,000,000 rows: ``kodo batch`` (``run_batch``) against polars alone
   reading the same file and writing the same columns back. Goal: within 2x.
4. Memory: 10,000,000 rows streamed from Parquet to Parquet in a fresh process: peak RSS.
   Goal: under 1 GB. (``--quick``: 2,000,000 rows.)

Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_batch.py [--quick]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow.parquet as pq

import kodo
from kodo.batch.checks import check_flat
from kodo.batch.generate import population
from kodo.batch.table import context, score_frame
from kodo.input.flat import flat_to_nested

TODAY = dt.date(2026, 11, 21)


def best(fn: Any, rounds: int = 3) -> float:
    """The fastest of ``rounds`` runs (the machine is shared and noisy)."""
    out = float("inf")
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        out = min(out, time.perf_counter() - t)
    return out


def naive(n: int) -> dict[str, float]:
    people = population(n, seed=1, date=TODAY)
    nested = [flat_to_nested(r) for r in people.to_dicts()]
    ctx = context(today=TODAY)
    score_frame(people.head(100), ctx)
    loop = best(lambda: [kodo.evaluate(p, today=TODAY) for p in nested], 1)
    batch = best(lambda: score_frame(people, ctx))
    return {"rows": n, "evaluate_loop_s": loop, "batch_s": batch, "speedup": loop / batch}


def in_memory(n: int) -> dict[str, float]:
    people = population(n, seed=2, date=TODAY)
    ctx = context(today=TODAY)
    score_frame(people.head(1000), ctx)
    chunk = 65_536
    parts = [people.slice(k, chunk) for k in range(0, n, chunk)]
    total = best(lambda: [score_frame(p, ctx, 1) for p in parts], 2)
    checks = best(
        lambda: [check_flat(p, TODAY, ctx.book.coverage_from, ctx.opts.past_rules) for p in parts],
        2,
    )
    return {"rows": n, "rows_per_s": n / total, "checks_rows_per_s": n / checks, "seconds": total}


def parquet_to_parquet(n: int, folder: Path) -> dict[str, float]:
    src = folder / "in.parquet"
    population(n, seed=3, date=TODAY).write_parquet(src, row_group_size=65_536)
    out = folder / "out.parquet"

    def polars_alone() -> None:
        pl.read_parquet(src).write_parquet(folder / "copy.parquet")

    def kodo_batch() -> None:
        from kodo.batch.run import run_batch

        run_batch(src, out, context(today=TODAY), force=True)

    base = best(polars_alone)
    ours = best(kodo_batch, 2)
    written = pl.read_parquet(out)
    output_io = best(lambda: written.write_parquet(folder / "copy2.parquet"))
    read = best(lambda: pl.read_parquet(src))
    return {
        "rows": n,
        "polars_read_write_s": base,
        "kodo_batch_s": ours,
        "ratio": ours / base,
        "polars_write_of_kodo_output_s": output_io,
        # the floor: polars reading the input and writing kodo's output columns
        "ratio_to_floor": ours / (read + output_io),
        "kodo_rows_per_s": n / ours,
    }


_STREAM = """
import json, sys, time, datetime as dt
sys.path[:0] = {path!r}
from kodo.batch.run import run_batch
from kodo.batch.table import context
t = time.perf_counter()
report = run_batch({src!r}, {out!r}, context(today=dt.date(2026, 11, 21)), force=True)
seconds = time.perf_counter() - t
# VmHWM: this process's own peak (ru_maxrss would count the parent that forked it)
peak = int(next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1]) / 1024
print(json.dumps({{"rows": report.rows, "seconds": seconds, "peak_mb": peak}}))
"""


def streamed(n: int, folder: Path) -> dict[str, float]:
    src = folder / "big.parquet"
    step = 1_000_000
    writer = None
    for k in range(0, n, step):
        part = population(min(step, n - k), seed=100 + k // step, date=TODAY).to_arrow()
        writer = writer or pq.ParquetWriter(src, part.schema)
        writer.write_table(part, row_group_size=65_536)
    assert writer is not None
    writer.close()
    code = _STREAM.format(
        path=[p for p in sys.path if p], src=str(src), out=str(folder / "big-out.parquet")
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    data: dict[str, float] = json.loads(run.stdout.strip().splitlines()[-1])
    data["rows_per_s"] = data["rows"] / data["seconds"]
    return data


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        results["naive_10k"] = naive(2_000 if args.quick else 10_000)
        print(json.dumps(results["naive_10k"]), flush=True)
        results["in_memory_1m"] = in_memory(200_000 if args.quick else 1_000_000)
        print(json.dumps(results["in_memory_1m"]), flush=True)
        results["parquet_1m"] = parquet_to_parquet(200_000 if args.quick else 1_000_000, folder)
        print(json.dumps(results["parquet_1m"]), flush=True)
        results["streamed"] = streamed(2_000_000 if args.quick else 10_000_000, folder)
        print(json.dumps(results["streamed"]), flush=True)


if __name__ == "__main__":
    main()
