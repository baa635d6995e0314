"""kodo benchmarks (not tests; timings are reported, never asserted), as ratios to baselines
measured in the same run.

1. ``kodo.evaluate()`` of one applicant (three categories, J-Skip, warnings available on
   demand), against pydantic validating the same facts into the applicant model
   (``kodo.Applicant.model_validate``).
2. ``kodo.evaluate()`` plus its JSON result in one language, as the CLI and an API produce it,
   against the same baseline. Goal: <= 30x.
3. ``kodo.evaluate_many()`` of a population (default 100,000 people) with explanations
   available on demand, in a fresh process: the wall time for validated applicants (as the
   earlier benchmark measured it) and for plain dicts (validation included), and the memory
   the call adds to the process (peak RSS during the call minus RSS before it; the input
   itself is not counted). Goal: <= 3 s and <= 400 MB for 100,000.
4. CLI cold start, ``kodo evaluate example.yaml --format json``, against
   ``python -c "import numpy, pydantic"``, alternated, medians. Goal: <= 2x.

Only the public API is used, so the same script measures an older checkout too:
``PYTHONPATH=/path/to/old/src python benchmarks/bench_evaluate.py``.

Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_evaluate.py [--quick]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

import kodo

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "src" / "kodo" / "data" / "example.yaml"


def _median(fn: Any, n: int) -> float:
    samples = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


def paired_us(fn: Any, base: Any, n: int, rounds: int = 5) -> tuple[float, float]:
    """Medians (us) of ``fn`` and of the baseline ``base``, each in a hot loop of ``n`` calls,
    in alternating blocks; the lowest block of each counts, so that the machine's ups and
    downs (it is shared and noisy) weigh on both alike."""
    fn(), base()
    a = b = float("inf")
    for _ in range(rounds):
        a = min(a, _median(fn, n))
        b = min(b, _median(base, n))
    return a * 1e6, b * 1e6


def population(n: int, seed: int = 7) -> list[dict[str, Any]]:
    import random

    rng = random.Random(seed)
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


_BATCH = """
import json, resource, sys, time
sys.path[:0] = {path!r}
import kodo
sys.path.insert(0, {bench!r})
from bench_evaluate import population

def rss():  # the current resident set, in MB
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20

people = population({n})
{prepare}
kodo.evaluate_many(people[:10])
before = rss()
t = time.perf_counter()
results = kodo.evaluate_many(people)
seconds = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
assert len(results) == len(people)
text = results[len(people) // 2].to_json()  # explanations on demand
print(json.dumps({{"seconds": seconds, "added_mb": peak - before, "peak_mb": peak}}))
"""


def batch(n: int, validated: bool) -> dict[str, float]:
    """evaluate_many of n people in a fresh process: seconds and memory (MB)."""
    path = [p for p in sys.path if p]
    prepare = "people = [kodo.Applicant.model_validate(p) for p in people]" if validated else ""
    code = _BATCH.format(path=path, bench=str(Path(__file__).parent), n=n, prepare=prepare)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    data: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return data


def _cold(cmd: list[str], env: dict[str, str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env)
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, 20,000 people")
    parser.add_argument("--people", type=int, default=None, help="population size")
    args = parser.parse_args()
    reps = 200 if args.quick else 500
    people = args.people or (20_000 if args.quick else 100_000)
    print(f"kodo from {Path(kodo.__file__).parent}")

    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))

    def validate() -> Any:
        return kodo.Applicant.model_validate(data)

    single, base1 = paired_us(lambda: kodo.evaluate(data), validate, reps)
    with_json, base2 = paired_us(lambda: kodo.evaluate(data).to_json(), validate, reps // 2)
    size = len(kodo.evaluate(data).to_json().encode("utf-8"))
    print("baseline: Applicant.model_validate() of the same facts, in alternating blocks")
    print(f"evaluate() one applicant:          median {single:8.1f} us; baseline {base1:6.1f} us;"
          f" {single / base1:5.1f}x")  # fmt: skip
    print(f"evaluate() + to_json() ({size / 1024:4.1f} KB): median {with_json:8.1f} us; "
          f"baseline {base2:6.1f} us; {with_json / base2:5.1f}x   (goal <= 30x)")  # fmt: skip

    for validated in (True, False):
        r = batch(people, validated)
        what = "validated applicants" if validated else "dicts (validation included)"
        each = r["seconds"] / people * 1e6
        print(f"evaluate_many() {people:,} {what}: {r['seconds']:6.2f} s ({each:6.1f} us each), "
              f"memory added {r['added_mb']:5.0f} MB (peak {r['peak_mb']:5.0f} MB)")  # fmt: skip
    print("  (goal for 100,000: <= 3 s and <= 400 MB)")

    env = dict(os.environ)
    kodo_bin = str(Path(sys.executable).parent / "kodo")
    cli = [kodo_bin, "evaluate", "", "--format", "json"]
    if env.get("PYTHONPATH"):  # measuring another checkout: run its CLI module
        cli = [sys.executable, "-c", "import sys; from kodo.cli import main; main()",
               "evaluate", "", "--format", "json"]  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        example = Path(tmp) / "example.yaml"
        example.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
        cli[cli.index("")] = str(example)
        base = [sys.executable, "-c", "import numpy, pydantic"]
        _cold(cli, env), _cold(base, env)
        cli_t, base_t = [], []
        for _ in range(7 if args.quick else 15):
            cli_t.append(_cold(cli, env))
            base_t.append(_cold(base, env))
    c, b = statistics.median(cli_t) * 1e3, statistics.median(base_t) * 1e3
    print(f"CLI cold start `kodo evaluate example.yaml --format json`: median {c:6.1f} ms")
    print(f"baseline `python -c 'import numpy, pydantic'`:              median {b:6.1f} ms")
    print(f"  ratio CLI / baseline: {c / b:4.2f}x   (goal: <= 2x)")


if __name__ == "__main__":
    main()
