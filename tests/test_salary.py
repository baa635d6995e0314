"""kodo salary: the parts of pay counted or left out (dated rule data remuneration.yaml), a
transferee's foreign pay before and after 2013-12-24, allowances left out, a
performance-linked bonus that decides eligibility shown both ways (by kodo's own evaluate), fixed
overtime as a practitioner's view, the floor and J-Skip minimums when near, evaluate with
compensation equal to evaluate with the counted annual_salary, errors naming the fields, and the
text in en/ja/zh within 80 columns."""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import TypeAdapter
from rich.cells import cell_len

from kodo.errors import InputError
from kodo.features.evaluate import evaluate
from kodo.features.salary import salary
from kodo.i18n import catalogue, languages
from kodo.input.compensation import PARTS, remuneration, rules
from kodo.input.compensation_rules import DATA, RemunerationDataError, parse_rules
from kodo.input.read import parse_applicant
from kodo.results.salary import SalaryData
from kodo.shells.cli import main
from kodo.shells.cli_salary import salary_text

LANGS = ("en", "ja", "zh")
REVISION = dt.date(2013, 12, 24)  # foreign-employer pay counts from here (rules.md §5)


def applicant(date: str = "2026-11-21", age: int = 29, **comp: Any) -> dict[str, Any]:
    """A 1号ロ engineer: master's 20, 5 years 10, age (under 30) 15 = 45 before the salary."""
    year = int(date[:4])
    return {
        "date": date,
        "birth_date": f"{year - age - 1}-12-01",
        "category": "b",
        "degrees": [{"level": "master", "field": "CS"}],
        "experience": {"professional": 5},
        "compensation": comp,
    }


def cli(capsys: Any, tmp_path: Path, data: dict[str, Any], *args: str) -> tuple[int, str, str]:
    path = tmp_path / "person.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code = 0
    try:
        main(["salary", str(path), *args])
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def part(result: SalaryData, field: str) -> Any:
    return next(p for p in result.parts if p.field == field)


# ------------------------------------------------------------------------------ the parts


def test_allowances_and_overtime_are_left_out_with_their_reasons() -> None:
    r = salary(applicant(basic_pay=6_000_000, fixed_bonus=1_000_000, commuting_allowance=120_000,
                         housing_allowance=600_000, family_allowance=240_000, overtime=500_000,
                         diligence_allowance=100_000, adjustment_allowance=50_000))  # fmt: skip
    assert r.annual_salary == 7_150_000 and r.given == 8_610_000 and r.left_out == 1_460_000
    for field in ("commuting_allowance", "housing_allowance", "family_allowance", "overtime"):
        p = part(r, field)
        assert not p.counted and p.reason.startswith("Left out") and p.citation
    for field in ("basic_pay", "fixed_bonus", "diligence_allowance", "adjustment_allowance"):
        assert part(r, field).counted and part(r, field).judgement is None
    assert "¥7,150,000" in r.counted_text and "¥1,460,000" in r.counted_text
    assert not r.judgements


def test_other_pay_counts_only_when_taxed_and_its_name_is_never_shown() -> None:
    r = salary(applicant(basic_pay=6_000_000, other=[
        {"name": "secret relocation", "amount": 300_000},
        {"name": "secret stock award", "amount": 500_000, "taxable": True},
    ]))  # fmt: skip
    assert r.annual_salary == 6_500_000
    assert not part(r, "other[0]").counted and part(r, "other[0]").part == "other_untaxed"
    assert part(r, "other[1]").counted and part(r, "other[1]").part == "other_taxable"
    assert [p.field for p in r.parts] == ["basic_pay", "other[0]", "other[1]"]
    for lang in LANGS:
        text = "\n".join(salary_text(salary(applicant(basic_pay=1, other=[
            {"name": "secret relocation", "amount": 300_000}]), lang=lang), lang, 80))  # fmt: skip
        assert "secret" not in text


