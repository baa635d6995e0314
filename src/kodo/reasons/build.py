"""Turn engine scores into explained results: reason codes, en/ja sentences, citations,
evidence, verdicts, shortfalls and warnings. Presentation only: no rule logic, no figures.

Item explanations are immutable and cached by the facts their sentence uses, so that a
population of similar people (or one person evaluated again) reuses them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from kodo.applicant import Applicant
from kodo.engine.columns import LEVEL_NAMES, Columns
from kodo.engine.score import (
    AWARDED,
    CAPPED,
    EXCLUDED,
    MISSING,
    NOT_CLAIMED,
    NOT_IN_FORCE,
    REQUIRES,
    UNKNOWN,
    Scores,
    Status,
)
from kodo.engine.tables import ITEM_ORDER, NEVER, ROW, Tables
from kodo.options import Options, options_dict
from kodo.reasons.texts import Texts, fill, texts, years_text, yen
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

STATUS_NAMES = tuple(s.name.lower() for s in Status)
_WITHHELD = {s.value for s in Status} - {AWARDED, NOT_CLAIMED}
_LIST_ITEMS = ("foreign_qualification", "growth_field_project", "innovation_support")
_FACT_ORDER = ("date", "birth_date", "annual_salary", "degrees")
_CACHE_LIMIT = 200_000


@dataclass
class Static:
    """Per (rule snapshot, language): labels, citations, evidence and the item cache."""

    book: RuleBook
    tables: Tables
    lang: str
    t: Texts = field(init=False)
    citations: dict[str, str] = field(init=False)
    labels: dict[str, tuple[str, str]] = field(init=False)
    rules_info: RulesInfo = field(init=False)
    excluders: dict[int, tuple[tuple[int, str], ...]] = field(init=False)
    item_cache: dict[tuple[Any, ...], ItemResult] = field(default_factory=dict)
    jskip_cache: dict[tuple[Any, ...], JSkipResult] = field(default_factory=dict)
    category_cache: dict[tuple[Any, ...], Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.t = texts()
        snap = self.tables.snapshot
        self.citations = {v.rule_id: v.citation_text() for v in snap.versions}
        self.labels = {rid: (r.label_en, r.label_ja) for rid, r in self.book.rules.items()}
        self.rules_info = RulesInfo(
            version=self.book.version,
            effective_from=snap.effective_from.isoformat(),
            book=self.book.name,
            coverage_from=self.book.coverage_from.isoformat(),
        )
        self.excluders = {
            rule.row: tuple((e.row, ITEM_ORDER[e.row]) for e in rule.excluded_by)
            for rule in self.tables.bonuses
        }


@lru_cache(maxsize=32)
def _static(book: RuleBook, tables: Tables, lang: str) -> Static:
    return Static(book, tables, lang)


@dataclass
class GroupContext:
    """Everything shared by the rows of one snapshot group, pre-converted to Python lists."""

    book: RuleBook
    tables: Tables
    options: Options
    scores: Scores
    cols: Columns
    ranges: np.ndarray[Any, Any]  # (3, n, 2)
    lang: str
    today: dt.date

    def __post_init__(self) -> None:
        self.s = _static(self.book, self.tables, self.lang)
        self.t = self.s.t
        sc = self.scores
        self.options_dict = options_dict(self.options)
        self.points = sc.points.transpose(2, 0, 1).tolist()  # [row][cat][item]
        self.status = sc.status.transpose(2, 0, 1).tolist()
        self.exists = self.tables.exists.tolist()  # [cat][item]
        self.totals = sc.total.T.tolist()  # [row][cat]
        self.eligible = sc.eligible.T.tolist()
        self.floor_ok = sc.floor_ok.T.tolist()
        self.floor = sc.floor.T.tolist()
        self.missing = {f: m.T.tolist() for f, m in sc.missing.items()}
        self.ranges_rows = self.ranges.transpose(1, 0, 2).tolist()  # [row][cat][2]
        self.depends = {opt: m.T.tolist() for opt, m in sc.depends.items() if m.any()}
        self.age = self.cols.age.tolist()
        self.degree = self.cols.degree.tolist()
        self.js = (
            sc.jskip_eligible.T.tolist(),
            sc.jskip_salary_ok.T.tolist(),
            sc.jskip_degree_ok.T.tolist(),
            sc.jskip_years_ok.T.tolist(),
        )
        # Rows whose age band differs at the end of the grant window / on the other COE date.
        edges = self.tables.age_edges_all
        ages = np.searchsorted(
            edges, np.array([self.cols.age, self.cols.age_soon, self.cols.age_alt]), "right"
        )
        self.band_soon = (ages[0] != ages[1]).tolist()
        self.band_alt = (ages[0] != ages[2]).tolist()


def _pick(lang: str, en: str, ja: str) -> str:
    return ja if lang == "ja" else en


def _first_scoring_salary(tab: Tables, ci: int, age: int) -> int | None:
    """The lowest salary that scores in category ``ci`` at ``age`` (None: none scores)."""
    band = int((age >= tab.salary_age_edges3[ci]).sum())
    for i, pts in enumerate(tab.salary_points3[ci, band].tolist()):
        if pts > 0:
            return int(tab.salary_edges3[ci, i - 1]) if i > 0 else 0
    return None


def _missing_fact(app: Applicant, item: str) -> str:
    if item == "education":
        return "degrees"
    if app.annual_salary is None and item == "salary":
        return "annual_salary"
    return "birth_date" if app.birth_date is None else "date"


def _fact_key(app: Applicant, item: str, status: int, age: int) -> tuple[Any, ...]:
    """The facts an item's sentence uses (the cache key); () when it uses none."""
    if status == NOT_CLAIMED and item not in ("education", "career"):
        return ()
    if status == MISSING:
        return (_missing_fact(app, item),)
    if status == NOT_IN_FORCE:
        return (app.date,)
    if status in (REQUIRES, UNKNOWN) or status == 3:  # 3 = not in category
        return ()
    if item == "education":
        return (tuple(d.business for d in app.degrees or ()),)
    if item == "career":
        e = app.experience
        return (e.research, e.professional, e.management)
    if item == "salary":
        return (app.annual_salary, age)
    if item == "age":
        return (age,)
    if item == "research":
        r = app.research
        return (r.patents, r.funded_projects, r.papers, r.other)
    if item in ("licences",):
        return (app.licenses,)
    if item == "position":
        return (app.position,)
    if item in ("n1_or_jp_major", "n2"):
        majors = any(d.japanese_major for d in app.degrees or ())
        return (app.japanese.jlpt, app.japanese.bjt, majors)
    if item == "rnd_ratio_sme":
        return (app.employer.rnd_ratio_pct,)
    if item == "top_university":
        return tuple(sorted({c for d in app.degrees or () for c in d.university_criteria}))
    if item == "investment_100m":
        return (app.investment,)
    return ()


