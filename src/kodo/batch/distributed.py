"""``kodo batch --engine dask``: a partitioned Parquet dataset scored on a Dask cluster.

The source (a directory of Parquet files, a glob, or one file) is cut into parts: the files
in sorted order, each file's row groups gathered into parts of about ``part_rows`` rows. The
row counts come from the Parquet footers alone (no data is read on the client), so every part
knows the number of its first row in the whole dataset. The :class:`~kodo.batch.table.Context`
(the rule book, the options, the registry) is sent to every worker once; each task then reads
its part, scores it in chunks and writes ``part-00000.parquet`` … in the same order, into a
staging folder of the run inside OUT; the parts are moved into OUT only when every one is
written (a failed run leaves OUT as it was). Only the counts come back to the client: the
concatenation of the output parts, in order, is row for row what the single-process run gives.

OUT is never the input, inside the input folder or a folder holding an input file, and
``force`` replaces only the parts kodo wrote (their metadata carries the rules' id).

A task never raises on the worker (a worker logs a failing task with its exception, which
could quote a cell): it returns which step failed and the exception's class (never its text),
and the client raises a catalogue error naming the part. Dask's own logging is kept to errors.
See docs/dask.md for a real cluster.
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from kodo.batch.io import (
    CHUNK_ROWS,
    KODO_MARK,
    Sink,
    book_metadata,
    count_errors,
    files,
    path_error,
    unreadable,
)
from kodo.batch.table import Context, score_frame
from kodo.errors import input_error
from kodo.input.flat import unknown_columns

Score = Callable[[pl.DataFrame, Context, int], pl.DataFrame]
PART_ROWS = 8 * CHUNK_ROWS  # rows per task (a worker holds one chunk of it at a time)
CONNECT_TIMEOUT = 20.0  # seconds to reach a scheduler given by address
_QUIET = ("distributed", "tornado", "asyncio", "bokeh")
STAGING = ".kodo-staging-"  # the run's folder in OUT, removed at the end


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
    """What a run did: parts written, rows read (= rows written), rows with an error, the
    rows per cause of error and the columns that are not part of the flat form."""

    parts: int
    rows: int
    errors: int
    out_dir: Path
    rules_version: str = ""
    causes: dict[str, int] = field(default_factory=dict)  # "column:code" -> rows
    unknown_columns: tuple[str, ...] = ()

    @property
    def scored(self) -> int:
        return self.rows - self.errors


@dataclass(frozen=True)
class _Done:
    """A task's counts, or why it failed: a catalogue code and plain parameters (the kind of
    failure, never the exception's text, which could quote a cell)."""

    rows: int = 0
    errors: int = 0
    causes: tuple[tuple[str, int], ...] = ()
    problem: tuple[str, tuple[tuple[str, str | int], ...]] | None = None


def plan(source: str | Path, out_dir: str | Path, part_rows: int = PART_ROWS) -> list[Part]:
    """The parts of ``source`` in order, from the Parquet footers only."""
    return _plan(files(source), Path(out_dir), part_rows)[0]


def _plan(paths: list[Path], out: Path, part_rows: int) -> tuple[list[Part], tuple[str, ...]]:
    """The parts of the files ``paths`` and the columns of the files (first seen first)."""
    parts: list[Part] = []
    columns: dict[str, None] = {}
    first = 1
    for path in paths:
        try:
            meta = pq.read_metadata(path)
        except (OSError, pa.ArrowException) as exc:
            raise unreadable(path, exc) from None
        columns.update(dict.fromkeys(meta.schema.to_arrow_schema().names))
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
    ], tuple(columns)


def score_part(part: Part, ctx: Context, score: Score = score_frame) -> _Done:
    """On a worker: read ``part`` chunk by chunk, score, write its output file (in the run's
    staging folder: a failed run's parts are removed with it, so no partial name is needed).
    The failure's code says which step failed; its kind is the exception's class name."""
    done = errors = 0
    causes: dict[str, int] = {}
    step = "part_unreadable"
    try:
        parquet = pq.ParquetFile(part.path)
        sink = Sink(part.out)
        sink.metadata = book_metadata(ctx.book)
        for batch in parquet.iter_batches(batch_size=CHUNK_ROWS, row_groups=part.row_groups):
            step = "part_failed"
            frame = pl.from_arrow(batch)
            assert isinstance(frame, pl.DataFrame)
            scored = score(frame, ctx, part.first_row + done)
            step = "part_unwritable"
            sink.write(scored)
            done += scored.height
            errors += count_errors(scored, causes)
            step = "part_unreadable"
        step = "part_unwritable"
        sink.close()
    except Exception as exc:  # anything: reported by the client, never logged on the worker
        return _Done(problem=(step, (("kind", _kind(exc)),)))
    if done != part.rows:
        return _Done(problem=("part_rows", (("read", done), ("footer", part.rows))))
    return _Done(done, errors, tuple(causes.items()))


