"""Rule what-ifs (kodo.rules.overlay): a patch to a copy of the rule data, validated as a whole
(every problem named by its path, in every language), its own content id, and the overlaid
book used wherever a book is (evaluate, the batch)."""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import kodo
from kodo.batch.table import context, score_frame
from kodo.rules.book import load_book
from kodo.rules.overlay import (
    WHAT_IF,
    OverlayError,
    WhatIfBook,
    apply_overlay,
    load_overlay,
)
from kodo.rules.values import Bonus, Thresholds

BOOK = load_book()
ROOT = Path(__file__).resolve().parents[1]
DAY = dt.date(2027, 4, 1)
PASS_65 = {
    "overlay": "Pass mark 65 from 2027-04-01",
    "changes": [{"rule": "thresholds", "from": "2027-04-01", "set": {"pass": 65}}],
}
N2_15 = {"overlay": "N2 15", "changes": [{"rule": "n2", "set": {"points": 15}}]}
BASE_PASS = BOOK.at(DAY).value("thresholds", Thresholds)
BASE_N2 = BOOK.at(DAY).value("n2", Bonus)
assert BASE_PASS is not None and BASE_N2 is not None


def applied(data: dict[str, Any], book: Any = BOOK) -> WhatIfBook:
    return apply_overlay(book, load_overlay(data))


def person(years: float, jlpt: str, day: dt.date = DAY) -> dict[str, Any]:
    """Category b: master 20, salary 5M at 34 15, age 10, plus experience and Japanese."""
    return {
        "date": day.isoformat(),
        "birth_date": "1992-06-01",
        "experience": {"professional": years},
        "annual_salary": 5_000_000,
        "japanese": {"jlpt": jlpt},
        "degrees": [{"level": "master"}],
    }


def problems(data: Any, book: Any = BOOK) -> dict[str, str]:
    with pytest.raises(OverlayError) as err:
        apply_overlay(book, load_overlay(data))
    return {field: kodo.i18n.render(m, "en") for field, m in err.value.problems}


# ------------------------------------------------------------------------------ applying


def test_a_new_version_from_a_date_splits_the_version_in_force() -> None:
    book = applied(PASS_65)
    versions = book.rules["thresholds"].versions
    assert [(v.effective_from, v.effective_to) for v in versions] == [
        (BOOK.coverage_from, DAY),
        (DAY, None),
    ]
    before, after = (v.value for v in versions)
    assert isinstance(before, Thresholds) and isinstance(after, Thresholds)
    assert (before.pass_mark, after.pass_mark) == (BASE_PASS.pass_mark, 65)
    assert before.high == after.high == BASE_PASS.high
    assert versions[1].citations[0].source == WHAT_IF
    assert versions[1].citations[0].item == PASS_65["overlay"]
    assert all(c.source != WHAT_IF for c in versions[0].citations)


def test_a_person_at_65_is_eligible_from_the_date_not_before() -> None:
    book = applied(PASS_65)
    on, eve = person(4.0, "N1"), person(4.0, "N1", DAY - dt.timedelta(days=1))
    assert kodo.evaluate(on, today=DAY).totals["b"] == 65
    assert kodo.evaluate(on, today=DAY, rules=book).categories["b"].eligible
    assert not kodo.evaluate(eve, today=DAY, rules=book).categories["b"].eligible
    assert not kodo.evaluate(on, today=DAY).categories["b"].eligible
    result = kodo.evaluate(on, today=DAY, rules=book)
    assert result.rules.version == book.id and PASS_65["overlay"] in result.rules.book


def test_until_ends_the_change_and_the_old_value_returns() -> None:
    data = {"overlay": "A year at 65", "changes": [
        {"rule": "thresholds", "from": "2027-04-01", "until": "2028-04-01", "set": {"pass": 65}}
    ]}  # fmt: skip
    book = applied(data)
    marks = [book.at(d).value("thresholds", Thresholds) for d in (DAY, dt.date(2028, 4, 1))]
    assert [m.pass_mark for m in marks if m] == [65, BASE_PASS.pass_mark]
    assert len(book.rules["thresholds"].versions) == 3


