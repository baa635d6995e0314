"""One engine: `kodo batch` and `kodo.evaluate` give identical totals, items, eligibility,
verdicts, ranges, J-Skip, warnings and best category — on every YAML case, and on generated
populations read as the flat form (vectorised column derivation) and as the nested form
(the per-person derivation of `evaluate`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import yaml

import kodo
from kodo.batch.generate import population
from kodo.batch.table import context, score_frame, score_nested
from kodo.input.flat import flat_to_nested
from kodo.vocab import CATEGORIES
from tests.conftest import CASES, TODAY

ROOT = Path(__file__).resolve().parents[1]
CTX = context(today=TODAY)


def _cases() -> list[dict[str, Any]]:
    people = []
    for path in sorted(CASES.glob("*.yaml")):
        people += [c["applicant"] for c in yaml.safe_load(path.read_text(encoding="utf-8"))]
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        people.append(yaml.safe_load(path.read_text(encoding="utf-8")))
    return people


def assert_same_as_evaluate(row: dict[str, Any], result: Any, where: str) -> None:
    """An output row says what ``kodo.evaluate`` says of the same person."""
    assert row["error"] is None, (where, row["error"])
    assert row["best_category"] == result.best_category, where
    assert (row["missing"] or "") == ";".join(result.missing), where
    assert (row["warnings"] or "") == ";".join(w.code for w in result.warning_details), where
    shown = result.category_indexes
    for ci, c in enumerate(CATEGORIES):
        if ci not in shown:
            assert row[f"{c}_total"] is None, (where, c)
            continue
        cat = result.categories[c]
        assert row[f"{c}_total"] == cat.total, (where, c)
        assert row[f"{c}_eligible"] == cat.eligible, (where, c)
        assert row[f"{c}_verdict"] == cat.verdict, (where, c)
        assert [row[f"{c}_min"], row[f"{c}_max"]] == list(cat.range), (where, c)
        assert row[f"{c}_jskip"] == result.j_skip[c].eligible, (where, c)
        listed = {item.id: item.points for item in cat.items}
        for item_id in result.registry.row:
            assert row[f"{c}_{item_id}"] == listed.get(item_id, 0), (where, c, item_id)


def test_every_yaml_case_in_batch_is_evaluate() -> None:
    people = _cases()
    out = score_nested(people, CTX)
    assert out.height == len(people)
    for k, person in enumerate(people):
        result = kodo.evaluate(person, today=TODAY)
        assert_same_as_evaluate(out.row(k, named=True), result, f"case {k}")


def _nested(frame: pl.DataFrame) -> list[dict[str, Any]]:
    return [flat_to_nested(r) for r in frame.to_dicts()]


@pytest.mark.slow
def test_a_generated_population_flat_and_nested_is_one_engine() -> None:
    """100,000 generated people (a quarter on a band edge of the rules of their date, a
    quarter dated in earlier rule periods, some with core facts missing): the flat form's
    vectorised columns and the nested form's per-person columns score identically."""
    people = population(100_000, seed=20261122, date=TODAY)
    flat = score_frame(people, CTX)
    nested = score_nested(_nested(people), CTX)
    assert flat.height == nested.height == people.height
    assert flat["error"].null_count() == flat.height, flat["error"].drop_nulls().head(3)
    assert nested["error"].null_count() == nested.height, nested["error"].drop_nulls().head(3)
    assert flat.equals(nested)
    verdicts = flat.select(pl.col("b_verdict").value_counts()).unnest("b_verdict")
    assert set(verdicts["b_verdict"].drop_nulls()) == {"eligible", "short", "floor", "missing"}


def test_a_sample_matches_evaluate_person_by_person() -> None:
    people = population(1_500, seed=7, date=TODAY)
    out = score_frame(people, CTX)
    for k, person in enumerate(_nested(people)):
        result = kodo.evaluate(person, today=TODAY)
        assert_same_as_evaluate(out.row(k, named=True), result, f"row {k + 1}")


def test_broken_rows_are_named_and_every_row_is_kept() -> None:
    people = population(5_000, seed=11, date=TODAY, broken=0.1)
    expected = people["expected_error"]
    out = score_frame(people.drop("expected_error"), CTX)
    assert out.height == people.height and out["row"].to_list() == list(range(1, 5_001))
    assert out["id"].to_list() == people["id"].to_list()
    for row, column in zip(out.iter_rows(named=True), expected, strict=True):
        if column is None:
            assert row["error"] is None, (row["row"], row["error"])
            assert row["best_category"] is not None
        else:
            named = [c.split(":")[0] for c in row["error_codes"].split(";")]
            assert column in named, (row["row"], column, row["error"])
            assert row["best_category"] is None and row["b_total"] is None
    assert 0 < out["error"].drop_nulls().len() < out.height


def test_options_and_other_dates_are_the_same_engine() -> None:
    people = population(800, seed=3, date=dt.date(2019, 6, 1))
    options = {"mba_reading": "addon", "performance_bonus": "exclude", "past_rules": "now"}
    ctx = context(today=TODAY, options=options)
    out = score_frame(people, ctx)
    for k, person in enumerate(_nested(people)):
        result = kodo.evaluate(person, today=TODAY, options=options)
        assert_same_as_evaluate(out.row(k, named=True), result, f"row {k + 1}")
