"""``documents()``: the checklist of documents for an application (rules.md §7).

For an HSP(i) application (``coe``, ``change``, ``renewal``): the person is evaluated
(``kodo.features.evaluate``, on its reference date: a COE on the planned entry date) in the
category asked for, else the input's, else the best; the checklist lists the documents every
application of the kind carries, the evidence of each item actually claimed (awarded points) —
marking which claimed items are enough to prove the pass mark and which are optional
(``documents_proof``) — the employer's documents by its ISA category (``employer.category``;
absent, every category's, each "if it applies"; a renewal: the renewal list), and the notes.
Where the points fall short but evaluate finds the J-Skip criteria met, the checklist is
J-Skip's: no point sheet, the evidence of the salary and of the degree or the years met.
For permanent residence (``pr``): the route and its two dates come from
``kodo.features.pr`` (never recomputed here): the PR list's extra items and the evidence of the
points on both dates; when no route is open the result says so.

Not modelled: the documents a particular office asks for beyond the published lists, the
household's documents (spouse, parents: ``kodo treatments``), fees and their amounts.
"""

from __future__ import annotations

import datetime as dt

from kodo.errors import input_error
from kodo.features.common import (
    ApplicantLike,
    DayLike,
    OptionsLike,
    check_category,
    check_lang,
    rules_used,
    to_applicant,
    to_day,
)
from kodo.features.days import DayScores
from kodo.features.documents_data import KINDS, load_documents
from kodo.features.documents_lines import Run, employer, evidence, j_skip_evidence
from kodo.features.documents_proof import has_floor, prove, requirements
from kodo.features.judged import fact_labels
from kodo.i18n import Message, Param, sentences
from kodo.input.applicant import Applicant
from kodo.input.problems import shown
from kodo.items import DEFAULT, Registry
from kodo.results.common import Note
from kodo.results.documents import FORMAT, DocumentsResult, PointsProof
from kodo.results.timeline import DayJudged, Route
from kodo.rules.book import RuleBook, load_book
from kodo.vocab import CATEGORIES, PR_ROUTES, RESEARCH_KINDS

# The evaluation's warnings a checklist passes on: the reference date of a COE (the planned
# entry date) and an age band crossed around it.
PASSED_WARNINGS = ("option.coe_reference", "age_band_soon")


