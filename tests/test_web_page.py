"""The page in a real browser (issue 9 §5): Debian's chromium driven by Playwright against the
real ``kodo serve``. A person fills the form; every number the page shows must equal the
library's result for the same facts (``kodo.evaluate``/``advice``/``permanent_residence``/
``hsp2``/``forecast``, same language). Then: the language switch, the share link, keyboard
only, the error summary, a phone-width window, the print view, and what the page may not do
in the browser (console errors, CSP violations, other hosts, cookies). Screenshots go to
tests/artifacts/screenshots/ (created at run time, not in git).
"""

from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest

from tests.browser import (
    browser,  # noqa: F401 (the session's chromium, a fixture)
    compare,
    expected,
    field_id,
    fill,
    form_values,
    new_context,
    screenshot,
    settle,
    shown,
)

DAY = "2026-11-21"
# Each person eligible in one category, and the facts the others need.
RESEARCHER = {  # category a: a research doctorate, papers
    "date": DAY,
    "birth_date": "1988-05-10",
    "degrees": [{"level": "doctorate", "field": "Physics"}],
    "experience": {"research": 7},
    "annual_salary": 6000000,
    "research": {"papers": 3},
}
ENGINEER = {  # category b: a master's, a salary, experience, a licence
    "date": DAY,
    "birth_date": "1994-08-20",
    "degrees": [{"level": "master", "field": "Computer Science"}],
    "experience": {"professional": 5},
    "annual_salary": 7500000,
    "licenses": 1,
}
MANAGER = {  # category c: management years, a high salary, the representative (J-Skip c too)
    "date": DAY,
    "birth_date": "1975-03-03",
    "degrees": [{"level": "bachelor", "field": "Economics"}],
    "experience": {"management": 6},
    "annual_salary": 40000000,
    "position": "representative",
}
JA_PERSON = {  # filled in Japanese: a Japanese master's, N1, an innovative SME
    "date": DAY,
    "birth_date": "1996-12-01",
    "degrees": [{"level": "master", "field": "情報工学", "japan": True}],
    "experience": {"professional": 3},
    "annual_salary": 6500000,
    "japanese": {"jlpt": "N1"},
    "employer": {"innovation_support": True, "sme": True},
}
ZH_PERSON = {  # filled in Chinese: two degrees, N2, a licence
    "date": DAY,
    "birth_date": "1992-06-15",
    "degrees": [
        {"level": "master", "field": "机械工程"},
        {"level": "bachelor", "field": "物理学"},
    ],
    "experience": {"professional": 8},
    "annual_salary": 9000000,
    "japanese": {"jlpt": "N2"},
    "licenses": 1,
}
HISTORY = {  # a status history: 技人国 then HSP(i)(b) since April 2026 (PR and HSP(ii) later)
    "date": DAY,
    "birth_date": "1990-02-01",
    "category": "b",
    "degrees": [{"level": "master", "field": "Computer Science", "japan": True}],
    "experience": {"professional": 6},
    "annual_salary": 8000000,
    "japanese": {"jlpt": "N1"},
    "statuses": [
        {"status": "engineer_humanities", "from": "2019-04-01", "to": "2026-03-31"},
        {"status": "hsp1_b", "from": "2026-04-01", "to": "2031-03-31", "points": 85},
    ],
    "residence_since": "2019-04-01",
}
PEOPLE: dict[str, tuple[dict[str, Any], str]] = {
    "researcher": (RESEARCHER, "en"),
    "engineer": (ENGINEER, "en"),
    "manager": (MANAGER, "en"),
    "ja-person": (JA_PERSON, "ja"),
    "zh-person": (ZH_PERSON, "zh"),
    "history": (HISTORY, "en"),
}
LANGS = ("en", "ja", "zh")