def _item_values(
    g: GroupContext, app: Applicant, i: int, ci: int, item: str, status: int, pts: int
) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """Code suffix and the English / Japanese template values for one item of one row."""
    t = g.t
    tab = g.tables
    cat = CATEGORIES[ci]
    label_en, label_ja = g.s.labels[item]
    v: dict[str, Any] = {
        "label": label_en,
        "points": pts,
        "category": g.book.categories[cat]["label_en"],
        "date": app.date.isoformat() if app.date else "",
    }
    ja: dict[str, Any] = {"label": label_ja, "category": g.book.categories[cat]["label_ja"]}
    suffix = ""
    row = ROW[item]
    if status == EXCLUDED:
        for ex_row, ex_item in g.s.excluders.get(row, ()):
            if g.points[i][ci][ex_row] > 0:
                suffix = "." + ex_item
                v["excluder"], ja["excluder"] = g.s.labels[ex_item]
                break
    if status == REQUIRES:
        req = tab.bonus_params[item]
        req_id = req.requires[0] if req is not None and req.requires else item
        v["required"], ja["required"] = g.s.labels[req_id]
    if status == MISSING:
        fact = _missing_fact(app, item)
        v["fact"] = fact
        v["fact_ja"] = t.label("facts", fact)["ja"]
    if status == CAPPED:
        v["count"] = app.licenses
    if item == "education":
        level = LEVEL_NAMES[max(g.degree[i], 0)]
        lab = t.label("levels", level)
        v["level_en"], v["level_ja"] = lab["en"], lab["ja"]
        biz = int(tab.business[ci])
        business = any(d.business for d in app.degrees or ())
        if status == AWARDED and biz >= 0 and business and pts == biz:
            suffix = ".business"
    elif item == "career":
        kind = tab.experience[ci]
        lab = t.label("experience", kind)
        v.update(years=years_text(getattr(app.experience, kind)), kind_en=lab["en"])
        v.update(kind_ja=lab["ja"], first_edge=years_text(float(tab.career_edges[0])))
    elif item == "salary" and app.annual_salary is not None:
        v["salary"] = yen(app.annual_salary)
        age = g.age[i]
        if tab.has_age_bands[ci] and age >= 0:
            v["age_clause"] = fill(t.labels["age_clause"]["en"], {"age": age})
            v["age_clause_ja"] = fill(t.labels["age_clause"]["ja"], {"age": age})
        else:
            v["age_clause"] = v["age_clause_ja"] = ""
        first = _first_scoring_salary(tab, ci, max(age, 0))
        v["first_scoring"] = yen(first) if first is not None else "—"
    elif item == "age":
        v["age"] = g.age[i]
        edges = tab.age_edges3[ci][tab.age_edges3[ci] < NEVER]
        v["last_edge"] = int(edges[-1]) if edges.size else ""
    elif item == "research":
        r = app.research
        mins = tab.research_minimums
        v.update(min_patents=mins[0], min_funded=mins[1], min_papers=mins[2])
        kinds = [
            k
            for k, ok in (
                ("patents", r.patents >= mins[0]),
                ("funded_projects", r.funded_projects >= mins[1]),
                ("papers", r.papers >= mins[2]),
                ("other", r.other),
            )
            if ok
        ]
        v["count"] = len(kinds)
        v["kinds"] = ", ".join(t.label("research_kinds", k)["en"] for k in kinds)
        ja["kinds"] = "、".join(t.label("research_kinds", k)["ja"] for k in kinds)
    elif item == "licences":
        v["count"] = app.licenses
    elif item == "position" and app.position != "none":
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
        if status == AWARDED:
            suffix = ".ratio"
        v["ratio"] = f"{app.employer.rnd_ratio_pct:g}"
        lab = t.label("rnd", g.options.rnd_threshold)
        v["rule"], v["rule_ja"] = lab["en"], lab["ja"]
    elif item == "top_university":
        if status == AWARDED and g.options.university_criteria == "each":
            suffix = ".each"
        v["criteria"] = len({c for d in app.degrees or () for c in d.university_criteria})
    elif item == "investment_100m":
        v["investment"] = yen(app.investment)
        rule = tab.bonus_params.get(item)
        v["min_yen"] = yen(rule.min_yen) if rule and rule.min_yen else ""
    for key, val in v.items():
        ja.setdefault(key, val)
    return suffix, v, ja


