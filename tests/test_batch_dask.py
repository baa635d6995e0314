"""``kodo batch --engine dask``: a Parquet dataset on a local Dask cluster of two worker
processes gives, part after part, exactly the rows of the single-process run."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import distributed
import polars as pl
import pytest

from kodo.batch.distributed import plan, run_dask
from kodo.batch.generate import population
from kodo.batch.table import Context, context, score_frame
from kodo.errors import InputError

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


def test_an_output_folder_that_is_not_empty_is_refused(
    dataset: Path, ctx: Context, address: str, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "part-00000.parquet").write_bytes(b"old")
    with pytest.raises(InputError) as caught:
        run_dask(dataset, out, ctx, scheduler=address)
    text = str(caught.value)
    assert f"{tmp_path.name}: " in text and "- out: exists" in text
    assert [p.name for p in out.iterdir()] == ["part-00000.parquet"]
    report = run_dask(dataset, out, ctx, scheduler=address, force=True)  # old parts replaced
    assert report.rows == 480 and _output(out).height == 480


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
    assert SECRET not in captured.out + captured.err
    assert "Traceback" not in captured.err
    assert not list((tmp_path / "out").glob("*partial*"))


def test_workers_with_another_kodo_are_refused() -> None:
    """The engine's code does not travel: a worker running another kodo version stops the run
    before anything is sent."""
    from kodo.batch import distributed as dd

    class Workers:
        def run(self, fn: Any) -> dict[str, str]:
            return {"tcp://w1": fn(), "tcp://w2": "0.0.0-other"}

    with pytest.raises(InputError, match=r"kodo 0\.0\.0-other on workers"):
        dd._check_versions(Workers(), "tcp://scheduler:8786")
    dd._check_versions(type("Same", (), {"run": lambda self, fn: {"w": fn()}})(), "tcp://s")
