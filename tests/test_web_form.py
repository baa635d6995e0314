"""The page's form (``kodo.shells.web.form``): every fact of the applicant format has a
question (or is left out on purpose), answers become the applicant format exactly as the
same facts written by hand, bad answers name their field, every error points to an input
that exists, and the form reads in every language (fast: no browser)."""

from __future__ import annotations

import datetime as dt
import re
import typing
from html.parser import HTMLParser
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel

import kodo
from kodo.errors import TOP, InputError
from kodo.i18n import Message, Yen, catalogue, languages, render
from kodo.input.applicant import Applicant
from kodo.input.limits import MAX_DEGREES, MAX_PERIODS
from kodo.rules import load_book
from kodo.rules.values import Bonus, SalaryFloor
from kodo.shells.web import form, page
from kodo.shells.web.app import create_app
from kodo.shells.web.form_spec import SECTIONS, Repeat
from tests.conftest import TODAY

LANGS = ("en", "ja", "zh")
# Applicant fields the form does not ask, each for a reason (any other field needs a question).
OMITTED = {
    "id": "free text, never used",
    "name": "free text, never used or logged",
    "notes": "free text, never used or logged",
    "multiple_fields": "an override: the bonus is derived from the degrees' fields",
    "degrees.university_criteria": "read only under the university_criteria option",
    "degrees.awarded": "dated history: a snapshot degree is held on every date",
    "research.papers_corresponding_author": "read only under the paper_authorship option",
    "career": "dated history: the form asks the years of experience",
    "salaries": "dated history: the form asks the expected salary",
    "japanese_tests": "dated history: the form asks the JLPT level and the BJT score",
    "employers": "dated history: the form asks the employer's facts",
    "licenses_obtained": "dated history: the form asks the number of licences",
    "degrees.university": "names for the official lists: read by the documents and the lists",
    "employer.category": "the employer's ISA category: read by the documents checklist",
    "employer.measures": "names for the official lists: the form asks the yes/no claim",
}
# Whole blocks the points page does not ask: they change no point (kodo salary / treatments).
OMITTED_BLOCKS = ("compensation.", "household.")

# One person, every question answered, as the form posts it ...
ANSWERS = {
    "date": "2026-11-21",
    "birth_date": "1990-02-01",
    "category": "b",
    "application.kind": "change",
    "degrees.0.level": "master",
    "degrees.0.field": "Computer Science",
    "degrees.0.japan": "true",
    "degrees.0.designated": "on",
    "degrees.1.level": "bachelor",
    "degrees.1.field": "Physics",
    "experience.research": "1.5",
    "experience.professional": "6",
    "experience.management": "0",
    "annual_salary": "8,000,000",
    "salary_performance_linked": "500000",
    "japanese.jlpt": "N1",
    "japanese.bjt": "520",
    "employer.innovation_support": "true",
    "employer.sme": "true",
    "employer.rnd_over_3pct": "true",
    "employer.rnd_ratio_pct": "4.5",
    "employer.local_gov_support": "true",
    "research.patents": "1",
    "research.funded_projects": "0",
    "research.papers": "3",
    "research.other": "true",
    "statuses.0.status": "engineer_humanities",
    "statuses.0.from": "2019-04-01",
    "statuses.0.to": "2026-03-31",
    "statuses.1.status": "hsp1_b",
    "statuses.1.from": "2026-04-01",
    "statuses.1.points": "85",
    "residence_since": "2019-04-01",
    "licenses": "2",
    "position": "none",
    "foreign_qualification": "true",
    "growth_field_project": "true",
    "training.jica": "true",
    "investment": "0",
    "investment_management": "true",
}
# ... and the same facts written by hand in the applicant format.
BY_HAND: dict[str, Any] = {
    "date": "2026-11-21",
    "birth_date": "1990-02-01",
    "category": "b",
    "application": {"kind": "change"},
    "degrees": [
        {"level": "master", "field": "Computer Science", "japan": True, "designated": True},
        {"level": "bachelor", "field": "Physics"},
    ],
    "experience": {"research": 1.5, "professional": 6, "management": 0},
    "annual_salary": 8_000_000,
    "salary_performance_linked": 500_000,
    "japanese": {"jlpt": "N1", "bjt": 520},
    "employer": {
        "innovation_support": True,
        "sme": True,
        "rnd_over_3pct": True,
        "rnd_ratio_pct": 4.5,
        "local_gov_support": True,
    },
    "research": {"patents": 1, "funded_projects": 0, "papers": 3, "other": True},
    "statuses": [
        {"status": "engineer_humanities", "from": "2019-04-01", "to": "2026-03-31"},
        {"status": "hsp1_b", "from": "2026-04-01", "points": 85},
    ],
    "residence_since": "2019-04-01",
    "licenses": 2,
    "position": "none",
    "foreign_qualification": True,
    "growth_field_project": True,
    "training": {"jica": True},
    "investment": 0,
    "investment_management": True,
}


