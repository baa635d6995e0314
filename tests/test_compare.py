"""`kodo compare`: a small roster with known changes under a what-if, every figure; the same
from the nested form, from chunks of any size and from a folder or glob of Parquet parts; the
high mark of each row's own date; unknown columns named, a file without the flat form's columns
refused; the command line's text in en/ja/zh within 80 columns, JSON, the PNG, bad arguments
(exit 2, named)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from rich.cells import cell_len

from kodo.batch.compare import compare, compare_file
from kodo.batch.table import context, score_frame
from kodo.input.flat import flat_to_nested
from kodo.rules.book import load_book
from kodo.rules.overlay import apply_overlay, load_overlay
from kodo.shells.cli import main

DAY = dt.date(2027, 4, 1)
BOOK = load_book()
WHAT_IF = {
    "overlay": "Pass 65 and N2 15",
    "changes": [
        {"rule": "thresholds", "from": "2027-04-01", "set": {"pass": 65}},
        {"rule": "n2", "set": {"points": 15}},
    ],
}
N2_5 = {"overlay": "N2 5", "changes": [{"rule": "n2", "set": {"points": 5}}]}


def row(id: str, years: str, jlpt: str, date: str = "2027-04-01", **more: str) -> dict[str, str]:
    """Category b: master 20, salary 5M at 34 15, age 10, plus experience and Japanese."""
    return {"id": id, "date": date, "birth_date": "1992-06-01", "degree": "master",
            "professional_years": years, "annual_salary": "5000000", "jlpt": jlpt,
            "category": "", **more}  # fmt: skip


ROWS = [
    row("keeps", "6", "N1"),  # 70 -> 70
    row("gains", "4", "N1"),  # 65: eligible under 65
    row("n2-gains", "6", "N2"),  # 65 -> 70
    row("n2-high", "10", "N2"),  # 75 -> 80: the high mark
    row("broken", "6", "N1", degree="phd"),  # an error: counted, not compared
    row("too-early", "4", "N1", date="2027-03-31"),  # 65, before the pass mark changes
    row("n2-at-70", "7", "N2"),  # 70 -> 75; under N2 5: 65, not eligible any more
    row("only-c", "6", "N2", category="c"),  # asks for c: b not compared
]


def frame(rows: list[dict[str, str]] = ROWS) -> pl.DataFrame:
    names = list(dict.fromkeys(k for r in rows for k in r))
    return pl.DataFrame({k: [r.get(k) or None for r in rows] for k in names},
                        schema=dict.fromkeys(names, pl.String))  # fmt: skip


def book(data: dict[str, Any]) -> Any:
    return apply_overlay(BOOK, load_overlay(data))


def test_every_figure_of_a_small_roster() -> None:
    c = compare(frame(), context(today=DAY), context(rules=book(WHAT_IF), today=DAY), examples=3)
    assert (c.rows, c.compared, c.errors) == (8, 7, 1)
    assert (c.marks_before.pass_mark, c.marks_after.pass_mark) == (70, 65)
    assert c.overlay == WHAT_IF["overlay"] and c.base_version == BOOK.id != c.what_if_version
    b = c.categories[1]
    assert b.category == "b" and b.compared == 6
    assert (b.eligible_before, b.eligible_after, b.gained, b.lost) == (3, 5, 2, 0)
    assert (b.high_gained, b.high_lost) == (1, 0)
    assert (b.total_points, b.total_rows) == (15, 3)
    assert [(i.item, i.points, i.rows) for i in b.items] == [("n2", 15, 3)]
    assert [(e.row, e.id) for e in b.examples["gained"]] == [(2, "gains"), (3, "n2-gains")]
    assert [(e.row, e.id) for e in b.examples["high_gained"]] == [(4, "n2-high")]
    assert b.examples["lost"] == ()
    c_cat = c.categories[2]
    assert c_cat.compared == 7 and [(i.item, i.rows) for i in c_cat.items] == [("n2", 4)]


def test_the_other_direction_and_the_examples_limit() -> None:
    c = compare(frame(), context(today=DAY), context(rules=book(N2_5), today=DAY), examples=1)
    b = c.categories[1]
    assert (b.gained, b.lost, b.high_gained, b.high_lost) == (0, 1, 0, 0)
    assert [(e.row, e.id) for e in b.examples["lost"]] == [(7, "n2-at-70")]
    assert [(i.item, i.points, i.rows) for i in b.items] == [("n2", -15, 3)]
    c = compare(frame(), context(today=DAY), context(rules=book(WHAT_IF), today=DAY), examples=1)
    assert len(c.categories[1].examples["gained"]) == 1
    c = compare(frame(), context(today=DAY), context(rules=book(WHAT_IF), today=DAY), examples=0)
    assert all(not e for cat in c.categories for e in cat.examples.values())


def test_best_category_moves_are_those_of_the_scores() -> None:
    what_if = {"overlay": "C salary", "changes": [{"rule": "salary", "set": {
        "c.points": [[60, 70, 80, 90, 95, 100]]}}]}  # fmt: skip
    base, other = context(today=DAY), context(rules=book(what_if), today=DAY)
    c = compare(frame(), base, other)
    before, after = score_frame(frame(), base), score_frame(frame(), other)
    moved = [(x, y) for x, y in zip(before["best_category"], after["best_category"], strict=True)
             if x is not None and x != y]  # fmt: skip
    assert moved and c.best_changed == len(moved)
    assert {(x, y): n for x, y, n in c.best} == {m: moved.count(m) for m in set(moved)}


def test_no_change_under_the_same_rules() -> None:
    c = compare(frame(), context(today=DAY), context(today=DAY))
    assert c.base_version == c.what_if_version and c.best == ()
    assert all(cat.gained == cat.lost == cat.total_rows == 0 and not cat.items
               for cat in c.categories)  # fmt: skip


def figures(c: Any) -> dict[str, Any]:
    return c.to_data() | {"file": ""}


def test_any_chunk_size_gives_the_same_answer(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    frame().write_csv(roster)
    base, other = context(today=DAY), context(rules=book(WHAT_IF), today=DAY)
    whole = compare(frame(), base, other, examples=3)
    for rows in (1, 3, 1000):  # 8 chunks, 3 chunks (the examples span two), one chunk
        assert figures(compare_file(roster, base, other, 3, chunk_rows=rows)) == figures(whole)
    assert compare_file(roster, base, other, chunk_rows=3).file == str(roster)


def test_a_folder_or_glob_of_parquet_parts_is_one_input(tmp_path: Path) -> None:
    parts = tmp_path / "parts"
    parts.mkdir()
    frame(ROWS[:5]).write_parquet(parts / "part-00000.parquet")
    frame(ROWS[5:]).write_parquet(parts / "part-00001.parquet")
    base, other = context(today=DAY), context(rules=book(WHAT_IF), today=DAY)
    want = figures(compare(frame(), base, other))
    assert figures(compare_file(parts, base, other)) == want
    assert figures(compare_file(f"{parts}/*.parquet", base, other)) == want


def _typed(r: dict[str, str]) -> dict[str, Any]:
    """A flat row's cells as the values of a typed file (for flat_to_nested)."""
    kinds = {"professional_years": float, "annual_salary": int}
    return {k: kinds.get(k, str)(v) for k, v in r.items() if v}


