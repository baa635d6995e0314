"""The REST API against a real ``kodo serve`` on loopback: every endpoint gives the library's
own result for the same facts, language, date and options; every bad input is a 4xx in the
requested language naming the field (never a 5xx); the security headers are on every response;
the server's log holds one method/path/status/duration line per request and nothing else."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import jsonschema_rs
import pytest

import kodo
from kodo.errors import InputError
from kodo.features.schemas import input_schema, result_schema
from kodo.i18n import Message, render
from kodo.input.read import read_document
from kodo.items import DEFAULT
from kodo.jsondata import to_data
from kodo.rules.diff import diff
from kodo.shells.rules_text import rules_as_data
from tests.conftest import person

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples"
LANGS = ("en", "ja", "zh")
JSON = {"content-type": "application/json"}


def _example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = read_document((EXAMPLES / name).read_text(encoding="utf-8"))
    return data


PEOPLE: dict[str, dict[str, Any]] = {
    "applicant": _example("applicant.yaml"),
    "history": _example("history.yaml"),
    "j-skip": _example("j-skip.json"),
    "n2-trap": _example("n2-trap.yaml"),
    "missing-salary": _example("missing-salary.yaml"),
    "researcher": person(
        31,
        degrees=[{"level": "doctorate", "field": "Physics"}],
        experience={"research": 5},
        annual_salary=7_000_000,
        research={"papers": 4},
        japanese={"jlpt": "N1"},
    ),
    "manager": person(
        48,
        category="c",
        degrees=[{"level": "master", "business": True}],
        experience={"management": 12},
        annual_salary=32_000_000,
        position="representative",
    ),
}

# endpoint -> (library call, the result's date field)
QUESTIONS: dict[str, tuple[Callable[..., Any], str]] = {
    "pr": (kodo.permanent_residence, "on"),
    "hsp2": (kodo.hsp2, "on"),
    "forecast": (kodo.forecast, "start"),
    "advice": (kodo.advice, "day"),
    "treatments": (kodo.treatments, "date"),
    "documents": (lambda app, on=None, **kw: kodo.documents(app, date=on, **kw), "date"),
    "salary": (lambda app, on=None, **kw: kodo.salary(_dated(app, on), **kw), "date"),
}
ENDPOINTS = ("evaluate", *QUESTIONS)


def _dated(app: dict[str, Any], day: str | None) -> dict[str, Any]:
    return app if day is None else {**app, "date": day}


def library(endpoint: str, app: dict[str, Any], **kw: Any) -> Any:
    """The library's result for ``endpoint`` as JSON data (what the API must answer)."""
    day = kw.pop("date", None)
    if endpoint == "evaluate":
        return to_data(kodo.evaluate(app, date=day, **kw).data)
    return to_data(QUESTIONS[endpoint][0](app, on=day, **kw))


def date_key(endpoint: str) -> str:
    return "reference_date" if endpoint == "evaluate" else QUESTIONS[endpoint][1]


def problems_of(call: Callable[[], Any], lang: str) -> list[dict[str, str]]:
    """The problems the library reports for a call, rendered in ``lang`` as the API does."""
    with pytest.raises(InputError) as info:
        call()
    return [
        {"field": f, "code": m.code, "message": render(m, lang)} for f, m in info.value.problems
    ]


@pytest.fixture(scope="module")
def client(server_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server_url, timeout=60) as c:
        yield c


def post(client: httpx.Client, endpoint: str, body: Any, **params: str) -> httpx.Response:
    return client.post(f"/v1/{endpoint}", json=body, params=params)


def invalid(r: httpx.Response, lang: str = "en") -> list[dict[str, str]]:
    """The problems of a 422 in the one error shape, its heading in ``lang``."""
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["error"] == "invalid_input"
    assert body["lang"] == lang
    assert body["message"] == render(Message.of("input.invalid"), lang).rstrip(":：")
    assert body["problems"] and all(
        set(p) == {"field", "code", "message"} for p in body["problems"]
    )
    problems: list[dict[str, str]] = body["problems"]
    return problems


