"""Timeline latency, as ratios to one `evaluate()` of the same person measured in the same run.

python benchmarks/bench_timeline.py [--quick]
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kodo import evaluate
from kodo.applicant import load_applicant
from kodo.timeline.api import advice, forecast, hsp2, permanent_residence

HISTORY = load_applicant(Path(__file__).resolve().parents[1] / "examples" / "history.yaml")


def median_ms(fn: Callable[[], Any], runs: int) -> float:
    fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    runs = 5 if "--quick" in sys.argv else 30
    snapshot = HISTORY.model_copy(update={"statuses": None, "residence_since": None})
    base = median_ms(lambda: evaluate(snapshot), runs)
    print(f"baseline: evaluate() of the same person on one date: {base:.2f} ms")
    for name, fn in (
        ("evaluate() + PR block", lambda: evaluate(HISTORY)),
        ("permanent_residence", lambda: permanent_residence(HISTORY)),
        ("hsp2", lambda: hsp2(HISTORY)),
        ("forecast 5 years", lambda: forecast(HISTORY)),
        ("advice (no PR effect)", lambda: advice(HISTORY, pr_effect=False)),
        ("advice with PR effect", lambda: advice(HISTORY)),
    ):
        ms = median_ms(fn, runs)
        print(f"{name:28s} {ms:8.2f} ms  = {ms / base:5.2f}x baseline")


if __name__ == "__main__":
    main()
