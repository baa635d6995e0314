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
    degrees = app.degrees
    japanese = app.japanese
    return Facts(
        base=app,
        date=app.date,
        birth_date=app.birth_date,
        degrees=None if degrees is None else tuple(degrees),
        experience=(exp.research, exp.professional, exp.management),
        annual_salary=app.salary[0],
        performance_linked=app.salary[1],
        jlpt=japanese.jlpt,
        bjt=japanese.bjt,
        employer=app.employer,
        position=app.position,
        investment_management=app.investment_management,
        growth_field_project=app.growth_field_project,
        licenses=app.license_count,
        application=app.application,
    )
