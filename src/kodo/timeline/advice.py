"""Advice: the facts a person could add, what each is worth to *them*, and the cheapest ways to
reach 70 and 80 points.

Every candidate action is applied to the person's facts on the date and scored with the same
engine, all in one batch, so exclusions come for free (N2 is worth nothing to someone with a
Japanese degree; licences count only in ロ; the salary bands depend on age). Combinations of
up to three actions (one per group: Japanese, salary, degree, …) are scored in the same way;
the smallest ones that reach the pass mark (and the 80-point mark) are reported, cheapest
first by a rough effort score (a documented heuristic, not a legal figure).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from kodo.applicant import Applicant, Degree, Employer, Japanese, ResearchRecord
from kodo.engine.columns import LEVEL_CODE, build_columns
from kodo.engine.score import score
from kodo.engine.tables import Tables, compile_tables
from kodo.options import Options
from kodo.reasons.texts import yen
from kodo.rules.book import RuleBook
from kodo.vocab import CATEGORIES

MAX_COMBINATION = 3
MAX_ROWS = 4000


@dataclass(frozen=True)
class Action:
    id: str
    group: str
    effort: float
    en: str
    ja: str
    apply: Callable[[Applicant], Applicant]


@dataclass(slots=True)
class Suggestion:
    id: str
    gain: int
    total_after: int
    eligible_after: bool
    en: str
    ja: str


@dataclass(slots=True)
class Combination:
    actions: list[str]
    total_after: int
    en: str
    ja: str


@dataclass(slots=True)
class CategoryAdvice:
    category: str
    total: int
    eligible: bool
    suggestions: list[Suggestion]
    reach_pass: list[Combination]
    reach_high: list[Combination]


@dataclass(slots=True)
class Advice:
    day: str
    pass_mark: int
    high_mark: int
    categories: dict[str, CategoryAdvice]
    note_en: str
    note_ja: str
    pr_effect: list[Any] = field(default_factory=list)  # PrEffect, filled by pr_effect


def _copy(app: Applicant, **update: object) -> Applicant:
    return app.model_copy(update=update)


def _with_degree(level: str, japan: bool = False) -> Callable[[Applicant], Applicant]:
    def apply(a: Applicant) -> Applicant:
        return _copy(a, degrees=[*(a.degrees or []), Degree(level=level, japan=japan)])

    return apply


def _with_employer(flag: str) -> Callable[[Applicant], Applicant]:
    def apply(a: Applicant) -> Applicant:
        return _copy(a, employer=Employer(**{**a.employer.model_dump(), flag: True}))

    return apply


def _with_jlpt(level: str) -> Callable[[Applicant], Applicant]:
    def apply(a: Applicant) -> Applicant:
        return _copy(a, japanese=Japanese(jlpt=level, bjt=a.japanese.bjt))

    return apply


def _with(**update: object) -> Callable[[Applicant], Applicant]:
    def apply(a: Applicant) -> Applicant:
        return _copy(a, **update)

    return apply


def _more_licences(k: int) -> Callable[[Applicant], Applicant]:
    def apply(a: Applicant) -> Applicant:
        return _copy(a, licenses=a.licenses + k)

    return apply


def _patent(a: Applicant) -> Applicant:
    return _copy(a, research=ResearchRecord(**{**a.research.model_dump(), "patents": 1}))


def actions_for(app: Applicant, tables: Tables) -> list[Action]:
    """The actions that could change something for this person (their facts on the date).

    An action the rules make worthless for this person simply scores a gain of 0.
    """
    out: list[Action] = []
    jp = app.japanese
    if jp.jlpt != "N1":
        out.append(Action("jlpt_n1", "japanese", 3, "Pass JLPT N1", "日本語能力試験N1に合格する",
                          _with_jlpt("N1")))  # fmt: skip
        if jp.jlpt != "N2":
            out.append(Action("jlpt_n2", "japanese", 2, "Pass JLPT N2",
                              "日本語能力試験N2に合格する", _with_jlpt("N2")))  # fmt: skip
    for k in (1, 2):
        out.append(Action(f"licences_{k}", "licences", 2 * k,
                          f"Obtain {k} more related national licence(s) or IT-notice exam(s)",
                          f"関連する国家資格・IT告示の試験に{k}つ合格する",
                          _more_licences(k)))  # fmt: skip
    salary = app.annual_salary
    if salary is not None:
        for edge in sorted(int(e) for e in tables.salary_edges_all if e > salary):
            out.append(Action(f"salary_{edge}", "salary", 1 + (edge - salary) / 1e6,
                              f"Raise the expected annual salary to {yen(edge)}",
                              f"見込み年収を{yen(edge)}に上げる",
                              _with(annual_salary=edge)))  # fmt: skip
    highest = max((LEVEL_CODE[d.level] for d in app.degrees or ()), default=0)
    if LEVEL_CODE["master"] > highest:
        out.append(Action("degree_master", "degree", 8, "Complete a master's degree",
                          "修士号を取得する", _with_degree("master")))  # fmt: skip
    if LEVEL_CODE["doctorate"] > highest:
        out.append(Action("degree_doctorate", "degree", 12, "Complete a doctorate",
                          "博士号を取得する", _with_degree("doctorate")))  # fmt: skip
    if not any(d.japan for d in app.degrees or ()):
        out.append(Action("japanese_degree", "degree", 10,
                          "Complete a master's at a Japanese graduate school",
                          "日本の大学院で修士号を取得する",
                          _with_degree("master", japan=True)))  # fmt: skip
    if not app.foreign_qualification:
        out.append(Action("foreign_qualification", "qualification", 3,
                          "Hold a job-related foreign qualification recognised by the MOJ",
                          "法務大臣が認める職務関連の外国資格を有する",
                          _with(foreign_qualification=True)))  # fmt: skip
    if not app.growth_field_project:
        out.append(Action("growth_field_project", "job", 5,
                          "Work on an advanced project in a growth field (成長分野)",
                          "成長分野の先端的事業に従事する",
                          _with(growth_field_project=True)))  # fmt: skip
    if not app.employer.local_gov_support:
        out.append(Action("local_gov_support", "employer", 6,
                          "Work for an employer supported by a local-government programme",
                          "地方公共団体の支援を受けている機関で就労する",
                          _with_employer("local_gov_support")))  # fmt: skip
    if not app.employer.innovation_support:
        out.append(Action("innovation_support", "employer", 6,
                          "Work for an employer with an innovation-promotion support measure",
                          "イノベーション促進支援措置を受けている機関で就労する",
                          _with_employer("innovation_support")))  # fmt: skip
    if app.research.patents == 0:
        out.append(Action("research_patent", "research", 6,
                          "Be the inventor of a patented invention (research achievement)",
                          "特許の発明者となる（研究実績）", _patent))  # fmt: skip
    if app.position != "representative":
        out.append(Action("position_representative", "position", 6,
                          "Be the representative director of the business (ハ)",
                          "代表取締役・代表執行役となる（ハ）",
                          _with(position="representative")))  # fmt: skip
    invest = tables.bonus_params.get("investment_100m")
    invest_min = None if invest is None else invest.min_yen
    if invest_min is not None and app.investment < invest_min:
        out.append(Action("investment", "investment", 9,
                          f"Invest {yen(invest_min)} or more in the business you run (ハ)",
                          f"経営する事業に{yen(invest_min)}以上を投資する（ハ）",
                          _with(investment=invest_min)))  # fmt: skip
    return out


def advise(
    app: Applicant, book: RuleBook, opts: Options, day: dt.date, categories: tuple[int, ...]
) -> Advice:
    snap = book.at(day)
    tables = compile_tables(snap)
    actions = actions_for(app, tables)
    rows: list[tuple[int, ...]] = [()]
    rows += [(i,) for i in range(len(actions))]
    by_group: dict[str, list[int]] = {}
    for i, a in enumerate(actions):
        by_group.setdefault(a.group, []).append(i)
    groups = list(by_group.values())
    for size in range(2, MAX_COMBINATION + 1):
        for chosen in itertools.combinations(range(len(groups)), size):
            for combo in itertools.product(*(groups[g] for g in chosen)):
                rows.append(combo)
                if len(rows) >= MAX_ROWS:
                    break
    apps = []
    for combo in rows:
        person = app
        for i in combo:
            person = actions[i].apply(person)
        apps.append(person)
    sc = score(build_columns(apps, opts.coe_reference, opts.grant_window_days), tables, opts)
    total = sc.total
    eligible = sc.eligible
    pass_mark, high = tables.pass_mark, tables.high_mark
    effort = np.array([sum(actions[i].effort for i in c) for c in rows])
    effort_of = {a.id: a.effort for a in actions}
    sizes = np.array([len(c) for c in rows])
    out: dict[str, CategoryAdvice] = {}
    for ci in categories:
        base_total = int(total[ci, 0])
        suggestions = []
        for i, a in enumerate(actions):
            gain = int(total[ci, i + 1]) - base_total
            if gain > 0 or (bool(eligible[ci, i + 1]) and not bool(eligible[ci, 0])):
                suggestions.append(
                    Suggestion(
                        a.id,
                        gain,
                        int(total[ci, i + 1]),
                        bool(eligible[ci, i + 1]),
                        f"{a.en}: +{gain} ({int(total[ci, i + 1])})",
                        f"{a.ja}：+{gain}点（{int(total[ci, i + 1])}点）",
                    )
                )
        # Of the salary raises, keep each that is worth more than every cheaper one.
        best_salary = -1
        kept = []
        for sug in suggestions:
            if sug.id.startswith("salary_"):
                if sug.gain <= best_salary:
                    continue
                best_salary = sug.gain
            kept.append(sug)
        suggestions = kept
        suggestions.sort(key=lambda s: (-s.gain, effort_of[s.id]))
        reach: list[list[Combination]] = []
        for mark in (pass_mark, high):
            ok = eligible[ci] & (total[ci] >= mark)
            if ok[0]:
                reach.append([])
                continue
            found: list[Combination] = []
            for size in range(1, MAX_COMBINATION + 1):
                idx = np.flatnonzero(ok & (sizes == size))
                if len(idx):
                    for j in idx[np.argsort(effort[idx], kind="stable")][:3]:
                        names = [actions[i] for i in rows[j]]
                        found.append(
                            Combination(
                                [a.id for a in names],
                                int(total[ci, j]),
                                " + ".join(a.en for a in names) + f" → {int(total[ci, j])}",
                                "＋".join(a.ja for a in names) + f" → {int(total[ci, j])}点",
                            )
                        )
                    break
            reach.append(found)
        out[CATEGORIES[ci]] = CategoryAdvice(
            CATEGORIES[ci], base_total, bool(eligible[ci, 0]), suggestions, reach[0], reach[1]
        )
    return Advice(
        day.isoformat(),
        pass_mark,
        high,
        out,
        "Gains are for this person on this date, with every exclusion applied. Combinations are "
        "the fewest actions that reach the mark, cheapest first by a rough effort score.",
        "加点はこの方のこの日付の事実に基づき、除外規定をすべて適用しています。組み合わせは基準点に"
        "達する最少の行動を、おおよその負担の小さい順に示しています。",
    )
