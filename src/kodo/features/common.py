"""What every feature needs: inputs, options, languages and the facts on the input's date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kodo.errors import InputError, input_error
from kodo.history.timeline import Timeline
from kodo.i18n import languages
from kodo.input.applicant import Applicant
from kodo.input.facts import Facts, snapshot_facts
from kodo.input.problems import kind_of, shown, to_problem
from kodo.input.read import load_applicant, parse_applicant
from kodo.input.types import parse_day
from kodo.items import DEFAULT, Registry, check_book
from kodo.options import DEFAULT_OPTIONS, Options
from kodo.results.common import RulesUsed
from kodo.rules.book import RuleBook, load_book
from kodo.vocab import CATEGORIES

ApplicantLike = Applicant | Mapping[str, Any] | str | Path
OptionsLike = Options | Mapping[str, Any] | None


def to_applicant(item: ApplicantLike) -> Applicant:
    if isinstance(item, Applicant):
        return item
    if isinstance(item, (str, Path)):
        return load_applicant(item)
    return parse_applicant(item)


DayLike = dt.date | str | None


def to_day(value: Any, name: str) -> dt.date | None:
    """A date argument of the Python API (``on``, ``date``, ``today``): a ``datetime.date`` or
    ``YYYY-MM-DD`` text, else an InputError naming the argument."""
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, str):
        return parse_day(value, name)
    raise input_error(name, "iso_date", got=kind_of(value))


def to_options(options: OptionsLike) -> Options:
    if options is None:
        return DEFAULT_OPTIONS
    if isinstance(options, Options):
        return options
    if not isinstance(options, Mapping):
        raise input_error("options", "not_a_mapping", got=kind_of(options))
    try:
        return Options.model_validate(dict(options))
    except ValidationError as exc:
        problems = []
        for e in exc.errors():
            field, message = to_problem(e)
            problems.append((f"options.{field}", message))
        raise InputError(problems) from None


def check_lang(lang: str) -> str:
    if lang not in languages():
        raise input_error("lang", "one_of", expected=languages(), got=shown(lang))
    return lang


def check_category(category: str | None) -> str | None:
    if category is not None and category not in CATEGORIES:
        raise input_error("category", "one_of", expected=CATEGORIES, got=shown(category))
    return category


def facts_of(app: Applicant, book: RuleBook, today: dt.date) -> Facts:
    """The facts on the input's date: a dated history projected onto it, or the snapshot."""
    if not app.has_history:
        return snapshot_facts(app)
    day = app.date or today
    facts = Timeline(app, day, book).facts_on(day)
    # A history without a date is projected onto today, but the date stays missing, as for a
    # snapshot: the result is a range, with the date named as missing.
    return facts if app.date is not None else replace(facts, date=None)


def load_rules(directory: str | Path | None = None, registry: Registry | None = None) -> RuleBook:
    """The rule book (shipped, or from ``directory``), checked against the item registry."""
    return check_book(load_book(directory), registry or DEFAULT)


def rules_used(book: RuleBook, day: dt.date) -> RulesUsed:
    return RulesUsed(book.id, book.name, book.at(day).effective_from.isoformat())
