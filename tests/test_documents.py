"""kodo documents: the checklist of documents (rules.md §7; docs/documents.md)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from kodo.errors import InputError
from kodo.features.documents import documents
from kodo.features.documents_data import load_documents, parse_documents
from kodo.features.documents_proof import prove
from kodo.i18n import catalogue
from kodo.items import DEFAULT
from kodo.rules.book import load_book
from kodo.rules.model import RuleDataError
from kodo.shells.cli import main
from kodo.shells.cli_documents import documents_text
from kodo.yamltext import read_yaml
from tests.conftest import e19

LANGS = ("en", "ja", "zh")
DATA = Path(__file__).parents[1] / "src/kodo/rules/data/documents.yaml"


def person(**extra: Any) -> dict[str, Any]:
    """A ロ applicant with 85 points: master's 20, Japanese degree 10, 4 years 5, ¥6M 20, age 29
    15, N1 15 (more than the 70 needed)."""
    return {
        "date": "2026-11-21",
        "birth_date": "1997-04-02",
        "category": "b",
        "degrees": [{"level": "master", "field": "CS", "japan": True}],
        "experience": {"professional": 4},
        "annual_salary": 6_000_000,
        "japanese": {"jlpt": "N1"},
        **extra,
    }


def run(*argv: str) -> int:
    try:
        main(list(argv))
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def lines_of(result: Any) -> dict[str, Any]:
    return {(d.code, d.date): d for d in result.documents}


# ------------------------------------------------------------------------------ the proof


def test_a_person_with_more_points_than_needed_proves_a_smallest_set() -> None:
    r = documents(person())
    (p,) = r.proofs
    assert (p.total, p.needed, p.met) == (85, 70, True)
    # The salary is always proven in ロ (its document shows the ¥3M floor); then the fewest
    # items reaching 70: education 20 + age 15 + N1 15 (+ salary 20) = 70.
    assert p.enough == ("education", "salary", "age", "n1_or_jp_major")
    assert p.enough_points == 70
    assert p.optional == ("career", "jp_degree")
    lines = lines_of(r)
    assert lines[("evidence.employment_record", None)].need == "optional"
    assert lines[("evidence.jp_degree_certificate", None)].need == "optional"
    salary = lines[("evidence.salary_certificate", None)]
    assert salary.need == "required" and salary.proves == ("salary", "salary_floor")
    assert r.code == "ready" and r.eligible


def test_only_the_items_claimed_have_evidence() -> None:
    r = documents(person())
    evidence = {d.code for d in r.documents if d.section == "evidence"}
    assert "evidence.research_record" not in evidence
    assert "evidence.japanese_n2_evidence" not in evidence


def test_the_salary_floor_is_proven_even_when_the_salary_scores_nothing() -> None:
    # ハ: ¥6M scores nothing but the ¥3M floor must be shown.
    r = documents(person(position="representative", experience={"management": 10}), category="c")
    salary = lines_of(r)[("evidence.salary_certificate", None)]
    assert salary.proves == ("salary_floor",) and salary.need == "required"


def test_not_eligible_is_said_and_every_claimed_item_is_listed_as_required() -> None:
    r = documents(person(birth_date="1985-01-01", degrees=[{"level": "bachelor"}]))
    (p,) = r.proofs
    assert not p.met and p.enough == () and p.optional == ()
    assert r.code == "not_eligible" and not r.eligible
    evidence = [d for d in r.documents if d.section == "evidence"]
    assert evidence and all(d.need == "required" for d in evidence)
    assert "not eligible" in r.text


def test_the_smallest_set_honours_requirements_and_breaks_ties_deterministically() -> None:
    order = [i.id for i in DEFAULT.items]
    claimed = {"education": 30, "innovation_support": 10, "innovation_support_sme": 10,
               "age": 15, "salary": 10, "n1_or_jp_major": 15}  # fmt: skip
    reqs = {"innovation_support_sme": ("innovation_support",)}
    burden = {"age": 0, "education": 1}
    got = prove(claimed, 70, order, burden, reqs, frozenset({"salary"}))
    assert got is not None and sum(claimed[i] for i in got) >= 70
    assert "innovation_support_sme" not in got or "innovation_support" in got
    assert got == prove(claimed, 70, order, burden, reqs, frozenset({"salary"}))
    assert prove({"education": 10}, 70, order, {}, {}) is None
    # Two sets of one item: the less burdensome one wins, then the form's order.
    assert prove({"education": 70, "age": 70}, 70, order, {"education": 1}, {}) == ("age",)
    assert prove({"education": 70, "age": 70}, 70, order, {}, {}) == ("education",)


# ------------------------------------------------------------------------------ kinds


def test_the_kind_defaults_to_the_input_and_an_option_overrides_it() -> None:
    r = documents(person(application={"kind": "coe"}))
    assert r.kind == "coe" and r.kind_source == "input"
    codes = {d.code for d in r.documents}
    assert {"common.application_form_coe", "common.return_envelope"} <= codes
    r = documents(person(application={"kind": "coe"}), kind="renewal")
    assert r.kind == "renewal" and r.kind_source == "option"
    assert "common.application_form_renewal" in {d.code for d in r.documents}


def test_a_bad_kind_is_named() -> None:
    with pytest.raises(InputError) as exc:
        documents(person(), kind="visa")
    assert "kind" in exc.value.render("en")


@pytest.mark.parametrize("lang", LANGS)
def test_a_bad_kind_on_the_command_line_is_named(tmp_path: Path, lang: str, capsys: Any) -> None:
    f = tmp_path / "p.json"
    f.write_text(json.dumps(person()))
    assert run("documents", str(f), "--kind", "visa", "-l", lang) == 2
    err = capsys.readouterr().err
    assert "--kind" in err and "visa" in err and "Traceback" not in err


# ------------------------------------------------------------------------------ employer


def test_categories_1_and_3_need_different_employer_documents() -> None:
    one = documents(person(employer={"category": 1}))
    three = documents(person(employer={"category": 3}))
    c1 = {d.code for d in one.documents if d.section in ("employer", "activity")}
    c3 = {d.code for d in three.documents if d.section in ("employer", "activity")}
    assert c1 == {"employer.category1_proof"}
    assert "employer.withholding_summary" in c3
    assert {"activity.working_conditions", "activity.registry_extract",
            "activity.financial_statements", "activity.company_profile"} <= c3  # fmt: skip
    exempt = {c.category: c.exempt for c in one.employer_categories}
    assert exempt == {1: True, 2: True, 3: False, 4: False}
    assert all(d.need == "required" for d in three.documents if d.section == "activity")


def test_without_a_category_every_category_is_listed_and_the_category_decides() -> None:
    r = documents(person())
    employer = [d for d in r.documents if d.section in ("employer", "activity")]
    assert {c for d in employer for c in d.categories} == {1, 2, 3, 4}
    assert all(d.need == "if_applicable" for d in employer)
    assert "category_decides" in {n.code for n in r.notes}


def test_a_renewal_of_a_category_3_employee_carries_the_resident_tax_certificates() -> None:
    r = documents(person(employer={"category": 3}), kind="renewal")
    assert "common.resident_tax_renewal" in {d.code for d in r.documents}
    r = documents(person(employer={"category": 1}), kind="renewal")
    assert "common.resident_tax_renewal" not in {d.code for d in r.documents}


# ------------------------------------------------------------------------------ permanent residence


def test_permanent_residence_proves_the_points_on_both_dates_of_the_route() -> None:
    r = documents(e19(), kind="pr")
    assert r.route == "points_80" and r.code == "ready"
    assert [(p.date, p.role, p.needed, p.total) for p in r.proofs] == [
        ("2025-06-01", "application", 80, 85),
        ("2024-06-01", "lookback", 80, 85),
    ]
    lines = lines_of(r)
    for day in ("2025-06-01", "2024-06-01"):
        assert lines[("evidence.degree_certificate", day)].need == "required"
        assert lines[("evidence.salary_certificate", day)].need == "required"
    pr = {d.code: d for d in r.documents if d.section == "pr"}
    assert {"pr.pr_reason_letter", "pr.pr_resident_tax", "pr.pr_pension",
            "pr.pr_guarantor", "pr.pr_point_sheets"} <= set(pr)  # fmt: skip
    assert "1 year" in pr["pr.pr_resident_tax"].text
    assert "2024-06-01" in pr["pr.pr_point_sheets"].text
    assert pr["pr.pr_contribution"].need == "optional"
    assert "lookback" in {n.code for n in r.notes}
    assert not [d for d in r.documents if d.section in ("employer", "activity")]


def test_permanent_residence_without_an_open_route_says_so() -> None:
    r = documents(person(), kind="pr")  # no residence history: no route can be open
    assert r.code == "no_route" and r.route is None
    assert "No HSP route" in r.text
    assert not [d for d in r.documents if d.section == "pr"]


# ------------------------------------------------------------------------------ languages, text


@pytest.mark.parametrize("kind", ["change", "pr"])
def test_every_language_gives_the_same_codes_and_the_text_fits_80_columns(kind: str) -> None:
    data = e19(employer={"category": 3}) if kind == "pr" else person()
    results = {lang: documents(data, kind=kind, lang=lang) for lang in LANGS}
    codes = {lang: [(d.code, d.need, d.date) for d in r.documents] for lang, r in results.items()}
    assert codes["en"] == codes["ja"] == codes["zh"]
    for lang, r in results.items():
        text = documents_text(r, lang, 80)
        for line in text:
            assert cell_len(line) <= 80 or line.strip().startswith("http"), line
    assert "必須" in "\n".join(documents_text(results["ja"], "ja", 80))
    assert "必需" in "\n".join(documents_text(results["zh"], "zh", 80))


@pytest.mark.parametrize("lang", LANGS)
def test_the_command_writes_text_and_json(
    tmp_path: Path, lang: str, capsys: Any, monkeypatch: Any
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    f = tmp_path / "p.json"
    f.write_text(json.dumps(person(employer={"category": 3})))
    assert run("documents", str(f), "-l", lang) == 0
    text = capsys.readouterr().out
    assert max(cell_len(x) for x in text.splitlines() if not x.startswith("http")) <= 80
    assert run("documents", str(f), "-l", lang, "-f", "json", "-c", "b") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == "kodo.documents.v1" and data["lang"] == lang
    assert data["proofs"][0]["enough"] == ["education", "salary", "age", "n1_or_jp_major"]


def test_the_help_is_in_every_language(capsys: Any) -> None:
    for lang in LANGS:
        assert run("documents", "--help", "-l", lang) == 0
        assert "--kind" in capsys.readouterr().out


# ------------------------------------------------------------------------------ the data


def test_every_sentence_the_data_names_is_in_every_catalogue() -> None:
    data = load_documents(load_book())
    codes = [f"documents.doc.{e.code}" for e in (*data.common, *data.pr_items, *data.activity)]
    codes += [
        f"documents.doc.{d}" for vs in data.employer.values() for v in vs for d in v.documents
    ]
    codes += [f"documents.note.{e.code}" for e in data.notes]
    codes += [f"document.{c}" for c in data.evidence]
    for lang in LANGS:
        templates = catalogue(lang).templates
        assert [c for c in codes if c not in templates] == []


def test_bad_data_is_refused_naming_the_entry() -> None:
    raw = read_yaml(DATA.read_text("utf-8"))
    tags = load_book().sources
    parse_documents(raw, tags)  # the shipped data is good
    broken = copy.deepcopy(raw)
    del broken["evidence"]["passport"]
    with pytest.raises(RuleDataError, match="passport"):
        parse_documents(broken, tags)
    broken = copy.deepcopy(raw)
    broken["common"][0]["cite"] = [{"source": "NOWHERE"}]
    with pytest.raises(RuleDataError, match="application_form_coe"):
        parse_documents(broken, tags)
    broken = copy.deepcopy(raw)
    broken["employer"]["categories"][2][0]["to"] = "2021-01-01"
    with pytest.raises(RuleDataError, match="overlap"):
        parse_documents(broken, tags)
    broken = copy.deepcopy(raw)
    broken["notes"][0]["to"] = "2000-01-01"
    with pytest.raises(RuleDataError, match="after"):
        parse_documents(broken, tags)


def test_a_missing_core_fact_is_said_not_taken_for_a_shortfall() -> None:
    data = person()
    del data["annual_salary"]
    r = documents(data)
    assert r.code == "facts_missing" and "missing" in {w.code for w in r.warnings}
    assert "missing" in r.proofs[0].text and "short of" not in r.proofs[0].text


# ------------------------------------------------------------------------------ review of issue 11


def j_skip_person(**extra: Any) -> dict[str, Any]:
    """/tmp/review11a/h4_30000000: 50 points in ロ but J-Skip (¥25M and a master's)."""
    return {
        "date": "2026-06-01", "birth_date": "1980-01-01", "category": "b",
        "degrees": [{"level": "master", "field": "Finance"}], "experience": {"professional": 3},
        "annual_salary": 25_000_000, "employer": {"category": 1}, **extra,
    }  # fmt: skip


@pytest.mark.parametrize("lang", LANGS)
def test_a_j_skip_person_gets_the_j_skip_checklist_not_a_point_sheet(lang: str) -> None:
    r = documents(j_skip_person(), lang=lang)
    (p,) = r.proofs
    assert (p.needed, p.met, r.eligible, r.code) == (None, True, True, "ready")
    codes = {d.code for d in r.documents}
    assert "common.point_sheet" not in codes
    evidence = [d for d in r.documents if d.section == "evidence"]
    assert {d.code for d in evidence} == {"evidence.salary_certificate",
                                          "evidence.degree_certificate"}  # fmt: skip
    assert all(d.proves == ("j_skip",) for d in evidence)
    word = {"en": "J-Skip", "ja": "特別高度人材", "zh": "特别高度人才"}[lang]
    assert word in r.text and word in p.text
    text = documents_text(r, lang, 80)
    assert word in "\n".join(text)
    assert all(cell_len(ln) <= 80 or ln.strip().startswith("http") for ln in text)


def h12() -> dict[str, Any]:
    """/tmp/review11a/h12: a J-Skip holder; PR by the J-Skip route on 2026-03-01."""
    return {
        "date": "2026-03-01", "birth_date": "1978-01-01", "category": "b",
        "degrees": [{"level": "master", "field": "Finance", "awarded": "2005-03-20"}],
        "career": [{"kind": "professional", "start": "2022-01-01"}],
        "salaries": [{"from": "2022-01-01", "annual_salary": 22_000_000}],
        "statuses": [{"status": "j_skip_b", "from": "2024-01-15", "to": "2029-01-14"}],
        "residence_since": "2024-01-15",
    }  # fmt: skip


def test_the_j_skip_route_proves_its_criteria_met_and_no_points() -> None:
    r = documents(h12(), kind="pr")
    assert r.route == "j_skip"
    codes = {d.code for d in r.documents}
    assert "pr.pr_point_sheets" not in codes and "common.point_sheet" not in codes
    evidence = [d.code for d in r.documents if d.section == "evidence"]
    assert evidence == ["evidence.salary_certificate", "evidence.degree_certificate"] * 2
    assert "points are proven" not in r.text and "J-Skip criteria" in r.text
    text = "\n".join(documents_text(r, "en", 80))
    assert "Evidence of the J-Skip criteria on" in text and "Evidence of the points" not in text
    # without a degree the 10 years of experience are the criterion proven
    ten = {**h12(), "degrees": [{"level": "bachelor", "awarded": "2000-03-20"}],
           "career": [{"kind": "professional", "start": "2010-01-01"}]}  # fmt: skip
    r = documents(ten, kind="pr")
    assert r.route == "j_skip"
    evidence = [d.code for d in r.documents if d.section == "evidence"]
    assert evidence == ["evidence.salary_certificate", "evidence.employment_record"] * 2


@pytest.mark.parametrize("lang", LANGS)
def test_a_coe_is_proven_on_the_planned_entry_date(lang: str) -> None:
    app = person(
        birth_date="1996-12-01", application={"kind": "coe", "planned_entry": "2027-01-10"}
    )
    r = documents(app, lang=lang)
    (p,) = r.proofs
    assert r.date == "2026-11-21" and p.date == "2027-01-10"
    entry = {"en": "planned entry date", "ja": "入国予定日", "zh": "预定入境日"}[lang]
    assert entry in p.text and entry in r.text
    assert "option.coe_reference" in {w.code for w in r.warnings}  # turns 30 in between


def test_a_renewal_lists_by_category_and_the_company_papers_after_a_transfer_only() -> None:
    r = documents(person(employer={"category": 3}), kind="renewal")
    lines = {d.code: d for d in r.documents}
    for code in ("employer.withholding_summary", "employer.financial_statements",
                 "common.resident_tax_renewal"):  # fmt: skip
        assert lines[code].need == "required", code
    for code in ("activity.working_conditions", "activity.registry_extract",
                 "activity.company_profile"):  # fmt: skip
        assert lines[code].need == "if_applicable" and "first renewal" in lines[code].text
    assert "activity.financial_statements" not in lines
    assert "employer.business_plan" not in lines
    one = documents(person(employer={"category": 1}), kind="renewal")
    assert {d.code for d in one.documents if d.section in ("employer", "activity")} == {
        "employer.category1_proof"
    }
    coe = documents(person(employer={"category": 3}), kind="change")
    assert all(d.need == "required" for d in coe.documents if d.section == "activity")


def test_category_2_says_nothing_of_the_online_system_before_it_is_in_the_table() -> None:
    old = documents(person(date="2013-06-01", birth_date="1984-04-02"))
    c2 = next(c for c in old.employer_categories if c.category == 2)
    assert "online" not in c2.text
    new = documents(person())
    assert "online" in next(c for c in new.employer_categories if c.category == 2).text


def test_the_research_evidence_lists_only_the_kinds_claimed() -> None:
    app = {**person(category="a"), "experience": {"research": 4},
           "research": {"papers": 3}}  # fmt: skip
    r = documents(app)
    research = [d for d in r.documents if "research_record" in d.code]
    assert [d.code for d in research] == ["evidence.research_record.papers"]
    assert "Patent" not in research[0].text and "papers" in research[0].text
    both = documents({**app, "research": {"papers": 3, "patents": 1}})
    assert [d.code for d in both.documents if "research_record" in d.code] == [
        "evidence.research_record.patents", "evidence.research_record.papers"
    ]  # fmt: skip


def test_a_defaulted_kind_is_said_to_be_the_default() -> None:
    r = documents(person())
    assert (r.kind, r.kind_source) == ("change", "default")
    assert r.notes[0].code == "kind_default" and "default" in r.notes[0].text
    given = documents(person(application={"kind": "change"}))
    assert given.kind_source == "input" and "kind_default" not in {n.code for n in given.notes}