def test_n2_in_every_version_in_force_and_the_rule_still_absent_before_it_existed() -> None:
    book = applied(N2_15)
    versions = book.rules["n2"].versions
    assert len(versions) == len(BOOK.rules["n2"].versions)
    assert not versions[0].in_force and versions[0].value is None
    assert all(c.source != WHAT_IF for c in versions[0].citations)
    value = versions[-1].value
    assert isinstance(value, Bonus) and value.points == 15 and value.bjt_min == BASE_N2.bjt_min
    n2 = person(6.0, "N2")
    assert kodo.evaluate(n2, today=DAY).totals["b"] == 65
    result = kodo.evaluate(n2, today=DAY, rules=book)
    assert result.totals["b"] == 70
    n2_item = next(i for i in result.categories["b"].items if i.id == "n2")
    assert n2_item.citation[0].source == WHAT_IF  # a what-if never reads as the law
    assert "not an official source" in result.sources[WHAT_IF].title
    ja = kodo.evaluate(n2, today=DAY, rules=book, lang="ja").sources[WHAT_IF].title
    assert "公式の情報源ではなく" in ja
    flat = pl.DataFrame({"date": [DAY.isoformat()], "birth_date": ["1992-06-01"],
                         "degree": ["master"], "professional_years": ["6"],
                         "annual_salary": ["5000000"], "jlpt": ["N2"]})  # fmt: skip
    row = score_frame(flat, context(rules=book, today=DAY)).row(0, named=True)
    assert (row["b_n2"], row["b_total"], row["rules_version"]) == (15, 70, book.id)


def test_a_whole_value_brings_a_rule_into_force_earlier() -> None:
    j_skip = BOOK.rules["j_skip"].versions[-1]
    assert j_skip.value is not None
    value = j_skip.value.model_dump(mode="json")
    data = {"overlay": "J-Skip from 2020", "changes": [
        {"rule": "j_skip", "from": "2020-01-01", "value": value}
    ]}  # fmt: skip
    book = applied(data)
    assert book.rules["j_skip"].version_on(dt.date(2021, 1, 1)).in_force
    assert not BOOK.rules["j_skip"].version_on(dt.date(2021, 1, 1)).in_force
    assert not book.rules["j_skip"].version_on(dt.date(2019, 1, 1)).in_force


def test_a_new_salary_band_from_the_example_file() -> None:
    book = apply_overlay(BOOK, load_overlay(ROOT / "examples/overlays/salary-band.yaml"))
    rich = {"date": DAY.isoformat(), "birth_date": "1992-06-01", "annual_salary": 11_000_000,
            "degrees": [{"level": "master"}]}  # fmt: skip
    assert kodo.evaluate(rich, today=DAY, rules=book).totals["b"] == (
        kodo.evaluate(rich, today=DAY).totals["b"] + 5
    )
    eve = {**rich, "date": "2027-03-31"}
    assert kodo.evaluate(eve, today=DAY, rules=book).totals == kodo.evaluate(eve, today=DAY).totals


@pytest.mark.parametrize("name", ["pass-mark-65", "n2-15", "salary-band"])
def test_every_example_overlay_applies(name: str) -> None:
    overlay = load_overlay(ROOT / f"examples/overlays/{name}.yaml")
    book = apply_overlay(BOOK, overlay)
    assert book.id != BOOK.id and book.overlay == overlay.name and book.base_id == BOOK.id


# ------------------------------------------------------------------------------ identity


