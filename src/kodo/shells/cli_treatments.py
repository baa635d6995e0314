"""``kodo treatments FILE [--on D]``: the preferential treatments on a date (thin over
:func:`kodo.features.treatments.treatments`), as text fitted to the terminal by display cells
(en/ja/zh alike) or as JSON (the result object). Exit 0 when done, 2 for bad input (the field
or option named)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from kodo.shells.cli_io import applicant as _applicant
from kodo.shells.cli_io import choice as _choice
from kodo.shells.cli_io import date_of as _date
from kodo.shells.cli_io import fail as _fail
from kodo.shells.cli_io import lang_of as _lang
from kodo.shells.cli_io import options_of as _options
from kodo.shells.cli_io import width as _width
from kodo.shells.cli_io import write as _write

INDENT = "  "
MARKS = {
    "available": "✔", "unavailable": "✘", "unknown": "?", "not_asked": "–",
    "met": "✔", "unmet": "✘",
}  # fmt: skip


def register(command: Callable[..., argparse.ArgumentParser], h: Callable[..., str]) -> None:
    p = command("treatments", "treatments", exits="treatments_exit")
    p.add_argument("-h", "--help", action="help", help=h("help"))
    p.add_argument("file", help=h("file"))
    p.add_argument("--on", metavar="DATE", help=h("treatments_on"))
    p.add_argument("-f", "--format", default="text", metavar="FORMAT", help=h("treatments_format"))
    p.add_argument("-l", "--lang", default="en", metavar="LANG", help=h("lang"))
    p.add_argument("-o", "--option", action="append", metavar="NAME=VALUE", help=h("option"))
    p.set_defaults(run=cmd_treatments)


def cmd_treatments(a: argparse.Namespace) -> None:
    from kodo.errors import KodoError
    from kodo.features.treatments import treatments
    from kodo.jsondata import to_json

    lang = _lang(a.lang)
    _choice(a.format, ("text", "json"), "--format", lang)
    day = _date(a.on, "--on", lang)
    try:
        result = treatments(_applicant(a.file), on=day, options=_options(a.option, lang), lang=lang)
    except KodoError as exc:
        _fail(exc, lang, a.file)
    if a.format == "json":
        _write(to_json(result))
    else:
        _write("\n".join(treatments_text(result, _width())))


def treatments_text(r: Any, width: int) -> list[str]:
    """The result ``r`` (a :class:`kodo.results.treatments.TreatmentsResult`) as lines of at
    most ``width`` display cells (an address too long for the line stays whole)."""
    import datetime as dt

    from kodo.i18n import Count, Message, render
    from kodo.shells.blocks import bullet, citations, heading, pair, para, sources

    lang = r.lang

    def say(code: str, **params: Any) -> str:
        return render(Message.of(code, **params), lang)

    def head(code: str, indent: str) -> list[str]:
        return para(pair(say(f"treatments.head.{code}"), "", lang).rstrip(), width, lang, indent)

    day = dt.date.fromisoformat(r.date)
    st = r.standing
    out = heading(say("treatments.title"), r.rules, lang, width, day, st.category)
    for n in r.notes:  # a COE: the planned entry date judged, and warnings about it
        out += para(n.text, width, lang, "", INDENT)
    out += ["", *para(pair(say("treatments.head.standing"), st.text, lang), width, lang, "",
                      INDENT)]  # fmt: skip
    out += para(r.household_income.text, width, lang, "", INDENT)
    count, total = Count(len(r.available)), Count(len(r.treatments))
    out += para(say("treatments.summary", count=count, total=total, day=day), width, lang, "",
                INDENT)  # fmt: skip
    if r.date_source == "today":
        out += para(say("timeline.date_today", day=day), width, lang, "", INDENT)
    for t in r.treatments:
        status = say(f"treatments.status.{t.status}")
        out += ["", *para(f"{MARKS[t.status]} " + pair(t.label, status, lang), width, lang, "",
                          "    ")]  # fmt: skip
        inner, deeper = INDENT * 2, INDENT * 3
        out += para(t.reason, width, lang, inner)
        for d in (*t.details, *t.dates):
            out += bullet(d.text, width, lang, "•", inner)
        out += head("conditions", inner)
        for c in t.conditions:
            out += bullet(c.text, width, lang, MARKS.get(c.status, "?"), deeper)
        if t.checklist:
            out += head("checklist", inner)
            for n in t.checklist:
                out += bullet(n.text, width, lang, "□", deeper)
        cites = citations(t.citation, lang)
        out += para(pair(say("treatments.head.cited"), cites, lang), width, lang, inner, deeper)
    if r.missing:
        out += ["", *head("missing", "")]
        for n in r.missing:
            out += bullet(n.text, width, lang, "?", INDENT)
    out += ["", *head("sources", ""), *sources(r.sources, r.sources, width, lang)]
    return out


__all__ = ["cmd_treatments", "register", "treatments_text"]
