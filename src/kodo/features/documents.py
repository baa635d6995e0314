"""``documents()``: the checklist of documents for an application (rules.md §7).

For an HSP(i) application (``coe``, ``change``, ``renewal``): the person is evaluated
(``kodo.features.evaluate``) in the category asked for, else the input's, else the best; the
checklist lists the documents every application of the kind carries, the evidence of each item
actually claimed (awarded points) — marking which claimed items are enough to prove the pass
mark and which are optional (``documents_proof``) — the employer's documents by its ISA
category (``employer.category``; absent, every category's, each "if it applies"), and the notes.
For permanent residence (``pr``): the route and its two dates come from
``kodo.features.pr`` (never recomputed here): the PR list's extra items and the evidence of the
points on both dates; when no route is open the result says so.

Not modelled: the documents a particular office asks for beyond the published lists, the
household's documents (spouse, parents: ``kodo treatments``), fees and their amounts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

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
from kodo.features.documents_data import KINDS, ROUTES, DocumentsData, Entry, load_documents
from kodo.features.documents_proof import has_floor, prove, requirements
from kodo.features.judged import fact_labels
from kodo.i18n import Message, Param, Yen, render
from kodo.input.applicant import Applicant
from kodo.items import DEFAULT, Registry
from kodo.results.common import Note
from kodo.results.documents import (
    FORMAT,
    DocumentLine,
    DocumentsResult,
    EmployerCategory,
    PointsProof,
)
from kodo.results.timeline import DayJudged, Route
from kodo.rules.book import RuleBook, load_book

FLOOR = "salary_floor"  # the prerequisite a salary document proves besides the points


@dataclass
class _Run:
    """What one checklist is built from."""

    data: DocumentsData
    registry: Registry
    book: RuleBook
    lang: str
    kind: str
    day: dt.date
    lines: list[DocumentLine] = field(default_factory=list)

    def say(self, code: str, **params: Param) -> str:
        return render(Message.of(code, **params), self.lang)

    def add(
        self, e: Entry, section: str, need: str = "required", cats: tuple[int, ...] = (),
        extra: dict[str, Param] | None = None,
    ) -> None:  # fmt: skip
        text = self.say(f"documents.doc.{e.code}", **{**e.params, **(extra or {})})
        if e.optional:
            need = "optional"
        self.lines.append(
            DocumentLine(f"{section}.{e.code}", section, text, (), need, e.cite, None, cats)
        )


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
        raise input_error("kind", "one_of", expected=KINDS, got=repr(kind)[:40])
    day_arg, today_day = to_day(date, "date"), to_day(today, "today")
    app = to_applicant(applicant)
    if category is not None:
        app = app.model_copy(update={"category": category})
    book = rules or load_book()
    registry = registry or DEFAULT
    data = load_documents(book)
    kind_source = "option" if kind is not None else "input"
    kind = kind or app.application.kind
    day = day_arg or app.date or today_day or dt.date.today()
    run = _Run(data, registry, book, lang, kind, day)
    for e in data.common:
        if kind in e.kinds and e.applies_on(day) and not e.categories:
            run.add(e, "common")
    warnings: list[Note] = []
    route: Route | None = None
    if kind == "pr":
        from kodo.features.questions import permanent_residence

        pr = permanent_residence(
            app, on=day, options=options, rules=book, today=today_day, lang=lang,
            registry=registry,
        )  # fmt: skip
        route = _route(pr.routes)
    if kind == "pr" and route is not None:
        proofs = _pr_proofs(run, route)
    else:
        proofs, missing = _evaluated(run, app, category, options, today_day)
        if missing:
            facts = fact_labels(missing)
            warnings.append(Note("missing", run.say("documents.warning.missing", facts=facts)))
    employer_category = app.employer.category
    cats: tuple[EmployerCategory, ...] = ()
    if kind in data.employer_kinds:
        cats = _employer(run, employer_category)
    if kind == "pr" and route is not None:
        _pr_items(run, route, proofs)
    notes = _notes(run, proofs, route, employer_category)
    met = bool(proofs) and all(p.met for p in proofs)
    code = "ready" if met else "not_eligible"
    if kind == "pr" and route is None:
        code = "no_route"
    elif not met and warnings:
        code = "facts_missing"
    text = _summary(run, code, proofs, route)
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


def _route(routes: tuple[Route, ...]) -> Route | None:
    """The open route with the shortest period (the fewest years of records), in the order of
    ``kodo.features.pr``'s routes on a tie; None when none is open."""
    open_ = [r for r in routes if r.open]
    if not open_:
        return None
    return min(open_, key=lambda r: (r.years or 0, ROUTES.index(r.route)))


