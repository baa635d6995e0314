"""Score a chunk of rows and lay the results out as columns: the batch output.

One chunk of the flat form is checked as columns (:func:`kodo.batch.flat.check_flat`), its
valid rows become the engine's fact columns without a per-row step
(:func:`kodo.engine.columns.flat_columns`), are scored by the one engine per rule snapshot,
and the output keeps every input row in order: the results, or an ``error`` naming the
column and the problem. Warning codes, verdicts and ranges are the engine's and the
explanation layer's own (vectorised), never re-derived here. The nested form (one document
per person) goes through :func:`kodo.evaluate_many` and the same layout.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa
from numpy.typing import NDArray

from kodo.batch.checks import check_flat, rule_days
from kodo.batch.flat import plain
from kodo.batch.periods import by_snapshot
from kodo.engine.columns import flat_columns
from kodo.engine.ranges import total_ranges
from kodo.engine.run import Scored
from kodo.engine.score import score
from kodo.engine.tables import compile_tables
from kodo.explanation.category import VERDICTS, verdict_codes
from kodo.explanation.evaluation import Evaluation, Person
from kodo.explanation.row import Scope
from kodo.explanation.warnings import row_patterns, warning_flags
from kodo.features.common import OptionsLike, check_lang, to_options
from kodo.i18n import render
from kodo.items import DEFAULT, Registry
from kodo.items.columns import Derivation
from kodo.options import Options
from kodo.rules.book import RuleBook, load_book
from kodo.vocab import CATEGORIES, CORE_FACTS

Array = NDArray[Any]


@dataclass(frozen=True)
class Context:
    """What scoring a chunk needs, shared by every chunk (and sent once to Dask workers).

    ``registry`` None is the built-in registry (so that the context pickles by value)."""

    book: RuleBook
    opts: Options
    today: dt.date
    lang: str = "en"
    explain: str | None = None  # a language: add an ``explanation`` column
    registry: Registry | None = None

    @property
    def items(self) -> Registry:
        return self.registry or DEFAULT


def context(
    *,
    rules: RuleBook | None = None,
    options: OptionsLike = None,
    today: dt.date | None = None,
    lang: str = "en",
    explain: str | None = None,
    registry: Registry | None = None,
) -> Context:
    check_lang(lang)
    if explain is not None:
        check_lang(explain)
    return Context(
        rules or load_book(),
        to_options(options),
        today or dt.date.today(),
        lang,
        explain,
        None if registry is DEFAULT else registry,
    )


def output_columns(registry: Registry, explain: bool = False) -> tuple[str, ...]:
    """The output's column names, in order (docs/batch.md)."""
    out = ["row", "id", "error", "error_codes", "rules_version", "best_category"]
    for c in CATEGORIES:
        out += [f"{c}_{k}" for k in ("total", "min", "max", "eligible", "verdict", "jskip")]
        out += [f"{c}_{i.id}" for i in registry.items]
    out += ["missing", "warnings"]
    return (*out, "explanation") if explain else tuple(out)


