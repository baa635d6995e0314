"""``treatments()``: the preferential treatments a person can use on a date (rules.md §3, §4).

The status the treatments need comes from kodo's own evaluation of the same input on the
same date: eligible by points in the category judged (kodo.features.category_on), or meeting
the J-Skip criteria. Each treatment of ``rules/data/treatments.yaml`` is then judged on the
date: in force or not, each condition met, unmet or unknown (a household fact not given: ask),
the dates it depends on (a parent may stay until the youngest child under the age limit turns
that age), what it gives with the figures of the date, and what kodo cannot check. A person
who is not eligible still gets every treatment, unavailable, with the reason.
"""

from __future__ import annotations

import datetime as dt

from kodo.features import treatments_conditions as tc
from kodo.features import treatments_standing as ts
from kodo.features.category_on import category_on
from kodo.features.common import ApplicantLike, DayLike, OptionsLike, rules_used
from kodo.features.questions import Context, context
from kodo.features.treatments_data import ORDER, TreatmentRules, Version, load_treatments
from kodo.i18n import Count, Message, Yen, render, sentences
from kodo.items import Registry
from kodo.results.common import CitationRef, Note, SourceInfo
from kodo.results.treatments import (
    FORMAT,
    Condition,
    DateNote,
    HouseholdIncome,
    Treatment,
    TreatmentsResult,
)
from kodo.rules.book import RuleBook
from kodo.rules.values import PermanentResidence, Thresholds

WORKER_KINDS = {
    "domestic_worker_accompanying": "accompanying",
    "domestic_worker_family": "family",
    "domestic_worker_investment": "investment_management",
    "domestic_worker_j_skip": "j_skip",
}
CHECKLIST = {  # what kodo cannot check, per treatment (catalogue treatments.check.<code>)
    "combined_activities": ["related_activities"],
    "period_of_stay": ["period_decided"],
    "permanent_residence": ["continuous_residence", "pr_general"],
    "spouse_work": ["live_together_spouse", "spouse_pay", "spouse_activity"],
    "spouse_work_j_skip": ["live_together_spouse", "spouse_pay", "spouse_activity"],
    "priority_processing": ["targets"],
    "priority_lane": ["j_skip_certificate"],
}


def treatments(
    applicant: ApplicantLike,
    *,
    on: DayLike = None,
    options: OptionsLike = None,
    rules: RuleBook | None = None,
    today: DayLike = None,
    lang: str = "en",
    registry: Registry | None = None,
) -> TreatmentsResult:
    """Every preferential treatment on ``on`` (default: the input's ``date``, else today),
    with its conditions, dates, figures, checklist and citations, in ``lang``."""
    c = context(applicant, on, options, rules, today, registry, lang)
    app = c.tl.app
    notes: list[Note] = []
    if app.application.kind == "coe" and app.application.planned_entry is not None:
        day, notes = ts.reference(c, options, lang)  # evaluate's reference date (§2.2)
        if day != c.on:
            c = context(app, day, options, c.book, today, c.registry, lang)
            c.date_source = "entry"
    data = load_treatments(c.book)
    standing, status = ts.standing(c, lang)
    facts = c.tl.facts_on(c.on)
    entry = app.application.planned_entry or c.on
    person = tc.Person(c.on, entry, facts.annual_salary, app.household, facts.investment_management)
    asked = None
    if app.household is not None and app.household.domestic_worker is not None:
        asked = app.household.domestic_worker.kind
    out = [_treatment(tid, data, c, person, status, asked, lang) for tid in ORDER]
    income = _income(person, data, lang)
    missing: dict[str, Note] = {}
    for t in out:
        for cond in t.conditions:
            if cond.status == tc.UNKNOWN and cond.code not in missing:
                missing[cond.code] = Note(cond.code, cond.text)
    cited = [ref for t in out for ref in t.citation]
    sources: dict[str, SourceInfo] = {}
    for ref in cited:
        if ref.source not in sources:
            sources[ref.source] = data.source_info(ref.source, c.book, lang)
    available = tuple(t.id for t in out if t.status == "available")
    summary = Message.of(
        "treatments.summary", count=Count(len(available)), total=Count(len(out)), day=c.on
    )
    text = sentences((*(n.text for n in notes), standing.text, render(summary, lang)), lang)
    if c.date_source == "today":
        text = sentences((render(Message.of("timeline.date_today", day=c.on), lang), text), lang)
    used = rules_used(c.book, c.on)
    return TreatmentsResult(
        FORMAT,
        app.id,
        c.on.isoformat(),
        c.date_source,
        lang,
        used,
        standing,
        income,
        tuple(out),
        available,
        tuple(missing.values()),
        sources,
        text,
        tuple(notes),
    )