def _evaluated(
    run: _Run, app: Applicant, category: str | None, options: OptionsLike, today: dt.date | None
) -> tuple[list[PointsProof], tuple[str, ...]]:
    from kodo.features.evaluate import evaluate

    ev = evaluate(
        app, date=run.day, category=category, options=options, lang=run.lang, rules=run.book,
        today=today, registry=run.registry,
    )  # fmt: skip
    d = ev.data
    cat = category or app.category or d.best_category
    basis = "option" if category else "input" if app.category else "best"
    result = d.categories[cat]
    claimed = {i.id: i.points for i in result.items if i.status == "awarded" and i.points > 0}
    met = result.eligible
    proof = _proof(run, run.day, "application", cat, basis, result.total, result.threshold,
                   met, claimed, result.verdict == "missing")  # fmt: skip
    return [proof], d.missing


def _pr_proofs(run: _Run, route: Route) -> list[PointsProof]:
    out = []
    for role, j in (("application", route.now), ("lookback", route.then)):
        if j is None:
            continue
        out.append(_judged(run, role, j, route))
    return out


def _judged(run: _Run, role: str, j: DayJudged, route: Route) -> PointsProof:
    day = dt.date.fromisoformat(j.date)
    claimed = {k: v for k, v in j.items.items() if v > 0}
    cat = j.category or "b"
    if route.points_needed is None:  # the J-Skip route: its criteria, no points
        return _jskip(run, day, role, cat, j, claimed)
    return _proof(run, day, role, cat, j.basis or "best", j.total or 0, route.points_needed,
                  j.met, claimed, j.total is None)  # fmt: skip