@pytest.mark.parametrize(
    "day,counted",
    [("2013-06-01", False), ("2013-12-23", False), ("2013-12-24", True), ("2014-06-01", True)],
)
def test_a_transferees_foreign_pay_counts_from_the_2013_revision(day: str, counted: bool) -> None:
    data = applicant(day, basic_pay=5_000_000, foreign_pay=4_000_000)
    r = salary(data)
    p = part(r, "foreign_pay")
    assert p.counted is counted
    assert r.annual_salary == (9_000_000 if counted else 5_000_000)
    assert parse_applicant(data).salary == (r.annual_salary, 0)
    if counted:
        assert p.rule_from == REVISION.isoformat() and p.rule_to is None
    else:
        assert p.rule_to == REVISION.isoformat() and REVISION.isoformat() in p.reason
    assert {c.source for c in p.citation} >= {"ISA-2013"}
    # evaluate reads the same salary: before the revision the foreign pay scores nothing
    ev = evaluate(data)
    salary_item = next(i for i in ev.categories["b"].items if i.id == "salary")
    assert salary_item.points == (35 if counted else 15)  # ¥9M / ¥5M, under 30
    assert ev.to_dict() == evaluate(_as_figure(data)).to_dict()


def test_the_rules_of_the_day_are_the_data_not_code() -> None:
    data = rules()
    assert set(data.parts) == set(PARTS)
    for name, versions in data.parts.items():
        assert versions[0].start == data.coverage_from
        assert versions[-1].end is None
        for a, b in itertools.pairwise(versions):
            assert a.end == b.start, name
    assert [v.counts for v in data.parts["foreign_pay"]] == [False, True]
    assert data.parts["foreign_pay"][1].start == REVISION
    judged = {n: v[-1].judgement.kind for n, v in data.parts.items() if v[-1].judgement}
    assert judged == {"performance_bonus": "option", "fixed_overtime": "practitioner"}


def test_every_reason_part_and_judgement_has_a_sentence_in_every_language() -> None:
    data = rules()
    for lang in languages():
        t = catalogue(lang).templates
        for name, versions in data.parts.items():
            assert f"salary.part.{name}" in t and f"salary.name.{name}" in t, (lang, name)
            for v in versions:
                assert f"salary.reason.{v.reason}" in t, (lang, v.reason)
                if v.judgement:
                    assert f"salary.judgement.{name}" in t, (lang, name)
        for kind in data.thresholds:
            assert f"salary.threshold.{kind}.met" in t and f"salary.threshold.{kind}.not_met" in t


# ------------------------------------------------------------------------------ judgements


def test_a_performance_linked_bonus_that_decides_eligibility_is_shown_both_ways() -> None:
    data = applicant(basic_pay=6_000_000, performance_bonus=1_000_000)  # 65 without, 70 with
    r = salary(data)
    assert r.annual_salary == 7_000_000 and r.performance_linked == 1_000_000
    (j,) = r.judgements
    assert j.part == "performance_bonus" and j.kind == "option" and j.option == "performance_bonus"
    w, wo = j.with_part.categories["b"], j.without_part.categories["b"]
    assert (w.eligible, wo.eligible) == (True, False)
    assert (w.total, wo.total) == (70, 65) and (w.salary_points, wo.salary_points) == (25, 20)
    assert j.decides == ("b",) and j.points_differ == ("b",)
    assert (j.with_part.annual_salary, j.without_part.annual_salary) == (7_000_000, 6_000_000)
    assert j.without_part.options == {"performance_bonus": "exclude"}
    assert "decides" in j.verdict and "HSP(i)(b)" in j.verdict
    # the points are kodo's evaluate under the option, not derived here
    excl = evaluate(data, options={"performance_bonus": "exclude"}).categories["b"]
    assert (excl.total, excl.eligible) == (wo.total, wo.eligible)
    assert part(r, "performance_bonus").judgement == "option"
    for lang, word in (("ja", "要件充足"), ("zh", "符合条件")):
        j2 = salary(data, lang=lang).judgements[0]
        assert word in j2.verdict and j2.decides == ("b",)