def _income(p: tc.Person, data: TreatmentRules, lang: str) -> HouseholdIncome:
    """The household income as the parents' rule of the date counts it."""
    v = data.treatments["parents"].on(p.day).value
    counted = bool(v is not None and v.spouse_income_counted)
    hh = p.household
    has_spouse = None if hh is None else hh.spouse is not None
    spouse = None if hh is None else 0 if hh.spouse is None else hh.spouse.annual_income
    at_least = (p.salary or 0) + ((spouse or 0) if counted else 0)
    ask = [] if p.salary is not None else [tc.F_SALARY]
    if counted and spouse is None:
        ask.append(tc.F_SPOUSE if hh is None else tc.F_SPOUSE_INCOME)
    said = "no_spouse" if counted and has_spouse is False else "with_spouse"
    basis = Message.of(f"treatments.counted.{said if counted else 'salary_only'}")
    if ask:
        msg = Message.of("treatments.income_unknown", basis=basis, fields=tuple(ask))
    else:
        msg = Message.of("treatments.income", income=Yen(at_least), basis=basis)
    total = None if ask else at_least
    return HouseholdIncome(
        p.salary, spouse, counted, has_spouse, total, at_least, render(msg, lang)
    )


def _treatment(
    tid: str,
    data: TreatmentRules,
    c: Context,
    p: tc.Person,
    status: str,
    asked: str | None,
    lang: str,
) -> Treatment:
    rule = data.treatments[tid]
    v = rule.on(c.on)
    j = tc.Judged()
    label = render(Message.of(f"treatments.label.{tid}"), lang)
    if rule.who == "j_skip":
        req = Message.of("treatments.req.j_skip")
        ok = ts.standing_j_skip(c)
        found = Message.of(f"treatments.found.{'yes' if ok else 'no'}")
        j.conditions.append(tc.Cond("j_skip", tc.MET if ok else tc.UNMET, req, found))
    else:
        pass_mark = c.book.at(c.on).value("thresholds", Thresholds)
        assert pass_mark is not None
        req = Message.of("treatments.req.status", pass_mark=pass_mark.pass_mark)
        said = {tc.MET: "yes", tc.UNMET: "no"}.get(status, "facts")
        found = Message.of(f"treatments.found.{said}")
        j.conditions.append(tc.Cond("status", status, req, found))
    if v.in_force and v.value is not None:
        _judge(tid, v, c, p, j)
    j.checklist = CHECKLIST.get(tid, []) + j.checklist
    conds = tuple(
        Condition(
            x.code,
            x.status,
            render(
                Message.of("treatments.condition", requirement=x.requirement, found=x.found), lang
            ),
        )
        for x in j.conditions
    )
    statuses = {x.status for x in j.conditions}
    short = tuple(
        Message.of(f"treatments.short.{x.code}") for x in j.conditions if x.status == tc.UNMET
    )
    unknown = tuple(
        Message.of(f"treatments.short.{x.code}") for x in j.conditions if x.status == tc.UNKNOWN
    )
    kind = WORKER_KINDS.get(tid)
    if not v.in_force:
        start = _next_start(rule.versions, v)
        verdict = "unavailable"
        reason = Message.of("treatments.reason.not_in_force", day=c.on, start=start)
        if v.earlier is not None and v.earlier.years is not None:  # what applied before
            before = Message.of(
                f"treatments.detail.before.{tid}", start=start, years=v.earlier.years
            )
            j.details.append((f"{tid}.before", before))
    elif kind is not None and asked is not None and asked != kind:
        verdict = "not_asked"
        reason = Message.of(
            "treatments.reason.not_asked",
            kind=Message.of(f"treatments.label.domestic_worker_{_label_of(asked)}"),
        )
    elif tc.UNMET in statuses:
        verdict, reason = "unavailable", Message.of("treatments.reason.unmet", conditions=short)
    elif tc.UNKNOWN in statuses:
        verdict, reason = "unknown", Message.of("treatments.reason.unknown", conditions=unknown)
    else:
        verdict, reason = "available", Message.of("treatments.reason.available", day=c.on)
    return Treatment(
        tid,
        label,
        rule.who,
        verdict,
        {"available": True, "unavailable": False}.get(verdict),
        v.in_force,
        render(reason, lang),
        conds,
        tuple(DateNote(code, day.isoformat(), render(m, lang)) for code, day, m in j.dates),
        tuple(Note(code, render(m, lang)) for code, m in j.details),
        tuple(
            Note(code, render(Message.of(f"treatments.check.{code}"), lang))
            for code in dict.fromkeys(j.checklist)
        ),
        tuple(CitationRef(r.source, r.item) for r in v.cite),
        v.start.isoformat(),
        None if v.end is None else v.end.isoformat(),
    )


