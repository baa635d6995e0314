"""The bundled examples evaluate, and say what they claim to."""

from __future__ import annotations

from pathlib import Path

import pytest

import kodo

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.parametrize(
    "path",
    sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".yaml", ".json")),  # one applicant each
    ids=lambda p: p.name,
)
def test_every_example_evaluates(path: Path) -> None:
    result = kodo.evaluate(path)
    assert result.best_category in result.categories


def test_the_main_example() -> None:
    r = kodo.evaluate(EXAMPLES / "applicant.yaml")
    b = r.categories["b"]
    # master 20, career 5, salary 20, age 15, licence 5, innovation 10, SME 10, Japanese degree 10,
    # designated university 10; N2 excluded; one graduate degree only, so no multiple-fields bonus
    assert b.total == 105
    assert next(i for i in b.items if i.id == "n2").code == "n2.excluded.jp_degree"
    assert r.best_category == "b" and b.eligible


def test_the_n2_trap_example() -> None:
    r = kodo.evaluate(EXAMPLES / "n2-trap.yaml")
    assert list(r.categories) == ["b"] and r.categories["b"].total == 60


def test_the_j_skip_example() -> None:
    r = kodo.evaluate(EXAMPLES / "j-skip.json")
    assert r.j_skip["b"].eligible and not r.categories["b"].eligible


def test_the_missing_salary_example() -> None:
    r = kodo.evaluate(EXAMPLES / "missing-salary.yaml")
    assert r.missing == ("annual_salary",)
    assert all(not c.eligible for c in r.categories.values())