def documents(
    applicant: ApplicantLike,
    *,
    kind: str | None = None,
    category: str | None = None,
    date: DayLike = None,
    options: OptionsLike = None,
    lang: str = "en",
    rules: RuleBook | None = None,
    today: DayLike = None,
    registry: Registry | None = None,
) -> DocumentsResult:
    """The documents checklist for one person (a dict, a YAML/JSON path or an Applicant).

    ``kind``: coe | change | renewal | pr (default: the input's ``application.kind``);
    ``category``: a | b | c (default: the input's, else the best); ``date``: the application
    date (default: the input's ``date``, else ``today``). Raises InputError naming the argument
    or the field for bad input.
    """
    check_lang(lang)
    check_category(category)
    if kind is not None and kind not in KINDS:
        raise input_error("kind", "one_of", expected=KINDS, got=shown(kind))
    day_arg, today_day = to_day(date, "date"), to_day(today, "today")
    app = to_applicant(applicant)
    if category is not None:
        app = app.model_copy(update={"category": category})
    book = rules or load_book()
    registry = registry or DEFAULT
    data = load_documents(book)
    given = "kind" in app.application.model_fields_set
    kind_source = "option" if kind is not None else "input" if given else "default"
    kind = kind or app.application.kind
    if kind != "pr" and kind != app.application.kind:  # the evaluation judges the kind asked
        entry = app.application.planned_entry if kind == "coe" else None
        application = app.application.model_copy(update={"kind": kind, "planned_entry": entry})
        app = app.model_copy(update={"application": application})
    day = day_arg or app.date or today_day or dt.date.today()
    research = tuple(k for k in RESEARCH_KINDS if getattr(app.research, k))
    run = Run(data, registry, book, lang, kind, day, research)
    warnings: list[Note] = []
    route: Route | None = None
    ctx = _Scores(app, options, book, today_day, registry, lang)
    if kind == "pr":
        from kodo.features.questions import permanent_residence

        pr = permanent_residence(
            app, on=day, options=options, rules=book, today=today_day, lang=lang,
            registry=registry,
        )  # fmt: skip
        route = _route(pr.routes)
    if kind == "pr" and route is not None:
        proofs = _pr_proofs(run, route, ctx)
    else:
        proofs, missing, passed = _evaluated(run, app, category, options, today_day, ctx)
        warnings += passed
        if missing:
            facts = fact_labels(missing)
            warnings.append(Note("missing", run.say("documents.warning.missing", facts=facts)))
    j_skip = any(p.needed is None for p in proofs)
    lines, run.lines = run.lines, []
    for e in data.common:
        if kind in e.kinds and e.applies_on(day) and not e.categories:
            if not (j_skip and e.code == "point_sheet"):  # J-Skip: no points to compute
                run.add(e, "common")
    run.lines += lines
    employer_category = app.employer.category
    cats = employer(run, employer_category) if kind in data.employer_kinds else ()
    if kind == "pr" and route is not None:
        _pr_items(run, route, proofs)
    notes = _notes(run, proofs, route, employer_category)
    if kind_source == "default":
        said = run.say("documents.note.kind_default", kind=Message.of(f"documents.kind.{kind}"))
        notes.insert(0, Note("kind_default", said))
    met = bool(proofs) and all(p.met for p in proofs)
    code = "ready" if met else "not_eligible"
    if kind == "pr" and route is None:
        code = "no_route"
    elif not met and any(w.code == "missing" for w in warnings):
        code = "facts_missing"
    text = _summary(run, code, proofs, route, app)
    tags = dict.fromkeys(
        c.source
        for cites in (
            *(ln.citation for ln in run.lines),
            *(data.activity_cite for _ in cats[:1]),
            *(e.cite for e in data.notes if kind in e.kinds and e.applies_on(day)),
        )
        for c in cites
    )
    return DocumentsResult(
        format=FORMAT, kind=kind, kind_source=kind_source, date=day.isoformat(), lang=lang,
        rules=rules_used(book, day), data=data.id,
        category=proofs[0].category if proofs else None, eligible=met,
        employer_category=employer_category, route=route.route if route else None,
        proofs=tuple(proofs), documents=tuple(run.lines), employer_categories=cats,
        notes=tuple(notes), warnings=tuple(warnings), code=code, text=text,
        sources=data.source_info(book, tags, lang),
    )  # fmt: skip


class _Scores:
    """The engine's scores of the person on any date (built when first asked): which J-Skip
    criteria are met, for listing only the evidence of those."""

    def __init__(self, app: Applicant, options: OptionsLike, book: RuleBook,
                 today: dt.date | None, registry: Registry, lang: str) -> None:  # fmt: skip
        self.args = (app, options, book, today, registry, lang)
        self.scores: DayScores | None = None

    def j_skip_parts(self, day: dt.date, rules_day: dt.date, cat: str) -> tuple[bool, bool, bool]:
        """(salary, degree, years) met under the J-Skip criteria of ``rules_day``."""
        if self.scores is None:
            from kodo.features.questions import context

            app, options, book, today, registry, lang = self.args
            self.scores = context(app, day, options, book, today, registry, lang).scores
        pts = self.scores.at(day, rules_day)
        if pts is None or not pts.jskip_parts:
            return (True, True, True)
        return pts.jskip_parts[CATEGORIES.index(cat)]


def _route(routes: tuple[Route, ...]) -> Route | None:
    """The open route with the shortest period (the fewest years of records), in the order of
    ``kodo.features.pr``'s routes on a tie; None when none is open."""
    open_ = [r for r in routes if r.open]
    if not open_:
        return None
    return min(open_, key=lambda r: (r.years or 0, PR_ROUTES.index(r.route)))


