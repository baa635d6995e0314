"""The parts of one person's facts in the snapshot form (applicant-format.md §1)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from kodo.i18n import Num
from kodo.input.limits import MAX_NAMES, MAX_TEXT
from kodo.input.types import (
    BjtScore,
    Count,
    Flag,
    InputModel,
    IsoDate,
    Name,
    Percent,
    Years,
    problem,
)
from kodo.vocab import ApplicationKind, Jlpt, Level

UniversityCriterion = Literal["ranking", "sgu", "innovative_asia"]
GRADUATE_BUSINESS_LEVELS = ("master", "professional")


class Degree(InputModel):
    """One degree held. The highest counts for education; see rules.md §1.1."""

    level: Level
    field: str | None = Field(
        None,
        max_length=MAX_TEXT,
        description="Field of study; compared for the multiple-fields bonus.",
    )
    business: Flag = Field(
        False, description="Professional degree in business management (MBA/MOT)."
    )
    japan: Flag = Field(False, description="Awarded by a Japanese university or graduate school.")
    designated: Flag = Field(False, description="The university is on the MOJ designated list.")
    university: Name | None = Field(
        None, description="The university's name; matched against the bundled official lists."
    )
    university_criteria: list[UniversityCriterion] = Field(
        default_factory=list,
        max_length=3,
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
        if self.business and self.level not in GRADUATE_BUSINESS_LEVELS:
            raise problem("business_level", "business", level=self.level)
        if self.university_criteria and not self.designated:
            raise problem("criteria_not_designated", "university_criteria")
        if self.japanese_major and self.japan:
            raise problem("major_in_japan", "japanese_major", other="japan")
        return self


class Experience(InputModel):
    research: Years = 0.0
    professional: Years = 0.0
    management: Years = 0.0


class ResearchRecord(InputModel):
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
            raise problem("corresponding_more_than_papers", "papers_corresponding_author")
        return self


RND_OVER_PCT = 3.0  # the percentage in the field name ``rnd_over_3pct``


def check_employer(
    given: set[str], sme: bool, rnd_over_3pct: bool, rnd_ratio_pct: float | None
) -> None:
    """An employer's flags that presuppose one another (rules.md §1.8): the R&D bonus is for
    an SME, and a ratio given contradicts a flag that says otherwise. A flag set to false
    counts only when written (absent = not claimed)."""
    if "sme" in given and not sme:
        if rnd_over_3pct:
            raise problem("requires_flag", "rnd_over_3pct", other="sme")
        if rnd_ratio_pct is not None:
            raise problem("ratio_needs_sme", "rnd_ratio_pct", other="sme")
    if rnd_ratio_pct is None:
        return
    if (rnd_over_3pct and rnd_ratio_pct < RND_OVER_PCT) or (
        "rnd_over_3pct" in given and not rnd_over_3pct and rnd_ratio_pct > RND_OVER_PCT
    ):
        raise problem(
            "ratio_vs_flag",
            "rnd_ratio_pct",
            ratio=Num(rnd_ratio_pct),
            other="rnd_over_3pct",
            flag=str(rnd_over_3pct).lower(),
        )


class Employer(InputModel):
    innovation_support: Flag = False
    sme: Flag = False
    rnd_over_3pct: Flag = False
    rnd_ratio_pct: Percent | None = Field(
        None, description="R&D spending as a percentage of sales, when known."
    )
    local_gov_support: Flag = False
    category: Literal[1, 2, 3, 4] | None = Field(
        None, description="The employer's ISA category (カテゴリー1-4) for the documents."
    )
    measures: list[Name] = Field(
        default_factory=list,
        max_length=MAX_NAMES,
        description="Innovation-support measures the employer holds, by name.",
    )

    @model_validator(mode="after")
    def _flags(self) -> Employer:
        check_employer(self.model_fields_set, self.sme, self.rnd_over_3pct, self.rnd_ratio_pct)
        if self.measures and "innovation_support" in self.model_fields_set:
            if not self.innovation_support:  # named measures are the claim (kodo.lists)
                raise problem("measures_not_claimed", "measures", other="innovation_support")
        return self


class Japanese(InputModel):
    jlpt: Jlpt | None = None
    bjt: BjtScore | None = None


class Training(InputModel):
    jica: Flag = False
    at_japanese_university: Flag = False

    @model_validator(mode="after")
    def _flags(self) -> Training:
        if self.at_japanese_university and "jica" in self.model_fields_set and not self.jica:
            raise problem("requires_flag", "at_japanese_university", other="jica")
        return self


class Application(InputModel):
    kind: ApplicationKind = Field(
        "change",
        description="coe = Certificate of Eligibility; change of status; renewal (extension).",
    )
    planned_entry: IsoDate | None = Field(None, description="Planned entry date (COE only).")

    @model_validator(mode="after")
    def _entry(self) -> Application:
        if self.planned_entry is not None and self.kind != "coe":
            raise problem("entry_not_coe", "planned_entry")
        return self
