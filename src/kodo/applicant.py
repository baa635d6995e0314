"""The applicant input model (applicant-format.md §1, nested form, version 1).

Validation is strict about what could silently cost someone points: unknown fields are
errors (with a "did you mean" hint), money is whole yen, counts are whole numbers, dates are
ISO dates, and the four core facts (``date``, ``birth_date``, ``annual_salary``, ``degrees``)
are never defaulted: absent, they are reported as missing by the evaluation.
"""

from __future__ import annotations

import difflib
import itertools
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from kodo.dated import (
    CareerPeriod,
    EmployerPeriod,
    IsoDate,
    JapaneseTest,
    SalaryPeriod,
    StatusPeriod,
)
from kodo.errors import InputError
from kodo.vocab import Category, Level

UniversityCriterion = Literal["ranking", "sgu", "innovative_asia"]


Yen = Annotated[int, Field(ge=0, le=100_000_000_000, strict=True)]
Count = Annotated[int, Field(ge=0, le=100_000, strict=True)]
Years = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
Flag = Annotated[bool, Field(strict=True)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Degree(_Model):
    """One degree held. The highest counts for education; see rules.md §1.1."""

    level: Level
    field: str | None = Field(
        None, description="Field of study; compared for the multiple-fields bonus."
    )
    business: Flag = Field(
        False, description="Professional degree in business management (MBA/MOT)."
    )
    japan: Flag = Field(False, description="Awarded by a Japanese university or graduate school.")
    designated: Flag = Field(False, description="The university is on the MOJ designated list.")
    university_criteria: list[UniversityCriterion] = Field(
        default_factory=list,
        description=(
            "Which criteria of the designated list the university meets "
            "(Ⅰ ranking, Ⅱ SGU, Ⅲ Innovative Asia)."
        ),
    )
    japanese_major: Flag = Field(False, description="Majored in Japanese at a foreign university.")
    awarded: IsoDate | None = Field(
        None, description="Date awarded (dated history); absent = held on every date."
    )

    @model_validator(mode="after")
    def _consistent(self) -> Degree:
        if self.business and self.level not in ("master", "professional"):
            raise ValueError(
                "business: a professional degree in business management (MBA/MOT) is a "
                f"master's-level degree; level is {self.level!r} (use master or professional)"
            )
        if self.university_criteria and not self.designated:
            raise ValueError("university_criteria: given, but designated is false")
        return self


class Experience(_Model):
    research: Years = 0.0
    professional: Years = 0.0
    management: Years = 0.0


class ResearchRecord(_Model):
    patents: Count = 0
    funded_projects: Count = 0
    papers: Count = Field(
        0, description="Papers in recognised databases as corresponding or first author."
    )
    papers_corresponding_author: Count | None = Field(
        None,
        description="Of those, papers as corresponding author (for the paper_authorship option).",
    )
    other: Flag = False

    @model_validator(mode="after")
    def _papers(self) -> ResearchRecord:
        if (
            self.papers_corresponding_author is not None
            and self.papers_corresponding_author > self.papers
        ):
            raise ValueError("papers_corresponding_author: is more than papers")
        return self


class Employer(_Model):
    innovation_support: Flag = False
    sme: Flag = False
    rnd_over_3pct: Flag = False
    rnd_ratio_pct: Annotated[float, Field(ge=0, le=1000, allow_inf_nan=False)] | None = Field(
        None, description="R&D spending as a percentage of sales, when known."
    )
    local_gov_support: Flag = False


class Japanese(_Model):
    jlpt: Literal["N1", "N2", "N3", "N4", "N5"] | None = None
    bjt: Annotated[int, Field(ge=0, le=800, strict=True)] | None = None


class Training(_Model):
    jica: Flag = False
    at_japanese_university: Flag = False


class Application(_Model):
    kind: Literal["coe", "change", "renewal"] = Field(
        "change",
        description="coe = Certificate of Eligibility; change of status; renewal (extension).",
    )
    planned_entry: IsoDate | None = Field(None, description="Planned entry date (COE only).")

    @model_validator(mode="after")
    def _entry(self) -> Application:
        if self.planned_entry is not None and self.kind != "coe":
            raise ValueError("planned_entry: only applies to kind coe")
        return self


class Applicant(_Model):
    """One person, as in applicant-format.md §1."""

    id: str | None = Field(None, max_length=200)
    name: str | None = Field(None, max_length=200, description="Free text; never used or logged.")
    notes: str | None = Field(
        None, max_length=10_000, description="Free text; never used or logged."
    )
    date: IsoDate | None = None
    birth_date: IsoDate | None = None
    category: Category | None = None
    degrees: list[Degree] | None = None
    multiple_fields: Flag | None = Field(
        None, description="Override the multiple-fields bonus derived from degrees[].field."
    )
    experience: Experience = Experience()
    annual_salary: Yen | None = None
    salary_performance_linked: Yen = Field(
        0, description="The part of annual_salary that is a performance-linked bonus."
    )
    research: ResearchRecord = ResearchRecord()
    licenses: Count = 0
    position: Literal["none", "officer", "representative"] = "none"
    employer: Employer = Employer()
    foreign_qualification: Flag = False
    japanese: Japanese = Japanese()
    growth_field_project: Flag = False
    training: Training = Training()
    investment: Yen = 0
    investment_management: Flag = False
    application: Application = Application()
    # Dated history (docs/history.md). Each list replaces the matching snapshot facts.
    career: list[CareerPeriod] | None = Field(
        None, description="Periods of relevant experience; replaces `experience`."
    )
    salaries: list[SalaryPeriod] | None = Field(
        None, description="Expected annual salary from each date on; replaces `annual_salary`."
    )
    japanese_tests: list[JapaneseTest] | None = Field(
        None, description="JLPT/BJT results with dates; replaces `japanese`."
    )
    employers: list[EmployerPeriod] | None = Field(
        None,
        description=(
            "Jobs with periods; replaces `employer`, `position`, `investment_management` and "
            "`growth_field_project`."
        ),
    )
    licenses_obtained: list[IsoDate] | None = Field(
        None, description="Dates on which each licence was obtained; replaces `licenses`."
    )
    statuses: list[StatusPeriod] | None = Field(
        None, description="Statuses of residence held in Japan, with periods."
    )
    residence_since: IsoDate | None = Field(
        None, description="The date continuous residence in Japan began."
    )

    @property
    def has_history(self) -> bool:
        """True when any dated fact is given (the facts differ from date to date)."""
        return (
            self.career is not None
            or self.salaries is not None
            or self.japanese_tests is not None
            or self.employers is not None
            or self.licenses_obtained is not None
            or any(d.awarded is not None for d in self.degrees or ())
        )

    @model_validator(mode="after")
    def _history(self) -> Applicant:
        fields = self.model_fields_set
        pairs = [
            ("career", "experience"),
            ("salaries", "annual_salary"),
            ("japanese_tests", "japanese"),
            ("employers", "employer"),
            ("employers", "position"),
            ("employers", "investment_management"),
            ("employers", "growth_field_project"),
            ("licenses_obtained", "licenses"),
        ]
        for dated, snap in pairs:
            if getattr(self, dated) is not None and snap in fields:
                raise ValueError(f"{dated}: give either {dated} (dated) or {snap}, not both")
        if self.salaries is not None and "salary_performance_linked" in fields:
            raise ValueError(
                "salaries: give performance_linked in each period, not salary_performance_linked"
            )
        for name in ("salaries", "statuses"):
            periods = getattr(self, name) or []
            starts = [p.from_ for p in periods]
            if len(set(starts)) != len(starts):
                raise ValueError(f"{name}: two periods start on the same date")
        statuses = sorted(self.statuses or [], key=lambda p: p.from_)
        for prev, nxt in itertools.pairwise(statuses):
            if prev.to is None or prev.to >= nxt.from_:
                raise ValueError(
                    f"statuses: the period from {prev.from_.isoformat()} overlaps the one from "
                    f"{nxt.from_.isoformat()} (give `to` as the last day of each status)"
                )
        if self.birth_date is not None:
            dated_days = [
                *(c.start for c in self.career or ()),
                *(s.from_ for s in self.statuses or ()),
                *(d.awarded for d in self.degrees or () if d.awarded is not None),
            ]
            if dated_days and min(dated_days) < self.birth_date:
                raise ValueError(
                    f"birth_date: is after a dated fact ({min(dated_days).isoformat()})"
                )
        return self

    @model_validator(mode="after")
    def _dates(self) -> Applicant:
        if self.date is not None and self.birth_date is not None and self.birth_date > self.date:
            raise ValueError(
                f"birth_date: {self.birth_date.isoformat()} is after the reference date "
                f"{self.date.isoformat()}"
            )
        if self.annual_salary is not None and self.salary_performance_linked > self.annual_salary:
            raise ValueError("salary_performance_linked: is more than annual_salary")
        entry = self.application.planned_entry
        if entry is not None and self.date is not None and entry < self.date:
            raise ValueError(
                f"application.planned_entry: {entry.isoformat()} is before the application "
                f"date {self.date.isoformat()}"
            )
        if entry is not None and self.birth_date is not None and self.birth_date > entry:
            raise ValueError("birth_date: is after application.planned_entry")
        return self


# --------------------------------------------------------------------------------------------
# Reading and error messages

_FIELDS_BY_MODEL: dict[str, type[BaseModel]] = {
    "": Applicant,
    "degrees": Degree,
    "experience": Experience,
    "research": ResearchRecord,
    "employer": Employer,
    "japanese": Japanese,
    "training": Training,
    "application": Application,
    "career": CareerPeriod,
    "salaries": SalaryPeriod,
    "japanese_tests": JapaneseTest,
    "employers": EmployerPeriod,
    "statuses": StatusPeriod,
}


def _suggest(loc: tuple[Any, ...]) -> str:
    parents = [str(p) for p in loc[:-1] if not isinstance(p, int)]
    model = _FIELDS_BY_MODEL.get(parents[-1] if parents else "")
    if model is None:
        return ""
    # Match whole names and their parts, so that "salery" finds "annual_salary".
    names: dict[str, str] = {}
    for name in model.model_fields:
        for key in (name, *name.split("_")):
            if len(key) > 2:
                names.setdefault(key, name)
    close = difflib.get_close_matches(str(loc[-1]).lower(), list(names), n=1, cutoff=0.6)
    if close:
        return f" (did you mean {names[close[0]]!r}?)"
    if model is Applicant:  # a nested field written at the top level, e.g. "jlpt"
        for section, sub in _FIELDS_BY_MODEL.items():
            if section and str(loc[-1]) in sub.model_fields:
                return f" (did you mean {section}.{loc[-1]}?)"
    return ""


def _loc_text(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def _message(err: Mapping[str, Any]) -> tuple[str, str]:
    loc = tuple(err["loc"])
    kind = err["type"]
    field = _loc_text(loc)
    got = err.get("input")
    if kind == "extra_forbidden":
        return field, "unknown field" + _suggest(loc)
    if kind == "missing":
        return field, "is required"
    msg = str(err["msg"])
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
        # Our validators put the field name first: "birth_date: ..."
        head, sep, rest = msg.partition(": ")
        if sep and " " not in head:
            return (f"{field}.{head}" if field != "(top level)" else head), rest
        return field, msg
    if kind in ("int_type", "int_parsing") and isinstance(got, (float, str)):
        return field, f"must be a whole number, got {got!r}"
    if kind == "int_from_float":
        return field, f"must be a whole number (whole yen), got {got!r}"
    if kind == "literal_error":
        return field, f"{msg.replace('Input should be', 'must be')}, got {got!r}"
    msg = msg.replace("Input should be", "must be")
    if got is not None and not isinstance(got, (dict, list)):
        msg += f", got {got!r}"
    return field, msg


def parse_applicant(data: Any, source: str | None = None) -> Applicant:
    """Validate a mapping (parsed YAML/JSON) as an :class:`Applicant` or raise InputError."""
    if isinstance(data, Applicant):
        return data
    if not isinstance(data, Mapping):
        raise InputError(
            [("(top level)", f"must be a mapping of fields, got {type(data).__name__}")], source
        )
    try:
        return Applicant.model_validate(data)
    except ValidationError as exc:
        raise InputError([_message(e) for e in exc.errors()], source) from None


def read_document(text: str, source: str | None = None) -> Any:
    """Parse YAML (a superset of JSON) text, with a clear error on bad syntax."""
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(
                [("(file)", f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")],
                source,
            ) from None
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError([("(file)", f"invalid YAML{where}: {problem}")], source) from None


def load_applicant(path: str | Path) -> Applicant:
    """Read and validate one applicant from a YAML or JSON file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError([("(file)", "no such file")], str(p)) from None
    except IsADirectoryError:
        raise InputError([("(file)", "is a directory, not a file")], str(p)) from None
    except UnicodeDecodeError:
        raise InputError([("(file)", "is not UTF-8 text")], str(p)) from None
    except OSError as exc:
        raise InputError([("(file)", f"cannot be read: {exc.strerror}")], str(p)) from None
    return parse_applicant(read_document(text, str(p)), str(p))
