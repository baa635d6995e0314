"""Every argument of the Python API ends in a result or an InputError naming the argument."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import kodo
from kodo.errors import InputError
from tests.conftest import person

FACTS = {**person(40), "statuses": [{"status": "hsp1_b", "from": "2020-01-01"}]}
QUESTIONS = ["permanent_residence", "hsp2", "forecast", "advice"]


def _refused(call: Any, name: str) -> None:
    with pytest.raises(InputError) as err:
        call()
    assert err.value.problems[0][0] == name


@pytest.mark.parametrize("question", QUESTIONS)
@pytest.mark.parametrize(
    ("arg", "value"),
    [
        ("on", "garbage"),
        ("on", 5),
        ("on", "2026-02-30"),
        ("on", dt.datetime(2026, 1, 1)),
        ("today", "x"),
        ("today", 1.5),
        ("options", "zzz"),
        ("options", [1, 2]),
        ("lang", "xx"),
    ],
)
def test_a_bad_argument_to_a_timeline_question_is_an_input_error(
    question: str, arg: str, value: Any
) -> None:
    ask = getattr(kodo, question)
    _refused(lambda: ask(FACTS, **{arg: value}), arg)


@pytest.mark.parametrize("question", QUESTIONS)
def test_dates_may_be_given_as_iso_text(question: str) -> None:
    ask = getattr(kodo, question)
    assert ask(FACTS, on="2026-06-01", today="2026-11-22") is not None


@pytest.mark.parametrize("years", [2.5, "3", None, True, 0, 10_000])
def test_forecast_years_must_be_a_whole_number_in_range(years: Any) -> None:
    _refused(lambda: kodo.forecast(FACTS, years=years), "years")


@pytest.mark.parametrize(
    ("arg", "value"), [("date", "garbage"), ("date", 5), ("today", "x"), ("options", "zzz")]
)
def test_a_bad_argument_to_evaluate_is_an_input_error(arg: str, value: Any) -> None:
    _refused(lambda: kodo.evaluate(FACTS, **{arg: value}), arg)


@pytest.mark.parametrize("applicants", [5, "me.yaml", {"date": "2026-01-01"}, None])
def test_evaluate_many_needs_a_list(applicants: Any) -> None:
    _refused(lambda: kodo.evaluate_many(applicants), "applicants")


def test_evaluate_takes_a_date_as_text() -> None:
    assert kodo.evaluate(FACTS, date="2025-01-01").reference_date == "2025-01-01"