def test_the_nested_form_is_scored_as_the_batch_scores_it(tmp_path: Path, capsys: Any) -> None:
    people = tmp_path / "people.jsonl"
    people.write_text("".join(json.dumps(flat_to_nested(_typed(r))) + "\n" for r in ROWS))
    base, other = context(today=DAY), context(rules=book(WHAT_IF), today=DAY)
    got = compare_file(people, base, other)
    assert figures(got) == figures(compare(frame(), base, other))
    overlay = tmp_path / "what-if.json"
    overlay.write_text(json.dumps(WHAT_IF))
    assert run("compare", str(people), "--overlay", str(overlay), "--date", DAY.isoformat(),
               "--format", "json") == 0  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert data["categories"][1]["gained"] == 2  # not every person compared without facts


HIGH_75 = {"overlay": "High 75", "changes": [
    {"rule": "thresholds", "from": "2027-04-01", "set": {"high": 75}}]}  # fmt: skip


@pytest.mark.parametrize("today", [DAY, DAY - dt.timedelta(days=1)])
def test_each_row_meets_the_high_mark_of_its_own_date(today: dt.date) -> None:
    """The high mark is 75 from 2027-04-01 under the what-if, 80 before: of two rows at 75,
    only the one dated on the change newly reaches it, whatever date stands for today."""
    rows = [row("early", "10", "N2", date="2027-03-31"), row("late", "10", "N2")]
    c = compare(frame(rows), context(today=today), context(rules=book(HIGH_75), today=today))
    b = c.categories[1]
    assert (b.eligible_before, b.eligible_after, b.gained, b.lost) == (2, 2, 0, 0)
    assert (b.high_gained, b.high_lost) == (1, 0)
    assert [(e.row, e.id) for e in b.examples["high_gained"]] == [(2, "late")]


def test_unknown_columns_are_named_and_a_file_without_the_flat_form_refused(
    tmp_path: Path, capsys: Any
) -> None:
    base, other = context(today=DAY), context(rules=book(WHAT_IF), today=DAY)
    c = compare(frame([r | {"colour": "red", "name": "x"} for r in ROWS]), base, other)
    assert c.unknown_columns == ("colour", "name")
    same = figures(compare(frame(), base, other))
    assert figures(c) == same | {"unknown_columns": c.unknown_columns}
    overlay = tmp_path / "what-if.json"
    overlay.write_text(json.dumps(WHAT_IF))
    odd = tmp_path / "odd.csv"
    pl.DataFrame({"id": ["a"], "colour": ["red"]}).write_csv(odd)
    assert run("compare", str(odd), "--overlay", str(overlay)) == 2
    err = capsys.readouterr().err
    assert "odd.csv" in err and "flat form" in err and "Traceback" not in err
    roster = tmp_path / "roster.csv"
    frame([r | {"colour": "red"} for r in ROWS]).write_csv(roster)
    assert run("compare", str(roster), "--overlay", str(overlay), "--date", "2027-04-01") == 0
    assert "were ignored: colour" in capsys.readouterr().out


