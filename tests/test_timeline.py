"""The timeline: points on any date, PR routes, HSP(ii), forecast, advice (rules.md §3, §5, §9)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kodo import evaluate
from kodo.dates import add_years, sub_years, years_between
from kodo.errors import InputError
from kodo.features.questions import advice, forecast, hsp2, permanent_residence
from tests.conftest import e19, points

D = dt.date.fromisoformat


def route(result: Any, name: str) -> Any:
    return next(r for r in result.routes if r.route == name)


def e20(**extra: Any) -> dict[str, Any]:
    """rules.md E20: 34 a year before (90 points), 35 at filing (70 points)."""
    return {
        "date": "2025-06-01",
        "birth_date": "1990-01-10",
        "category": "b",
        "degrees": [{"level": "master", "japan": True, "designated": True}],
        "career": [{"kind": "professional", "start": "2019-06-01"}],
        "annual_salary": 5_500_000,
        "japanese": {"jlpt": "N1"},
        "residence_since": "2019-06-01",
        **extra,
    }


# ------------------------------------------------------------------------------ calendar


def test_a_period_from_29_february_is_complete_on_1_march() -> None:
    assert add_years(D("2024-02-29"), 1) == D("2025-03-01")
    assert add_years(D("2024-02-29"), 4) == D("2028-02-29")
    assert sub_years(D("2028-02-29"), 3) == D("2025-02-28")
    assert years_between(D("2020-04-01"), D("2023-04-01")) == 3.0
    assert years_between(D("2020-04-01"), D("2023-03-31")) < 3.0


# ------------------------------------------------------------------------------ points on a date


def test_history_is_projected_onto_the_evaluation_date() -> None:
    before = evaluate(e19(), date=D("2022-05-31")).categories["b"]
    on = evaluate(e19(), date=D("2022-06-01")).categories["b"]
    career = {i.id: i.points for i in before.items}["career"]
    assert career == 0 and {i.id: i.points for i in on.items}["career"] == 5
    # Before the N1 result date the Japanese points are absent.
    early = evaluate(e19(), date=D("2019-11-30"))
    assert points(early, "b")["n1_or_jp_major"] == 0


@pytest.mark.parametrize(
    "facts,day_before,day_of,points_before,points_after",
    [
        # 2013-12-24: Japanese degree 5 -> 10 (rules.md §5).
        ({"degrees": [{"level": "bachelor", "japan": True}]}, "2013-12-23", "2013-12-24", 25, 30),
        # 2017-04-26: N2 introduced.
        ({"japanese": {"jlpt": "N2"}}, "2017-04-25", "2017-04-26", 15, 25),
        # 2021-07-30: investment-management bonus.
        ({"investment_management": True}, "2021-07-29", "2021-07-30", 10, 20),
        # 2023-03-31: local-government support nationwide (NSSZ programme before).
        ({"employer": {"local_gov_support": True}}, "2023-03-30", "2023-03-31", 20, 20),
    ],
)
def test_rule_change_dates_before_and_after(
    facts: dict[str, Any], day_before: str, day_of: str, points_before: int, points_after: int
) -> None:
    base = {
        "birth_date": "1980-01-01",
        "annual_salary": 3_000_000,
        "degrees": [{"level": "bachelor"}],
    }
    person = {**base, **facts}
    b_before = evaluate(person, date=D(day_before)).categories["b"].total
    b_after = evaluate(person, date=D(day_of)).categories["b"].total
    assert (b_before, b_after) == (points_before, points_after)


def test_2012_rules_had_age_based_floors_for_a_and_b() -> None:
    person = {
        "birth_date": "1980-01-01",
        "annual_salary": 4_500_000,
        "degrees": [{"level": "doctorate"}],
    }
    old = evaluate(person, date=D("2013-12-23"))  # age 33: floor ¥4.4M then
    new = evaluate(person, date=D("2013-12-24"))
    assert [p.required for p in old.categories["a"].prerequisites] == [4_400_000]
    assert not new.categories["a"].prerequisites  # イ has no floor since 2013-12-24
    low = evaluate({**person, "annual_salary": 4_399_999}, date=D("2013-12-23"))
    assert low.categories["b"].prerequisites[0].met is False


def test_past_rules_now_judges_a_past_date_under_todays_rules() -> None:
    person = {"birth_date": "1980-01-01", "annual_salary": 3_000_000,
              "degrees": [{"level": "bachelor"}], "japanese": {"jlpt": "N2"}}  # fmt: skip
    then = evaluate(person, date=D("2016-01-01"), today=D("2026-11-21"))
    now = evaluate(
        person, date=D("2016-01-01"), today=D("2026-11-21"), options={"past_rules": "now"}
    )
    assert then.categories["b"].total + 10 == now.categories["b"].total
    assert any(w.code == "option.past_rules" for w in now.warning_details)


# ------------------------------------------------------------------------------ permanent residence


def test_e19_deemed_hsp_meets_the_80_point_route() -> None:
    r = permanent_residence(e19())
    r80 = route(r, "points_80")
    assert r80.open and r80.points_now["b"] == 85 and r80.points_then["b"] == 85
    assert r80.lookback_date == "2024-06-01"
    assert [v.open for v in r80.variants] == [False, True]  # never held HSP: deemed only
    assert "points_80" in r.open_routes and r.not_checked


def test_e20_an_age_band_drop_closes_the_80_route_but_not_the_70_route() -> None:
    r = permanent_residence(e20())
    r80 = route(r, "points_80")
    assert not r80.open
    assert (r80.points_then["b"], r80.points_now["b"]) == (90, 70)
    r70 = route(r, "points_70")
    assert r70.open and r70.points_then["b"] == 85  # 2022-06-01: age 32, 3 years


@pytest.mark.parametrize(
    "since,open_",
    [("2024-06-01", True), ("2024-06-02", False), ("2024-05-31", True)],
)
def test_one_year_of_residence_exactly_and_the_day_before(since: str, open_: bool) -> None:
    r = permanent_residence(e19(statuses=None, residence_since=since))
    assert route(r, "points_80").open is open_


def test_the_route_opens_on_the_first_day_of_the_third_year() -> None:
    person = e20(residence_since="2023-02-10")
    r = permanent_residence(person, on=D("2025-06-01"))
    r70 = route(r, "points_70")
    assert not r70.open and r70.earliest == "2026-02-10"


@pytest.mark.parametrize(
    "salary_then,open_",
    [(6_999_999, False), (7_000_000, True)],  # 75 vs 80 points one year before (age 31)
)
def test_points_at_the_lookback_date_below_and_at_80(salary_then: int, open_: bool) -> None:
    person = e19(salaries=[
        {"from": "2019-06-01", "annual_salary": salary_then},
        {"from": "2025-04-01", "annual_salary": 8_500_000},
    ])  # fmt: skip
    r80 = route(permanent_residence(person), "points_80")
    assert r80.open is open_


def test_points_now_at_65_and_70_for_the_70_route() -> None:
    person = e20()
    ok = route(permanent_residence(person), "points_70")
    assert ok.open and ok.points_now["b"] == 70
    short = route(permanent_residence({**person, "japanese": {"jlpt": "N2"}}), "points_70")
    # N2 is excluded with a Japanese degree: 70 - 15 = 55 now.
    assert not short.open and short.points_now["b"] == 55


def test_held_hsp_status_recognised_at_80_opens_the_80_route_after_one_year() -> None:
    person = e19(statuses=[{"status": "hsp1_b", "from": "2024-06-01", "points": 80}],
                 residence_since=None)  # fmt: skip
    r80 = route(permanent_residence(person), "points_80")
    assert r80.open and r80.variants[0].open
    low = e19(statuses=[{"status": "hsp1_b", "from": "2024-06-01", "points": 75}])
    held = route(permanent_residence(low), "points_80").variants[0]
    assert not held.open and held.code == "status_points_short"


def test_no_route_before_the_2017_guideline_and_j_skip_before_2023() -> None:
    person = e19(date="2017-04-25")
    r = permanent_residence(person, on=D("2017-04-25"))
    assert not route(r, "points_70").in_force and not route(r, "j_skip").in_force
    r2 = permanent_residence(person, on=D("2023-04-20"))
    assert route(r2, "points_80").in_force and not route(r2, "j_skip").in_force


def test_the_lookback_date_uses_the_rules_of_that_date() -> None:
    """An N2 holder: the look-back date falls just before / on the 2017-04-26 revision."""
    person = {
        "birth_date": "1985-01-01", "category": "b",
        "degrees": [{"level": "master"}], "annual_salary": 6_000_000,
        "experience": {"professional": 10}, "japanese": {"jlpt": "N2"},
        "residence_since": "2010-01-01",
    }  # fmt: skip
    # Points at filing (age 35): 20 + 20 + 20 + 5 + 10 = 75. Three years before 2020-04-25 is
    # 2017-04-25 (age 32, 7 years): 20 + 15 + 20 + 10 = 65 without N2, which did not exist;
    # from 2020-04-26 the look-back date has N2 (+10 = 75) and the route opens.
    before = route(permanent_residence({**person, "date": "2020-04-25"}), "points_70")
    at = route(permanent_residence({**person, "date": "2020-04-26"}), "points_70")
    assert before.points_then["b"] + 10 == at.points_then["b"]
    assert not before.open and at.open and before.earliest == "2020-04-26"


def test_an_option_that_changes_a_verdict_is_named_in_a_warning() -> None:
    person = {
        "date": "2020-04-25", "birth_date": "1985-01-01", "category": "b",
        "degrees": [{"level": "master"}], "annual_salary": 6_000_000,
        "experience": {"professional": 10}, "japanese": {"jlpt": "N2"},
        "residence_since": "2010-01-01",
    }  # fmt: skip
    r = permanent_residence(person)
    assert any(w.code == "option.past_rules" for w in r.warnings)
    now = permanent_residence(person, options={"past_rules": "now"})
    assert route(now, "points_70").open


def test_points_maintained_throughout_is_a_named_option() -> None:
    # E20's 70 route: 85 three years ago and 70 now, but a year below the ¥3M floor in between.
    person = e20(annual_salary=None, salaries=[
        {"from": "2019-06-01", "annual_salary": 5_500_000},
        {"from": "2023-01-01", "annual_salary": 2_900_000},
        {"from": "2024-01-01", "annual_salary": 5_500_000},
    ])  # fmt: skip
    person.pop("annual_salary")
    ends = route(permanent_residence(person), "points_70")
    through = route(
        permanent_residence(person, options={"pr_points_maintained": "throughout"}), "points_70"
    )
    assert ends.open and not through.open


def test_a_j_skip_holder_gets_permanent_residence_after_one_year() -> None:
    person = {
        "date": "2025-04-01", "birth_date": "1980-01-01", "category": "b",
        "degrees": [{"level": "master"}], "annual_salary": 20_000_000,
        "statuses": [{"status": "j_skip_b", "from": "2024-04-01"}],
    }  # fmt: skip
    js = route(permanent_residence(person), "j_skip")
    assert js.open and js.variants[0].open
    day_before = route(permanent_residence(person, on=D("2025-03-31")), "j_skip")
    assert not day_before.open and day_before.earliest == "2025-04-01"


# ------------------------------------------------------------------------------ HSP(ii)


def test_hsp2_after_three_years_in_hsp1() -> None:
    """rules.md §9 timeline example: HSP(i) granted 2022-05-01 -> 2号 from 2025-05-01."""
    person = e19(statuses=[{"status": "hsp1_b", "from": "2022-05-01"}])
    r = hsp2(person, on=D("2024-01-01"))
    assert not r.open and r.earliest == "2025-05-01"
    assert hsp2(person, on=D("2025-05-01")).open
    assert not hsp2(person, on=D("2025-04-30")).open


def test_hsp2_after_one_year_for_a_j_skip_holder() -> None:
    person = {
        "date": "2024-06-01", "birth_date": "1980-01-01",
        "degrees": [{"level": "master"}], "annual_salary": 20_000_000,
        "statuses": [{"status": "j_skip_b", "from": "2024-06-01"}],
    }  # fmt: skip
    r = hsp2(person)
    assert r.earliest == "2025-06-01" and r.earliest_route == "hsp2_j_skip"


def test_hsp2_needs_the_points_at_the_time_of_the_change() -> None:
    person = e20(statuses=[{"status": "hsp1_b", "from": "2020-06-01"}], category="b",
                 japanese={"jlpt": "N2"})  # fmt: skip
    r = hsp2(person, on=D("2025-06-01"))
    pts = route_hsp2(r, "hsp2_points")
    assert not pts.open and "points" in pts.text


def route_hsp2(result: Any, name: str) -> Any:
    return next(r for r in result.routes if r.route == name)


# ------------------------------------------------------------------------------ forecast


@pytest.mark.parametrize(
    "birth,turns_30",
    [("1996-02-29", "2026-03-01"), ("1996-03-01", "2026-03-01"), ("1996-02-28", "2026-02-28")],
)
def test_forecast_birthday_dates_including_29_february(birth: str, turns_30: str) -> None:
    person = {"date": "2025-06-01", "birth_date": birth, "category": "b",
              "degrees": [{"level": "master"}], "annual_salary": 4_500_000,
              "japanese": {"jlpt": "N1"}}  # fmt: skip
    f = forecast(person, years=2)
    change = f.changes[0]
    assert change.date == turns_30
    assert (change.before["b"], change.after["b"]) == (60, 45)


def test_forecast_leap_year_40th_birthday_on_29_february() -> None:
    person = {"date": "2031-06-01", "birth_date": "1992-02-29", "category": "b",
              "degrees": [{"level": "master"}], "annual_salary": 7_000_000}  # fmt: skip
    f = forecast(person, years=1)
    assert f.changes[0].date == "2032-02-29"


def test_forecast_names_the_first_date_below_70_and_the_renewal_risk() -> None:
    # ichiyama-h (rules.md E11): 70 at 29, 65 at 30.
    person = {"date": "2025-06-01", "birth_date": "1996-03-15", "category": "a",
              "degrees": [{"level": "doctorate", "japan": True}], "annual_salary": 3_000_000,
              "japanese": {"jlpt": "N1"},
              "statuses": [{"status": "hsp1_a", "from": "2024-01-01",
                            "to": "2029-01-01"}]}  # fmt: skip
    f = forecast(person)
    assert f.first_below_pass == "2026-03-15"
    assert "fails unless" in f.changes[0].text
    assert f.renewals and not f.renewals[0].passes


def test_forecast_experience_thresholds() -> None:
    f = forecast(e19(), years=5)
    days = {c.date: c for c in f.changes}
    assert days["2026-06-01"].after["b"] == 90  # 7 years of experience
    assert days["2028-01-15"].after["b"] == 85  # turns 35


# ------------------------------------------------------------------------------ advice


def test_advice_applies_exclusions_for_this_person() -> None:
    person = e20(japanese={"jlpt": "N3"})
    a = advice(person, pr_effect=False)
    ids = {s.id: s.gain for s in a.categories["b"].suggestions}
    assert "jlpt_n2" not in ids  # excluded by the Japanese degree: worth 0
    assert ids["jlpt_n1"] == 15


def test_advice_finds_the_smallest_combinations() -> None:
    person = {"date": "2025-06-01", "birth_date": "1995-01-01", "category": "b",
              "degrees": [{"level": "bachelor"}], "annual_salary": 4_000_000,
              "experience": {"professional": 3}}  # fmt: skip
    a = advice(person, pr_effect=False)
    cat = a.categories["b"]
    assert cat.total == 25  # bachelor 10, 3 years 5, ¥4M at 30 scores 0, age 10
    assert cat.reach_pass and all(c.total_after >= 70 for c in cat.reach_pass)
    size = len(cat.reach_pass[0].actions)
    assert all(len(c.actions) == size for c in cat.reach_pass)


def test_advice_shows_the_effect_on_the_pr_date() -> None:
    a = advice(e20())
    effects = {e.action: e for e in a.pr_effect}
    assert effects
    assert any(e.earliest_after["points_80"] is not None for e in effects.values())


def test_bad_history_is_refused_with_the_field_named() -> None:
    with pytest.raises(InputError) as err:
        permanent_residence(e19(annual_salary=5_000_000))
    assert "salaries" in str(err.value)
    with pytest.raises(InputError, match="overlaps"):
        permanent_residence(e19(statuses=[
            {"status": "hsp1_b", "from": "2020-01-01"},
            {"status": "hsp2", "from": "2023-01-01"},
        ]))  # fmt: skip
