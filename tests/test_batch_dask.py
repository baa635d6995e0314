"""``kodo batch --engine dask``: a Parquet dataset on a local Dask cluster of two worker
processes (started once for the module) gives, part after part, exactly the rows of the
single-process run; OUT is never the input, only kodo's own parts are replaced, a failed run
leaves OUT as it was, and no error repeats a cell."""

from __future__ import annotations

import datetime as dt
import logging
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import distributed
import polars as pl
import pytest

from kodo.batch.distributed import plan, run_dask
from kodo.batch.generate import population
from kodo.batch.run import run_batch
from kodo.batch.table import Context, context, score_frame
from kodo.errors import InputError
from tests.test_cli import KODO

TODAY = dt.date(2025, 6, 1)
SECRET = "cell-value-that-must-not-be-logged"


@pytest.fixture(scope="module")
def address() -> Iterator[str]:
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",  # loopback, any free port
        silence_logs=logging.ERROR,
    ) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def ctx() -> Context:
    return context(today=TODAY)


@pytest.fixture(scope="module")
def people() -> pl.DataFrame:
    """Typed rows and a few broken ones (every column as text, as a CSV would give them)."""
    frame = population(480, seed=10, date=TODAY, broken=0.04)
    return frame.drop("expected_error")


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory, people: pl.DataFrame) -> Path:
    """Four files of 120 rows, row groups of 40 (written out of name order on purpose)."""
    folder = tmp_path_factory.mktemp("dataset")
    for i in (2, 0, 3, 1):
        people.slice(i * 120, 120).write_parquet(folder / f"f{i}.parquet", row_group_size=40)
    return folder


