"""`kodo batch`: the flat form read as columns, every bad row named and kept, every format,
streaming in chunks, spreadsheet-safe CSV, the nested form, and the command line."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import kodo
from kodo.batch.io import read_any, write_any
from kodo.batch.run import run_batch
from kodo.batch.table import context, output_columns, score_frame, score_nested
from kodo.input.flat import FLAT_COLUMNS, FORM_COLUMNS, flat_to_nested
from kodo.items import DEFAULT
from tests.test_cli import KODO

TODAY = dt.date(2026, 11, 21)
CTX = context(today=TODAY)
GOOD = {
    "id": "p1",
    "date": "2026-11-21",
    "birth_date": "1992-06-01",
    "degree": "master",
    "professional_years": "6",
    "annual_salary": "5000000",
    "jlpt": "N1",
}


def frame(*rows: dict[str, Any]) -> pl.DataFrame:
    """Rows as a CSV holds them: every cell text (missing keys are empty cells)."""
    names = list(dict.fromkeys(k for r in rows for k in r))
    return pl.DataFrame(
        {k: [r.get(k) for r in rows] for k in names}, schema=dict.fromkeys(names, pl.String)
    )


def one(row: dict[str, Any]) -> dict[str, Any]:
    out = score_frame(frame(row), CTX)
    assert out.height == 1
    return out.row(0, named=True)


def test_the_flat_form_columns_are_those_of_the_contract() -> None:
    """applicant-format.md §2, version 1: the column names are fixed."""
    contract = """id, date, birth_date, category, degree, business_degree, multiple_fields,
    japan_degree, designated_university, japanese_major, research_years, professional_years,
    management_years, annual_salary, patents, funded_projects, papers, other_research,
    licenses, position, innovation_support, sme, rnd_over_3pct, local_gov_support,
    foreign_qualification, jlpt, bjt_score, growth_field_project, jica_training,
    jica_training_at_japanese_university, investment_yen, investment_management"""
    assert tuple("".join(contract.split()).split(",")) == FORM_COLUMNS


def test_a_valid_row_scores_as_evaluate_does() -> None:
    row = one(GOOD)
    result = kodo.evaluate(flat_to_nested({**GOOD, "date": TODAY, "birth_date": dt.date(1992, 6, 1),
                                           "professional_years": 6.0, "annual_salary": 5_000_000}),
                           today=TODAY)  # fmt: skip
    assert row["error"] is None and row["b_total"] == result.totals["b"] == 70
    assert row["b_eligible"] is True and row["b_verdict"] == "eligible"
    assert row["b_salary"] == 15 and row["b_n1_or_jp_major"] == 15
    assert row["best_category"] == result.best_category
    assert row["rules_version"] == kodo.load_rules().id


def test_output_columns_are_declared_once_and_in_order() -> None:
    out = score_frame(frame(GOOD), CTX)
    assert tuple(out.columns) == output_columns(DEFAULT)
    assert out.schema["b_total"] == pl.Int16 and out.schema["b_eligible"] == pl.Boolean


# (column, cell, error code): one per kind of problem, each naming its column
BAD_CELLS = [
    ("date", "2026-02-30", "no_such_date"),
    ("date", "21/11/2026", "iso_date"),
    ("date", "1899-12-31", "date_range"),
    ("date", "2010-01-01", "before_rules"),
    ("birth_date", "2027-01-01", "birth_after_date"),
    ("degree", "phd", "one_of"),
    ("annual_salary", "abc", "whole_number"),
    ("annual_salary", "1.5", "whole_number"),
    ("annual_salary", "1,2", "whole_number"),
    ("annual_salary", "-1", "at_least"),
    ("annual_salary", str(10**13), "at_most"),
    ("professional_years", "x", "number"),
    ("professional_years", "inf", "number"),
    ("professional_years", "-0.5", "at_least"),
    ("professional_years", "40", "experience_too_long"),
    ("licenses", "1.5", "whole_number"),
    ("jlpt", "N6", "one_of"),
    ("position", "ceo", "one_of"),
    ("category", "d", "one_of"),
    ("sme", "maybe", "yes_no"),
    ("bjt_score", "900", "at_most"),
    ("id", "x" * 201, "too_long"),
]


@pytest.mark.parametrize(("column", "cell", "code"), BAD_CELLS)
def test_a_bad_cell_is_named_and_the_row_kept(column: str, cell: str, code: str) -> None:
    out = score_frame(frame(GOOD, {**GOOD, "id": "p2", column: cell}, GOOD), CTX)
    assert out.height == 3 and out["row"].to_list() == [1, 2, 3]
    bad = out.row(1, named=True)
    assert bad["error_codes"].split(";")[0] == f"{column}:{code}", bad["error"]
    assert bad["error"].startswith(f"{column}: ")
    assert bad["b_total"] is None and bad["best_category"] is None
    assert out["b_total"].to_list()[::2] == [70, 70]  # the other rows are scored


@pytest.mark.parametrize(
    ("cells", "code"),
    [
        ({"degree": "none", "japan_degree": "true"}, "japan_degree:needs_degree"),
        ({"degree": "bachelor", "business_degree": "yes"}, "business_degree:business_level"),
        ({"japan_degree": "1", "japanese_major": "1"}, "japanese_major:major_in_japan"),
        ({"sme": "false", "rnd_over_3pct": "true"}, "rnd_over_3pct:requires_flag"),
        ({"jica_training": "no", "jica_training_at_japanese_university": "yes"},
         "jica_training_at_japanese_university:requires_flag"),
        ({"salary_performance_linked": "6000000"},
         "salary_performance_linked:perf_more_than_salary"),
        ({"papers": "1", "papers_corresponding_author": "2"},
         "papers_corresponding_author:corresponding_more_than_papers"),
        ({"planned_entry": "2027-01-01"}, "planned_entry:entry_not_coe"),
        ({"application_kind": "coe", "planned_entry": "2026-01-01"},
         "planned_entry:entry_before_date"),
        ({"birth_date": "2015-01-01", "professional_years": "0"}, "degree:held_before_age"),
    ],
)  # fmt: skip
def test_contradictions_the_cli_refuses_are_named(cells: dict[str, str], code: str) -> None:
    assert one({**GOOD, **cells})["error_codes"] == code


def test_accepted_spellings() -> None:
    row = one({**GOOD, "annual_salary": " 5,000,000 ", "jlpt": "n1", "degree": "MASTER",
               "sme": "Yes", "bjt_score": "0", "category": "B"})  # fmt: skip
    assert row["error"] is None and row["b_total"] == 70
    assert row["a_total"] is None and row["best_category"] == "b"  # one category asked for


def test_empty_cells_are_not_claimed_and_core_facts_missing() -> None:
    row = one({"id": "m", "degree": "master", "birth_date": "1992-06-01"})
    assert row["error"] is None
    assert row["missing"] == "date;annual_salary"
    assert row["b_verdict"] == "missing" and row["b_eligible"] is False
    assert row["b_min"] < row["b_max"]


def test_typed_columns_from_parquet_or_excel_read_as_text_does(tmp_path: Path) -> None:
    typed = pl.DataFrame({
        "id": ["p1"], "date": [TODAY], "birth_date": [dt.date(1992, 6, 1)], "degree": ["master"],
        "professional_years": [6.0], "annual_salary": [5_000_000.0], "jlpt": ["N1"],
        "sme": [False], "licenses": [1],
    })  # fmt: skip
    text = score_frame(frame({**GOOD, "sme": "false", "licenses": "1"}), CTX)
    assert score_frame(typed, CTX).equals(text)
    for suffix in (".parquet", ".xlsx", ".csv"):
        path = tmp_path / f"in{suffix}"
        write_any(typed, path)
        assert score_frame(read_any(path), CTX).equals(text), suffix
    fractional = typed.with_columns(pl.lit(5_000_000.5).alias("annual_salary"))
    assert score_frame(fractional, CTX)["error_codes"][0] == "annual_salary:whole_number"
    boolean = typed.with_columns(pl.lit(True).alias("licenses"))
    assert score_frame(boolean, CTX)["error_codes"][0] == "licenses:whole_number"
    stamped = typed.with_columns(pl.lit(dt.datetime(2026, 11, 21, 9, 30)).alias("date"))
    assert score_frame(stamped, CTX)["error_codes"][0] == "date:date_not_datetime"


def test_csv_output_is_safe_in_a_spreadsheet(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    rows = [{**GOOD, "id": i} for i in ("=HYPERLINK(1)", "+1", "-1", "@SUM(A1)", "\tx", "ok")]
    frame(*rows).write_csv(src)
    out = tmp_path / "out.csv"
    run_batch(src, out, CTX)
    ids = pl.read_csv(out, infer_schema=False)["id"].to_list()
    assert ids == ["'=HYPERLINK(1)", "'+1", "'-1", "'@SUM(A1)", "'\tx", "ok"]
    # Parquet keeps the values as they are
    run_batch(src, tmp_path / "out.parquet", CTX)
    assert pl.read_parquet(tmp_path / "out.parquet")["id"].to_list() == [r["id"] for r in rows]


def test_streamed_in_small_chunks_the_output_is_the_same(tmp_path: Path) -> None:
    rows = [
        {**GOOD, "id": f"p{i}", "annual_salary": str(4_000_000 + 50_000 * i)} for i in range(40)
    ]
    rows[7]["date"] = "nope"
    rows[33]["degree"] = "phd"
    src = tmp_path / "in.csv"
    frame(*rows).write_csv(src)
    whole = score_frame(read_any(src), CTX)
    for suffix in (".parquet", ".csv", ".jsonl"):
        out = tmp_path / f"out{suffix}"
        report = run_batch(src, out, CTX, chunk_rows=6)
        assert (report.rows, report.errors) == (40, 2)
        assert report.causes == {"date:iso_date": 1, "degree:one_of": 1}
        back = pl.read_parquet(out) if suffix == ".parquet" else read_any(out)
        assert back["row"].cast(pl.Int64).to_list() == list(range(1, 41))
        assert back["id"].to_list() == whole["id"].to_list()
        assert back["b_total"].cast(pl.Int16).to_list() == whole["b_total"].to_list()


def test_the_nested_form_is_read_one_document_per_person(tmp_path: Path) -> None:
    people = [
        {"id": "a", "date": "2026-11-21", "birth_date": "1992-06-01",
         "degrees": [{"level": "master"}], "experience": {"professional": 6},
         "annual_salary": 5000000, "japanese": {"jlpt": "N1"}},
        {"id": "b", "annual_salary": "lots"},
        {"id": "c", "birth_date": "1990-01-01", "degrees": [], "category": "c"},
    ]  # fmt: skip
    lines = [json.dumps(p) for p in people] + ["{not json"]
    src = tmp_path / "people.jsonl"
    src.write_text("\n".join(lines) + "\n")
    out = tmp_path / "out.parquet"
    report = run_batch(src, out, CTX)
    got = pl.read_parquet(out)
    assert (report.rows, report.errors) == (4, 2)
    assert got["id"].to_list() == ["a", "b", "c", None]
    assert got["b_total"][0] == 70 and got["error"][0] is None
    assert got["error_codes"][1].startswith("annual_salary:")
    assert got["best_category"][2] == "c" and got["a_total"][2] is None
    assert "bad_json" in got["error_codes"][3]
    flat = score_frame(frame(GOOD), CTX)
    nested = score_nested([people[0] | {"id": "p1"}], CTX)
    assert nested.drop("row").equals(flat.drop("row"))
    folder = tmp_path / "docs"
    folder.mkdir()
    for p in people[:3]:
        (folder / f"{p['id']}.yaml").write_text(json.dumps(p))
    run_batch(folder, tmp_path / "f.csv", CTX)
    assert read_any(tmp_path / "f.csv")["id"].to_list() == ["a", "b", "c"]


def test_every_flat_column_has_a_nested_field() -> None:
    from kodo.input.applicant import Applicant

    fields = set(Applicant.model_fields)
    for col in FLAT_COLUMNS:
        assert col.path.split(".")[0].split("[")[0] in fields, col.name


def _kodo(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([KODO, *args], capture_output=True, text=True, cwd=cwd, check=False)


def test_the_command_line(tmp_path: Path) -> None:
    frame(GOOD, {**GOOD, "id": "p2", "degree": "phd"}).with_columns(
        pl.lit("x").alias("notes")
    ).write_csv(tmp_path / "in.csv")
    run = _kodo("batch", "in.csv", "out.parquet", cwd=tmp_path)
    assert run.returncode == 1, run.stderr  # a row has an error
    assert "2 rows read and written: 1 scored, 1 with an error" in run.stderr
    assert "degree:one_of: 1 row" in run.stderr and "ignored: notes" in run.stderr
    assert run.stdout == ""  # no progress bar when not on a terminal
    again = _kodo("batch", "in.csv", "out.parquet", cwd=tmp_path)
    assert again.returncode == 2 and "--force" in again.stderr
    ja = _kodo("batch", "in.csv", "out.parquet", "--force", "-l", "ja", "--explain", "zh",
               cwd=tmp_path)  # fmt: skip
    assert ja.returncode == 1 and "2行を読み込み" in ja.stderr
    out = pl.read_parquet(tmp_path / "out.parquet")
    assert "のいずれかで入力してください" in out["error"][1]
    assert "学历" in out["explanation"][0]
    frame(GOOD).write_csv(tmp_path / "good.csv")
    assert _kodo("batch", "good.csv", "g.xlsx", cwd=tmp_path).returncode == 0
    assert read_any(tmp_path / "g.xlsx")["b_total"].to_list() == [70]
    for args, named in (
        (("nope.csv", "o.csv"), "nope.csv"),
        (("good.csv", "o.txt"), "o.txt"),
        (("good.csv", "o.csv", "--engine", "spark"), "--engine"),
        (("good.csv", "o.csv", "--chunk-rows", "0"), "--chunk-rows"),
        (("good.csv", "o.csv", "-o", "mba_reading=both"), "mba_reading"),
    ):
        bad = _kodo("batch", *args, cwd=tmp_path)
        assert bad.returncode == 2 and named in bad.stderr, (args, bad.stderr)
        assert "Traceback" not in bad.stderr
    assert not list(tmp_path.glob("o.*")) and not list(tmp_path.glob("*.partial*"))


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("binary.csv", bytes(range(256)) * 20, "is not UTF-8 text"),
        ("utf16.csv", "id,date\nx,2026-01-01\n".encode("utf-16"), "is not UTF-8 text"),
        ("ragged.csv", b"id,date,degree\na,2026-01-01\n", "cannot be read: CSV parse error"),
        ("twice.csv", b"id,id\n1,2\n", "the column id is given more than once"),
        ("corrupt.parquet", b"PAR1 not really", "cannot be read"),
        ("text.xlsx", b"hello", "cannot be read"),
    ],
)
def test_a_file_that_cannot_be_read_is_named_without_a_traceback(
    tmp_path: Path, name: str, content: bytes, said: str
) -> None:
    (tmp_path / name).write_bytes(content)
    run = _kodo("batch", name, "out.parquet", cwd=tmp_path)
    assert run.returncode == 2 and f"{name}: {said}" in run.stderr, run.stderr
    assert "a,2026-01-01" not in run.stderr  # a row's cells are not repeated
    assert not list(tmp_path.glob("out*"))


def test_an_input_without_rows_gives_an_output_without_rows(tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "header.csv").write_text("id,date\n")
    for name in ("empty.csv", "header.csv"):
        run = _kodo("batch", name, f"{name}.parquet", cwd=tmp_path)
        assert run.returncode == 0, run.stderr
        out = pl.read_parquet(tmp_path / f"{name}.parquet")
        assert out.height == 0 and tuple(out.columns) == output_columns(DEFAULT)


def test_a_long_output_path_keeps_its_name(tmp_path: Path) -> None:
    frame(GOOD).write_csv(tmp_path / "in.csv")
    deep = tmp_path / ("a-very-long-folder-name-" * 4) / "results.parquet"
    run = _kodo("batch", "in.csv", str(deep), cwd=tmp_path)
    assert run.returncode == 2 and "results.parquet: cannot be written" in run.stderr


def test_columns_of_a_type_no_cell_can_have_are_named_per_row() -> None:
    odd = {
        "lists": pl.Series([[1], [2]]),
        "structs": pl.Series([{"a": 1}, {"a": 2}]),
        "durations": pl.Series([dt.timedelta(days=1)] * 2),
        "bytes": pl.Series([b"\x00", b"x"]),
    }
    for series in odd.values():
        for column in ("id", "date", "degree", "sme", "annual_salary", "professional_years"):
            out = score_frame(pl.DataFrame({column: series}), CTX)
            assert out.height == 2
            assert out["error"][0].startswith(f"{column}: "), out["error"][0]
    categorical = pl.DataFrame({**{k: [v] for k, v in GOOD.items() if k != "degree"}}).with_columns(
        pl.Series("degree", ["master"], dtype=pl.Categorical)
    )
    assert score_frame(categorical, CTX)["b_total"][0] == 70
