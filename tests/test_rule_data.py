"""The rule data: temporal coverage, validation that fails loudly, and no figures in code."""

from __future__ import annotations

import ast
import datetime as dt
import shutil
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from kodo import load_rules
from kodo.rules import RuleDataError, RuleDateError
from kodo.rules.book import RuleBook

DATA = Path(str(resources.files("kodo.rules") / "data"))
SRC = Path(__file__).resolve().parents[1] / "src" / "kodo"


def test_exactly_one_version_of_every_rule_applies_on_every_day(book: RuleBook) -> None:
    """Catala-style temporal coverage: coverage start to five years after today."""
    end = dt.date.today() + dt.timedelta(days=5 * 366)
    day = book.coverage_from
    one = dt.timedelta(days=1)
    while day <= end:
        for rule in book.rules.values():
            n = sum(1 for v in rule.versions if v.applies_on(day))
            assert n == 1, f"{rule.id}: {n} versions on {day}"
        day += one


def test_snapshots_on_change_dates(book: RuleBook) -> None:
    before = book.at(dt.date(2023, 3, 30))
    after = book.at(dt.date(2023, 3, 31))
    assert before.version("local_gov_support").effective_to == dt.date(2023, 3, 31)
    assert after.version("local_gov_support").effective_from == dt.date(2023, 3, 31)
    assert book.at(dt.date(2023, 4, 20)).value("j_skip", object) is None  # type: ignore[type-var]
    assert book.at(dt.date(2023, 4, 21)).effective_from == dt.date(2023, 4, 21)


def test_a_date_before_the_data_is_refused(book: RuleBook) -> None:
    with pytest.raises(RuleDateError, match="covers applications from 2012-05-07"):
        book.at(dt.date(2012, 5, 6))


def test_every_version_is_cited_with_a_known_source(book: RuleBook) -> None:
    for rule in book.rules.values():
        for v in rule.versions:
            assert v.citations, rule.id
            for c in v.citations:
                assert book.sources[c.source].url.startswith(("https://", "http://"))


def _mutated(
    tmp_path: Path, change: Callable[[dict[str, Any]], None], file: str = "rules.yaml"
) -> Path:
    out = tmp_path / "data"
    shutil.copytree(DATA, out)
    raw = yaml.safe_load((out / file).read_text(encoding="utf-8"))
    change(raw)
    (out / file).write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return out


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(raw: dict[str, Any]) -> None:
        node: Any = raw
        keys = path.split("/")
        for k in keys[:-1]:
            node = node[int(k)] if isinstance(node, list) else node[k]
        last = keys[-1]
        if value is _DELETE:
            del node[last]
        elif isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value

    return change


_DELETE = object()


def _copy(source: str, target: str) -> Callable[[dict[str, Any]], None]:
    def change(raw: dict[str, Any]) -> None:
        node: Any = raw
        for k in source.split("/"):
            node = node[k]
        _set(target, node)(raw)

    return change