def _item(g: GroupContext, app: Applicant, i: int, ci: int, row: int, status: int) -> ItemResult:
    item = ITEM_ORDER[row]
    pts = g.points[i][ci][row]
    excluders: tuple[bool, ...] = ()
    if status == EXCLUDED:
        excluders = tuple(g.points[i][ci][r] > 0 for r, _ in g.s.excluders.get(row, ()))
    fact_key = _fact_key(app, item, status, g.age[i])
    key = (ci, row, status, pts, g.degree[i], fact_key, excluders)
    cached = g.s.item_cache.get(key)
    if cached is not None:
        return cached
    suffix, values, ja_values = _item_values(g, app, i, ci, item, status, pts)
    code = f"{item}.{STATUS_NAMES[status]}{suffix}"
    _, template = g.t.item_template(code)
    en = fill(template["en"], values)
    ja = fill(template["ja"], ja_values)
    label_en, label_ja = g.s.labels[item]
    result = ItemResult(
        id=item,
        label_en=label_en,
        label_ja=label_ja,
        points=pts,
        status=STATUS_NAMES[status],
        code=code,
        reason=_pick(g.lang, en, ja),
        reason_en=en,
        reason_ja=ja,
        citation=g.s.citations[item],
        evidence=tuple(g.t.evidence.get(item, ())) if status in (AWARDED, CAPPED) else (),
    )
    if len(g.s.item_cache) > _CACHE_LIMIT:
        g.s.item_cache.clear()
    g.s.item_cache[key] = result
    return result


