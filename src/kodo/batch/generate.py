"""Seeded, realistic populations in the flat form (applicant-format.md §2), for benchmarks,
tests and ``kodo generate``.

:func:`population` draws every column at once with numpy (one ``Generator`` per seed: the same
seed, date and rule book give the same frame, bit for bit). The people are plausible — ages
mostly 22-60 with a tail from 18 to 75, log-normal salaries around ¥6M with a tail to ¥50M
and some below the lowest floor, experience that fits the age, a mix of degrees and Japanese
levels, rare bonuses rare — and a quarter of them sit on a band edge of the rule data in
force on their date: at, one unit below and one above every age edge (the birthday on the
date, the day after, the day before; a 29 February birthday judged on 28 February and on
1 March of a common year), salary figure (bands, floors, J-Skip), experience edge (exactly N
years, 0.01 below and above), BJT minimum, research minimum, count-table cap and investment
minimum. Every edge is read from the rule data (:func:`kodo.engine.tables.compile_tables`).

A quarter of the rows are dated in an earlier period of the rule data (a period drawn
uniformly, then a day in it), so that every version of the rules is exercised; the others
carry ``date``. A row without a date is judged by the reader on its own today: with a
``date`` in the future such a row may state more experience than the years since the age of
15 by then.

``broken`` > 0 gives every column as text (as a CSV holds it: ISO dates, true/false, plain
numbers) and breaks that share of the rows in exactly one column each, named in a last
column ``expected_error`` (see :mod:`kodo.batch.generate_broken`).
"""

from __future__ import annotations

import datetime as dt
from calendar import isleap
from collections.abc import Sequence
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from kodo.dates import EPOCH, ages_on, ymd
from kodo.engine.tables import Tables, compile_tables
from kodo.features.common import load_rules
from kodo.history.edges import rule_change_dates
from kodo.input.ages import WORK_AGE
from kodo.input.flat import COLUMN, CORE_COLUMNS, DEGREE_FLAGS, FORM_COLUMNS
from kodo.input.parts import GRADUATE_BUSINESS_LEVELS
from kodo.items import DEFAULT
from kodo.rules.book import RuleBook
from kodo.vocab import CATEGORIES, EXPERIENCE_KINDS, JLPT_LEVELS, LEVEL_CODE, POSITIONS

Ints = NDArray[np.int64]
Bools = NDArray[np.bool_]
EDGE_SHARE = 0.25  # rows placed on a band edge of the rule data
SPREAD_SHARE = 0.25  # rows dated in an earlier period of the rule data
YEAR_DAYS = 365.2425
EXPERIENCE = tuple(f"{k}_years" for k in EXPERIENCE_KINDS)
# Degree mix, by level code (vocab.LEVEL_NAMES: none, diploma ... doctorate), and the age
# below which a degree is unlikely (a younger row is given a lower degree).
DEGREE_SHARE = (0.05, 0.04, 0.03, 0.05, 0.43, 0.04, 0.27, 0.09)
DEGREE_AGE = (0, 20, 20, 20, 22, 24, 23, 26)
JLPT_SHARE = (0.10, 0.15, 0.10, 0.06, 0.04)  # N1..N5; the rest none
# An edge of the rule data: (kind, column, a, b). kind "age": a = the age edge, b = -1 (the
# day before the birthday), 0 (on it) or +1 (the day after); "feb29": a = the date, b = the
# birth date (ordinals); "int": a = the figure, b = the offset; "years": a = the years, b = the
# offset in hundredths.
Edge = tuple[str, str, float, int]


