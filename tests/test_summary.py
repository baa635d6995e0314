"""kodo summary: every figure of a hand-built batch output, the same from Parquet, CSV, Excel,
JSON Lines and a folder or glob of Parquet parts, Parquet, CSV and JSON Lines scanned lazily,
totals outside what the rule data allows refused and the bins bounded, the marks of the rule
data the rows were scored with (a what-if: --rules-overlay), the terminal histogram's shape,
the text in en/ja/zh within 80 columns, JSON, the PNG, and bad files or options refused with
exit 2 and the name."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from rich.cells import cell_len

from kodo.batch.io import write_any
from kodo.batch.summary import MAX_BINS, Marks, marks_on, summarise
from kodo.batch.table import output_columns
from kodo.errors import InputError
from kodo.features.common import load_rules
from kodo.items import DEFAULT
from kodo.shells.cli import main
from kodo.shells.cli_summary import histogram

TODAY = dt.date.today()
MARKS = marks_on(load_rules(), TODAY)
P, H = MARKS.pass_mark, MARKS.high_mark
VERSION = MARKS.book_id


def _frame(rows: list[dict[str, Any]], points: Any = pl.Int16) -> pl.DataFrame:
    """Output rows with every column of the contract; what a row does not give is null."""
    types: dict[str, Any] = {}
    for name in output_columns(DEFAULT):
        if name == "row":
            types[name] = pl.Int64
        elif name.endswith(("_eligible", "_jskip")):
            types[name] = pl.Boolean
        elif name[:2] in ("a_", "b_", "c_") and not name.endswith("_verdict"):
            types[name] = points
        else:
            types[name] = pl.String
    data = [{k: r.get(k) for k in types} | {"row": n} for n, r in enumerate(rows, 1)]
    return pl.DataFrame(data, schema=types)


def _scored(c: str, total: int, verdict: str, jskip: bool = False, **items: int) -> dict[str, Any]:
    row: dict[str, Any] = {"rules_version": VERSION, "best_category": c}
    row |= {f"{c}_{k}": total for k in ("total", "min", "max")}
    row |= {f"{c}_eligible": verdict == "eligible", f"{c}_verdict": verdict, f"{c}_jskip": jskip}
    row |= {f"{c}_{i.id}": 0 for i in DEFAULT.items}
    row |= {f"{c}_{k}": v for k, v in items.items()}
    return row


ROWS: list[dict[str, Any]] = [
    # b: the salary decides (P+5-10 < P), the education does not (P+5-5 = P)
    _scored("b", P + 5, "eligible", salary=10, education=5),
    # b: at the high mark with J-Skip; the salary decides, the education does not
    _scored("b", H, "eligible", jskip=True, salary=H - P + 1, education=H - P),
    _scored("b", P - 1, "short", salary=P - 1),  # not eligible: decides nothing
    _scored("b", P - 5, "floor") | {"warnings": "age_band_soon;beyond_rule_data"},
    {"error": "date: bad", "error_codes": "date:iso_date;degree:one_of"},
    {"error": "date: bad", "error_codes": "date:iso_date"},
    _scored("a", 3, "missing") | {"missing": "annual_salary;degree", "warnings": "age_band_soon"},
    _scored("c", P, "eligible", age=1),  # the age decides (P-1 < P)
]


@pytest.fixture
def out(tmp_path: Path) -> Path:
    path = tmp_path / "out.parquet"
    write_any(_frame(ROWS), path)
    return path


def run(*argv: str) -> int:
    try:
        main(list(argv))
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def test_every_figure_of_a_hand_built_output(out: Path) -> None:
    s = summarise(out, MARKS, near=5, top=5)
    assert (s.rows, s.scored, s.errors) == (8, 6, 2)
    assert s.versions == [(VERSION, 6)]
    assert s.causes == [("date:iso_date", 2), ("degree:one_of", 1)]
    assert s.missing == [("annual_salary", 1), ("degree", 1)]
    assert s.warnings == [("age_band_soon", 2), ("beyond_rule_data", 1)]
    a, b, c = s.categories
    assert (a.scored, a.eligible, a.jskip, a.best) == (1, 0, 0, 1)
    assert (b.scored, b.eligible, b.jskip, b.best) == (4, 2, 1, 4)
    assert (c.scored, c.eligible, c.jskip, c.best) == (1, 1, 0, 1)
    assert b.verdicts == {"eligible": 2, "short": 1, "floor": 1, "missing": 0}
    assert a.verdicts == {"eligible": 0, "short": 0, "floor": 0, "missing": 1}
    assert b.share(b.eligible) == 50.0
    assert b.deciding == [("salary", 2)]
    assert c.deciding == [("age", 1)] and a.deciding == []
    # within 5 of the pass mark: P-5 and P-1 below; P+5 at or above (H is further when H-P > 5)
    assert b.near_pass == (2, 1 + (H - P <= 5))
    assert b.near_high == (int(H - 5 <= P + 5 < H), 1)
    assert c.near_pass == (0, 1) and a.near_pass == (0, 0)
    assert a.histogram == [(0, 1)]
    bins = {t - t % 5 for t in (P + 5, H, P - 1, P - 5)}
    assert [b for b, _ in b.histogram] == list(range(min(bins), max(bins) + 1, 5))
    assert sum(n for _, n in b.histogram) == 4
    assert dict(b.histogram)[(P - 1) - (P - 1) % 5] >= 1


def test_top_and_near_are_options(out: Path) -> None:
    s = summarise(out, MARKS, near=0, top=1)
    b = s.categories[1]
    assert b.near_pass == (0, 0) and b.near_high == (0, 1)  # only the total H is on a mark
    rows = [*ROWS, _scored("b", P + 1, "eligible", salary=2, education=2)]
    path = out.with_name("more.parquet")
    write_any(_frame(rows), path)
    b = summarise(path, MARKS, top=1).categories[1]
    assert b.deciding == [("salary", 3)]
    assert summarise(path, MARKS, top=2).categories[1].deciding == [("salary", 3), ("education", 1)]


def test_parquet_csv_and_excel_give_the_same_figures(out: Path, tmp_path: Path) -> None:
    want = summarise(out, MARKS).to_data()
    for suffix in (".csv", ".xlsx", ".jsonl"):
        path = tmp_path / f"out{suffix}"
        write_any(_frame(ROWS), path)
        got = summarise(path, MARKS).to_data()
        assert got | {"file": ""} == want | {"file": ""}, suffix


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".jsonl"])
def test_a_file_is_scanned_not_read(tmp_path: Path, suffix: str, monkeypatch: Any) -> None:
    import kodo.batch.io

    path = tmp_path / f"out{suffix}"
    write_any(_frame(ROWS), path)

    def refuse(*_: Any, **__: Any) -> None:
        raise AssertionError("read whole")

    for module, name in ((kodo.batch.io, "read_any"), (pl, "read_csv"), (pl, "read_ndjson")):
        monkeypatch.setattr(module, name, refuse)
    assert summarise(path, MARKS).rows == len(ROWS)


def test_a_folder_or_glob_of_parquet_parts(out: Path, tmp_path: Path) -> None:
    parts = tmp_path / "parts"
    parts.mkdir()
    write_any(_frame(ROWS[:3]), parts / "part-00000.parquet")
    write_any(_frame(ROWS[3:]), parts / "part-00001.parquet")
    want = summarise(out, MARKS).to_data() | {"file": ""}
    assert summarise(parts, MARKS).to_data() | {"file": ""} == want
    assert summarise(f"{parts}/part-*.parquet", MARKS).to_data() | {"file": ""} == want
    assert run("summary", str(parts)) == 0


@pytest.mark.parametrize("total", [-5, 10**6])  # 10**12 would build 24 GB of bins unchecked
def test_a_total_the_rule_data_cannot_give_is_refused(
    tmp_path: Path, total: int, capsys: Any
) -> None:
    """Every histogram bin from the lowest total to the highest would be built: never past
    the largest total of the rule data (derived from it), which the file may not exceed."""
    path = tmp_path / "crafted.parquet"
    write_any(_frame([*ROWS, _scored("a", total, "short")], pl.Int64), path)
    with pytest.raises(InputError) as caught:
        summarise(path, MARKS)
    assert caught.value.problems[0][0] == "a_total"
    assert run("summary", str(path)) == 2
    err = capsys.readouterr().err
    assert "a_total" in err and str(MARKS.max_total) in err and "Traceback" not in err
    assert MARKS.max_total >= H  # from the rule data: every item's largest points added up
    if total > 0:  # rule data that allowed it: a bounded number of bins all the same
        s = summarise(path, Marks(TODAY, P, H, VERSION, total))
        assert 0 < len(s.categories[0].histogram) <= MAX_BINS


def test_the_bins_are_bounded(tmp_path: Path) -> None:
    path = tmp_path / "wide.parquet"
    write_any(_frame([*ROWS, _scored("a", 5000, "eligible")], pl.Int64), path)
    s = summarise(path, Marks(TODAY, P, H, VERSION, 10_000))
    a = s.categories[0]
    assert s.bin % 5 == 0 and len(a.histogram) <= MAX_BINS
    assert sum(n for _, n in a.histogram) == a.scored == 2


def test_the_histogram_scales_bars_to_the_width() -> None:
    lines = histogram([(0, 4), (5, 0), (10, 8)], 5, 80, "en", {"<- pass": 10})
    assert len(lines) == 3 and all(cell_len(x) <= 80 for x in lines)
    bars = [x.split("│")[1].rsplit(" ", 3)[0].rstrip() for x in lines]
    assert bars[1] == "" and set(bars[2]) == {"█"}
    assert len(bars[0]) * 2 in (len(bars[2]), len(bars[2]) + 1)  # half, with a partial cell
    assert lines[2].endswith("8 <- pass") and "0-4" in lines[0] and "10-14" in lines[2]
    wide = histogram([(0, 4), (5, 0), (10, 8)], 5, 120, "en", {"<- pass": 10})
    assert wide[2].count("█") == len(bars[2]) + 40
    one = histogram([(0, 1), (5, 1000)], 5, 80)
    assert one[0].split("│")[1].startswith("▏")  # a bin with rows is never drawn empty


@pytest.mark.parametrize("lang", ["en", "ja", "zh"])
def test_the_text_fits_80_columns(out: Path, lang: str, monkeypatch: Any, capsys: Any) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    assert run("summary", str(out), "-l", lang) == 0
    text = capsys.readouterr().out
    assert max(cell_len(x) for x in text.splitlines()) <= 80
    assert out.name in text and "date:iso_date" in text and "annual_salary" in text
    assert TODAY.isoformat() in text or f"{TODAY.year}年{TODAY.month}月{TODAY.day}日" in text
    words = {"en": "2 with an error", "ja": "エラー2行", "zh": "有错误2行"}[lang]
    assert words in text
    assert text.count("│") == sum(len(c.histogram) for c in summarise(out, MARKS).categories)


def test_rows_of_other_rule_data_are_refused(tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "other.parquet"
    other = "sha256:0123456789abcdef0123456789abcdef"
    write_any(_frame([*ROWS, _scored("b", P, "eligible") | {"rules_version": other}]), path)
    with pytest.raises(InputError) as caught:
        summarise(path, MARKS)
    assert caught.value.problems[0][0] == "rules_version"
    assert run("summary", str(path)) == 2
    err = capsys.readouterr().err
    assert other in err and "--rules-overlay" in err


def test_an_output_scored_under_an_overlay_is_summarised_with_its_marks(
    tmp_path: Path, capsys: Any
) -> None:
    """Pass mark 65 from 2027-04-01: an item decides a row at 65 when it is worth something
    (without it the row falls below 65), not every item (as it would below the usual 70)."""
    roster, overlay, out = tmp_path / "roster.csv", tmp_path / "pass65.yaml", tmp_path / "o.csv"
    person = "2027-04-01,1992-06-01,master,{},5000000,{}"  # b: 20 + 15 + 10, the career, N1/N2
    lines = ["id,date,birth_date,degree,professional_years,annual_salary,jlpt",
             "at65," + person.format(4, "N1"), "at70," + person.format(6, "N1"),
             "n2at65," + person.format(6, "N2")]  # fmt: skip
    roster.write_text("\n".join(lines) + "\n")
    overlay.write_text("overlay: pass 65\nchanges:\n"
                       "  - {rule: thresholds, from: 2027-04-01, set: {pass: 65}}\n")  # fmt: skip
    assert run("batch", str(roster), str(out), "--rules-overlay", str(overlay),
               "--today", "2027-04-01") == 0  # fmt: skip
    assert run("summary", str(out), "--date", "2027-04-01") == 2  # not the shipped marks
    assert "rules_version" in capsys.readouterr().err
    args = ("summary", str(out), "--date", "2027-04-01", "--rules-overlay", str(overlay))
    assert run(*args, "--format", "json", "--top", "99") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["marks"]["pass_mark"] == 65
    scored = pl.read_csv(out).filter(pl.col("b_eligible"))
    assert data["categories"][1]["eligible"] == scored.height == 3
    want = {i.id: int((scored["b_total"] - scored[f"b_{i.id}"] < 65).sum()) for i in DEFAULT.items}
    got = {d["item"]: d["rows"] for d in data["categories"][1]["deciding"]}
    assert got == {k: n for k, n in want.items() if n} and "research" not in got  # worth 0


def test_json_has_the_same_figures(out: Path, capsys: Any) -> None:
    assert run("summary", str(out), "--format", "json", "--near", "3", "--top", "1") == 0
    data = json.loads(capsys.readouterr().out)
    assert data == json.loads(json.dumps(summarise(out, MARKS, near=3, top=1).to_data()))
    b = data["categories"][1]
    assert (data["rows"], data["errors"], b["eligible"], b["eligible_share"]) == (8, 2, 2, 50.0)
    assert data["marks"] == {"date": TODAY.isoformat(), "pass_mark": P, "high_mark": H,
                             "book_id": MARKS.book_id, "max_total": MARKS.max_total}  # fmt: skip
    assert b["near_pass"]["below_share"] == 25.0  # P-1 (P-5 is 5 away) of 4


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_plot_writes_a_png(
    out: Path, tmp_path: Path, lang: str, capsys: Any, monkeypatch: Any
) -> None:
    monkeypatch.chdir(tmp_path)
    png = Path("plot.png")
    assert run("summary", str(out), "--plot", str(png), "-l", lang) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    assert run("summary", str(out), "--plot", str(png)) == 2
    err = capsys.readouterr().err
    assert "plot.png" in err and "--force" in err
    assert run("summary", str(out), "--plot", str(png), "--force") == 0


@pytest.mark.parametrize(
    "args,named",
    [
        (["missing.parquet"], "missing.parquet"),
        (["{out}", "--plot", "x.jpg"], "x.jpg"),
        (["{out}", "--near", "x"], "--near"),
        (["{out}", "--top", "0"], "--top"),
        (["{out}", "--date", "2001-01-01"], "--date"),
        (["{out}", "--format", "yaml"], "--format"),
        (["{bad}"], "bad.parquet"),
        (["{other}"], "other.csv"),
        (["{zero}"], "zero.csv"),
        (["{folder}"], "folder"),
        (["{json}"], ".jsonl"),
        (["{out}", "--rules-overlay", "missing.yaml"], "missing.yaml"),
    ],
)
def test_bad_files_and_options_exit_2_naming_them(
    out: Path, tmp_path: Path, args: list[str], named: str, capsys: Any, monkeypatch: Any
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.parquet").write_text("not parquet")
    pl.DataFrame({"name": ["x"], "a_total": [1]}).write_csv(tmp_path / "other.csv")
    (tmp_path / "zero.csv").write_bytes(b"")
    (tmp_path / "folder").mkdir()
    (tmp_path / "out.json").write_text("[]")
    paths = {"{out}": str(out), "{bad}": "bad.parquet", "{other}": "other.csv",
             "{zero}": "zero.csv", "{folder}": "folder", "{json}": "out.json"}  # fmt: skip
    assert run("summary", *(paths.get(x, x) for x in args)) == 2
    err = capsys.readouterr().err
    assert named in err and "Traceback" not in err
    if named in ("other.csv", "zero.csv"):
        assert "kodo batch" in err


def test_an_output_without_rows(tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "empty.csv"
    _frame([]).write_csv(path)  # the header alone
    s = summarise(path, MARKS)
    assert (s.rows, s.scored, s.errors, s.versions, s.causes) == (0, 0, 0, [], [])
    assert all(c.scored == c.eligible == 0 and c.histogram == [] for c in s.categories)
    assert run("summary", str(path), "--plot", str(tmp_path / "empty.png")) == 0
    assert "No row was scored" in capsys.readouterr().out


@pytest.mark.parametrize("lang", ["en", "ja", "zh"])
def test_help_fits_80_columns(lang: str, monkeypatch: Any, capsys: Any) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    assert run("summary", "--help", "-l", lang) == 0
    text = capsys.readouterr().out
    assert "--plot" in text and max(cell_len(x) for x in text.splitlines()) <= 80


def test_generate_score_summary(tmp_path: Path) -> None:
    from kodo.batch.generate import population
    from kodo.batch.table import context, score_frame

    people = population(1500, seed=3, date=TODAY, broken=0.1, missing=0.05)
    scored = score_frame(people.drop("expected_error"), context(today=TODAY))
    path = tmp_path / "scored.parquet"
    write_any(scored, path)
    s = summarise(path, MARKS)
    assert s.rows == 1500 and s.errors == people["expected_error"].is_not_null().sum()
    assert s.scored + s.errors == s.rows and s.versions == [(MARKS.book_id, s.scored)]
    assert sum(n for _, n in s.causes) >= s.errors
    for cat in s.categories:
        c = cat.category
        assert cat.eligible == scored[f"{c}_eligible"].sum()
        assert cat.jskip == scored[f"{c}_jskip"].sum()
        assert sum(n for _, n in cat.histogram) == cat.scored == scored[f"{c}_total"].count()
        assert cat.best == (scored["best_category"] == c).sum()
        for _item, n in cat.deciding:  # each decides no more rows than are eligible
            assert 0 < n <= cat.eligible
