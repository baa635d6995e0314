"""kodo benchmarks (not tests; timings are reported, never asserted).

1. In-process latency of ``kodo.evaluate()`` for one applicant: all three categories with
   explanations, J-Skip and warnings. Goal: median <= 200 us. Baseline in the same run:
   pydantic validation of the same applicant alone (``Applicant.model_validate``).
2. Batch throughput: ``evaluate_many`` on 10,000 applicants, per applicant, against (1);
   and the engine alone (columns + vectorised scoring, no explanations) on the same people.
3. CLI cold start: ``kodo evaluate example.yaml --format json`` against
   ``python -c "import numpy, pydantic"``, alternated, medians. Goal: <= 2x the baseline.

Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_evaluate.py [--quick]``.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

import kodo
from kodo.applicant import Applicant

EXAMPLE = Path(__file__).resolve().parents[1] / "src" / "kodo" / "data" / "example.yaml"
EXAMPLE_DATE = __import__("datetime").date(2026, 11, 21)


def _median_us(fn: Any, n: int) -> float:
    fn()
    samples = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples) * 1e6


def _population(n: int) -> list[dict[str, Any]]:
    import random

    rng = random.Random(7)
    levels = ["doctorate", "master", "professional", "bachelor", "diploma"]
    out = []
    for i in range(n):
        out.append(
            {
                "id": f"p{i}",
                "date": "2026-11-21",
                "birth_date": f"{rng.randint(1960, 2003)}-{rng.randint(1, 12):02d}-"
                f"{rng.randint(1, 28):02d}",
                "degrees": [{"level": rng.choice(levels), "japan": rng.random() < 0.3}],
                "experience": {"professional": round(rng.uniform(0, 20), 1)},
                "annual_salary": rng.randint(2_000_000, 30_000_000),
                "japanese": {"jlpt": rng.choice([None, "N1", "N2"])},
                "licenses": rng.randint(0, 3),
            }
        )
    return out


def _cold(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    reps = 200 if args.quick else 2000
    cold_reps = 7 if args.quick else 21

    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    validate = _median_us(lambda: Applicant.model_validate(data), reps)
    single = _median_us(lambda: kodo.evaluate(data), reps)
    print(f"evaluate() one applicant, 3 categories + explanations: median {single:8.1f} us")
    print(f"baseline Applicant.model_validate() alone:               median {validate:8.1f} us")
    print(f"  ratio evaluate / validate: {single / validate:5.1f}x   (goal: evaluate <= 200 us)")

    pop = _population(2_000 if args.quick else 10_000)
    apps = [Applicant.model_validate(p) for p in pop]
    t = time.perf_counter()
    kodo.evaluate_many(apps)
    per = (time.perf_counter() - t) / len(apps) * 1e6
    print(
        f"evaluate_many() {len(apps)} applicants: {per:8.1f} us per applicant "
        f"({single / per:4.1f}x faster than one at a time)"
    )

    from kodo.engine.columns import build_columns
    from kodo.engine.score import score
    from kodo.engine.tables import compile_tables
    from kodo.options import DEFAULT_OPTIONS
    from kodo.rules import load_rules

    tables = compile_tables(load_rules().at(apps[0].date or EXAMPLE_DATE))
    gc.disable()  # as evaluate_many() does while it builds
    t = time.perf_counter()
    cols = build_columns(apps)
    shaped = time.perf_counter()
    scores = score(cols, tables, DEFAULT_OPTIONS)
    done = time.perf_counter()
    gc.enable()
    assert scores.total.shape == (3, len(apps))
    print(
        f"engine only, {len(apps)} applicants: columns {(shaped - t) / len(apps) * 1e6:6.2f} us, "
        f"scoring {(done - shaped) / len(apps) * 1e6:6.2f} us per applicant "
        f"({single / ((done - t) / len(apps) * 1e6):4.0f}x faster than evaluate() of one)"
    )

    kodo_bin = str(Path(sys.executable).parent / "kodo")
    with tempfile.TemporaryDirectory() as tmp:
        example = Path(tmp) / "example.yaml"
        example.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
        cli = [kodo_bin, "evaluate", str(example), "--format", "json"]
        base = [sys.executable, "-c", "import numpy, pydantic"]
        _cold(cli), _cold(base)
        cli_t, base_t = [], []
        for _ in range(cold_reps):
            cli_t.append(_cold(cli))
            base_t.append(_cold(base))
    c, b = statistics.median(cli_t) * 1e3, statistics.median(base_t) * 1e3
    print(f"CLI cold start `kodo evaluate example.yaml --format json`: median {c:6.1f} ms")
    print(f"baseline `python -c 'import numpy, pydantic'`:              median {b:6.1f} ms")
    print(f"  ratio CLI / baseline: {c / b:4.2f}x   (goal: <= 2x)")


if __name__ == "__main__":
    main()
