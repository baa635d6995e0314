"""Named interpretations of the open legal questions: defaults, alternatives and warnings."""

from __future__ import annotations

import pytest

import kodo
from kodo.errors import InputError
from tests.conftest import item, person, points

DOCTOR_MBA = person(
    33,
    degrees=[
        {"level": "doctorate", "field": "Physics"},
        {"level": "professional", "business": True, "field": "Physics"},
    ],
)


def _warned(r: kodo.Evaluation, option: str) -> bool:
    return any(d.option == option for d in r.warning_details)


def test_doctorate_plus_mba_in_b_is_30_by_default_and_warns() -> None:
    r = kodo.evaluate(DOCTOR_MBA)
    assert points(r, "b")["education"] == 30
    assert _warned(r, "mba_reading")
    assert "b" in next(d for d in r.warning_details if d.option == "mba_reading").categories


def test_doctorate_plus_mba_in_b_is_35_under_the_addon_reading() -> None:
    r = kodo.evaluate(DOCTOR_MBA, options={"mba_reading": "addon"})
    assert points(r, "b")["education"] == 35
    assert points(r, "c")["education"] == 25  # both readings agree in ハ
    assert points(r, "a")["education"] == 30  # no MBA tier in イ


def test_an_mba_alone_does_not_depend_on_the_reading() -> None:
    r = kodo.evaluate(person(33, degrees=[{"level": "professional", "business": True}]))
    assert points(r, "b")["education"] == 25
    assert not _warned(r, "mba_reading")


LOCAL = person(33, employer={"innovation_support": True, "local_gov_support": True})


def test_local_government_bonus_stacks_by_default_and_warns() -> None:
    r = kodo.evaluate(LOCAL)
    assert points(r, "b")["local_gov_support"] == 10 and points(r, "b")["innovation_support"] == 10
    assert _warned(r, "local_gov_stacking")


def test_local_government_bonus_exclusive_reading() -> None:
    r = kodo.evaluate(LOCAL, options={"local_gov_stacking": "exclusive"})
    assert points(r, "b")["local_gov_support"] == 0
    assert item(r, "b", "local_gov_support").code == "local_gov_support.excluded.innovation_support"


def test_local_government_bonus_alone_does_not_warn() -> None:
    r = kodo.evaluate(person(33, employer={"local_gov_support": True}))
    assert points(r, "b")["local_gov_support"] == 10 and not _warned(r, "local_gov_stacking")


@pytest.mark.parametrize(
    "ratio,over,at_least,warns",
    [(2.99, 0, 0, False), (3.0, 0, 5, True), (3.01, 5, 5, False)],
)
def test_rnd_ratio_exactly_3_percent(ratio: float, over: int, at_least: int, warns: bool) -> None:
    facts = person(33, employer={"rnd_ratio_pct": ratio})
    assert points(kodo.evaluate(facts), "b")["rnd_ratio_sme"] == over
    assert (
        points(kodo.evaluate(facts, options={"rnd_threshold": "at_least"}), "b")["rnd_ratio_sme"]
        == at_least
    )
    assert _warned(kodo.evaluate(facts), "rnd_threshold") is warns


def test_several_university_criteria_count_once_by_default() -> None:
    deg = [{"level": "master", "designated": True, "university_criteria": ["ranking", "sgu"]}]
    r = kodo.evaluate(person(33, degrees=deg))
    assert points(r, "b")["top_university"] == 10 and _warned(r, "university_criteria")
    r = kodo.evaluate(person(33, degrees=deg), options={"university_criteria": "each"})
    assert points(r, "b")["top_university"] == 20


def test_first_author_papers_count_by_default_and_warn() -> None:
    facts = person(33, research={"papers": 3, "papers_corresponding_author": 1})
    r = kodo.evaluate(facts)
    assert points(r, "a")["research"] == 20 and _warned(r, "paper_authorship")
    r = kodo.evaluate(facts, options={"paper_authorship": "corresponding_only"})
    assert points(r, "a")["research"] == 0


def test_corresponding_author_papers_do_not_warn() -> None:
    r = kodo.evaluate(person(33, research={"papers": 3, "papers_corresponding_author": 3}))
    assert not _warned(r, "paper_authorship")


COE = {
    "date": "2026-11-21",
    "birth_date": "1997-01-10",  # 29 on the application date, 30 on entry
    "degrees": [{"level": "master"}],
    "annual_salary": 4_500_000,
    "application": {"kind": "coe", "planned_entry": "2027-02-01"},
}


def test_coe_age_is_taken_on_the_planned_entry_date_by_default() -> None:
    r = kodo.evaluate(COE)
    assert r.age == 30 and r.reference_date == "2027-02-01"
    assert points(r, "b")["age"] == 10 and points(r, "b")["salary"] == 0
    assert _warned(r, "coe_reference")


def test_coe_age_on_the_application_date_under_the_other_reading() -> None:
    r = kodo.evaluate(COE, options={"coe_reference": "application"})
    assert r.age == 29 and points(r, "b")["age"] == 15 and points(r, "b")["salary"] == 10


def test_an_age_band_change_soon_after_the_reference_date_warns() -> None:
    r = kodo.evaluate({**COE, "application": {"kind": "change"}, "birth_date": "1996-12-20"})
    assert any(d.code == "age_band_soon" for d in r.warning_details)
    r = kodo.evaluate({**COE, "application": {"kind": "change"}, "birth_date": "1996-06-20"})
    assert not any(d.code == "age_band_soon" for d in r.warning_details)


def test_performance_linked_bonus_counts_by_default_and_is_flagged() -> None:
    facts = person(29, annual_salary=5_200_000, salary_performance_linked=400_000)
    r = kodo.evaluate(facts)
    assert points(r, "b")["salary"] == 15
    assert _warned(r, "performance_bonus")
    assert any(d.code == "performance_bonus_review" for d in r.warning_details)
    r = kodo.evaluate(facts, options={"performance_bonus": "exclude"})
    assert points(r, "b")["salary"] == 10


def test_an_unknown_option_is_an_input_error() -> None:
    with pytest.raises(InputError) as exc:
        kodo.evaluate(DOCTOR_MBA, options={"mba": "tier"})
    assert "options.mba" in str(exc.value)
    with pytest.raises(InputError):
        kodo.evaluate(DOCTOR_MBA, options={"mba_reading": "maybe"})


def test_results_record_the_options_used() -> None:
    r = kodo.evaluate(DOCTOR_MBA, options={"mba_reading": "addon"})
    assert r.options["mba_reading"] == "addon" and r.options["rnd_threshold"] == "over"
