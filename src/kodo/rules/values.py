"""Typed shapes of the rule values in ``data/rules.yaml``, one model per ``kind``.

Each model validates types, ranges and internal consistency (band edges ascending, one more
point value than edges, salary points never falling as salary rises). A value that does not
fit its model makes :func:`kodo.rules.book.load_rules` fail with the rule id and version.
"""

from __future__ import annotations

import itertools
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from kodo.vocab import CATEGORIES, LEVELS, Category, ExperienceKind, Level

Points = Annotated[int, Field(ge=0, le=100, strict=True)]
Yen = Annotated[int, Field(ge=0, le=10_000_000_000, strict=True)]
Years = Annotated[float, Field(ge=0, le=100)]
Age = Annotated[int, Field(ge=0, le=120, strict=True)]


class _Value(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


def _ascending(edges: list[float] | list[int], what: str) -> None:
    if any(b <= a for a, b in itertools.pairwise(edges)):
        raise ValueError(f"{what} must be strictly ascending, got {edges}")


class Thresholds(_Value):
    pass_mark: Points = Field(alias="pass")
    high: Points

    @model_validator(mode="after")
    def _order(self) -> Thresholds:
        if self.high <= self.pass_mark:
            raise ValueError("high must be above pass")
        return self


class AgeFloor(_Value):
    """A salary floor that depends on age (the 2012 rules): one minimum per age band."""

    age_edges: list[Age] = Field(min_length=1)
    minimums: list[Yen]

    @model_validator(mode="after")
    def _shape(self) -> AgeFloor:
        _ascending(self.age_edges, "age_edges")
        if len(self.minimums) != len(self.age_edges) + 1:
            raise ValueError(f"minimums needs {len(self.age_edges) + 1} values (age bands)")
        return self


class SalaryFloor(_Value):
    """Per category: no floor (null), one floor for all ages, or a floor per age band."""

    a: Yen | AgeFloor | None
    b: Yen | AgeFloor | None
    c: Yen | AgeFloor | None


class PermanentResidenceRoute(_Value):
    points: Points | None = None  # None: the route needs the J-Skip criteria, not points
    years: Annotated[int, Field(ge=1, le=20, strict=True)]


class PermanentResidence(_Value):
    """Special cases of the PR guideline's residence condition (rules.md §3)."""

    points_70: PermanentResidenceRoute | None
    points_80: PermanentResidenceRoute | None
    j_skip: PermanentResidenceRoute | None


class Hsp2(_Value):
    """HSP(ii): years in HSP(i) (or 特定活動(高度人材)) needed, and for J-Skip holders."""

    years: Annotated[int, Field(ge=1, le=20, strict=True)]
    j_skip_years: Annotated[int, Field(ge=1, le=20, strict=True)] | None


class Education(_Value):
    points: dict[str, dict[Level, Points]]
    business_degree: dict[str, Points | None]
    business_addon: Points
    graduate_levels: list[Level]

    @model_validator(mode="after")
    def _complete(self) -> Education:
        _check_keys(dict(self.points), "points")
        _check_keys(dict(self.business_degree), "business_degree")
        for cat in CATEGORIES:
            table = self.points.get(cat)
            if table is None or set(table) != set(LEVELS):
                raise ValueError(f"points.{cat} must give every level {list(LEVELS)}")
            if cat not in self.business_degree:
                raise ValueError(f"business_degree.{cat} is missing (use null)")
        return self


def _check_keys(mapping: dict[str, object], what: str) -> None:
    if set(mapping) != set(CATEGORIES):
        raise ValueError(f"{what} must have exactly the categories a, b and c")


class Exclusion(_Value):
    """Not awarded when ``item`` is awarded (and, if given, when the fact column ``when`` is true
    and the interpretation ``option`` is chosen: ``name=value``)."""

    item: str
    when: str | None = None
    option: str | None = None


class Bonus(_Value):
    points: Points
    categories: list[Category] = Field(min_length=1)
    requires: list[str] = []
    excluded_by: list[Exclusion] = []
    ratio_pct: Annotated[float, Field(gt=0, lt=100)] | None = None
    bjt_min: Annotated[int, Field(ge=0, le=800, strict=True)] | None = None
    degree_levels: list[Level] | None = None
    min_yen: Yen | None = None


class Career(_Value):
    experience: dict[str, ExperienceKind]
    edges_years: list[Years] = Field(min_length=1)
    points: dict[str, list[Points]]

    @model_validator(mode="after")
    def _shape(self) -> Career:
        _ascending(self.edges_years, "edges_years")
        _check_keys(dict(self.experience), "experience")
        _check_keys(dict(self.points), "points")
        for cat in CATEGORIES:
            if cat not in self.experience or cat not in self.points:
                raise ValueError(f"category {cat} is missing")
            if len(self.points[cat]) != len(self.edges_years) + 1:
                raise ValueError(f"points.{cat} needs {len(self.edges_years) + 1} values")
        return self


class SalaryTable(_Value):
    age_edges: list[Age]
    salary_edges: list[Yen] = Field(min_length=1)
    points: list[list[Points]]

    @model_validator(mode="after")
    def _shape(self) -> SalaryTable:
        _ascending(self.age_edges, "age_edges")
        _ascending(self.salary_edges, "salary_edges")
        if len(self.points) != len(self.age_edges) + 1:
            raise ValueError(f"points needs {len(self.age_edges) + 1} rows (age bands)")
        for row in self.points:
            if len(row) != len(self.salary_edges) + 1:
                raise ValueError(f"each points row needs {len(self.salary_edges) + 1} values")
            if any(b < a for a, b in itertools.pairwise(row)):
                raise ValueError(f"salary points must not fall as salary rises: {row}")
        return self


class Salary(_Value):
    a: SalaryTable
    b: SalaryTable
    c: SalaryTable


class AgeTable(_Value):
    edges: list[Age] = Field(min_length=1)
    points: list[Points]

    @model_validator(mode="after")
    def _shape(self) -> AgeTable:
        _ascending(self.edges, "edges")
        if len(self.points) != len(self.edges) + 1:
            raise ValueError(f"points needs {len(self.edges) + 1} values")
        return self


class AgeValue(_Value):
    a: AgeTable | None
    b: AgeTable | None
    c: AgeTable | None


class ResearchMinimums(_Value):
    patents: Annotated[int, Field(ge=1, le=100, strict=True)]
    funded_projects: Annotated[int, Field(ge=1, le=100, strict=True)]
    papers: Annotated[int, Field(ge=1, le=100, strict=True)]


def _check_count_table(table: list[int] | None, what: str) -> None:
    if table is None:
        return
    if len(table) < 2 or table[0] != 0:
        raise ValueError(f"{what} must start at 0 points for a count of 0")
    if any(b < a for a, b in itertools.pairwise(table)):
        raise ValueError(f"{what} must not fall as the count rises: {table}")


class CountTable(_Value):
    points_by_count: dict[str, list[Points] | None]

    @field_validator("points_by_count")
    @classmethod
    def _tables(cls, v: dict[str, list[int] | None]) -> dict[str, list[int] | None]:
        for cat in CATEGORIES:
            if cat not in v:
                raise ValueError(f"category {cat} is missing (use null)")
            _check_count_table(v[cat], f"points_by_count.{cat}")
        return v


class Research(CountTable):
    minimums: ResearchMinimums


class PositionTable(_Value):
    representative: Points
    officer: Points


class Position(_Value):
    a: PositionTable | None
    b: PositionTable | None
    c: PositionTable | None


class JSkipCategory(_Value):
    min_salary: Yen
    degree_levels: list[Level]
    min_years: Years
    experience: ExperienceKind


class JSkip(_Value):
    a: JSkipCategory
    b: JSkipCategory
    c: JSkipCategory


VALUE_MODELS: dict[str, type[_Value]] = {
    "thresholds": Thresholds,
    "salary_floor": SalaryFloor,
    "permanent_residence": PermanentResidence,
    "hsp2": Hsp2,
    "education": Education,
    "bonus": Bonus,
    "career": Career,
    "salary": Salary,
    "age": AgeValue,
    "research": Research,
    "count_table": CountTable,
    "position": Position,
    "j_skip": JSkip,
}