def _category(g: GroupContext, app: Applicant, i: int, ci: int) -> CategoryResult:
    tab = g.tables
    cat = CATEGORIES[ci]
    total = g.totals[i][ci]
    exists = g.exists[ci]
    shown = [(r, st) for r, st in enumerate(g.status[i][ci]) if exists[r] or st != NOT_CLAIMED]
    items = [_item(g, app, i, ci, row, st) for row, st in shown]
    withheld = [
        Withheld(it.id, it.code, it.reason)
        for it, (_, st) in zip(items, shown, strict=True)
        if st in _WITHHELD
    ]
    missing = [f for f in _FACT_ORDER if g.missing[f][i][ci]]
    low, high = g.ranges_rows[i][ci]
    floor_ok = bool(g.floor_ok[i][ci])
    floor = int(g.floor[i][ci])
    eligible = bool(g.eligible[i][ci])
    key = (ci, total, eligible, floor_ok, floor, tuple(missing), low, high, app.annual_salary)
    texts_ = g.s.category_cache.get(key)
    if texts_ is None:
        texts_ = _category_texts(
            g, ci, total, eligible, floor_ok, floor, missing, low, high, app.annual_salary
        )
        if len(g.s.category_cache) > _CACHE_LIMIT:
            g.s.category_cache.clear()
        g.s.category_cache[key] = texts_
    verdict, v_en, v_ja, sf_en, sf_ja, unmet_en, unmet_ja, prereqs = texts_
    short = max(tab.pass_mark - total, 0)
    short_high = max(tab.high_mark - total, 0)
    labels = g.book.categories[cat]
    return CategoryResult(
        category=cat,
        label_en=labels["label_en"],
        label_ja=labels["label_ja"],
        total=total,
        threshold=tab.pass_mark,
        high_threshold=tab.high_mark,
        eligible=eligible,
        verdict=verdict,
        verdict_text=_pick(g.lang, v_en, v_ja),
        verdict_en=v_en,
        verdict_ja=v_ja,
        short_of_threshold=short,
        short_of_high=short_high,
        shortfall=_pick(g.lang, sf_en, sf_ja),
        prerequisites=list(prereqs),
        items=items,
        withheld=withheld,
        unmet=list(unmet_ja if g.lang == "ja" else unmet_en),
        missing=missing,
        range=[low, high],
    )


CategoryTexts = tuple[
    str, str, str, str, str, tuple[str, ...], tuple[str, ...], tuple[Prerequisite, ...]
]


def _category_texts(
    g: GroupContext,
    ci: int,
    total: int,
    eligible: bool,
    floor_ok: bool,
    floor: int,
    missing: list[str],
    low: int,
    high: int,
    salary: int | None,
) -> CategoryTexts:
    """Verdict, shortfall line, unmet conditions and prerequisites of one category."""
    t = g.t
    tab = g.tables
    prereqs: list[Prerequisite] = []
    unmet_en: list[str] = []
    unmet_ja: list[str] = []
    values: dict[str, Any] = {
        "total": total,
        "pass_mark": tab.pass_mark,
        "high_mark": tab.high_mark,
        "salary": yen(salary) if salary is not None else "—",
        "floor": yen(floor) if floor >= 0 else "—",
    }
    if floor >= 0:
        met = None if salary is None else floor_ok
        text = _pick(g.lang, f"annual salary ≥ {yen(floor)}", f"年収{yen(floor)}以上")
        prereqs.append(Prerequisite("salary_floor", floor, met, text))
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
    elif eligible:
        verdict = "eligible"
        key = "high_reached" if total >= tab.high_mark else "high_short"
        values["high_clause"] = fill(t.verdict[key]["en"], values)
        values["high_clause_ja"] = fill(t.verdict[key]["ja"], values)
    elif floor >= 0 and not floor_ok:
        verdict = "floor"
    else:
        verdict = "short"
    v_en = fill(t.verdict[verdict]["en"], values)
    v_ja = fill(t.verdict[verdict]["ja"], values)
    labels = g.book.categories[CATEGORIES[ci]]
    if missing:
        level = "missing"
    elif total >= tab.high_mark:
        level = "reached"
    else:
        level = "pass" if total >= tab.pass_mark else "short"
    sf = {**values, "category": labels["label_en"]}
    sf_en = fill(t.shortfall[level]["en"], sf)
    sf_ja = fill(t.shortfall[level]["ja"], {**sf, "category": labels["label_ja"]})
    return verdict, v_en, v_ja, sf_en, sf_ja, tuple(unmet_en), tuple(unmet_ja), tuple(prereqs)


