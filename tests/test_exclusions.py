"""Every exclusion and category restriction of rules.md §1.8 / §1.9."""

from __future__ import annotations

import pytest

import kodo
from tests.conftest import item, person, points


def test_n2_is_not_added_on_top_of_a_japanese_degree() -> None:
    r = kodo.evaluate(
        person(29, degrees=[{"level": "bachelor", "japan": True}], japanese={"jlpt": "N2"})
    )
    for cat in "abc":
        it = item(r, cat, "n2")
        assert it.points == 0 and it.code == "n2.excluded.jp_degree"
        assert points(r, cat)["jp_degree"] == 10
    it = item(r, "b", "n2")
    assert it.reason == "N2 is not added because the Japanese-degree points are awarded."
    ja = item(r.in_lang("ja"), "b", "n2")
    assert ja.reason == "本邦の大学の学位に係る加点を受けているため、N2の加点は対象外です。"
    assert "n2" in [w.id for w in r.categories["b"].withheld]


def test_n2_is_not_added_on_top_of_a_japanese_major() -> None:
    r = kodo.evaluate(
        person(29, degrees=[{"level": "bachelor", "japanese_major": True}], japanese={"jlpt": "N2"})
    )
    assert points(r, "b")["n1_or_jp_major"] == 15
    assert item(r, "b", "n2").code == "n2.excluded.n1_or_jp_major"


def test_n2_counts_with_a_foreign_degree() -> None:
    r = kodo.evaluate(person(29, degrees=[{"level": "bachelor"}], japanese={"jlpt": "N2"}))
    assert points(r, "b")["n2"] == 10


def test_n1_is_not_doubled_by_n2_level() -> None:
    r = kodo.evaluate(person(29, japanese={"jlpt": "N1", "bjt": 450}))
    assert points(r, "b")["n1_or_jp_major"] == 15
    assert points(r, "b")["n2"] == 0
    # The exclusion comes from the rule data (n2 excluded_by n1_or_jp_major), and the N1
    # reason names only what qualifies: BJT 450 is N2-level, not N1-level.
    assert item(r, "b", "n2").code == "n2.excluded.n1_or_jp_major"
    assert item(r, "b", "n1_or_jp_major").reason == "Japanese ability (JLPT N1): 15 points."


@pytest.mark.parametrize("level", ["diploma", "advanced_diploma"])
def test_a_japanese_vocational_diploma_is_not_a_japanese_degree(level: str) -> None:
    r = kodo.evaluate(
        person(29, degrees=[{"level": level, "japan": True}], japanese={"jlpt": "N2"})
    )
    assert points(r, "b")["jp_degree"] == 0
    assert points(r, "b")["n2"] == 10


def test_a_japanese_junior_college_degree_counts_as_a_japanese_degree() -> None:
    r = kodo.evaluate(person(29, degrees=[{"level": "junior_college", "japan": True}]))
    assert points(r, "b")["jp_degree"] == 10


def test_two_japanese_degrees_give_10_not_20() -> None:
    degrees = [{"level": "bachelor", "japan": True}, {"level": "master", "japan": True}]
    assert points(kodo.evaluate(person(29, degrees=degrees)), "b")["jp_degree"] == 10


def test_the_sme_bonus_needs_the_innovation_bonus() -> None:
    r = kodo.evaluate(person(29, employer={"sme": True}))
    it = item(r, "b", "innovation_support_sme")
    assert it.points == 0 and it.status == "requires"
    r = kodo.evaluate(person(29, employer={"sme": True, "innovation_support": True}))
    assert points(r, "b")["innovation_support_sme"] == 10


def test_jica_training_counts_when_not_taken_at_a_japanese_university() -> None:
    r = kodo.evaluate(
        person(29, degrees=[{"level": "master", "japan": True}], training={"jica": True})
    )
    assert points(r, "b")["designated_training"] == 5


def test_jica_training_at_a_japanese_university_is_excluded_only_with_the_japanese_degree() -> None:
    facts = {"training": {"jica": True, "at_japanese_university": True}}
    r = kodo.evaluate(person(29, degrees=[{"level": "master"}], **facts))
    assert points(r, "b")["designated_training"] == 5
    r = kodo.evaluate(person(29, degrees=[{"level": "master", "japan": True}], **facts))
    assert points(r, "b")["designated_training"] == 0


def test_the_designated_university_bonus_stacks_with_the_japanese_degree() -> None:
    r = kodo.evaluate(
        person(29, degrees=[{"level": "bachelor", "japan": True, "designated": True}])
    )
    assert points(r, "b")["jp_degree"] == 10 and points(r, "b")["top_university"] == 10


@pytest.mark.parametrize(
    "facts,item_id,allowed",
    [
        ({"licenses": 1}, "licences", "b"),
        ({"position": "officer"}, "position", "c"),
        ({"research": {"patents": 1}}, "research", "ab"),
        ({"investment": 100_000_000}, "investment_100m", "c"),
        ({"investment_management": True}, "investment_management", "bc"),
    ],
)
def test_category_restrictions(facts: dict[str, object], item_id: str, allowed: str) -> None:
    r = kodo.evaluate(person(45, **facts))
    for cat in "abc":
        it = item(r, cat, item_id)
        if cat in allowed:
            assert it.points > 0
        else:
            assert it.points == 0
            assert it.status == "not_in_category"
            assert it.code == f"{item_id}.not_in_category"
            assert item_id in [w.id for w in r.categories[cat].withheld]


@pytest.mark.parametrize(
    "item_id,facts",
    [
        ("innovation_support", {"employer": {"innovation_support": True}}),
        ("local_gov_support", {"employer": {"local_gov_support": True}}),
        ("rnd_ratio_sme", {"employer": {"rnd_over_3pct": True}}),
        ("foreign_qualification", {"foreign_qualification": True}),
        ("growth_field_project", {"growth_field_project": True}),
        ("top_university", {"degrees": [{"level": "bachelor", "designated": True}]}),
        ("designated_training", {"training": {"jica": True}}),
        ("jp_degree", {"degrees": [{"level": "bachelor", "japan": True}]}),
    ],
)
def test_bonuses_open_to_all_three_categories(item_id: str, facts: dict[str, object]) -> None:
    r = kodo.evaluate(person(33, **facts))
    assert all(points(r, c)[item_id] > 0 for c in "abc")


def test_c_has_no_age_or_research_items_and_a_b_have_no_position() -> None:
    r = kodo.evaluate(person(25))
    assert "age" not in points(r, "c") and "research" not in points(r, "c")
    assert "position" not in points(r, "a") and "licences" not in points(r, "a")


def test_bonuses_stack_with_each_other() -> None:
    facts = {
        "employer": {
            "innovation_support": True,
            "sme": True,
            "local_gov_support": True,
            "rnd_over_3pct": True,
        },
        "foreign_qualification": True,
        "growth_field_project": True,
    }
    r = kodo.evaluate(person(33, **facts))
    assert r.categories["b"].total == 10 + 10 + 10 + 5 + 5 + 10 + 10  # + age 10