def population(
    n: int,
    *,
    seed: int = 0,
    date: dt.date | None = None,
    broken: float = 0.0,
    missing: float = 0.01,
    book: RuleBook | None = None,
) -> pl.DataFrame:
    """``n`` people in the flat form, typed (see the module's description); with ``broken``,
    every column as text and an ``expected_error`` column last."""
    if n < 0 or not 0 <= missing <= 1 or not 0 <= broken <= 1 or missing + broken > 1:
        raise ValueError("n >= 0, 0 <= missing, broken and missing + broken <= 1")
    book = book or load_rules()
    day = date or dt.date.today()
    book.check_covered(day)
    rng = np.random.default_rng(seed)
    periods = _periods(book, day)
    cols: dict[str, Any] = {}
    period, dates = _dates(rng, n, periods, day)
    age = np.where(
        rng.random(n) < 0.9, 22 + 38 * rng.beta(2.0, 3.5, n), rng.uniform(18, 75, n)
    )  # fmt: skip
    births = dates - (age * YEAR_DAYS).astype(np.int64)
    cols["date"], cols["birth_date"] = dates, births
    _people(rng, n, cols, age.astype(np.int64), periods[-1][2])
    edge = rng.random(n) < EDGE_SHARE
    for p, (start, stop, tables) in enumerate(periods):
        rows = np.flatnonzero(edge & (period == p))
        _place(rng, rows, _edges(tables, start, stop), cols)
    ages = ages_on(cols["birth_date"], cols["date"])
    cap = np.maximum(ages - WORK_AGE, 0)
    for name in EXPERIENCE:  # never more experience than years since the age of 15
        cols[name] = np.minimum(cols[name], cap)
    young = ages < WORK_AGE  # no degree before 15 (only if the rule data had such an edge)
    cols["degree"][young] = 0
    for flag in DEGREE_FLAGS:
        cols[flag] &= ~young
    order = np.concatenate(
        [rng.permutation(np.flatnonzero(~edge)), rng.permutation(np.flatnonzero(edge))]
    )
    n_missing, n_broken = round(missing * n), round(broken * n)
    absent = _missing(rng, order[:n_missing], cols)
    frame = _frame(n, cols, absent)
    if broken <= 0:
        return frame
    from kodo.batch.generate_broken import break_rows

    return break_rows(frame, order[n_missing : n_missing + n_broken], rng, book.coverage_from)


# ------------------------------------------------------------------------------ dates


def _periods(book: RuleBook, day: dt.date) -> list[tuple[int, int, Tables]]:
    """(first day, last day, tables) of each period of the rule data up to ``day``."""
    starts = [book.coverage_from, *(d for d in rule_change_dates(book) if d <= day)]
    stops = [s - dt.timedelta(days=1) for s in starts[1:]] + [day]
    return [
        (a.toordinal(), b.toordinal(), compile_tables(book.at(a), book, DEFAULT))
        for a, b in zip(starts, stops, strict=True)
    ]


def _dates(
    rng: np.random.Generator, n: int, periods: Sequence[Any], day: dt.date
) -> tuple[Ints, Ints]:
    period = np.full(n, len(periods) - 1, dtype=np.int64)
    spread = rng.random(n) < SPREAD_SHARE
    period[spread] = rng.integers(0, len(periods), int(spread.sum()))
    start = np.array([p[0] for p in periods], dtype=np.int64)[period]
    stop = np.array([p[1] for p in periods], dtype=np.int64)[period]
    within = start + (rng.random(n) * (stop - start + 1)).astype(np.int64)
    return period, np.where(spread, within, day.toordinal())


def ordinals(year: Ints, month: Ints, day: Ints) -> Ints:
    """Date ordinals of arrays of (year, month, day); a 29 February of a common year is the
    1 March."""
    months = ((year - 1970) * 12 + month - 1).astype("datetime64[M]")
    out: Ints = (months.astype("datetime64[D]").astype(np.int64) + day - 1) + EPOCH
    return out


# ------------------------------------------------------------------------------ the people


def _years(rng: np.random.Generator, x: NDArray[Any]) -> NDArray[np.float64]:
    """Years with one or two decimals (or whole), never more than ``x``."""
    scale = np.array([1.0, 10.0, 100.0])[rng.integers(0, 3, x.size, dtype=np.int8)]
    out: NDArray[np.float64] = np.floor(np.maximum(x, 0) * scale) / scale
    return out


def _pick(u: NDArray[Any], shares: Sequence[float]) -> Ints:
    """Index of the share each uniform ``u`` falls in (the last share takes the rest)."""
    out: Ints = np.searchsorted(np.cumsum(shares[:-1]), u, side="right").astype(np.int64)
    return out


def _poisson(rng: np.random.Generator, where: Bools, lam: float) -> Ints:
    out = np.zeros(where.size, dtype=np.int64)
    out[where] = rng.poisson(lam, int(where.sum()))
    return out