# ------------------------------------------------------------------------------ command line


def run(*argv: str) -> int:
    try:
        main(list(argv))
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


@pytest.fixture
def files(tmp_path: Path) -> tuple[str, str]:
    roster = tmp_path / "roster.csv"
    frame().write_csv(roster)
    overlay = tmp_path / "what-if.json"
    overlay.write_text(json.dumps(WHAT_IF))
    return str(roster), str(overlay)


@pytest.mark.parametrize(
    "lang,words",
    [("en", ["Not eligible → eligible: 2", "e.g. row 2 (gains), row 3 (n2-gains)",
             "1 with an error", "pass mark 70 → 65"]),
     ("ja", ["満たさない → 満たす：2行", "例：2行目（gains）、3行目（n2-gains）", "エラー1行"]),
     ("zh", ["不符合 → 符合：2行", "第2行（gains）", "有错误1行"])],
)  # fmt: skip
def test_the_text_fits_80_columns(
    files: tuple[str, str], lang: str, words: list[str], capsys: Any, monkeypatch: Any
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    roster, overlay = files
    assert run("compare", roster, "--overlay", overlay, "--date", DAY.isoformat(), "-l", lang) == 0
    text = capsys.readouterr().out
    assert max(cell_len(x) for x in text.splitlines()) <= 80
    for w in words:
        assert w in text, text
    assert WHAT_IF["overlay"] in text and BOOK.id in text


def test_json_has_the_same_figures(files: tuple[str, str], capsys: Any) -> None:
    roster, overlay = files
    assert run("compare", roster, "--overlay", overlay, "--date", "2027-04-01",
               "--format", "json", "--examples", "1") == 0  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    c = compare(frame(), context(today=DAY), context(rules=book(WHAT_IF), today=DAY), 1, roster)
    assert data == json.loads(json.dumps(c.to_data()))
    assert data["categories"][1]["gained"] == 2 and data["errors"] == 1


def test_plot_writes_a_png(files: tuple[str, str], tmp_path: Path, capsys: Any) -> None:
    roster, overlay = files
    for lang in ("en", "ja"):
        png = tmp_path / f"{lang}.png"
        args = ("compare", roster, "--overlay", overlay, "--date", "2027-04-01", "--plot")
        assert run(*args, str(png), "-l", lang) == 0
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    assert run(*args, str(png)) == 2
    assert "--force" in capsys.readouterr().err
    assert run(*args, str(png), "--force") == 0


@pytest.mark.parametrize(
    "args,named",
    [
        (["{roster}"], "--overlay"),
        (["{roster}", "--overlay", "{overlay}", "--examples", "x"], "--examples"),
        (["{roster}", "--overlay", "{overlay}", "--examples", "1000"], "--examples"),
        (["{roster}", "--overlay", "{overlay}", "--format", "yaml"], "--format"),
        (["{roster}", "--overlay", "{overlay}", "--plot", "x.jpg"], "x.jpg"),
        (["{roster}", "--overlay", "{overlay}", "--date", "2001-01-01"], "--date"),
        (["{roster}", "--overlay", "{overlay}", "-o", "nonsense"], "--option"),
        (["{roster}", "--overlay", "{bad}"], "changes[1].set.points"),
        (["{roster}", "--overlay", "missing.yaml"], "missing.yaml"),
        (["missing.csv", "--overlay", "{overlay}"], "missing.csv"),
    ],
)
def test_bad_arguments_exit_2_naming_them(
    files: tuple[str, str], tmp_path: Path, args: list[str], named: str, capsys: Any,
    monkeypatch: Any,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    roster, overlay = files
    bad = tmp_path / "bad.yaml"
    bad.write_text("overlay: bad\nchanges:\n  - {rule: n2, set: {points: 5}}\n"
                   "  - {rule: n2, set: {points: many}}\n")  # fmt: skip
    paths = {"{roster}": roster, "{overlay}": overlay, "{bad}": str(bad)}
    assert run("compare", *(paths.get(x, x) for x in args)) == 2
    err = capsys.readouterr().err
    assert named in err and "Traceback" not in err


def test_batch_scores_under_the_overlay(files: tuple[str, str], tmp_path: Path) -> None:
    roster, overlay = files
    out = tmp_path / "out.parquet"
    assert run("batch", roster, str(out), "--rules-overlay", overlay, "--today", "2027-04-01") == 1
    scored = pl.read_parquet(out)
    assert set(scored["rules_version"].drop_nulls()) == {book(WHAT_IF).id}
    assert scored.filter(pl.col("id") == "gains")["b_eligible"].to_list() == [True]