# --- results equal the library's ----------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_post_equals_library(client: httpx.Client, endpoint: str, who: str, lang: str) -> None:
    app = PEOPLE[who]
    r = post(client, endpoint, app, lang=lang)
    try:
        library(endpoint, app, lang=lang)
    except InputError:  # e.g. salary without a salary to count: the library's error, a 422
        assert invalid(r, lang) == problems_of(lambda: library(endpoint, app, lang=lang), lang)
        return
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/json"
    expected = library(endpoint, app, lang=lang)
    assert r.json() == expected
    rules = expected["rules"]
    assert r.headers["kodo-rules-version"] == rules["version"]
    assert r.headers["kodo-rules-effective-from"] == rules["effective_from"]
    assert r.headers["kodo-date"] == (expected[date_key(endpoint)] or "")


def test_concurrent_requests_keep_their_language(client: httpx.Client) -> None:
    """Mixed languages, people and endpoints at once (the questions run in worker threads):
    each answer is the library's for its own request."""
    from concurrent.futures import ThreadPoolExecutor

    jobs = [
        (endpoint, who, lang)
        for endpoint in ("evaluate", "pr", "hsp2", "forecast")
        for who in ("applicant", "history", "manager")
        for lang in LANGS
    ]
    expected = {job: library(job[0], PEOPLE[job[1]], lang=job[2]) for job in jobs}
    with ThreadPoolExecutor(12) as pool:
        answers = pool.map(lambda job: post(client, job[0], PEOPLE[job[1]], lang=job[2]), jobs)
        for job, r in zip(jobs, answers, strict=True):
            assert r.status_code == 200 and r.json() == expected[job], job


@pytest.mark.parametrize(("who", "day"), [("applicant", "2024-04-01"), ("history", "2021-01-01")])
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_date_query(client: httpx.Client, endpoint: str, who: str, day: str) -> None:
    app = PEOPLE[who]
    r = post(client, endpoint, app, date=day, lang="ja")
    assert r.status_code == 200, r.text
    expected = library(endpoint, app, date=day, lang="ja")
    assert expected[date_key(endpoint)] == day
    assert r.json() == expected
    assert r.headers["kodo-date"] == day


def test_category_and_years(client: httpx.Client) -> None:
    app = PEOPLE["applicant"]
    r = post(client, "evaluate", app, category="a", lang="zh")
    assert r.json() == to_data(kodo.evaluate(app, category="a", lang="zh").data)
    r = post(client, "forecast", PEOPLE["history"], years="12")
    assert r.json() == to_data(kodo.forecast(PEOPLE["history"], years=12))
    assert r.json() != to_data(kodo.forecast(PEOPLE["history"]))


OPTIONS = {"mba_reading": "addon", "university_criteria": "each"}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_options_in_query_and_body(client: httpx.Client, endpoint: str) -> None:
    app = PEOPLE["applicant"]
    expected = library(endpoint, app, options=OPTIONS)
    assert expected != library(endpoint, app) or endpoint != "evaluate"
    assert post(client, endpoint, app, **OPTIONS).json() == expected
    assert post(client, endpoint, {**app, "options": OPTIONS}).json() == expected
    both = post(client, endpoint, {**app, "options": {"mba_reading": "addon"}}, **OPTIONS)
    assert both.json() == expected  # the same value in both places is no conflict


def test_same_number_option_in_query_and_body(client: httpx.Client) -> None:
    app = {**PEOPLE["history"], "options": {"grant_window_days": 60}}
    r = post(client, "pr", app, grant_window_days="60")
    assert r.status_code == 200, r.text
    assert r.json() == library("pr", PEOPLE["history"], options={"grant_window_days": 60})


@pytest.mark.parametrize("lang", LANGS)
def test_option_conflict(client: httpx.Client, lang: str) -> None:
    app = {**PEOPLE["applicant"], "options": {"mba_reading": "tier"}}
    [p] = invalid(post(client, "evaluate", app, mba_reading="addon", lang=lang), lang)
    assert p["field"] == "options.mba_reading"
    assert p["message"] == render(Message.of("web.error.option_twice", query="addon"), lang)


@pytest.mark.parametrize("lang", LANGS)
def test_rules(client: httpx.Client, lang: str) -> None:
    book = kodo.load_rules()
    for day in ("2026-11-21", "2015-01-01"):
        r = client.get("/v1/rules", params={"date": day, "lang": lang})
        assert r.status_code == 200, r.text
        expected = to_data(rules_as_data(book, dt.date.fromisoformat(day), DEFAULT, lang))
        assert r.json() == expected
        assert r.headers["kodo-rules-version"] == expected["version"]
        assert r.headers["kodo-rules-effective-from"] == expected["effective_from"]
        assert r.headers["kodo-date"] == day
    today = to_data(rules_as_data(book, dt.date.today(), DEFAULT, lang))
    assert client.get("/v1/rules", params={"lang": lang}).json() == today