def test_fixed_overtime_is_a_practitioner_view_evaluated_without_it() -> None:
    data = applicant(basic_pay=6_000_000, fixed_overtime=1_000_000)
    r = salary(data)
    (j,) = r.judgements
    assert j.kind == "practitioner" and j.option is None
    assert "practitioner" in j.text and "practitioner" in part(r, "fixed_overtime").reason
    assert [c.source for c in j.citation] == ["WEDO-VISA"]
    without = copy.deepcopy(data)
    del without["compensation"]["fixed_overtime"]
    ev = evaluate(without).categories["b"]
    wo = j.without_part.categories["b"]
    assert (ev.total, ev.eligible) == (wo.total, wo.eligible) == (65, False)
    assert j.with_part.categories["b"].eligible and j.decides == ("b",)


def test_a_judgement_that_changes_nothing_says_so() -> None:
    r = salary(applicant(basic_pay=12_000_000, performance_bonus=100_000))
    (j,) = r.judgements
    assert not j.decides and not j.points_differ and "neither" in j.verdict


# ------------------------------------------------------------------------------ thresholds


def test_the_floor_when_near_and_a_bonus_that_crosses_it() -> None:
    data = applicant(basic_pay=2_900_000, performance_bonus=200_000)
    data["japanese"] = {"jlpt": "N1"}
    data["degrees"] = [{"level": "doctorate", "field": "CS"}]
    r = salary(data)
    (t,) = r.thresholds
    assert (t.kind, t.categories, t.amount) == ("salary_floor", ("b",), 3_000_000)
    assert (t.met, t.difference) == (True, 100_000)
    assert t.crossed_by == ("performance_bonus",) and "¥3,000,000" in t.text
    j = r.judgements[0]
    assert j.with_part.categories["b"].eligible and not j.without_part.categories["b"].eligible
    assert j.without_part.categories["b"].verdict == "floor"


def test_below_the_floor_is_said_even_without_a_judgement() -> None:
    r = salary(applicant(basic_pay=2_800_000))
    (t,) = r.thresholds
    assert not t.met and t.difference == -200_000 and "whatever the points" in t.text


def test_j_skip_minimum_when_near_and_crossed() -> None:
    data = applicant(basic_pay=19_500_000, performance_bonus=1_000_000)
    del data["category"]
    r = salary(data)
    jskip = [t for t in r.thresholds if t.kind == "j_skip"]
    assert [(t.categories, t.amount, t.met) for t in jskip] == [(("a", "b"), 20_000_000, True)]
    assert jskip[0].crossed_by == ("performance_bonus",)
    assert "not separately confirmed" in jskip[0].text
    j = r.judgements[0]
    assert j.with_part.categories["b"].j_skip and not j.without_part.categories["b"].j_skip
    assert "b" in j.decides


def test_far_from_every_threshold_nothing_is_shown() -> None:
    assert salary(applicant(basic_pay=8_000_000)).thresholds == ()


# ------------------------------------------------------------------------------ evaluate


def _as_figure(data: dict[str, Any]) -> dict[str, Any]:
    """The same person with the counted salary given as annual_salary."""
    total, perf = parse_applicant(data).salary
    out = {k: v for k, v in data.items() if k != "compensation"}
    out["annual_salary"] = total
    if perf:
        out["salary_performance_linked"] = perf
    return out


@pytest.mark.parametrize(
    "data",
    [
        applicant(basic_pay=6_000_000, performance_bonus=1_000_000, commuting_allowance=90_000),
        applicant(basic_pay=2_900_000, fixed_overtime=200_000, housing_allowance=1_000_000),
        applicant("2013-06-01", basic_pay=4_000_000, foreign_pay=3_000_000),
        applicant(basic_pay_monthly=500_000, fixed_bonus=1_000_000, other=[
            {"name": "x", "amount": 10_000, "taxable": True}]),
    ],
)  # fmt: skip
@pytest.mark.parametrize("reading", ["include", "exclude"])
def test_evaluate_with_compensation_equals_evaluate_with_the_counted_salary(
    data: dict[str, Any], reading: str
) -> None:
    opts = {"performance_bonus": reading}
    given = evaluate(data, options=opts).to_dict()
    assert given == evaluate(_as_figure(data), options=opts).to_dict()
    assert salary(data).annual_salary == parse_applicant(data).salary[0]


