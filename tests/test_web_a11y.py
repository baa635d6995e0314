"""Accessibility of the page: axe-core (the ``axe-playwright-python`` package, which carries
its own ``axe.min.js``) in Debian's chromium against the real ``kodo serve``, on the empty
page, the page with results and the page with an error summary, in en, ja and zh: no
violation of impact serious or critical. Every violation found (any impact) is printed, so a
run with ``-rP`` lists them.

axe is injected with ``page.evaluate``, once per page (Playwright evaluates through the
DevTools protocol, which the page's Content-Security-Policy does not govern), so the page
runs with its real CSP: no ``bypass_csp`` is needed.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser import (
    browser,  # noqa: F401 (the session's chromium, a fixture)
    field_id,
    fill,
    new_context,
    settle,
)
from tests.test_web_page import ENGINEER, JA_PERSON, ZH_PERSON

BLOCKING = ("serious", "critical")
PEOPLE = {"en": ENGINEER, "ja": JA_PERSON, "zh": ZH_PERSON}


def violations(page: Any) -> list[dict[str, Any]]:
    """axe's violations on the page as it is now. The package's ``Axe().run`` injects its
    ``axe.min.js`` on every call; the page is not reloaded between its states here, so it is
    injected once per page (the same script, the same ``axe.run`` call)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe.axe_script)
    response = page.evaluate("axe.run({resultTypes: ['violations']})")
    assert response["testEngine"]["name"] == "axe-core"
    assert response["passes"] or response["violations"]  # axe did run its rules
    return list(response["violations"])


def describe(state: str, found: list[dict[str, Any]]) -> list[str]:
    return [
        f"{state}: {v['id']} ({v['impact']}, {len(v['nodes'])} nodes: "
        + "; ".join(str(n["target"]) for n in v["nodes"][:3])
        + ")"
        for v in found
    ]


@pytest.mark.parametrize("lang", list(PEOPLE))
def test_no_serious_or_critical_violation(
    browser: Any,  # noqa: F811
    server_url: str,
    lang: str,
) -> None:
    context, _watch = new_context(browser, server_url)
    try:
        page = context.new_page()
        response = page.goto(f"{server_url}/?lang={lang}")
        assert response is not None and response.status == 200
        states: dict[str, list[dict[str, Any]]] = {"empty": violations(page)}

        fill(page, PEOPLE[lang])
        settle(page)
        assert page.locator("article.card").count() > 0
        states["results"] = violations(page)

        # a birth after the reference date: the error summary, the field marked invalid
        page.fill(f"#{field_id('birth_date')}", "2030-02-28")
        settle(page)
        assert page.locator("#error-summary").count() == 1
        states["errors"] = violations(page)
    finally:
        context.close()

    every = [line for state, found in states.items() for line in describe(state, found)]
    print(f"\naxe violations ({lang}):", *(every or ["none"]), sep="\n  ")
    blocking = [
        line
        for state, found in states.items()
        for line in describe(state, [v for v in found if v["impact"] in BLOCKING])
    ]
    assert blocking == []
