"""The warning codes of a whole scored group at once (``warning_flags`` + ``row_codes``, the
batch's ``warnings`` column) are those of each person's evaluation, for results of all three
categories and of one; and they are fast for a large group."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import time
from typing import Any

import numpy as np
import pytest

import kodo
from kodo.explanation.row import Scope
from kodo.explanation.warnings import WarningFlag, row_codes, warning_flags
from kodo.vocab import CATEGORIES
from tests.conftest import TODAY

DEGREES: list[list[dict[str, Any]]] = [
    [],
    [{"level": "bachelor"}],
    [{"level": "master"}],
    [{"level": "master", "designated": True}],
    [{"level": "doctorate", "field": "Physics"}, {"level": "master", "field": "Law"}],
    [{"level": "doctorate"}, {"level": "master"}],  # fields unknown: multiple fields unknown
    [
        {"level": "doctorate", "field": "Physics"},
        {"level": "professional", "business": True, "field": "Physics"},
    ],  # doctorate + MBA: option mba_reading
    [{"level": "professional", "business": True}],
]
EMPLOYERS: list[dict[str, Any]] = [
    {},
    {"innovation_support": True},
    {"innovation_support": True, "local_gov_support": True},  # option local_gov_stacking
    {"local_gov_support": True},  # before 2023-03-31: a condition
    {"rnd_ratio_pct": 3.0},  # option rnd_threshold
]
RESEARCH: list[dict[str, Any]] = [
    {},
    {"papers": 3, "papers_corresponding_author": 1},  # option paper_authorship
    {"patents": 1, "papers": 3, "papers_corresponding_author": 3},
]


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


def _population(seed: int, n: int, beyond: dt.date) -> list[dict[str, Any]]:
    """``n`` people varied enough to trigger every warning (checked below)."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        day = rng.choice([None, beyond, *[_day(rng, dt.date(2013, 1, 1), TODAY)] * 6])
        ref = day or TODAY
        age = rng.choice([16, 17, 18, 29, 30, 34, 35, 39, 40, 45, 60, 75, 76, 80])
        birth = ref.replace(year=ref.year - age - 1) + dt.timedelta(days=rng.randrange(1, 365))
        facts: dict[str, Any] = {
            "birth_date": birth.isoformat(),
            "degrees": rng.choice(DEGREES),
            "annual_salary": rng.choice([0, 3_000_000, 5_200_000, 8_000_000, 12_000_000]),
            "research": rng.choice(RESEARCH),
            "employer": rng.choice(EMPLOYERS),
            "licenses": rng.choice([0, 0, 1]),
            "foreign_qualification": rng.random() < 0.2,
            "growth_field_project": rng.random() < 0.2,
            "experience": {"professional": rng.choice([0, 1, 2]) if age >= 20 else 0},
        }
        if day is not None:
            facts["date"] = day.isoformat()
        if facts["annual_salary"] and rng.random() < 0.3:
            facts["salary_performance_linked"] = 400_000
        if rng.random() < 0.2:  # a COE: age on the planned entry date
            entry = ref + dt.timedelta(days=rng.randrange(20, 120))
            facts["application"] = {"kind": "coe", "planned_entry": entry.isoformat()}
        if rng.random() < 0.1:
            del facts["annual_salary"]  # a missing core fact
        if rng.random() < 0.4:
            facts["category"] = rng.choice(CATEGORIES)
        out.append(facts)
    return out


def _cats(people: list[dict[str, Any]], scope: Scope) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """(3, n): the categories of each of ``scope``'s people's results."""
    cats = np.ones((3, scope.group.index.size), dtype=np.bool_)
    for j, i in enumerate(scope.group.index.tolist()):
        cat = people[i].get("category")
        if cat:
            cats[:, j] = [c == cat for c in CATEGORIES]
    return cats


OPTIONS: list[dict[str, Any]] = [
    {},
    {"past_rules": "now"},
    {"mba_reading": "addon", "coe_reference": "application", "performance_bonus": "exclude"},
]


