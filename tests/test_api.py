"""The Python API: inputs it takes, typed results, explanations, and the JSON contract."""

from __future__ import annotations

import json
import logging
from importlib import resources
from pathlib import Path

import pytest
import yaml

import kodo
from kodo.engine.status import Status
from kodo.explanation.items import template_code
from kodo.i18n import catalogue, languages
from kodo.input.applicant import Applicant
from tests.conftest import person

E4A = person(
    29,
    degrees=[{"level": "bachelor", "japan": True, "designated": True}],
    experience={"professional": 4},
    annual_salary=4_000_000,
    japanese={"jlpt": "N1"},
)


def test_evaluate_takes_a_dict_a_path_and_an_applicant(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(yaml.safe_dump(E4A))
    from_dict = kodo.evaluate(E4A)
    from_path = kodo.evaluate(path)
    from_model = kodo.evaluate(Applicant.model_validate(E4A))
    assert from_dict.to_dict() == from_path.to_dict() == from_model.to_dict()
    assert isinstance(from_dict, kodo.Evaluation)
    assert from_dict.categories["b"].total == 75


def test_the_json_contract() -> None:
    data = json.loads(kodo.evaluate(E4A).to_json())
    assert data["format"] == "kodo.evaluation.v1"
    assert data["date"] == "2026-11-21" and data["age"] == 29
    assert set(data["rules"]) >= {"version", "effective_from"}
    for cat in "abc":
        c = data["categories"][cat]
        assert {"total", "threshold", "eligible", "items", "unmet", "missing", "range"} <= set(c)
        assert c["threshold"] == 70
    assert data["best_category"] == "b"
    assert all("eligible" in data["j_skip"][c] and "reasons" in data["j_skip"][c] for c in "abc")
    assert isinstance(data["warnings"], list)


def test_category_in_the_input_restricts_the_result() -> None:
    r = kodo.evaluate({**E4A, "category": "a"})
    assert list(r.categories) == ["a"] and r.best_category == "a"
    assert set(r.j_skip) == {"a", "b", "c"}


def test_best_category_is_the_highest_eligible_else_the_highest_total() -> None:
    # ハ scores highest (salary 50) but is below nothing; イ/ロ fail: best is ハ.
    r = kodo.evaluate(
        person(
            45,
            degrees=[{"level": "bachelor"}],
            annual_salary=30_000_000,
            position="representative",
            experience={"management": 3},
        )
    )
    assert r.best_category == "c" and r.categories["c"].eligible
    # nobody eligible: the highest total wins
    r = kodo.evaluate(person(45, degrees=[{"level": "bachelor"}], annual_salary=3_000_000))
    assert not any(c.eligible for c in r.categories.values())
    assert r.categories[r.best_category].total == max(c.total for c in r.categories.values())
    # an eligible category beats a higher ineligible one (ハ has 90 but is under the floor)
    r = kodo.evaluate(
        person(
            27,
            degrees=[{"level": "professional", "business": True, "japan": True}],
            annual_salary=2_900_000,
            japanese={"jlpt": "N1"},
            experience={"management": 12, "research": 3},
            position="representative",
            investment=100_000_000,
            research={"patents": 1},
        )
    )
    assert r.categories["c"].total > r.categories["a"].total
    assert r.categories["a"].eligible and not r.categories["c"].eligible
    assert r.best_category == "a"


def test_every_item_has_a_code_a_reason_in_every_language_and_a_citation() -> None:
    r = kodo.evaluate(E4A)
    other = {lang: r.in_lang(lang) for lang in ("ja", "zh")}
    for cat_id, cat in r.categories.items():
        for i, it in enumerate(cat.items):
            assert it.code.startswith(it.id + ".")
            assert it.citation and all(c.source in r.sources for c in it.citation)
            assert bool(it.evidence) == (it.points > 0)
            for lang, res in other.items():
                translated = res.categories[cat_id].items[i]
                assert translated.code == it.code and translated.points == it.points
                assert translated.reason and translated.reason != it.reason, lang


def test_japanese_results() -> None:
    r = kodo.evaluate(E4A, lang="ja")
    assert r.categories["b"].verdict_text.startswith("要件を満たします")
    english = r.in_lang("en").categories["b"].items
    assert all(
        it.reason != en.reason for it, en in zip(r.categories["b"].items, english, strict=True)
    )
    text = kodo.explain(r, lang="ja")
    assert "合計" in text and "75" in text


def test_explain_gives_plain_text() -> None:
    text = kodo.explain(kodo.evaluate(E4A))
    assert "Eligible: 75 points" in text and "\x1b[" not in text


def test_every_item_status_has_a_message_in_every_language() -> None:
    for status in Status:
        code = template_code(f"education.{status.name.lower()}")
        for lang in languages():
            assert catalogue(lang).template(code), (lang, code)


def test_bad_input_raises_input_error_naming_the_field() -> None:
    with pytest.raises(kodo.InputError) as exc:
        kodo.evaluate({**E4A, "annual_salary": 4.5})
    assert exc.value.problems[0][0] == "annual_salary"
    with pytest.raises(kodo.InputError):
        kodo.evaluate(E4A, lang="fr")
    with pytest.raises(kodo.InputError):
        kodo.evaluate(E4A, category="d")


def test_date_override_revalidates_the_birth_date() -> None:
    with pytest.raises(kodo.InputError, match="birth_date"):
        import datetime as dt

        kodo.evaluate(E4A, date=dt.date(1990, 1, 1))


def test_nothing_about_the_applicant_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        kodo.evaluate(E4A)
    assert not caplog.records


def test_the_package_is_typed() -> None:
    assert (resources.files("kodo") / "py.typed").is_file()


def test_the_applicant_schema_forbids_unknown_fields() -> None:
    schema = Applicant.model_json_schema()
    assert schema["additionalProperties"] is False
    assert {"date", "birth_date", "annual_salary", "degrees"} <= set(schema["properties"])


def test_name_and_notes_are_accepted_and_ignored() -> None:
    plain = kodo.evaluate(E4A)
    noted = kodo.evaluate({**E4A, "name": "山田 花子", "notes": "offer letter 2026-11"})
    assert plain.categories["b"].total == noted.categories["b"].total
    assert "山田" not in noted.to_json()
