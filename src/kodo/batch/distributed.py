"""``kodo batch --engine dask``: a partitioned Parquet dataset scored on a Dask cluster.

The source (a directory of Parquet files, a glob, or one file) is cut into parts: the files
in sorted order, each file's row groups gathered into parts of about ``part_rows`` rows. The
row counts come from the Parquet footers alone (no data is read on the client), so every part
knows the number of its first row in the whole dataset. The :class:`~kodo.batch.table.Context`
(the rule book, the options, the registry) is sent to every worker once; each task then reads
its part, scores it in chunks and writes ``part-00000.parquet`` … in the same order. Only the
counts come back to the client: the concatenation of the output parts, in order, is row for
row what the single-process run gives.

A task never raises on the worker (a worker logs a failing task with its exception, which
could quote a cell): it returns the problem, and the client raises an error naming the part.
Dask's own logging is kept to errors. See docs/dask.md for a real cluster.
"""

from __future__ import annotations

import glob
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from kodo.batch.io import CHUNK_ROWS, Sink
from kodo.batch.table import Context, score_frame
from kodo.errors import KodoError, input_error

Score = Callable[[pl.DataFrame, Context, int], pl.DataFrame]
PART_ROWS = 4 * CHUNK_ROWS  # rows per task (a worker holds one chunk of it at a time)
PARQUET = (".parquet", ".pq")
CONNECT_TIMEOUT = 20.0  # seconds to reach a scheduler given by address
_QUIET = ("distributed", "tornado", "asyncio", "bokeh")


@dataclass(frozen=True)
class Part:
    """A run of row groups of one file, its first row in the dataset (1-based) and its
    output file."""

    path: str
    row_groups: tuple[int, ...]
    rows: int
    first_row: int
    out: str

    @property
    def name(self) -> str:
        """The file's name and its row groups: ``f0.parquet#2`` or ``f0.parquet#0-3``."""
        first, last = self.row_groups[0], self.row_groups[-1]
        return f"{Path(self.path).name}#{first}" + (f"-{last}" if last != first else "")


@dataclass
class DaskReport:
    """What a run did: parts written, rows read (= rows written), rows with an error."""

    parts: int
    rows: int
    errors: int
    out_dir: Path
    rules_version: str = ""

    @property
    def scored(self) -> int:
        return self.rows - self.errors


@dataclass(frozen=True)
class _Done:
    rows: int = 0
    errors: int = 0
    problem: str | None = None  # the task failed: why (its type and a short excerpt)


def files(source: str | Path) -> list[Path]:
    """The Parquet files of ``source`` in sorted order (a directory is searched through its
    sub-directories, e.g. ``year=2024/…``), or InputError naming it."""
    text = str(source)
    p = Path(source)
    if p.is_dir():
        found = [f for f in p.rglob("*") if f.suffix.lower() in PARQUET and f.is_file()]
    elif p.is_file():
        found = [p]
    elif glob.has_magic(text):
        found = [Path(f) for f in glob.glob(text, recursive=True) if Path(f).is_file()]
    else:
        found = []
    if not found:
        raise _named(p, "no_such_file")
    return sorted(found, key=lambda f: str(f))


def plan(source: str | Path, out_dir: str | Path, part_rows: int = PART_ROWS) -> list[Part]:
    """The parts of ``source`` in order, from the Parquet footers only."""
    parts: list[Part] = []
    first = 1
    out = Path(out_dir)
    for path in files(source):
        try:
            meta = pq.read_metadata(path)
        except (OSError, pa.ArrowException) as exc:
            raise _named(path, "unreadable", reason=str(exc)) from None
        groups: list[int] = []
        rows = 0
        for g in range(meta.num_row_groups):
            n = meta.row_group(g).num_rows
            if groups and rows + n > part_rows:
                parts.append(Part(str(path), tuple(groups), rows, first, ""))
                first += rows
                groups, rows = [], 0
            groups.append(g)
            rows += n
        if rows:
            parts.append(Part(str(path), tuple(groups), rows, first, ""))
            first += rows
    width = max(5, len(str(len(parts))))
    return [
        Part(p.path, p.row_groups, p.rows, p.first_row, str(out / f"part-{i:0{width}d}.parquet"))
        for i, p in enumerate(parts)
    ]