@pytest.mark.parametrize("options", OPTIONS)
def test_the_codes_of_a_group_are_those_of_each_evaluation(options: dict[str, Any]) -> None:
    book = kodo.load_rules()
    beyond = book.last_change.replace(year=book.last_change.year + 2)
    people = _population(7, 400, beyond)
    results = kodo.evaluate_many(people, options=options, today=TODAY)
    seen: set[str] = set()
    for scope in results.scopes:
        flags = warning_flags(scope)
        assert warning_flags(scope) is flags  # derived once per group
        cats = _cats(people, scope)
        codes = row_codes(flags, cats)
        three = row_codes(flags, np.ones((3, scope.group.index.size), dtype=np.bool_))
        for j, i in enumerate(scope.group.index.tolist()):
            r = results[i]
            expected = [d.code for d in r.warning_details]
            assert codes[j] == (";".join(expected) or None), (i, people[i])
            assert r.category_indexes == [c for c in range(3) if cats[c, j]]
            if people[i].get("category") is None:
                assert three[j] == codes[j]
            else:  # the codes of all three categories: as if no category had been asked for
                whole = kodo.evaluate_many(
                    [{k: v for k, v in people[i].items() if k != "category"}],
                    options=options,
                    today=TODAY,
                )[0]
                assert three[j] == (";".join(d.code for d in whole.warning_details) or None)
            seen.update(expected)
    wanted = {
        "age_unusual",
        "age_band_soon",
        "beyond_rule_data",
        "multiple_fields_unknown",
        "performance_bonus_review",
        "list_check.top_university",
        "list_check.licences",
        "list_check.innovation_support",
        "option.local_gov_stacking",
        "option.paper_authorship",
        "option.rnd_threshold",
        "option.coe_reference",
    }
    if not options:
        wanted |= {"date_missing", "option.mba_reading", "option.performance_bonus"}
    if options.get("past_rules") == "now":  # today's rules for everyone
        wanted |= {"option.past_rules"}
    else:  # the rules of the local-government bonus before 2023-03-31
        wanted |= {"condition.local_gov_support"}
    assert wanted <= seen, wanted - seen


def test_a_flag_names_its_option_and_covers_every_person_it_applies_to() -> None:
    people = _population(3, 120, dt.date(2030, 1, 1))
    results = kodo.evaluate_many(people, today=TODAY)
    for scope in results.scopes:
        n = scope.group.index.size
        for flag in warning_flags(scope):
            assert flag.mask.shape == (3, n) and flag.mask.dtype == np.bool_ and flag.mask.any()
            assert (flag.option is not None) is flag.code.startswith("option.")
            for j in np.flatnonzero(flag.mask.any(axis=0)).tolist():
                i = int(scope.group.index[j])
                details = {d.code: d for d in results[i].warning_details}
                asked = results[i].category_indexes
                if flag.mask[asked, j].any():
                    d = details[flag.code]
                    assert d.option == flag.option
                    hit = [CATEGORIES[c] for c in asked if flag.mask[c, j]]
                    assert list(d.categories) == (
                        hit if flag.per_category else [CATEGORIES[c] for c in asked]
                    )


def test_row_codes_with_more_flags_than_one_word_of_bits() -> None:
    rng = np.random.default_rng(5)
    n = 500
    flags = [
        WarningFlag(f"w{f}", None, rng.random((3, n)) < 0.05, "age_unusual") for f in range(70)
    ]
    cats = rng.random((3, n)) < 0.5
    got = row_codes(flags, cats)
    for j in range(n):
        want = [fl.code for fl in flags if (fl.mask[:, j] & cats[:, j]).any()]
        assert got[j] == (";".join(want) or None)
    assert row_codes([], cats).tolist() == [None] * n


def _tiled(scope: Scope, reps: int) -> Scope:
    """``scope``'s people repeated ``reps`` times (a large group without scoring it)."""
    group = scope.group
    idx = np.tile(np.arange(group.index.size), reps)

    def take(value: Any) -> Any:
        if isinstance(value, np.ndarray) and value.ndim:
            return value[..., idx]
        if isinstance(value, dict):
            return {k: take(v) for k, v in value.items()}
        return value

    sc = group.scores
    scores = dataclasses.replace(
        sc, **{f.name: take(getattr(sc, f.name)) for f in dataclasses.fields(sc)}
    )
    big = dataclasses.replace(
        group,
        index=np.arange(idx.size),
        rule_days=group.rule_days[idx],
        cols=group.cols.take(idx),
        scores=scores,
        ranges=group.ranges[:, idx] if group.ranges.size else group.ranges,
    )
    return Scope(big, scope.book, scope.opts, scope.today)


def test_the_codes_of_200_000_rows_at_once() -> None:
    people = [
        {k: v for k, v in p.items() if k != "category"}
        for p in _population(11, 500, dt.date(2030, 1, 1))
    ]
    results = kodo.evaluate_many(people, today=TODAY)
    scope = max(results.scopes, key=lambda s: s.group.index.size)
    n = scope.group.index.size
    reps = -(-200_000 // n)
    small = row_codes(warning_flags(scope), np.ones((3, n), dtype=np.bool_))
    big = _tiled(scope, reps)
    cats = np.ones((3, n * reps), dtype=np.bool_)
    start = time.perf_counter()
    codes = row_codes(warning_flags(big), cats)
    took = time.perf_counter() - start
    one = np.zeros_like(cats)
    one[1] = True
    start = time.perf_counter()
    in_b = row_codes(warning_flags(big), one)
    took_b = time.perf_counter() - start
    print(f"\n{n * reps} rows: flags + codes {took:.3f} s; codes of category b {took_b:.3f} s")
    assert codes.tolist() == small.tolist() * reps
    assert in_b.tolist() == row_codes(warning_flags(scope), one[:, :n]).tolist() * reps