def _jskip(g: GroupContext, app: Applicant, i: int, ci: int) -> JSkipResult:
    eligible, salary_ok, degree_ok, years_ok = (x[i][ci] for x in g.js)
    kind = g.tables.jskip_experience[ci]
    key = (
        "j_skip",
        ci,
        eligible,
        salary_ok,
        degree_ok,
        years_ok,
        app.annual_salary,
        g.degree[i],
        getattr(app.experience, kind),
        app.date if not g.scores.jskip_in_force else None,
    )
    cached = g.s.jskip_cache.get(key)
    if cached is None:
        cached = _jskip_result(g, app, i, ci, (eligible, salary_ok, degree_ok, years_ok))
        if len(g.s.jskip_cache) > _CACHE_LIMIT:
            g.s.jskip_cache.clear()
        g.s.jskip_cache[key] = cached
    return cached


def _jskip_result(
    g: GroupContext, app: Applicant, i: int, ci: int, flags: tuple[bool, bool, bool, bool]
) -> JSkipResult:
    t = g.t
    eligible, salary_ok, degree_ok, years_ok = flags
    version = g.tables.snapshot.version("j_skip")
    codes: list[str] = []
    base: dict[str, Any] = {"date": app.date.isoformat() if app.date else ""}
    if not g.scores.jskip_in_force:
        later = [v for v in g.book.rules["j_skip"].versions if v.in_force]
        base["since"] = later[0].effective_from.isoformat() if later else "—"
        codes.append("not_in_force")
    else:
        assert g.tables.jskip is not None
        kind = g.tables.jskip_experience[ci]
        lab = t.label("experience", kind)
        base.update(
            salary=yen(app.annual_salary) if app.annual_salary is not None else "—",
            min_salary=yen(g.tables.jskip[ci]),
            min_years=years_text(float(g.tables.jskip_min_years[ci])),
            years=years_text(getattr(app.experience, kind)),
            kind_en=lab["en"],
            kind_ja=lab["ja"],
        )
        degree_counts = bool(g.tables.jskip_degree_ok[ci].any())
        if eligible:
            if degree_ok:
                bl = t.label("levels", LEVEL_NAMES[g.degree[i]])
                basis = t.labels["j_skip_basis"]["degree"]
                base["basis"] = fill(basis["en"], {"level_en": bl["en"]})
                base["basis_ja"] = fill(basis["ja"], {"level_ja": bl["ja"]})
            else:
                basis = t.labels["j_skip_basis"]["years"]
                base["basis"] = fill(basis["en"], base)
                base["basis_ja"] = fill(basis["ja"], base)
            codes.append("eligible")
        else:
            if app.annual_salary is None:
                codes.append("missing_salary")
            elif not salary_ok:
                codes.append("salary_below")
            if not (degree_ok or years_ok):
                if degree_counts and app.degrees is None:
                    codes.append("missing_degrees")
                else:
                    codes.append("no_degree_or_years" if degree_counts else "years_below")
    en = [fill(t.jskip[c]["en"], base) for c in codes]
    ja = [fill(t.jskip[c]["ja"], base) for c in codes]
    return JSkipResult(
        eligible=bool(eligible),
        in_force=g.scores.jskip_in_force,
        reasons=tuple(ja if g.lang == "ja" else en),
        reasons_en=tuple(en),
        reasons_ja=tuple(ja),
        codes=tuple(f"j_skip.{c}" for c in codes),
        citation=version.citation_text(),
    )