def _evaluated(
    run: Run, app: Applicant, category: str | None, options: OptionsLike,
    today: dt.date | None, ctx: _Scores,
) -> tuple[list[PointsProof], tuple[str, ...], list[Note]]:  # fmt: skip
    """The proof on the evaluation's reference date (a COE: the planned entry date), by
    points, or by the J-Skip criteria where evaluate finds them met and the points not."""
    from kodo.features.evaluate import evaluate

    ev = evaluate(
        app, date=run.day, category=category, options=options, lang=run.lang, rules=run.book,
        today=today, registry=run.registry,
    )  # fmt: skip
    d = ev.data
    cat = category or app.category or d.best_category
    basis = "option" if category else "input" if app.category else "best"
    ref = dt.date.fromisoformat(d.reference_date) if d.reference_date else run.day
    passed = [Note(w.code, w.text) for w in d.warning_details if w.code in PASSED_WARNINGS]
    entry = run.kind == "coe" and ref != run.day and ref == app.application.planned_entry
    shown: Param = Message.of("documents.day.entry", day=ref) if entry else ref
    result = d.categories[cat]
    if not result.eligible:
        found = [c for c in ((cat,) if basis != "best" else CATEGORIES) if d.j_skip[c].eligible]
        if found:
            jcat = max(found, key=lambda c: (d.categories[c].total, -CATEGORIES.index(c)))
            r = d.categories[jcat]
            claimed = {i.id: i.points for i in r.items if i.status == "awarded" and i.points > 0}
            parts = ctx.j_skip_parts(run.day, ref, jcat)
            j_skip_evidence(run, ref, parts, dated=False)
            return [_j_skip_proof(run, ref, shown, "application", jcat, basis, r.total,
                                  claimed, parts)], d.missing, passed  # fmt: skip
    claimed = {i.id: i.points for i in result.items if i.status == "awarded" and i.points > 0}
    proof = _proof(run, ref, "application", cat, basis, result.total, result.threshold,
                   result.eligible, claimed, result.verdict == "missing", shown)  # fmt: skip
    return [proof], d.missing, passed


def _pr_proofs(run: Run, route: Route, ctx: _Scores) -> list[PointsProof]:
    out = []
    for role, j in (("application", route.now), ("lookback", route.then)):
        if j is None:
            continue
        out.append(_judged(run, role, j, route, ctx))
    return out


def _judged(run: Run, role: str, j: DayJudged, route: Route, ctx: _Scores) -> PointsProof:
    day = dt.date.fromisoformat(j.date)
    claimed = {k: v for k, v in j.items.items() if v > 0}
    cat = j.category or "b"
    if route.points_needed is None:  # the J-Skip route: its criteria, no points
        parts = ctx.j_skip_parts(day, dt.date.fromisoformat(j.rules_date), cat)
        j_skip_evidence(run, day, parts, dated=True)
        return _j_skip_proof(run, day, day, role, cat, j.basis or "best", j.total or 0,
                             claimed, parts, j.met)  # fmt: skip
    return _proof(run, day, role, cat, j.basis or "best", j.total or 0, route.points_needed,
                  j.met, claimed, j.total is None)  # fmt: skip


def _proof(
    run: Run, day: dt.date, role: str, cat: str, basis: str, total: int, needed: int,
    met: bool, claimed: dict[str, int], missing: bool = False, shown: Param = None,
) -> PointsProof:  # fmt: skip
    order = [i.id for i in run.registry.items]
    floor = has_floor(run.book, day, cat)
    enough: tuple[str, ...] = ()
    if met:
        burden = {
            i.id: sum(run.data.evidence[c].burden for c in i.evidence) for i in run.registry.items
        }
        forced = frozenset({"salary"} if floor else ())
        reqs = requirements(run.book, day, order)
        enough = prove(claimed, needed, order, burden, reqs, forced) or tuple(claimed)
    optional = tuple(i for i in order if i in claimed and met and i not in enough)
    dated = day.isoformat() if run.kind == "pr" else None
    evidence(run, claimed, enough if met else tuple(claimed), floor, dated)
    labels = tuple(Message.of(f"item.{i}.label") for i in enough)
    others = tuple(Message.of(f"item.{i}.label") for i in optional)
    points = sum(claimed[i] for i in enough)
    which = "met_all" if met and not optional else "met" if met else "short"
    if missing and not met:
        which = "missing"
    text = run.say(
        f"documents.proof.{which}", day=day if shown is None else shown,
        category=Message.of(f"category.{cat}.short"), total=total, needed=needed,
        enough=labels, points=points, optional=others,
    )  # fmt: skip
    return PointsProof(day.isoformat(), role, cat, basis, total, needed, met, claimed, enough,
                       points, optional, text)  # fmt: skip


