"""The seeded population generator (kodo.batch.generate) and ``kodo generate``: the same seed
gives the same frame, the flat form's columns and types, every band edge of the rule data in
force on a row's date at, below and above it (edges read from the rule data here, not typed),
plausible people, missing core facts, broken rows named, and the command writing files."""

from __future__ import annotations

import datetime as dt
from calendar import isleap
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest

from kodo.batch.generate import population
from kodo.batch.io import read_any
from kodo.batch.table import context, score_frame
from kodo.dates import EPOCH, ages_on, ymd
from kodo.features.common import load_rules
from kodo.history.edges import rule_change_dates
from kodo.input.ages import WORK_AGE
from kodo.input.flat import COLUMN, FORM_COLUMNS
from kodo.input.parts import GRADUATE_BUSINESS_LEVELS
from kodo.rules.book import RuleBook
from kodo.rules.values import (
    AgeFloor,
    AgeValue,
    Bonus,
    Career,
    CountTable,
    Education,
    JSkip,
    Research,
    Salary,
    SalaryFloor,
)
from kodo.shells.cli import main
from kodo.vocab import CATEGORIES, EXPERIENCE_KINDS

DAY = dt.date(2026, 11, 21)
CORE = ("date", "birth_date", "annual_salary", "degree")
YEARS = tuple(f"{k}_years" for k in EXPERIENCE_KINDS)


@cache
def sample() -> pl.DataFrame:
    return population(20_000, seed=11, date=DAY)


def ordinals(frame: pl.DataFrame, name: str) -> Any:
    """A date column as ordinals (a missing date: 0)."""
    return frame[name].cast(pl.Int64).fill_null(-EPOCH).to_numpy() + EPOCH


def test_the_same_seed_gives_the_same_frame_and_another_seed_another() -> None:
    first = population(3000, seed=5, date=DAY, missing=0.05)
    assert first.equals(population(3000, seed=5, date=DAY, missing=0.05))
    assert not first.equals(population(3000, seed=6, date=DAY, missing=0.05))
    broken = population(3000, seed=5, date=DAY, broken=0.1)
    assert broken.equals(population(3000, seed=5, date=DAY, broken=0.1))


def test_columns_and_types_are_the_flat_form() -> None:
    frame = sample()
    assert tuple(frame.columns) == FORM_COLUMNS
    kinds = {"date": pl.Date, "word": pl.String, "text": pl.String, "flag": pl.Boolean,
             "years": pl.Float64, "int": pl.Int64}  # fmt: skip
    for name, dtype in frame.schema.items():
        assert dtype == kinds[COLUMN[name].kind], name
    assert frame["id"].n_unique() == frame.height
    assert frame["id"][0] == "p0000001"
    for name in ("degree", "position", "jlpt", "category"):
        assert set(frame[name].drop_nulls()) <= set(COLUMN[name].words), name
    assert frame["category"].null_count() > frame.height / 2  # mostly not asked for
    assert population(0, date=DAY).schema == frame.schema
    for name in YEARS:  # one or two decimals
        values = frame[name].to_numpy()
        assert np.allclose(values, np.round(values, 2))


# --------------------------------------------------------------------- edges of the rule data


def edges(book: RuleBook, start: dt.date) -> dict[str, set[float]]:
    """The edges of the rules in force from ``start``, read from the rule values."""
    snap = book.at(start)
    out: dict[str, set[float]] = {"age": set(), "annual_salary": set(), "years": set(),
                                  "bjt_score": set(), "investment_yen": set()}  # fmt: skip
    for rule_id in book.rules:
        value = snap.version(rule_id).value
        if isinstance(value, Salary):
            for c in CATEGORIES:
                out["age"] |= set(getattr(value, c).age_edges)
                out["annual_salary"] |= set(getattr(value, c).salary_edges)
        elif isinstance(value, AgeValue):
            for c in CATEGORIES:
                out["age"] |= set(getattr(value, c).edges) if getattr(value, c) else set()
        elif isinstance(value, SalaryFloor):
            for c in CATEGORIES:
                floor = getattr(value, c)
                if isinstance(floor, AgeFloor):
                    out["age"] |= set(floor.age_edges)
                    out["annual_salary"] |= set(floor.minimums)
                elif floor is not None:
                    out["annual_salary"].add(floor)
        elif isinstance(value, JSkip):
            for c in CATEGORIES:
                out["annual_salary"].add(getattr(value, c).min_salary)
                out["years"].add(getattr(value, c).min_years)
        elif isinstance(value, Career):
            out["years"] |= set(value.edges_years)
        elif isinstance(value, Bonus):
            if value.bjt_min is not None:
                out["bjt_score"].add(value.bjt_min)
            if value.min_yen is not None:
                out["investment_yen"].add(value.min_yen)
        elif isinstance(value, Research):
            for kind in ("patents", "funded_projects", "papers"):
                out[kind] = {getattr(value.minimums, kind)}
        elif isinstance(value, CountTable) and rule_id == "licences":
            tables = [t for t in value.points_by_count.values() if t]
            out["licenses"] = {max(len(t) for t in tables) - 1}  # the cap
    return out


