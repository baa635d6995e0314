"""A rule book is identified by its content: caches and results can never mix two books."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

import kodo
from kodo.rules.book import RuleBook, load_book, parse_book
from kodo.yamltext import read_yaml
from tests.conftest import person, points

DATA = Path(str(resources.files("kodo.rules") / "data"))


def _raw() -> tuple[Any, Any]:
    return (
        read_yaml((DATA / "rules.yaml").read_text(encoding="utf-8")),
        read_yaml((DATA / "sources.yaml").read_text(encoding="utf-8")),
    )


def test_the_id_is_a_digest_of_the_data(book: RuleBook) -> None:
    again = parse_book(*_raw())
    assert again.id == book.id and again.id.startswith("sha256:")
    rules, sources = _raw()
    sources["FORM"]["url"] += "?v=2"
    assert parse_book(rules, sources).id != book.id


def test_two_books_differing_in_one_value_give_different_results_in_one_process() -> None:
    rules, sources = _raw()
    base = parse_book(rules, sources)
    rules["rules"]["n1_or_jp_major"]["versions"][-1]["value"]["points"] = 20
    edited = parse_book(rules, sources)
    assert edited.id != base.id
    facts = person(29, japanese={"jlpt": "N1"})
    for _ in range(2):  # in either order, with every cache warm
        a = kodo.evaluate(facts, rules=base)
        b = kodo.evaluate(facts, rules=edited)
        assert points(a, "b")["n1_or_jp_major"] == 15
        assert points(b, "b")["n1_or_jp_major"] == 20
        assert a.rules.version == base.id and b.rules.version == edited.id


def test_a_book_built_in_memory_is_identified_by_what_it_holds(book: RuleBook) -> None:
    rule = book.rules["n2"]
    last = rule.versions[-1]
    value = last.value.model_copy(update={"points": 12})  # type: ignore[union-attr]
    versions = (*rule.versions[:-1], dataclasses.replace(last, value=value))
    rules = {**book.rules, "n2": dataclasses.replace(rule, versions=versions)}
    what_if = RuleBook(book.name, book.coverage_from, rules, book.sources)
    assert what_if.id != book.id
    facts = person(29, japanese={"jlpt": "N2"})
    assert points(kodo.evaluate(facts, rules=what_if), "b")["n2"] == 12
    assert points(kodo.evaluate(facts, rules=book), "b")["n2"] == 10


def test_the_shipped_book_loaded_from_a_copy_has_the_same_id(tmp_path: Path) -> None:
    shutil.copytree(DATA, tmp_path / "data")
    assert load_book(tmp_path / "data").id == load_book().id
    text = (tmp_path / "data" / "rules.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    raw["rules"]["age"]["versions"][0]["note"] = "edited"
    (tmp_path / "data" / "rules.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True))
    assert load_book(tmp_path / "data").id != load_book().id
    assert load_book().at(dt.date(2026, 1, 1)).book_id == load_book().id
