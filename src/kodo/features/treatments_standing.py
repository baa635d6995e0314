"""The status the treatments need on a date (``kodo.features.treatments``; rules.md §2.2, §3).

Three things decided elsewhere, read here: the points and the J-Skip criteria on the date
(kodo's own scores, in the category ``kodo.features.category_on`` judges), the HSP status
held on the date (the timeline's ``statuses``: rules.md §3 "Points fall during the stay": the
stay is not cut short and the treatments of the status held continue until it expires; only
a renewal or a change needs the pass mark, or the J-Skip criteria, again), and for a COE the
reference date (``kodo.features.evaluate``: the planned entry date, with its warnings).
"""

from __future__ import annotations

import datetime as dt

from kodo.features import treatments_conditions as tc
from kodo.features.category_on import category_on
from kodo.features.common import OptionsLike
from kodo.features.questions import Context
from kodo.i18n import Message, Param, render, sentences
from kodo.input.history import StatusPeriod
from kodo.results.common import Note
from kodo.results.treatments import Standing
from kodo.rules.book import RuleBook
from kodo.rules.values import Thresholds
from kodo.vocab import (
    CATEGORIES,
    HSP1_STATUSES,
    HSP_STATUSES,
    J_SKIP_STATUSES,
    status_category,
)

# The evaluation's warnings a COE's treatments pass on (its reference date, an age band
# crossed around it).
PASSED_WARNINGS = ("option.coe_reference", "age_band_soon")


def reference(c: Context, options: OptionsLike, lang: str) -> tuple[dt.date, list[Note]]:
    """The date a COE is judged on (evaluate's reference date: the planned entry date) and
    the notes to say: that date, and the evaluation's warnings about it."""
    from kodo.features.evaluate import evaluate

    app = c.tl.app
    ev = evaluate(app, date=c.on, options=options, lang=lang, rules=c.book, registry=c.registry)
    d = ev.data
    ref = dt.date.fromisoformat(d.reference_date) if d.reference_date else c.on
    notes = []
    if ref != c.on and ref == app.application.planned_entry:
        said = Message.of("treatments.reference_entry", day=ref, filed=c.on)
        notes.append(Note("reference_entry", render(said, lang)))
    notes += [Note(w.code, w.text) for w in d.warning_details if w.code in PASSED_WARNINGS]
    return ref, notes


def held(c: Context) -> StatusPeriod | None:
    """The HSP status (HSP(i), J-Skip, 特定活動(高度人材), or HSP(ii), which keeps treatments
    (3)–(6) with no end: rules.md §3) held on the date, if any."""
    day = c.on
    for p in c.tl.statuses:
        if p.from_ <= day and (p.to is None or day <= p.to) and p.status in HSP_STATUSES:
            return p
    return None


def standing(c: Context, lang: str) -> tuple[Standing, str]:
    """Eligible by points in the category judged, or J-Skip, or holding an HSP status; and
    the status condition's status."""
    th = c.book.at(c.on).value("thresholds", Thresholds)
    assert th is not None
    pts = c.scores.at(c.on)
    judged = category_on(c.tl, c.on, pts)
    jsk = category_on(c.tl, c.on, pts, j_skip=True)
    period = held(c)
    if pts is None or judged is None:  # not scorable on the date
        text = render(Message.of("treatments.standing.unknown_date", day=c.on), lang)
        return Standing(
            "unknown", None, False, None, None, None, None, th.pass_mark, th.high, text
        ), tc.UNKNOWN
    ci = judged.ci
    cat = Message.of(f"category.{CATEGORIES[ci]}.short")
    j_skip = jsk is not None and bool(pts.j_skip[jsk.ci])
    hsp: bool | None = bool(pts.eligible[ci])
    low, high = pts.range_of(ci)
    total: int | None = pts.total[ci]
    salary_missing = "annual_salary" in pts.missing[ci]  # the floor and J-Skip cannot be judged
    if pts.missing[ci]:
        total = None
        if high >= th.pass_mark and (pts.floor_ok[ci] or salary_missing):
            hsp = None
    params: dict[str, Param] = {"category": cat, "pass_mark": th.pass_mark}
    if hsp:
        msg = Message.of("treatments.standing.eligible", points=pts.total[ci], **params)
    elif hsp is None:
        msg = Message.of(
            "treatments.standing.unknown", low=low, high=high, fields=pts.missing[ci], **params
        )
    elif not pts.floor_ok[ci]:
        msg = Message.of("treatments.standing.floor", **params)
    else:
        msg = Message.of("treatments.standing.short", points=pts.total[ci], **params)
    parts = [render(msg, lang)]
    if j_skip and jsk is not None:
        jcat = Message.of(f"category.{CATEGORIES[jsk.ci]}.short")
        parts.append(render(Message.of("treatments.standing.j_skip", category=jcat), lang))
    elif c.on >= j_skip_start(c.book) and not salary_missing:
        parts.append(render(Message.of("treatments.standing.no_j_skip"), lang))
    keeps = period is not None and not (hsp or j_skip)
    if keeps and period is not None:  # points fell (or are unknown) during the stay
        parts.append(render(_held_message(period, c.on, th.pass_mark), lang))
    status = "eligible" if hsp or j_skip or keeps else "unknown" if hsp is None else "not_eligible"
    cond = tc.MET if status == "eligible" else tc.UNKNOWN if hsp is None else tc.UNMET
    jcat_id = CATEGORIES[jsk.ci] if jsk is not None else None
    result = Standing(
        status,
        hsp,
        j_skip,
        CATEGORIES[ci],
        judged.basis,
        jcat_id,
        total,
        th.pass_mark,
        th.high,
        sentences(parts, lang),
        None if period is None else str(period.status),
        None if period is None or period.to is None else period.to.isoformat(),
    )
    return result, cond


def _held_message(period: StatusPeriod, day: dt.date, pass_mark: int) -> Message:
    if period.status not in HSP1_STATUSES:  # HSP(ii): indefinite, no renewal
        return Message.of("treatments.standing.held_hsp2", day=day)
    cat = status_category(str(period.status))
    category = Message.of(f"category.{cat}.short")
    which = "held_j_skip" if period.status in J_SKIP_STATUSES else "held"
    if period.to is None:
        return Message.of(f"treatments.standing.{which}_open", category=category, day=day,
                          pass_mark=pass_mark)  # fmt: skip
    return Message.of(f"treatments.standing.{which}", category=category, day=day,
                      end=period.to, pass_mark=pass_mark)  # fmt: skip


def j_skip_start(book: RuleBook) -> dt.date:
    """The first day the J-Skip criteria are in force (for saying "J-Skip not met")."""
    return book.rules["j_skip"].first_in_force or dt.date.max


def standing_j_skip(c: Context) -> bool:
    """The J-Skip criteria met on the date, or a J-Skip status held on it (its treatments
    continue until it expires)."""
    period = held(c)
    if period is not None and period.status in J_SKIP_STATUSES:
        return True
    pts = c.scores.at(c.on)
    jsk = category_on(c.tl, c.on, pts, j_skip=True)
    return pts is not None and jsk is not None and bool(pts.j_skip[jsk.ci])
