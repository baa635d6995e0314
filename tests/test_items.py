"""Items declared once: the registry drives the engine, the explanations and advice, and a new
bonus item is the rule data, one registry entry, the input field and the messages
(docs/adding-an-item.md walks through the same toy item)."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import create_model

import kodo
from kodo.i18n import catalogue, catalogue_dir, languages
from kodo.input.applicant import Applicant
from kodo.items import DEFAULT, ITEMS, Item, Registry
from kodo.items.claims import flag
from kodo.items.columns import ColumnGroup
from kodo.rules import RuleDataError
from tests.conftest import item, person, points

DATA = Path(str(resources.files("kodo.rules") / "data"))

TOY_RULE = {
    "kind": "bonus",
    "versions": [
        {
            "effective_from": "2012-05-07",
            "cite": [{"source": "FORM", "item": "a toy item for the tests"}],
            "value": {
                "points": 5,
                "categories": ["a", "b"],
                "excluded_by": [{"item": "foreign_qualification"}],
            },
        }
    ],
}
TOY_MESSAGES = {
    "en": {"label": "Toy award", "document": "Toy award certificate"},
    "ja": {"label": "トイ賞", "document": "トイ賞の証明書"},
    "zh": {"label": "玩具奖", "document": "玩具奖证明书"},
}


def _toy_registry() -> Registry:
    return DEFAULT.with_item(
        Item(
            "toy_award",
            "bonus",
            ("toy_award",),
            claim=flag("toy_award"),
            evidence=("toy_certificate",),
        ),
        columns=(
            ColumnGroup(
                ("toy_award",), "b", lambda f, d: (f.base.toy_award,), lambda f, d: (False,)
            ),
        ),
        after="foreign_qualification",
    )


ToyApplicant = create_model("ToyApplicant", __base__=Applicant, toy_award=(bool, False))


@pytest.fixture()
def toy(tmp_path: Path) -> Any:
    rules = tmp_path / "rules"
    shutil.copytree(DATA, rules)
    raw = yaml.safe_load((rules / "rules.yaml").read_text(encoding="utf-8"))
    raw["rules"]["toy_award"] = TOY_RULE
    (rules / "rules.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), "utf-8")
    messages = tmp_path / "messages"
    messages.mkdir()
    for lang, text in TOY_MESSAGES.items():
        doc = {
            "item": {"toy_award": {"label": text["label"]}},
            "document": {"toy_certificate": text["document"]},
        }
        (messages / f"{lang}.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), "utf-8")
    registry = _toy_registry()
    with catalogue_dir(messages):
        yield kodo.load_rules(rules, registry=registry), registry


def test_a_toy_bonus_item_is_data_a_registry_entry_a_field_and_messages(toy: Any) -> None:
    book, registry = toy
    me = ToyApplicant(**person(29, degrees=[{"level": "master"}], annual_salary=6_000_000),
                      toy_award=True)  # fmt: skip
    plain = kodo.evaluate(person(29, degrees=[{"level": "master"}], annual_salary=6_000_000))
    r = kodo.evaluate(me, rules=book, registry=registry)
    assert r.categories["b"].total == plain.categories["b"].total + 5
    assert r.categories["c"].total == plain.categories["c"].total  # not an item of ハ
    toy_b = item(r, "b", "toy_award")
    assert toy_b.reason == "Toy award: 5 points." and toy_b.evidence == ("Toy award certificate",)
    assert item(r, "c", "toy_award").status == "not_in_category"
    assert item(r.in_lang("ja"), "b", "toy_award").reason == "トイ賞：5点。"
    assert item(r.in_lang("zh"), "b", "toy_award").reason == "玩具奖：5分。"
    # Its exclusion is rule data: with a foreign qualification the toy is not added.
    both = ToyApplicant(**{**me.model_dump(exclude_unset=True), "foreign_qualification": True})
    r2 = kodo.evaluate(both, rules=book, registry=registry)
    assert item(r2, "b", "toy_award").code == "toy_award.excluded.foreign_qualification"
    assert points(r2, "b")["toy_award"] == 0
    assert "Toy award" in item(r2, "b", "toy_award").reason


def test_a_book_and_a_registry_that_disagree_fail_loudly(toy: Any) -> None:
    book, _ = toy
    with pytest.raises(RuleDataError, match=r"unknown rules \['toy_award'\]"):
        kodo.evaluate(person(29), rules=book)
    with pytest.raises(RuleDataError, match=r"missing rules \['toy_award'\]"):
        kodo.evaluate(person(29), registry=_toy_registry())


def test_every_item_has_a_label_and_documents_in_every_language() -> None:
    for lang in languages():
        templates = catalogue(lang).templates
        for i in ITEMS:
            assert templates.get(f"item.{i.id}.label"), (lang, i.id)
            for doc in i.evidence:
                assert templates.get(f"document.{doc}"), (lang, doc)


def test_the_registry_refuses_an_item_reading_an_unknown_fact() -> None:
    with pytest.raises(ValueError, match="unknown columns"):
        DEFAULT.with_item(Item("x", "bonus", ("nothing",), claim=flag("nothing")))
    with pytest.raises(ValueError, match="unique"):
        DEFAULT.with_item(Item("n2", "bonus", ("jlpt",), claim=flag("jlpt")))


def _book_with(tmp_path: Path, change: Any) -> Any:
    rules = tmp_path / "rules"
    shutil.copytree(DATA, rules)
    raw = yaml.safe_load((rules / "rules.yaml").read_text(encoding="utf-8"))
    change(raw["rules"])
    (rules / "rules.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), "utf-8")
    return kodo.load_rules(rules)


def test_exclusions_live_only_in_the_rule_data(tmp_path: Path) -> None:
    """Drop N2's exclusions from the data: an N2 holder with a Japanese degree gets both."""

    def change(rules: dict[str, Any]) -> None:
        del rules["n2"]["versions"][-1]["value"]["excluded_by"]

    facts = person(29, degrees=[{"level": "bachelor", "japan": True}], japanese={"jlpt": "N2"})
    assert points(kodo.evaluate(facts), "b")["n2"] == 0
    assert points(kodo.evaluate(facts, rules=_book_with(tmp_path, change)), "b")["n2"] == 10


def test_graduate_levels_in_the_rule_data_decide_the_multiple_fields_bonus(tmp_path: Path) -> None:
    def change(rules: dict[str, Any]) -> None:
        for v in rules["education"]["versions"]:
            v["value"]["graduate_levels"] = ["doctorate", "master"]

    facts = person(
        35,
        degrees=[
            {"level": "master", "field": "Physics"},
            {"level": "professional", "field": "Law"},
        ],
    )
    assert points(kodo.evaluate(facts), "b")["multiple_fields"] == 5
    assert (
        points(kodo.evaluate(facts, rules=_book_with(tmp_path, change)), "b")["multiple_fields"]
        == 0
    )
