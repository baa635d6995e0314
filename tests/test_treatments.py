"""kodo treatments: the preferential treatments on a date (rules.md §3, §4.2–4.4, §5).

The parent's stay ends on the youngest child's 7th birthday (29 February too); household
income at the floor exactly; the 2012-2013 floors on 2013-06-01; J-Skip's two workers at
¥30M; unknown household facts are "unknown — ask", never "unmet"; every output in en/ja/zh;
the text within 80 columns; the JSON's shape; bad input exits 2 naming the field; the rule
data fails loudly when it does not fit.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import TypeAdapter
from rich.cells import cell_len

from kodo.features.treatments import treatments
from kodo.features.treatments_data import ORDER, load_treatments, parse_treatments
from kodo.i18n import languages
from kodo.jsondata import to_data
from kodo.results.treatments import TreatmentsResult
from kodo.rules.model import RuleDataError
from kodo.shells.cli import main

# Eligible in 1号ロ with 75 points on 2026-04-01 on a salary of ¥6,000,000.
BASE: dict[str, Any] = {
    "date": "2026-04-01",
    "birth_date": "1990-01-01",
    "degrees": [{"level": "master"}],
    "annual_salary": 6_000_000,
    "experience": {"professional": 7},
    "japanese": {"jlpt": "N1"},
}
# J-Skip in 1号ロ on 2024-01-01 (¥30M and a master's degree).
J_SKIP: dict[str, Any] = {
    "date": "2024-01-01",
    "birth_date": "1985-01-01",
    "degrees": [{"level": "master"}],
    "annual_salary": 30_000_000,
    "experience": {"professional": 7},
}
WORKER = {"birth_date": "1980-01-01", "monthly_pay": 200_000}


def person(household: dict[str, Any] | None = None, base: dict[str, Any] = BASE, **more: Any):
    data = {**copy.deepcopy(base), **more}
    if household is not None:
        data["household"] = household
    return data


def get(result: TreatmentsResult, tid: str) -> Any:
    return next(t for t in result.treatments if t.id == tid)


def cond(result: TreatmentsResult, tid: str, code: str) -> Any:
    return next(c for c in get(result, tid).conditions if c.code == code)


# ------------------------------------------------------------------------------ parents


def test_a_parent_stays_until_the_childs_seventh_birthday() -> None:
    hh = {"spouse": {"annual_income": 3_000_000}, "children": [{"birth_date": "2021-05-10"}],
          "parents": [{"side": "spouse"}]}  # fmt: skip
    r = treatments(person(hh))
    parents = get(r, "parents")
    assert parents.status == "available" and parents.available is True
    assert [(d.code, d.date) for d in parents.dates] == [("parents.stay_until", "2028-05-10")]
    # the day before the 7th birthday the child is still under 7; on the birthday not
    eve = treatments(person(hh), on="2028-05-09")
    assert cond(eve, "parents", "child_or_pregnancy").status == "met"
    on_birthday = treatments(person(hh), on="2028-05-10")
    assert cond(on_birthday, "parents", "child_or_pregnancy").status == "unknown"  # pregnant?
    hh_no = {**hh, "pregnant": False}
    after = treatments(person(hh_no), on="2028-05-10")
    assert cond(after, "parents", "child_or_pregnancy").status == "unmet"
    assert get(after, "parents").status == "unavailable" and not get(after, "parents").dates


def test_a_29_february_child_turns_7_on_1_march_of_a_common_year() -> None:
    hh = {"spouse": {"annual_income": 3_000_000}, "children": [{"birth_date": "2020-02-29"}],
          "parents": [{"side": "own"}]}  # fmt: skip
    r = treatments(person(hh))
    assert get(r, "parents").dates[0].date == "2027-03-01"  # kodo.dates: the age-reckoning rule
    assert "2027-03-01" in get(r, "parents").dates[0].text
    eve = treatments(person(hh), on="2027-02-28")
    assert cond(eve, "parents", "child_or_pregnancy").status == "met"
    gone = treatments(person({**hh, "pregnant": False}), on="2027-03-01")
    assert cond(gone, "parents", "child_or_pregnancy").status == "unmet"


def test_the_youngest_child_under_7_decides_and_a_pregnancy_also_qualifies() -> None:
    kids = [
        {"birth_date": "2019-01-15"},
        {"birth_date": "2023-08-01"},
        {"birth_date": "2010-01-01"},
    ]
    hh = {"spouse": {"annual_income": 3_000_000}, "children": kids, "parents": [{"side": "own"}]}
    assert get(treatments(person(hh)), "parents").dates[0].date == "2030-08-01"
    expecting = {"spouse": {"annual_income": 3_000_000}, "pregnant": True,
                 "parents": [{"side": "own"}]}  # fmt: skip
    r = treatments(person(expecting))
    assert get(r, "parents").status == "available"
    assert not get(r, "parents").dates  # no birth date yet: said in the details
    assert [d.code for d in get(r, "parents").details] == ["parents.until_born"]


def test_parents_of_both_sides_are_not_allowed() -> None:
    hh = {"spouse": {"annual_income": 3_000_000}, "children": [{"birth_date": "2024-01-01"}],
          "parents": [{"side": "own"}, {"side": "spouse"}]}  # fmt: skip
    r = treatments(person(hh))
    assert cond(r, "parents", "one_side").status == "unmet"
    assert get(r, "parents").status == "unavailable"


# ------------------------------------------------------------------------------ income


@pytest.mark.parametrize(("spouse", "status"), [(2_000_000, "met"), (1_999_999, "unmet")])
def test_household_income_exactly_at_the_8m_floor(spouse: int, status: str) -> None:
    hh = {"spouse": {"annual_income": spouse}, "children": [{"birth_date": "2024-01-01"}],
          "parents": [{"side": "own"}]}  # fmt: skip
    r = treatments(person(hh))
    c = cond(r, "parents", "household_income")
    assert c.status == status
    assert r.household_income.total == 6_000_000 + spouse
    assert "¥8,000,000" in c.text
    if status == "unmet":
        assert "¥7,999,999, ¥1 short" in c.text
        assert get(r, "parents").status == "unavailable"
    else:
        assert get(r, "parents").status == "available"


@pytest.mark.parametrize(("salary", "status"), [(8_000_000, "met"), (7_999_999, "unmet")])
def test_household_income_of_the_person_alone(salary: int, status: str) -> None:
    hh = {"children": [{"birth_date": "2024-01-01"}], "parents": [{"side": "own"}]}  # no spouse
    r = treatments(person(hh, annual_salary=salary))
    assert cond(r, "parents", "household_income").status == status


def test_the_2013_values_on_2013_06_01() -> None:
    """Before 2013-12-24: ¥10M for parents, ¥15M for a domestic worker, the spouse's income
    not counted; no investment-management type, no J-Skip."""
    old = {"date": "2013-06-01", "birth_date": "1980-01-01", "degrees": [{"level": "doctorate"}],
           "annual_salary": 9_000_000, "experience": {"professional": 7}}  # fmt: skip
    hh = {"spouse": {"annual_income": 5_000_000}, "children": [{"birth_date": "2012-01-01"}],
          "parents": [{"side": "own"}], "domestic_worker": WORKER}  # fmt: skip
    r = treatments(person(hh, base=old))
    assert r.standing.status == "eligible"
    assert r.household_income.spouse_counted is False and r.household_income.total == 9_000_000
    c = cond(r, "parents", "household_income")
    assert c.status == "unmet" and "¥10,000,000" in c.text and "¥1,000,000 short" in c.text
    assert "¥15,000,000" in cond(r, "domestic_worker_family", "household_income").text
    assert get(r, "parents").rule_to == "2013-12-23"
    for tid in ("domestic_worker_investment", "domestic_worker_j_skip", "spouse_work_j_skip"):
        t = get(r, tid)
        assert (t.in_force, t.status) == (False, "unavailable"), tid
    # the same household on 2013-12-24: ¥8M with the spouse's income counted
    new = treatments(person(hh, base={**old, "date": "2013-12-24"}))
    assert cond(new, "parents", "household_income").status == "met"
    assert new.household_income.total == 14_000_000


def test_an_unknown_household_fact_is_unknown_not_unmet() -> None:
    r = treatments(person(None, annual_salary=6_000_000))  # no household block at all
    c = cond(r, "parents", "household_income")
    assert c.status == "unknown" and "household.spouse" in c.text
    assert cond(r, "parents", "child_or_pregnancy").status == "unknown"
    assert get(r, "parents").status == "unknown" and get(r, "parents").available is None
    assert r.household_income.total is None and r.household_income.at_least == 6_000_000
    assert {n.code for n in r.missing} >= {"household_income", "child_or_pregnancy", "one_side"}
    # a salary that alone reaches the floor needs no spouse's figure
    rich = treatments(person(None, annual_salary=9_000_000))
    assert cond(rich, "parents", "household_income").status == "met"
    # a spouse without an income given
    r = treatments(person({"spouse": {}, "children": [{"birth_date": "2024-01-01"}]}))
    assert "household.spouse.annual_income" in cond(r, "parents", "household_income").text


# ------------------------------------------------------------------------------ domestic workers


def test_j_skip_two_workers_from_30m() -> None:
    hh = {"domestic_worker": {**WORKER, "kind": "j_skip", "count": 2}}
    r = treatments(person(hh, base=J_SKIP))
    assert r.standing.j_skip is True
    t = get(r, "domestic_worker_j_skip")
    assert t.status == "available", [(c.code, c.status) for c in t.conditions]
    assert "¥30,000,000" in cond(r, "domestic_worker_j_skip", "household_income").text
    for tid in ("domestic_worker_accompanying", "domestic_worker_family"):
        assert get(r, tid).status == "not_asked"
    assert get(r, "spouse_work_j_skip").conditions[0].status == "met"
    assert get(r, "priority_lane").status == "available"
    short = treatments(person(hh, base={**J_SKIP, "annual_salary": 29_999_999}))
    assert short.standing.j_skip is True
    assert cond(short, "domestic_worker_j_skip", "household_income").status == "unmet"


def test_an_ordinary_type_allows_one_worker_only() -> None:
    hh = {"domestic_worker": {**WORKER, "count": 2}, "other_domestic_worker": False,
          "children": [{"birth_date": "2020-01-01"}]}  # fmt: skip
    r = treatments(person(hh, base=J_SKIP))
    assert cond(r, "domestic_worker_family", "workers").status == "unmet"
    one = treatments(person({**hh, "domestic_worker": WORKER}, base=J_SKIP))
    assert get(one, "domestic_worker_family").status == "available"
    assert [d.date for d in get(one, "domestic_worker_family").dates] == ["2033-01-01"]


def test_accompanying_type_needs_a_year_of_employment_before_entry() -> None:
    worker = {**WORKER, "leaves_with_applicant": True, "employed_since": "2023-01-01"}
    hh = {"domestic_worker": worker, "other_domestic_worker": False}
    app = person(hh, base=J_SKIP, application={"kind": "coe", "planned_entry": "2024-01-01"})
    assert get(treatments(app), "domestic_worker_accompanying").status == "available"
    late = copy.deepcopy(app)
    late["household"]["domestic_worker"]["employed_since"] = "2023-01-02"
    assert cond(treatments(late), "domestic_worker_accompanying",
                "employed_before_entry").status == "unmet"  # fmt: skip


def test_investment_management_type_needs_the_bonus_and_its_tier() -> None:
    hh = {"spouse": {"annual_income": 0}, "domestic_worker": {**WORKER, "count": 2}}
    app = person(hh, annual_salary=12_000_000, investment_management=True)
    r = treatments(app)
    assert cond(r, "domestic_worker_investment", "investment_management").status == "met"
    assert cond(r, "domestic_worker_investment", "household_income").status == "unmet"  # 2: ¥30M
    one = copy.deepcopy(app)
    one["household"]["domestic_worker"]["count"] = 1
    assert get(treatments(one), "domestic_worker_investment").status == "available"
    before = treatments(one, on="2021-07-29")
    assert get(before, "domestic_worker_investment").in_force is False


# ------------------------------------------------------------------------------ standing


def test_not_eligible_lists_every_treatment_unavailable_with_the_reason() -> None:
    r = treatments(person({"spouse": {"annual_income": 0}}, annual_salary=3_000_000,
                          japanese={}))  # fmt: skip
    assert r.standing.status == "not_eligible"
    assert [t.id for t in r.treatments] == list(ORDER)
    assert all(t.status in ("unavailable", "not_asked") for t in r.treatments)
    for t in r.treatments:
        assert t.conditions[0].code in ("status", "j_skip")
        assert t.conditions[0].status == "unmet" and t.reason
    assert r.available == ()


def test_a_missing_core_fact_leaves_the_standing_unknown() -> None:
    app = person({}, degrees=[{"level": "doctorate"}])
    del app["annual_salary"]
    r = treatments(app)
    assert (r.standing.status, r.standing.hsp, r.standing.total) == ("unknown", None, None)
    assert "annual_salary" in r.standing.text
    assert {t.status for t in r.treatments} <= {"unknown", "unavailable"}
    assert get(r, "combined_activities").conditions[0].status == "unknown"


def test_pr_routes_come_from_the_rule_book() -> None:
    r = treatments(person({}))
    codes = [d.code for d in get(r, "permanent_residence").details]
    assert codes == ["permanent_residence.points_80", "permanent_residence.points_70",
                     "permanent_residence.j_skip"]  # fmt: skip
    old = treatments(person({}, base={**BASE, "date": "2016-01-01"}))
    assert [d.code for d in get(old, "permanent_residence").details] == [
        "permanent_residence.before"
    ]


def test_every_treatment_cites_known_sources(book: Any) -> None:
    r = treatments(person({}))
    for t in r.treatments:
        assert t.citation, t.id
        assert all(c.source in r.sources for c in t.citation)
    assert all(s.url.startswith("http") for s in r.sources.values())


# ------------------------------------------------------------------------------ languages, shape


FULL = {"spouse": {"annual_income": 2_000_000}, "children": [{"birth_date": "2020-02-29"}],
        "parents": [{"side": "own"}], "domestic_worker": WORKER}  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "ja", "zh"])
def test_every_output_in_every_language(lang: str) -> None:
    r = treatments(person(FULL), lang=lang)
    en = treatments(person(FULL))
    assert r.lang == lang
    assert [(t.id, t.status, [c.code for c in t.conditions]) for t in r.treatments] == [
        (t.id, t.status, [c.code for c in t.conditions]) for t in en.treatments
    ]
    texts = [r.text, r.standing.text, r.household_income.text]
    for t in r.treatments:
        texts += [t.label, t.reason, *(c.text for c in t.conditions)]
        texts += [n.text for n in (*t.details, *t.checklist, *t.dates)]
    assert all(texts) and not any("{" in x for x in texts)
    if lang != "en":
        assert get(r, "parents").label != get(en, "parents").label
    money = {"en": "¥8,000,000", "ja": "800万円", "zh": "800万日元"}[lang]
    assert money in cond(r, "parents", "household_income").text
    day = {"en": "2027-03-01", "ja": "2027年3月1日", "zh": "2027年3月1日"}[lang]
    assert day in get(r, "parents").dates[0].text


def test_the_json_shape() -> None:
    r = treatments(person(FULL), lang="ja")
    data = to_data(r)
    TypeAdapter(TreatmentsResult).validate_python(data)  # the published dataclass fits
    assert data["format"] == "kodo.treatments.v1"
    assert set(data) == {
        "format", "id", "date", "date_source", "lang", "rules", "standing", "household_income",
        "treatments", "available", "missing", "sources", "text", "notes",
    }  # fmt: skip
    t = data["treatments"][0]
    assert set(t) == {
        "id", "label", "who", "status", "available", "in_force", "reason", "conditions",
        "dates", "details", "checklist", "citation", "rule_from", "rule_to",
    }  # fmt: skip
    assert set(t["conditions"][0]) == {"code", "status", "text"}
    json.dumps(data)


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("lang", ["en", "ja", "zh"])
def test_cli_text_fits_80_columns(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    path = tmp_path / "me.yaml"
    path.write_text(yaml.safe_dump(person(FULL)), encoding="utf-8")
    code, out, err = _cli(capsys, "treatments", str(path), "--lang", lang)
    assert code == 0, err
    lines = out.splitlines()
    too_wide = [x for x in lines if cell_len(x) > 80 and not x.startswith("http")]
    assert not too_wide
    title = {"en": "kodo: preferential treatments", "ja": "kodo：優遇措置", "zh": "kodo：优待措施"}
    assert lines[0] == title[lang]
    assert sum(x.startswith(("✔ ", "✘ ", "? ", "– ")) for x in lines) == len(ORDER)
    code, out, err = _cli(capsys, "treatments", str(path), "--lang", lang, "--format", "json")
    assert code == 0 and json.loads(out)["lang"] == lang


def test_cli_bad_input_exits_2_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "me.yaml"
    path.write_text(yaml.safe_dump(person(FULL)), encoding="utf-8")
    code, _, err = _cli(capsys, "treatments", str(path), "--on", "2026-02-30")
    assert code == 2 and "--on" in err and "Traceback" not in err
    code, _, err = _cli(capsys, "treatments", str(path), "--format", "markdown")
    assert code == 2 and "--format" in err
    code, _, err = _cli(capsys, "treatments", str(path), "--on", "2010-01-01")
    assert code == 2 and "--on" in err
    bad = person({"parents": [{"side": "cousin"}], "domestic_worker": {"count": 3}})
    path.write_text(yaml.safe_dump(bad), encoding="utf-8")
    code, _, err = _cli(capsys, "treatments", str(path), "--lang", "ja")
    assert code == 2 and "household.parents[0].side" in err and "Traceback" not in err


# ------------------------------------------------------------------------------ the rule data


def _raw() -> dict[str, Any]:
    from importlib import resources

    text = resources.files("kodo.rules").joinpath("data/treatments.yaml").read_text("utf-8")
    return dict(yaml.safe_load(text))


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d["treatments"]["parents"]["versions"][1].update({"from": "2013-12-25"}),
         "must start the day after"),
        (lambda d: d["treatments"]["parents"]["versions"][1]["cite"].append({"source": "NOPE"}),
         "unknown source"),
        (lambda d: d["treatments"]["parents"]["versions"][1]["value"].pop("household_income"),
         "value must give exactly"),
        (lambda d: d["treatments"]["parents"]["versions"][1].pop("cite"), "citation"),
        (lambda d: d["treatments"].pop("priority_lane"), "must list exactly"),
        (lambda d: d["sources"].update({"ISA-SYS": d["sources"]["ISA-PROC"]}), "already"),
        (lambda d: d["treatments"]["domestic_worker_j_skip"]["versions"][1]["value"].update(
            {"tiers": [{"household_income": 30_000_000, "workers": 2},
                       {"household_income": 20_000_000, "workers": 3}]}), "tiers must rise"),
    ],
)  # fmt: skip
def test_rule_data_that_does_not_fit_fails_loudly(book: Any, change: Any, problem: str) -> None:
    raw = _raw()
    change(raw)
    with pytest.raises(RuleDataError, match=problem):
        parse_treatments(raw, book)


def test_the_bundled_rule_data_loads_and_covers_every_day(book: Any) -> None:
    data = load_treatments(book)
    assert list(data.treatments) == list(ORDER)
    for t in data.treatments.values():
        assert t.versions[0].start == book.coverage_from
        assert t.versions[-1].end is None
    assert set(languages()) >= {"en", "ja", "zh"}


@pytest.mark.parametrize("lang", ["en", "ja", "zh"])
def test_cli_help_in_every_language_fits_80_columns(
    lang: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from kodo.i18n import Message, render

    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = _cli(capsys, "treatments", "-h", "--lang", lang)
    assert code == 0 and "--on" in out
    assert not [x for x in out.splitlines() if cell_len(x) > 80]
    head = render(Message.of("help.treatments_exit", ok=0, bad=2), lang)
    assert " ".join(head.split())[:12] in " ".join(out.split())


# ------------------------------------------------------------------------------ review of issue 11


def _fell(**more: Any) -> dict[str, Any]:
    """/tmp/review11a/h17: holds HSP(i)(b) to 2030-03-31; 50 points on 2026-06-01."""
    return {
        "date": "2026-06-01", "birth_date": "1991-03-01", "category": "b",
        "degrees": [{"level": "master", "field": "EE"}],
        "career": [{"kind": "professional", "start": "2020-04-01"}],
        "salaries": [{"from": "2020-04-01", "annual_salary": 5_500_000}],
        "statuses": [{"status": "hsp1_b", "from": "2025-04-01", "to": "2030-03-31", "points": 70}],
        "residence_since": "2020-04-01",
        "household": {"spouse": {"annual_income": 3_000_000},
                      "children": [{"birth_date": "2024-05-01"}], "parents": [{"side": "own"}]},
        **more,
    }  # fmt: skip


def test_an_hsp_whose_points_fell_keeps_the_treatments_of_the_status_held() -> None:
    r = treatments(_fell())
    st = r.standing
    assert (st.hsp, st.status) == (False, "eligible")
    assert (st.held, st.held_until) == ("hsp1_b", "2030-03-31")
    assert "renewal" in st.text and "70" in st.text
    assert get(r, "combined_activities").status == "available"
    assert get(r, "parents").status == "available"
    assert get(r, "priority_lane").status == "unavailable"  # not J-Skip
    # after the status expires: the points decide again
    after = treatments(_fell(), on="2030-04-01")
    assert after.standing.status == "not_eligible" and after.standing.held is None
    # a J-Skip status held keeps the J-Skip treatments too
    js = _fell(statuses=[{"status": "j_skip_b", "from": "2025-04-01", "to": "2030-03-31"}])
    r = treatments(js)
    assert r.standing.status == "eligible" and "J-Skip criteria" in r.standing.text
    assert get(r, "priority_lane").status == "available"


def test_an_hsp2_holder_keeps_the_treatments_whatever_the_points() -> None:
    """rules.md §3: HSP(ii) is indefinite and keeps treatments (3)–(6)."""
    hsp2 = _fell(statuses=[
        {"status": "hsp1_b", "from": "2019-04-01", "to": "2023-03-31", "points": 75},
        {"status": "hsp2", "from": "2023-04-01"},
    ])  # fmt: skip
    r = treatments(hsp2)
    assert (r.standing.hsp, r.standing.status, r.standing.held) == (False, "eligible", "hsp2")
    assert r.standing.held_until is None and "HSP(ii)" in r.standing.text
    assert get(r, "parents").status == "available"
    assert get(r, "priority_lane").status == "unavailable"  # not J-Skip


def _coe(**more: Any) -> dict[str, Any]:
    """/tmp/review11a/h6: a COE filed 2026-06-01, entry 2026-09-01, turning 40 on 2026-07-01;
    a child who turns 7 on 2026-08-01 (under 7 when filed, 7 on entry)."""
    return {
        "date": "2026-06-01", "birth_date": "1986-07-01", "category": "b",
        "degrees": [{"level": "master"}], "experience": {"professional": 10},
        "annual_salary": 7_500_000, "japanese": {"jlpt": "N1"},
        "application": {"kind": "coe", "planned_entry": "2026-09-01"},
        "household": {"spouse": {"annual_income": 3_000_000}, "pregnant": False,
                      "children": [{"birth_date": "2019-08-01"}], "parents": [{"side": "own"}]},
        **more,
    }  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "ja", "zh"])
def test_a_coe_is_judged_on_the_planned_entry_date(lang: str) -> None:
    from kodo.features.evaluate import evaluate

    r = treatments(_coe(), lang=lang)
    assert (r.date, r.date_source) == ("2026-09-01", "entry")
    assert r.standing.total == evaluate(_coe()).data.categories["b"].total
    codes = [n.code for n in r.notes]
    assert codes[0] == "reference_entry" and "option.coe_reference" in codes
    day = {"en": "2026-09-01", "ja": "2026年9月1日", "zh": "2026年9月1日"}[lang]
    assert day in r.notes[0].text and day in r.text
    # the household on the entry date: the child is 7 by then
    assert cond(r, "parents", "child_or_pregnancy").status == "unmet"


def test_permanent_residence_before_2017_04_26_says_the_shortening_had_not_begun() -> None:
    r = treatments(person({}, base={**BASE, "date": "2013-06-01"}))
    t = get(r, "permanent_residence")
    assert (t.status, t.in_force) == ("unavailable", False)
    (before,) = t.details
    assert before.code == "permanent_residence.before"
    assert "2017-04-26" in before.text and "5 years" in before.text
    assert "not modelled" in before.text
    assert t.citation and all(c.source in r.sources for c in t.citation)


def test_a_child_turning_7_on_the_date_is_said_and_only_the_pregnancy_asked() -> None:
    hh = {"spouse": {"annual_income": 3_000_000}, "children": [{"birth_date": "2019-04-15"}],
          "parents": [{"side": "own"}]}  # fmt: skip
    r = treatments(person(hh), on="2026-04-15")
    c = cond(r, "parents", "child_or_pregnancy")
    assert c.status == "unknown"
    assert "turned 7 on 2026-04-15" in c.text and "household.pregnant" in c.text
    assert "household.children" not in c.text
    no = treatments(person({**hh, "pregnant": False}), on="2026-04-15")
    c = cond(no, "parents", "child_or_pregnancy")
    assert c.status == "unmet" and "turned 7" in c.text


def test_a_child_born_after_the_date_is_an_input_error() -> None:
    from kodo.errors import InputError

    hh = {"children": [{"birth_date": "2020-01-01"}, {"birth_date": "2026-05-01"}]}
    with pytest.raises(InputError) as err:
        treatments(person(hh))
    assert "household.children[1].birth_date" in str(err.value)


def test_children_null_is_not_given() -> None:
    r = treatments(person({"children": None, "pregnant": False}))
    c = cond(r, "parents", "child_or_pregnancy")
    assert c.status == "unknown" and "household.children" in c.text
    none = treatments(person({"children": [], "pregnant": False}))
    assert cond(none, "parents", "child_or_pregnancy").status == "unmet"


@pytest.mark.parametrize(
    ("lang", "last"), [("en", "2028-05-09"), ("ja", "2028年5月9日"), ("zh", "2028年5月9日")]
)
def test_the_parents_stay_names_its_last_day(lang: str, last: str) -> None:
    hh = {"spouse": {"annual_income": 3_000_000}, "children": [{"birth_date": "2021-05-10"}],
          "parents": [{"side": "own"}]}  # fmt: skip
    text = get(treatments(person(hh), lang=lang), "parents").dates[0].text
    assert last in text
    if lang == "en":
        assert "up to and including 2028-05-09" in text


def test_the_workers_language_is_said_once() -> None:
    hh = {"domestic_worker": {**WORKER, "speaks_household_language": True}}
    t = get(treatments(person(hh)), "domestic_worker_accompanying")
    assert [c.code for c in t.conditions].count("language") == 1
    assert "language" not in [n.code for n in t.checklist]
    t = get(treatments(person({"domestic_worker": WORKER})), "domestic_worker_accompanying")
    assert "language" in [n.code for n in t.checklist]


def test_the_tiered_types_worker_conditions_are_kodos_assumption() -> None:
    r = treatments(person({}, base=J_SKIP))
    for tid in ("domestic_worker_investment", "domestic_worker_j_skip"):
        notes = [d for d in get(r, tid).details if d.code == "domestic_worker.assumed"]
        assert len(notes) == 1 and "assumption" in notes[0].text, tid
    assert not [d for d in get(r, "domestic_worker_family").details if "assumed" in d.code]


def test_chinese_names_the_engineer_status_as_one_activity_and_cites_full_width(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    r = treatments(person({"spouse": {"annual_income": 0}}), lang="zh")
    assert "技术·人文知识·国际业务" in get(r, "spouse_work").details[0].text
    f = tmp_path / "p.yaml"
    f.write_text(yaml.safe_dump(person({})), encoding="utf-8")
    code, out, _ = _cli(capsys, "treatments", str(f), "--lang", "zh")
    assert code == 0
    cited = [ln for ln in out.splitlines() if "[ISA-SYS]" in ln and "[" in ln.split("[ISA-SYS]")[1]]
    assert cited and all("；" in ln and "; " not in ln for ln in cited)


# ------------------------------------------------------------------------------ no spouse, parents


def test_the_spouses_parents_with_no_spouse_are_not_one_side_met() -> None:
    """rules.md §4.3: the parents of one side, the person's *or the spouse's*: with no spouse
    (no ``spouse`` is "no spouse", a known fact) there is no spouse's side, so the condition is
    unmet, not "yes, the spouse's parents" (nor unknown)."""
    hh = {"children": [{"birth_date": "2024-01-01"}], "parents": [{"side": "spouse"}]}
    r = treatments(person(hh, annual_salary=9_000_000))
    c = cond(r, "parents", "one_side")
    assert c.status == "unmet" and "no spouse" in c.text
    assert get(r, "parents").status == "unavailable"
    assert "one_side" not in {n.code for n in r.missing}
    assert cond(r, "spouse_work", "has_spouse").status == "unmet"
    # the person's own parents need no spouse
    own = {**hh, "parents": [{"side": "own"}]}
    assert cond(treatments(person(own, annual_salary=9_000_000)), "parents", "one_side").status == (
        "met"
    )
    for lang in ("ja", "zh"):
        text = cond(treatments(person(hh), lang=lang), "parents", "one_side").text
        assert text and "{" not in text and not any(ch.isdigit() for ch in text)


@pytest.mark.parametrize(
    ("sides", "field"),
    [
        (["own", "own", "own"], "household.parents[2]"),
        (["spouse", "own", "spouse", "spouse"], "household.parents[3]"),
    ],
)
def test_at_most_two_parents_per_side(sides: list[str], field: str) -> None:
    from kodo.errors import InputError

    hh = {"spouse": {"annual_income": 0}, "parents": [{"side": s} for s in sides]}
    with pytest.raises(InputError) as err:
        treatments(person(hh))
    fields = [f for f, _ in err.value.problems]
    assert fields == [field]
    assert "2" in err.value.render("en") and "Traceback" not in err.value.render("en")
    for lang in ("ja", "zh"):
        text = err.value.render(lang)
        assert field in text and "{" not in text and text != err.value.render("en")
    # two of each side is valid input (both sides: the condition, not the input, says no)
    ok = {**hh, "parents": [{"side": s} for s in ("own", "own", "spouse", "spouse")]}
    assert cond(treatments(person(ok)), "parents", "one_side").status == "unmet"


@pytest.mark.parametrize("lang", ["en", "ja", "zh"])
def test_household_income_with_no_spouse_is_labelled_salary_alone(lang: str) -> None:
    hh = {"children": [{"birth_date": "2024-01-01"}], "parents": [{"side": "own"}]}
    r = treatments(person(hh), lang=lang)
    with_spouse = treatments(person({**hh, "spouse": {"annual_income": 0}}), lang=lang)
    assert r.household_income.has_spouse is False and r.household_income.total == 6_000_000
    assert r.household_income.text != with_spouse.household_income.text
    if lang == "en":
        assert "no spouse given" in r.household_income.text
        assert "plus the spouse's income" not in r.household_income.text
