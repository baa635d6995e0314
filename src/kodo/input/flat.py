"""The flat form (applicant-format.md §2): one row per person, one column per fact.

Declared once here: each column's name, kind, bounds and the field of the nested form it
stands for. The batch reader (``kodo.batch.flat``) checks whole columns against these
declarations and hands the engine :class:`FlatFacts` (numpy arrays, one entry per valid row);
the engine's fact columns are derived from them by the registry's column groups
(``kodo.items.columns``), next to the per-person derivation of the same column.

What the flat form cannot say, and how it reads:

* ``degree`` is the highest degree; its flags (``business_degree``, ``japan_degree``,
  ``designated_university``, ``japanese_major``) describe that degree. ``none`` = no degree
  (``degrees: []``); an empty cell = the degrees are not known (a missing core fact).
* ``multiple_fields`` states the multiple-fields bonus directly (the nested form's override
  ``multiple_fields``), as a row cannot list two degrees.
* ``bjt_score`` 0 means no BJT result.
* An empty cell is "not claimed" (false / 0) for booleans and counts and "missing" for the
  four core facts (``date``, ``birth_date``, ``annual_salary``, ``degree``).

Columns beyond §2 (documented in docs/batch.md): ``salary_performance_linked``,
``papers_corresponding_author``, ``rnd_ratio_pct``, ``application_kind``, ``planned_entry``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args

import numpy as np
from numpy.typing import NDArray

from kodo.input.limits import MAX_TEXT
from kodo.input.types import FIRST_DAY, LAST_DAY, BjtScore, Count, Percent, Years, Yen
from kodo.vocab import CATEGORIES, CORE_FACTS, JLPT_LEVELS, LEVEL_NAMES, POSITIONS, ApplicationKind

Kind = Literal["text", "date", "int", "years", "flag", "word"]
MISSING = -1  # a missing core fact (or an absent optional count) in the arrays
NO_DEGREE = LEVEL_NAMES[0]  # the word of the flat form for "no degree"


def _bounds(annotated: Any) -> tuple[float, float]:
    """(low, high) of an annotated field type of the input model (one declaration)."""
    low = high = math.nan
    for meta in annotated.__metadata__:
        for m in getattr(meta, "metadata", ()):
            low = getattr(m, "ge", low)
            high = getattr(m, "le", high)
    return low, high


@dataclass(frozen=True)
class FlatColumn:
    name: str
    kind: Kind
    path: str  # the field of the nested form (applicant-format.md §1) it stands for
    words: tuple[str, ...] = ()  # kind "word": the accepted words
    low: float = math.nan  # kinds "int" and "years": the range accepted
    high: float = math.nan
    core: bool = False  # an empty cell is a missing core fact, not "not claimed"
    optional: bool = False  # an empty cell is "not given" (kept apart from 0 / false)
    extra: bool = False  # not in applicant-format.md §2 (an addition of kodo's)


def _int(name: str, path: str, kind: Any = Count, **more: Any) -> FlatColumn:
    low, high = _bounds(kind)
    return FlatColumn(name, "int", path, low=low, high=high, **more)


def _flag(name: str, path: str) -> FlatColumn:
    return FlatColumn(name, "flag", path)


_YEARS = _bounds(Years)

FLAT_COLUMNS: tuple[FlatColumn, ...] = (
    FlatColumn("id", "text", "id", high=MAX_TEXT),
    FlatColumn("date", "date", "date", core=True),
    FlatColumn("birth_date", "date", "birth_date", core=True),
    FlatColumn("category", "word", "category", words=CATEGORIES, optional=True),
    FlatColumn("degree", "word", "degrees[0].level", words=LEVEL_NAMES, core=True),
    _flag("business_degree", "degrees[0].business"),
    _flag("multiple_fields", "multiple_fields"),
    _flag("japan_degree", "degrees[0].japan"),
    _flag("designated_university", "degrees[0].designated"),
    _flag("japanese_major", "degrees[0].japanese_major"),
    FlatColumn("research_years", "years", "experience.research", low=_YEARS[0], high=_YEARS[1]),
    FlatColumn(
        "professional_years", "years", "experience.professional", low=_YEARS[0], high=_YEARS[1]
    ),
    FlatColumn("management_years", "years", "experience.management", low=_YEARS[0], high=_YEARS[1]),
    _int("annual_salary", "annual_salary", Yen, core=True),
    _int("patents", "research.patents"),
    _int("funded_projects", "research.funded_projects"),
    _int("papers", "research.papers"),
    _flag("other_research", "research.other"),
    _int("licenses", "licenses"),
    FlatColumn("position", "word", "position", words=POSITIONS),
    _flag("innovation_support", "employer.innovation_support"),
    _flag("sme", "employer.sme"),
    _flag("rnd_over_3pct", "employer.rnd_over_3pct"),
    _flag("local_gov_support", "employer.local_gov_support"),
    _flag("foreign_qualification", "foreign_qualification"),
    FlatColumn("jlpt", "word", "japanese.jlpt", words=JLPT_LEVELS, optional=True),
    _int("bjt_score", "japanese.bjt", BjtScore),
    _flag("growth_field_project", "growth_field_project"),
    _flag("jica_training", "training.jica"),
    _flag("jica_training_at_japanese_university", "training.at_japanese_university"),
    _int("investment_yen", "investment", Yen),
    _flag("investment_management", "investment_management"),
    # kodo's additions (docs/batch.md)
    _int("salary_performance_linked", "salary_performance_linked", Yen, extra=True),
    _int(
        "papers_corresponding_author",
        "research.papers_corresponding_author",
        optional=True,
        extra=True,
    ),
    FlatColumn(
        "rnd_ratio_pct",
        "years",
        "employer.rnd_ratio_pct",
        low=_bounds(Percent)[0],
        high=_bounds(Percent)[1],
        optional=True,
        extra=True,
    ),
    FlatColumn(
        "application_kind",
        "word",
        "application.kind",
        words=get_args(ApplicationKind),
        optional=True,
        extra=True,
    ),
    FlatColumn("planned_entry", "date", "application.planned_entry", optional=True, extra=True),
)
COLUMN = {c.name: c for c in FLAT_COLUMNS}
# The core facts' columns, in the order of vocab.CORE_FACTS
CORE_COLUMNS = tuple(
    c.name for fact in CORE_FACTS for c in FLAT_COLUMNS if c.core and c.path.startswith(fact)
)
# The flags that describe the highest degree (and the multiple-fields bonus): they need one.
DEGREE_FLAGS = tuple(
    c.name
    for c in FLAT_COLUMNS
    if c.kind == "flag" and (c.path.startswith("degrees[0].") or c.path == "multiple_fields")
)
FORM_COLUMNS = tuple(c.name for c in FLAT_COLUMNS if not c.extra)  # applicant-format.md §2
DATE_RANGE = (FIRST_DAY, LAST_DAY)


@dataclass
class FlatFacts:
    """The facts of n valid rows as arrays, by flat column name.

    Dates are proleptic ordinals (``date.toordinal()``) with -1 for an empty cell; words are
    their index in the column's ``words`` (-1: empty); counts and money are int64 (-1: an
    empty optional count); years and ratios float64 (NaN: an empty optional ratio); flags
    bool. ``given`` holds, for flags, whether the cell was filled in (a false that was
    written differs from an empty cell where a flag presupposes another).
    """

    n: int
    values: dict[str, NDArray[Any]]
    given: dict[str, NDArray[np.bool_]]

    def __getitem__(self, name: str) -> NDArray[Any]:
        return self.values[name]

    def take(self, index: NDArray[np.intp]) -> FlatFacts:
        """Rows ``index`` only."""
        return FlatFacts(
            int(index.size),
            {k: a[index] for k, a in self.values.items()},
            {k: a[index] for k, a in self.given.items()},
        )

    def word(self, name: str, value: str) -> NDArray[np.bool_]:
        """Rows whose word column ``name`` holds ``value``."""
        out: NDArray[np.bool_] = self.values[name] == COLUMN[name].words.index(value)
        return out


def _set(out: dict[str, Any], path: str, value: Any) -> None:
    parts = path.replace("[0]", "").split(".")
    node = out
    for key in parts[:-1]:
        node = node.setdefault(key, {})
    node[parts[-1]] = value


def flat_to_nested(row: Mapping[str, Any]) -> dict[str, Any]:
    """One valid flat row (Python values: dates as ``date``, empty cells as None) as the
    nested form of applicant-format.md §1 — the same person, for ``kodo.evaluate``."""
    out: dict[str, Any] = {}
    degree: dict[str, Any] = {}
    for col in FLAT_COLUMNS:
        value = row.get(col.name)
        if value is None:  # an empty cell: not claimed (a written false stays written)
            continue
        if isinstance(value, dt.date):
            value = value.isoformat()
        if col.path.startswith("degrees[0]."):
            degree[col.path.split(".", 1)[1]] = value
        elif col.name == "bjt_score":
            if value:
                _set(out, col.path, value)
        else:
            _set(out, col.path, value)
    level = degree.pop("level", None)
    if level is not None:
        out["degrees"] = [] if level == NO_DEGREE else [{"level": level, **degree}]
        if out.get("multiple_fields") and out["degrees"]:
            # a row states the bonus, not the degrees: two degrees of the same level and
            # flags, in different fields, give the same facts as the row
            first = out["degrees"][0]
            out["degrees"] = [{**first, "field": "1"}, {**first, "field": "2"}]
    return out


def unknown_columns(names: Iterable[str]) -> tuple[str, ...]:
    """The columns that are not part of the flat form (ignored by the batch, and said)."""
    return tuple(c for c in names if c not in COLUMN)
