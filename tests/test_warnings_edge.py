"""Legal but unusual facts are flagged: unusual ages, a reference date beyond the rule data, a
claim whose rule version carries a condition the facts cannot show, and a snapshot taken on
another date than the one its facts describe."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import kodo
from kodo.dates import add_years
from kodo.explanation.warnings import BEYOND_RULES_YEARS, UNUSUAL_AGE
from tests.conftest import person


def _codes(r: kodo.Evaluation) -> set[str]:
    return {d.code for d in r.warning_details}


def _detail(r: kodo.Evaluation, code: str) -> Any:
    return next(d for d in r.warning_details if d.code == code)


LOW, HIGH = UNUSUAL_AGE


@pytest.mark.parametrize(
    ("age", "warned"),
    [
        (LOW - 1, True),
        (LOW, False),
        (LOW + 1, False),
        (HIGH - 1, False),
        (HIGH, False),
        (HIGH + 1, True),
    ],
)
def test_an_unusual_age_is_flagged_at_each_edge(age: int, warned: bool) -> None:
    r = kodo.evaluate(person(age))
    assert ("age_unusual" in _codes(r)) is warned
    if warned:
        for lang in ("en", "ja", "zh"):
            assert str(age) in _detail(r.in_lang(lang), "age_unusual").text


@pytest.mark.parametrize(("extra_days", "warned"), [(-1, False), (0, False), (1, True)])
def test_a_reference_date_beyond_the_rule_data_is_flagged(
    book: Any, extra_days: int, warned: bool
) -> None:
    day = add_years(book.last_change, BEYOND_RULES_YEARS) + dt.timedelta(days=extra_days)
    r = kodo.evaluate({**person(40), "date": day.isoformat()})
    assert ("beyond_rule_data" in _codes(r)) is warned
    if warned:
        assert book.last_change.isoformat() in _detail(r, "beyond_rule_data").text


def test_the_last_change_is_the_latest_date_the_rule_data_knows_of(book: Any) -> None:
    days = {
        d
        for rule in book.rules.values()
        for v in rule.versions
        for d in (v.effective_from, v.effective_to)
        if d
    }
    assert book.known_through is not None  # the latest change the sources record
    assert book.last_change == max(*days, book.known_through) >= dt.date(2023, 4, 21)


LOCAL = {"employer": {"local_gov_support": True}}


@pytest.mark.parametrize(
    ("day", "claimed", "warned"),
    [
        ("2023-03-30", True, True),  # only the special-zone programme then (rules.md §1.8)
        ("2023-03-31", True, False),  # nationwide from this date
        ("2023-04-01", True, False),
        ("2019-06-01", True, True),
        ("2019-06-01", False, False),
    ],
)
def test_the_local_government_bonus_before_2023_03_31_names_its_condition(
    day: str, claimed: bool, warned: bool
) -> None:
    facts = {**person(35), "date": day, **(LOCAL if claimed else {})}
    r = kodo.evaluate(facts)
    assert ("condition.local_gov_support" in _codes(r)) is warned
    if warned:
        assert "国家戦略特区" in _detail(r, "condition.local_gov_support").text
        assert "国家战略特区" in _detail(r.in_lang("zh"), "condition.local_gov_support").text


def test_a_rule_version_condition_must_be_a_code() -> None:
    from kodo.rules.book import RuleDataError, parse_book
    from kodo.yamltext import read_yaml

    rules = {
        "book": {"name": "t", "coverage_from": "2020-01-01"},
        "rules": {
            "x": {
                "kind": "bonus",
                "versions": [
                    {
                        "effective_from": "2020-01-01",
                        "condition": "not a code",
                        "cite": [{"source": "S"}],
                        "value": {"points": 5, "categories": ["a"]},
                    }
                ],
            }
        },
    }
    sources = read_yaml("S: {title_en: t, title_ja: t, url: 'https://example.org'}")
    with pytest.raises(RuleDataError, match="condition"):
        parse_book(rules, sources)


def test_every_condition_in_the_rule_data_has_a_message_in_every_language(book: Any) -> None:
    from kodo.i18n import Message, render

    conditions = {v.condition for r in book.rules.values() for v in r.versions if v.condition}
    assert conditions  # the special-zone programme at least
    for code in conditions:
        for lang in ("en", "ja", "zh"):
            msg = Message.of(
                f"warning.condition.{code}",
                label="x",
                day=book.coverage_from,
                until=book.last_change,
            )
            assert render(msg, lang)


SNAPSHOT = {
    **person(40),
    "annual_salary": 8_000_000,
    "degrees": [{"level": "master"}],
    "experience": {"professional": 10},
}


def test_a_snapshot_evaluated_on_another_date_says_which_facts_were_assumed() -> None:
    r = kodo.evaluate(SNAPSHOT, date=dt.date(2015, 1, 1))
    d = _detail(r, "assumed_on")
    assert "2026-11-21" in d.text and "2015-01-01" in d.text
    for word in ("annual salary", "experience", "degrees"):
        assert word in d.text
    assert "employer" not in d.text  # not given, so nothing was assumed about it
    assert "年収" in _detail(r.in_lang("ja"), "assumed_on").text
    later = kodo.evaluate(SNAPSHOT, date=dt.date(2027, 1, 1))
    assert "assumed_on" in _codes(later)


def test_no_assumption_when_the_date_is_the_files_own() -> None:
    assert "assumed_on" not in _codes(kodo.evaluate(SNAPSHOT))
    assert "assumed_on" not in _codes(kodo.evaluate(SNAPSHOT, date=dt.date(2026, 11, 21)))


def test_a_file_without_a_date_describes_today() -> None:
    undated = {k: v for k, v in SNAPSHOT.items() if k != "date"}
    today = dt.date(2026, 11, 21)
    assert "assumed_on" not in _codes(kodo.evaluate(undated, date=today, today=today))
    r = kodo.evaluate(undated, date=dt.date(2020, 1, 1), today=today)
    assert "2026-11-21" in _detail(r, "assumed_on").text


def test_the_coe_age_warning_names_only_the_categories_where_age_counts() -> None:
    from tests.test_options import COE  # 29 on the application date, 30 on entry

    d = _detail(kodo.evaluate(COE), "option.coe_reference")
    assert set(d.categories) == {"a", "b"}  # ハ has no age points and no age-banded salary


def test_a_date_after_the_supported_range_is_an_input_error_from_the_python_api() -> None:
    from kodo.errors import InputError
    from kodo.input.types import LAST_DAY

    with pytest.raises(InputError) as err:
        kodo.evaluate(person(40), date=dt.date(9999, 12, 31))
    assert err.value.problems[0][0] == "date"
    assert LAST_DAY.isoformat() in str(err.value)
    assert kodo.evaluate(person(40), date=LAST_DAY).age is not None  # the last day is accepted


def test_evaluate_refuses_facts_that_cannot_be_true_on_the_reference_date() -> None:
    from kodo.errors import InputError

    with pytest.raises(InputError) as err:  # 40 years of work at 29
        kodo.evaluate(person(29, experience={"professional": 40}))
    assert [f for f, _ in err.value.problems] == ["experience.professional"]
    with pytest.raises(InputError) as err:  # born after the reference date
        kodo.evaluate({**person(29), "birth_date": "2026-11-22"})
    assert [f for f, _ in err.value.problems] == ["birth_date"]


def test_a_teenager_with_a_masters_on_a_past_date_is_scored_with_both_warnings() -> None:
    young = {**person(28), "birth_date": "1998-01-01", "degrees": [{"level": "master"}]}
    r = kodo.evaluate(young, date=dt.date(2015, 1, 1))  # 17 then
    assert r.age == 17
    assert {"age_unusual", "assumed_on"} <= _codes(r)


@pytest.mark.parametrize("question", ["permanent_residence", "hsp2", "forecast", "advice"])
def test_a_timeline_date_is_checked_where_the_user_gives_it_not_where_kodo_looks_ahead(
    question: str,
) -> None:
    from kodo.errors import InputError
    from kodo.input.types import LAST_DAY

    ask = getattr(kodo, question)
    facts = {**person(40), "statuses": [{"status": "hsp1_b", "from": "2020-01-01"}]}
    assert ask(facts, on=LAST_DAY) is not None  # a look-ahead beyond LAST_DAY is fine
    with pytest.raises(InputError) as err:
        ask(facts, on=LAST_DAY + dt.timedelta(days=1))
    assert err.value.problems[0][0] == "on"


def test_without_a_birth_date_the_reference_date_is_still_the_files_date() -> None:
    undated_birth = {k: v for k, v in SNAPSHOT.items() if k != "birth_date"}
    r = kodo.evaluate({**undated_birth, "date": "2025-01-01"}, today=dt.date(2026, 11, 22))
    assert r.reference_date == "2025-01-01" and r.age is None
    assert "beyond_rule_data" not in _codes(r)  # judged on 2025-01-01, not on today
    later = kodo.evaluate(undated_birth, date=dt.date(2030, 1, 1))  # another date: no crash
    assert {"assumed_on", "beyond_rule_data"} <= _codes(later)
    assert "2030-01-01" in _detail(later, "assumed_on").text


LOCAL_HISTORY = {
    "date": "2023-06-01",
    "birth_date": "1994-01-01",
    "category": "b",
    "degrees": [{"level": "master", "awarded": "2018-03-20"}],
    "career": [{"kind": "professional", "start": "2018-04-01"}],
    "salaries": [{"from": "2018-04-01", "annual_salary": 6_000_000}],
    "japanese_tests": [{"date": "2019-12-01", "jlpt": "N2"}],
    "employers": [{"from": "2018-04-01", "local_gov_support": True}],
    "statuses": [{"status": "engineer_humanities", "from": "2018-04-01", "to": "2026-03-31"}],
    "residence_since": "2018-04-01",
}


@pytest.mark.parametrize(("on", "warned"), [("2022-06-01", True), ("2023-06-01", False)])
def test_every_pr_date_judged_before_2023_03_31_names_the_local_government_condition(
    on: str, warned: bool
) -> None:
    r = kodo.permanent_residence(LOCAL_HISTORY, on=on)
    for route in r.routes:
        for day in (route.now, route.then):
            if day is None or not day.items.get("local_gov_support"):
                continue
            said = any("nssz_programme" in w.code for w in day.warnings)
            # the condition belongs to the rules that judged the date (the J-Skip look-back
            # is judged under the application date's rules: option jskip_lookback_rules)
            assert said is (day.rules_date < "2023-03-31"), (route.route, day.date)
    now = [rt.now for rt in r.routes if rt.now is not None]
    assert now and any(any("nssz" in w.code for w in d.warnings) for d in now) is warned


@pytest.mark.parametrize("day", ["2023-11-21", "2027-11-20", "2027-11-21", "2029-11-21"])
def test_evaluate_on_another_date_projects_a_snapshot_as_the_timeline_does(day: str) -> None:
    from tests.conftest import points

    four_years = {**SNAPSHOT, "experience": {"professional": 4}}  # as of 2026-11-21
    on = dt.date.fromisoformat(day)
    r = kodo.evaluate(four_years, date=on)
    forecast = kodo.forecast(four_years, on=on, years=1)
    assert r.totals == forecast.points_now  # one projection: history.Timeline
    expected = {"2023-11-21": 0, "2027-11-20": 5, "2027-11-21": 10, "2029-11-21": 15}[day]
    assert points(r, "b")["career"] == expected


def test_a_history_without_a_date_is_undetermined_like_a_snapshot() -> None:
    history = {k: v for k, v in LOCAL_HISTORY.items() if k != "date"}
    r = kodo.evaluate(history, today=dt.date(2026, 11, 22))
    assert "date" in r.missing and r.reference_date is None
    assert "date_missing" in _codes(r)