def test_rules_diff(client: httpx.Client) -> None:
    for a, b in (("2015-01-01", "2026-11-21"), ("2026-11-21", "2015-01-01"), ("2020-02-02",) * 2):
        r = client.get("/v1/rules/diff", params={"from": a, "to": b})
        assert r.status_code == 200, r.text
        expected = diff(kodo.load_rules(), dt.date.fromisoformat(a), dt.date.fromisoformat(b))
        assert r.json() == to_data(expected)


def test_schemas(client: httpx.Client) -> None:
    assert client.get("/v1/schema").json() == to_data(input_schema())
    for kind in ENDPOINTS:
        assert client.get(f"/v1/schema/{kind}").json() == to_data(result_schema(kind))
    [p] = invalid(client.get("/v1/schema/nothing"))
    assert p["field"] == "kind"


def test_healthz(client: httpx.Client) -> None:
    r = client.get("/healthz")
    assert (r.status_code, r.json()) == (200, {"status": "ok"})


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_results_conform_to_their_schema(client: httpx.Client, endpoint: str) -> None:
    validator = jsonschema_rs.validator_for(client.get(f"/v1/schema/{endpoint}").json())
    for who in ("applicant", "history"):
        validator.validate(post(client, endpoint, PEOPLE[who]).json())


# --- errors -------------------------------------------------------------------------------

