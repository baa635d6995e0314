"""Helpers for the page's browser tests (tests/test_web_page.py, tests/test_web_a11y.py).

Playwright's sync API drives Debian's chromium (``/usr/bin/chromium``: Playwright cannot
download its own browser here, so ``playwright install`` is never called) against the real
``kodo serve`` of the ``server_url`` fixture. One browser per session, a new context per test.

What lives here:

- :func:`browser`: the session's browser (imported by each test module as a fixture);
- :class:`Watch`: what a context did that a page must not do — console errors, uncaught
  errors, Content-Security-Policy violations, requests to any host but the server — and
  every request it sent (to check that the answers never travel in a URL);
- :func:`answers`: an applicant dict as the form's ``(name, value)`` pairs (the DOM
  contract: ``name`` is the applicant's dotted path, the field's id ``f-<name with - for .>``);
- :func:`fill`: fills the form like a user (fill / select_option / check, and the add-row
  button for list rows the form does not show yet);
- :func:`settle`: waits on the DOM until the live results show the form's current answers;
- :func:`shown` / :func:`expected`: the DOM contract's data attributes, and the library's
  results for the same facts in the same shape, to compare one with the other.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).parent / "artifacts" / "screenshots"
TIMEOUT_MS = 15_000  # any single wait; the whole suite should take well under 90 s

_shared: dict[str, Any] = {"users": 0}


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """The session's chromium (one Playwright and one browser even when several test modules
    import this fixture: each module's copy shares them and the last one closes them)."""
    from playwright.sync_api import sync_playwright

    if not _shared["users"]:
        if not os.path.exists(CHROMIUM):
            pytest.fail(f"{CHROMIUM} is missing: `make browser` installs Debian's chromium")
        pw = sync_playwright().start()
        _shared["pw"] = pw
        _shared["browser"] = pw.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
        )
    _shared["users"] += 1
    try:
        yield _shared["browser"]
    finally:
        _shared["users"] -= 1
        if not _shared["users"]:
            _shared.pop("browser").close()
            _shared.pop("pw").stop()


# ---------------------------------------------------------------------------------------------
# Watching a context

CSP_SCRIPT = """
document.addEventListener("securitypolicyviolation", function (e) {
  window.kodoTestCsp(e.violatedDirective + " " + (e.blockedURI || "") + " " +
                     (e.sourceFile || "") + ":" + (e.lineNumber || 0));
});
"""


@dataclass
class Watch:
    """Everything a context's pages did that the tests look at afterwards."""

    base: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    csp: list[str] = field(default_factory=list)
    requests: list[tuple[str, str, str | None]] = field(default_factory=list)  # method, url, body

    @property
    def foreign(self) -> list[str]:
        """Requests to any host but the server."""
        host = urlsplit(self.base).netloc
        return [u for _, u, _ in self.requests if urlsplit(u).netloc != host]

    def errors(self, ignore: tuple[str, ...] = ()) -> list[str]:
        """Console errors (minus those naming one of ``ignore``), uncaught errors, CSP
        violations."""
        console = [m for m in self.console_errors if not any(i in m for i in ignore)]
        return [*console, *self.page_errors, *(f"CSP: {v}" for v in self.csp)]


def new_context(browser: Any, base: str, **options: Any) -> tuple[Any, Watch]:
    """A fresh context (its own cookies and storage) watched by a :class:`Watch`."""
    context = browser.new_context(**options)
    context.set_default_timeout(TIMEOUT_MS)
    watch = Watch(base)

    def on_console(message: Any) -> None:
        if message.type == "error":
            where = message.location.get("url", "") if message.location else ""
            watch.console_errors.append(f"{message.text} ({where})")

    context.on("console", on_console)
    context.on("weberror", lambda e: watch.page_errors.append(str(e.error)))
    context.on("request", lambda r: watch.requests.append((r.method, r.url, r.post_data)))
    context.expose_binding("kodoTestCsp", lambda source, text: watch.csp.append(text))
    context.add_init_script(CSP_SCRIPT)
    return context, watch


# ---------------------------------------------------------------------------------------------
# Filling the form