# ---------------------------------------------------------------------------------------------
# The declaration covers the applicant format


def _leaves(model: type[BaseModel], prefix: str = "") -> set[str]:
    """Every answerable path of the model (``degrees.level``, ``experience.research``); a
    list of dated periods other than the two the form repeats counts as one leaf."""
    out: set[str] = set()
    for name, info in model.model_fields.items():
        path = prefix + (info.alias or name)
        inner = [a for a in typing.get_args(info.annotation) if a is not type(None)]
        target = inner[0] if inner else info.annotation
        if typing.get_origin(target) is list:
            target = typing.get_args(target)[0]
        if isinstance(target, type) and issubclass(target, BaseModel):
            if path in ("career", "salaries", "japanese_tests", "employers"):
                out.add(path)
            else:
                out |= _leaves(target, path + ".")
        else:
            out.add(path)
    return out


def test_every_applicant_field_has_a_question_or_is_left_out_on_purpose() -> None:
    asked = {w.key for w in form.QUESTIONS.values() if w.question.kind != "none"}
    fields = {f for f in _leaves(Applicant) if not f.startswith(OMITTED_BLOCKS)}
    assert fields - asked - set(OMITTED) == set(), "a field of the format has no question"
    assert asked - fields == set(), "a question for no field of the format"
    assert set(OMITTED) <= fields, "an omission that is no field (any more)"


def test_choices_are_the_vocabulary() -> None:
    from kodo.vocab import CATEGORIES, JLPT_LEVELS, LEVELS, POSITIONS, STATUSES

    want = {
        "category": CATEGORIES,
        "degrees.level": LEVELS,
        "japanese.jlpt": JLPT_LEVELS,
        "position": POSITIONS,
        "statuses.status": STATUSES,
    }
    for key, words in want.items():
        assert set(form.QUESTIONS[key].question.choices) == set(words), key


def test_sections_in_the_contract_order() -> None:
    ids = [s.id for s in SECTIONS]
    assert ids == [
        "about",
        "education",
        "work",
        "salary",
        "japanese",
        "employer",
        "research",
        "japan",
        "other",
    ]
    lists = {r.path: r.limit for s in SECTIONS for r in s.items if isinstance(r, Repeat)}
    assert lists == {"degrees": MAX_DEGREES, "statuses": MAX_PERIODS}


# ---------------------------------------------------------------------------------------------
# Answers -> the applicant format


def test_answers_become_the_applicant_written_by_hand() -> None:
    assert form.to_applicant(ANSWERS) == BY_HAND


def test_the_same_evaluation_as_the_facts_written_by_hand() -> None:
    for lang in LANGS:
        got = kodo.evaluate(form.to_applicant(ANSWERS), lang=lang)
        want = kodo.evaluate(BY_HAND, lang=lang)
        assert got.data == want.data
    pr = kodo.permanent_residence(form.to_applicant(ANSWERS))
    assert pr == kodo.permanent_residence(BY_HAND)
    assert pr.earliest is not None or pr.routes


