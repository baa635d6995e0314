"""The lines of a documents checklist (``kodo.features.documents``): the evidence of the
items claimed, the evidence of the J-Skip criteria met, and the employer's documents by its
ISA category (a renewal: the renewal list, the papers on the activity only for the first
renewal after a change of employer).

Which items are claimed, which J-Skip criteria are met and which category decides come from
the caller (the evaluation, ``kodo.features.pr`` and the engine's scores): nothing here
decides a rule of the points system.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kodo.features.documents_data import DocumentsData, Entry
from kodo.i18n import Message, Param, Yen, render
from kodo.items import Registry
from kodo.results.documents import DocumentLine, EmployerCategory
from kodo.rules.book import RuleBook

FLOOR = "salary_floor"  # the prerequisite a salary document proves besides the points
RESEARCH = "research_record"  # the evidence code said one line per kind of achievement


@dataclass
class Run:
    """What one checklist is built from, and the lines so far."""

    data: DocumentsData
    registry: Registry
    book: RuleBook
    lang: str
    kind: str
    day: dt.date
    research: tuple[str, ...] = ()  # the kinds of research achievement the input claims
    lines: list[DocumentLine] = field(default_factory=list)

    def say(self, code: str, **params: Param) -> str:
        return render(Message.of(code, **params), self.lang)

    def add(
        self, e: Entry, section: str, need: str = "required", cats: tuple[int, ...] = (),
        extra: dict[str, Param] | None = None, condition: str | None = None,
    ) -> None:  # fmt: skip
        text = self.say(f"documents.doc.{e.code}", **{**e.params, **(extra or {})})
        if condition is not None:
            text = self.say(f"documents.conditional.{condition}", document=text)
        if e.optional:
            need = "optional"
        self.lines.append(
            DocumentLine(f"{section}.{e.code}", section, text, (), need, e.cite, None, cats)
        )


def evidence(
    run: Run, claimed: dict[str, int], required: tuple[str, ...], floor: bool, dated: str | None
) -> None:
    """One line per evidence code of the claimed items (a code proving several items once),
    in the form's order; the salary document also proves the floor where one applies; the
    research record one line per kind of achievement claimed."""
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
        parts = [(c, f"document.{c}")]
        if c == RESEARCH and run.research:
            parts = [(f"{c}.{k}", f"documents.research.{k}") for k in run.research]
        for code, key in parts:
            run.lines.append(DocumentLine(f"evidence.{code}", "evidence", run.say(key),
                                          tuple(ids), need, e.cite, dated))  # fmt: skip


def j_skip_evidence(run: Run, day: dt.date, met: tuple[bool, bool, bool], dated: bool) -> None:
    """The evidence of the J-Skip criteria met on ``day``: the salary, and the degree where
    it meets the criterion, else the years of experience (``met``: salary, degree, years, as
    the engine found them)."""
    salary, degree, years = met
    limbs = {"salary": salary, "degree": degree, "years": years and not degree}
    for e in run.data.j_skip_evidence:
        if e.applies_on(day) and limbs.get(e.limb, True):
            text = run.say(f"document.{e.code}")
            run.lines.append(DocumentLine(f"evidence.{e.code}", "evidence", text, ("j_skip",),
                                          "required", e.cite,
                                          day.isoformat() if dated else None))  # fmt: skip


def employer(run: Run, category: int | None) -> tuple[EmployerCategory, ...]:
    """The employer's documents: of its category, or of every category when not given."""
    data, out = run.data, []
    renewal = run.kind == "renewal"
    need = "required" if category is not None else "if_applicable"
    for cat in sorted(data.employer):
        v = data.category_on(cat, run.day, run.kind)
        if v is None:
            continue
        exempt = cat in data.exempt
        codes = [f"employer.{d}" for d in v.documents]
        if not exempt and not renewal:
            codes += [f"activity.{e.code}" for e in data.activity if e.applies_on(run.day)]
        figures: dict[str, Param] = {
            k: Yen(n) if k.endswith("_yen") else n for k, n in v.params.items()
        }
        text = run.say(f"documents.category.{v.text or f'c{cat}'}", category=cat, **figures)
        out.append(EmployerCategory(cat, text, exempt, tuple(codes)))
        if category is None or category == cat:
            for d in v.documents:
                run.add(Entry(d, v.start, v.end, v.cite), "employer", need, (cat,))
    if renewal:
        _after_transfer(run, category)
    else:
        non_exempt = tuple(c.category for c in out if not c.exempt)
        if category is None or category in non_exempt:
            cats = non_exempt if category is None else (category,)
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


def _after_transfer(run: Run, category: int | None) -> None:
    """A renewal: the contract and the company papers, only for the first renewal after a
    change of employer (always "if it applies", with that condition said)."""
    after = run.data.after_transfer
    if not after.applies_on(run.day):
        return
    if category is not None and category not in after.categories:
        return
    cats = after.categories if category is None else (category,)
    for code in after.documents:
        e = next((x for x in run.data.activity if x.code == code), None)
        cite = after.cite if e is None else (*after.cite, *e.cite)
        entry = Entry(code, after.start, after.end, cite)
        run.add(entry, "activity", "if_applicable", cats, condition="after_transfer")
