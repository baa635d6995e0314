"""The timeline's public functions: permanent residence, HSP(ii), forecast and advice.

Each takes an applicant (dict, path or :class:`~kodo.applicant.Applicant`), an optional
date (default: the input's ``date``, else today) and options, and returns a typed result
with ``to_dict()``/``to_json()``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from kodo.applicant import Applicant
from kodo.evaluation import ApplicantLike, _options, _to_applicant
from kodo.options import Options
from kodo.rules.book import RuleBook, load_rules
from kodo.timeline.facts import Timeline
from kodo.timeline.points import DayScores

OptionsLike = Options | Mapping[str, Any] | None


@dataclass(slots=True)
class Context:
    """One person's timeline, scores cache, rules and options."""

    app: Applicant
    tl: Timeline
    scores: DayScores
    book: RuleBook
    opts: Options
    on: dt.date
    today: dt.date


def context(
    applicant: ApplicantLike,
    on: dt.date | None = None,
    options: OptionsLike = None,
    rules: RuleBook | None = None,
    today: dt.date | None = None,
) -> Context:
    app = _to_applicant(applicant)
    book = rules or load_rules()
    opts = _options(options)
    today = today or dt.date.today()
    day = on or app.date or today
    tl = Timeline(app, app.date or day, book)
    scores = DayScores(tl.facts_on, app.birth_date, book, opts)
    return Context(app, tl, scores, book, opts, day, today)


def to_dict(result: Any) -> dict[str, Any]:
    out: dict[str, Any] = asdict(result)
    return out


def to_json(result: Any, indent: int | None = 2) -> str:
    return json.dumps(to_dict(result), ensure_ascii=False, indent=indent)


def permanent_residence(
    applicant: ApplicantLike,
    *,
    on: dt.date | None = None,
    options: OptionsLike = None,
    rules: RuleBook | None = None,
    today: dt.date | None = None,
) -> Any:
    """Every HSP route to permanent residence on ``on``, and the earliest date of each."""
    from kodo.timeline.pr import permanent_residence as run

    ctx = context(applicant, on, options, rules, today)
    return run(ctx.tl, ctx.scores, ctx.book, ctx.opts, ctx.on)


def hsp2(
    applicant: ApplicantLike,
    *,
    on: dt.date | None = None,
    options: OptionsLike = None,
    rules: RuleBook | None = None,
    today: dt.date | None = None,
) -> Any:
    """Whether a change to HSP(ii) is possible on ``on``, and the earliest date."""
    from kodo.timeline.hsp2 import hsp2 as run

    ctx = context(applicant, on, options, rules, today)
    return run(ctx, ctx.on)


def forecast(
    applicant: ApplicantLike,
    *,
    on: dt.date | None = None,
    years: int = 5,
    options: OptionsLike = None,
    rules: RuleBook | None = None,
    today: dt.date | None = None,
) -> Any:
    """Every date in the next ``years`` years on which a category total changes."""
    from kodo.errors import InputError
    from kodo.timeline.forecast import forecast as run

    if not 1 <= years <= 30:
        raise InputError([("years", f"must be between 1 and 30, got {years}")])
    ctx = context(applicant, on, options, rules, today)
    return run(ctx, years)


def advice(
    applicant: ApplicantLike,
    *,
    on: dt.date | None = None,
    options: OptionsLike = None,
    rules: RuleBook | None = None,
    today: dt.date | None = None,
    pr_effect: bool = True,
) -> Any:
    """What this person could add, worth how many points, and the cheapest ways to 70 and 80."""
    from kodo.timeline.advice import advise
    from kodo.timeline.points import category_index
    from kodo.timeline.pr_effect import with_pr_effect

    ctx = context(applicant, on, options, rules, today)
    result = advise(
        ctx.tl.facts_on(ctx.on), ctx.book, ctx.opts, ctx.on, category_index(ctx.app.category)
    )
    if pr_effect:
        with_pr_effect(ctx, result)
    return result
