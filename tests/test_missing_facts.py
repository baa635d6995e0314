"""Missing core facts are never defaulted: listed, a range given, never eligible."""

from __future__ import annotations

import pytest

import kodo
from tests.conftest import person

FULL = person(
    29,
    degrees=[{"level": "master", "japan": True}],
    annual_salary=6_000_000,
    experience={"professional": 5},
    japanese={"jlpt": "N1"},
)


@pytest.mark.parametrize("fact", ["birth_date", "annual_salary", "degrees", "date"])
def test_a_missing_core_fact_is_listed_and_never_eligible(fact: str) -> None:
    facts = {k: v for k, v in FULL.items() if k != fact}
    r = kodo.evaluate(facts)
    full = kodo.evaluate(FULL)
    assert fact in r.missing
    for cat in ("a", "b"):
        res = r.categories[cat]
        assert fact in res.missing
        assert res.eligible is False
        assert res.verdict == "missing"
        low, high = res.range
        assert low <= full.categories[cat].total <= high
        assert low < high


def test_birth_date_does_not_matter_for_c() -> None:
    facts = {k: v for k, v in FULL.items() if k != "birth_date"}
    r = kodo.evaluate(facts)
    assert "birth_date" not in r.categories["c"].missing
    assert r.categories["c"].range[0] == r.categories["c"].range[1]


def test_missing_salary_range_spans_the_salary_table() -> None:
    facts = {k: v for k, v in FULL.items() if k != "annual_salary"}
    r = kodo.evaluate(facts)
    low, high = r.categories["b"].range
    assert high - low == 40  # from no salary points to the ¥10M band at age 29
    assert r.j_skip["b"].eligible is False
    assert "j_skip.missing_salary" in r.j_skip["b"].codes


def test_missing_degrees_range_includes_the_best_degree_and_bonuses() -> None:
    facts = {k: v for k, v in FULL.items() if k != "degrees"}
    r = kodo.evaluate(facts)
    low, high = r.categories["b"].range
    # at best: doctorate 30 + multiple fields 5 + Japanese degree 10 + designated 10
    # (N1 is already counted)
    assert high - low == 55


def test_a_result_with_every_core_fact_missing_still_has_a_range() -> None:
    r = kodo.evaluate({})
    assert r.missing == ("date", "birth_date", "annual_salary", "degrees")
    assert r.age is None
    for cat in "abc":
        assert r.categories[cat].eligible is False
        assert r.categories[cat].range[0] <= r.categories[cat].range[1]
    assert any("date is missing" in w for w in r.warnings)


def test_an_empty_degree_list_means_no_degree_not_missing() -> None:
    r = kodo.evaluate({**FULL, "degrees": []})
    assert "degrees" not in r.missing
    assert r.categories["b"].range[0] == r.categories["b"].range[1]


def test_permanent_residence_without_a_residence_period_asks_for_it() -> None:
    """Points enough on both dates but neither statuses nor residence_since: the routes are
    not "closed" but wait for the start of residence (never a confident no)."""
    high = person(36, category="b", degrees=[{"level": "doctorate"}],
                  experience={"professional": 10}, annual_salary=10_000_000)  # fmt: skip
    result = kodo.permanent_residence(high)
    assert result.code == "facts_missing" and "residence_since" in result.missing
    assert {r.code for r in result.routes if r.points_needed} == {"facts_missing"}
    dated = kodo.permanent_residence({**high, "residence_since": "2020-01-01"})
    assert dated.code == "open" and not dated.missing


def test_permanent_residence_with_too_few_points_is_a_no_whatever_the_period() -> None:
    low = person(46, category="b", degrees=[{"level": "bachelor"}], annual_salary=4_000_000)
    result = kodo.permanent_residence(low)
    assert result.code == "none" and "residence_since" not in result.missing


def test_advice_with_a_missing_fact_names_it_and_gives_the_range_per_category() -> None:
    app = person(30, category="b", degrees=[{"level": "master"}], annual_salary=6_000_000)
    del app["birth_date"]
    advice = kodo.advice(app)
    assert advice.missing_facts == ("birth_date",) and advice.total is None
    b = advice.categories["b"]
    assert (b.low, b.high) == (advice.low, advice.high) and b.low is not None
    assert kodo.advice(person(30, category="b")).missing_facts == ()