def _warning(
    t: Texts,
    template: str,
    option: str | None,
    values: dict[str, Any],
    cats: list[str],
    code: str | None = None,
) -> WarningDetail:
    tmpl = t.warnings[template]
    en, ja = fill(tmpl["en"], values), fill(tmpl["ja"], values)
    return WarningDetail(code or template, option, en, ja, cats)


def _warnings(
    g: GroupContext, app: Applicant, i: int, ref: dt.date | None, cis: list[int]
) -> list[WarningDetail]:
    t = g.t
    cats = [CATEGORIES[ci] for ci in cis]
    out: list[WarningDetail] = []
    for option, per in g.depends.items():
        hit = [CATEGORIES[ci] for ci in cis if per[i][ci]]
        if hit:
            value = g.options_dict[option]
            value_en = t.labels.get(option, {}).get(value, {}).get("en", value)
            out.append(
                _warning(t, f"option.{option}", option, {"value": value, "value_en": value_en}, hit)
            )
    if app.application.kind == "coe" and app.application.planned_entry and g.band_alt[i]:
        out.append(
            _warning(
                t, "option.coe_reference", "coe_reference", {"value": g.options.coe_reference}, cats
            )
        )
    if app.salary_performance_linked > 0:
        amount = yen(app.salary_performance_linked)
        out.append(_warning(t, "performance_bonus_review", None, {"amount": amount}, cats))
    if ref is not None and app.birth_date is not None and g.band_soon[i]:
        age = g.age[i]
        v = {
            "age": age,
            "next_age": age + 1,
            "day": _next_birthday(app.birth_date, ref).isoformat(),
            "window": g.options.grant_window_days,
        }
        aged = [CATEGORIES[ci] for ci in cis if g.tables.age_dependent[ci]]
        out.append(_warning(t, "age_band_soon", None, v, aged))
    if app.date is None:
        out.append(_warning(t, "date_missing", None, {"today": g.today.isoformat()}, cats))
    elif g.options.past_rules == "now" and app.date < g.today:
        v = {"day": app.date.isoformat(), "today": g.today.isoformat()}
        out.append(_warning(t, "option.past_rules", "past_rules", v, cats))
    mf = ROW["multiple_fields"]
    if any(g.status[i][ci][mf] == UNKNOWN for ci in cis):
        tmpl = t.items["multiple_fields.unknown"]
        out.append(WarningDetail("multiple_fields_unknown", None, tmpl["en"], tmpl["ja"], cats))
    for item in _LIST_ITEMS:
        if any(g.points[i][ci][ROW[item]] > 0 for ci in cis):
            label_en, label_ja = g.s.labels[item]
            v = {"label": label_en, "label_ja": label_ja}
            out.append(_warning(t, "list_check", None, v, cats, code=f"list_check.{item}"))
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
    cis = [CATEGORIES.index(category)] if category else [0, 1, 2]
    categories = {CATEGORIES[ci]: _category(g, app, i, ci) for ci in cis}
    if category:
        best = category
    else:
        pool = [c for c in categories.values() if c.eligible] or list(categories.values())
        best = max(pool, key=lambda c: c.total).category
    jskip = {CATEGORIES[ci]: _jskip(g, app, i, ci) for ci in range(3)}
    details = _warnings(g, app, i, ref, cis)
    missing = [f for f in _FACT_ORDER if any(g.missing[f][i][ci] for ci in cis)]
    age = g.age[i]
    return Evaluation(
        format="kodo.evaluation.v1",
        id=app.id,
        date=app.date.isoformat() if app.date else None,
        reference_date=ref.isoformat() if ref else None,
        rules=g.s.rules_info,
        options=dict(g.options_dict),
        age=age if age >= 0 else None,
        categories=categories,
        best_category=best,
        j_skip=jskip,
        warnings=[d.ja if g.lang == "ja" else d.en for d in details],
        warning_details=details,
        missing=missing,
        lang=g.lang,
    )