BAD_FACTS: dict[str, dict[str, Any]] = {
    "bad date": {"birth_date": "1997-02-30"},
    "date shape": {"date": "2026/11/21"},
    "unknown field": {"favourite_colour": "blue"},
    "wrong type": {"annual_salary": "a lot"},
    "wrong type in a list": {"degrees": [{"level": "master", "japan": "maybe"}]},
    "contradiction": {"birth_date": "2030-01-01"},
    "out of range": {"annual_salary": -5},
    "unknown option": {"options": {"generosity": "high"}},
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case", BAD_FACTS)
@pytest.mark.parametrize("endpoint", ("evaluate", "pr"))
def test_bad_facts(client: httpx.Client, endpoint: str, case: str, lang: str) -> None:
    body = {**PEOPLE["applicant"], **BAD_FACTS[case]}
    options = body.pop("options", None)
    expected = problems_of(lambda: library(endpoint, body, options=options, lang=lang), lang)
    if options is not None:
        body["options"] = options
    got = invalid(post(client, endpoint, body, lang=lang), lang)
    assert got == expected
    assert all(p["field"] not in ("", "(top level)") for p in got)


@pytest.mark.parametrize("lang", LANGS)
def test_bad_query(client: httpx.Client, lang: str) -> None:
    app = PEOPLE["applicant"]
    [p] = invalid(post(client, "evaluate", app, lang=lang, colour="blue"), lang)
    assert p == {
        "field": "colour",
        "code": "web.error.unknown_parameter",
        "message": render(Message.of("web.error.unknown_parameter"), lang),
    }
    got = invalid(post(client, "pr", app, lang=lang, date="2026-02-30"), lang)
    [expected] = problems_of(lambda: kodo.permanent_residence(app, on="2026-02-30"), lang)
    assert got == [{**expected, "field": "date"}]  # the query parameter's name, not `on`
    got = invalid(client.get("/v1/rules", params={"date": "soon", "lang": lang}), lang)
    assert [p["field"] for p in got] == ["date"]
    got = invalid(post(client, "forecast", app, lang=lang, years="ten"), lang)
    assert [p["field"] for p in got] == ["years"]
    got = invalid(post(client, "forecast", app, lang=lang, years="99"), lang)
    assert got == problems_of(lambda: kodo.forecast(app, years=99), lang)
    got = invalid(post(client, "evaluate", app, lang=lang, category="d"), lang)
    assert got == problems_of(lambda: kodo.evaluate(app, category="d"), lang)
    got = invalid(post(client, "evaluate", app, lang=lang, mba_reading="both"), lang)
    assert [p["field"] for p in got] == ["options.mba_reading"]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_bad_lang_is_english_naming_lang(client: httpx.Client, endpoint: str) -> None:
    [p] = invalid(post(client, endpoint, PEOPLE["applicant"], lang="fr"), "en")
    assert p == problems_of(lambda: kodo.evaluate({}, lang="fr"), "en")[0]
    assert p["field"] == "lang" and "fr" in p["message"]


@pytest.mark.parametrize("path", ["/v1/rules", "/v1/rules/diff"])
def test_bad_lang_on_get(client: httpx.Client, path: str) -> None:
    params = {"from": "2020-01-01", "to": "2026-01-01"} if path.endswith("diff") else {}
    [p] = invalid(client.get(path, params={**params, "lang": "fr"}), "en")
    assert p["field"] == "lang" and "fr" in p["message"]


@pytest.mark.parametrize("path", ["/v1/schema", "/v1/schema/evaluate"])
def test_unknown_query_on_schema(client: httpx.Client, path: str) -> None:
    [p] = invalid(client.get(path, params={"colour": "blue"}))
    assert p["field"] == "colour"


def test_repeated_and_missing_parameters(client: httpx.Client) -> None:
    r = client.post("/v1/evaluate?lang=ja&lang=en", json=PEOPLE["applicant"])
    assert [p["field"] for p in invalid(r)] == ["lang"]
    r = client.get("/v1/rules/diff", params={"from": "2020-01-01", "lang": "zh"})
    [p] = invalid(r, "zh")
    assert p["field"] == "to"
    assert p["message"] == render(Message.of("web.error.required_parameter"), "zh")


def chunks(size: int) -> Iterator[bytes]:
    """A JSON body of about ``size`` bytes, sent without a Content-Length (chunked)."""
    yield b'{"notes": "'
    for _ in range(size // 1024):
        yield b"x" * 1024
    yield b'"}'


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("chunked", [False, True])
def test_body_over_64_kib(client: httpx.Client, chunked: bool, lang: str) -> None:
    body: Any = chunks(70_000) if chunked else b'{"notes": "' + b"x" * 70_000 + b'"}'
    r = client.post("/v1/evaluate", content=body, headers=JSON, params={"lang": lang})
    assert ("content-length" in r.request.headers) is not chunked
    assert r.status_code == 413
    got = r.json()
    assert got["error"] == "too_large" and got["lang"] == lang
    assert got["message"] == render(Message.of("web.error.too_large", limit=65536), lang)


def test_body_just_under_the_limit_is_read(client: httpx.Client) -> None:
    app = {**PEOPLE["applicant"], "notes": "x" * 9_000}
    text = json.dumps(app)
    padded = text + " " * (64 * 1024 - len(text))
    r = client.post("/v1/evaluate", content=padded.encode(), headers=JSON)
    assert r.status_code == 200, r.text
    assert r.json() == library("evaluate", app)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", ["text/plain", None, "application/x-www-form-urlencoded"])
def test_not_json(client: httpx.Client, kind: str | None, lang: str) -> None:
    headers = {"content-type": kind} if kind else {}
    body = json.dumps(PEOPLE["applicant"]).encode()
    r = client.post("/v1/evaluate", content=body, headers=headers, params={"lang": lang})
    assert ("content-type" in r.request.headers) is (kind is not None)
    assert r.status_code == 415, r.text
    got = r.json()
    assert (got["error"], got["lang"]) == ("unsupported_type", lang)
    assert got["message"] == render(Message.of("web.error.unsupported_type", got=kind or "-"), lang)


def test_json_with_charset(client: httpx.Client) -> None:
    body = json.dumps(PEOPLE["applicant"]).encode()
    headers = {"content-type": "application/json; charset=utf-8"}
    assert client.post("/v1/evaluate", content=body, headers=headers).status_code == 200


@pytest.mark.parametrize("lang", LANGS)
def test_404_and_405(client: httpx.Client, lang: str) -> None:
    for r, status, code in (
        (client.get("/v1/nothing", params={"lang": lang}), 404, "not_found"),
        (client.post("/v2/evaluate", params={"lang": lang}, json={}), 404, "not_found"),
        (client.get("/v1/evaluate", params={"lang": lang}), 405, "method"),
        (client.delete("/v1/rules", params={"lang": lang}), 405, "method"),
        (client.put("/healthz", params={"lang": lang}), 405, "method"),
    ):
        assert r.status_code == status
        message = render(Message.of(f"web.error.{code}", status=status), lang)
        assert r.json() == {"error": code, "message": message, "lang": lang}


def test_405_says_what_is_allowed(client: httpx.Client) -> None:
    assert client.get("/v1/evaluate").headers.get("allow") == "POST"
    assert client.post("/v1/rules", json={}).headers.get("allow") == "GET"


HOSTILE: dict[str, bytes] = {
    "deep object": b'{"a":' * 5000 + b"1" + b"}" * 5000,
    "deep list": b'{"degrees":' + b"[" * 5000 + b"]" * 5000 + b"}",
    "deep list in a degree": b'{"degrees":[{"field":' + b"[" * 300 + b"]" * 300 + b"}]}",
    "huge integer": b'{"annual_salary": ' + b"9" * 400 + b"}",
    "integer over 4300 digits": b'{"licenses": ' + b"9" * 5000 + b"}",
    "1e308": b'{"annual_salary": 1e308}',
    "-1e308": b'{"experience": {"professional": -1e308}}',
    "1e999": b'{"annual_salary": 1e999}',
    "NaN": b'{"annual_salary": NaN}',
    "Infinity": b'{"licenses": Infinity}',
    "tiny float": b'{"experience": {"research": 5e-324}}',
    "duplicate keys": b'{"annual_salary": 1, "annual_salary": 2}',
    "nested duplicate keys": b'{"employer": {"sme": true, "sme": false}}',
    "impossible date": b'{"date": "2026-02-29"}',
    "date 0000": b'{"date": "0000-01-01"}',
    "date 9999": b'{"date": "9999-12-31", "birth_date": "9999-01-01"}',
    "date as number": b'{"date": 20261121}',
    "date with a time": b'{"birth_date": "1990-01-01T00:00:00Z"}',
    "lone surrogate": b'{"name": "\\ud800", "date": "2026-11-21"}',
    "NUL in an enum": b'{"category": "b\\u0000"}',
    "bool as number": b'{"licenses": true}',
    "string as list": b'{"degrees": "master"}',
    "list of 10000 degrees": b'{"degrees": [' + b",".join([b'{"level":"master"}'] * 10000) + b"]}",
    "many keys": b"{" + b",".join(b'"k%d": 1' % i for i in range(5000)) + b"}",
    "options not a mapping": b'{"options": [1, 2]}',
    "options deep": b'{"options": {"mba_reading": {"a": [1]}}}',
    "status far future": b'{"date": "2199-12-31", "birth_date": "1900-01-01", "statuses": '
    b'[{"status": "hsp1_b", "from": "2012-05-07", "to": "2199-12-31", "points": 80}], '
    b'"residence_since": "1900-01-01"}',
    "a status before birth": b'{"date": "2026-11-21", "birth_date": "1990-01-01", "statuses": '
    b'[{"status": "hsp1_b", "from": "1950-01-01", "to": "2030-01-01", "points": 80}]}',
    "status ends before it starts": b'{"date": "2026-11-21", "statuses": '
    b'[{"status": "hsp1_b", "from": "2025-01-01", "to": "2020-01-01", "points": 80}]}',
    "not an object": b"[1, 2, 3]",
    "a string": b'"hello"',
    "empty": b"",
    "whitespace": b"   \n ",
    "bad JSON": b'{"date": }',
    "YAML in JSON clothing": b"{date: 2026-11-21}",
    "not UTF-8": b'{"name": "\xff\xfe"}',
    "BOM": b'\xef\xbb\xbf{"date": "2026-11-21"}',
}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_body_is_4xx_never_5xx(client: httpx.Client, endpoint: str, case: str) -> None:
    r = client.post(f"/v1/{endpoint}", content=HOSTILE[case], headers=JSON)
    assert r.status_code < 500, r.text
    body = r.json()
    if r.status_code != 200:
        assert 400 <= r.status_code < 500
        assert {"error", "message", "lang"} <= set(body)


@pytest.mark.parametrize(
    "query",
    [
        "date=2026-11-21%00",
        "date=%ff%fe",
        "lang=%E3%81%82",
        "date=",
        "lang=",
        "years=",
        "years=1e3",
        "years=99999999999999999999999",
        "years=-1",
        "category=",
        "mba_reading=",
        "date=2026-11-21T00:00",
        "date=99999-01-01",
        "date=1900-01-01",
        "date=2199-12-31",
        "%00=1",
        "&&&=",
        "lang=ja&lang=ja",
    ],
)
@pytest.mark.parametrize("endpoint", ("evaluate", "forecast"))
def test_hostile_query_is_4xx_never_5xx(client: httpx.Client, endpoint: str, query: str) -> None:
    body = json.dumps(PEOPLE["history"]).encode()
    r = client.post(f"/v1/{endpoint}?{query}", content=body, headers=JSON)
    assert r.status_code < 500, r.text


@pytest.mark.parametrize(
    "params",
    [
        {"date": "1900-01-01"},
        {"date": "2199-12-31"},
        {"date": "2012-05-06"},
        {"date": "0001-01-01"},
        {"from": "2199-12-31", "to": "2012-05-07"},
        {"from": "2012-05-06", "to": "2026-01-01"},
        {"from": "x", "to": "y"},
        {"from": "2026-01-01"},
    ],
)
def test_hostile_rules_query_is_4xx_never_5xx(client: httpx.Client, params: dict[str, str]) -> None:
    path = "/v1/rules/diff" if "from" in params else "/v1/rules"
    r = client.get(path, params=params)
    assert r.status_code < 500, r.text
    if r.status_code != 200:
        invalid(r)


def test_bad_json_names_the_body(client: httpx.Client) -> None:
    for raw in (HOSTILE["bad JSON"], HOSTILE["integer over 4300 digits"]):
        [p] = invalid(client.post("/v1/evaluate", content=raw, headers=JSON))
        assert p["field"] == "(body)"


# --- headers, privacy ---------------------------------------------------------------------

CSP_NEEDS = ("default-src 'none'", "frame-ancestors 'none'", "script-src 'self'")


def every_kind_of_response(client: httpx.Client) -> dict[str, httpx.Response]:
    app = PEOPLE["applicant"]
    return {
        "200 evaluate": post(client, "evaluate", app),
        "200 rules": client.get("/v1/rules"),
        "200 schema": client.get("/v1/schema"),
        "200 openapi": client.get("/openapi.json"),
        "200 healthz": client.get("/healthz"),
        "200 page": client.get("/"),
        "200 static": client.get("/static/kodo.js"),
        "422": post(client, "evaluate", {"date": "x"}),
        "413": client.post("/v1/evaluate", content=b"{" + b" " * 70_000 + b"}", headers=JSON),
        "413 chunked": client.post("/v1/evaluate", content=chunks(70_000), headers=JSON),
        "415": client.post("/v1/evaluate", content=b"{}"),
        "404": client.get("/nowhere"),
        "405": client.patch("/v1/evaluate"),
    }


def test_security_headers_on_every_response(client: httpx.Client) -> None:
    for kind, r in every_kind_of_response(client).items():
        assert kind.split()[0] == str(r.status_code), (kind, r.status_code)
        csp = r.headers.get("content-security-policy", "")
        assert all(part in csp for part in CSP_NEEDS), (kind, csp)
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, kind
        assert r.headers.get("x-content-type-options") == "nosniff", kind
        assert r.headers.get("referrer-policy") == "no-referrer", kind
        assert "server" not in r.headers, kind


SECRET = "Zq7-hunter2-Kx9"
LOG_LINE = re.compile(
    r"^\S+ \S+ kodo\.access (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) /[^\s?]* \d{3} [\d.]+ms$"
)
UVICORN = re.compile(r"^INFO: {5}(Started server process|Waiting for application startup|"
                     r"Application startup complete|Uvicorn running on)")  # fmt: skip


def test_log_has_no_body_query_or_planted_value(
    client: httpx.Client, server_log: Path, server_url: str
) -> None:
    planted = {
        **PEOPLE["history"],
        "name": f"Name {SECRET}",
        "notes": f"notes {SECRET} 東京都港区 +81-90-0000-0000",
        "salaries": [{"from": "2019-06-01", "annual_salary": 12_345_678}],
        "birth_date": "1977-07-17",
    }
    for endpoint in ENDPOINTS:
        assert post(client, endpoint, planted, date="2025-05-05").status_code == 200
        post(client, endpoint, {**planted, f"x{SECRET}": 1})  # an unknown field named by it
        post(client, endpoint, {**planted, "date": SECRET})  # a bad value echoed in the 422
        client.post(f"/v1/{endpoint}", content=SECRET.encode(), headers=JSON)
        client.post(f"/v1/{endpoint}", content=SECRET.encode(), headers={"content-type": SECRET})
    client.get("/v1/rules", params={"date": SECRET})
    client.get("/v1/nothing", params={"lang": "ja", "q": SECRET})  # (a path is logged as is)
    client.post("/page/results", data={"name": SECRET, "birth_date": "1977-07-17"})
    client.post(
        "/v1/evaluate", content=b'{"notes":"' + SECRET.encode() * 5000 + b'"}', headers=JSON
    )
    client.get("/healthz")  # the last line written is this one's
    text = server_log.read_text(encoding="utf-8")
    assert "GET /healthz 200" in text.splitlines()[-1]
    for needle in (SECRET, "12345678", "12,345,678", "1977", "2025-05-05", "東京", "lang=", "?"):
        assert needle not in text, needle
    for line in text.splitlines():
        assert LOG_LINE.match(line) or UVICORN.match(line), line


# --- the OpenAPI document -----------------------------------------------------------------


@pytest.fixture(scope="module")
def openapi_doc(client: httpx.Client) -> dict[str, Any]:
    r = client.get("/openapi.json")
    assert r.status_code == 200
    doc: dict[str, Any] = r.json()
    return doc


def bundled_example() -> dict[str, Any]:
    from importlib import resources

    text = (resources.files("kodo") / "data" / "example.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = read_document(text)
    return data


def without_nulls(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: without_nulls(v) for k, v in data.items() if v is not None}
    if isinstance(data, list):
        return [without_nulls(v) for v in data]
    return data


def schema_in(doc: dict[str, Any], schema: dict[str, Any]) -> Any:
    """A validator for an OpenAPI schema, its $refs resolved in the document."""
    return jsonschema_rs.validator_for({**schema, "components": doc["components"]})


def test_openapi_lists_every_endpoint(openapi_doc: dict[str, Any]) -> None:
    paths = openapi_doc["paths"]
    for endpoint in ENDPOINTS:
        assert "post" in paths[f"/v1/{endpoint}"]
    for path in ("/v1/rules", "/v1/rules/diff", "/v1/schema", "/v1/schema/{kind}", "/healthz"):
        assert "get" in paths[path]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_openapi_examples_are_library_results(
    client: httpx.Client, openapi_doc: dict[str, Any], endpoint: str
) -> None:
    post_op = openapi_doc["paths"][f"/v1/{endpoint}"]["post"]
    body = post_op["requestBody"]["content"]["application/json"]
    example = bundled_example()
    # FastAPI drops the example's null values (`bjt: null`): the same facts, the same results
    assert body["example"] == without_nulls(example)
    assert library(endpoint, body["example"]) == library(endpoint, example)
    schema_in(openapi_doc, body["schema"]).validate(example)
    for who in PEOPLE:
        schema_in(openapi_doc, body["schema"]).validate(PEOPLE[who])
    assert not schema_in(openapi_doc, body["schema"]).is_valid({**example, "colour": "blue"})
    ok = post_op["responses"]["200"]["content"]["application/json"]
    assert ok["example"] == library(endpoint, example)
    assert ok["example"] == post(client, endpoint, example).json()
    schema_in(openapi_doc, ok["schema"]).validate(ok["example"])
    for status in ("413", "415", "422"):
        assert status in post_op["responses"]


def test_openapi_option_parameters(openapi_doc: dict[str, Any]) -> None:
    params = {p["name"]: p for p in openapi_doc["paths"]["/v1/evaluate"]["post"]["parameters"]}
    assert set(kodo.Options.model_fields) <= set(params)
    assert params["lang"]["schema"]["enum"] == list(LANGS)
    assert {"date", "category"} <= set(params)
    forecast = openapi_doc["paths"]["/v1/forecast"]["post"]["parameters"]
    assert "years" in {p["name"] for p in forecast}


def test_openapi_schema_kind_is_an_enum(openapi_doc: dict[str, Any]) -> None:
    params = openapi_doc["paths"]["/v1/schema/{kind}"]["get"]["parameters"]
    [kind] = [p for p in params if p["name"] == "kind"]
    assert kind["schema"].get("enum") == list(ENDPOINTS)
