"""Timeline latency, as ratios to one `evaluate()` of the same person measured in the same run.

Only the public API is used, so an older checkout can be measured the same way
(``PYTHONPATH=/path/to/old/src python benchmarks/bench_timeline.py``).

python benchmarks/bench_timeline.py [--quick]
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

import kodo

HISTORY = yaml.safe_load(
    (Path(__file__).resolve().parents[1] / "examples" / "history.yaml").read_text("utf-8")
)


def _question(name: str) -> Callable[..., Any]:
    """kodo.<name> (public API), else the older kodo.timeline.api.<name>."""
    if hasattr(kodo, "__all__") and name in kodo.__all__:
        return getattr(kodo, name)  # type: ignore[no-any-return]
    from importlib import import_module

    return getattr(import_module("kodo.timeline.api"), name)  # type: ignore[no-any-return]


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
    snapshot = {k: v for k, v in HISTORY.items() if k not in ("statuses", "residence_since")}
    base = median_ms(lambda: kodo.evaluate(snapshot), runs)
    print(f"kodo from {Path(kodo.__file__).parent}")
    print(f"baseline: evaluate() of the same person on one date: {base:.2f} ms")
    pr, hsp2 = _question("permanent_residence"), _question("hsp2")
    forecast, advice = _question("forecast"), _question("advice")
    for name, fn in (
        ("evaluate() + PR block", lambda: kodo.evaluate(HISTORY)),
        ("permanent_residence", lambda: pr(HISTORY)),
        ("hsp2", lambda: hsp2(HISTORY)),
        ("forecast 5 years", lambda: forecast(HISTORY)),
        ("advice (no PR effect)", lambda: advice(HISTORY, pr_effect=False)),
        ("advice with PR effect", lambda: advice(HISTORY)),
    ):
        ms = median_ms(fn, runs)
        print(f"{name:28s} {ms:8.2f} ms  = {ms / base:5.2f}x baseline")


if __name__ == "__main__":
    main()