def _people(rng: np.random.Generator, n: int, cols: dict[str, Any], age: Ints, t: Tables) -> None:
    def u(k: int = n) -> NDArray[np.float32]:
        return rng.random(k, dtype=np.float32)

    level = _pick(u(), DEGREE_SHARE)
    for code in range(len(DEGREE_AGE) - 1, 0, -1):  # too young for it: a degree lower
        level[(level == code) & (age < DEGREE_AGE[code])] = code - 1
    cols["degree"] = level
    graduate = np.isin(level, list(t.graduate_levels))
    held = level > 0
    business_ok = np.isin(level, [LEVEL_CODE[x] for x in GRADUATE_BUSINESS_LEVELS])
    cols["business_degree"] = business_ok & (u() < 0.2)
    cols["multiple_fields"] = graduate & (u() < 0.05)
    japan = held & (u() < 0.25)
    cols["japan_degree"] = japan
    cols["designated_university"] = held & (u() < np.where(japan, 0.2, 0.04))
    cols["japanese_major"] = held & ~japan & (u() < 0.02)
    working = np.maximum(age - np.array(DEGREE_AGE)[level] + 4 * u() - 2, 0)
    researcher = (level == LEVEL_CODE["doctorate"]) | (u() < 0.08)
    cols["research_years"] = _years(rng, np.where(researcher, working * u(), 0))
    worker = u() < 0.88
    cols["professional_years"] = _years(rng, np.where(worker, working * (0.3 + 0.7 * u()), 0))
    position = _pick(u(), (0.87, 0.08, 0.05))
    manager = (position > 0) | (u() < 0.08)
    cols["management_years"] = _years(rng, np.where(manager, working * 0.7 * u(), 0))
    cols["position"] = position
    kind = _pick(u(), (0.85, 0.10, 0.05))  # the bulk, a high tail, the low paid
    mu, sigma = np.array([15.65, 16.4, 14.6]), np.array([0.38, 0.5, 0.2])
    salary = np.exp(mu[kind] + sigma[kind] * rng.standard_normal(n, dtype=np.float32))
    cols["annual_salary"] = (np.clip(salary, 1e6, 5e7) / 1e4).round().astype(np.int64) * 10_000
    active = researcher | (cols["research_years"] > 0)
    cols["papers"] = _poisson(rng, active & (u() < 0.5), 3)
    cols["patents"] = _poisson(rng, active & (u() < 0.15), 1) + (u() < 0.01)
    cols["funded_projects"] = _poisson(rng, active & (u() < 0.2), 1.5)
    cols["other_research"] = active & (u() < 0.05)
    licensed = u() < 0.12
    cols["licenses"] = _poisson(rng, licensed, 0.8) + licensed
    cols["innovation_support"] = u() < 0.03
    cols["sme"] = u() < 0.3
    cols["rnd_over_3pct"] = cols["sme"] & (u() < 0.15)
    cols["local_gov_support"] = u() < 0.02
    cols["foreign_qualification"] = u() < 0.05
    jlpt = _pick(u(), (*JLPT_SHARE, 1 - sum(JLPT_SHARE)))
    cols["jlpt"] = np.where(jlpt < len(JLPT_LEVELS), jlpt, -1)
    top = COLUMN["bjt_score"].high
    sat = u() < 0.06
    bjt = np.zeros(n, dtype=np.int64)
    bjt[sat] = np.clip(rng.normal(0.48 * top, 0.15 * top, int(sat.sum())), 0, top)
    cols["bjt_score"] = bjt
    cols["growth_field_project"] = u() < 0.02
    cols["jica_training"] = u() < 0.005
    cols["jica_training_at_japanese_university"] = cols["jica_training"] & (u() < 0.4)
    invests = u() < np.where(position == len(POSITIONS) - 1, 0.6, 0.01)
    amount = np.zeros(n, dtype=np.int64)
    amount[invests] = np.minimum(rng.lognormal(16.1, 1.2, int(invests.sum())), 1e10) / 1e4
    cols["investment_yen"] = amount * 10_000
    cols["investment_management"] = u() < np.where(invests, 0.2, 0.01)
    category = _pick(u(), (0.04, 0.05, 0.03, 0.88))
    cols["category"] = np.where(category < len(CATEGORIES), category, -1)


# ------------------------------------------------------------------------------ the edges