def test_remuneration_is_dated() -> None:
    comp = parse_applicant(applicant(basic_pay=1, foreign_pay=10)).compensation
    assert comp is not None
    assert remuneration(comp, dt.date(2013, 12, 23)) == (1, 0)
    assert remuneration(comp, REVISION) == (11, 0)


# ------------------------------------------------------------------------------ input


def test_monthly_basic_pay_is_twelve_months() -> None:
    r = salary(applicant(basic_pay_monthly=400_000))
    p = part(r, "basic_pay_monthly")
    assert (p.amount, p.monthly, p.part) == (4_800_000, 400_000, "basic_pay")
    assert any(n.code == "monthly" and "¥400,000" in n.text for n in r.notes)


@pytest.mark.parametrize("lang", LANGS)
def test_monthly_and_yearly_basic_pay_together_is_refused(lang: str) -> None:
    with pytest.raises(InputError) as exc:
        parse_applicant(applicant(basic_pay=1, basic_pay_monthly=1))
    text = exc.value.render(lang)
    assert "compensation.basic_pay_monthly" in text
    assert re.search(r"basic_pay_monthly.*basic_pay", text.split("compensation.", 1)[1])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("other", ["annual_salary", "salary_performance_linked", "salaries"])
def test_compensation_with_a_salary_figure_names_both(
    lang: str, other: str, capsys: Any, tmp_path: Path
) -> None:
    data = applicant(basic_pay=5_000_000)
    data[other] = [{"from": "2026-01-01", "annual_salary": 1}] if other == "salaries" else 1
    code, out, err = cli(capsys, tmp_path, data, "--lang", lang)
    assert code == 2 and not out
    assert "compensation" in err and other in err and "Traceback" not in err
    word = {"en": "not both", "ja": "両方", "zh": "不能同时"}[lang]
    assert word in err


def test_a_single_figure_is_taken_as_given() -> None:
    data = {k: v for k, v in applicant().items() if k != "compensation"}
    r = salary({**data, "annual_salary": 7_000_000, "salary_performance_linked": 1_000_000})
    assert r.source == "annual_salary" and r.parts == () and r.annual_salary == 7_000_000
    assert r.notes[0].code == "figure_given"
    (j,) = r.judgements
    assert j.fields == ("salary_performance_linked",) and j.decides == ("b",)


@pytest.mark.parametrize("lang", LANGS)
def test_no_salary_at_all_is_an_input_error_naming_compensation(lang: str) -> None:
    data = {k: v for k, v in applicant().items() if k != "compensation"}
    with pytest.raises(InputError) as exc:
        salary(data, lang=lang)
    assert exc.value.problems[0][0] == "compensation"
    assert "annual_salary" in exc.value.render(lang)


# ------------------------------------------------------------------------------ the CLI


