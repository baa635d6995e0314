"""Every banded item in every category: below, at and above each edge (rules.md §1-§2.1, §4.1).

Expected values are written here from rules.md, independently of the YAML rule data.
"""

from __future__ import annotations

import pytest

import kodo
from tests.conftest import item, person, points

# rules.md §1.3: salary points for イ/ロ by age band; rows: lower edge of the salary band.
SALARY_AB = {  # salary band floor -> points for ages <30, 30-34, 35-39, 40+
    0: (0, 0, 0, 0),
    4_000_000: (10, 0, 0, 0),
    5_000_000: (15, 15, 0, 0),
    6_000_000: (20, 20, 20, 0),
    7_000_000: (25, 25, 25, 0),
    8_000_000: (30, 30, 30, 30),
    9_000_000: (35, 35, 35, 35),
    10_000_000: (40, 40, 40, 40),
}
AGE_FOR_BAND = (29, 30, 35, 40)
SALARY_C = {0: 0, 10_000_000: 10, 15_000_000: 20, 20_000_000: 30, 25_000_000: 40, 30_000_000: 50}


def _expected_ab(salary: int, band: int) -> int:
    floor = max(edge for edge in SALARY_AB if edge <= salary)
    return SALARY_AB[floor][band]


SALARY_AB_CASES = [
    (cat, band, salary)
    for cat in ("a", "b")
    for band in range(4)
    for edge in list(SALARY_AB)[1:]
    for salary in (edge - 1, edge, edge + 1)
]


@pytest.mark.parametrize("cat,band,salary", SALARY_AB_CASES)
def test_salary_points_in_a_and_b_at_each_band_edge(cat: str, band: int, salary: int) -> None:
    r = kodo.evaluate(person(AGE_FOR_BAND[band], annual_salary=salary))
    assert points(r, cat)["salary"] == _expected_ab(salary, band)


@pytest.mark.parametrize("age", [29, 30, 34, 35, 39, 40, 41, 60])
def test_salary_points_in_c_do_not_depend_on_age(age: int) -> None:
    r = kodo.evaluate(person(age, annual_salary=15_000_000))
    assert points(r, "c")["salary"] == 20


@pytest.mark.parametrize("salary", [e + d for e in list(SALARY_C)[1:] for d in (-1, 0, 1)])
def test_salary_points_in_c_at_each_band_edge(salary: int) -> None:
    expected = SALARY_C[max(e for e in SALARY_C if e <= salary)]
    assert points(kodo.evaluate(person(45, annual_salary=salary)), "c")["salary"] == expected


@pytest.mark.parametrize(
    "age,expected",
    [(29, 15), (30, 10), (31, 10), (34, 10), (35, 5), (36, 5), (39, 5), (40, 0), (41, 0)],
)
@pytest.mark.parametrize("cat", ["a", "b"])
def test_age_points_at_each_edge(cat: str, age: int, expected: int) -> None:
    assert points(kodo.evaluate(person(age)), cat)["age"] == expected


def test_c_has_no_age_item() -> None:
    assert "age" not in points(kodo.evaluate(person(25)), "c")


def test_age_changes_on_the_birthday_itself() -> None:
    base = {"birth_date": "1996-12-01", "degrees": [], "annual_salary": 0}
    assert kodo.evaluate({**base, "date": "2026-11-30"}).age == 29
    assert points(kodo.evaluate({**base, "date": "2026-11-30"}), "b")["age"] == 15
    assert kodo.evaluate({**base, "date": "2026-12-01"}).age == 30
    assert points(kodo.evaluate({**base, "date": "2026-12-01"}), "b")["age"] == 10


def test_a_29_february_birthday_is_reached_on_1_march_in_a_common_year() -> None:
    base = {"birth_date": "1996-02-29", "degrees": [], "annual_salary": 0}
    assert kodo.evaluate({**base, "date": "2026-02-28"}).age == 29
    assert kodo.evaluate({**base, "date": "2026-03-01"}).age == 30
    assert kodo.evaluate({**base, "date": "2028-02-29"}).age == 32


CAREER = {  # category -> (experience kind, points at <3, 3-5, 5-7, 7-10, 10+)
    "a": ("research", (0, 5, 10, 15, 15)),
    "b": ("professional", (0, 5, 10, 15, 20)),
    "c": ("management", (0, 10, 15, 20, 25)),
}


