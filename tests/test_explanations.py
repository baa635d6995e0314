"""Explanations come from the engine's own codes: they never contradict the points."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import kodo
from tests.conftest import item, person
from tests.test_properties import applicants

LANGS = ("en", "ja", "zh")


def test_research_names_only_the_kinds_counted_under_the_authorship_option() -> None:
    facts = person(33, research={"patents": 1, "papers": 3, "papers_corresponding_author": 0})
    only = kodo.evaluate(facts, options={"paper_authorship": "corresponding_only"})
    it = item(only, "a", "research")
    assert it.points == 20
    assert it.reason == "1 kind of qualifying research achievement (patent): 20 points."
    both = kodo.evaluate(facts)
    assert item(both, "a", "research").reason == (
        "2 kinds of qualifying research achievement (patent, papers): 25 points."
    )
    assert "論文" not in item(only.in_lang("ja"), "a", "research").reason


def test_a_bjt_score_below_the_n1_level_is_not_named_as_n1() -> None:
    r = kodo.evaluate(person(29, japanese={"jlpt": "N1", "bjt": 450}))
    for lang in LANGS:
        reason = item(r.in_lang(lang), "b", "n1_or_jp_major").reason
        assert "450" not in reason and "N1" in reason
    assert item(r, "b", "n2").code == "n2.excluded.n1_or_jp_major"
    r = kodo.evaluate(person(29, japanese={"bjt": 520}))
    assert "BJT score 520" in item(r, "b", "n1_or_jp_major").reason


def test_an_excluded_item_names_the_item_that_excludes_it_in_every_language() -> None:
    r = kodo.evaluate(
        person(29, degrees=[{"level": "bachelor", "japan": True}], japanese={"jlpt": "N2"})
    )
    assert "N2" in item(r.in_lang("zh"), "b", "n2").reason
    assert "在日本的高等教育机构取得学位" in item(r.in_lang("zh"), "b", "n2").reason


def _check(r: Any) -> None:
    for lang in LANGS:
        res = r.in_lang(lang)
        for cat in res.categories.values():
            assert str(cat.total) in cat.verdict_text or cat.verdict == "missing"
            assert cat.total == sum(i.points for i in cat.items)
            for it in cat.items:
                if it.status in ("awarded", "capped"):
                    assert re.search(rf"(?<!\d){it.points}(?!\d)", it.reason), (lang, it)
                if it.status == "excluded":  # the excluding item is one the result lists
                    excluder = it.code.split(".")[2]
                    assert any(i.id == excluder and i.points > 0 for i in cat.items), it


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(applicants())
def test_sentences_agree_with_the_points_for_any_applicant(app: dict[str, Any]) -> None:
    _check(kodo.evaluate(app))


@pytest.mark.parametrize("lang", LANGS)
def test_the_text_output_fits_80_columns(lang: str) -> None:
    from kodo.shells.text import render_text

    facts = person(
        29, degrees=[{"level": "master", "japan": True}], annual_salary=6_000_000,
        japanese={"jlpt": "N1"},
    )  # fmt: skip
    r = kodo.evaluate(facts, lang=lang)
    text = render_text(r, color=False, width=80)
    from rich.cells import cell_len

    assert max(cell_len(line) for line in text.splitlines()) <= 80


@pytest.mark.parametrize("lang", LANGS)
def test_the_timeline_text_fits_the_width_with_hanging_indents(lang: str) -> None:
    from rich.cells import cell_len

    from kodo.input.read import parse_applicant, read_document, read_text
    from kodo.shells.timeline_text import render_timeline
    from kodo.shells.wrap import NO_START

    path = "examples/history.yaml"
    app = parse_applicant(read_document(read_text(path), path), path)
    for result in (kodo.permanent_residence(app, lang=lang), kodo.advice(app, lang=lang)):
        wide = render_timeline(result).splitlines()
        lines = render_timeline(result, width=60).splitlines()
        assert max(cell_len(line) for line in lines) <= 60
        assert len(lines) > len(wide)  # something was long enough to wrap
        for line in lines:
            assert line.lstrip()[:1] not in NO_START, line
        # Nothing is lost: the wrapped text, joined again, is the unwrapped text.
        squash = "".join("".join(wide).split())
        assert "".join("".join(lines).split()) == squash


def test_an_unclaimed_item_is_not_claimed_whoever_else_is_in_the_batch() -> None:
    # Regression: the claimed matrix was copied (as soon as one claim, here the R&D ratio,
    # had its own "claimed" row) before every row was written, so the items after it took
    # whatever the memory held: "below band" for an item nobody claimed.
    plain = person(30, japanese={"jlpt": "N3"})
    ratio = person(30, employer={"sme": True, "rnd_ratio_pct": 1.5})
    single = kodo.evaluate(plain).to_dict()
    for size in range(1, 40):  # small arrays come from reused memory
        batch = kodo.evaluate_many([ratio] + [plain] * size)
        for r in list(batch)[1:]:
            for cat in r.categories.values():
                assert all(
                    it.code != f"{it.id}.below_band"
                    for it in cat.items
                    if it.id in ("jp_degree", "n2", "n1_or_jp_major", "top_university")
                )
            assert r.to_dict() == single


def test_a_rule_not_yet_in_force_is_dated_with_each_persons_own_date() -> None:
    # Regression: one rule snapshot serves every date with the same rule versions; the date
    # in "not in force on D" must be the person's, not the first date that reached the cache.
    early, later = (person(30, date=d) for d in ("2023-01-05", "2023-03-01"))
    days = ("2023-01-05", "2023-03-01")
    for r, day in zip(kodo.evaluate_many([early, later]), days, strict=True):
        assert all(day in js.reasons[0] for js in r.j_skip.values()), r.j_skip
    assert "2023-03-01" in kodo.evaluate(later).j_skip["a"].reasons[0]


def test_the_shortfall_never_contradicts_a_salary_floor_verdict() -> None:
    from tests.conftest import person

    rich_in_points = person(
        29,
        annual_salary=2_500_000,  # below the ¥3,000,000 floor of ロ and ハ
        degrees=[{"level": "doctorate"}],
        experience={"professional": 10},
        japanese={"jlpt": "N1"},
    )
    r = kodo.evaluate(rich_in_points)
    b = r.categories["b"]
    assert b.verdict == "floor" and b.total >= b.high_threshold
    assert "reached" not in b.shortfall and "¥3,000,000" in b.shortfall
    assert "到達" not in r.in_lang("ja").categories["b"].shortfall