@pytest.mark.parametrize("lang", LANGS)
def test_the_text_fits_80_columns_in_every_language(
    lang: str, capsys: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    data = applicant(basic_pay_monthly=500_000, performance_bonus=1_000_000,
                     fixed_overtime=400_000, foreign_pay=2_000_000, commuting_allowance=100_000,
                     other=[{"name": "n", "amount": 1, "taxable": True}])  # fmt: skip
    code, out, _ = cli(capsys, tmp_path, data, "--lang", lang)
    assert code == 0
    long = [x for x in out.splitlines() if cell_len(x) > 80 and not x.strip().startswith("http")]
    assert not long, long
    heads = {"en": "Needs a human judgement", "ja": "人による判断", "zh": "需要人工判断"}
    assert heads[lang] in out and "FORWARD-LAW" in out and "WEDO-VISA" in out
    labels = {"en": "Commuting allowance", "ja": "通勤手当", "zh": "通勤津贴"}
    assert labels[lang] in out


@pytest.mark.parametrize("lang", LANGS)
def test_json_in_every_language(lang: str, capsys: Any, tmp_path: Path) -> None:
    person = applicant(basic_pay=6_000_000, performance_bonus=1_000_000)
    code, out, _ = cli(capsys, tmp_path, person, "--format", "json", "--lang", lang)
    assert code == 0
    data = json.loads(out)
    TypeAdapter(SalaryData).validate_python(data)
    assert data["format"] == "kodo.salary.v1" and data["lang"] == lang
    assert data["annual_salary"] == 7_000_000
    assert data["judgements"][0]["decides"] == ["b"]
    cited = {c["source"] for p in data["parts"] for c in p["citation"]}
    assert cited <= set(data["sources"]) and all(s["url"] for s in data["sources"].values())


def test_bad_options_exit_2_named(capsys: Any, tmp_path: Path) -> None:
    data = applicant(basic_pay=1)
    assert cli(capsys, tmp_path, data, "--format", "xml")[0] == 2
    code, _, err = cli(capsys, tmp_path, data, "-o", "performance_bonus=maybe")
    assert code == 2 and "performance_bonus" in err


@pytest.mark.parametrize("lang", LANGS)
def test_help_fits_80_columns(lang: str, capsys: Any, monkeypatch: Any) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit):
        main(["salary", "--help", "--lang", lang])
    text = capsys.readouterr().out
    assert "--format" in text and max(cell_len(x) for x in text.splitlines()) <= 80


# ------------------------------------------------------------------------------ the data


def _raw() -> dict[str, Any]:
    return yaml.safe_load((DATA / "remuneration.yaml").read_text(encoding="utf-8"))