class _Out:
    """The results of a chunk of n rows, group by group (each group: its rows' positions in
    the chunk and its arrays, in its own order); laid out in the chunk's order at the end
    with one gather per column (rows with an error get nulls)."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.parts: list[dict[str, Any]] = []

    def add(self, scope: Scope, chosen: NDArray[np.int64], ctx: Context) -> None:
        """The people of ``scope`` (at ``scope.group.index``), with their chosen category
        (-1: all three)."""
        g = scope.group
        sc = g.scores
        m = g.index.size
        cats = np.ones((3, m), dtype=np.bool_)
        one = chosen >= 0
        if np.count_nonzero(one):
            cats[:, one] = np.arange(3)[:, None] == chosen[one]
        ranges = np.moveaxis(g.ranges, 2, 0) if g.ranges.size else np.stack([sc.total] * 2)
        missing_any = sc.missing.any(axis=0)
        part = {
            "index": g.index,
            "cats": cats,
            "total": sc.total.astype(np.int16),
            "range": ranges.astype(np.int16),
            "eligible": sc.eligible,
            "verdict": verdict_codes(sc.eligible, sc.floor, sc.floor_ok, missing_any),
            "jskip": sc.jskip[0],
            "items": sc.points.astype(np.int16, copy=False),
            "best": np.where(one, chosen, sc.best).astype(np.int8),
            "missing": (sc.missing & cats[None]).any(axis=1),
        }
        part["warnings"], part["warning_texts"] = row_patterns(warning_flags(scope), cats)
        if ctx.explain is not None:
            texts = np.full(m, None, dtype=object)
            for j in range(m):
                cat = CATEGORIES[int(chosen[j])] if chosen[j] >= 0 else None
                texts[j] = explain_text(Evaluation(scope, j, Person(None, None, cat), ctx.explain))
            part["explanation"] = texts
        self.parts.append(part)

    def joined(self, key: str) -> Array:
        """Array ``key`` of every group, end to end (the last axis is the person)."""
        arrays = [p[key] for p in self.parts]
        out: Array = arrays[0] if len(arrays) == 1 else np.concatenate(arrays, axis=-1)
        return out

    def gather(self) -> tuple[NDArray[np.intp] | None, NDArray[np.bool_]]:
        """(for each row of the chunk, the position of its results in the joined arrays —
        None when they are in the chunk's order already —, which rows were scored)."""
        n = self.n
        if not self.parts:
            return np.zeros(n, dtype=np.intp), np.zeros(n, dtype=np.bool_)
        index = self.joined("index")
        if index.size == n and (index == np.arange(n)).all():
            return None, np.ones(n, dtype=np.bool_)
        where = np.full(n, -1, dtype=np.intp)
        where[index] = np.arange(index.size)
        scored = where >= 0
        return np.maximum(where, 0), scored


def explain_text(result: Evaluation) -> str:
    """A person's result as plain text: each category's verdict, then every item that was
    claimed with its points and reason (the engine's codes, rendered)."""
    lines = []
    for cat in result.categories.values():
        lines.append(f"{cat.label}: {cat.verdict_text}")
        for item in cat.items:
            if item.points or item.status not in _QUIET:
                lines.append(f"  {item.label} {item.points}: {item.reason}")
    lines += [f"! {w}" for w in result.warnings]
    return "\n".join(lines)


def score_frame(frame: pl.DataFrame, ctx: Context, first_row: int = 1) -> pl.DataFrame:
    """A chunk of flat-form rows in, the output rows out (same number, same order)."""
    checked = check_flat(frame, ctx.today, ctx.book.coverage_from, ctx.opts.past_rules)
    facts = checked.facts
    out = _Out(checked.n)
    if facts.n:
        day = rule_days(facts["date"], ctx.today, ctx.opts.past_rules)
        chosen = facts["category"]
        for index, snap_day in by_snapshot(day, ctx.book):
            sub = facts if index.size == facts.n else facts.take(index)
            scope = _scope(sub, snap_day, day[index], checked.valid[index], ctx)
            out.add(scope, chosen[index], ctx)
    errors = checked.messages()
    return _frame(out, frame, errors, ctx, first_row)


def score_nested(
    documents: Sequence[Mapping[str, Any] | Exception], ctx: Context, first_row: int = 1
) -> pl.DataFrame:
    """Documents of the nested form (or the error that reading one gave) in, output rows out:
    each document validated on its own (a bad one is reported, the others scored), then all
    scored in one :func:`kodo.evaluate_many`."""
    from kodo.errors import InputError
    from kodo.features.evaluate import evaluate_many
    from kodo.input.applicant import Applicant
    from kodo.input.consistency import check_on
    from kodo.input.read import parse_applicant

    good: list[Applicant] = []
    where: list[int] = []
    errors: dict[int, list[tuple[str, str, Any]]] = {}
    for i, doc in enumerate(documents):
        try:
            if isinstance(doc, Exception):
                raise doc
            app = parse_applicant(doc)
            day = app.date or ctx.today
            check_on(app, day)
            judged = rule_days(np.array([day.toordinal()]), ctx.today, ctx.opts.past_rules)
            ctx.book.check_covered(dt.date.fromordinal(int(judged[0])))
        except InputError as exc:
            errors[i] = [(f, m.code.removeprefix("input."), m) for f, m in exc.problems]
            continue
        good.append(app)
        where.append(i)
    out = _Out(len(documents))
    if good:
        results = evaluate_many(
            good, options=ctx.opts, rules=ctx.book, today=ctx.today, registry=ctx.registry
        )
        at = np.asarray(where, dtype=np.intp)
        cat_code = np.array([CATEGORIES.index(a.category) if a.category else -1 for a in good])
        for scope in results.scopes:
            group = scope.group
            moved = Scope(_moved(group, at[group.index]), scope.book, scope.opts, scope.today)
            out.add(moved, cat_code[group.index], ctx)
    ids = [d.get("id") if isinstance(d, Mapping) else None for d in documents]
    frame = _frame(
        out, pl.DataFrame({"id": pl.Series(ids, dtype=pl.String)}), errors, ctx, first_row
    )
    if good and results.with_list_notes:  # names checked on the official lists: their notes
        codes = frame["warnings"].to_list()
        for i in results.with_list_notes:  # the notes' codes, no sentence rendered
            had = codes[where[i]]
            codes[where[i]] = ";".join(results[i].list_codes(had.split(";") if had else [])) or None
        frame = frame.with_columns(warnings=pl.Series(codes, dtype=pl.String))
    return frame


def _moved(group: Scored, index: NDArray[np.intp]) -> Scored:
    return replace(group, index=index)


def _scope(facts: Any, day: dt.date, days: Array, at: NDArray[np.intp], ctx: Context) -> Scope:
    snap = ctx.book.at(day)
    tables = compile_tables(snap, ctx.book, ctx.items)
    derivation = Derivation(
        ctx.opts.coe_reference, ctx.opts.grant_window_days, tables.graduate_levels
    )
    cols = flat_columns(facts, ctx.items, derivation)
    sc = score(cols, tables, ctx.opts)
    rng = (
        total_ranges(cols, tables, ctx.opts, sc.total, sc.points) if sc.any_missing else _NO_RANGES
    )
    return Scope(Scored(snap, tables, at, days, cols, sc, rng), ctx.book, ctx.opts, ctx.today)


_NO_RANGES = np.zeros((3, 0, 2), dtype=np.int64)
_QUIET = ("not_claimed", "below_band", "not_in_category")  # not worth a line of text


def _patterns(bits: NDArray[np.bool_], names: Sequence[str]) -> tuple[Array, Array]:
    """Per row, the index of its pattern of ``bits`` (one row per name), and each pattern's
    names ";"-joined (None for none)."""
    code = np.zeros(bits.shape[1], dtype=np.int64)
    for k in range(bits.shape[0]):
        code |= bits[k].astype(np.int64) << k
    patterns, inverse = np.unique(code, return_inverse=True)
    texts = [
        ";".join(n for k, n in enumerate(names) if p >> k & 1) or None for p in patterns.tolist()
    ]
    return inverse.reshape(-1), np.array(texts, dtype=object)


def _bitmap(valid: NDArray[np.bool_]) -> tuple[Any, int]:
    """An Arrow validity buffer (None: every row valid) and the number of nulls."""
    nulls = int(valid.size - np.count_nonzero(valid))
    return (None if not nulls else pa.py_buffer(np.packbits(valid, bitorder="little"))), nulls


def _arrow(values: Array, validity: tuple[Any, int]) -> Any:
    """A 1-D numpy array (int or bool) as an Arrow array with the validity given, without
    copying the numbers."""
    n = values.shape[0]
    if values.dtype == np.bool_:
        data = pa.py_buffer(np.packbits(values, bitorder="little"))
        kind = pa.bool_()
    else:
        data = pa.py_buffer(np.ascontiguousarray(values))
        kind = pa.from_numpy_dtype(values.dtype)
    return pa.Array.from_buffers(kind, n, [validity[0], data], null_count=validity[1])


def _words(codes: Array, vocabulary: Sequence[Any] | Array, validity: tuple[Any, int]) -> Any:
    """Codes into ``vocabulary`` as a text column (null where invalid or the word is None):
    a gather of polars' strings (views of the few words, not a copy per row)."""
    index = _series(_arrow(codes.astype(np.int32), validity))
    return pl.Series(list(vocabulary), dtype=pl.String).gather(index)


def _table(data: Mapping[str, Any]) -> pl.DataFrame:
    """Columns (Arrow arrays or polars series) as a frame, in order."""
    return pl.DataFrame(
        [(v if isinstance(v, pl.Series) else _series(v)).alias(k) for k, v in data.items()]
    )


def _series(array: Any) -> pl.Series:
    out = pl.from_arrow(array)
    assert isinstance(out, pl.Series)
    return out


def _frame(
    out: _Out,
    frame: pl.DataFrame,
    errors: Mapping[int, list[tuple[str, str, Any]]],
    ctx: Context,
    first_row: int,
) -> pl.DataFrame:
    n = out.n
    take, scored = out.gather()
    rows = sorted(errors)
    error = [
        "; ".join(f"{col}: {render(msg, ctx.lang)}" for col, _, msg in errors[r]) for r in rows
    ]
    codes = [";".join(f"{col}:{code}" for col, code, _ in errors[r]) for r in rows]
    at = np.full(n, -1, dtype=np.int32)
    at[rows] = np.arange(len(rows), dtype=np.int32)
    has_error = _bitmap(at >= 0)
    ids = plain(frame["id"]) if "id" in frame.columns else None  # unreadable: no id shown
    ids = None if ids is None else ids.cast(pl.String, strict=False)
    data: dict[str, Any] = {
        "row": pa.array(np.arange(first_row, first_row + n, dtype=np.int64)),
        "id": ids.to_arrow() if ids is not None else pa.nulls(n, pa.string()),
        "error": _words(at, error, has_error),
        "error_codes": _words(at, codes, has_error),
    }
    if not out.parts:  # every row has an error
        data["rules_version"] = pa.nulls(n, pa.string())
        empty = _table(data)
        typed = pl.DataFrame(schema=_result_types(ctx.items, ctx.explain is not None))
        return pl.concat([empty, typed.clear(n)], how="horizontal")

    def laid(key: str) -> Array:
        """Array ``key`` of every group, in the chunk's order (the last axis is the row)."""
        values = out.joined(key)
        return values if take is None else np.take(values, take, axis=-1)

    valid = _bitmap(scored)
    data["rules_version"] = _words(np.zeros(n, dtype=np.int32), (ctx.book.id,), valid)
    data["best_category"] = _words(laid("best"), CATEGORIES, valid)
    cats = laid("cats") & scored
    total, ranges, items = laid("total"), laid("range"), laid("items")
    eligible, verdict, jskip = laid("eligible"), laid("verdict"), laid("jskip")
    for ci, c in enumerate(CATEGORIES):
        ok = _bitmap(cats[ci])
        data[f"{c}_total"] = _arrow(total[ci], ok)
        data[f"{c}_min"] = _arrow(ranges[0, ci], ok)
        data[f"{c}_max"] = _arrow(ranges[1, ci], ok)
        data[f"{c}_eligible"] = _arrow(eligible[ci], ok)
        data[f"{c}_verdict"] = _words(verdict[ci], VERDICTS, ok)
        data[f"{c}_jskip"] = _arrow(jskip[ci], ok)
        for k, item in enumerate(ctx.items.items):
            data[f"{c}_{item.id}"] = _arrow(items[ci, k], ok)
    pattern, texts = _patterns(out.joined("missing"), CORE_FACTS)
    data["missing"] = _words(pattern if take is None else pattern[take], texts, valid)
    shift = np.cumsum([0] + [p["warning_texts"].size for p in out.parts])
    warned = out.joined("warnings") + np.repeat(shift[:-1], [p["index"].size for p in out.parts])
    vocabulary = np.concatenate([p["warning_texts"] for p in out.parts])
    data["warnings"] = _words(laid_of(warned, take), vocabulary, valid)
    if "explanation" in out.parts[0]:
        data["explanation"] = pa.array(
            laid_of(out.joined("explanation"), take), mask=~scored, type=pa.string()
        )
    return _table(data)


def laid_of(values: Array, take: NDArray[np.intp] | None) -> Array:
    return values if take is None else values[take]


def _result_types(registry: Registry, explain: bool) -> dict[str, Any]:
    """The types of the result columns (after ``rules_version``), for a chunk in which no
    row could be scored."""
    types: dict[str, Any] = {}
    for name in output_columns(registry, explain)[5:]:
        kind = name.partition("_")[2]
        if name in ("best_category", "missing", "warnings", "explanation") or kind == "verdict":
            types[name] = pl.String
        elif kind in ("eligible", "jskip"):
            types[name] = pl.Boolean
        else:
            types[name] = pl.Int16
    return types


__all__ = ["Context", "context", "output_columns", "score_frame", "score_nested"]