def _label_of(kind: str) -> str:
    return {"investment_management": "investment"}.get(kind, kind)


def _next_start(versions: tuple[Version, ...], v: Version) -> dt.date | None:
    later = [x.start for x in versions if x.start > v.start and x.in_force]
    return min(later) if later else None


def _judge(tid: str, v: Version, c: Context, p: tc.Person, j: tc.Judged) -> None:
    """The conditions, dates and details of treatment ``tid`` under version ``v``."""
    val = v.value
    assert val is not None
    if tid == "combined_activities":
        j.details.append((tid, Message.of("treatments.detail.combined")))
    elif tid == "period_of_stay":
        j.details.append((tid, Message.of("treatments.detail.period", years=val.years)))
    elif tid == "permanent_residence":
        _pr(val.book_rule or "", c, j)
    elif tid in ("spouse_work", "spouse_work_j_skip"):
        j.conditions.append(tc.has_spouse(p))
        kinds = tuple(Message.of(f"treatments.activity.{a}") for a in val.activities or ())
        j.details.append((tid, Message.of("treatments.detail.activities", activities=kinds)))
    elif tid == "parents":
        tc.parents(p, val, j)
    elif tid == "domestic_worker_accompanying":
        tc.accompanying(p, val, j)
    elif tid == "domestic_worker_family":
        tc.family(p, val, j)
    elif tid in ("domestic_worker_investment", "domestic_worker_j_skip"):
        tc.tiered(p, val, j, investment=tid == "domestic_worker_investment")
        hh = p.household
        w = hh.domestic_worker if hh is not None else None
        if tid == "domestic_worker_j_skip" and (w is None or w.count == 1):
            j.details.append(("j_skip.single", Message.of("treatments.detail.j_skip_single")))
    elif tid == "priority_processing":
        j.details.append(
            (
                tid,
                Message.of(
                    "treatments.detail.priority",
                    coe=Count(val.coe_days or 0),
                    change=Count(val.change_days or 0),
                ),
            )
        )
    elif tid == "priority_lane":
        j.details.append((tid, Message.of("treatments.detail.lane")))


def _pr(rule_id: str, c: Context, j: tc.Judged) -> None:
    """The PR routes of the rule book on the date, each with whether the points (or J-Skip)
    of the date reach it; the residence years are for ``kodo pr`` to check."""
    pr = c.book.at(c.on).value(rule_id, PermanentResidence)
    if pr is None:
        j.details.append(("permanent_residence.none", Message.of("treatments.detail.pr_none")))
        return
    pts = c.scores.at(c.on)
    judged = category_on(c.tl, c.on, pts)
    for name in ("points_80", "points_70", "j_skip"):
        route = getattr(pr, name)
        if route is None:
            continue
        if route.points is None:
            ok = ts.standing_j_skip(c)
        else:
            ok = pts is not None and judged is not None and pts.passes(judged.ci, route.points)
        state = Message.of(f"treatments.found.{'yes' if ok else 'no'}")
        code = "j_skip" if route.points is None else "points"
        j.details.append(
            (
                f"permanent_residence.{name}",
                Message.of(
                    f"treatments.detail.pr_{code}",
                    points=route.points,
                    years=route.years,
                    state=state,
                ),
            )
        )
