"""rules.md §9: every worked example, run singly and as one batch with identical results."""

from __future__ import annotations

from typing import Any

import pytest

import kodo
from tests.conftest import load_cases, points

CASES = load_cases("worked_examples.yaml")


def _check(case: dict[str, Any], result: Any) -> None:
    expect = case["expect"]
    for cat in ("a", "b", "c"):
        if cat not in expect:
            continue
        want = expect[cat]
        got = points(result, cat)
        scored = {k: v for k, v in got.items() if v}
        assert scored == want["items"], f"{cat}: items {scored} != {want['items']}"
        assert result.categories[cat].total == want["total"]
        assert sum(got.values()) == want["total"]
        assert result.categories[cat].eligible is want["eligible"]
    for cat, eligible in expect.get("j_skip", {}).items():
        assert result.j_skip[cat].eligible is eligible, f"J-Skip {cat}"
    for cat, verdict in expect.get("verdict", {}).items():
        assert result.categories[cat].verdict == verdict
    for cat, codes in expect.get("codes", {}).items():
        got_codes = {it.id: it.code for it in result.categories[cat].items}
        for item_id, code in codes.items():
            assert got_codes[item_id] == code


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_worked_example(case: dict[str, Any]) -> None:
    _check(case, kodo.evaluate(case["applicant"]))


def test_all_worked_examples_as_one_batch_give_identical_results() -> None:
    batch = kodo.evaluate_many([c["applicant"] for c in CASES])
    assert len(batch) == len(CASES)
    for case, result in zip(CASES, batch, strict=True):
        _check(case, result)
        single = kodo.evaluate(case["applicant"])
        assert result.to_dict() == single.to_dict(), case["name"]