def periods(book: RuleBook, day: dt.date) -> list[tuple[dt.date, dt.date]]:
    starts = [book.coverage_from, *(d for d in rule_change_dates(book) if d <= day)]
    stops = [s - dt.timedelta(days=1) for s in starts[1:]] + [day]
    return list(zip(starts, stops, strict=True))


def test_every_edge_of_the_rule_data_is_met_at_below_and_above() -> None:
    book = load_rules()
    frame = sample().drop_nulls(["date", "birth_date"])
    date, birth = ordinals(frame, "date"), ordinals(frame, "birth_date")
    y, m, d = ymd(date)
    by, bm, bd = ymd(birth)
    age_gap = y - by
    checked = 0
    for start, stop in periods(book, DAY):
        rows = (date >= start.toordinal()) & (date <= stop.toordinal())
        assert rows.sum() > 200, (start, "every period of the rule data has rows")
        found = edges(book, start)
        for age in found.pop("age"):
            # on the birthday, the day after it (birthday yesterday), the day before it
            anniversary = (age_gap == age) & (bm == m) & (bd == d)
            assert (rows & anniversary).any(), (start, age, "at")
            for shift in (-1, 1):  # born a day later (a year younger) or a day earlier
                moved = ymd(birth + shift)
                hit = rows & (y - moved[0] == age) & (moved[1] == m) & (moved[2] == d)
                assert hit.any(), (start, age, shift)
            checked += 3
        for value in found.pop("years"):
            for off in (-0.01, 0.0, 0.01):
                near = np.zeros(frame.height, dtype=np.bool_)
                for name in YEARS:
                    near |= np.isclose(frame[name].to_numpy(), value + off)
                assert (rows & near).any(), (start, "years", value + off)
                checked += 1
        for name, values in found.items():
            column = frame[name].fill_null(-1).to_numpy()
            for value in values:
                for off in (-1, 0, 1):
                    assert (rows & (column == value + off)).any(), (start, name, value + off)
                    checked += 1
    assert checked > 200


def test_29_february_births_on_28_february_and_1_march_of_common_years() -> None:
    frame = sample().drop_nulls(["date", "birth_date"])
    date, birth = ordinals(frame, "date"), ordinals(frame, "birth_date")
    y, m, d = ymd(date)
    by, bm, bd = ymd(birth)
    leapling = (bm == 2) & (bd == 29)
    common = np.array([not isleap(int(x)) for x in y])
    ages = ages_on(birth, date)
    on_28 = leapling & common & (m == 2) & (d == 28)
    on_1 = leapling & common & (m == 3) & (d == 1)
    assert on_28.any() and on_1.any()
    assert (ages[on_28] == y[on_28] - by[on_28] - 1).all()  # not yet a year older
    assert (ages[on_1] == y[on_1] - by[on_1]).all()
    # every age edge of today's rules that a common year can reach from a 29 February
    age_edges = edges(load_rules(), DAY)["age"]
    reachable = {a for a in age_edges if a % 4}
    assert reachable <= set((y - by)[on_28 | on_1].tolist())


# --------------------------------------------------------------------- plausible people


def test_people_are_plausible() -> None:
    book = load_rules()
    frame = sample()
    known = frame.drop_nulls(["date", "birth_date"])
    ages = ages_on(ordinals(known, "birth_date"), ordinals(known, "date"))
    assert ages.min() >= 18 and ages.max() <= 76
    assert ((ages >= 22) & (ages <= 60)).mean() > 0.8
    assert (frame["date"].drop_nulls() >= book.coverage_from).all()
    assert (frame["date"].drop_nulls() <= DAY).all()
    assert (frame["date"] == DAY).mean() > 0.6  # mostly the given date
    salary = frame["annual_salary"].drop_nulls()
    assert 5_000_000 <= salary.median() <= 8_000_000  # type: ignore[operator]
    assert salary.max() >= 30_000_000 and (salary < 3_000_000).sum() > 100  # type: ignore[operator]
    degrees = frame["degree"].value_counts()
    assert degrees.height == len(COLUMN["degree"].words) + 1  # every word, and some missing
    edu = book.at(DAY).value("education", Education)
    assert edu is not None
    multi = frame.filter(pl.col("multiple_fields"))
    assert multi.height and set(multi["degree"]) <= set(edu.graduate_levels)
    business = frame.filter(pl.col("business_degree"))
    assert business.height and set(business["degree"]) <= set(GRADUATE_BUSINESS_LEVELS)
    assert frame["jlpt"].drop_nulls().n_unique() == 5 and (frame["bjt_score"] > 0).any()
    rare = ("innovation_support", "local_gov_support", "growth_field_project", "jica_training")
    for name in rare:
        assert 0 < frame[name].mean() < 0.05, name  # type: ignore[operator]
    assert (frame["papers"] > 0).mean() > 0.05  # type: ignore[operator]


