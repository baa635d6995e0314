"""The flat form's checks across columns (the contradictions the CLI refuses, each naming
the column), and :func:`check_flat`: a chunk parsed column by column (:mod:`kodo.batch.flat`),
then checked across columns, its valid rows handed over as
:class:`~kodo.input.flat.FlatFacts`."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from kodo.batch.flat import Checked, Reader
from kodo.dates import add_years, ages_on, years_between
from kodo.i18n import Num, Span
from kodo.input.ages import WORK_AGE
from kodo.input.flat import COLUMN, DEGREE_FLAGS, FLAT_COLUMNS, FlatFacts
from kodo.input.parts import GRADUATE_BUSINESS_LEVELS, RND_OVER_PCT
from kodo.vocab import EXPERIENCE_KINDS, LEVEL_CODE


def contradictions(self: Reader) -> None:
    v, ok = self.values, self.ok
    date, birth = v["date"], v["birth_date"]
    both = ok["date"] & ok["birth_date"] & (date >= 0) & (birth >= 0)
    self.problem(
        "birth_date",
        "birth_after_date",
        both & (birth > date),
        lambda r: {"birth": _day(birth[r]), "day": _day(date[r])},
    )
    # On the reference date, or today when the row has none (as evaluate checks it).
    day = np.where(date >= 0, date, self.today.toordinal())
    born = ok["birth_date"] & (birth >= 0) & (birth <= day) & ok["date"]
    age = np.where(born, ages_on(np.where(born, birth, day), day), 0)
    whole = np.maximum(age - WORK_AGE, 0)
    for kind in EXPERIENCE_KINDS:
        name = f"{kind}_years"
        years = v[name]
        maybe = np.flatnonzero(born & ok[name] & (years > whole))
        since = {int(r): _since(int(birth[r]), int(day[r])) for r in maybe}
        too_long = np.zeros(self.n, np.bool_)
        too_long[[r for r, s in since.items() if years[r] > s + 1e-9]] = True
        self.problem(
            name,
            "experience_too_long",
            too_long,
            lambda r, y=years, s=since: {
                "years": Span(float(y[r])),
                "since": Span(s[r]),
                "age": WORK_AGE,
                "day": _day(day[r]),
                "birth": _day(birth[r]),
            },
        )
    level = v["degree"]
    held = ok["degree"] & (level > 0)
    self.problem(
        "degree",
        "held_before_age",
        held & born & (age < WORK_AGE),
        lambda r: {"day": _day(day[r]), "age": WORK_AGE, "birth": _day(birth[r])},
    )
    no_degree = ok["degree"] & (level <= 0)
    for flag in DEGREE_FLAGS:
        self.problem(
            flag,
            "needs_degree",
            no_degree & v[flag] & ok[flag],
            lambda r: {"other": "degree", "level": _degree_word(int(level[r]))},
        )
    business_ok = np.isin(level, [LEVEL_CODE[x] for x in GRADUATE_BUSINESS_LEVELS])
    self.problem(
        "business_degree",
        "business_level",
        held & v["business_degree"] & ~business_ok,
        lambda r: {"level": _degree_word(int(level[r]))},
    )
    self.problem(
        "japanese_major",
        "major_in_japan",
        held & v["japanese_major"] & v["japan_degree"],
        lambda r: {"other": "japan_degree"},
    )
    salary, perf = v["annual_salary"], v["salary_performance_linked"]
    self.problem(
        "salary_performance_linked",
        "perf_more_than_salary",
        ok["annual_salary"] & ok["salary_performance_linked"] & (salary >= 0) & (perf > salary),
        lambda r: {},
    )
    pc = v["papers_corresponding_author"]
    self.problem(
        "papers_corresponding_author",
        "corresponding_more_than_papers",
        ok["papers"] & (pc > v["papers"]),
        lambda r: {},
    )
    _employer(self)
    _application(self)


def _employer(self: Reader) -> None:
    v, given = self.values, self.given
    sme_false = given["sme"] & ~v["sme"]
    self.problem("rnd_over_3pct", "requires_flag", sme_false & v["rnd_over_3pct"], _other("sme"))
    ratio = v["rnd_ratio_pct"]
    has_ratio = ~np.isnan(ratio)
    self.problem("rnd_ratio_pct", "ratio_needs_sme", sme_false & has_ratio, _other("sme"))
    flag, flag_false = v["rnd_over_3pct"], given["rnd_over_3pct"] & ~v["rnd_over_3pct"]
    self.problem(
        "rnd_ratio_pct",
        "ratio_vs_flag",
        has_ratio & ~sme_false
        & ((flag & (ratio < RND_OVER_PCT)) | (flag_false & (ratio > RND_OVER_PCT))),
        lambda r: {
            "ratio": Num(float(ratio[r])),
            "other": "rnd_over_3pct",
            "flag": str(bool(flag[r])).lower(),
        },
    )  # fmt: skip
    self.problem(
        "jica_training_at_japanese_university",
        "requires_flag",
        v["jica_training_at_japanese_university"] & given["jica_training"] & ~v["jica_training"],
        _other("jica_training"),
    )


def _application(self: Reader) -> None:
    v, ok = self.values, self.ok
    entry, date, birth = v["planned_entry"], v["date"], v["birth_date"]
    has_entry = ok["planned_entry"] & (entry >= 0)
    coe = v["application_kind"] == COLUMN["application_kind"].words.index("coe")
    self.problem("planned_entry", "entry_not_coe", has_entry & ~coe, lambda r: {})
    self.problem(
        "planned_entry",
        "entry_before_date",
        has_entry & coe & ok["date"] & (date >= 0) & (entry < date),
        lambda r: {"entry": _day(entry[r]), "day": _day(date[r])},
    )
    self.problem(
        "birth_date",
        "birth_after_entry",
        has_entry & coe & ok["birth_date"] & (birth > entry),
        lambda r: {},
    )


def rule_days(date: NDArray[Any], today: dt.date, past_rules: str) -> NDArray[np.int64]:
    """The date (ordinal) whose rules judge each row: its date, or today without one; today
    for a past date under option past_rules=now (as ``evaluate`` decides it)."""
    day = np.where(date >= 0, date, today.toordinal())
    if past_rules == "now":
        day = np.maximum(day, today.toordinal())
    out: NDArray[np.int64] = day.astype(np.int64)
    return out


def check_flat(
    frame: pl.DataFrame, today: dt.date, coverage_from: dt.date, past_rules: str
) -> Checked:
    """Parse and check a chunk of flat-form rows (any column types: text from a CSV, typed
    columns from Parquet or a spreadsheet). Never raises for a bad cell: the row is marked.
    A row judged under rules before ``coverage_from`` (the rule data's first day) is bad."""
    reader = Reader(frame, today)
    for col in FLAT_COLUMNS:
        reader.column(col)
    contradictions(reader)
    day = rule_days(reader.values["date"], today, past_rules)
    reader.problem(
        "date",
        "before_rules",
        reader.ok["date"] & (day < coverage_from.toordinal()),
        lambda r: {"day": dt.date.fromordinal(int(day[r])), "since": coverage_from},
    )
    valid = np.flatnonzero(~reader.bad)
    if valid.size == reader.n:
        values, given = reader.values, reader.given
    else:
        values = {k: a[valid] for k, a in reader.values.items()}
        given = {k: a[valid] for k, a in reader.given.items()}
    facts = FlatFacts(int(valid.size), values, given)
    return Checked(reader.n, facts, valid, reader.problems)


def _day(ordinal: Any) -> dt.date:
    return dt.date.fromordinal(int(ordinal))


def _since(birth: int, day: int) -> float:
    """Years from the 15th birthday to ``day`` (the model's rule, for the few rows near it)."""
    return years_between(add_years(dt.date.fromordinal(birth), WORK_AGE), dt.date.fromordinal(day))


def _degree_word(code: int) -> str:
    words = COLUMN["degree"].words
    return words[code] if code >= 0 else "—"


def _other(name: str) -> Any:
    return lambda r: {"other": name}
