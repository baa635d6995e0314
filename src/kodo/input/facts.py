"""``Facts``: one person's facts on one date — what the engine reads.

The input (:class:`~kodo.input.applicant.Applicant`) may carry a dated history; the facts are
its projection onto one date (``kodo.history``). A snapshot input converts directly
(:func:`snapshot_facts`). Facts that have no dated form (research record, training,
investment, …) are read from ``base``, the input itself, so that a new fact added to the
input model is available to a new item without touching this type.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kodo.input.applicant import Applicant
from kodo.input.parts import Application, Degree, Employer
from kodo.vocab import EXPERIENCE_KINDS


@dataclass(frozen=True, slots=True)
class Facts:
    base: Applicant
    date: dt.date | None
    birth_date: dt.date | None
    degrees: tuple[Degree, ...] | None
    experience: tuple[float, ...]  # years, in the order of vocab.EXPERIENCE_KINDS
    annual_salary: int | None
    performance_linked: int
    jlpt: str | None
    bjt: int | None
    employer: Employer
    position: str
    investment_management: bool
    growth_field_project: bool
    licenses: int
    application: Application

    def years(self, kind: str) -> float:
        return self.experience[EXPERIENCE_KINDS.index(kind)]


assert EXPERIENCE_KINDS == ("research", "professional", "management")


def snapshot_facts(app: Applicant) -> Facts:
    """The facts of an input given in the snapshot form (no dated history)."""
    exp = app.experience
    degrees = listed_degrees(app)
    japanese = app.japanese
    salary, linked = app.salary
    return Facts(
        base=app,
        date=app.date,
        birth_date=app.birth_date,
        degrees=None if degrees is None else tuple(degrees),
        experience=(exp.research, exp.professional, exp.management),
        annual_salary=salary,
        performance_linked=linked,
        jlpt=japanese.jlpt,
        bjt=japanese.bjt,
        employer=listed_employer(app.employer),
        position=app.position,
        investment_management=app.investment_management,
        growth_field_project=app.growth_field_project,
        licenses=app.license_count,
        application=app.application,
    )


def listed_degrees(app: Applicant) -> list[Degree] | None:
    """The degrees, each whose ``university`` is on a complete official list (criterion Ⅰ
    or Ⅱ) made ``designated`` with that list's criteria (kodo.lists.claims), unless the input
    says ``designated: false`` in so many words."""
    degrees = app.degrees
    if degrees is None or not any(d.university for d in degrees):
        return degrees
    from kodo.lists import CRITERIA, university_finding

    out = []
    for d in degrees:
        if d.university:
            said_false = not d.designated and "designated" in d.model_fields_set
            implied = university_finding(d.university, d.designated, said_false).implied
            if implied:
                criteria = sorted({*d.university_criteria, *implied}, key=CRITERIA.index)
                d = d.model_copy(update={"designated": True, "university_criteria": criteria})
        out.append(d)
    return out


def listed_employer(employer: Employer) -> Employer:
    """The employer, claiming the innovation-support bonus when it names measures it holds
    (found on the partial list or not: kodo.lists.claims); ``innovation_support: false``
    written beside measures is refused by the input model (parts.Employer)."""
    if not employer.measures or employer.innovation_support:
        return employer
    return employer.model_copy(update={"innovation_support": True})
