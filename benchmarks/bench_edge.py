"""The hard edge: the worst inputs kodo accepts and refuses, as ratios to one `evaluate()` of
the bundled example measured in the same run (issue 8: bounded time for any input).

python benchmarks/bench_edge.py
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import kodo  # noqa: E402
from kodo.errors import InputError  # noqa: E402
from kodo.input.read import read_document  # noqa: E402
from tests.test_engine_bounds import _longest_history as longest  # noqa: E402
from tests.test_fuzz import worst_accepted  # noqa: E402


def _median(run: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _refused(text: str) -> Callable[[], None]:
    def run() -> None:
        try:
            kodo.evaluate(read_document(text))
        except InputError:
            return
        raise AssertionError("accepted")

    return run


def main() -> None:
    example = yaml.safe_load((ROOT / "examples" / "applicant.yaml").read_text("utf-8"))
    kodo.evaluate(example).to_json()  # warm: rule data, catalogues, tables
    base = _median(lambda: kodo.evaluate(example).to_json(), 30)
    worst = worst_accepted()
    dense = longest(dt.date(2024, 1, 1))  # every list full, changes every 10 days near the date
    empty = [{"id": str(i)} for i in range(2000)]
    cases: list[tuple[str, Callable[[], Any], int]] = [
        ("worst accepted history: evaluate", lambda: kodo.evaluate(worst).to_json(), 3),
        ("worst accepted history: pr", lambda: kodo.permanent_residence(worst), 3),
        ("worst accepted history: hsp2", lambda: kodo.hsp2(worst), 3),
        ("worst accepted history: forecast", lambda: kodo.forecast(worst), 3),
        ("worst accepted history: advice", lambda: kodo.advice(worst), 1),
        ("dense history: evaluate", lambda: kodo.evaluate(dense).to_json(), 3),
        ("dense history: pr", lambda: kodo.permanent_residence(dense), 3),
        ("dense history: forecast", lambda: kodo.forecast(dense), 3),
        ("dense history: advice", lambda: kodo.advice(dense), 1),
        ("2,000 people, every core fact missing", lambda: kodo.evaluate_many(empty)[0], 3),
        ("refused: 2 MiB of text", _refused("a: " + "x" * (2 << 20)), 3),
        ("refused: YAML nested 30,000 deep", _refused("a: " + "[" * 30000 + "]" * 30000), 3),
        (
            "refused: JSON nested 10,000 deep",
            _refused('{"a":' + "[" * 10000 + "]" * 10000 + "}"),
            3,
        ),
        ("refused: a flow list of 200,000 values", _refused("a: [" + "1," * 200000 + "1]"), 3),
    ]
    print(f"baseline: evaluate() + JSON of examples/applicant.yaml = {base * 1e3:.2f} ms")
    for name, run, repeat in cases:
        t = _median(run, repeat)
        print(f"{name:45s} {t * 1e3:9.1f} ms  {t / base:8.0f}x baseline")


if __name__ == "__main__":
    main()