@pytest.mark.parametrize("cat", ["a", "b", "c"])
@pytest.mark.parametrize(
    "years,band",
    [
        (2.99, 0),
        (3, 1),
        (3.01, 1),
        (4.99, 1),
        (5, 2),
        (5.01, 2),
        (6.99, 2),
        (7, 3),
        (7.01, 3),
        (9.99, 3),
        (10, 4),
        (10.01, 4),
        (30, 4),
    ],
)
def test_career_points_at_each_edge(cat: str, years: float, band: int) -> None:
    kind, table = CAREER[cat]
    r = kodo.evaluate(person(50, experience={kind: years}))
    assert points(r, cat)["career"] == table[band]


def test_career_counts_only_the_experience_of_the_category() -> None:
    r = kodo.evaluate(person(33, experience={"research": 10}))
    assert points(r, "a")["career"] == 15
    assert points(r, "b")["career"] == 0
    assert points(r, "c")["career"] == 0


EDUCATION = {  # level -> points in a, b, c
    "doctorate": (30, 30, 20),
    "master": (20, 20, 20),
    "professional": (20, 20, 20),
    "bachelor": (10, 10, 10),
    "junior_college": (10, 10, 10),
    "advanced_diploma": (10, 10, 10),
    "diploma": (0, 0, 0),
}


@pytest.mark.parametrize("level", list(EDUCATION))
def test_education_points_per_level_and_category(level: str) -> None:
    r = kodo.evaluate(person(33, degrees=[{"level": level}]))
    for i, cat in enumerate("abc"):
        assert points(r, cat)["education"] == EDUCATION[level][i]


def test_mba_is_a_25_point_tier_in_b_and_c_but_master_level_in_a() -> None:
    r = kodo.evaluate(person(33, degrees=[{"level": "professional", "business": True}]))
    assert [points(r, c)["education"] for c in "abc"] == [20, 25, 25]


def test_only_the_highest_degree_counts() -> None:
    r = kodo.evaluate(
        person(
            33, degrees=[{"level": "doctorate", "field": "X"}, {"level": "master", "field": "X"}]
        )
    )
    assert points(r, "b")["education"] == 30
    assert points(r, "b")["multiple_fields"] == 0


def test_graduate_degrees_in_different_fields_add_5_in_every_category() -> None:
    degrees = [{"level": "doctorate", "field": "Physics"}, {"level": "master", "field": "Law"}]
    r = kodo.evaluate(person(33, degrees=degrees))
    assert [points(r, c)["multiple_fields"] for c in "abc"] == [5, 5, 5]


def test_a_bachelor_and_a_master_in_different_fields_get_no_multiple_fields_bonus() -> None:
    degrees = [{"level": "bachelor", "field": "Physics"}, {"level": "master", "field": "Law"}]
    assert points(kodo.evaluate(person(33, degrees=degrees)), "b")["multiple_fields"] == 0


@pytest.mark.parametrize(
    "research,a_pts,b_pts",
    [
        ({"patents": 0}, 0, 0),
        ({"patents": 1}, 20, 15),
        ({"patents": 2}, 20, 15),
        ({"funded_projects": 2}, 0, 0),
        ({"funded_projects": 3}, 20, 15),
        ({"funded_projects": 4}, 20, 15),
        ({"papers": 2}, 0, 0),
        ({"papers": 3}, 20, 15),
        ({"papers": 4}, 20, 15),
        ({"other": True}, 20, 15),
        ({"patents": 1, "papers": 3}, 25, 15),
        ({"patents": 1, "papers": 3, "funded_projects": 3, "other": True}, 25, 15),
    ],
)
def test_research_points_by_number_of_qualifying_items(
    research: dict[str, object], a_pts: int, b_pts: int
) -> None:
    r = kodo.evaluate(person(33, research=research))
    assert points(r, "a")["research"] == a_pts
    assert points(r, "b")["research"] == b_pts


@pytest.mark.parametrize("count,expected", [(0, 0), (1, 5), (2, 10), (3, 10), (9, 10)])
def test_licences_score_5_each_capped_at_10_in_b(count: int, expected: int) -> None:
    r = kodo.evaluate(person(33, licenses=count))
    assert points(r, "b")["licences"] == expected
    if count > 2:
        assert item(r, "b", "licences").status == "capped"


@pytest.mark.parametrize("position,expected", [("none", 0), ("officer", 5), ("representative", 10)])
def test_position_points_in_c(position: str, expected: int) -> None:
    assert points(kodo.evaluate(person(45, position=position)), "c")["position"] == expected


@pytest.mark.parametrize(
    "bjt,n1,n2", [(399, 0, 0), (400, 0, 10), (401, 0, 10), (479, 0, 10), (480, 15, 0), (481, 15, 0)]
)
def test_bjt_score_edges_for_n1_and_n2(bjt: int, n1: int, n2: int) -> None:
    r = kodo.evaluate(person(33, japanese={"bjt": bjt}))
    for cat in "abc":
        assert points(r, cat)["n1_or_jp_major"] == n1
        assert points(r, cat)["n2"] == n2


