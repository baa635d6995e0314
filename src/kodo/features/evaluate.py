"""``evaluate()`` / ``evaluate_many()``: validate, take the facts on the date, score, explain.

A single person is a batch of one: both functions go through the same vectorised path. The
permanent-residence block (for inputs with statuses or ``residence_since``) is added after
scoring, by the permanent-residence feature, never inside the scoring pass.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np

from kodo.engine.run import Batch
from kodo.errors import input_error
from kodo.explanation.evaluation import Evaluation, Evaluations
from kodo.explanation.lists import ListNotes, list_notes
from kodo.explanation.row import Scope
from kodo.features.common import (
    ApplicantLike,
    DayLike,
    OptionsLike,
    check_category,
    check_lang,
    facts_of,
    to_applicant,
    to_day,
    to_options,
)
from kodo.history.timeline import Timeline
from kodo.input.applicant import Applicant
from kodo.input.consistency import check_on
from kodo.items import DEFAULT, Registry
from kodo.rules.book import RuleBook, load_book
from kodo.vocab import DATED_FACTS

CHUNK = 1024  # people validated and turned into columns at a time


def evaluate_many(
    applicants: Sequence[ApplicantLike],
    *,
    date: DayLike = None,
    category: str | None = None,
    options: OptionsLike = None,
    lang: str = "en",
    rules: RuleBook | None = None,
    today: DayLike = None,
    registry: Registry | None = None,
) -> Evaluations:
    """Evaluate many people in one vectorised pass per rule snapshot.

    ``date`` overrides every person's reference date; ``category`` restricts the result
    to one category (as the input's ``category`` does). Raises :class:`InputError` for bad
    input, naming the field. Results render their sentences only when asked.
    """
    check_lang(lang)
    check_category(category)
    if isinstance(applicants, (str, bytes, Mapping)) or not isinstance(applicants, Sequence):
        raise input_error("applicants", "list")
    date, today = to_day(date, "date"), to_day(today, "today")
    opts = to_options(options)
    book = rules or load_book()
    registry = registry or DEFAULT
    today = today or dt.date.today()
    batch = Batch(book, registry, opts)
    ids: list[str | None] = []
    dates: list[dt.date | None] = []
    categories: list[str | None] = []
    with_pr: list[tuple[int, Applicant]] = []
    assumed: list[tuple[int, dt.date, tuple[str, ...]]] = []
    listed: list[tuple[int, ListNotes]] = []  # what the official lists say about names given
    now_rules = opts.past_rules == "now"
    for start in range(0, len(applicants), CHUNK):
        facts = []
        days = []
        for item in applicants[start : start + CHUNK]:
            app = item if type(item) is Applicant else to_applicant(item)
            moved = None  # the facts on another date than the file's own: projected
            if date is not None and date != (app.date or today):
                file_day = app.date or today
                if app.date is None:
                    check_on(app, file_day)
                if app.birth_date is not None and app.birth_date > date:  # not yet born then
                    raise input_error(
                        "birth_date", "birth_after_date", birth=app.birth_date, day=date
                    )
                tl = Timeline(app, file_day, book)
                if facts_assumed := assumed_facts(app, tl):
                    assumed.append((len(ids), file_day, facts_assumed))
                # As the timeline questions do: age and experience move with the date,
                # the rest stays as given (one projection: history.Timeline).
                moved = replace(tl.facts_on(date), application=app.application)
                app = app.model_copy(update={"date": date})  # checked on its own date above
            day = app.date or today
            if app.date is None and moved is None:  # the model checks its own date
                check_on(app, day)
            if now_rules and day < today:
                day = today
            book.check_covered(day)
            if app.statuses is not None or app.residence_since is not None:
                with_pr.append((len(ids), app))
            if (notes := list_notes(app)) is not None:
                listed.append((len(ids), notes))
            ids.append(app.id)
            dates.append(app.date)
            categories.append(category or app.category)
            facts.append(moved or facts_of(app, book, today))
            days.append(day)
        batch.add(facts, days)
    groups = batch.score()
    group_of = np.zeros(len(ids), dtype=np.intp)
    row_of = np.zeros(len(ids), dtype=np.intp)
    scopes = []
    for g, group in enumerate(groups):
        scopes.append(Scope(group, book, opts, today))
        group_of[group.index] = g
        row_of[group.index] = np.arange(len(group.index))
    out = Evaluations(scopes, group_of, row_of, (ids, dates, categories), lang)
    for i, file_day, facts_assumed in assumed:
        out.set_assumed(i, file_day, facts_assumed)
    for i, notes in listed:
        out.set_lists(i, notes)
    if with_pr:  # imported here: most inputs have no residence history
        from kodo.features.pr import permanent_residence_block

        permanent_residence_block(out, with_pr, book, opts, today, lang, registry)
    return out


def assumed_facts(app: Applicant, tl: Timeline) -> tuple[str, ...]:
    """The facts that ``app`` states as of its timeline's anchor date without dating them: a
    snapshot's given facts, or the parts of a history that have no dated entries."""
    if app.has_history:
        return tl.assumed
    given = app.model_fields_set
    return tuple(f for f in DATED_FACTS if f in given)


def evaluate(
    applicant: ApplicantLike,
    *,
    date: DayLike = None,
    category: str | None = None,
    options: OptionsLike = None,
    lang: str = "en",
    rules: RuleBook | None = None,
    today: DayLike = None,
    registry: Registry | None = None,
) -> Evaluation:
    """Evaluate one person (a dict, a YAML/JSON path or an :class:`Applicant`)."""
    return evaluate_many(
        [applicant],
        date=date,
        category=category,
        options=options,
        lang=lang,
        rules=rules,
        today=today,
        registry=registry,
    )[0]