@pytest.mark.parametrize(
    "change,message",
    [
        (_set("rules/age/versions/0/value/b/points", [15, 10, 5]), "points needs 4 values"),
        (_set("rules/salary_floor/versions/-1/value/b", "3M"), "valid integer"),
        (_set("rules/salary_floor/versions/-1/value/b", -1), "greater than or equal to 0"),
        (_set("rules/n2/versions/-1/cite", [{"source": "NOPE"}]), "unknown source 'NOPE'"),
        (_set("rules/n2/versions/-1/cite", []), "needs at least one citation"),
        (_set("rules/n2/versions/0/effective_from", "2013-01-01"), "gap"),
        (_set("rules/local_gov_support/versions/0/effective_to", "2023-04-01"), "overlap"),
        (_set("rules/local_gov_support/versions/0/effective_to", "2023-03-01"), "gap"),
        (
            _set("rules/local_gov_support/versions/1/effective_to", "2030-01-01"),
            "gap: the last version ends",
        ),
        (
            _set("rules/n2/versions/-1/value/excluded_by", [{"item": "nothing"}]),
            "unknown item 'nothing'",
        ),
        (
            _set(
                "rules/local_gov_support/versions/1/value/excluded_by",
                [{"item": "innovation_support", "option": "stacking=maybe"}],
            ),
            "unknown option",
        ),
        (_set("rules/n2/versions/-1/value/bjt_min", _DELETE), "needs the parameter 'bjt_min'"),
        (_set("rules/salary/versions/0/value/c/points", [[0, 10, 5, 30, 40, 50]]), "must not fall"),
        (_set("rules/career/versions/0/value/edges_years", [3, 7, 5, 10]), "strictly ascending"),
        (_set("rules/j_skip/versions/0/value", {"a": 1}), "must not have a value"),
        (_set("rules/n2/versions/-1/value/points", 10.5), "valid integer"),
        (_set("rules/n2/versions/-1/value/colour", "red"), "Extra inputs"),
        (_set("rules/n2/kind", "table"), "n2: unknown kind 'table'"),
        (_set("rules/n2/kind", "count_table"), "n2 version 2: points_by_count: Field required"),
        (_set("rules/n3", {"kind": "bonus"}), "n3: needs at least one version"),
        (_set("rules/n2", _DELETE), "missing rules ['n2']"),
        (_copy("rules/growth_field_project", "rules/n3"), "unknown rules ['n3']"),
    ],
)
def test_bad_rule_data_fails_loudly(
    tmp_path: Path, change: Callable[[dict[str, Any]], None], message: str
) -> None:
    with pytest.raises(RuleDataError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_rules(_mutated(tmp_path, change))


def test_a_new_rule_version_needs_no_code_change(tmp_path: Path) -> None:
    """Raise N1 to 20 points from 2027-04-01: a data change only."""

    def change(raw: dict[str, Any]) -> None:
        versions = raw["rules"]["n1_or_jp_major"]["versions"]
        versions[-1]["effective_to"] = dt.date(2027, 4, 1)
        new = {**versions[-1], "effective_from": dt.date(2027, 4, 1)}
        del new["effective_to"]
        new["value"] = {**versions[-1]["value"], "points": 20}
        versions.append(new)

    import kodo

    book = load_rules(_mutated(tmp_path, change))
    facts = {
        "birth_date": "1990-01-01",
        "degrees": [],
        "annual_salary": 0,
        "japanese": {"jlpt": "N1"},
    }
    before = kodo.evaluate({**facts, "date": "2027-03-31"}, rules=book)
    after = kodo.evaluate({**facts, "date": "2027-04-01"}, rules=book)
    get = lambda r: next(i.points for i in r.categories["b"].items if i.id == "n1_or_jp_major")  # noqa: E731
    assert (get(before), get(after)) == (15, 20)
    assert after.rules.effective_from == "2027-04-01"


def test_unreadable_rule_directory(tmp_path: Path) -> None:
    with pytest.raises(RuleDataError, match="cannot read"):
        load_rules(tmp_path / "nowhere")


def _figures(book: RuleBook) -> set[int]:
    """Money figures, marks and BJT scores of the rule data."""
    figures: set[int] = set()

    def walk(node: Any, key: str = "") -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, str(k))
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, int) and not isinstance(node, bool):
            if node >= 1000 or key in ("pass", "high", "bjt_min"):
                figures.add(node)

    for rule in book.rules.values():
        for v in rule.versions:
            if v.value is not None:
                walk(v.value.model_dump(by_alias=True))
    return figures


def test_no_rule_figure_is_typed_into_python_code(book: RuleBook) -> None:
    figures = _figures(book)
    assert {70, 80, 400, 480, 3_000_000, 20_000_000, 40_000_000, 100_000_000} <= figures
    found = []
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and type(node.value) in (int, float)
                and node.value in figures
            ):
                found.append(f"{path.relative_to(SRC)}:{node.lineno}: {node.value}")
    assert not found, found
