"""The page's results fragment (``POST /page/results``; ``web/view.py``, ``results.html``),
without a browser: every number in the DOM contract's data attributes equals the library's
result for the same facts, the texts are in the language asked for, the answers are escaped,
a bad answer gives the error summary tied to its field, and a typical fragment is fast."""

from __future__ import annotations

import statistics
import time
from html.parser import HTMLParser
from typing import Any

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

import kodo.features.evaluate as ev_feature
import kodo.features.questions as questions
from kodo.errors import InputError
from kodo.i18n import Message, render
from kodo.shells.web import view
from kodo.shells.web.app import create_app
from kodo.shells.web.page import environment
from tests import browser

DAY = "2026-11-21"
RESEARCHER = {  # category a: a doctorate, research years and papers
    "date": DAY,
    "birth_date": "1989-03-14",
    "degrees": [{"level": "doctorate", "field": "Chemistry"}],
    "experience": {"research": 8},
    "annual_salary": 6500000,
    "research": {"papers": 4},
    "japanese": {"jlpt": "N2"},
}
ENGINEER = {  # category b: a master's from a Japanese university, a licence, N2
    "date": DAY,
    "birth_date": "1995-07-01",
    "degrees": [{"level": "master", "field": "Informatics", "japan": True}],
    "experience": {"professional": 4},
    "annual_salary": 7000000,
    "licenses": 1,
    "japanese": {"jlpt": "N2"},
}
MANAGER = {  # category c: the representative of a company, management years, a high salary
    "date": DAY,
    "birth_date": "1978-10-20",
    "category": "c",
    "degrees": [{"level": "master", "field": "Business", "business": True}],
    "experience": {"management": 7},
    "annual_salary": 32000000,
    "position": "representative",
}
NO_SALARY = {  # the salary is not known yet: a range, the missing fact named
    "date": DAY,
    "birth_date": "1993-02-02",
    "degrees": [{"level": "doctorate", "field": "Physics"}],
    "experience": {"research": 5},
    "research": {"papers": 3},
}
RESIDENT = {  # a status history: PR routes and HSP(ii)
    "date": DAY,
    "birth_date": "1990-02-01",
    "category": "b",
    "degrees": [{"level": "master", "field": "Computer Science", "japan": True}],
    "experience": {"professional": 6},
    "annual_salary": 8000000,
    "japanese": {"jlpt": "N1"},
    "statuses": [
        {"status": "engineer_humanities", "from": "2018-04-01", "to": "2023-03-31"},
        {"status": "hsp1_b", "from": "2023-04-01", "to": "2028-03-31", "points": 85},
    ],
    "residence_since": "2018-04-01",
}
PEOPLE = {
    "researcher": RESEARCHER,
    "engineer": ENGINEER,
    "manager": MANAGER,
    "no-salary": NO_SALARY,
    "resident": RESIDENT,
}
LANGS = ("en", "ja", "zh")
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


def answers(applicant: dict[str, Any]) -> dict[str, str]:
    """The applicant as the form posts it: each leaf under its dotted name, as text."""
    return dict(browser.answers(applicant))