def test_experience_is_never_longer_than_the_years_since_15() -> None:
    frame = sample().drop_nulls(["date", "birth_date"])
    ages = ages_on(ordinals(frame, "birth_date"), ordinals(frame, "date"))
    for name in YEARS:
        years = frame[name].to_numpy()
        assert (years <= np.maximum(ages - WORK_AGE, 0)).all(), name
        assert (years > 0).any()
    assert frame["professional_years"].max() >= 20  # type: ignore[operator]


# --------------------------------------------------------------------- missing and broken


def test_missing_core_facts() -> None:
    frame = population(5000, seed=2, date=DAY, missing=0.1)
    nulls = frame.select(pl.sum_horizontal(pl.col(c).is_null() for c in CORE)).to_series()
    assert (nulls == 1).sum() == 500 and (nulls > 1).sum() == 0
    for c in CORE:
        assert frame[c].null_count() > 50, c
    none = population(2000, seed=2, date=DAY, missing=0.0)
    assert none.select(pl.col(c).null_count() for c in CORE).sum_horizontal().item() == 0


def test_good_rows_are_read_without_error_and_each_broken_row_names_its_column() -> None:
    n = 6000
    frame = population(n, seed=4, date=DAY, broken=0.3, missing=0.05)
    assert frame.columns[-1] == "expected_error" and set(frame.schema.values()) == {pl.String}
    expected = frame["expected_error"]
    assert expected.is_not_null().sum() == round(0.3 * n)
    assert expected.n_unique() > 25  # broken in varied columns
    out = score_frame(frame, context(today=DAY))
    codes = out["error_codes"]
    assert (codes.is_null() == expected.is_null()).all()
    broken = pl.DataFrame({"expected": expected, "codes": codes}).drop_nulls()
    assert not broken["codes"].str.contains(";").any()  # exactly one column each
    assert (broken["codes"].str.extract(r"^([a-z_0-9]+):", 1) == broken["expected"]).all()
    absent = frame.select(pl.any_horizontal(pl.col(c).is_null() for c in CORE)).to_series()
    assert absent.sum() == round(0.05 * n) and not (absent & expected.is_not_null()).any()
    said = out["missing"].is_not_null()  # a fact the result does not depend on goes unsaid
    assert not (said & ~absent).any() and said.sum() > 0.9 * absent.sum()
    with pytest.raises(ValueError):
        population(10, broken=0.6, missing=0.5)


# --------------------------------------------------------------------- kodo generate


def run(*argv: str) -> int:
    with pytest.raises(SystemExit) as exc:
        main(["generate", *argv])
    return int(exc.value.code or 0)


def test_kodo_generate_writes_parquet_and_csv(tmp_path: Path, capsys: Any) -> None:
    out = tmp_path / "people.parquet"
    try:
        main(["generate", "800", str(out), "--seed", "3", "--date", DAY.isoformat()])
    except SystemExit as exc:
        assert not exc.code
    assert pl.read_parquet(out).equals(population(800, seed=3, date=DAY))
    assert "800 rows" in capsys.readouterr().err
    csv = tmp_path / "broken.csv"
    args = ["700", str(csv), "--date", DAY.isoformat(), "--broken", "0.2", "--missing", "0"]
    try:
        main(["generate", *args])
    except SystemExit as exc:
        assert not exc.code
    back = read_any(csv)
    assert back["expected_error"].is_not_null().sum() == 140
    out_rows = score_frame(back, context(today=DAY))
    assert (out_rows["error_codes"].is_null() == back["expected_error"].is_null()).all()
    assert "140" in capsys.readouterr().err
    assert run("10", str(out), "--date", DAY.isoformat()) == 2  # exists: --force
    assert "--force" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["many", "x.csv"], "N"),
        (["0", "x.csv"], "N"),
        (["10", "x.txt"], "x.txt"),
        (["10", "x.csv", "--seed", "-1"], "--seed"),
        (["10", "x.csv", "--broken", "2"], "--broken"),
        (["10", "x.csv", "--missing", "0.6", "--broken", "0.5"], "--broken"),
        (["10", "x.csv", "--missing", "lots"], "--missing"),
        (["10", "x.csv", "--date", "2026-02-30"], "--date"),
        (["10", "x.csv", "--date", "2011-01-01"], "--date"),
    ],
)
def test_kodo_generate_refuses_bad_arguments_naming_them(
    tmp_path: Path, capsys: Any, monkeypatch: Any, args: list[str], named: str
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(*args) == 2
    assert f"{named}:" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())  # nothing written


@pytest.mark.parametrize("lang", ["en", "ja", "zh"])
def test_kodo_generate_help_fits_80_columns(monkeypatch: Any, capsys: Any, lang: str) -> None:
    from rich.cells import cell_len

    monkeypatch.setenv("COLUMNS", "80")
    assert run("-h", "--lang", lang) == 0
    out = capsys.readouterr().out
    assert "--broken" in out and "--missing" in out and "--seed" in out
    assert not [line for line in out.splitlines() if cell_len(line) > 80]