def _tags() -> set[str]:
    return set(yaml.safe_load((DATA / "sources.yaml").read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    "change,message",
    [
        (lambda d: d["parts"]["foreign_pay"]["versions"][1].update({"from": dt.date(2014, 1, 1)}),
         "foreign_pay.versions[1]"),
        (lambda d: d["parts"]["basic_pay"]["versions"][0]["cite"][0].update({"source": "NOPE"}),
         "unknown source"),
        (lambda d: d["parts"].pop("overtime"), "missing ['overtime']"),
        (lambda d: d["parts"]["performance_bonus"]["versions"][0]["judgement"].update(
            {"option": "nope"}), "unknown option"),
        (lambda d: d["sources"].update({"ISA-QA": d["sources"]["QA-REP"]}), "already in"),
        (lambda d: d["parts"]["overtime"]["versions"][0].update(
            {"judgement": {"kind": "practitioner"}}), "counts"),
        (lambda d: d["parts"]["basic_pay"]["versions"][0].update({"to": dt.date(2020, 1, 1)}),
         "no `to`"),
    ],
)  # fmt: skip
def test_bad_rule_data_fails_loudly_naming_where(change: Any, message: str) -> None:
    raw = _raw()
    change(raw)
    with pytest.raises(RemunerationDataError, match=re.escape(message)):
        parse_rules(raw, _tags(), PARTS)


def test_a_date_other_than_the_inputs_counts_by_the_rules_of_that_date() -> None:
    """The timeline (PR look-backs, forecasts) counts compensation on each day it looks at:
    pay from a foreign organisation before 2013-12-24 does not count there."""
    from kodo.history.timeline import Timeline
    from kodo.rules.book import load_book

    app = parse_applicant(applicant("2014-06-01", basic_pay=5_000_000, foreign_pay=2_000_000))
    line = Timeline(app, dt.date(2014, 6, 1), load_book())
    assert line.facts_on(dt.date(2014, 6, 1)).annual_salary == 7_000_000
    assert line.facts_on(dt.date(2013, 6, 1)).annual_salary == 5_000_000


# ------------------------------------------------------------------------------ issue 11 review


@pytest.mark.parametrize("basic_pay", [1_000_000, 2_000_000])
def test_a_salary_far_below_the_floor_is_never_said_to_be_not_near(basic_pay: int) -> None:
    r = salary(applicant(basic_pay=basic_pay))
    (t,) = r.thresholds
    assert t.kind == "salary_floor" and not t.met and t.difference == basic_pay - 3_000_000
    text = "\n".join(salary_text(r, "en", 80))
    assert "not near" not in text and "whatever the points" in text


def test_the_2012_age_based_floor_not_met_is_shown_and_cited_as_of_its_version() -> None:
    r = salary(applicant(date="2013-06-01", age=29, basic_pay=1_000_000))
    floors = [t for t in r.thresholds if t.kind == "salary_floor"]
    assert floors and not floors[0].met and floors[0].amount == 3_400_000  # under 30 in 2012
    assert [c.source for c in floors[0].citation] == ["PEREGRINE"]
    after = salary(applicant(date="2014-06-01", age=29, basic_pay=2_900_000)).thresholds
    assert [c.source for t in after for c in t.citation] == ["ISA-2013"]


def test_every_judged_part_left_out_together_can_decide_eligibility() -> None:
    # N2: 45 + 10 = 55, and 15 in the salary band from ¥5,000,000 (70) or 10 below it (65);
    # each judged part alone leaves 5,050,000 (the band kept); both together 4,950,000.
    data = applicant(basic_pay=4_950_000, performance_bonus=100_000, fixed_overtime=100_000)
    data["japanese"] = {"jlpt": "N2"}
    r = salary(data)
    assert len(r.judgements) == 2 and not any(j.decides for j in r.judgements)
    t = r.all_judged
    assert t is not None and t.part == "all_judged" and t.kind == "together"
    assert t.amount == 200_000 and set(t.fields) == {"performance_bonus", "fixed_overtime"}
    assert t.decides == ("b",)
    assert t.without_part.annual_salary == 4_950_000
    assert t.without_part.options == {"performance_bonus": "exclude"}
    # the reading is kodo's evaluate, without the overtime and under the option
    without = copy.deepcopy(data)
    del without["compensation"]["fixed_overtime"]
    ev = evaluate(without, options={"performance_bonus": "exclude"}).categories["b"]
    wo = t.without_part.categories["b"]
    assert (ev.total, ev.eligible) == (wo.total, wo.eligible)
    assert not wo.eligible and t.with_part.categories["b"].eligible
    for lang in LANGS:
        lines = salary_text(salary(data, lang=lang), lang, 80)
        assert all(cell_len(x) <= 80 for x in lines if not x.strip().startswith("http"))
    assert "together" in "\n".join(salary_text(r, "en", 80))


def test_one_judged_part_has_no_reading_of_all_together() -> None:
    assert salary(applicant(basic_pay=6_000_000, performance_bonus=1_000_000)).all_judged is None


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("comp", [{}, {"basic_pay": 0}, {"basic_pay": 0, "fixed_bonus": 0}])
def test_a_compensation_block_with_no_part_is_refused_naming_it(
    lang: str, comp: dict[str, Any], capsys: Any, tmp_path: Path
) -> None:
    data = applicant(**comp)
    with pytest.raises(InputError) as exc:
        parse_applicant(data)
    assert exc.value.problems[0][0] == "compensation"
    assert "annual_salary: 0" in exc.value.render(lang)
    code, out, err = cli(capsys, tmp_path, data, "--lang", lang)
    assert code == 2 and not out and "compensation" in err and "Traceback" not in err


def test_a_zero_basic_pay_beside_another_part_is_taken() -> None:
    r = salary(applicant(basic_pay=0, fixed_bonus=4_000_000))
    assert r.annual_salary == 4_000_000
    # a zero salary said as such is taken (no compensation block)
    data = {k: v for k, v in applicant().items() if k != "compensation"}
    assert salary({**data, "annual_salary": 0}).annual_salary == 0