def field_id(name: str) -> str:
    """The DOM contract's id of the field named ``name`` (``degrees.0.level`` ->
    ``f-degrees-0-level``)."""
    return "f-" + name.replace(".", "-")


def answers(applicant: dict[str, Any]) -> list[tuple[str, str]]:
    """The applicant as the form's answers, in the order a person meets them: each leaf as
    (dotted path, text); a false flag is an unchecked box (nothing to answer)."""
    out: list[tuple[str, str]] = []

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(f"{prefix}.{key}" if prefix else key, item)
        elif isinstance(value, list):
            for n, item in enumerate(value):
                walk(f"{prefix}.{n}", item)
        elif isinstance(value, bool):
            if value:
                out.append((prefix, "true"))
        elif value is not None:
            out.append((prefix, str(value)))

    walk("", applicant)
    return out


def list_of(name: str) -> tuple[str, int] | None:
    """(list name, row) of a list field's name (``statuses.1.from`` -> (statuses, 1))."""
    m = re.match(r"^(.+?)\.(\d+)\.", name)
    return (m.group(1), int(m.group(2))) if m else None


def ensure_row(page: Any, name: str) -> None:
    """Add rows with the list's add button (as a person would) until ``name``'s row exists."""
    found = list_of(name)
    if not found or page.locator(f"#{field_id(name)}").count():
        return
    lst, row = found
    for _ in range(row + 2):
        if page.locator(f"#{field_id(name)}").count():
            return
        page.click(f'button[data-add="{lst}"]')
    page.wait_for_selector(f"#{field_id(name)}", state="attached")


def kind(page: Any, fid: str) -> str:
    """``checkbox``, ``select``, ``date`` or ``text`` (any other input or textarea)."""
    return str(
        page.eval_on_selector(
            f"#{fid}",
            "e => e.tagName === 'SELECT' ? 'select' : "
            "(e.type === 'checkbox' || e.type === 'date') ? e.type : 'text'",
        )
    )


def fill_field(page: Any, name: str, value: str) -> None:
    """Answer one question like a user: type the text, pick the option, tick the box."""
    ensure_row(page, name)
    fid = field_id(name)
    loc = page.locator(f"#{fid}")
    what = kind(page, fid)
    if what == "checkbox":
        loc.set_checked(value == "true")
    elif what == "select":
        loc.select_option(value=value)
    else:
        loc.fill(value)


def fill(page: Any, applicant: dict[str, Any]) -> list[tuple[str, str]]:
    """Fill the form with the applicant's facts; return the answers given."""
    given = answers(applicant)
    for name, value in given:
        fill_field(page, name, value)
    return given


SETTLED = """
() => {
  const form = document.getElementById("kodo-form");
  const body = document.getElementById("results-body");
  if (!form || !body) return false;
  const now = new URLSearchParams();
  new FormData(form).forEach((v, n) => {
    if (typeof v === "string" && v !== "") now.append(n, v);
  });
  // A date the browser cannot read is sent as "?" (kodo.js), so the server names the field.
  form.querySelectorAll("input").forEach((el) => {
    if (el.name && el.validity && el.validity.badInput) now.set(el.name, "?");
  });
  const want = now.toString() ? "#a=" + now.toString() : "";
  return location.hash === want && !body.hasAttribute("aria-busy") &&
    !!body.querySelector("article.card[data-total], #error-summary");
}
"""


def settle(page: Any, timeout: float = TIMEOUT_MS) -> None:
    """Wait until the results on the page are those of the form's current answers: the
    fragment holds the answers, no update is on its way, and a card or an error summary is
    shown (no sleeping: the DOM says when)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(SETTLED, polling=50, timeout=timeout)
    except PlaywrightTimeout:
        state = page.evaluate(STATE)
        raise AssertionError(f"the results did not settle: {state}") from None


STATE = """
() => {
  const body = document.getElementById("results-body");
  return {url: location.href, busy: body && body.getAttribute("aria-busy"),
          results: body && body.innerHTML.slice(0, 400)};
}
"""


FORM_VALUES = """
() => {  // no FormData.forEach: its callback cannot run on a page without scripts
  const out = [];
  for (const [n, v] of new FormData(document.getElementById("kodo-form"))) {
    if (typeof v === "string" && v !== "") out.push([n, v]);
  }
  return out;
}
"""


def form_values(page: Any) -> list[tuple[str, str]]:
    """The form's non-empty answers as the browser would send them."""
    return [(n, v) for n, v in page.evaluate(FORM_VALUES)]


