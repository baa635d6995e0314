"""``kodo batch``: a file in, a file out, in bounded chunks (streamed: the output is written
as each chunk is scored, so memory stays bounded whatever the file's size)."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from kodo.batch.io import (
    CHUNK_ROWS,
    Sink,
    Source,
    book_metadata,
    count_errors,
    open_source,
    path_error,
)
from kodo.batch.table import Context, score_frame, score_nested
from kodo.input.flat import unknown_columns


@dataclass
class Report:
    """What a run did: rows read (= rows written), rows scored, rows with an error."""

    rows: int = 0
    errors: int = 0
    unknown_columns: tuple[str, ...] = ()
    rules_version: str = ""
    output: str = ""
    causes: dict[str, int] = field(default_factory=dict)  # "column:code" -> rows

    @property
    def scored(self) -> int:
        return self.rows - self.errors


def run_batch(
    source: str | Path,
    output: str | Path,
    ctx: Context,
    *,
    chunk_rows: int = CHUNK_ROWS,
    force: bool = False,
    progress: Callable[[int, int | None], None] | None = None,
) -> Report:
    """Score every row of ``source`` into ``output`` (formats by suffix). The output is
    written to a temporary file beside it and renamed at the end, so a run that fails leaves
    no half-written output. ``progress(rows_done, rows_total_or_None)`` after each chunk."""
    src = open_source(source)
    out = Path(output)
    Sink(out)  # a kind of file it can write (checked before anything is read)
    if out.exists() and src.path.resolve() == out.resolve():
        raise path_error(out, "same_as_input")
    if out.exists() and not force:
        raise path_error(out, "exists")
    if not out.parent.is_dir():
        raise path_error(out, "unwritable", reason=os.strerror(errno.ENOENT))
    partial = out.with_name(out.stem + ".partial" + out.suffix)
    sink = Sink(partial)
    sink.metadata = book_metadata(ctx.book)
    report = Report(rules_version=ctx.book.id, output=str(out))
    # The writer works on one chunk while the next is scored (the writers release the GIL):
    # at most one chunk waits to be written, so memory stays bounded.
    writer = ThreadPoolExecutor(max_workers=1)
    pending: Future[None] | None = None
    try:
        for chunk in _chunks_or_none(src, chunk_rows):
            first = report.rows + 1
            if src.nested:
                scored = score_nested(chunk, ctx, first)
            else:
                scored = score_frame(chunk, ctx, first)
                if not report.rows:
                    report.unknown_columns = unknown_columns(chunk.columns)
            if pending is not None:
                pending.result()  # a failed write stops the run here
            pending = writer.submit(sink.write, scored)
            report.rows += scored.height
            report.errors += count_errors(scored, report.causes)
            if progress is not None:
                progress(report.rows, src.rows)
        if pending is not None:
            pending.result()
        sink.close()
        os.replace(partial, out)
    except OSError as exc:  # writing: the disk, the folder's permissions
        raise path_error(out, "unwritable", reason=exc.strerror or str(exc)) from None
    finally:
        writer.shutdown(wait=True)
        if partial.exists():
            partial.unlink()
    return report


def _chunks_or_none(src: Source, rows: int) -> Iterator[Any]:
    """The source's chunks; an input without rows gives one empty chunk, so that the output
    is written (with its header) all the same."""
    empty = True
    for chunk in src.chunks(rows):
        empty = False
        yield chunk
    if empty:
        yield [] if src.nested else pl.DataFrame()