def test_blank_answers_and_blank_rows_are_left_out() -> None:
    values = {
        "degrees.0.level": "",
        "degrees.2.level": "doctorate",
        "degrees.5.level": "master",
        "annual_salary": "  ",
        "employer.sme": "",
    }
    assert form.to_applicant(values) == {"degrees": [{"level": "doctorate"}, {"level": "master"}]}
    assert form.to_applicant({}) == {}


def test_numbers_as_people_type_them() -> None:
    got = form.to_applicant(
        {
            "annual_salary": "６，５００，０００円",
            "investment": "¥ 1,000",
            "licenses": " 2 ",
            "experience.professional": "４.５",
        }
    )
    assert got == {
        "annual_salary": 6_500_000,
        "investment": 1000,
        "licenses": 2,
        "experience": {"professional": 4.5},
    }


def test_no_degree_is_an_answer() -> None:
    assert form.to_applicant({"degrees": "true"}) == {"degrees": []}
    result = kodo.evaluate(form.to_applicant({**ANSWERS_NO_DEGREES, "degrees": "true"}))
    assert "degrees" not in result.missing
    with pytest.raises(InputError) as exc:
        form.to_applicant({"degrees": "true", "degrees.0.level": "master"})
    assert [f for f, _ in exc.value.problems] == ["degrees"]


ANSWERS_NO_DEGREES = {k: v for k, v in ANSWERS.items() if not k.startswith("degrees.")}


@pytest.mark.parametrize(
    "name,text,code",
    [
        ("annual_salary", "6.5", "input.whole_number"),
        ("annual_salary", "6,50,000", "input.whole_number"),
        ("annual_salary", "lots", "input.whole_number"),
        ("investment", "1e9", "input.whole_number"),
        ("licenses", "two", "input.whole_number"),
        ("statuses.0.points", "8.5", "input.whole_number"),
        ("experience.professional", "4,5", "input.number"),
        ("experience.research", "nan", "input.number"),
        ("employer.rnd_ratio_pct", "3%", "input.number"),
        ("birth_date", "1994-02-30", "input.no_such_date"),
        ("date", "21/11/2026", "input.iso_date"),
        ("statuses.1.from", "9999-12-31", "input.date_range"),
        ("degrees.0.japan", "maybe", "input.yes_no"),
        ("category", "d", "input.one_of"),
        ("degrees.0.level", "phd", "input.one_of"),
        ("japanese.jlpt", "N6", "input.one_of"),
        ("salery", "1", "input.unknown_field"),
        ("degrees.x.level", "master", "input.unknown_field"),
        ("degrees.01.level", "master", "input.unknown_field"),
        ("degrees.0.grade", "A", "input.unknown_field"),
        (f"degrees.{MAX_DEGREES}.level", "master", "input.too_many"),
        (f"statuses.{MAX_PERIODS}.from", "2020-01-01", "input.too_many"),
        # the library's own checks, named by the form's field
        ("annual_salary", "-5", "input.at_least"),
        ("japanese.bjt", "900", "input.at_most"),
    ],
)
def test_a_bad_answer_names_its_field(name: str, text: str, code: str) -> None:
    with pytest.raises(InputError) as exc:
        form.to_applicant({**ANSWERS, name: text})
    assert [(f, m.code) for f, m in exc.value.problems] == [(name, code)]
    for lang in LANGS:
        (problem,) = form.error_list(exc.value, lang)
        assert problem["message"] == render(exc.value.problems[0][1], lang)
        assert problem["id"] in ids_in(form_html(lang, {**ANSWERS, name: text}))


def test_the_library_names_the_form_row_not_the_list_entry() -> None:
    """Rows left blank in between: the library's degrees[1] is the form's row 3."""
    values = {
        "degrees.0.level": "master",
        "degrees.3.level": "bachelor",
        "degrees.3.business": "true",
    }
    with pytest.raises(InputError) as exc:
        form.to_applicant(values)
    assert [f for f, _ in exc.value.problems] == ["degrees.3.business"]
    (problem,) = form.error_list(exc.value, "en")
    assert problem["id"] == "f-degrees-3-business"
    assert problem["id"] in ids_in(form_html("en", values))
    assert render(Message.of("form.row.degrees", n=4), "en") in problem["label"]