@pytest.fixture
def contexts(browser: Any, server_url: str) -> Any:  # noqa: F811
    """A factory of fresh, watched contexts (closed after the test)."""
    opened: list[Any] = []

    def make(**options: Any) -> Any:
        options.setdefault("locale", "en-US")
        context, watch = new_context(browser, server_url, **options)
        opened.append(context)
        return context, watch

    yield make
    for context in opened:
        context.close()


def assert_clean(watch: Any) -> None:
    """Nothing the page may not do in a browser happened (see test_security_in_the_browser)."""
    assert watch.errors() == []
    assert watch.foreign == []


def open_page(context: Any, base: str, lang: str | None = None) -> Any:
    page = context.new_page()
    response = page.goto(base + "/" + (f"?lang={lang}" if lang else ""))
    assert response is not None and response.status == 200
    return page


def switch_language(page: Any, lang: str) -> None:
    """Click the language link (the answers go with it in the fragment); wait for the page:
    its language, its heading and a question's label in that language, the cookie
    remembering the choice."""
    from kodo.i18n import Message, render

    label = f'label[for="{field_id("birth_date")}"]'
    before = page.inner_text(label)
    with page.expect_navigation():
        page.click(f'a[data-lang="{lang}"]')
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.inner_text("h1") == render(Message.of("web.page.heading"), lang)
    after = page.inner_text(label)
    assert after.strip() and after != before
    assert bool(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", after)) == (lang != "en"), after
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert cookies == {"kodo_lang": lang}


def check_results(
    page: Any, person: dict[str, Any], lang: str, lib: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Wait for the results; every number shown must be the library's for ``person``."""
    settle(page)
    data = shown(page)
    assert data["lang"] == lang
    assert data["errors"] == []
    differences = compare(data, lib if lib is not None else expected(person, lang))
    assert not differences, "\n".join(differences)
    return data


def share_url(base: str, person: dict[str, Any], lang: str) -> str:
    from tests.browser import answers

    return f"{base}/?lang={lang}#a=" + urlencode(answers(person))


# ---------------------------------------------------------------------------------------------
# Every number equals the library's, in the person's language and after switching language
# with the links (the answers survive in the fragment, the texts change, the cookie remembers)


@pytest.mark.parametrize("who", list(PEOPLE))
def test_the_numbers_are_the_librarys(contexts: Any, server_url: str, who: str) -> None:
    person, lang = PEOPLE[who]
    order = (lang, *(x for x in LANGS if x != lang))
    with ThreadPoolExecutor(1) as pool:  # the library's answers, while the browser works
        wanted = {x: pool.submit(expected, person, x) for x in order}
        context, watch = contexts()
        page = open_page(context, server_url, lang)
        given = fill(page, person)
        for n, x in enumerate(order):  # then the same answers in the other languages
            if n:
                switch_language(page, x)
            check_results(page, person, x, wanted[x].result())
            assert set(given) <= set(form_values(page))  # the answers survived the switch
            screenshot(page, f"{who}-{x}")
    fresh = context.new_page()  # a fresh GET / without ?lang=: the language last chosen
    fresh.goto(server_url + "/")
    assert fresh.evaluate("document.documentElement.lang") == order[-1]
    assert_clean(watch)


def test_missing_facts_give_the_librarys_ranges(contexts: Any, server_url: str) -> None:
    """No salary yet: each card shows the library's total and the range still possible."""
    import kodo

    person = {k: v for k, v in ENGINEER.items() if k != "annual_salary"}
    context, watch = contexts()
    page = open_page(context, server_url, "en")
    fill(page, person)
    check_results(page, person, "en")
    for key, cat in kodo.evaluate(person, lang="en").categories.items():
        low, high = cat.range
        assert low != high  # the salary is worth points in every category
        text = page.inner_text(f'article.card[data-category="{key}"]')
        assert re.search(rf"(?<!\d){low}(?!\d)", text) and re.search(rf"(?<!\d){high}(?!\d)", text)
    assert_clean(watch)


# ---------------------------------------------------------------------------------------------
# The language: the links keep the answers, the cookie remembers, the browser's language


TYPE_THEN_SWITCH = """([id, value, lang]) => {
  const field = document.getElementById(id);
  field.value = value;  // typed...
  field.dispatchEvent(new Event("input", {bubbles: true}));
  document.querySelector(`a[data-lang="${lang}"]`).click();  // ...and the link clicked at once
}"""


def test_an_answer_typed_just_before_switching_survives(contexts: Any, server_url: str) -> None:
    """The answer and the click in one task (no timer can run between them): what a quick
    person does in under 300 ms."""
    context, _watch = contexts()
    page = open_page(context, server_url, "en")
    fill(page, ENGINEER)
    settle(page)
    salary = field_id("annual_salary")
    with page.expect_navigation():
        page.evaluate(TYPE_THEN_SWITCH, [salary, "9100000", "ja"])
    settle(page)
    assert page.input_value(f"#{salary}") == "9100000"


@pytest.mark.parametrize("locale,lang", [("ja-JP", "ja"), ("zh-CN", "zh"), ("en-GB", "en")])
def test_first_visit_speaks_the_browsers_language(
    contexts: Any, server_url: str, locale: str, lang: str
) -> None:
    from kodo.i18n import Message, render

    context, watch = contexts(locale=locale)
    page = open_page(context, server_url)
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.inner_text("h1") == render(Message.of("web.page.heading"), lang)
    assert context.cookies() == []  # no choice made yet: nothing remembered
    assert_clean(watch)


# ---------------------------------------------------------------------------------------------
# The share link


def distinctive(person: dict[str, Any]) -> list[str]:
    """Answers that cannot appear in a URL by chance (dates, amounts, free text)."""
    from tests.browser import answers

    return [v for _, v in answers(person) if len(v) >= 4 and v not in ("true", "false")]


def test_share_link_restores_answers_and_results(contexts: Any, server_url: str) -> None:
    context, watch = contexts()
    page = open_page(context, server_url, "en")
    fill(page, HISTORY)
    first = check_results(page, HISTORY, "en")
    values = form_values(page)
    href = page.get_attribute("#share-link", "href")
    assert href and href.startswith(server_url) and "#a=" in href
    assert href == page.url

    other, seen = contexts()  # a new context: no cookie, no storage
    shared = other.new_page()
    shared.goto(href)
    second = check_results(shared, HISTORY, "en")
    assert form_values(shared) == values
    assert second == first
    screenshot(shared, "history-en-shared")
    secrets = distinctive(HISTORY)
    for w in (watch, seen):  # the fragment never leaves the browser
        for _method, url, _body in w.requests:
            parts = urlsplit(url)
            assert not parts.fragment, url
            sent = parts.path + "?" + parts.query
            assert not [s for s in secrets if s in sent or urlencode({"": s})[1:] in sent], url
            assert "a=" not in parts.query, url
    assert_clean(watch)
    assert_clean(seen)


def test_a_hand_edited_link_names_the_answer_it_cannot_use(contexts: Any, server_url: str) -> None:
    """A link whose birth date is not a date: the error summary names the field (the form
    cannot show the value), never results computed without it."""
    context, watch = contexts()
    page = context.new_page()
    bad = {**ENGINEER, "birth_date": "abc"}
    page.goto(share_url(server_url, bad, "en"))
    page.wait_for_selector("#error-summary")
    fid = field_id("birth_date")
    assert [fid, f"#{fid}"] in shown(page)["errors"]
    assert page.get_attribute(f"#{fid}", "aria-invalid") == "true"
    assert not page.query_selector("article.card")
    assert_clean(watch)


def test_first_render_of_a_shared_link(contexts: Any, server_url: str) -> None:
    context, watch = contexts()
    page = context.new_page()
    url = share_url(server_url, ENGINEER, "en")
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_selector("article.card[data-total]")
    took = time.perf_counter() - start
    print(f"\nfirst render of a shared link (navigation to the first result card): {took:.3f} s")
    assert took < 10
    check_results(page, ENGINEER, "en")
    assert_clean(watch)


# ---------------------------------------------------------------------------------------------
# Keyboard only

ACTIVE = """() => { const e = document.activeElement;
  return e ? (e.id || e.className || e.tagName) : ""; }"""
OUTLINE = """() => { const s = getComputedStyle(document.activeElement);
  return [s.outlineStyle, s.outlineWidth, document.activeElement.matches(':focus-visible')]; }"""


def focus_is_visible(page: Any) -> None:
    style, width, visible = page.evaluate(OUTLINE)
    assert visible, "the focused element does not match :focus-visible"
    assert style != "none" and width not in ("0px", ""), (page.evaluate(ACTIVE), style, width)


def tab_to(page: Any, selector: str, limit: int = 80) -> None:
    """Press Tab until ``selector`` has the focus (forward only: the focus order follows the
    questions' order)."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} not reached with {limit} Tabs")


def type_answer(page: Any, name: str, value: str) -> None:
    """Answer the focused question with the keyboard only."""
    fid = field_id(name)
    tab_to(page, f"#{fid}")
    focus_is_visible(page)
    kind = page.eval_on_selector(f"#{fid}", "e => e.tagName === 'SELECT' ? 'select' : e.type")
    if kind == "select":
        options = page.eval_on_selector(f"#{fid}", "e => Array.from(e.options).map(o => o.value)")
        at = page.eval_on_selector(f"#{fid}", "e => e.selectedIndex")
        steps = options.index(value) - at
        for _ in range(abs(steps)):
            page.keyboard.press("ArrowDown" if steps > 0 else "ArrowUp")
    elif kind == "checkbox":
        if (value == "true") != page.is_checked(f"#{fid}"):
            page.keyboard.press("Space")
    elif kind == "date":  # chromium's date field in en-US: month, day, year
        year, month, dd = value.split("-")
        page.keyboard.type(month + dd + year)
    else:
        page.keyboard.press("Control+A")
        page.keyboard.type(value)
    got = page.eval_on_selector(
        f"#{fid}", "e => e.type === 'checkbox' ? String(e.checked) : e.value"
    )
    assert got == value, (name, got)


def add_row_with_keyboard(page: Any, lst: str, row: int, key: str) -> None:
    tab_to(page, f'button[data-add="{lst}"]')
    focus_is_visible(page)
    page.keyboard.press(key)
    page.wait_for_selector(f'[data-list="{lst}"] [data-row="{row}"]')
    inside = page.evaluate(
        "([l, r]) => !!document.activeElement.closest(`[data-list='${l}'] [data-row='${r}']`)",
        [lst, str(row)],
    )
    assert inside, f"the focus is not in the new {lst} row {row}: {page.evaluate(ACTIVE)}"


KEYBOARD_PERSON = {
    "date": DAY,
    "birth_date": "1991-07-09",
    "degrees": [
        {"level": "master", "field": "Data Science"},
        {"level": "bachelor", "field": "Mathematics"},
    ],
    "experience": {"professional": 4},
    "annual_salary": 7000000,
    "statuses": [
        {"status": "engineer_humanities", "from": "2020-04-01", "to": "2024-03-31"},
        {"status": "hsp1_b", "from": "2024-04-01"},
    ],
    "residence_since": "2020-04-01",
}


def test_keyboard_only(contexts: Any, server_url: str) -> None:
    from tests.browser import answers, list_of

    context, watch = contexts()
    page = open_page(context, server_url, "en")
    page.keyboard.press("Tab")  # the first Tab: the skip link
    assert page.evaluate("document.activeElement.matches('a.skip-link')")
    focus_is_visible(page)
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # after the skip link: the first question
    assert page.evaluate("!!document.activeElement.closest('#kodo-form')"), page.evaluate(ACTIVE)
    added = []
    for name, value in answers(KEYBOARD_PERSON):
        found = list_of(name)
        if found and not page.locator(f"#{field_id(name)}").count():
            lst, row = found
            key = "Enter" if lst == "degrees" else "Space"  # a button answers both keys
            add_row_with_keyboard(page, lst, row, key)
            added.append(key)
        type_answer(page, name, value)
    assert sorted(added) == ["Enter", "Space"]  # one row added with each key
    page.keyboard.press("Enter")  # submit from the last answer
    page.wait_for_function(
        "() => ['results-title', 'error-summary'].includes(document.activeElement.id)"
    )
    check_results(page, KEYBOARD_PERSON, "en")
    assert page.evaluate("document.activeElement.id") == "results-title"
    assert_clean(watch)


def test_removing_a_row_renumbers_the_rest(contexts: Any, server_url: str) -> None:
    context, watch = contexts()
    page = open_page(context, server_url, "en")
    two = {
        **ENGINEER,
        "degrees": [{"level": "bachelor", "field": "Mathematics"}, *ENGINEER["degrees"]],
    }
    fill(page, two)
    check_results(page, two, "en")
    page.click('[data-list="degrees"] [data-row="0"] [data-remove]')
    assert page.evaluate("document.activeElement.getAttribute('data-add')") == "degrees"
    check_results(page, ENGINEER, "en")  # the master's degree alone, now row 0
    values = dict(form_values(page))
    assert values["degrees.0.level"] == "master"
    assert values["degrees.0.field"] == "Computer Science"
    assert not [n for n in values if n.startswith("degrees.1.")]
    assert page.locator('[data-list="degrees"] .row').count() == 1
    assert page.input_value(f"#{field_id('degrees.0.field')}") == "Computer Science"
    assert page.locator(f'label[for="{field_id("degrees.0.field")}"]').count() == 1
    assert_clean(watch)


def test_without_javascript_the_form_still_answers(contexts: Any, server_url: str) -> None:
    """No script: the submit button posts the form; the page comes back with the answers
    and the results (the same numbers)."""
    context, watch = contexts(java_script_enabled=False)
    page = open_page(context, server_url, "en")
    given = fill(page, ENGINEER)  # one degree: the first row is there without a script
    with page.expect_navigation():
        page.click("#submit")
    data = shown(page)
    differences = compare(data, expected(ENGINEER, "en"))
    assert not differences, "\n".join(differences)
    assert set(given) <= set(form_values(page))
    assert_clean(watch)


def test_without_javascript_an_error_marks_the_field(contexts: Any, server_url: str) -> None:
    context, _watch = contexts(java_script_enabled=False)
    page = open_page(context, server_url, "en")
    fill(page, {**ENGINEER, "birth_date": "2030-02-28"})  # born after the reference date
    with page.expect_navigation():
        page.click("#submit")
    fid = field_id("birth_date")
    assert [fid, f"#{fid}"] in shown(page)["errors"]
    assert page.get_attribute(f"#{fid}", "aria-invalid") == "true"


# ---------------------------------------------------------------------------------------------
# Errors: the summary names the field, the field is marked


def test_impossible_date_gives_an_error_summary(contexts: Any, server_url: str) -> None:
    context, watch = contexts()
    page = open_page(context, server_url, "en")
    fill(page, ENGINEER)
    settle(page)
    fid = field_id("birth_date")
    if page.get_attribute(f"#{fid}", "type") == "date":
        # a date field cannot hold 30 February; a birth after the reference date is the
        # impossible date a person can enter there
        page.fill(f"#{fid}", "2030-02-28")
    else:
        page.fill(f"#{fid}", "1994-02-30")
    settle(page)
    summary = page.locator("#error-summary")
    assert summary.get_attribute("role") == "alert"
    assert summary.get_attribute("tabindex") == "-1"
    links = shown(page)["errors"]
    assert [fid, f"#{fid}"] in links, links
    assert page.get_attribute(f"#{fid}", "aria-invalid") == "true"
    described = (page.get_attribute(f"#{fid}", "aria-describedby") or "").split()
    assert f"h-{fid[2:]}" in described  # its help, and the error when it says which
    assert all(page.locator(f"#{ref}").count() == 1 for ref in described), described
    assert page.locator("article.card").count() == 0
    screenshot(page, "error-summary-en")
    page.click(f'#error-summary a[data-error-for="{fid}"]')
    assert page.evaluate("document.activeElement.id") == fid
    page.keyboard.press("Enter")  # submitting moves the focus to the summary
    page.wait_for_function("() => document.activeElement.id === 'error-summary'")
    page.fill(f"#{fid}", ENGINEER["birth_date"])  # corrected: the error goes away
    check_results(page, ENGINEER, "en")
    assert page.get_attribute(f"#{fid}", "aria-invalid") in (None, "false")

    # in a list row: a status of residence that ends before it starts
    ended = {"status": "engineer_humanities", "from": "2022-04-01", "to": "2021-03-31"}
    fill(page, {"statuses": [ended]})
    settle(page)
    to = field_id("statuses.0.to")
    assert [to, f"#{to}"] in shown(page)["errors"], shown(page)["errors"]
    assert page.get_attribute(f"#{to}", "aria-invalid") == "true"
    assert page.get_attribute(f"#{fid}", "aria-invalid") in (None, "false")
    assert_clean(watch)


def test_a_day_that_does_not_exist_gives_an_error_summary(contexts: Any, server_url: str) -> None:
    """30 February typed into the date field (chromium's en-US order: month, day, year)."""
    context, watch = contexts()
    page = open_page(context, server_url, "en")
    fill(page, ENGINEER)
    settle(page)
    fid = field_id("birth_date")
    page.fill(f"#{fid}", "")
    page.focus(f"#{fid}")
    page.keyboard.type("02301994")
    assert page.evaluate(f"document.getElementById('{fid}').validity.badInput")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => ['results-title', 'error-summary'].includes(document.activeElement.id)"
    )
    settle(page)
    assert [fid, f"#{fid}"] in shown(page)["errors"]
    assert page.get_attribute(f"#{fid}", "aria-invalid") == "true"
    assert_clean(watch)


# ---------------------------------------------------------------------------------------------
# A phone, print


WIDE = """w => Array.from(document.querySelectorAll("body *"))
  .filter(e => e.getBoundingClientRect().right > w + 0.5 && e.getClientRects().length)
  .filter(e => !(e.parentElement && e.parentElement.getBoundingClientRect().right > w + 0.5))
  .map(e => `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""}` +
            `${e.className ? "." + String(e.className).split(" ").join(".") : ""} ` +
            `right=${Math.round(e.getBoundingClientRect().right)}`)
  .slice(0, 8)"""


def no_horizontal_scroll(page: Any, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(WIDE, width) if scroll > width else []
    assert scroll <= width, f"the page is {scroll} px wide on a {width} px screen: {wide}"


def test_phone_width(contexts: Any, server_url: str) -> None:
    context, watch = contexts(viewport={"width": 375, "height": 812}, is_mobile=True)
    page = open_page(context, server_url, "zh")
    no_horizontal_scroll(page, 375)
    fill(page, ZH_PERSON)
    for lang in ("zh", "ja", "en"):
        if lang != "zh":
            switch_language(page, lang)
        check_results(page, ZH_PERSON, lang)
        no_horizontal_scroll(page, 375)
        # the results are below the form: a link at the foot of the screen leads to them
        page.evaluate("window.scrollTo(0, 0)")
        best = page.inner_text("#results-body [data-best]").strip()
        reach = page.locator('a[href="#results-title"]:visible').last
        assert best and best in reach.inner_text()
        reach.click()
        assert page.evaluate("document.activeElement.id") == "results-title"
        assert page.locator("#results-title").is_visible()
        title = page.locator("#results-title").bounding_box()
        assert title and -1 < title["y"] < 812, title  # in view (to a subpixel)
        card = page.locator("article.card").first
        card.scroll_into_view_if_needed()
        box = card.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375, box
        assert card.is_visible()
        screenshot(page, f"phone-zh-person-{lang}", full_page=lang == "zh")
    assert_clean(watch)


def test_print_view(contexts: Any, server_url: str) -> None:
    context, watch = contexts()
    page = open_page(context, server_url, "ja")
    fill(page, JA_PERSON)
    check_results(page, JA_PERSON, "ja")
    page.emulate_media(media="print")
    assert page.locator("#kodo-form").is_hidden()
    assert page.locator("article.card").first.is_visible()
    assert page.locator("[data-forecast]").first.is_visible()
    screenshot(page, "print-ja-person-ja", full_page=True)
    page.emulate_media(media="screen")
    assert page.locator("#kodo-form").is_visible()
    assert_clean(watch)


# ---------------------------------------------------------------------------------------------
# What the page may not do in a browser


def test_security_in_the_browser(contexts: Any, server_url: str) -> None:
    context, watch = contexts()
    page = open_page(context, server_url, "en")
    fill(page, MANAGER)
    check_results(page, MANAGER, "en")
    page.click("#share-link")  # the share link (copies it, or follows it: both are fine)
    switch_language(page, "zh")
    check_results(page, MANAGER, "zh")
    page.reload()
    check_results(page, MANAGER, "zh")
    assert watch.errors() == [], "console errors or CSP violations"
    assert watch.csp == []
    assert watch.foreign == [], "requests to another host"
    assert {c["name"] for c in context.cookies()} <= {"kodo_lang"}
    assert len(watch.requests) > 5
    for method, url, _body in watch.requests:
        assert method in ("GET", "POST"), url
        path = urlsplit(url).path
        assert path in ("/", "/page/results", "/page/form") or path.startswith("/static/"), url


def test_a_failed_update_is_not_shown_as_results(contexts: Any, server_url: str) -> None:
    """When the server cannot answer (here: a 500 made by the test), the person does not see
    the error's JSON in place of the results."""
    context, _watch = contexts()
    page = open_page(context, server_url, "en")
    fill(page, ENGINEER)
    settle(page)
    failure = '{"error":"internal","message":"internal error"}'
    page.route("**/page/results*", lambda route: route.fulfill(status=500, body=failure))
    with page.expect_response("**/page/results*"):
        page.fill(f"#{field_id('annual_salary')}", "8000000")
    page.wait_for_function(
        "() => !document.getElementById('results-body').hasAttribute('aria-busy')"
    )
    assert '"error"' not in page.inner_text("#results-body")


MARKUP = '<img src="/x" id="planted">"\'><script src="/y"></script>&amp;'


def test_what_a_person_types_stays_text(contexts: Any, server_url: str) -> None:
    """Markup typed into a free-text answer is shown as typed, never run or parsed: in the
    form, after a language switch (the form is re-rendered by the server) and in a shared
    link."""
    context, watch = contexts()
    page = open_page(context, server_url, "en")
    person = {**ENGINEER, "degrees": [{"level": "master", "field": MARKUP}]}
    fill(page, person)
    check_results(page, person, "en")
    switch_language(page, "ja")
    check_results(page, person, "ja")
    assert page.input_value(f"#{field_id('degrees.0.field')}") == MARKUP
    assert page.locator("#planted").count() == 0
    assert not [u for _, u, _ in watch.requests if urlsplit(u).path in ("/x", "/y")]
    assert_clean(watch)


def test_the_icon_is_served(contexts: Any, server_url: str) -> None:
    """Chromium asks for the page's icon (``<link rel="icon">``, else /favicon.ico) after the
    page loads; a 404 there is a console error on every visit."""
    context, _watch = contexts()
    page = open_page(context, server_url, "en")
    icon = page.evaluate(
        "() => { const l = document.querySelector('link[rel~=icon]'); "
        "return l ? l.href : location.origin + '/favicon.ico'; }"
    )
    assert urlsplit(icon).netloc == urlsplit(server_url).netloc
    assert page.request.get(icon).status == 200, icon
