"""Named interpretations of the open legal questions (rules.md [UNCERTAIN] / [CONFLICT]).

Each option has a documented default, the one rules.md recommends or, where it recommends
none, the reading of the official form. A result whose outcome would differ under another
reading carries a warning naming the option (see ``kodo.engine``).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError


class Options(BaseModel):
    """Interpretations used for one evaluation. Defaults are documented in the README."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    mba_reading: Literal["tier", "addon"] = Field(
        "tier",
        description=(
            "rules.md §1.1 [CONFLICT]. tier: MBA/MOT is a 25-point tier of its own, so a "
            "doctorate + MBA holder in 1号ロ gets 30 (the form). addon: the leaflet's "
            "「別途5点の加点」 reading, giving 35."
        ),
    )
    local_gov_stacking: Literal["stack", "exclusive"] = Field(
        "stack",
        description=(
            "rules.md §1.8 [UNCERTAIN]. stack: the local-government bonus (Ⅲ) adds to the "
            "innovation bonuses (Ⅰ/Ⅱ), as the form's separate checkboxes suggest. exclusive: "
            "not added when the innovation bonus is awarded."
        ),
    )
    rnd_threshold: Literal["over", "at_least"] = Field(
        "over",
        description=(
            "rules.md §1.8 [CONFLICT]. over: R&D must exceed 3 % of sales (form, leaflet). "
            "at_least: 3 % or more (Q&A title)."
        ),
    )
    university_criteria: Literal["once", "each"] = Field(
        "once",
        description=(
            "rules.md §1.8 [UNCERTAIN]. once: the designated-university bonus is 10 however "
            "many of its criteria Ⅰ/Ⅱ/Ⅲ apply (the form scores them as alternatives). each: "
            "10 per criterion met."
        ),
    )
    paper_authorship: Literal["corresponding_or_first", "corresponding_only"] = Field(
        "corresponding_or_first",
        description=(
            "rules.md §1.5 [CONFLICT]. corresponding_or_first: papers count as corresponding "
            "or first author (2023 form). corresponding_only: corresponding author only "
            "(leaflet, older form)."
        ),
    )
    coe_reference: Literal["entry", "application"] = Field(
        "entry",
        description=(
            "rules.md §2.2 [CONFLICT]. For a Certificate of Eligibility, age is taken on the "
            "planned entry date when one is given (practitioner reading), or on the "
            "application date (form)."
        ),
    )
    performance_bonus: Literal["include", "exclude"] = Field(
        "include",
        description=(
            "rules.md §1.3 [CONFLICT]. include: performance-linked bonuses count as salary "
            "(the ISA Q&A: bonuses are included). exclude: only guaranteed pay counts "
            "(some practitioners)."
        ),
    )
    past_rules: Literal["then", "now"] = Field(
        "then",
        description=(
            "Which rules judge facts on a past date (kodo evaluate --date, the PR look-back). "
            "then: the rules in force on that date, as an application filed then was judged, "
            "and as the PR guideline's 「3年前の時点を基準として…ポイント計算」 reads. now: the "
            "rules in force on the application date (for evaluate --date: today)."
        ),
    )
    pr_points_maintained: Literal["endpoints", "throughout"] = Field(
        "endpoints",
        description=(
            "rules.md §3 [UNCERTAIN] (2024 PR-guideline revisions). endpoints: the points are "
            "needed on the application date and on the look-back date (the 2017 wording). "
            "throughout: they must also hold on every day in between (one practitioner's "
            "reading of the 2024 text)."
        ),
    )
    jskip_lookback_rules: Literal["application", "then"] = Field(
        "application",
        description=(
            "rules.md §3 (2023-04-21 PR guideline), the J-Skip route's deemed variant: met "
            "the J-Skip criteria one year before the application. application: the J-Skip "
            "criteria in force on the application date judge the facts of one year before "
            "(the criteria did not exist before 2023-04-21, so reading them 'then' would shut "
            "the route until 2024-04-21). then: follow option past_rules for the look-back "
            "date. A PR result warns when this option decides a route."
        ),
    )
    grant_window_days: int = Field(
        90,
        ge=0,
        le=730,
        description=(
            "rules.md §2.2: the criteria must hold when permission is granted. kodo warns when "
            "an age band changes within this many days after the reference date."
        ),
    )

    @field_validator("grant_window_days", mode="before")
    @classmethod
    def _days_not_yes_no(cls, value: Any) -> Any:
        if isinstance(value, bool):  # true is not one day (as in the applicant format)
            # the catalogue's input.whole_number (kodo.input.problems reads the code)
            raise PydanticCustomError("whole_number", "whole_number", {"got": str(value).lower()})
        return value


# Option name -> its values, for validating references from the rule data.
OPTION_VALUES: dict[str, tuple[str, ...]] = {
    name: tuple(field.annotation.__args__)  # type: ignore[union-attr]
    for name, field in Options.model_fields.items()
    if getattr(field.annotation, "__origin__", None) is Literal
}

DEFAULT_OPTIONS = Options()


@lru_cache(maxsize=256)
def options_dict(options: Options) -> dict[str, Any]:
    """The options as plain data (cached; copy before changing it)."""
    return options.model_dump()
