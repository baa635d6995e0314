"""``Evaluation``: one person's result, rendered on demand in the requested language.

An evaluation keeps a reference to its group's score arrays and its row; totals, eligibility,
the best category and the missing facts are read from the arrays, and the sentences (item
reasons, verdicts, J-Skip, warnings) are rendered from the engine's codes only when the
categories, the J-Skip block, the warnings or the JSON are asked for. ``in_lang`` gives the
same result in another language without scoring again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, overload

import numpy as np
from numpy.typing import NDArray

from kodo.explanation.category import category_result, jskip_result
from kodo.explanation.lists import ListNote, ListNotes
from kodo.explanation.row import Row, Scope
from kodo.explanation.sources import sources_of
from kodo.explanation.warnings import assumed_warning, warnings
from kodo.i18n import render
from kodo.items import Registry
from kodo.jsondata import to_data, to_json
from kodo.results.common import SourceInfo
from kodo.results.evaluation import (
    FORMAT,
    CategoryResult,
    EvaluationData,
    JSkipResult,
    RulesInfo,
    WarningDetail,
)
from kodo.results.timeline import PermanentResidenceResult
from kodo.vocab import CATEGORIES, CORE_FACTS


@dataclass(frozen=True, slots=True)
class Person:
    """What the result says about the input besides the scores."""

    id: str | None
    date: dt.date | None
    category: str | None  # the one category asked for, else all three
    # Evaluated on another date than the one its facts describe: (that date, facts assumed)
    assumed: tuple[dt.date, tuple[str, ...]] | None = None
    lists: ListNotes | None = None  # what the official lists say about the names given


class Evaluation:
    """The evaluation of one person (see :class:`~kodo.results.evaluation.EvaluationData`)."""

    __slots__ = ("_data", "_j", "_person", "_row_", "_scope", "lang", "permanent_residence")

    def __init__(self, scope: Scope, j: int, person: Person, lang: str) -> None:
        self._scope = scope
        self._j = j
        self._row_: Row | None = None
        self._person = person
        self.lang = lang
        self._data: EvaluationData | None = None
        self.permanent_residence: PermanentResidenceResult | None = None

    # ------------------------------------------------------------------ read from the arrays

    format = FORMAT

    @property
    def _row(self) -> Row:
        if self._row_ is None:
            self._row_ = Row(self._scope, self._j)
        return self._row_

    @property
    def id(self) -> str | None:
        return self._person.id

    @property
    def date(self) -> str | None:
        return None if self._person.date is None else self._person.date.isoformat()

    @property
    def reference_date(self) -> str | None:
        day = self._row.col("reference_day")
        return None if day < 0 else dt.date.fromordinal(day).isoformat()

    @property
    def age(self) -> int | None:
        return self._row.age

    @property
    def category_indexes(self) -> list[int]:
        cat = self._person.category
        return [CATEGORIES.index(cat)] if cat else [0, 1, 2]

    @property
    def totals(self) -> dict[str, int]:
        total = self._row.per_category["total"]
        return {CATEGORIES[ci]: total[ci] for ci in self.category_indexes}

    @property
    def eligible(self) -> dict[str, bool]:
        ok = self._row.per_category["eligible"]
        return {CATEGORIES[ci]: ok[ci] for ci in self.category_indexes}

    def item_ids(self, category: str) -> tuple[str, ...]:
        """The items that exist in ``category`` under the rules this result used."""
        exists = self._row.tables.exists[CATEGORIES.index(category)]
        return tuple(i.id for i, ok in zip(self.registry.items, exists, strict=True) if ok)

    @property
    def best_category(self) -> str:
        if self._person.category:
            return self._person.category
        return CATEGORIES[int(self._scope.group.scores.best[self._j])]

    @property
    def missing(self) -> tuple[str, ...]:
        miss = self._row.per_category["missing"]
        cis = self.category_indexes
        return tuple(f for k, f in enumerate(CORE_FACTS) if any(miss[ci][k] for ci in cis))

    @property
    def rules(self) -> RulesInfo:
        row = self._row
        return RulesInfo(
            version=row.book.id,
            effective_from=row.tables.snapshot.effective_from.isoformat(),
            book=row.book.name,
            coverage_from=row.book.coverage_from.isoformat(),
        )

    @property
    def registry(self) -> Registry:
        return self._row.tables.registry

    @property
    def options(self) -> dict[str, Any]:
        return self._row.opts.model_dump()

    # ------------------------------------------------------------------ rendered on demand

    @property
    def data(self) -> EvaluationData:
        """The whole result in ``lang`` (rendered once, then kept)."""
        if self._data is None:
            self._data = self._render()
        pr = self.permanent_residence
        self._data.permanent_residence = pr
        if pr is not None:  # every source the result cites, the PR block's included
            self._data.sources = {**self._data.sources, **pr.sources}
        return self._data

    @property
    def categories(self) -> dict[str, CategoryResult]:
        return self.data.categories

    @property
    def j_skip(self) -> dict[str, JSkipResult]:
        return self.data.j_skip

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.data.warnings

    @property
    def warning_details(self) -> tuple[WarningDetail, ...]:
        return self.data.warning_details

    @property
    def sources(self) -> dict[str, SourceInfo]:
        return self.data.sources

    def in_category(self, category: str) -> Evaluation:
        """The same person's result for ``category`` alone (not scored again)."""
        person = dataclasses.replace(self._person, category=category)
        other = Evaluation(self._scope, self._j, person, self.lang)
        other.permanent_residence = self.permanent_residence
        return other

    def in_lang(self, lang: str) -> Evaluation:
        """The same result in another language (not scored again)."""
        other = Evaluation(self._scope, self._j, self._person, lang)
        other.permanent_residence = self.permanent_residence
        return other

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract (applicant-format.md §3) as plain data."""
        out: dict[str, Any] = to_data(self.data)
        return out

    def to_json(self, indent: int | None = 2) -> str:
        return to_json(self.data, indent)

    def _render(self) -> EvaluationData:
        row, lang = self._row, self.lang
        cis = self.category_indexes
        categories: dict[str, CategoryResult] = {
            CATEGORIES[ci]: category_result(row, ci, lang) for ci in cis
        }
        jskip: dict[str, JSkipResult] = {
            CATEGORIES[ci]: jskip_result(row, ci, lang) for ci in range(3)
        }
        details = warnings(row, cis, lang)
        if self._person.assumed is not None:
            details.append(assumed_warning(row, cis, *self._person.assumed, lang))
        if self._person.lists is not None:
            details = self._with_lists(details, self._person.lists)
        cited = [c for cat in categories.values() for it in cat.items for c in it.citation]
        cited += [c for js in jskip.values() for c in js.citation]
        return EvaluationData(
            format=FORMAT,
            id=self.id,
            date=self.date,
            reference_date=self.reference_date,
            rules=self.rules,
            options=self.options,
            age=self.age,
            categories=categories,
            best_category=self.best_category,
            j_skip=jskip,
            warnings=tuple(d.text for d in details),
            warning_details=tuple(details),
            missing=self.missing,
            lang=lang,
            sources=sources_of(row.book, cited, lang),
        )

    def _with_lists(self, details: list[WarningDetail], notes: ListNotes) -> list[WarningDetail]:
        """The warnings with the list notes, which replace the generic list_check warning of
        each item they cover; a note shows in the categories that have its item."""
        kept = [d for d in details if not _covered(d.code, notes)]
        for note, shown in self._noted(notes):
            kept.append(WarningDetail(note.code, None, render(note.message, self.lang), shown))
        return kept

    def _noted(self, notes: ListNotes) -> list[tuple[ListNote, tuple[str, ...]]]:
        """The list notes with the categories of this result that have their item."""
        cats = [CATEGORIES[ci] for ci in self.category_indexes]
        items = {cat: self.item_ids(cat) for cat in cats}
        out: list[tuple[ListNote, tuple[str, ...]]] = []
        for note in notes.notes:
            shown = tuple(cat for cat in cats if note.item in items[cat])
            if shown:
                out.append((note, shown))
        return out

    def list_codes(self, codes: list[str]) -> list[str]:
        """The warning codes ``codes`` (the engine's, as the batch writes them) with the list
        notes applied as :meth:`_with_lists` applies them, without rendering a sentence."""
        notes = self._person.lists
        if notes is None:
            return codes
        return [c for c in codes if not _covered(c, notes)] + [
            n.code for n, _ in self._noted(notes)
        ]


def _covered(code: str, notes: ListNotes) -> bool:
    """A generic list_check warning that a list note replaces."""
    return code.startswith("list_check.") and code.removeprefix("list_check.") in notes.covered


class Evaluations(Sequence[Evaluation]):
    """The evaluations of many people, in input order; each made when it is asked for.

    Holds the scored groups and, per person, where its row is and what the input said about
    it (id, date, category), so that a batch of any size costs a few numbers per person until
    someone reads a result.
    """

    def __init__(
        self,
        scopes: list[Scope],
        group: NDArray[np.intp],
        row: NDArray[np.intp],
        people: tuple[list[str | None], list[dt.date | None], list[str | None]],
        lang: str,
    ) -> None:
        self._scopes = scopes
        self._group = group
        self._row = row
        self._people = people
        self._lang = lang
        self._pr: dict[int, PermanentResidenceResult] = {}
        self._assumed: dict[int, tuple[dt.date, tuple[str, ...]]] = {}
        self._lists: dict[int, ListNotes] = {}

    def __len__(self) -> int:
        return len(self._group)

    @property
    def scopes(self) -> list[Scope]:
        """The scored groups (each person's position in the input is ``group.index``)."""
        return self._scopes

    @overload
    def __getitem__(self, index: int) -> Evaluation: ...

    @overload
    def __getitem__(self, index: slice) -> list[Evaluation]: ...

    def __getitem__(self, index: int | slice) -> Evaluation | list[Evaluation]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        i = range(len(self))[index]
        ids, dates, categories = self._people
        person = Person(ids[i], dates[i], categories[i], self._assumed.get(i), self._lists.get(i))
        out = Evaluation(self._scopes[self._group[i]], int(self._row[i]), person, self._lang)
        out.permanent_residence = self._pr.get(i)
        return out

    def set_permanent_residence(self, index: int, result: PermanentResidenceResult) -> None:
        self._pr[index] = result

    def set_assumed(self, index: int, file_day: dt.date, facts: tuple[str, ...]) -> None:
        """Person ``index`` was evaluated on another date than ``file_day``, the date its
        facts describe; ``facts`` were assumed to hold then."""
        self._assumed[index] = (file_day, facts)

    def set_lists(self, index: int, notes: ListNotes) -> None:
        """What the official lists say about the names person ``index`` gives."""
        self._lists[index] = notes

    @property
    def with_list_notes(self) -> tuple[int, ...]:
        """The people whose warnings the official lists' notes change (kodo.explanation.lists)."""
        return tuple(sorted(self._lists))
