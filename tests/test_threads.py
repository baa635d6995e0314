"""The library is safe to call from many threads at once: no process-wide switches, and the
results of concurrent evaluations equal the sequential ones."""

from __future__ import annotations

import datetime as dt
import gc
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import kodo
from kodo.rules.book import parse_book
from kodo.yamltext import read_yaml
from tests.conftest import load_cases

HISTORY = Path(__file__).resolve().parents[1] / "examples" / "history.yaml"
DATA = Path(kodo.__file__).parent / "rules" / "data"


def _edited_book() -> Any:
    rules = read_yaml((DATA / "rules.yaml").read_text(encoding="utf-8"))
    sources = read_yaml((DATA / "sources.yaml").read_text(encoding="utf-8"))
    rules["rules"]["n2"]["versions"][-1]["value"]["points"] = 12
    return parse_book(rules, sources)


def _jobs() -> list[dict[str, Any]]:
    edited = _edited_book()
    people = [c["applicant"] for c in load_cases("worked_examples.yaml")]
    jobs: list[dict[str, Any]] = []
    for i, p in enumerate(people):
        jobs.append({"applicant": p, "lang": ("en", "ja", "zh")[i % 3]})
        jobs.append({"applicant": p, "rules": edited, "options": {"mba_reading": "addon"}})
    jobs.append({"applicant": HISTORY, "lang": "zh"})
    jobs.append({"applicant": HISTORY, "date": dt.date(2021, 1, 1)})
    return jobs


def _run(job: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = kodo.evaluate(**job).to_dict()
    return out


def test_evaluations_from_a_thread_pool_equal_sequential_ones() -> None:
    jobs = _jobs() * 3
    sequential = [_run(j) for j in jobs]
    with ThreadPoolExecutor(max_workers=8) as pool:
        concurrent = list(pool.map(_run, jobs))
    assert concurrent == sequential


def test_the_garbage_collector_is_left_alone() -> None:
    assert gc.isenabled()
    kodo.evaluate_many([c["applicant"] for c in load_cases("worked_examples.yaml")])
    assert gc.isenabled()