def test_a_sibling_named_in_a_message_is_named_by_its_label() -> None:
    values = {
        "degrees.1.level": "bachelor",
        "degrees.1.japan": "true",
        "degrees.1.japanese_major": "true",
    }
    with pytest.raises(InputError) as exc:
        form.to_applicant(values)
    (problem,) = form.error_list(exc.value, "ja")
    japan = render(Message.of("form.label.degrees.japan"), "ja")
    assert problem["id"] == "f-degrees-1-japanese_major" and japan in problem["message"]


# ---------------------------------------------------------------------------------------------
# Errors point to inputs that exist


@pytest.mark.parametrize(
    "path,want",
    [
        ("degrees[0].level", "f-degrees-0-level"),
        ("degrees.0.level", "f-degrees-0-level"),
        ("statuses[1].from", "f-statuses-1-from"),
        ("statuses.1.to", "f-statuses-1-to"),
        ("statuses[1]", "f-statuses-1-status"),
        ("statuses", "f-statuses-0-status"),
        ("degrees[0].awarded", "f-degrees-0-level"),
        ("degrees[0].university_criteria", "f-degrees-0-level"),
        ("birth_date", "f-birth_date"),
        ("application.planned_entry", "f-application-planned_entry"),
        ("employer.rnd_ratio_pct", "f-employer-rnd_ratio_pct"),
        ("employer", "f-employer-innovation_support"),
        ("research.papers_corresponding_author", "f-research-patents"),
        ("multiple_fields", "f-date"),
        ("career[0].start", "f-date"),
        ("salery", "f-date"),
        (TOP, "f-date"),
    ],
)
def test_every_field_path_maps_to_an_input(path: str, want: str) -> None:
    values = {"statuses.1.status": "hsp1_b"}
    exc = InputError([(path, Message.of("input.required"))])
    for lang in LANGS:
        (problem,) = form.error_list(exc, lang)
        assert problem["id"] == want
        assert problem["id"] in ids_in(form_html(lang, values))
        assert problem["label"] and problem["message"] == render(Message.of("input.required"), lang)


def test_the_library_errors_of_an_evaluation_map_to_inputs() -> None:
    """Errors raised after the form (a date before the rule data, a birth after the date)."""
    for values, field in (
        ({"date": "2001-01-01", "birth_date": "1970-01-01"}, "f-date"),
        ({**ANSWERS, "birth_date": "2030-02-28"}, "f-birth_date"),
    ):
        with pytest.raises(InputError) as exc:
            kodo.evaluate(form.to_applicant(values))
        assert [p["id"] for p in form.error_list(exc.value, "zh")] == [field]


# ---------------------------------------------------------------------------------------------
# The rendered form


