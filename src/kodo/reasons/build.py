"""Turn engine scores into explained results: reason codes, en/ja sentences, citations,
evidence, verdicts, shortfalls and warnings. Presentation only: no rule logic, no figures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from kodo.applicant import Applicant
from kodo.engine.columns import LEVEL_NAMES, Columns
from kodo.engine.score import Scores, Status
from kodo.engine.tables import Tables
from kodo.options import Options
from kodo.reasons.texts import fill, texts, years_text, yen
from kodo.result import (
    CategoryResult,
    Evaluation,
    ItemResult,
    JSkipResult,
    Prerequisite,
    RulesInfo,
    WarningDetail,
    Withheld,
)
from kodo.rules.book import RuleBook
from kodo.rules.values import CATEGORIES

STATUS_NAMES = {s.value: s.name.lower() for s in Status}
_WITHHELD = {
    Status.BELOW_BAND,
    Status.NOT_IN_CATEGORY,
    Status.EXCLUDED,
    Status.REQUIRES,
    Status.NOT_IN_FORCE,
    Status.UNKNOWN,
    Status.CAPPED,
    Status.MISSING,
}
_LIST_ITEMS = ("foreign_qualification", "growth_field_project", "innovation_support")


@dataclass
class GroupContext:
    """Everything shared by the rows of one snapshot group, pre-converted to Python lists."""

    book: RuleBook
    tables: Tables
    options: Options
    scores: Scores
    cols: Columns
    ranges: dict[str, np.ndarray[Any, Any]]
    lang: str
    today: dt.date

    def __post_init__(self) -> None:
        self.t = texts()
        snap = self.tables.snapshot
        self.citations = {v.rule_id: v.citation_text() for v in snap.versions}
        self.labels = {rid: (r.label_en, r.label_ja) for rid, r in self.book.rules.items()}
        sc = self.scores
        self.points = {
            c: {k: it.points.tolist() for k, it in sc.categories[c].items.items()}
            for c in CATEGORIES
        }
        self.status = {
            c: {k: it.status.tolist() for k, it in sc.categories[c].items.items()}
            for c in CATEGORIES
        }
        self.exists = {
            c: {k: it.exists for k, it in sc.categories[c].items.items()} for c in CATEGORIES
        }
        self.totals = {c: sc.categories[c].total.tolist() for c in CATEGORIES}
        self.eligible = {c: sc.categories[c].eligible.tolist() for c in CATEGORIES}
        self.floor_ok = {c: sc.categories[c].floor_ok.tolist() for c in CATEGORIES}
        self.missing = {
            c: {f: m.tolist() for f, m in sc.categories[c].missing.items()} for c in CATEGORIES
        }
        self.range_lists = {c: self.ranges[c].tolist() for c in CATEGORIES}
        self.depends = {
            opt: {c: m.tolist() for c, m in per.items()} for opt, per in sc.depends.items()
        }
        self.age = self.cols.age.tolist()
        self.age_alt = self.cols.age_alt.tolist()
        self.age_soon = self.cols.age_soon.tolist()
        self.degree = self.cols.degree.tolist()
        self.mf_unknown = self.cols.multiple_fields_unknown.tolist()
        self.js = {
            c: (
                sc.jskip[c].in_force,
                sc.jskip[c].eligible.tolist(),
                sc.jskip[c].salary_ok.tolist(),
                sc.jskip[c].degree_ok.tolist(),
                sc.jskip[c].years_ok.tolist(),
            )
            for c in CATEGORIES
        }
        edges = self.tables.age_edges_all
        band = np.searchsorted(edges, self.cols.age, side="right")
        self.band_soon = (band != np.searchsorted(edges, self.cols.age_soon, side="right")).tolist()
        self.band_alt = (band != np.searchsorted(edges, self.cols.age_alt, side="right")).tolist()


def _pick(lang: str, en: str, ja: str) -> str:
    return ja if lang == "ja" else en


def _first_scoring_salary(tab: Tables, cat: str, age: int) -> int | None:
    ct = tab.categories[cat]
    row = (
        ct.salary_points[int(np.searchsorted(ct.age_edges, age, side="right"))]
        if ct.age_edges.size
        else ct.salary_points[0]
    )
    for i, pts in enumerate(row.tolist()):
        if pts > 0:
            return int(ct.salary_edges[i - 1]) if i > 0 else 0
    return None


def _item_values(
    g: GroupContext, app: Applicant, i: int, cat: str, item: str, status: int
) -> tuple[str, dict[str, Any]]:
    """Code suffix and template values for one item of one row."""
    t = g.t
    tab = g.tables
    label_en, label_ja = g.labels.get(item, (item, item))
    v: dict[str, Any] = {
        "label": label_en,
        "points": g.points[cat][item][i],
        "category": g.book.categories[cat]["label_en"],
        "date": app.date.isoformat() if app.date else "",
    }
    ja: dict[str, Any] = {"label": label_ja, "category": g.book.categories[cat]["label_ja"]}
    suffix = ""
    bonus = tab.bonuses.get(item)
    if status == Status.EXCLUDED and bonus is not None:
        for exc in bonus.excluded_by:
            if exc.item in g.points[cat] and g.points[cat][exc.item][i] > 0:
                suffix = "." + exc.item
                v["excluder"], ja["excluder"] = g.labels[exc.item]
                break
    if status == Status.REQUIRES and bonus is not None:
        req = bonus.requires[0]
        v["required"], ja["required"] = g.labels.get(req, (req, req))
    if status == Status.MISSING:
        fact = (
            "degrees"
            if item == "education"
            else (
                "annual_salary"
                if app.annual_salary is None
                else "birth_date"
                if app.birth_date is None
                else "date"
            )
        )
        v["fact"] = fact
        v["fact_ja"] = t.label("facts", fact)["ja"]
    if status == Status.CAPPED:
        v["count"] = app.licenses
    if item == "education":
        level = LEVEL_NAMES[max(g.degree[i], 0)]
        lab = t.label("levels", level)
        v["level_en"], v["level_ja"] = lab["en"], lab["ja"]
        ct = tab.categories[cat]
        if (
            status == Status.AWARDED
            and ct.business is not None
            and any(d.business for d in app.degrees or ())
            and v["points"] == ct.business
        ):
            suffix = ".business"
    elif item == "career":
        kind = tab.categories[cat].experience
        yrs = getattr(app.experience, kind)
        lab = t.label("experience", kind)
        v.update(years=years_text(yrs), kind_en=lab["en"], kind_ja=lab["ja"])
        v["first_edge"] = years_text(float(tab.career_edges[0]))
    elif item == "salary" and app.annual_salary is not None:
        v["salary"] = yen(app.annual_salary)
        age = g.age[i]
        ct = tab.categories[cat]
        if ct.age_edges.size and age >= 0:
            v["age_clause"] = fill(t.labels["age_clause"]["en"], {"age": age})
            v["age_clause_ja"] = fill(t.labels["age_clause"]["ja"], {"age": age})
        else:
            v["age_clause"] = v["age_clause_ja"] = ""
        first = _first_scoring_salary(tab, cat, max(age, 0))
        v["first_scoring"] = yen(first) if first is not None else "—"
    elif item == "age":
        v["age"] = g.age[i]
        edges = tab.categories[cat].age_table_edges
        v["last_edge"] = int(edges[-1]) if edges is not None else ""
    elif item == "research":
        r = app.research
        mins = tab.research_minimums
        v.update(min_patents=mins[0], min_funded=mins[1], min_papers=mins[2])
        kinds = []
        if r.patents >= mins[0]:
            kinds.append("patents")
        if r.funded_projects >= mins[1]:
            kinds.append("funded_projects")
        if r.papers >= mins[2]:
            kinds.append("papers")
        if r.other:
            kinds.append("other")
        v["count"] = len(kinds)
        v["kinds"] = ", ".join(t.label("research_kinds", k)["en"] for k in kinds)
        ja["kinds"] = "、".join(t.label("research_kinds", k)["ja"] for k in kinds)
    elif item == "licences":
        v["count"] = app.licenses
    elif item == "position":
        if app.position != "none":
            lab = t.label("positions", app.position)
            v["position_en"], v["position_ja"] = lab["en"], lab["ja"]
    elif item in ("n1_or_jp_major", "n2"):
        how_en, how_ja = [], []
        jl = app.japanese.jlpt
        if jl in ("N1", "N2"):
            lab = t.label("japanese", f"jlpt_{jl.lower()}")
            how_en.append(lab["en"])
            how_ja.append(lab["ja"])
        if app.japanese.bjt:
            lab = t.label("japanese", "bjt")
            how_en.append(fill(lab["en"], {"score": app.japanese.bjt}))
            how_ja.append(fill(lab["ja"], {"score": app.japanese.bjt}))
        if item == "n1_or_jp_major" and any(d.japanese_major for d in app.degrees or ()):
            lab = t.label("japanese", "major")
            how_en.append(lab["en"])
            how_ja.append(lab["ja"])
        v["how"], v["how_ja"] = ", ".join(how_en), "、".join(how_ja)
    elif item == "rnd_ratio_sme" and app.employer.rnd_ratio_pct is not None:
        if status == Status.AWARDED:
            suffix = ".ratio"
        v["ratio"] = f"{app.employer.rnd_ratio_pct:g}"
        lab = t.label("rnd", g.options.rnd_threshold)
        v["rule"], v["rule_ja"] = lab["en"], lab["ja"]
    elif item == "top_university":
        if status == Status.AWARDED and g.options.university_criteria == "each":
            suffix = ".each"
        v["criteria"] = len({c for d in app.degrees or () for c in d.university_criteria})
    elif item == "investment_100m":
        v["investment"] = yen(app.investment)
        rule = tab.bonuses.get(item)
        v["min_yen"] = yen(rule.min_yen) if rule and rule.min_yen else ""
    for key, val in v.items():
        ja.setdefault(key, val)
    v["_ja"] = ja
    return suffix, v


def _item(g: GroupContext, app: Applicant, i: int, cat: str, item: str) -> ItemResult:
    status = g.status[cat][item][i]
    suffix, values = _item_values(g, app, i, cat, item, status)
    code = f"{item}.{STATUS_NAMES[status]}{suffix}"
    _, template = g.t.item_template(code)
    ja_values = values.pop("_ja")
    en = fill(template["en"], values)
    ja = fill(template["ja"], ja_values)
    label_en, label_ja = g.labels[item]
    return ItemResult(
        id=item,
        label_en=label_en,
        label_ja=label_ja,
        points=values["points"],
        status=STATUS_NAMES[status],
        code=code,
        reason=_pick(g.lang, en, ja),
        reason_en=en,
        reason_ja=ja,
        citation=g.citations[item],
        evidence=list(g.t.evidence.get(item, ()))
        if status in (Status.AWARDED, Status.CAPPED)
        else [],
    )


def _category(g: GroupContext, app: Applicant, i: int, cat: str) -> CategoryResult:
    t = g.t
    tab = g.tables
    total = g.totals[cat][i]
    items = [
        _item(g, app, i, cat, k)
        for k in g.points[cat]
        if g.exists[cat][k] or g.status[cat][k][i] != Status.NOT_CLAIMED
    ]
    withheld = [
        Withheld(it.id, it.code, it.reason)
        for it in items
        if Status[it.status.upper()] in _WITHHELD
    ]
    missing = [f for f, m in g.missing[cat].items() if m[i]]
    low, high = g.range_lists[cat][i]
    floor = tab.categories[cat].floor
    salary = app.annual_salary
    prereqs: list[Prerequisite] = []
    unmet_en: list[str] = []
    unmet_ja: list[str] = []
    values = {
        "total": total,
        "pass_mark": tab.pass_mark,
        "high_mark": tab.high_mark,
        "salary": yen(salary) if salary is not None else "—",
        "floor": yen(floor) if floor is not None else "—",
    }
    if floor is not None:
        met = None if salary is None else bool(g.floor_ok[cat][i])
        text_en = f"annual salary ≥ {yen(floor)}"
        text_ja = f"年収{yen(floor)}以上"
        prereqs.append(Prerequisite("salary_floor", floor, met, _pick(g.lang, text_en, text_ja)))
        if met is False:
            unmet_en.append(fill(t.unmet["floor"]["en"], values))
            unmet_ja.append(fill(t.unmet["floor"]["ja"], values))
    if total < tab.pass_mark:
        unmet_en.append(fill(t.unmet["points"]["en"], values))
        unmet_ja.append(fill(t.unmet["points"]["ja"], values))
    for fact in missing:
        fv = {"fact": fact, "fact_ja": t.label("facts", fact)["ja"]}
        unmet_en.append(fill(t.unmet["missing"]["en"], fv))
        unmet_ja.append(fill(t.unmet["missing"]["ja"], fv))
    short = max(tab.pass_mark - total, 0)
    short_high = max(tab.high_mark - total, 0)
    values.update(short=short, short_high=short_high, low=low, high=high)
    if missing:
        verdict = "missing"
        values["facts"] = ", ".join(missing)
        values["facts_ja"] = "、".join(t.label("facts", f)["ja"] for f in missing)
    elif g.eligible[cat][i]:
        verdict = "eligible"
    elif floor is not None and not g.floor_ok[cat][i]:
        verdict = "floor"
    else:
        verdict = "short"
    if verdict == "eligible":
        key = "high_reached" if total >= tab.high_mark else "high_short"
        values["high_clause"] = fill(t.verdict[key]["en"], values)
        values["high_clause_ja"] = fill(t.verdict[key]["ja"], values)
    v_en = fill(t.verdict[verdict]["en"], values)
    v_ja = fill(t.verdict[verdict]["ja"], values)
    cat_labels = g.book.categories[cat]
    sf = {
        **values,
        "short_pass": short,
        "category": cat_labels["label_en"],
    }
    sf_en = fill(t.shortfall["en"], sf)
    sf_ja = fill(t.shortfall["ja"], {**sf, "category": cat_labels["label_ja"]})
    return CategoryResult(
        category=cat,
        label_en=cat_labels["label_en"],
        label_ja=cat_labels["label_ja"],
        total=total,
        threshold=tab.pass_mark,
        high_threshold=tab.high_mark,
        eligible=bool(g.eligible[cat][i]),
        verdict=verdict,
        verdict_text=_pick(g.lang, v_en, v_ja),
        verdict_en=v_en,
        verdict_ja=v_ja,
        short_of_threshold=short,
        short_of_high=short_high,
        shortfall=_pick(g.lang, sf_en, sf_ja),
        prerequisites=prereqs,
        items=items,
        withheld=withheld,
        unmet=unmet_ja if g.lang == "ja" else unmet_en,
        missing=missing,
        range=[low, high],
    )


def _jskip(g: GroupContext, app: Applicant, i: int, cat: str) -> JSkipResult:
    t = g.t
    in_force, eligible, salary_ok, degree_ok, years_ok = g.js[cat]
    version = g.tables.snapshot.version("j_skip")
    codes: list[str] = []
    vals: list[dict[str, Any]] = []
    base: dict[str, Any] = {"date": app.date.isoformat() if app.date else ""}
    if not in_force:
        nxt = [v for v in g.book.rules["j_skip"].versions if v.in_force]
        base["since"] = nxt[0].effective_from.isoformat() if nxt else "—"
        codes.append("not_in_force")
        vals.append(base)
    else:
        assert g.tables.jskip is not None
        jt = g.tables.jskip[cat]
        lab = t.label("experience", jt.experience)
        yrs = getattr(app.experience, jt.experience)
        base.update(
            salary=yen(app.annual_salary) if app.annual_salary is not None else "—",
            min_salary=yen(jt.min_salary),
            min_years=years_text(jt.min_years),
            years=years_text(yrs),
            kind_en=lab["en"],
            kind_ja=lab["ja"],
        )
        needs_degree_or_years = bool(jt.degree_ok.any())
        if app.annual_salary is None:
            codes.append("missing_salary")
        elif not salary_ok[i]:
            codes.append("salary_below")
        if not (degree_ok[i] or years_ok[i]):
            if needs_degree_or_years and app.degrees is None:
                codes.append("missing_degrees")
            else:
                codes.append("no_degree_or_years" if needs_degree_or_years else "years_below")
        if eligible[i]:
            if degree_ok[i]:
                level = LEVEL_NAMES[g.degree[i]]
                bl = t.label("levels", level)
                basis = t.labels["j_skip_basis"]["degree"]
                base["basis"] = fill(basis["en"], {"level_en": bl["en"]})
                base["basis_ja"] = fill(basis["ja"], {"level_ja": bl["ja"]})
            else:
                basis = t.labels["j_skip_basis"]["years"]
                base["basis"] = fill(basis["en"], base)
                base["basis_ja"] = fill(basis["ja"], base)
            codes = ["eligible"]
        vals = [base] * len(codes)
    en = [fill(t.jskip[c]["en"], v) for c, v in zip(codes, vals, strict=True)]
    ja = [fill(t.jskip[c]["ja"], v) for c, v in zip(codes, vals, strict=True)]
    return JSkipResult(
        eligible=bool(eligible[i]),
        in_force=in_force,
        reasons=ja if g.lang == "ja" else en,
        reasons_en=en,
        reasons_ja=ja,
        codes=[f"j_skip.{c}" for c in codes],
        citation=version.citation_text(),
    )


def _warnings(
    g: GroupContext, app: Applicant, i: int, ref: dt.date | None, cats: list[str]
) -> list[WarningDetail]:
    t = g.t
    out: list[WarningDetail] = []
    opts = g.options.model_dump()
    for option, per in g.depends.items():
        hit = [c for c in cats if c in per and per[c][i]]
        if hit:
            val = opts[option]
            tmpl = t.warnings[f"option.{option}"]
            v = {
                "value": val,
                "value_en": t.labels.get(option, {}).get(val, {}).get("en", val)
                if option == "university_criteria"
                else val,
            }
            out.append(
                WarningDetail(
                    f"option.{option}", option, fill(tmpl["en"], v), fill(tmpl["ja"], v), hit
                )
            )
    if app.application.kind == "coe" and app.application.planned_entry and g.band_alt[i]:
        tmpl = t.warnings["option.coe_reference"]
        v = {"value": g.options.coe_reference}
        out.append(
            WarningDetail(
                "option.coe_reference",
                "coe_reference",
                fill(tmpl["en"], v),
                fill(tmpl["ja"], v),
                cats,
            )
        )
    if app.salary_performance_linked > 0:
        tmpl = t.warnings["performance_bonus_review"]
        v = {"amount": yen(app.salary_performance_linked)}
        out.append(
            WarningDetail(
                "performance_bonus_review", None, fill(tmpl["en"], v), fill(tmpl["ja"], v), cats
            )
        )
    if ref is not None and app.birth_date is not None and g.band_soon[i]:
        age = g.age[i]
        day = _next_birthday(app.birth_date, ref)
        v = {
            "age": age,
            "next_age": age + 1,
            "day": day.isoformat(),
            "window": g.options.grant_window_days,
        }
        tmpl = t.warnings["age_band_soon"]
        out.append(
            WarningDetail(
                "age_band_soon",
                None,
                fill(tmpl["en"], v),
                fill(tmpl["ja"], v),
                [c for c in cats if g.tables.categories[c].age_dependent],
            )
        )
    if app.date is None:
        tmpl = t.warnings["date_missing"]
        v = {"today": g.today.isoformat()}
        out.append(
            WarningDetail("date_missing", None, fill(tmpl["en"], v), fill(tmpl["ja"], v), cats)
        )
    if any(
        "multiple_fields" in g.status[c] and g.status[c]["multiple_fields"][i] == Status.UNKNOWN
        for c in cats
    ):
        tmpl = t.items["multiple_fields.unknown"]
        out.append(WarningDetail("multiple_fields_unknown", None, tmpl["en"], tmpl["ja"], cats))
    claimed_lists = [k for k in _LIST_ITEMS if any(k in g.points[c] and g.points[c][k][i] > 0 for c in cats)]
    for k in claimed_lists:
        label_en, label_ja = g.labels[k]
        tmpl = t.warnings["list_check"]
        v = {"label": label_en, "label_ja": label_ja}
        out.append(
            WarningDetail(f"list_check.{k}", None, fill(tmpl["en"], v), fill(tmpl["ja"], v), cats)
        )
    return out


def _next_birthday(birth: dt.date, after: dt.date) -> dt.date:
    year = after.year
    while True:
        try:
            day = dt.date(year, birth.month, birth.day)
        except ValueError:  # 29 February in a common year: the age is reached on 1 March
            day = dt.date(year, 3, 1)
        if day > after:
            return day
        year += 1


def build(
    g: GroupContext, app: Applicant, i: int, ref: dt.date | None, category: str | None
) -> Evaluation:
    cats: list[str] = [category] if category else list(CATEGORIES)
    categories = {c: _category(g, app, i, c) for c in cats}
    if category:
        best = category
    else:
        eligible = [c for c in cats if categories[c].eligible]
        pool = eligible or cats
        best = max(pool, key=lambda c: categories[c].total)
    jskip = {c: _jskip(g, app, i, c) for c in CATEGORIES}
    details = _warnings(g, app, i, ref, cats)
    snap = g.tables.snapshot
    missing = sorted(
        {f for c in cats for f in categories[c].missing},
        key=["date", "birth_date", "annual_salary", "degrees"].index,
    )
    age = g.age[i]
    return Evaluation(
        format="kodo.evaluation.v1",
        id=app.id,
        date=app.date.isoformat() if app.date else None,
        reference_date=ref.isoformat() if ref else None,
        rules=RulesInfo(
            version=g.book.version,
            effective_from=snap.effective_from.isoformat(),
            book=g.book.name,
            coverage_from=g.book.coverage_from.isoformat(),
        ),
        options=g.options.model_dump(),
        age=age if age >= 0 else None,
        categories=categories,
        best_category=best,
        j_skip=jskip,
        warnings=[d.ja if g.lang == "ja" else d.en for d in details],
        warning_details=details,
        missing=missing,
        lang=g.lang,
    )