def _kind(exc: BaseException) -> str:
    """The kind of a failure, in words that cannot quote the data: the exception's class, and
    for a system error its errno's name (``OSError ENOSPC``)."""
    kind = type(exc).__name__
    number = getattr(exc, "errno", None)
    if isinstance(exc, OSError) and isinstance(number, int) and number in errno.errorcode:
        kind += " " + errno.errorcode[number]
    return kind


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
    running). ``out_dir`` must not exist or be empty; with ``force`` the parts an earlier
    kodo run wrote are replaced and other files are kept; it must not be, hold or lie inside
    the input. The parts are written to a staging folder in ``out_dir`` and moved into place
    only when all are written: a failed run leaves ``out_dir`` as it was.
    ``progress(rows_done, rows_total)`` as parts finish. The client's paths must be the
    workers' paths (shared storage) when the cluster is elsewhere."""
    out = Path(out_dir)
    paths = files(source)
    earlier = _check_out(source, paths, out, force)
    parts, columns = _plan(paths, out, part_rows)
    unknown = unknown_columns(columns)
    report = DaskReport(len(parts), 0, 0, out, ctx.book.id, unknown_columns=unknown)
    made = not out.exists()
    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(os.path.abspath(tempfile.mkdtemp(prefix=STAGING, dir=out)))
    except OSError as exc:  # the folder cannot be made (permissions, a file on the way)
        raise path_error(out, "unwritable", reason=exc.strerror or str(exc)) from None
    done = False
    try:
        _score_all(parts, staging, ctx, report, scheduler, workers, connect_timeout, score,
                   progress)  # fmt: skip
        try:
            for p in parts:  # all written: into place (an earlier part of the name replaced)
                os.replace(staging / Path(p.out).name, p.out)
            for old in sorted(set(earlier) - {Path(p.out) for p in parts}):
                old.unlink(missing_ok=True)
        except OSError as exc:
            raise path_error(out, "unwritable", reason=exc.strerror or str(exc)) from None
        done = True
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if made and not done:  # a failed run leaves no folder it made (an empty one)
            with suppress(OSError):
                out.rmdir()
    return report


def _score_all(
    parts: list[Part],
    staging: Path,
    ctx: Context,
    report: DaskReport,
    scheduler: str | None,
    workers: int,
    timeout: float,
    score: Score,
    progress: Callable[[int, int], None] | None,
) -> None:
    """The parts scored on the cluster into ``staging``, their counts added to ``report``; a
    part that fails stops the run with an error naming it. The workers get absolute paths
    (their working folder is not the client's)."""
    total = sum(p.rows for p in parts)
    staged = [
        replace(p, path=os.path.abspath(p.path), out=str(staging / Path(p.out).name)) for p in parts
    ]
    with _client(scheduler, workers, timeout) as client:
        shared = client.scatter(ctx, broadcast=True)
        futures = client.map(score_part, staged, ctx=shared, score=score, pure=False)
        which = {f.key: p for f, p in zip(futures, parts, strict=True)}
        try:
            for future in _dask().as_completed(futures):
                part = which[future.key]
                try:
                    result = future.result()
                except Exception as exc:  # a worker died, a task was lost, …
                    result = _Done(problem=("part_lost", (("kind", _kind(exc)),)))
                if result.problem is not None:
                    code, params = result.problem
                    raise path_error(Path(part.path).with_name(part.name), code, **dict(params))
                report.rows += result.rows
                report.errors += result.errors
                for cause, count in result.causes:
                    report.causes[cause] = report.causes.get(cause, 0) + count
                if progress is not None:
                    progress(report.rows, total)
        finally:
            client.cancel(futures)


def _check_out(source: str | Path, paths: list[Path], out: Path, force: bool) -> list[Path]:
    """Refuse an output folder that is the input, lies inside the input folder or holds an
    input file, that is a file, or (without ``force``) that is not empty; with ``force``,
    refuse one that holds a ``part-*.parquet`` kodo did not write. The earlier run's parts
    (to be replaced) are returned."""
    here = out.resolve()
    inputs = {p.resolve() for p in paths}
    top = Path(source).resolve() if Path(source).is_dir() else None
    if here in inputs or here == top:
        raise path_error(out, "out_is_input")
    if top is not None and top in here.parents:
        raise path_error(out, "out_in_input")
    held = next((p for p in sorted(inputs) if here in p.parents), None)
    if held is not None:
        raise path_error(out, "out_holds_input", file=held.name)
    if out.exists() and not out.is_dir():
        raise path_error(out, "not_a_folder")
    if not out.is_dir() or not any(out.iterdir()):
        return []
    if not force:
        raise path_error(out, "exists")
    earlier = sorted(out.glob("part-*.parquet"))
    for old in earlier:
        if not _by_kodo(old):
            raise path_error(old, "not_by_kodo")
    return earlier


def _by_kodo(path: Path) -> bool:
    """Whether ``path`` is a Parquet file kodo wrote (its metadata carries the rules' id)."""
    try:
        meta = pq.read_metadata(path).metadata or {}
    except (OSError, pa.ArrowException):
        return False
    return KODO_MARK.encode() in meta


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
    other = tuple(sorted({v for v in theirs.values() if v != mine}))
    if other:
        raise input_error(scheduler, "workers_version", theirs=other, mine=mine)


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