@pytest.mark.parametrize("amount,expected", [(99_999_999, 0), (100_000_000, 5), (100_000_001, 5)])
def test_investment_of_100m_in_c(amount: int, expected: int) -> None:
    assert points(kodo.evaluate(person(45, investment=amount)), "c")["investment_100m"] == expected


# A ロ/ハ applicant with enough points: doctorate 30, N1 15, Japanese degree 10, age 15 (ロ) ...
STRONG = {
    "degrees": [{"level": "doctorate", "japan": True}],
    "japanese": {"jlpt": "N1"},
    "experience": {"management": 10},
    "position": "representative",
    "employer": {"innovation_support": True, "sme": True},
}


@pytest.mark.parametrize("salary,b_ok", [(2_999_999, False), (3_000_000, True), (3_000_001, True)])
def test_salary_floor_of_3m_in_b_and_c(salary: int, b_ok: bool) -> None:
    r = kodo.evaluate(person(27, annual_salary=salary, **STRONG))
    assert r.categories["b"].total >= 70 and r.categories["c"].total >= 70
    assert r.categories["b"].eligible is b_ok
    assert r.categories["c"].eligible is b_ok
    assert r.categories["a"].eligible is True  # イ has no floor


def test_a_has_no_salary_floor_even_at_zero() -> None:
    r = kodo.evaluate(person(27, annual_salary=0, **STRONG))
    assert r.categories["a"].total >= 70 and r.categories["a"].eligible
    assert not r.categories["b"].eligible


@pytest.mark.parametrize(
    "facts,total,eligible",
    [
        # doctorate 30 + age 15 (29) = 45, plus the bonuses of each case
        (
            {
                "degrees": [{"level": "doctorate"}],
                "japanese": {"jlpt": "N2"},
                "foreign_qualification": True,
            },
            60,
            False,
        ),
        (
            {
                "degrees": [{"level": "doctorate"}],
                "japanese": {"jlpt": "N2"},
                "foreign_qualification": True,
                "employer": {"rnd_over_3pct": True},
            },
            65,
            False,
        ),
        (
            {
                "degrees": [{"level": "doctorate"}],
                "japanese": {"jlpt": "N2"},
                "growth_field_project": True,
            },
            65,
            False,
        ),
        (
            {
                "degrees": [{"level": "doctorate"}],
                "japanese": {"jlpt": "N1"},
                "employer": {"rnd_over_3pct": True},
            },
            65,
            False,
        ),
        (
            {
                "degrees": [{"level": "doctorate"}],
                "japanese": {"jlpt": "N1"},
                "foreign_qualification": True,
                "employer": {"rnd_over_3pct": True},
            },
            70,
            True,
        ),
        (
            {
                "degrees": [{"level": "doctorate"}],
                "japanese": {"jlpt": "N1"},
                "growth_field_project": True,
            },
            70,
            True,
        ),
        (
            {
                "degrees": [{"level": "doctorate"}],
                "japanese": {"jlpt": "N1"},
                "growth_field_project": True,
                "foreign_qualification": True,
            },
            75,
            True,
        ),
    ],
)
def test_pass_mark_70_below_at_above(facts: dict[str, object], total: int, eligible: bool) -> None:
    r = kodo.evaluate(person(29, annual_salary=3_000_000, **facts))
    assert r.categories["b"].total == total
    assert r.categories["b"].eligible is eligible
    assert r.categories["b"].short_of_threshold == max(70 - total, 0)


# Base 70 in ロ: doctorate 30 + age 15 (29) + N1 15 + growth-field project 10.
BASE_70 = {
    "degrees": [{"level": "doctorate"}],
    "japanese": {"jlpt": "N1"},
    "growth_field_project": True,
}


@pytest.mark.parametrize(
    "extra,total",
    [
        ({"foreign_qualification": True}, 75),
        ({"foreign_qualification": True, "employer": {"local_gov_support": True}}, 85),
        ({"employer": {"local_gov_support": True}}, 80),
    ],
)
def test_the_80_mark_below_at_above(extra: dict[str, object], total: int) -> None:
    r = kodo.evaluate(person(29, annual_salary=3_000_000, **{**BASE_70, **extra}))
    cat = r.categories["b"]
    assert cat.total == total
    assert cat.short_of_high == max(80 - total, 0)
    assert cat.high_threshold == 80
