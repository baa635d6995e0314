"""Properties that hold for any applicant (hypothesis)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kodo
from kodo.dates import age_on
from kodo.vocab import LEVELS as VOCAB_LEVELS

LEVELS = list(VOCAB_LEVELS)
FIELDS = ["Physics", "Law", "Economics"]
BOOLS = st.booleans()
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def degrees(draw: st.DrawFn) -> list[dict[str, Any]]:
    out = []
    for _ in range(draw(st.integers(0, 3))):
        level = draw(st.sampled_from(LEVELS))
        japan = draw(BOOLS)
        deg: dict[str, Any] = {
            "level": level,
            "field": draw(st.sampled_from(FIELDS)),
            "japan": japan,
            "designated": draw(BOOLS),
            "japanese_major": draw(BOOLS) and not japan,  # a Japanese major is foreign
        }
        if level in ("master", "professional"):
            deg["business"] = draw(BOOLS)
        out.append(deg)
    return out


@st.composite
def applicants(draw: st.DrawFn) -> dict[str, Any]:
    day = draw(st.dates(dt.date(2023, 4, 21), dt.date(2031, 12, 31)))
    age = draw(st.integers(18, 75))
    birth = day.replace(year=day.year - age, day=min(day.day, 28)) - dt.timedelta(
        days=draw(st.integers(0, 364))
    )
    # no more experience than the years since the age of 15 (more is refused as impossible)
    years = st.floats(0, min(40, age - 15), allow_nan=False).map(lambda x: round(x, 2))
    return {
        "date": day.isoformat(),
        "birth_date": birth.isoformat(),
        "degrees": draw(degrees()),
        "experience": {
            "research": draw(years),
            "professional": draw(years),
            "management": draw(years),
        },
        "annual_salary": draw(st.integers(0, 60_000_000)),
        "research": {
            "patents": draw(st.integers(0, 3)),
            "funded_projects": draw(st.integers(0, 5)),
            "papers": draw(st.integers(0, 6)),
            "other": draw(BOOLS),
        },
        "licenses": draw(st.integers(0, 4)),
        "position": draw(st.sampled_from(["none", "officer", "representative"])),
        # flags claimed are written, others left out ("sme: false" with "rnd_over_3pct: true"
        # is refused as a contradiction)
        "employer": {
            flag: True
            for flag in ("innovation_support", "sme", "rnd_over_3pct", "local_gov_support")
            if draw(BOOLS)
        },
        "foreign_qualification": draw(BOOLS),
        "japanese": {
            "jlpt": draw(st.sampled_from([None, "N1", "N2", "N3"])),
            "bjt": draw(st.one_of(st.none(), st.integers(0, 800))),
        },
        "growth_field_project": draw(BOOLS),
        "training": {flag: True for flag in ("jica", "at_japanese_university") if draw(BOOLS)},
        "investment": draw(st.sampled_from([0, 50_000_000, 100_000_000, 300_000_000])),
        "investment_management": draw(BOOLS),
    }


def _totals(r: kodo.Evaluation) -> dict[str, int]:
    return {c: r.categories[c].total for c in "abc"}


@SETTINGS
@given(applicants())
def test_total_is_the_sum_of_the_items(app: dict[str, Any]) -> None:
    r = kodo.evaluate(app)
    for c in "abc":
        cat = r.categories[c]
        assert cat.total == sum(i.points for i in cat.items)
        assert cat.range == (cat.total, cat.total)
        assert cat.eligible == (cat.total >= 70 and (c == "a" or app["annual_salary"] >= 3_000_000))
        for it in cat.items:
            assert it.reason and it.citation


@SETTINGS
@given(applicants(), st.integers(1, 20_000_000))
def test_more_salary_in_the_same_age_band_never_lowers_points(
    app: dict[str, Any], more: int
) -> None:
    richer = {**app, "annual_salary": app["annual_salary"] + more}
    before, after = kodo.evaluate(app), kodo.evaluate(richer)
    for c in "abc":
        assert after.categories[c].total >= before.categories[c].total
        assert after.categories[c].eligible >= before.categories[c].eligible


BONUS_FACTS = [
    ("foreign_qualification", True),
    ("growth_field_project", True),
    ("investment_management", True),
    ("employer", {"innovation_support": True}),
    ("employer", {"local_gov_support": True}),
    ("employer", {"rnd_over_3pct": True}),
    ("training", {"jica": True}),
    ("research", {"other": True}),
    ("japanese", {"jlpt": "N1"}),
    ("licenses", 2),
    ("position", "representative"),
    ("investment", 100_000_000),
]


@SETTINGS
@given(applicants(), st.sampled_from(BONUS_FACTS))
def test_claiming_an_extra_bonus_fact_never_lowers_a_total(
    app: dict[str, Any], fact: tuple[str, Any]
) -> None:
    key, value = fact
    more = dict(app)
    more[key] = {**app[key], **value} if isinstance(value, dict) else value
    before, after = kodo.evaluate(app), kodo.evaluate(more)
    for c in "abc":
        assert after.categories[c].total >= before.categories[c].total, (key, c)


@SETTINGS
@given(applicants(), st.sampled_from(["birth_date", "annual_salary", "degrees", "date"]))
def test_the_exact_total_lies_within_the_range_with_a_fact_removed(
    app: dict[str, Any], fact: str
) -> None:
    exact = kodo.evaluate(app)
    partial = kodo.evaluate(
        {k: v for k, v in app.items() if k != fact}, today=dt.date.fromisoformat(app["date"])
    )
    for c in "abc":
        low, high = partial.categories[c].range
        assert low <= exact.categories[c].total <= high, (fact, c)
        assert partial.categories[c].eligible is False or fact not in partial.categories[c].missing


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(applicants(), min_size=2, max_size=8))
def test_a_batch_gives_the_same_results_as_single_evaluations(apps: list[dict[str, Any]]) -> None:
    batch = kodo.evaluate_many(apps)
    for app, r in zip(apps, batch, strict=True):
        assert r.to_dict() == kodo.evaluate(app).to_dict()


@given(
    st.dates(dt.date(1950, 1, 1), dt.date(2010, 12, 31)),
    st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31)),
)
def test_age_grows_by_exactly_one_a_year(birth: dt.date, day: dt.date) -> None:
    age = age_on(birth, day)
    assert 0 <= age_on(birth, day - dt.timedelta(days=1)) <= age
    if (day.month, day.day) != (2, 29):
        assert age_on(birth, day.replace(year=day.year + 1)) == age + 1
