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
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa
from numpy.typing import NDArray

from kodo.batch.checks import check_flat, rule_days
from kodo.engine.columns import flat_columns
from kodo.engine.ranges import total_ranges
from kodo.engine.run import Scored
from kodo.engine.score import score
from kodo.engine.tables import compile_tables
from kodo.explanation.category import VERDICTS, verdict_codes
from kodo.explanation.evaluation import Evaluation, Person
from kodo.explanation.row import Row, Scope
from kodo.explanation.warnings import warnings
from kodo.features.common import OptionsLike, check_lang, to_options
from kodo.i18n import render
from kodo.input.flat import COLUMN
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
    """The output arrays of a chunk of n rows, filled group by group."""

    def __init__(self, n: int, n_items: int) -> None:
        self.n = n
        self.scored = np.zeros(n, dtype=np.bool_)
        self.cats = np.zeros((3, n), dtype=np.bool_)
        self.total = np.zeros((3, n), dtype=np.int16)
        self.range = np.zeros((2, 3, n), dtype=np.int16)
        self.eligible = np.zeros((3, n), dtype=np.bool_)
        self.verdict = np.zeros((3, n), dtype=np.int8)
        self.jskip = np.zeros((3, n), dtype=np.bool_)
        self.items = np.zeros((3, n_items, n), dtype=np.int16)
        self.best = np.zeros(n, dtype=np.int8)
        self.missing = np.zeros((len(CORE_FACTS), n), dtype=np.bool_)
        self.warnings = np.full(n, None, dtype=object)
        self.explanation = np.full(n, None, dtype=object)

    def add(self, scope: Scope, chosen: NDArray[np.int64], ctx: Context) -> None:
        """The people of ``scope`` (at ``scope.group.index``), with their chosen category
        (-1: all three)."""
        g = scope.group
        at = g.index
        sc = g.scores
        cats = np.ones((3, at.size), dtype=np.bool_)
        one = chosen >= 0
        if np.count_nonzero(one):
            cats[:, one] = np.arange(3)[:, None] == chosen[one]
        self.scored[at] = True
        self.cats[:, at] = cats
        self.total[:, at] = sc.total
        if g.ranges.size:
            self.range[:, :, at] = np.moveaxis(g.ranges, 2, 0)
        else:
            self.range[:, :, at] = sc.total
        self.eligible[:, at] = sc.eligible
        missing_any = sc.missing.any(axis=0)
        self.verdict[:, at] = verdict_codes(sc.eligible, sc.floor, sc.floor_ok, missing_any)
        self.jskip[:, at] = sc.jskip[0]
        self.items[:, :, at] = sc.points
        self.best[at] = np.where(one, chosen, sc.best)
        self.missing[:, at] = (sc.missing & cats[None]).any(axis=1)
        self.warnings[at] = _warning_codes(scope, cats)
        if ctx.explain is not None:
            for j, i in enumerate(at.tolist()):
                cat = CATEGORIES[int(chosen[j])] if chosen[j] >= 0 else None
                person = Person(None, None, cat)
                self.explanation[i] = explain_text(Evaluation(scope, j, person, ctx.explain))


def _warning_codes(scope: Scope, cats: NDArray[np.bool_]) -> Array:
    """Per person, the ";"-joined warning codes of their categories (one row at a time until
    the vectorised flags land)."""
    out = np.full(cats.shape[1], None, dtype=object)
    for j in range(cats.shape[1]):
        cis = [ci for ci in range(3) if cats[ci, j]]
        codes = [w.code for w in warnings(Row(scope, j), cis, "en")]
        out[j] = ";".join(codes) or None
    return out


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
    out = _Out(checked.n, len(ctx.items.items))
    if facts.n:
        day = rule_days(facts["date"], ctx.today, ctx.opts.past_rules)
        chosen = facts["category"]
        for index, snap_day in _by_snapshot(day, ctx.book):
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
            check_on(app, app.date or ctx.today)
            day = app.date or ctx.today
            ctx.book.check_covered(ctx.today if ctx.opts.past_rules == "now" else day)
        except InputError as exc:
            errors[i] = [(f, m.code.removeprefix("input."), m) for f, m in exc.problems]
            continue
        good.append(app)
        where.append(i)
    out = _Out(len(documents), len(ctx.items.items))
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
    return _frame(
        out, pl.DataFrame({"id": pl.Series(ids, dtype=pl.String)}), errors, ctx, first_row
    )


def _moved(group: Scored, index: NDArray[np.intp]) -> Scored:
    from dataclasses import replace

    return replace(group, index=index)