def test_the_id_is_its_own_stable_and_the_base_stays_reachable_and_unchanged() -> None:
    first, again = applied(PASS_65), applied(PASS_65)
    assert first.id == again.id != BOOK.id
    assert first.base_id == BOOK.id and first.overlay == PASS_65["overlay"]
    assert PASS_65["overlay"] in first.name and BOOK.name in first.name
    renamed = applied({**PASS_65, "overlay": "Another name"})
    assert renamed.id != first.id  # the name is part of the book
    assert applied(N2_15).id not in (first.id, BOOK.id)
    assert load_book().id == BOOK.id  # the shipped data untouched
    assert BOOK.at(DAY).value("thresholds", Thresholds) == BASE_PASS
    assert pickle.loads(pickle.dumps(first)).id == first.id  # travels to Dask workers


def test_an_overlay_on_an_overlaid_book() -> None:
    once = applied(PASS_65)
    twice = applied(N2_15, once)
    assert twice.base_id == once.id and f"{WHAT_IF}-2" in twice.sources
    marks = twice.at(DAY).value("thresholds", Thresholds)
    assert marks is not None and marks.pass_mark == 65
    assert twice.rules["n2"].versions[-1].citations[0].source == f"{WHAT_IF}-2"


# ------------------------------------------------------------------------------ validation


S, N2 = {"points": 5}, "n2"  # a valid set, and the rule most cases change


@pytest.mark.parametrize(
    "change,field,words",
    [
        ({"rule": "thresholdz", "set": {"pass": 65}}, ".rule", "did you mean 'thresholds'"),
        ({"rule": "nope", "set": S}, ".rule", "docs/what-if.md"),
        ({"rule": N2, "set": {"pointz": 15}}, ".set.pointz", "did you mean 'points'"),
        ({"rule": N2, "set": {"points": "15"}}, ".set.points", "whole number"),
        ({"rule": N2, "set": {"points": 150}}, ".set.points", "at most"),
        ({"rule": N2, "set": {"categories": "b"}}, ".set.categories", "list"),
        ({"rule": "thresholds", "set": {"pass": 90}}, ".set", "high must be above"),
        ({"rule": "salary", "set": {"a.points[9]": [0]}}, ".set.a.points[9]", "from 0 to 3"),
        ({"rule": "salary", "set": {"a.points.0.1.x": 1}}, ".set.a.points.0.1.x", "single"),
        ({"rule": "salary", "set": {"a..points": 1}}, ".set.a..points", "not a path"),
        ({"rule": "salary", "set": {"a.salary_edges": [4000000]}}, ".set.a", "points"),
        ({"rule": N2, "from": "2001-01-01", "set": S}, ".from", "2012-05-07"),
        ({"rule": N2, "from": "2027-02-30", "set": S}, ".from", "exists"),
        ({"rule": N2, "from": "2028-01-01", "until": "2027-01-01", "set": S}, ".until", "after"),
        ({"rule": N2, "until": "2012-05-07", "set": S}, ".until", "after the first day"),
        ({"rule": "salary", "set": {"a.points[-1]": [0]}}, ".set.a.points[-1]", "got -1"),
        ({"rule": "salary", "set": {"a.points.²": [0]}}, ".set.a.points.²", "got ²"),
        ({"rule": "salary_floor", "set": {"b": 10**20}}, ".set.b", "at most"),
        ({"rule": N2, "from": "2013-01-01", "until": "2014-01-01", "set": S}, ".set", "in force"),
        ({"rule": N2, "set": S, "value": {}}, "", "both"),
        ({"rule": N2}, "", "needs set"),
        ({"rule": N2, "set": S, "to": "x"}, ".to", "unknown field"),
        ({"set": S}, ".rule", "required"),
        ({"rule": N2, "set": {}}, ".set", "at least"),
        (
            {"rule": N2, "value": {**S, "categories": ["b"], "colour": 1}},
            ".value.colour",
            "unknown",
        ),
        ({"rule": N2, "set": {"requires": ["nope"]}}, "", "requires unknown item"),
    ],
)
def test_each_problem_names_its_path(change: dict[str, Any], field: str, words: str) -> None:
    found = problems({"overlay": "bad", "changes": [change]})
    assert f"changes[0]{field}" in found, found
    assert words in found[f"changes[0]{field}"]