def _proof(
    run: _Run, day: dt.date, role: str, cat: str, basis: str, total: int, needed: int,
    met: bool, claimed: dict[str, int], missing: bool = False,
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
    _evidence(run, claimed, enough if met else tuple(claimed), floor, dated)
    labels = tuple(Message.of(f"item.{i}.label") for i in enough)
    others = tuple(Message.of(f"item.{i}.label") for i in optional)
    points = sum(claimed[i] for i in enough)
    which = "met_all" if met and not optional else "met" if met else "short"
    if missing and not met:
        which = "missing"
    text = run.say(
        f"documents.proof.{which}", day=day, category=Message.of(f"category.{cat}.short"),
        total=total, needed=needed, enough=labels, points=points, optional=others,
    )  # fmt: skip
    return PointsProof(day.isoformat(), role, cat, basis, total, needed, met, claimed, enough,
                       points, optional, text)  # fmt: skip


def _jskip(
    run: _Run, day: dt.date, role: str, cat: str, j: DayJudged, claimed: dict[str, int]
) -> PointsProof:
    for e in run.data.j_skip_evidence:
        if e.applies_on(day):
            text = run.say(f"document.{e.code}")
            run.lines.append(DocumentLine(f"evidence.{e.code}", "evidence", text, ("j_skip",),
                                          "required", e.cite, day.isoformat()))  # fmt: skip
    text = run.say("documents.proof.j_skip", day=day, category=Message.of(f"category.{cat}.short"))
    return PointsProof(day.isoformat(), role, cat, j.basis or "best", j.total or 0, None, j.met,
                       claimed, (), 0, (), text)  # fmt: skip


def _evidence(
    run: _Run, claimed: dict[str, int], required: tuple[str, ...], floor: bool, dated: str | None
) -> None:
    """One line per evidence code of the claimed items (a code proving several items once),
    in the form's order; the salary document also proves the floor where one applies."""
    proves: dict[str, list[str]] = {}
    for item in run.registry.items:
        ids = [item.id] if item.id in claimed else []
        if floor and item.id == "salary":
            ids.append(FLOOR)
        for c in item.evidence if ids else ():
            found = proves.setdefault(c, [])
            found += [i for i in ids if i not in found]
    for c, ids in proves.items():
        need = "required" if any(i in required or i == FLOOR for i in ids) else "optional"
        e = run.data.evidence[c]
        text = run.say(f"document.{c}")
        run.lines.append(
            DocumentLine(f"evidence.{c}", "evidence", text, tuple(ids), need, e.cite, dated)
        )


def _employer(run: _Run, category: int | None) -> tuple[EmployerCategory, ...]:
    """The employer's documents: of its category, or of every category when not given."""
    data, out = run.data, []
    for cat in sorted(data.employer):
        v = data.category_on(cat, run.day)
        if v is None:
            continue
        exempt = cat in data.exempt
        codes = [f"employer.{d}" for d in v.documents]
        if not exempt:
            codes += [f"activity.{e.code}" for e in data.activity if e.applies_on(run.day)]
        figures: dict[str, Param] = {
            k: Yen(n) if k.endswith("_yen") else n for k, n in v.params.items()
        }
        text = run.say(f"documents.category.c{cat}", category=cat, **figures)
        out.append(EmployerCategory(cat, text, exempt, tuple(codes)))
        if category is None or category == cat:
            need = "required" if category is not None else "if_applicable"
            for d in v.documents:
                run.add(Entry(d, v.start, v.end, v.cite), "employer", need, (cat,))
    non_exempt = tuple(c.category for c in out if not c.exempt)
    if category is None or category in non_exempt:
        cats = non_exempt if category is None else (category,)
        need = "required" if category is not None else "if_applicable"
        for e in data.activity:
            if e.applies_on(run.day):
                run.add(e, "activity", need, cats)
    for e in data.common:
        if run.kind in e.kinds and e.applies_on(run.day) and e.categories:
            if category is None:
                run.add(e, "common", "if_applicable", e.categories)
            elif category in e.categories:
                run.add(e, "common", "required", (category,))
    return tuple(out)


def _pr_items(run: _Run, route: Route, proofs: list[PointsProof]) -> None:
    figures = run.data.pr_routes[route.route]
    dates = tuple(dt.date.fromisoformat(p.date) for p in proofs)
    for e in run.data.pr_items:
        if e.applies_on(run.day):
            extra: dict[str, Param] = {n: figures[n] for n in e.route_params}
            if e.code == "pr_point_sheets":
                extra["dates"] = dates
            run.add(e, "pr", extra=extra)


def _notes(
    run: _Run, proofs: list[PointsProof], route: Route | None, category: int | None
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


def _summary(run: _Run, code: str, proofs: list[PointsProof], route: Route | None) -> str:
    kind = Message.of(f"documents.kind.{run.kind}")
    if code == "no_route":
        return run.say("documents.summary.no_route", day=run.day)
    if route is not None:
        label = Message.of(f"pr.route_name.{route.route}", points=route.points_needed,
                           years=route.years)  # fmt: skip
        dates = tuple(dt.date.fromisoformat(p.date) for p in proofs)
        return run.say("documents.summary.pr", day=run.day, route=label, dates=dates)
    p = proofs[0]
    cat = Message.of(f"category.{p.category}.name")
    return run.say(f"documents.summary.{code}", kind=kind, day=run.day, category=cat,
                   total=p.total, needed=p.needed)  # fmt: skip


__all__ = ["KINDS", "documents"]
