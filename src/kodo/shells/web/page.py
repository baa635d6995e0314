"""The page (``GET /``): server-rendered with Jinja2, every sentence from the catalogues.

- ``GET /``: the form (``form.py``, ``templates/form.html``) and, when the URL's query holds
  answers (never: the page keeps them in the fragment), nothing else; the language is
  ``?lang=``, else the ``kodo_lang`` cookie, else the browser's Accept-Language, else English.
  ``?lang=`` sets the cookie (the only cookie kodo sets).
- ``POST /page/results``: the form's answers (``application/x-www-form-urlencoded``) → the
  results fragment (``view.py``, ``templates/results.html``); the script swaps it in.
- ``POST /page/form``: the answers → the form re-rendered with them (restoring a share link:
  the answers live in the URL fragment, which the browser never sends; the script posts them).
- ``POST /``: the same without a script: the whole page with the answers and the results.

The body limit and the security headers are the API's (``guard.py``); the answers are never
logged or stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from http import HTTPStatus
from importlib import resources
from urllib.parse import parse_qsl

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from kodo.errors import InputError
from kodo.i18n import catalogue, languages
from kodo.shells.blocks import say
from kodo.shells.web import form, view
from kodo.shells.web.errors import BadRequest
from kodo.shells.web.guard import MAX_BODY

COOKIE = "kodo_lang"
COOKIE_AGE = 365 * 24 * 3600
FORM_TYPES = ("application/x-www-form-urlencoded",)
STATIC = ("kodo.js", "form.js", "kodo.css", "form.css", "kodo.svg")
MEDIA = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
         ".svg": "image/svg+xml"}  # fmt: skip
MAX_FIELDS = 2000  # answers in one post (every list of the form full is far fewer)


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("kodo.shells.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # package data: read once, never re-checked per request
    )
    env.globals["t"] = say
    return env


def choose_lang(request: Request) -> tuple[str, bool]:
    """(language, whether the cookie should be set): ?lang=, the cookie, Accept-Language."""
    known = languages()
    asked = request.query_params.get("lang")
    if asked in known:
        return str(asked), request.cookies.get(COOKIE) != asked
    cookie = request.cookies.get(COOKIE)
    if cookie in known:
        return str(cookie), False
    return accept_language(request.headers.get("accept-language", ""), known), False


def accept_language(header: str, known: tuple[str, ...]) -> str:
    """The first language of an Accept-Language header that has a catalogue (by q-value)."""
    ranked = []
    for n, part in enumerate(header.split(",")[:20]):
        tag, _, q = part.strip().partition(";q=")
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            weight = 0.0
        base = tag.strip().lower().split("-")[0]
        if base in known and weight > 0:
            ranked.append((-weight, n, base))
    return sorted(ranked)[0][2] if ranked else "en"


async def answers(request: Request) -> dict[str, str]:
    """The posted answers: a form body, each name once (a repeated name keeps its last value)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in FORM_TYPES:
        raise BadRequest(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_form_type")
    raw = await request.body()
    try:
        pairs = parse_qsl(raw.decode("utf-8"), keep_blank_values=False, max_num_fields=MAX_FIELDS)
    except (UnicodeDecodeError, ValueError):
        raise BadRequest(HTTPStatus.BAD_REQUEST, "bad_form") from None
    return dict(pairs)


def results_and_errors(values: Mapping[str, str], lang: str) -> tuple[str, frozenset[str]]:
    """(the results fragment for the answers — or the error summary naming each field —, the
    ids of the inputs it says are wrong)."""
    invalid: frozenset[str] = frozenset()
    try:
        data = form.to_applicant(values)
        context = view.results_context(data, lang)
    except InputError as exc:
        errors = form.error_list(exc, lang)
        invalid = frozenset(e["id"] for e in errors if e.get("id"))
        context = view.error_context(errors, lang)
    return environment().get_template("results.html").render(context), invalid


def form_html(lang: str, values: Mapping[str, str], invalid: frozenset[str] = frozenset()) -> str:
    context = form.form_context(lang, values, invalid=invalid)
    return environment().get_template("form.html").render(context)


def page_html(
    lang: str,
    values: Mapping[str, str],
    results: str | None,
    invalid: frozenset[str] = frozenset(),
) -> str:
    context = {
        "lang": lang,
        "languages": [(code, catalogue(code).locale.name) for code in languages()],
        "form_html": Markup(form_html(lang, values, invalid)),
        "results_html": Markup(results) if results is not None else None,
        "max_body": MAX_BODY,
    }
    return environment().get_template("index.html").render(context)


def _html(text: str, lang: str, set_cookie: bool = False) -> HTMLResponse:
    response = HTMLResponse(text, headers={"Content-Language": lang, "Cache-Control": "no-store"})
    if set_cookie:
        response.set_cookie(COOKIE, lang, max_age=COOKIE_AGE, samesite="strict", httponly=True)
    return response


def install(app: FastAPI) -> None:
    @app.get("/", include_in_schema=False)
    async def index(request: Request) -> HTMLResponse:
        lang, set_cookie = choose_lang(request)
        return _html(page_html(lang, {}, None), lang, set_cookie)

    @app.post("/", include_in_schema=False)
    async def submitted(request: Request) -> HTMLResponse:
        lang, _ = choose_lang(request)
        values = await answers(request)
        results, invalid = await run_in_threadpool(results_and_errors, values, lang)
        return _html(page_html(lang, values, results, invalid), lang)

    @app.post("/page/results", include_in_schema=False)
    async def results(request: Request) -> HTMLResponse:
        lang, _ = choose_lang(request)
        values = await answers(request)  # the questions run in a worker thread (below)
        results, _ = await run_in_threadpool(results_and_errors, values, lang)
        return _html(results, lang)

    @app.post("/page/form", include_in_schema=False)
    async def form_again(request: Request) -> HTMLResponse:
        lang, _ = choose_lang(request)
        return _html(form_html(lang, await answers(request)), lang)

    @app.get("/static/{name}", include_in_schema=False)
    async def static(name: str) -> Response:
        if name not in STATIC:
            raise BadRequest(HTTPStatus.NOT_FOUND, "not_found")
        data = (resources.files("kodo.shells.web") / "static" / name).read_bytes()
        kind = MEDIA[name[name.rindex(".") :]]
        return Response(data, media_type=kind,
                        headers={"Cache-Control": "public, max-age=3600"})  # fmt: skip