def test_a_union_reports_one_problem_at_one_place() -> None:
    found = problems({"overlay": "x", "changes": [{"rule": "salary_floor", "set": {"b": 10**20}}]})
    assert list(found) == ["changes[0].set.b"], found


def test_the_change_that_breaks_a_check_across_rules_is_named() -> None:
    good = {"rule": "jp_degree", "set": {"points": 5}}
    bad = {"rule": N2, "set": {"requires": ["nope"]}}
    for at in range(5):
        changes = [good] * at + [bad] + [good] * (4 - at)
        found = problems({"overlay": "x", "changes": changes})
        assert list(found) == [f"changes[{at}]"], found


def test_an_overlay_name_with_control_characters_is_refused() -> None:
    found = problems({"overlay": "n\x1b[31m", "changes": [{"rule": "n2", "set": S}]})
    assert "control characters" in found["overlay"]


def test_a_what_if_version_far_ahead_keeps_the_real_books_last_change() -> None:
    book = load_book()
    far = {"overlay": "far", "changes": [{"rule": "n2", "from": "2190-01-01", "set": S}]}
    assert apply_overlay(book, load_overlay(far)).last_change == book.last_change


def test_the_document_itself() -> None:
    found = problems({"changes": [], "colour": 1})
    assert found["overlay"] == "is required" and "at least" in found["changes"]
    assert "overlay, changes" in found["colour"]
    assert (
        "text" in problems({"overlay": 3, "changes": [{"rule": "n2", "set": {"x": 1}}]})["overlay"]
    )
    assert "list" in problems({"overlay": "x", "changes": {"rule": "n2"}})["changes"]


def test_the_whole_patch_is_checked_before_anything_is_applied() -> None:
    data = {"overlay": "half good", "changes": [
        {"rule": "thresholds", "from": "2027-04-01", "set": {"pass": 65}},
        {"rule": "n2", "set": {"points": -1}},
        {"rule": "jp_degree", "set": {"points": 5}},
        {"rule": "age", "set": {"b.edges": [40, 30]}},
    ]}  # fmt: skip
    found = problems(data)
    assert set(found) == {"changes[1].set.points", "changes[3].set.b"}
    assert "at least" in found["changes[1].set.points"]
    assert "ascending" in found["changes[3].set.b"]
    # a problem across rules is found after every change is valid, and named by its change
    data["changes"][1:] = [{"rule": "jp_degree", "set": {"points": 5}},
                           {"rule": "n2", "set": {"excluded_by": [{"item": "nope"}]}}]  # fmt: skip
    assert "excluded_by" in problems(data)["changes[2]"]
    assert load_book().id == BOOK.id


def test_a_change_to_several_versions_names_the_version() -> None:
    found = problems({"overlay": "x", "changes": [{"rule": "jp_degree", "set": {"points": "5"}}]})
    assert "(in the version from 2012-05-07)" in found["changes[0].set.points"]


@pytest.mark.parametrize(
    "lang,words",
    [("en", "is not a rule of the rule data"), ("ja", "ルールデータにないルール"),
     ("zh", "不是规则数据中的规则")],
)  # fmt: skip
def test_the_error_reads_in_every_language_and_names_the_file(
    tmp_path: Path, lang: str, words: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("overlay: bad\nchanges:\n  - rule: thresholdz\n    set: {pass: 65}\n")
    with pytest.raises(OverlayError) as err:
        apply_overlay(BOOK, load_overlay(path))
    text = err.value.render(lang)
    assert words in text and "changes[0].rule" in text and str(path)[-20:] in text


def test_a_file_that_is_not_an_overlay(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("overlay: [unclosed\n")
    with pytest.raises(OverlayError) as err:
        load_overlay(path)
    assert "broken.yaml" in str(err.value) and "YAML" in str(err.value)
    with pytest.raises(OverlayError, match="no such file"):
        load_overlay(tmp_path / "missing.yaml")
    path.write_text("- a list\n")
    with pytest.raises(OverlayError, match="mapping"):
        load_overlay(path)
