"""The timeline questions as library functions: permanent residence, HSP(ii), forecast, advice.

Each takes an applicant (a dict, a path or an :class:`~kodo.input.applicant.Applicant`), an
optional date (default: the input's ``date``, else today), options and a language, and
returns a typed result (``kodo.results.timeline``) with every text in that language.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import TypeVar

from kodo.errors import input_error
from kodo.features import advice as advice_feature
from kodo.features import forecast as forecast_feature
from kodo.features import hsp2 as hsp2_feature
from kodo.features import pr as pr_feature
from kodo.features.category_on import category_on
from kodo.features.common import (
    ApplicantLike,
    DayLike,
    OptionsLike,
    check_lang,
    to_applicant,
    to_day,
    to_options,
)
from kodo.features.days import DayScores
from kodo.features.pr_effect import with_pr_effect
from kodo.history.timeline import Timeline
from kodo.i18n import Message, render, sentences
from kodo.input.consistency import check_on
from kodo.input.problems import shown
from kodo.items import DEFAULT, Registry
from kodo.options import Options
from kodo.results.timeline import Advice, Forecast, Hsp2Result, PermanentResidenceResult
from kodo.rules.book import RuleBook, load_book

MAX_FORECAST_YEARS = 30
R = TypeVar("R", PermanentResidenceResult, Hsp2Result, Forecast, Advice)


@dataclass(slots=True)
class Context:
    """One person's timeline, scores cache, rules and options."""

    tl: Timeline
    scores: DayScores
    book: RuleBook
    registry: Registry
    opts: Options
    on: dt.date
    date_source: str  # on | input | today


def _dated(c: Context, result: R, lang: str) -> R:
    """``result`` with where its date came from; a date taken as today is said in its text."""
    if c.date_source != "today":
        return dataclasses.replace(result, date_source=c.date_source)
    said = render(Message.of("timeline.date_today", day=c.on), lang)
    return dataclasses.replace(
        result, date_source="today", text=sentences((said, result.text), lang)
    )


def context(
    applicant: ApplicantLike,
    on: DayLike,
    options: OptionsLike,
    rules: RuleBook | None,
    today: DayLike,
    registry: Registry | None,
    lang: str,
) -> Context:
    check_lang(lang)
    on, today = to_day(on, "on"), to_day(today, "today")
    app = to_applicant(applicant)
    book = rules or load_book()
    opts = to_options(options)
    registry = registry or DEFAULT
    day = on or app.date or today or dt.date.today()
    source = "on" if on is not None else "input" if app.date is not None else "today"
    book.check_covered(day, "on" if source == "on" else "date")
    check_on(app, day)  # contradictions that need the reference date (kodo.input.consistency)
    tl = Timeline(app, app.date or day, book)
    return Context(tl, DayScores(tl, book, opts, registry), book, registry, opts, day, source)


def permanent_residence(
    applicant: ApplicantLike,
    *,
    on: DayLike = None,
    options: OptionsLike = None,
    rules: RuleBook | None = None,
    today: DayLike = None,
    lang: str = "en",
    registry: Registry | None = None,
) -> PermanentResidenceResult:
    """Every HSP route to permanent residence on ``on``, and the earliest date of each."""
    c = context(applicant, on, options, rules, today, registry, lang)
    return _dated(
        c, pr_feature.permanent_residence(c.tl, c.scores, c.book, c.opts, c.on, lang), lang
    )


def hsp2(
    applicant: ApplicantLike,
    *,
    on: DayLike = None,
    options: OptionsLike = None,
    rules: RuleBook | None = None,
    today: DayLike = None,
    lang: str = "en",
    registry: Registry | None = None,
) -> Hsp2Result:
    """Whether a change to HSP(ii) is possible on ``on``, and the earliest date."""
    c = context(applicant, on, options, rules, today, registry, lang)
    return _dated(c, hsp2_feature.hsp2(c.tl, c.scores, c.book, c.on, lang, c.registry), lang)


def forecast(
    applicant: ApplicantLike,
    *,
    on: DayLike = None,
    years: int = 5,
    options: OptionsLike = None,
    rules: RuleBook | None = None,
    today: DayLike = None,
    lang: str = "en",
    registry: Registry | None = None,
) -> Forecast:
    """Every date in the next ``years`` years on which a category total changes."""
    if isinstance(years, bool) or not isinstance(years, int):
        raise input_error("years", "whole_number", got=shown(years))
    if not 1 <= years <= MAX_FORECAST_YEARS:
        raise input_error("years", "between", low=1, high=MAX_FORECAST_YEARS, got=shown(years))
    c = context(applicant, on, options, rules, today, registry, lang)
    result = forecast_feature.forecast(
        c.tl, c.scores, c.book, c.registry, c.opts, c.on, years, lang
    )
    return _dated(c, result, lang)


def advice(
    applicant: ApplicantLike,
    *,
    on: DayLike = None,
    options: OptionsLike = None,
    rules: RuleBook | None = None,
    today: DayLike = None,
    lang: str = "en",
    registry: Registry | None = None,
    pr_effect: bool = True,
) -> Advice:
    """What this person could add, worth how many points, and the cheapest ways to 70 and 80."""
    c = context(applicant, on, options, rules, today, registry, lang)
    now = c.scores.at(c.on)
    judged = category_on(c.tl, c.on, now)
    # The category judging the date; with none decided by a status or the input, the best
    # one when it is eligible, else all three (the applicant may choose).
    cats: tuple[int, ...] = (0, 1, 2)
    if judged is not None and (judged.basis != "best" or (now and now.eligible[judged.ci])):
        cats = (judged.ci,)
    result = advice_feature.advise(
        c.tl.facts_on(c.on), c.book, c.registry, c.opts, c.on, cats, lang, judged
    )
    if pr_effect and not result.missing:
        result = with_pr_effect(c.tl, c.scores, c.book, c.registry, c.opts, c.on, result, lang)
    return _dated(c, result, lang)
