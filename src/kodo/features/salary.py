"""``salary()``: the salary that counts (rules.md §1.3, §2.1, §4.1, §5, §8 D3/D4/D15).

From the parts of pay of ``compensation`` (or the one ``annual_salary`` given): what counts on
the input's date, what is left out and why (the dated rule data ``remuneration.yaml``), the
parts that need a human judgement with the person evaluated with and without each (kodo's
own :func:`~kodo.features.evaluate.evaluate`: a performance-linked bonus through the option
``performance_bonus``, fixed overtime pay by evaluating the input without it — points are
never derived here) and, when there are two or more, with every one of them left out together,
and the salary floor / J-Skip minimums of the rule book it is near (a salary floor not met is
always shown, however far below it the salary is).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from kodo.errors import input_error
from kodo.explanation.evaluation import Evaluation
from kodo.explanation.sources import sources_of
from kodo.features.common import (
    ApplicantLike,
    DayLike,
    OptionsLike,
    check_lang,
    load_rules,
    rules_used,
    to_applicant,
    to_day,
    to_options,
)
from kodo.features.evaluate import evaluate
from kodo.i18n import Message, Param, Yen, render, sentences
from kodo.input.applicant import Applicant
from kodo.input.compensation import MONTHS, PartCounted, parts_of
from kodo.input.compensation import rules as remuneration_rules
from kodo.input.compensation_rules import Cite, PartRule
from kodo.options import Options
from kodo.results.common import CitationRef, Note, SourceInfo
from kodo.results.salary import (
    FORMAT,
    CategoryOutcome,
    Judgement,
    Reading,
    SalaryData,
    SalaryPart,
    ThresholdCheck,
)
from kodo.rules.book import RuleBook
from kodo.rules.values import JSkip

_Judged = tuple[str, PartRule, tuple[str, ...], int]  # (part, rule, fields, amount)
_Run = Callable[..., Evaluation]  # (options, person=the input) -> its evaluation


def salary(
    applicant: ApplicantLike,
    *,
    date: DayLike = None,
    options: OptionsLike = None,
    lang: str = "en",
    rules: RuleBook | None = None,
    today: DayLike = None,
) -> SalaryData:
    """The salary that counts for one person (a dict, a YAML/JSON path or an
    :class:`Applicant`), judged on ``date`` (else its ``date``, else ``today``, default the
    current day).
    Raises :class:`~kodo.errors.InputError` for bad input, naming the field."""
    check_lang(lang)
    app = to_applicant(applicant)
    opts = to_options(options)
    today = to_day(today, "today") or dt.date.today()
    book = rules or load_rules()
    asked = to_day(date, "date")
    day = asked or app.date or today
    parts: tuple[PartCounted, ...] = ()
    if app.compensation is not None:
        parts = parts_of(app.compensation, day)
        counted = sum(p.amount for p in parts if p.counts)
        given = sum(p.amount for p in parts)
    else:
        counted = given = _given(app, day)[0]
    judged = _judged(app, parts, day)

    runs: dict[str, Evaluation] = {}  # the person as given, by options: evaluated once each

    def run(options: Options, person: Applicant = app) -> Evaluation:
        if person is not app:
            return evaluate(person, date=asked, options=options, lang=lang, rules=book, today=today)
        key = options.model_dump_json()
        if key not in runs:
            runs[key] = evaluate(app, date=asked, options=options, lang=lang, rules=book,
                                 today=today)  # fmt: skip
        return runs[key]

    base = run(opts)
    cats = tuple(base.categories)
    judgements = tuple(_judgement([j], app, opts, counted, run, cats, lang) for j in judged)
    together = _judgement(judged, app, opts, counted, run, cats, lang) if len(judged) > 1 else None
    ref = dt.date.fromisoformat(base.reference_date or day.isoformat())
    thresholds = _thresholds(base, book, ref, counted, judged, cats, lang)
    out_parts = tuple(_part(p, lang) for p in parts)
    notes = _notes(app, parts, day, lang, dated=asked is not None or app.date is not None)
    perf = sum(a for _, r, _, a in judged if r.judgement and r.judgement.kind == "option")
    cites = [c for p in out_parts for c in p.citation]
    cites += [c for j in (*judgements, *([together] if together else [])) for c in j.citation]
    cites += [c for t in thresholds for c in t.citation]
    return SalaryData(
        format=FORMAT,
        id=app.id,
        date=day.isoformat(),
        source="annual_salary" if app.compensation is None else "compensation",
        annual_salary=counted,
        performance_linked=perf,
        given=given,
        left_out=given - counted,
        parts=out_parts,
        counted_text=_say("salary.counted", lang, counted=Yen(counted), given=Yen(given),
                          left_out=Yen(given - counted)),
        judgements=judgements,
        all_judged=together,
        thresholds=thresholds,
        notes=notes,
        rules=rules_used(book, ref),
        remuneration_rules=remuneration_rules().id,
        lang=lang,
        sources=_sources(book, cites, lang),
    )  # fmt: skip


# ------------------------------------------------------------------------------ the parts


def _say(code: str, lang: str, **params: Param) -> str:
    return render(Message.of(code, **params), lang)


def _cite(cites: Iterable[Cite]) -> tuple[CitationRef, ...]:
    return tuple(CitationRef(c.source, c.item) for c in cites)


def _dates(rule: PartRule) -> dict[str, Param]:
    out: dict[str, Param] = {"start": rule.start}
    if rule.end is not None:
        out["end"] = rule.end
    return out


def _part(p: PartCounted, lang: str) -> SalaryPart:
    r = p.rule
    return SalaryPart(
        field=p.field, part=r.part, label=_say(f"salary.part.{r.part}", lang), amount=p.amount,
        monthly=p.monthly, counted=r.counts,
        judgement=None if r.judgement is None else r.judgement.kind, code=r.reason,
        reason=_say(f"salary.reason.{r.reason}", lang, **_dates(r)),
        rule_from=r.start.isoformat(), rule_to=None if r.end is None else r.end.isoformat(),
        citation=_cite(r.cite),
    )  # fmt: skip


def _given(app: Applicant, day: dt.date) -> tuple[int, int]:
    """(annual salary, performance-linked part) given as figures: ``annual_salary`` or the
    ``salaries`` period in force on ``day``; an input error when there is neither."""
    if app.salaries:
        on = [p for p in sorted(app.salaries, key=lambda p: p.from_) if p.from_ <= day]
        if on:
            return on[-1].annual_salary, on[-1].performance_linked
    elif app.annual_salary is not None:
        return app.annual_salary, app.salary_performance_linked
    raise input_error("compensation", "salary_nothing", day=day)


def _judged(app: Applicant, parts: tuple[PartCounted, ...], day: dt.date) -> list[_Judged]:
    """The counted parts that need a judgement, one entry per part of the rule data."""
    out: dict[str, _Judged] = {}
    for p in parts:
        if p.counts and p.judged:
            part, rule, fields, amount = out.get(p.rule.part, (p.rule.part, p.rule, (), 0))
            out[part] = (part, rule, (*fields, p.field), amount + p.amount)
    if app.compensation is None:  # one figure: its performance-linked part, if stated
        _, perf = _given(app, day)
        if perf:
            rule = remuneration_rules().on("performance_bonus", day)
            field = "salaries" if app.salaries else "salary_performance_linked"
            out[rule.part] = (rule.part, rule, (field,), perf)
    return list(out.values())


def _without(app: Applicant, fields: tuple[str, ...]) -> Applicant:
    """The input without the parts given in ``fields`` (a copy; ``salary`` counts again)."""
    comp = app.compensation
    assert comp is not None
    update: dict[str, object] = {f: 0 for f in fields if not f.startswith("other[")}
    dropped = {f for f in fields if f.startswith("other[")}
    update["other"] = [o for k, o in enumerate(comp.other) if f"other[{k}]" not in dropped]
    return app.model_copy(update={"compensation": comp.model_copy(update=update)})


# ------------------------------------------------------------------------------ judgements


def _reading(
    ev: Evaluation, code: str, amount: int, changed: dict[str, str], cats: tuple[str, ...],
    label: str,
) -> Reading:  # fmt: skip
    categories = {}
    for c in cats:
        cr = ev.categories[c]
        points = next((i.points for i in cr.items if i.id == "salary"), 0)
        categories[c] = CategoryOutcome(
            points, cr.total, cr.eligible, cr.verdict, ev.j_skip[c].eligible
        )
    return Reading(code, label, amount, changed, categories)


def _judgement(
    js: list[_Judged], app: Applicant, opts: Options, counted: int, run: _Run,
    cats: tuple[str, ...], lang: str,
) -> Judgement:  # fmt: skip
    """The person evaluated with the judged parts ``js`` counted and left out (one part, or
    every judged part together: ``all_judged``)."""
    with_opts: dict[str, str] = {}
    without_opts: dict[str, str] = {}
    dropped: tuple[str, ...] = ()
    for _, rule, fields, _ in js:
        how = rule.judgement
        assert how is not None
        if how.kind == "option" and how.option and how.with_value and how.without_value:
            with_opts[how.option] = how.with_value
            without_opts[how.option] = how.without_value
        else:
            dropped += fields
    with_ev = run(opts.model_copy(update=with_opts))
    left_out = _without(app, dropped) if dropped else app
    without_ev = run(opts.model_copy(update=without_opts), left_out)
    amount = sum(a for *_, a in js)
    fields = tuple(f for _, _, fs, _ in js for f in fs)
    if len(js) == 1:
        part, rule, _, _ = js[0]
        assert rule.judgement is not None
        kind, option, cite = rule.judgement.kind, rule.judgement.option, rule.cite
        label = Message.of(f"salary.part.{part}")
        name = Message.of(f"salary.name.{part}")
        text = _say(f"salary.judgement.{part}", lang, amount=Yen(amount))
    else:
        part, kind, option = "all_judged", "together", None
        cite = tuple(dict.fromkeys(c for _, r, _, _ in js for c in r.cite))
        names = tuple(Message.of(f"salary.name.{p}") for p, *_ in js)
        label = Message.of("salary.part.all_judged")
        name = Message.of("salary.name.all_judged")
        text = _say("salary.judgement.all_judged", lang, amount=Yen(amount), parts=names)
    with_r = _reading(with_ev, "with", counted, with_opts, cats,
                      _say("salary.reading.with", lang))  # fmt: skip
    without_r = _reading(without_ev, "without", counted - amount, without_opts, cats,
                         _say("salary.reading.without", lang))  # fmt: skip
    decides = tuple(
        c for c in cats
        if (with_r.categories[c].eligible, with_r.categories[c].j_skip)
        != (without_r.categories[c].eligible, without_r.categories[c].j_skip)
    )  # fmt: skip
    differ = tuple(
        c for c in cats
        if with_r.categories[c].salary_points != without_r.categories[c].salary_points
    )  # fmt: skip
    names = tuple(Message.of(f"category.{c}.short") for c in decides or differ)
    code = "decides" if decides else "points" if differ else "no_effect"
    return Judgement(
        part=part, fields=fields, label=render(label, lang), kind=kind, option=option,
        amount=amount, code=part, text=text,
        citation=_cite(cite), with_part=with_r, without_part=without_r, decides=decides,
        points_differ=differ,
        verdict=_say(f"salary.either_way.{code}", lang, part=name, categories=names),
    )  # fmt: skip


# ------------------------------------------------------------------------------ thresholds


def _thresholds(
    ev: Evaluation, book: RuleBook, ref: dt.date, counted: int, judged: list[_Judged],
    cats: tuple[str, ...], lang: str,
) -> tuple[ThresholdCheck, ...]:  # fmt: skip
    """The floor and J-Skip minimums (the evaluation's prerequisites and the rule book's
    J-Skip rule on the reference date) that ``counted`` is near or that a judged part
    crosses."""
    data = remuneration_rules()
    jskip = book.at(ref).value("j_skip", JSkip)
    found: dict[tuple[str, int], list[str]] = {}
    for c in cats:
        cr = ev.categories[c]
        for p in cr.prerequisites:
            if p.id == "salary_floor":
                found.setdefault(("salary_floor", p.required), []).append(c)
        if jskip is not None:
            found.setdefault(("j_skip", getattr(jskip, c).min_salary), []).append(c)
    out = []
    together = sum(taken for *_, taken in judged)
    for (kind, amount), in_cats in found.items():
        met = counted >= amount
        crossed = tuple(
            part for part, _, _, taken in judged if met != (counted - taken >= amount)
        )  # fmt: skip
        if not crossed and len(judged) > 1 and met != (counted - together >= amount):
            crossed = ("all_judged",)  # only every judged part left out together crosses it
        far = abs(counted - amount) > data.near_share * amount
        if far and not crossed and (met or kind != "salary_floor"):
            continue  # a salary floor not met is always shown
        names = tuple(Message.of(f"category.{c}.short") for c in in_cats)
        text = _say(f"salary.threshold.{kind}.{'met' if met else 'not_met'}", lang,
                    amount=Yen(amount), salary=Yen(counted), difference=Yen(abs(counted - amount)),
                    categories=names)  # fmt: skip
        if crossed:
            parts = tuple(Message.of(f"salary.name.{p}") for p in crossed)
            text = sentences((text, _say("salary.threshold.crossed", lang, parts=parts)), lang)
        t = data.thresholds[kind]
        out.append(ThresholdCheck(
            kind, tuple(in_cats), amount, counted, met, counted - amount, crossed, text,
            _cite(t.cite_on(ref)),
        ))  # fmt: skip
    return tuple(out)


# ------------------------------------------------------------------------------ notes, sources


def _notes(
    app: Applicant, parts: tuple[PartCounted, ...], day: dt.date, lang: str, dated: bool
) -> tuple[Note, ...]:
    notes = []

    def note(code: str, **params: Param) -> None:
        notes.append(Note(code, _say(f"salary.note.{code}", lang, **params)))

    if app.compensation is None:
        note("figure_given")
    for p in parts:
        if p.monthly is not None:
            note("monthly", field=p.field, monthly=Yen(p.monthly), amount=Yen(p.amount),
                 months=MONTHS)  # fmt: skip
    if not dated:  # judged on today: no date given
        note("today", day=day)
    note("expected")
    return tuple(notes)


def _sources(book: RuleBook, cites: list[CitationRef], lang: str) -> dict[str, SourceInfo]:
    own = remuneration_rules().sources
    out = sources_of(book, (c for c in cites if c.source in book.sources), lang)
    for c in cites:
        s = own.get(c.source)
        if s is not None and c.source not in out:
            out[c.source] = SourceInfo(s.title_en if lang == "en" else s.title_ja, s.url)
    return out


__all__ = ["salary"]