def _by_snapshot(day: Array, book: RuleBook) -> list[tuple[NDArray[np.intp], dt.date]]:
    """The rows of each rule snapshot (by position), with one of its dates."""
    days, inverse = np.unique(day, return_inverse=True)
    snaps: dict[object, list[int]] = {}
    first: dict[object, dt.date] = {}
    for k, d in enumerate(days.tolist()):
        snap = book.at(dt.date.fromordinal(d))
        snaps.setdefault(snap, []).append(k)
        first.setdefault(snap, dt.date.fromordinal(d))
    if len(snaps) == 1:
        return [(np.arange(day.size), next(iter(first.values())))]
    group_of = np.empty(days.size, dtype=np.intp)
    for g, ks in enumerate(snaps.values()):
        group_of[ks] = g
    groups = group_of[inverse]
    order = np.argsort(groups, kind="stable")
    bounds = np.searchsorted(groups[order], np.arange(len(snaps) + 1))
    return [(order[bounds[g] : bounds[g + 1]], d) for g, d in enumerate(first.values())]


def _scope(facts: Any, day: dt.date, days: Array, at: NDArray[np.intp], ctx: Context) -> Scope:
    snap = ctx.book.at(day)
    tables = compile_tables(snap, ctx.book, ctx.items)
    derivation = Derivation(
        ctx.opts.coe_reference, ctx.opts.grant_window_days, tables.graduate_levels
    )
    cols = flat_columns(facts, ctx.items, derivation)
    sc = score(cols, tables, ctx.opts)
    rng = total_ranges(cols, tables, ctx.opts, sc.total) if sc.any_missing else _NO_RANGES
    return Scope(Scored(snap, tables, at, days, cols, sc, rng), ctx.book, ctx.opts, ctx.today)


_NO_RANGES = np.zeros((3, 0, 2), dtype=np.int64)
_QUIET = ("not_claimed", "below_band", "not_in_category")  # not worth a line of text


def _joined(bits: NDArray[np.bool_], names: Sequence[str]) -> Array:
    """Per row, the names whose bit is set, ";"-joined (None for none): one string per
    distinct pattern."""
    code = np.zeros(bits.shape[1], dtype=np.int64)
    for k in range(bits.shape[0]):
        code |= bits[k].astype(np.int64) << k
    patterns, inverse = np.unique(code, return_inverse=True)
    texts = np.array(
        [";".join(n for k, n in enumerate(names) if p >> k & 1) or None for p in patterns.tolist()],
        dtype=object,
    )
    out: Array = texts[inverse]
    return out


def _frame(
    out: _Out,
    frame: pl.DataFrame,
    errors: Mapping[int, list[tuple[str, str, Any]]],
    ctx: Context,
    first_row: int,
) -> pl.DataFrame:
    n = out.n
    ok = out.scored
    error = np.full(n, None, dtype=object)
    codes = np.full(n, None, dtype=object)
    for r, problems in errors.items():
        error[r] = "; ".join(f"{col}: {render(msg, ctx.lang)}" for col, _, msg in problems)
        codes[r] = ";".join(f"{col}:{code}" for col, code, _ in problems)
    ids = frame["id"].cast(pl.String, strict=False) if "id" in frame.columns else None
    data: dict[str, Any] = {
        "row": pa.array(np.arange(first_row, first_row + n, dtype=np.int64)),
        "id": ids.to_arrow() if ids is not None else pa.nulls(n, pa.string()),
        "error": pa.array(error, type=pa.string()),
        "error_codes": pa.array(codes, type=pa.string()),
        "rules_version": pa.array(
            np.full(n, ctx.book.id, dtype=object), mask=~ok, type=pa.string()
        ),
        "best_category": pa.array(
            np.array(CATEGORIES, dtype=object)[out.best], mask=~ok, type=pa.string()
        ),
    }
    verdicts = np.array(VERDICTS, dtype=object)
    registry = ctx.items
    for ci, c in enumerate(CATEGORIES):
        null = ~(ok & out.cats[ci])
        data[f"{c}_total"] = pa.array(out.total[ci], mask=null)
        data[f"{c}_min"] = pa.array(out.range[0, ci], mask=null)
        data[f"{c}_max"] = pa.array(out.range[1, ci], mask=null)
        data[f"{c}_eligible"] = pa.array(out.eligible[ci], mask=null)
        data[f"{c}_verdict"] = pa.array(verdicts[out.verdict[ci]], mask=null, type=pa.string())
        data[f"{c}_jskip"] = pa.array(out.jskip[ci], mask=null)
        for k, item in enumerate(registry.items):
            data[f"{c}_{item.id}"] = pa.array(out.items[ci, k], mask=null)
    data["missing"] = pa.array(_joined(out.missing, CORE_FACTS), mask=~ok, type=pa.string())
    data["warnings"] = pa.array(out.warnings, type=pa.string())
    if ctx.explain is not None:
        data["explanation"] = pa.array(out.explanation, type=pa.string())
    table = pl.from_arrow(pa.table(data))
    assert isinstance(table, pl.DataFrame)
    return table


__all__ = ["COLUMN", "Context", "context", "output_columns", "score_frame", "score_nested"]