class Elements(HTMLParser):
    """Every element of the fragment with its attributes and the data-category of the card
    or advice group around it; and the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str], str | None]] = []
        self.stack: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        around = next((c for _, c in reversed(self.stack) if c is not None), None)
        self.found.append((tag, a, around))
        self.stack.append((tag, a.get("data-category") if tag in ("article", "div") else None))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def having(self, attr: str) -> list[tuple[str, dict[str, str], str | None]]:
        return [e for e in self.found if attr in e[1]]


def parse(text: str) -> Elements:
    p = Elements()
    p.feed(text)
    return p


def post(client: TestClient, person: dict[str, Any], lang: str) -> str:
    r = client.post(f"/page/results?lang={lang}", data=answers(person))
    assert r.status_code == 200
    assert r.headers["content-language"] == lang
    return r.text


def esc(text: str) -> str:
    """``text`` as the template writes it (escaped)."""
    return str(escape(text))


def flag(value: bool) -> str:
    return "true" if value else "false"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("who", list(PEOPLE))
def test_every_number_is_the_librarys(client: TestClient, who: str, lang: str) -> None:
    person = PEOPLE[who]
    text = post(client, person, lang)
    page = parse(text)
    ev = ev_feature.evaluate(person, lang=lang)
    adv = questions.advice(person, lang=lang)
    fc = questions.forecast(person, years=view.FORECAST_YEARS, lang=lang)
    # Cards: one per category evaluated, total and eligibility; the items shown score as the
    # library says, and every item that scores is shown.
    cards = {a["data-category"]: a for t, a, _ in page.having("data-total") if t == "article"}
    assert set(cards) == set(ev.categories)
    for key, cat in ev.categories.items():
        assert cards[key]["data-total"] == str(cat.total)
        assert cards[key]["data-eligible"] == flag(cat.eligible)
        rows = {
            a["data-item"]: a["data-points"] for _, a, c in page.having("data-item") if c == key
        }
        points = {it.id: str(it.points) for it in cat.items}
        assert rows and all(points[i] == p for i, p in rows.items())
        assert {i for i, p in points.items() if p != "0"} <= set(rows)
    assert [a["data-best"] for _, a, _ in page.having("data-best")] == [ev.best_category]
    jskip = {a["data-jskip"]: a["data-eligible"] for _, a, _ in page.having("data-jskip")}
    assert jskip == {k: flag(j.eligible) for k, j in ev.j_skip.items()}
    # Advice: each suggestion's gain, in the category it is for.
    assert page.having("data-advice")
    shown = [
        (c, a["data-suggestion"], a["data-points"]) for _, a, c in page.having("data-suggestion")
    ]
    want = [(k, s.id, str(s.gain)) for k, ca in adv.categories.items() for s in ca.suggestions]
    assert shown == want
    # Forecast: each change, the category watched then and its total after the change.
    changes = [
        (a["data-change"], a["data-category"], a["data-points"])
        for _, a, _ in page.having("data-change")
    ]
    assert page.having("data-forecast")
    assert changes == [(c.date, c.category, str(c.after[c.category])) for c in fc.changes]
    # The rules used.
    rules = [
        (a["data-rules-version"], a["data-rules-effective"], a["data-date"])
        for _, a, _ in page.having("data-rules-version")
    ]
    assert rules == [(ev.rules.version, ev.rules.effective_from, ev.data.reference_date or "")]
    # Permanent residence and HSP(ii): only with a residence history (else what to answer).
    pr = [a for _, a, _ in page.having("data-pr")]
    h2 = [a for _, a, _ in page.having("data-hsp2")]
    if "statuses" in person or "residence_since" in person:
        lib_pr = questions.permanent_residence(person, lang=lang)
        lib_h2 = questions.hsp2(person, lang=lang)
        assert [a["data-earliest"] for a in pr] == [lib_pr.earliest or ""]
        routes = [
            (a["data-route"], a["data-open"], a["data-earliest"])
            for _, a, _ in page.having("data-route")
        ]
        want_routes = [(r.route, flag(r.open), r.earliest or "") for r in lib_pr.routes]
        want_routes += [(r.route, flag(r.open), r.earliest or "") for r in lib_h2.routes]
        assert routes == want_routes
        assert [(a["data-open"], a["data-earliest"]) for a in h2] == [
            (flag(lib_h2.open), lib_h2.earliest or "")
        ]
        assert esc(lib_pr.text) in text
    else:
        assert pr == [] and h2 == []
        assert esc(render(Message.of("page.pr.ask"), lang)) in text
        assert 'href="#s-japan"' in text


@pytest.mark.parametrize("lang", LANGS)
def test_texts_are_in_the_language_asked_for(client: TestClient, lang: str) -> None:
    text = post(client, ENGINEER, lang)
    ev = ev_feature.evaluate(ENGINEER, lang=lang)
    for cat in ev.categories.values():
        assert esc(cat.verdict_text) in text
        for other in (x for x in LANGS if x != lang):
            other_text = ev_feature.evaluate(ENGINEER, lang=other).categories[cat.category]
            assert esc(other_text.verdict_text) not in text
    for code in ("page.card.items", "cli.jskip", "page.forecast.title", "cli.heading.suggestions"):
        assert esc(render(Message.of(code), lang)) in text
    for w in ev.warning_details:
        assert esc(w.text) in text


def test_a_missing_salary_gives_the_range_and_the_field_to_answer(client: TestClient) -> None:
    for lang in LANGS:
        text = post(client, NO_SALARY, lang)
        ev = ev_feature.evaluate(NO_SALARY, lang=lang)
        assert ev.data.missing == ("annual_salary",)
        for cat in ev.categories.values():
            low, high = cat.range
            assert low < high
            rendered = render(Message.of("cli.range", low=low, high=high), lang)
            assert esc(rendered) in text
        assert 'href="#f-annual_salary"' in text
        assert esc(render(Message.of("page.fact.annual_salary"), lang)) in text


def test_citations_link_their_sources(client: TestClient) -> None:
    text = post(client, ENGINEER, "en")
    ev = ev_feature.evaluate(ENGINEER, lang="en")
    links = [
        a for t, a, _ in parse(text).found if t == "a" and a.get("href", "").startswith("http")
    ]
    cited = {c.source for cat in ev.categories.values() for it in cat.items for c in it.citation}
    assert {ev.sources[s].url for s in cited} <= {a["href"] for a in links}
    assert all(a.get("rel") == "noreferrer" for a in links)


def test_a_bad_answer_gives_the_error_summary_in_the_language(client: TestClient) -> None:
    bad = {**ENGINEER, "birth_date": "1995-13-45"}
    for lang in LANGS:
        text = post(client, bad, lang)
        page = parse(text)
        assert not page.having("data-total") and not page.having("data-advice")
        links = [a for _, a, _ in page.having("data-error-for")]
        assert [(a["data-error-for"], a["href"]) for a in links] == [
            ("f-birth_date", "#f-birth_date")
        ]
        with pytest.raises(InputError) as caught:
            ev_feature.evaluate(bad, lang=lang)
        (_, message), *_ = caught.value.problems
        assert esc(render(message, lang)) in text
        assert esc(render(Message.of("page.errors.title"), lang)) in text
        assert 'id="error-summary"' in text and 'role="alert"' in text


def test_the_answers_are_escaped(client: TestClient) -> None:
    fine = {**ENGINEER, "degrees": [{"level": "master", "field": SCRIPT, "japan": True}]}
    wrong = {**fine, "birth_date": SCRIPT, "annual_salary": SCRIPT}
    for person in (fine, wrong):
        for lang in LANGS:
            text = post(client, person, lang)
            assert "<script" not in text.lower()
            assert "alert(1)</" not in text
    # The error messages name the bad values only escaped.
    assert "&lt;script&gt;" in post(client, wrong, "en") or SCRIPT not in post(client, wrong, "en")


def test_the_fragment_has_no_inline_style_or_script_and_starts_at_h3(client: TestClient) -> None:
    for person in PEOPLE.values():
        text = post(client, person, "en")
        tags = {t for t, _, _ in parse(text).found}
        assert not tags & {"script", "style", "h1", "h2"}
        assert "h3" in tags
        for _, attrs, _ in parse(text).found:
            assert "style" not in attrs
            assert not any(k.startswith("on") for k in attrs)


def test_error_context_shows_only_the_summary() -> None:
    errors = [{"id": "f-annual_salary", "label": "Salary", "message": SCRIPT}]
    text = environment().get_template("results.html").render(view.error_context(errors, "ja"))
    assert 'data-error-for="f-annual_salary"' in text and 'href="#f-annual_salary"' in text
    assert "<script" not in text and "&lt;script&gt;" in text
    assert "data-total" not in text and "data-rules-version" not in text


def test_the_library_is_asked_once_each(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: dict[str, int] = {}

    def counted(name: str, fn: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            calls[name] = calls.get(name, 0) + 1
            return fn(*args, **kwargs)

        return wrapper

    for name in ("evaluate", "advice", "forecast", "hsp2"):
        monkeypatch.setattr(view, name, counted(name, getattr(view, name)))
    view.results_context(RESIDENT, "en")
    assert calls == {"evaluate": 1, "advice": 1, "forecast": 1, "hsp2": 1}
    calls.clear()
    view.results_context(ENGINEER, "en")
    assert calls == {"evaluate": 1, "advice": 1, "forecast": 1}


def test_a_typical_fragment_is_fast(client: TestClient) -> None:
    """The page posts on every answer: a typical person's whole fragment (measured: about
    0.1-0.2 s on the shared 2-core machine, advice being most of it)."""
    body = answers(ENGINEER)
    post(client, ENGINEER, "en")  # warm: templates compiled, rules loaded
    took = []
    for n in range(8):
        body["annual_salary"] = str(ENGINEER["annual_salary"] + 1000 * n)  # not a cached answer
        start = time.perf_counter()
        assert client.post("/page/results?lang=en", data=body).status_code == 200
        took.append(time.perf_counter() - start)
    median = statistics.median(took)
    print(f"\nresults fragment, typical person: median {median * 1000:.0f} ms")
    assert median < 0.6


def test_a_holder_of_hsp2_is_told_so(client: TestClient) -> None:
    holder = {
        **RESIDENT,
        "statuses": [
            {"status": "hsp1_b", "from": "2018-04-01", "to": "2022-03-31", "points": 80},
            {"status": "hsp2", "from": "2022-04-01"},
        ],
    }
    for lang in LANGS:
        lib = questions.hsp2(holder, lang=lang)
        assert lib.code == "already"
        text = post(client, holder, lang)
        h2 = [a for _, a, _ in parse(text).having("data-hsp2")]
        assert [(a["data-open"], a["data-earliest"]) for a in h2] == [
            (flag(lib.open), lib.earliest or "")
        ]
        assert esc(render(Message.of("page.hsp2.already"), lang)) in text
        assert esc(lib.text) in text


def test_the_page_without_a_script_shows_the_same_results(client: TestClient) -> None:
    r = client.post("/?lang=ja", data=answers(ENGINEER))
    assert r.status_code == 200
    ev = ev_feature.evaluate(ENGINEER, lang="ja")
    found = parse(r.text).having("data-total")
    cards = {a["data-category"]: a["data-total"] for t, a, _ in found if t == "article"}
    assert cards == {k: str(c.total) for k, c in ev.categories.items()}


def test_the_stylesheet(client: TestClient) -> None:
    """System fonts only, nothing fetched; a print view and a phone layout; a class for every
    step of the points bar."""
    r = client.get("/static/kodo.css")
    assert r.status_code == 200
    css = r.text
    assert "@font-face" not in css and "url(" not in css and "@import" not in css
    assert "@media print" in css and "#kodo-form" in css.split("@media print", 1)[1]
    assert "@media (max-width: 700px)" in css
    assert ":focus-visible" in css and ".skip-link:focus" in css
    for n in range(view.STEPS + 1):
        assert f".bar .w{n} {{" in css and f".bar .l{n} {{" in css
    text = post(client, NO_SALARY, "en")
    steps = {int(c[1:]) for _, a, _ in parse(text).found for c in a.get("class", "").split()
             if c[:1] in "wl" and c[1:].isdigit()}  # fmt: skip
    assert steps and max(steps) <= view.STEPS


def test_a_problem_without_a_field_is_listed_without_a_link() -> None:
    errors = [
        {"id": "", "label": "", "message": "x"},
        {"id": "f-date", "label": "D", "message": "y"},
    ]
    text = environment().get_template("results.html").render(view.error_context(errors, "zh"))
    links = [a for _, a, _ in parse(text).having("data-error-for")]
    assert [a["href"] for a in links] == ["#f-date"]
    assert esc(render(Message.of("cli.labelled", label="D", text="y"), "zh")) in text


def test_every_missing_fact_links_to_a_field_of_the_form(client: TestClient) -> None:
    """Each core fact the library may call missing has its field on the form (and the time
    in Japan its section), so the links in the results lead somewhere."""
    from kodo.vocab import CORE_FACTS

    fields = {f: view.missing_facts((f,), "en")[0]["field"] for f in CORE_FACTS}
    assert all(fields.values())
    page = client.get("/?lang=en").text
    for target in [*fields.values(), "s-japan"]:
        assert f'id="{target}"' in page
    text = post(client, {"birth_date": "1990-01-01"}, "en")
    links = {a["href"] for t, a, _ in parse(text).having("data-missing")}
    assert links == {f"#{fields[f]}" for f in ("date", "annual_salary", "degrees")}


def test_withheld_items_say_why(client: TestClient) -> None:
    """ENGINEER's N2 is withheld (a Japanese degree's points are awarded): its row says it is
    not counted, and why."""
    for lang in LANGS:
        text = post(client, ENGINEER, lang)
        page = parse(text)
        ev = ev_feature.evaluate(ENGINEER, lang=lang)
        withheld = {(k, w.id) for k, c in ev.categories.items() for w in c.withheld}
        assert ("b", "n2") in withheld
        rows = {(c, a["data-item"]) for _, a, c in page.having("data-withheld")}
        assert rows == withheld
        for cat in ev.categories.values():
            for w in cat.withheld:
                assert esc(w.reason) in text
        assert esc(render(Message.of("page.card.withheld"), lang)) in text


def test_the_effect_on_the_pr_date_is_shown_with_a_residence_history(client: TestClient) -> None:
    lib = questions.advice(RESIDENT, lang="ja")
    text = post(client, RESIDENT, "ja")
    shown = [a["data-pr-effect"] for _, a, _ in parse(text).having("data-pr-effect")]
    assert shown == [e.action for e in lib.pr_effect] and shown
    assert all(esc(e.text) in text for e in lib.pr_effect)
    # Without one, no route can open whatever the action: the section is left out.
    assert not parse(post(client, ENGINEER, "ja")).having("data-pr-effect")
    assert all(e.earliest_after == e.earliest_before for e in questions.advice(ENGINEER).pr_effect)