def score_part(part: Part, ctx: Context, score: Score = score_frame) -> _Done:
    """On a worker: read ``part`` chunk by chunk, score, write its output file."""
    done = 0
    errors = 0
    out = Path(part.out)
    partial = out.with_name(out.stem + ".partial" + out.suffix)
    try:
        parquet = pq.ParquetFile(part.path)
        sink = Sink(partial)
        sink.metadata = {"kodo.rules_version": ctx.book.id, "kodo.rules_book": ctx.book.name}
        for batch in parquet.iter_batches(batch_size=CHUNK_ROWS, row_groups=part.row_groups):
            frame = pl.from_arrow(batch)
            assert isinstance(frame, pl.DataFrame)
            scored = score(frame, ctx, part.first_row + done)
            sink.write(scored)
            done += scored.height
            errors += scored.height - scored["error"].null_count()
        sink.close()
        if done != part.rows:
            return _Done(problem=f"{done} rows read, {part.rows} in the file's footer")
        os.replace(partial, out)
    except KodoError as exc:
        return _Done(problem=str(exc))
    except Exception as exc:  # anything: reported by the client, never logged on the worker
        return _Done(problem=f"{type(exc).__name__}: {exc}")
    finally:
        if partial.exists():
            partial.unlink()
    return _Done(done, errors)


def run_dask(
    source: str | Path,
    out_dir: str | Path,
    ctx: Context,
    *,
    scheduler: str | None = None,
    workers: int = 2,
    progress: Callable[[int, int], None] | None = None,
    score: Score = score_frame,
    part_rows: int = PART_ROWS,
    force: bool = False,
    connect_timeout: float = CONNECT_TIMEOUT,
) -> DaskReport:
    """Score every row of the Parquet dataset ``source`` into ``out_dir/part-*.parquet`` on a
    Dask cluster: a local one of ``workers`` processes, or the one at ``scheduler`` (left
    running). ``out_dir`` must not exist or be empty (``force``: earlier parts are removed
    first). ``progress(rows_done, rows_total)`` as parts finish. The client's paths must be
    the workers' paths (shared storage) when the cluster is elsewhere."""
    out = Path(out_dir)
    _check_out(out, force)
    parts = plan(source, out, part_rows)
    total = sum(p.rows for p in parts)
    out.mkdir(parents=True, exist_ok=True)
    report = DaskReport(len(parts), 0, 0, out, ctx.book.id)
    with _client(scheduler, workers, connect_timeout) as client:
        shared = client.scatter(ctx, broadcast=True)
        futures = client.map(score_part, parts, ctx=shared, score=score, pure=False)
        which = {f.key: p for f, p in zip(futures, parts, strict=True)}
        try:
            for future in _dask().as_completed(futures):
                part = which[future.key]
                try:
                    result = future.result()
                except Exception as exc:  # a worker died, a task was lost, …
                    result = _Done(problem=f"{type(exc).__name__}: {exc}")
                if result.problem is not None:
                    parent = str(Path(part.path).parent)
                    raise input_error(part.name, "unreadable", parent, reason=result.problem)
                report.rows += result.rows
                report.errors += result.errors
                if progress is not None:
                    progress(report.rows, total)
        finally:
            client.cancel(futures)
    return report


def _check_out(out: Path, force: bool) -> None:
    if out.exists() and not out.is_dir():
        raise _named(out, "exists")
    if out.is_dir() and any(out.iterdir()):
        if not force:
            raise _named(out, "exists")
        for old in out.glob("part-*.parquet"):
            old.unlink()


def _named(path: Path, code: str, **params: Any) -> KodoError:
    """An error naming ``path`` whole: its folder as the source (a long one keeps its end),
    its name as the field."""
    return input_error(path.name, code, str(path.parent), **params)


@contextmanager
def _client(scheduler: str | None, workers: int, timeout: float) -> Iterator[Any]:
    """A client of the cluster at ``scheduler`` or of a new local one (closed after)."""
    dask = _dask()
    with ExitStack() as stack, _quiet():
        if scheduler is None:
            cluster = dask.LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address="127.0.0.1:0",  # loopback, any free port
                silence_logs=logging.ERROR,
            )
            stack.enter_context(cluster)
            client = stack.enter_context(dask.Client(cluster))
        else:
            try:
                client = stack.enter_context(dask.Client(scheduler, timeout=timeout))
            except (OSError, ValueError, TypeError) as exc:
                raise input_error(scheduler, "unreadable", reason=str(exc)) from None
            _check_versions(client, scheduler)
        yield client


def _dask() -> Any:
    """The ``distributed`` package (untyped for mypy: its entry points carry no hints)."""
    import importlib

    return importlib.import_module("distributed")


def _check_versions(client: Any, scheduler: str) -> None:
    """Every worker must run this kodo (the engine's code does not travel, only the data)."""
    theirs = client.run(_kodo_version)
    mine = _kodo_version()
    other = sorted({v for v in theirs.values() if v != mine})
    if other:
        reason = f"kodo {', '.join(other)} on workers, {mine} here"
        raise input_error(scheduler, "unreadable", reason=reason)


def _kodo_version() -> str:
    """The installed kodo's version (as the package metadata gives it)."""
    from importlib.metadata import version

    return version("kodo")


@contextmanager
def _quiet() -> Iterator[None]:
    """Dask's loggers at ERROR while the run lasts (no chatter on the terminal)."""
    loggers = [logging.getLogger(name) for name in _QUIET]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)