def _kodo(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([KODO, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def _output(out: Path) -> pl.DataFrame:
    return pl.concat([pl.read_parquet(p) for p in sorted(out.glob("part-*.parquet"))])


def test_a_directory_gives_the_single_process_rows(
    dataset: Path, people: pl.DataFrame, ctx: Context, address: str, tmp_path: Path
) -> None:
    seen: list[tuple[int, int]] = []
    report = run_dask(
        dataset,
        tmp_path / "out",
        ctx,
        scheduler=address,
        part_rows=80,
        progress=lambda done, total: seen.append((done, total)),
    )
    want = score_frame(people, ctx)
    got = _output(tmp_path / "out")
    assert got.equals(want)
    errors = int(want["error"].is_not_null().sum())
    assert errors >= 10 and want["row"].to_list() == list(range(1, 481))
    assert (report.parts, report.rows, report.errors) == (8, 480, errors)  # 40+40 | 40 per file
    assert report.rules_version == ctx.book.id
    assert sorted(seen) == seen and seen[-1] == (480, 480) and len(seen) == 8
    meta = pl.read_parquet_metadata(next((tmp_path / "out").glob("part-*.parquet")))
    assert meta["kodo.rules_version"] == ctx.book.id
    assert not list((tmp_path / "out").glob("*partial*"))


def test_a_glob_numbers_rows_across_the_files_it_matches(
    dataset: Path, people: pl.DataFrame, ctx: Context, address: str, tmp_path: Path
) -> None:
    report = run_dask(str(dataset / "f[13].parquet"), tmp_path / "o", ctx, scheduler=address)
    chosen = pl.concat([people.slice(120, 120), people.slice(360, 120)])
    assert _output(tmp_path / "o").equals(score_frame(chosen, ctx))
    assert (report.parts, report.rows) == (2, 240)


def test_one_file_is_split_by_row_groups(
    people: pl.DataFrame, ctx: Context, address: str, tmp_path: Path
) -> None:
    source = tmp_path / "one.parquet"
    people.slice(0, 200).write_parquet(source, row_group_size=40)
    parts = plan(source, tmp_path / "out", part_rows=40)
    assert [(p.row_groups, p.first_row) for p in parts] == [((g,), 1 + 40 * g) for g in range(5)]
    report = run_dask(source, tmp_path / "out", ctx, scheduler=address, part_rows=40)
    assert report.parts == 5
    assert _output(tmp_path / "out").equals(score_frame(people.slice(0, 200), ctx))


def test_a_source_without_parquet_files_is_named(ctx: Context, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"- no-such-\*\.parquet: no such file"):
        run_dask(tmp_path / "no-such-*.parquet", tmp_path / "out", ctx)
    assert not (tmp_path / "out").exists()


def test_a_bad_scheduler_address_fails_fast(dataset: Path, ctx: Context, tmp_path: Path) -> None:
    start = time.monotonic()
    with pytest.raises(InputError) as caught:
        run_dask(dataset, tmp_path / "out", ctx, scheduler="tcp://127.0.0.1:9", connect_timeout=1)
    assert time.monotonic() - start < 10
    assert "tcp://127.0.0.1:9" in str(caught.value)


def _failing(frame: pl.DataFrame, ctx: Context, first_row: int) -> pl.DataFrame:
    """A scorer that fails on the part starting at row 81, quoting a cell as errors do."""
    if first_row == 81:
        raise ValueError(f"cannot score {SECRET}")
    return score_frame(frame, ctx, first_row)


def test_a_failing_part_is_named_and_nothing_is_logged(
    dataset: Path, ctx: Context, tmp_path: Path, capfd: Any
) -> None:
    """On a local cluster started for the run (and closed after): the error names the part,
    and the workers log nothing of it on the terminal."""
    with pytest.raises(InputError) as caught:
        run_dask(dataset, tmp_path / "out", ctx, workers=1, part_rows=80, score=_failing)
    text = str(caught.value)
    assert f"{dataset.name}: " in text and "- f0.parquet#2: " in text and "ValueError" in text
    captured = capfd.readouterr()
    assert SECRET not in captured.out + captured.err + text
    assert "Traceback" not in captured.err
    assert not (tmp_path / "out").exists()  # the folder the failed run made is removed


def test_workers_with_another_kodo_are_refused() -> None:
    """The engine's code does not travel: a worker running another kodo version stops the run
    before anything is sent."""
    from kodo.batch import distributed as dd

    class Workers:
        def run(self, fn: Any) -> dict[str, str]:
            return {"tcp://w1": fn(), "tcp://w2": "0.0.0-other"}

    with pytest.raises(InputError, match=r"the workers run kodo 0\.0\.0-other, this machine"):
        dd._check_versions(Workers(), "tcp://scheduler:8786")
    dd._check_versions(type("Same", (), {"run": lambda self, fn: {"w": fn()}})(), "tcp://s")


# --- the paths: the input is never deleted, only kodo's own parts are, named whole ---------


@pytest.mark.parametrize("where", ["same", "inside", "parent", "file", "glob"])
def test_an_output_that_is_or_holds_the_input_is_refused_even_with_force(
    people: pl.DataFrame, ctx: Context, tmp_path: Path, where: str
) -> None:
    """``kodo batch d d --engine dask --force`` deleted the input's ``part-*.parquet``."""
    data = tmp_path / "d"
    data.mkdir()
    people.slice(0, 40).write_parquet(data / "part-00000.parquet")
    source, out = {
        "same": (data, data),
        "inside": (data, data / "out"),
        "parent": (data, tmp_path),
        "file": (data / "part-00000.parquet", data / "part-00000.parquet"),
        "glob": (str(data / "*.parquet"), data),
    }[where]
    before = {p: p.read_bytes() for p in data.rglob("*")}
    with pytest.raises(InputError) as caught:
        run_dask(source, out, ctx, force=True)
    text = str(caught.value)
    assert "input" in text and "OUT" in text and "--force" not in text, text
    assert {p: p.read_bytes() for p in data.rglob("*")} == before
    assert not (data / "out").exists()


def test_the_command_line_keeps_the_input_given_as_output(
    people: pl.DataFrame, tmp_path: Path
) -> None:
    (tmp_path / "d").mkdir()
    people.slice(0, 40).write_parquet(tmp_path / "d" / "part-00000.parquet")
    run = _kodo("batch", "d", "d", "--engine", "dask", "--force", cwd=tmp_path)
    assert run.returncode == 2 and "d: " in run.stderr and "OUT" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr
    assert pl.read_parquet(tmp_path / "d" / "part-00000.parquet").equals(people.slice(0, 40))


def test_force_replaces_kodo_parts_and_keeps_other_files(
    dataset: Path, ctx: Context, address: str, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert run_dask(dataset, out, ctx, scheduler=address, part_rows=80).parts == 8
    (out / "notes.txt").write_text("mine")
    with pytest.raises(InputError) as caught:
        run_dask(dataset, out, ctx, scheduler=address)
    text = str(caught.value)
    assert f"{tmp_path.name}: " in text and "- out: exists" in text
    report = run_dask(dataset, out, ctx, scheduler=address, force=True)  # 4 parts: 4 stale
    assert report.parts == 4 and _output(out).height == 480
    names = sorted(p.name for p in out.iterdir())
    assert names == ["notes.txt"] + [f"part-0000{i}.parquet" for i in range(4)]
    (out / "part-00009.parquet").write_bytes(b"not kodo's")
    kept = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(InputError) as caught:
        run_dask(dataset, out, ctx, scheduler=address, force=True)
    assert "- part-00009.parquet: is in the output folder but was not written by kodo" in str(
        caught.value
    )
    assert {p.name: p.read_bytes() for p in out.iterdir()} == kept


def test_an_output_that_is_a_file_is_named_as_such(
    dataset: Path, ctx: Context, tmp_path: Path
) -> None:
    (tmp_path / "out").write_text("x")
    for force in (False, True):
        with pytest.raises(InputError) as caught:
            run_dask(dataset, tmp_path / "out", ctx, force=force)
        text = str(caught.value)
        assert "- out: is a file" in text and "--force" not in text, text
    assert (tmp_path / "out").read_text() == "x"


def test_paths_are_named_whole(
    dataset: Path, ctx: Context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as caught:
        run_dask("no-such-*.parquet", "out", ctx)
    assert str(caught.value).startswith("invalid input"), str(caught.value)
    with pytest.raises(InputError) as caught:
        run_dask(dataset, "/", ctx, force=True)
    assert "- /: " in str(caught.value), str(caught.value)


def test_a_glob_skips_files_that_are_not_parquet(
    people: pl.DataFrame, ctx: Context, address: str, tmp_path: Path
) -> None:
    data = tmp_path / "ds"
    data.mkdir()
    people.slice(0, 40).write_parquet(data / "a.parquet")
    (data / "_SUCCESS").write_bytes(b"")
    (data / "README").write_text("a dataset")
    report = run_dask(str(data / "*"), tmp_path / "out", ctx, scheduler=address)
    assert report.rows == 40
    assert _output(tmp_path / "out").equals(score_frame(people.slice(0, 40), ctx))


# --- a failing run: OUT as it was, and no cell in the error ---------------------------------


def test_a_failing_run_leaves_the_output_folder_as_it_was(
    dataset: Path, ctx: Context, address: str, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    run_dask(dataset, out, ctx, scheduler=address)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(InputError) as caught:
        run_dask(dataset, out, ctx, scheduler=address, part_rows=80, force=True, score=_failing)
    assert "- f0.parquet#2: " in str(caught.value)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no part of the failed run
    with pytest.raises(InputError):
        run_dask(dataset, tmp_path / "new", ctx, scheduler=address, part_rows=80, score=_failing)
    assert not (tmp_path / "new").exists()


def test_a_failing_part_never_repeats_a_cell(
    dataset: Path, ctx: Context, address: str, tmp_path: Path
) -> None:
    with pytest.raises(InputError) as caught:
        run_dask(dataset, tmp_path / "out", ctx, scheduler=address, part_rows=80, score=_failing)
    for lang in ("en", "ja", "zh"):
        text = caught.value.render(lang)
        assert SECRET not in text and "f0.parquet#2" in text and "ValueError" in text, text
    assert "cannot score" not in str(caught.value)


# --- typed Parquet (no broken row: the columns keep their types) ---------------------------


def test_a_typed_dataset_gives_the_single_process_output(
    ctx: Context, address: str, tmp_path: Path
) -> None:
    typed = population(400, seed=11, date=TODAY)
    assert typed.schema["annual_salary"] != pl.String and typed.schema["sme"] == pl.Boolean
    whole = tmp_path / "whole.parquet"
    typed.write_parquet(whole)
    run_batch(whole, tmp_path / "single.parquet", ctx)
    data = tmp_path / "ds"
    data.mkdir()
    for i in range(2):
        typed.slice(i * 200, 200).write_parquet(data / f"f{i}.parquet", row_group_size=50)
    report = run_dask(data, tmp_path / "out", ctx, scheduler=address, part_rows=100)
    want = pl.read_parquet(tmp_path / "single.parquet")
    assert report.parts == 4 and _output(tmp_path / "out").equals(want)
    assert want["b_total"].drop_nulls().len() > 0


# --- the command line: the same summary as the local engine --------------------------------


def test_the_command_line_says_the_causes_and_unknown_columns(
    people: pl.DataFrame, address: str, tmp_path: Path
) -> None:
    data = tmp_path / "ds"
    data.mkdir()
    noted = people.with_columns(pl.lit("x").alias("notes"))
    noted.write_parquet(tmp_path / "whole.parquet")
    for i in range(2):
        noted.slice(i * 240, 240).write_parquet(data / f"f{i}.parquet")
    local = _kodo("batch", "whole.parquet", "single.parquet", cwd=tmp_path)
    dask = _kodo("batch", "ds", "out", "--engine", "dask", "--scheduler", address, cwd=tmp_path)
    assert local.returncode == dask.returncode == 1, dask.stderr
    said = " ".join(dask.stderr.split())  # the same words (wrapped at other places)
    assert "ignored: notes" in said and "birth_date:no_such_date: 2 rows" in said, said
    assert said.replace("-> out (", "-> single.parquet (") == " ".join(local.stderr.split())