def _j_skip_proof(
    run: Run, day: dt.date, shown: Param, role: str, cat: str, basis: str, total: int,
    claimed: dict[str, int], parts: tuple[bool, bool, bool], met: bool = True,
) -> PointsProof:  # fmt: skip
    """The J-Skip criteria proven on ``day`` (no points): the salary, and the degree or the
    years of experience, whichever the engine found met."""
    _, degree, _ = parts
    limb = "degree" if degree else "years"
    text = run.say(
        "documents.proof.j_skip", day=shown, category=Message.of(f"category.{cat}.short"),
        limb=Message.of(f"documents.j_skip_limb.{limb}"),
    )  # fmt: skip
    return PointsProof(day.isoformat(), role, cat, basis, total, None, met, claimed, (), 0, (),
                       text)  # fmt: skip


def _pr_items(run: Run, route: Route, proofs: list[PointsProof]) -> None:
    figures = run.data.pr_routes[route.route]
    dates = tuple(dt.date.fromisoformat(p.date) for p in proofs)
    for e in run.data.pr_items:
        if e.applies_on(run.day):
            if e.code == "pr_point_sheets" and route.points_needed is None:
                continue  # the J-Skip route: no points, no point sheets
            extra: dict[str, Param] = {n: figures[n] for n in e.route_params}
            if e.code == "pr_point_sheets":
                extra["dates"] = dates
            run.add(e, "pr", extra=extra)


def _notes(
    run: Run, proofs: list[PointsProof], route: Route | None, category: int | None
) -> list[Note]:
    needed = next((p.needed for p in proofs if p.needed is not None), None)
    out = []
    for e in run.data.notes:
        if run.kind not in e.kinds or not e.applies_on(run.day):
            continue
        if e.code == "lookback" and (route is None or len(proofs) < 2):
            continue
        if e.code == "enough" and needed is None:
            continue
        params: dict[str, Param] = {**e.params}
        if e.code == "enough":
            params["points"] = needed
        out.append(Note(e.code, run.say(f"documents.note.{e.code}", **params)))
    if run.kind in run.data.employer_kinds and category is None:
        out.append(Note("category_decides", run.say("documents.note.category_decides")))
    return out


def _summary(
    run: Run, code: str, proofs: list[PointsProof], route: Route | None, app: Applicant
) -> str:
    kind = Message.of(f"documents.kind.{run.kind}")
    if code == "no_route":
        return run.say("documents.summary.no_route", day=run.day)
    if route is not None:
        label = Message.of(f"pr.route_name.{route.route}", points=route.points_needed,
                           years=route.years)  # fmt: skip
        dates = tuple(dt.date.fromisoformat(p.date) for p in proofs)
        which = "pr_j_skip" if route.points_needed is None else "pr"
        return run.say(f"documents.summary.{which}", day=run.day, route=label, dates=dates)
    p = proofs[0]
    cat = Message.of(f"category.{p.category}.name")
    which = "j_skip" if p.needed is None else code
    text = run.say(f"documents.summary.{which}", kind=kind, day=run.day, category=cat,
                   total=p.total, needed=p.needed)  # fmt: skip
    ref = dt.date.fromisoformat(p.date)
    if run.kind == "coe" and ref != run.day and ref == app.application.planned_entry:
        said = run.say("documents.summary.reference_entry", day=ref)
        text = sentences((text, said), run.lang)
    return text


__all__ = ["KINDS", "documents"]