# ---------------------------------------------------------------------------------------------
# Reading the results (the DOM contract) and the library's results for the same facts

SHOWN = """
() => {
  const q = (s, r) => Array.from((r || document).querySelectorAll(s));
  const a = (e, n) => e.getAttribute(n);
  const body = document.getElementById("results-body");
  return {
    lang: document.documentElement.lang,
    cards: q("article.card[data-category]", body).map(c => ({
      category: a(c, "data-category"), total: a(c, "data-total"),
      eligible: a(c, "data-eligible"), text: c.innerText,
      items: q("[data-item]", c).map(i => [a(i, "data-item"), a(i, "data-points")]),
    })),
    best: q("[data-best]", body).map(e => a(e, "data-best")),
    jskip: q("[data-jskip]", body).map(e => [a(e, "data-jskip"), a(e, "data-eligible")]),
    advice: q("[data-advice]", body).length,
    suggestions: q("[data-suggestion]", body).map(e => {
      const c = e.parentElement.closest("[data-category]");
      return [c ? a(c, "data-category") : null, a(e, "data-suggestion"), a(e, "data-points")];
    }),
    pr: q("[data-pr]", body).map(e => ({
      earliest: a(e, "data-earliest"),
      routes: q("[data-route]", e).map(r => [a(r, "data-route"), a(r, "data-open"),
                                             a(r, "data-earliest")]),
    })),
    hsp2: q("[data-hsp2]", body).map(e => [a(e, "data-open"), a(e, "data-earliest")]),
    forecast: q("[data-forecast]", body).length,
    changes: q("[data-forecast] [data-change]", body).map(e => [
      a(e, "data-change"), a(e, "data-category"), a(e, "data-points")]),
    rules: q("[data-rules-version]", body).map(e => [
      a(e, "data-rules-version"), a(e, "data-rules-effective"), a(e, "data-date")]),
    errors: q("#error-summary [data-error-for]", body).map(e => [
      a(e, "data-error-for"), a(e, "href")]),
  };
}
"""


def shown(page: Any) -> dict[str, Any]:
    """The results on the page, as the DOM contract's data attributes say them."""
    return dict(page.evaluate(SHOWN))


def flag(value: bool | None) -> str:
    return "true" if value else "false"


def day(value: Any) -> str:
    return "" if value is None else str(value)


def expected(applicant: dict[str, Any], lang: str) -> dict[str, Any]:
    """The library's results for the same facts, in the shape of :func:`shown`'s."""
    import kodo

    ev = kodo.evaluate(applicant, lang=lang)
    adv = kodo.advice(applicant, lang=lang)
    pr = kodo.permanent_residence(applicant, lang=lang)
    h2 = kodo.hsp2(applicant, lang=lang)
    fc = kodo.forecast(applicant, lang=lang)
    return {
        "cards": {
            k: {
                "total": str(c.total),
                "eligible": flag(c.eligible),
                "items": {it.id: str(it.points) for it in c.items},
                "all_items": set(ev.item_ids(k)),
            }
            for k, c in ev.categories.items()
        },
        "best": ev.best_category,
        "jskip": {k: flag(j.eligible) for k, j in ev.j_skip.items()},
        "suggestions": {
            k: {s.id: str(s.gain) for s in ca.suggestions} for k, ca in adv.categories.items()
        },
        "pr": {
            "earliest": day(pr.earliest),
            "routes": {r.route: (flag(r.open), day(r.earliest)) for r in pr.routes},
        },
        "hsp2": (flag(h2.open), day(h2.earliest)),
        # evaluate answers the permanent-residence question only for a residence history
        # (statuses / residence_since); without one the page asks for it instead
        "asks_pr": ev.data.permanent_residence is not None,
        "changes": [(c.date, c.category, str(c.after[c.category])) for c in fc.changes],
        # the day the rules are applied to (a COE's: the planned entry)
        "rules": (ev.rules.version, ev.rules.effective_from, day(ev.reference_date)),
    }


