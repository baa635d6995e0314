"""``point_sheets()``: the data of the point sheet (``kodo sheet``), no layout.

One :class:`Sheet` per category asked for, after the ISA 参考書式「高度専門職ポイント計算表」 (the
wording of every row from ``rules/data/form.yaml``): each row with its points from the rule book
in force on the sheet's date, the person's rows marked, the evidence numbers of the rows
claimed, the total against the pass mark, the date, the rule book's id and effective date.

With ``pr=True``: two sheets for one permanent-residence route (``kodo.features.pr`` decides
the route's dates and the category judging each; nothing is recomputed here): the application
date and the route's look-back date, each marked with the form's 永住許可 box. The route is the
one asked for, else the open points route with the shortest look-back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kodo.errors import input_error
from kodo.explanation.evaluation import Evaluations
from kodo.explanation.row import Row
from kodo.features.common import (
    ApplicantLike,
    DayLike,
    OptionsLike,
    check_category,
    check_lang,
    load_rules,
    to_applicant,
    to_day,
    to_options,
)
from kodo.features.evaluate import evaluate_many
from kodo.features.sheet_form import Form, load_form
from kodo.features.sheet_rows import RowBuilder, SheetRow, SheetSection
from kodo.i18n import Message, render
from kodo.input.applicant import Applicant
from kodo.input.problems import shown
from kodo.options import Options
from kodo.rules.book import RuleBook
from kodo.vocab import CATEGORIES, PR_POINTS_ROUTES

__all__ = ["Sheet", "SheetRow", "SheetSection", "SheetSet", "point_sheets"]


@dataclass(frozen=True)
class Sheet:
    """One category sheet."""

    category: str  # a | b | c
    title: str  # the form's title of this sheet
    category_name: str  # 高度専門職第１号イ …
    category_label: str  # the category's name in the sheet's language
    lang: str
    date: dt.date  # the date the points are for
    rules_date: dt.date  # the date whose rules scored them
    pr_years: int | None  # the form's 永住許可 box: 0 the application, N years before; None
    sections: tuple[SheetSection, ...]
    total: int  # the points of the facts given (with facts missing: not a total, see range)
    pass_mark: int
    eligible: bool
    verdict: str  # eligible | short | floor | missing
    verdict_text: str
    evidence: tuple[str, ...]  # the evidence numbers of the rows claimed, in the form's order
    missing: tuple[str, ...]  # core facts not given (their rows are left blank), in ``lang``
    range: tuple[int, int] | None  # with facts missing: the totals still possible, else None
    warnings: int  # how many warnings the evaluation has (kodo evaluate shows them)
    book_id: str
    book_name: str
    effective_from: dt.date  # of the latest rule version in force on ``rules_date``
    edition_from: dt.date  # the form edition this layout follows
    unplaced: tuple[str, ...]  # items that scored but no row shows (empty unless data is wrong)

    @property
    def total_text(self) -> str:
        """What the total cell shows: the total, or with facts missing the range still
        possible ("75～90"), or "—" when that is not known."""
        if not self.missing:
            return str(self.total)
        if self.range is None:
            return "—"
        low, high = self.range
        return str(low) if low == high else f"{low}～{high}"

    @property
    def marked(self) -> list[SheetRow]:
        return [r for s in self.sections for r in s.rows if r.marked]


@dataclass(frozen=True)
class SheetSet:
    sheets: tuple[Sheet, ...]
    lang: str
    route: str | None = None  # the PR route of a --pr pair
    route_label: str | None = None
    application: dt.date | None = None
    lookback: dt.date | None = None


def point_sheets(
    applicant: ApplicantLike,
    *,
    category: str | None = None,
    date: DayLike = None,
    pr: bool = False,
    route: str | None = None,
    options: OptionsLike = None,
    lang: str = "ja",
    rules: RuleBook | None = None,
    today: DayLike = None,
) -> SheetSet:
    """The point sheets of one person: the category asked for (else the input's, else all
    three) on ``date`` (else the input's date), or with ``pr`` the pair of a PR route."""
    check_lang(lang)
    check_category(category)
    if route is not None and route not in PR_POINTS_ROUTES:
        raise input_error("route", "one_of", expected=PR_POINTS_ROUTES, got=shown(route))
    day, now = to_day(date, "date"), to_day(today, "today")
    opts = to_options(options)
    app = to_applicant(applicant)
    book = rules or load_rules()
    form = load_form()
    if pr:
        return _pr_pair(app, form, book, opts, day, now, route, category, lang)
    cats = [category] if category else [app.category] if app.category else list(CATEGORIES)
    evs = _evaluated(app, book, opts, day, lang, now)  # once for every category's sheet
    sheets = tuple(_sheet(app, form, book, evs, day, c, lang, now, None) for c in cats)
    return SheetSet(sheets, lang)


def _evaluated(
    app: Applicant, book: RuleBook, opts: Options, day: dt.date | None, lang: str,
    today: dt.date | None,
) -> Evaluations:  # fmt: skip
    return evaluate_many([app], date=day, options=opts, lang=lang, rules=book, today=today)


def _sheet(
    app: Applicant,
    form: Form,
    book: RuleBook,
    evs: Evaluations,
    day: dt.date | None,
    cat: str,
    lang: str,
    today: dt.date | None,
    pr_years: int | None,
) -> Sheet:
    ev = evs[0].in_category(cat)
    row = Row(evs.scopes[0], 0)
    ci = CATEGORIES.index(cat)
    used = ev.reference_date or ev.date
    on = dt.date.fromisoformat(used) if used else (day or today or dt.date.today())
    snap = book.at(row.rules_day)
    builder = RowBuilder(form, snap, row, ci, app, on, lang)
    spec = form.sheets[cat]
    sections = builder.sections(spec.sections)
    result = ev.categories[cat]
    scored = {i.id for i in result.items if i.points > 0}
    return Sheet(
        category=cat,
        title=spec.title,
        category_name=spec.category_name,
        category_label=render(Message.of(f"category.{cat}.name"), lang),
        lang=lang,
        date=on,
        rules_date=row.rules_day,
        pr_years=pr_years,
        sections=sections,
        total=result.total,
        pass_mark=result.threshold,
        eligible=result.eligible,
        verdict=result.verdict,
        verdict_text=result.verdict_text,
        evidence=_evidence(form, sections),
        missing=tuple(render(Message.of(f"fact.{f}"), lang) for f in result.missing),
        range=(result.range[0], result.range[1]) if result.missing else None,
        warnings=len(ev.warnings),
        book_id=ev.rules.version,
        book_name=ev.rules.book,
        effective_from=dt.date.fromisoformat(ev.rules.effective_from),
        edition_from=form.edition_from,
        unplaced=tuple(sorted(scored - builder.marked_items)),
    )


def _evidence(form: Form, sections: tuple[SheetSection, ...]) -> tuple[str, ...]:
    """The evidence numbers of the marked rows: a row's own, else the nearest number printed
    above it in its section (a heading's, or the first row's)."""
    found: set[str] = set()
    for sec in sections:
        above: str | None = None
        for r in sec.rows:
            if r.evidence:
                above = r.evidence
            if r.marked and above:
                found.update(above)
    return tuple(n for n in form.evidence if n in found)


def _pr_pair(
    app: Applicant,
    form: Form,
    book: RuleBook,
    opts: Options,
    day: dt.date | None,
    today: dt.date | None,
    route: str | None,
    category: str | None,
    lang: str,
) -> SheetSet:
    from kodo.features.questions import permanent_residence

    result = permanent_residence(app, on=day, options=opts, rules=book, today=today, lang=lang)
    routes = [r for r in result.routes if r.in_force and r.route in PR_POINTS_ROUTES]
    on = dt.date.fromisoformat(result.on)
    if route is not None:
        chosen = next((r for r in routes if r.route == route), None)
        if chosen is None:
            raise input_error("route", "sheet_route_not_in_force", route=route, on=on)
    else:
        open_routes = sorted((r for r in routes if r.open), key=lambda r: r.years or 0)
        if not open_routes:
            raise input_error("pr", "sheet_no_open_route", on=on, routes=tuple(PR_POINTS_ROUTES))
        chosen = open_routes[0]
    assert chosen.lookback_date is not None and chosen.years is not None
    look = dt.date.fromisoformat(chosen.lookback_date)
    fallback = category or app.category
    pair = []
    for when, cat, years in ((on, chosen.category_now, 0), (look, chosen.category_then,
                                                            chosen.years)):  # fmt: skip
        use = cat or fallback
        if use is None:  # no category could be judged on that date: say which facts
            raise input_error("pr", "sheet_no_category", day=when)
        evs = _evaluated(app, book, opts, when, lang, on)
        pair.append(_sheet(app, form, book, evs, when, use, lang, on, years))
    return SheetSet(tuple(pair), lang, chosen.route, chosen.label, on, look)