def _edges(t: Tables, start: int, stop: int) -> list[Edge]:
    """Every edge of the rule data in force from ``start`` to ``stop`` (ordinals)."""
    out: list[Edge] = []
    first, last = dt.date.fromordinal(start), dt.date.fromordinal(stop)
    for age in t.age_edges.tolist():
        out += [("age", "birth_date", age, off) for off in (-1, 0, 1)]
        for year in range(first.year, last.year + 1):  # 29 February births, a common year
            days = [dt.date(year, 2, 28), dt.date(year, 3, 1)]
            if isleap(year - age) and not isleap(year) and first <= days[0] and days[1] <= last:
                born = dt.date(year - age, 2, 29).toordinal()
                out += [("feb29", "birth_date", d.toordinal(), born) for d in days]
                break
    figures: list[tuple[str, int]] = [("annual_salary", f) for f in t.salary_figures.tolist()]
    for b in t.bonuses:
        if b.rule.bjt_min is not None:
            figures.append(("bjt_score", b.rule.bjt_min))
        if b.rule.min_yen is not None:
            figures.append(("investment_yen", b.rule.min_yen))
    kinds = ("patents", "funded_projects", "papers")
    figures += list(zip(kinds, t.research_minimums.tolist(), strict=True))
    for item_id, points in t.count_points.items():  # a count table's cap
        column = t.registry.item(item_id).reads[0]
        if column in COLUMN:
            figures.append((column, points.shape[1] - 1))
    out += [("int", c, f, off) for c, f in dict.fromkeys(figures) for off in (-1, 0, 1)]
    years = set(t.career_edges.tolist())
    if t.jskip_min is not None:
        years |= set(t.jskip_min_years.tolist())
    out += [("years", "", y, off) for y in sorted(years) for off in (-1, 0, 1)]
    return out


def _place(
    rng: np.random.Generator, rows: Ints, edges: Sequence[Edge], cols: dict[str, Any]
) -> None:
    """Put ``rows`` on ``edges`` in turn (every edge once before any twice)."""
    if not rows.size or not edges:
        return
    pick = np.arange(rows.size) % len(edges)
    kind = np.array([e[0] for e in edges])[pick]
    column = np.array([e[1] for e in edges])[pick]
    a = np.array([e[2] for e in edges], dtype=np.float64)[pick]
    b = np.array([e[3] for e in edges], dtype=np.int64)[pick]
    dates, births = cols["date"], cols["birth_date"]
    at = rows[kind == "age"]
    if at.size:
        y, m, d = ymd(dates[at])
        births[at] = ordinals(y - a[kind == "age"].astype(np.int64), m, d) - b[kind == "age"]
    feb = kind == "feb29"
    dates[rows[feb]], births[rows[feb]] = a[feb].astype(np.int64), b[feb]
    for name in set(column[kind == "int"].tolist()):
        sel = (kind == "int") & (column == name)
        cols[name][rows[sel]] = a[sel].astype(np.int64) + b[sel]
    sel = kind == "years"
    at, value = rows[sel], np.round(a[sel] + b[sel] / 100, 2)
    which = rng.integers(0, len(EXPERIENCE), at.size)
    for k, name in enumerate(EXPERIENCE):
        cols[name][at[which == k]] = value[which == k]
    need = WORK_AGE + np.ceil(value).astype(np.int64) + 1  # old enough for those years
    short = ages_on(births[at], dates[at]) < need
    extra = rng.uniform(0, 10, at.size)
    births[at[short]] = dates[at[short]] - ((need[short] + extra[short]) * YEAR_DAYS).astype(
        np.int64
    )


# ------------------------------------------------------------------------------ the frame


def _missing(rng: np.random.Generator, rows: Ints, cols: dict[str, Any]) -> dict[str, Ints]:
    """One core fact of each of ``rows`` left empty (a row without its degree has no degree
    flags either: they would describe a degree)."""
    which = rng.integers(0, len(CORE_COLUMNS), rows.size)
    absent = {name: rows[which == k] for k, name in enumerate(CORE_COLUMNS)}
    for flag in DEGREE_FLAGS:
        cols[flag][absent["degree"]] = False
    return absent


def _frame(n: int, cols: dict[str, Any], absent: dict[str, Ints]) -> pl.DataFrame:
    import pyarrow as pa

    width = max(7, len(str(n)))
    ids = pl.int_range(1, n + 1, eager=True).cast(pl.String).str.zfill(width)
    arrays: dict[str, Any] = {"id": ("p" + ids).to_arrow()}
    for name in FORM_COLUMNS[1:]:
        col, values = COLUMN[name], cols[name]
        null = np.zeros(n, dtype=np.bool_)
        if name in absent:
            null[absent[name]] = True
        if col.kind == "date":
            arrays[name] = pa.array((values - EPOCH).astype(np.int32), pa.date32(), mask=null)
        elif col.kind == "word":
            null |= values < 0
            index = pl.Series(pa.array(np.maximum(values, 0).astype(np.uint32), mask=null))
            arrays[name] = pl.Series(col.words, dtype=pl.String).gather(index).to_arrow()
        else:
            dtype = {"years": np.float64, "flag": np.bool_}.get(col.kind, np.int64)
            arrays[name] = pa.array(values.astype(dtype), mask=null)
    frame = pl.from_arrow(pa.table(arrays))
    assert isinstance(frame, pl.DataFrame)
    return frame


__all__ = ["ordinals", "population"]