def compare(page_data: dict[str, Any], lib: dict[str, Any]) -> list[str]:
    """Every difference between what the page shows and the library's results (empty: none).
    Every number the contract marks must be there and equal; nothing the page shows may
    differ from the library."""
    bad: list[str] = []
    cards = {c["category"]: c for c in page_data["cards"]}
    if set(cards) != set(lib["cards"]):
        bad.append(f"cards shown {sorted(cards)} != library {sorted(lib['cards'])}")
    for k, want in lib["cards"].items():
        card = cards.get(k)
        if card is None:
            continue
        for what in ("total", "eligible"):
            if card[what] != want[what]:
                bad.append(f"card {k} data-{what}={card[what]!r} != library {want[what]!r}")
        if not re.search(rf"(?<!\d){re.escape(want['total'])}(?!\d)", card["text"]):
            bad.append(f"card {k}: the total {want['total']} is not in its text {card['text']!r}")
        items = dict(card["items"])
        for item_id, points in items.items():
            lib_points = want["items"].get(item_id, "0" if item_id in want["all_items"] else None)
            if points != lib_points:
                bad.append(f"card {k} item {item_id} data-points={points!r} != {lib_points!r}")
        for item_id, points in want["items"].items():
            if points != "0" and item_id not in items:
                bad.append(f"card {k}: item {item_id} ({points} points) not shown")
    best = [b for b in page_data["best"] if b]
    if lib["best"] and best != [lib["best"]]:
        bad.append(f"data-best {page_data['best']} != library {lib['best']!r}")
    jskip = dict(page_data["jskip"])
    if jskip != lib["jskip"]:
        bad.append(f"J-Skip {jskip} != library {lib['jskip']}")
    if not page_data["advice"]:
        bad.append("no [data-advice] section")
    for cat, sid, points in page_data["suggestions"]:
        cats = [cat] if cat in lib["suggestions"] else list(lib["suggestions"])
        gains = {lib["suggestions"][c].get(sid) for c in cats} - {None}
        if points not in gains:
            bad.append(f"suggestion {sid} ({cat}) data-points={points!r} not in library {gains}")
    if any(lib["suggestions"].values()) and not page_data["suggestions"]:
        bad.append("the library has suggestions; the page shows none")
    if not lib["asks_pr"]:
        if page_data["pr"] or page_data["hsp2"]:
            bad.append("PR / HSP(ii) shown without a residence history")
    elif len(page_data["pr"]) != 1:
        bad.append(f"{len(page_data['pr'])} [data-pr] sections")
    else:
        pr = page_data["pr"][0]
        if pr["earliest"] != lib["pr"]["earliest"]:
            bad.append(f"PR data-earliest={pr['earliest']!r} != {lib['pr']['earliest']!r}")
        routes = {r: (o, e) for r, o, e in pr["routes"]}
        if routes != lib["pr"]["routes"]:
            bad.append(f"PR routes {routes} != library {lib['pr']['routes']}")
    if lib["asks_pr"] and [tuple(h) for h in page_data["hsp2"]] != [lib["hsp2"]]:
        bad.append(f"HSP(ii) {page_data['hsp2']} != library {lib['hsp2']}")
    if not page_data["forecast"]:
        bad.append("no [data-forecast] section")
    changes = [tuple(c) for c in page_data["changes"]]
    if changes != lib["changes"]:
        bad.append(f"forecast changes {changes} != library {lib['changes']}")
    rules = {tuple(r) for r in page_data["rules"]}
    if rules != {lib["rules"]}:
        bad.append(f"rules used {sorted(rules)} != library {lib['rules']}")
    return bad


def screenshot(page: Any, name: str, full_page: bool = False) -> Path:
    """Save a screenshot as a test artifact (tests/artifacts/screenshots/, not in git): the
    window with the results in view (the desktop layout keeps them beside the form, in a
    column that scrolls on its own), or the whole page (``full_page``: a phone, print)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    if not full_page:
        page.locator("#results").scroll_into_view_if_needed()
    page.screenshot(path=str(path), full_page=full_page)
    return path