class Page(HTMLParser):
    """The form's inputs, labels, help ids and attributes, outside <template> and <noscript>
    (what a browser with a script shows)."""

    def __init__(self) -> None:
        super().__init__()
        self.inputs: list[dict[str, str]] = []
        self.labels: set[str] = set()
        self.ids: list[str] = []
        self.attrs: list[str] = []
        self.template = 0
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append(tag)
        self.attrs += list(a)
        if tag in ("template", "noscript"):
            self.template += 1
        if self.template:
            return
        if "id" in a:
            self.ids.append(a["id"])
        if tag in ("input", "select", "textarea"):
            self.inputs.append({"tag": tag, **a})
        if tag == "label":
            self.labels.add(a.get("for", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("template", "noscript"):
            self.template -= 1


def form_html(lang: str, values: dict[str, str]) -> str:
    return page.form_html(lang, values)


def parsed(lang: str, values: dict[str, str]) -> Page:
    p = Page()
    p.feed(form_html(lang, values))
    return p


def ids_in(html: str) -> set[str]:
    p = Page()
    p.feed(html)
    return set(p.ids)


@pytest.mark.parametrize("lang", LANGS)
def test_every_input_has_a_label_help_and_the_contract_id(lang: str) -> None:
    p = parsed(lang, ANSWERS)
    assert len(p.ids) == len(set(p.ids)), "an id twice"
    assert p.inputs
    for el in p.inputs:
        assert el["id"] == "f-" + el["name"].replace(".", "-"), el
        assert el["id"] in p.labels, el
        assert el.get("aria-describedby") == "h-" + el["id"][2:], el
        assert el["aria-describedby"] in p.ids
        if el.get("type") == "date" or el["tag"] == "select" or el.get("type") == "text":
            assert el.get("autocomplete") == "off", el
    asked = {form.QUESTIONS[w].question.kind for w in form.QUESTIONS}
    numbers = [e for e in p.inputs if e.get("inputmode")]
    assert {"int", "yen", "years", "percent"} <= asked and numbers
    forbidden = {"style", *(a for a in p.attrs if a.startswith("on"))}
    assert not forbidden & set(p.attrs) and "script" not in p.tags and "style" not in p.tags


def test_sections_and_lists_follow_the_dom_contract() -> None:
    html = form_html("en", ANSWERS)
    sections = re.findall(r'<fieldset id="s-(\w+)"', html)
    assert sections == [s.id for s in SECTIONS]
    assert 'data-list="degrees"' in html and 'data-add="degrees"' in html
    assert 'data-list="statuses"' in html and 'data-add="statuses"' in html
    assert '<template data-template="degrees">' in html
    assert re.search(r'<div class="row" data-row="1">', html)
    assert "data-remove" in html


def test_answers_are_filled_back_in() -> None:
    p = parsed("en", {**ANSWERS, "degrees.4.field": "Law"})
    by_id = {e["id"]: e for e in p.inputs}
    assert by_id["f-annual_salary"]["value"] == "8,000,000"
    assert "checked" in by_id["f-degrees-0-japan"] and "checked" in by_id["f-degrees-0-designated"]
    assert "checked" not in by_id["f-degrees-1-japan"]
    assert by_id["f-degrees-4-field"]["value"] == "Law"  # five rows: as many as answered
    assert "f-degrees-5-level" not in by_id
    html = form_html("en", ANSWERS)
    assert '<option value="hsp1_b" selected>' in html and '<option value="N1" selected>' in html


def test_an_empty_form_has_one_row_per_list_and_today_as_the_date() -> None:
    context = form.form_context("en", {}, today=TODAY)
    fields = {f["name"]: f for s in context["sections"] for f in _fields(s)}
    assert fields["date"]["value"] == TODAY.isoformat()
    assert "degrees.0.level" in fields and "degrees.1.level" not in fields
    assert "statuses.0.status" in fields and "statuses.1.status" not in fields


def _fields(section: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for item in section["questions"]:
        if item["type"] == "list":
            out += [f for r in item["rows"] for f in r["fields"]]
        else:
            out.append(item)
    return out


@pytest.mark.parametrize(
    "day", ["2012-06-01", "2014-01-01", "2016-01-01", "2020-01-01", "2023-01-01", TODAY.isoformat()]
)
def test_every_label_and_help_renders_in_every_language_on_every_rule_period(day: str) -> None:
    texts: dict[str, list[str]] = {}
    for lang in languages():
        context = form.form_context(lang, {"date": day})
        out = []
        for s in context["sections"]:
            out += [s["legend"], s["intro"]]
            for item in s["questions"]:
                if item["type"] == "list":
                    out += [item["title"], item["help"], item["add"]]
                    item = item["rows"][0]
                    out += [item["title"], item["remove"]]
                for f in item["fields"] if "fields" in item else [item]:
                    assert f["label"] and f["help"], (lang, f["name"])
                    out += [f["label"], f["help"], f["more"], *(c["text"] for c in f["choices"])]
        assert not [t for t in out if "—" in t or "{" in t], lang  # a parameter left empty
        texts[lang] = out
    for lang in ("ja", "zh"):  # really translated: no English sentence left
        english = [t for t in texts[lang] if re.fullmatch(r"[A-Za-z ,.'()/-]{12,}", t)]
        assert not english, (lang, english)


def test_help_figures_come_from_the_rule_data_of_the_application_date() -> None:
    book = load_book()
    old, now = dt.date(2013, 1, 1), TODAY  # the 2013-12-24 revision changed both figures
    for day in (old, now):
        bonus = book.at(day).value("jp_degree", Bonus)
        assert bonus is not None
        for lang in LANGS:
            html = form_html(lang, {"date": day.isoformat()})
            assert render(Message.of("form.help.degrees.japan", points=bonus.points), lang) in html
    floor = book.at(now).value("salary_floor", SalaryFloor)
    assert floor is not None and isinstance(floor.b, int)
    for lang in LANGS:
        money = catalogue(lang).locale.money(int(Yen(floor.b)))  # ¥3,000,000 / 300万円
        assert money in form_html(lang, {"date": now.isoformat()})
        # before 2013-12-24 the floor depended on age: no single figure is quoted
        assert money not in form_html(lang, {"date": old.isoformat()})
    before, after = (book.at(d).value("jp_degree", Bonus) for d in (old, now))
    assert before is not None and after is not None and before.points != after.points


# ---------------------------------------------------------------------------------------------
# Through the app


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_and_the_form_endpoint_in_each_language(client: TestClient, lang: str) -> None:
    got = client.get(f"/?lang={lang}")
    assert got.status_code == 200 and 'id="f-date"' in got.text
    legend = render(Message.of("form.section.japan"), lang)
    assert legend in got.text
    got = client.post(f"/page/form?lang={lang}", data=ANSWERS)
    assert got.status_code == 200
    assert 'id="f-statuses-1-points"' in got.text and 'value="85"' in got.text
    assert form_html(lang, ANSWERS) == got.text
    got = client.post(f"/page/results?lang={lang}", data=ANSWERS)
    assert got.status_code == 200
    bad = client.post(f"/page/results?lang={lang}", data={**ANSWERS, "annual_salary": "lots"})
    assert bad.status_code == 200 and "f-annual_salary" in bad.text
    label = render(Message.of("form.label.annual_salary"), lang)
    assert label in bad.text


def test_without_a_script_each_submission_offers_one_more_row(client: TestClient) -> None:
    """No script, no add button: the page posted back has a blank row after the answered
    ones (in <noscript>, so a browser with a script never shows it)."""
    got = client.post("/?lang=en", data={**ANSWERS, "statuses.2.status": "hsp2"})
    assert got.status_code == 200
    spare = re.search(
        r"<noscript>(.*?)</noscript>", got.text.split('data-list="statuses"')[1], re.S
    )
    assert spare and 'id="f-statuses-3-status"' in spare.group(1)
    shown = re.sub(r"<noscript>.*?</noscript>", "", got.text, flags=re.S)
    assert 'id="f-statuses-2-status"' in shown and 'id="f-statuses-3-status"' not in shown
    full = form_html("en", {f"degrees.{MAX_DEGREES - 1}.level": "master"})
    assert f"f-degrees-{MAX_DEGREES}-level" not in full  # none beyond the limit


def test_the_scripts_and_styles_are_served(client: TestClient) -> None:
    js = client.get("/static/form.js")
    assert js.status_code == 200 and "kodo:rows" in js.text and "kodo:restored" in js.text
    css = client.get("/static/form.css").text
    rules = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    selectors = [
        s.strip() for block in re.findall(r"([^{}]+)\{[^{}]*\}", rules) for s in block.split(",")
    ]
    assert selectors and all(s.startswith("#kodo-form") for s in selectors), selectors
    assert "@media print" in css and "focus-visible" in css
