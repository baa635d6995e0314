"""J-Skip (rules.md §4.1): salary and degree/experience edges per category, and its start date."""

from __future__ import annotations

import pytest

import kodo
from tests.conftest import person


@pytest.mark.parametrize("salary,ok", [(19_999_999, False), (20_000_000, True), (20_000_001, True)])
@pytest.mark.parametrize("cat", ["a", "b"])
def test_a_b_salary_edge_with_a_masters(cat: str, salary: int, ok: bool) -> None:
    r = kodo.evaluate(person(45, degrees=[{"level": "master"}], annual_salary=salary))
    assert r.j_skip[cat].eligible is ok


@pytest.mark.parametrize(
    "level,ok",
    [
        ("doctorate", True),
        ("master", True),
        ("professional", True),
        ("bachelor", False),
        ("junior_college", False),
    ],
)
def test_a_b_degree_levels(level: str, ok: bool) -> None:
    r = kodo.evaluate(person(45, degrees=[{"level": level}], annual_salary=25_000_000))
    assert r.j_skip["a"].eligible is ok and r.j_skip["b"].eligible is ok


@pytest.mark.parametrize("years,ok", [(9.99, False), (10, True), (10.01, True)])
def test_b_ten_years_replace_the_degree(years: float, ok: bool) -> None:
    r = kodo.evaluate(
        person(
            45,
            degrees=[{"level": "bachelor"}],
            annual_salary=20_000_000,
            experience={"professional": years},
        )
    )
    assert r.j_skip["b"].eligible is ok
    assert r.j_skip["a"].eligible is False  # research years are what count for イ


@pytest.mark.parametrize("years,ok", [(9.99, False), (10, True)])
def test_a_ten_research_years_replace_the_degree(years: float, ok: bool) -> None:
    r = kodo.evaluate(
        person(45, degrees=[], annual_salary=20_000_000, experience={"research": years})
    )
    assert r.j_skip["a"].eligible is ok


@pytest.mark.parametrize("salary,ok", [(39_999_999, False), (40_000_000, True), (40_000_001, True)])
def test_c_salary_edge(salary: int, ok: bool) -> None:
    r = kodo.evaluate(person(45, annual_salary=salary, experience={"management": 5}))
    assert r.j_skip["c"].eligible is ok


@pytest.mark.parametrize("years,ok", [(4.99, False), (5, True), (5.01, True)])
def test_c_needs_five_management_years_whatever_the_degree(years: float, ok: bool) -> None:
    r = kodo.evaluate(
        person(
            45,
            degrees=[{"level": "doctorate"}],
            annual_salary=50_000_000,
            experience={"management": years},
        )
    )
    assert r.j_skip["c"].eligible is ok


def test_j_skip_does_not_depend_on_age_or_points() -> None:
    r = kodo.evaluate(person(70, degrees=[{"level": "master"}], annual_salary=20_000_000))
    assert r.j_skip["b"].eligible and not r.categories["b"].eligible


@pytest.mark.parametrize(
    "day,in_force", [("2023-04-20", False), ("2023-04-21", True), ("2023-04-22", True)]
)
def test_j_skip_starts_on_2023_04_21(day: str, in_force: bool) -> None:
    facts = person(45, degrees=[{"level": "master"}], annual_salary=30_000_000)
    r = kodo.evaluate({**facts, "date": day})
    assert r.j_skip["b"].in_force is in_force
    assert r.j_skip["b"].eligible is in_force
    if not in_force:
        assert r.j_skip["b"].codes == ("j_skip.not_in_force",)


def test_j_skip_reasons_name_what_is_missing() -> None:
    r = kodo.evaluate(person(45, degrees=[{"level": "bachelor"}], annual_salary=10_000_000))
    assert r.j_skip["b"].codes == ("j_skip.salary_below", "j_skip.no_degree_or_years")
    assert all(r.in_lang("ja").j_skip["b"].reasons) and all(r.in_lang("zh").j_skip["b"].reasons)
