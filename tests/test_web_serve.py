"""``kodo serve``: its arguments are checked like every CLI argument (exit 2, the option
named, in the asked language), and it serves with several workers."""

from __future__ import annotations

import json
import subprocess
import urllib.request

import pytest

from tests.web_server import KODO, running_server


@pytest.mark.parametrize(
    "args,named",
    [
        (["--port", "http"], "--port"),
        (["--port", "70000"], "--port"),
        (["--port", "-1"], "--port"),
        (["--workers", "0"], "--workers"),
        (["--workers", "two"], "--workers"),
    ],
)
def test_bad_arguments_exit_2_naming_the_option(args: list[str], named: str) -> None:
    out = subprocess.run([KODO, "serve", *args], capture_output=True, text=True, timeout=60)
    assert out.returncode == 2
    assert named in out.stderr and "Traceback" not in out.stderr


def test_bad_arguments_are_said_in_the_asked_language() -> None:
    out = subprocess.run(
        [KODO, "serve", "--port", "x", "--lang", "ja"], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 2 and "入力" in out.stderr


def test_help_is_in_the_asked_language() -> None:
    out = subprocess.run([KODO, "serve", "--help", "--lang", "zh"], capture_output=True,
                         text=True, timeout=60)  # fmt: skip
    assert out.returncode == 0 and "监听" in out.stdout


def test_two_workers_serve_the_api() -> None:
    with running_server(workers=2) as url:
        body = json.dumps({"date": "2026-11-21", "birth_date": "1990-01-01"}).encode()
        request = urllib.request.Request(
            url + "/v1/evaluate", data=body, headers={"Content-Type": "application/json"}
        )
        for _ in range(4):
            with urllib.request.urlopen(request, timeout=30) as r:
                data = json.loads(r.read())
            assert r.status == 200 and data["format"] == "kodo.evaluation.v1"
            assert data["missing"]  # salary and degrees not given: a range, never a guess


def test_options_are_checked_as_given_in_the_body_and_null_means_none() -> None:
    """Found by schemathesis: ``false`` in the body was taken as the query's ``0`` days."""
    from fastapi.testclient import TestClient

    from kodo.shells.web.app import create_app

    client = TestClient(create_app())
    r = client.post("/v1/evaluate?grant_window_days=0&lang=ja",
                    json={"options": {"grant_window_days": False}})  # fmt: skip
    assert r.status_code == 422
    [p] = r.json()["problems"]
    assert p["field"] == "options.grant_window_days" and p["code"] == "input.whole_number"
    assert "整数" in p["message"]
    ok = client.post("/v1/evaluate", json={"options": None, "date": "2026-11-21"})
    assert ok.status_code == 200 and ok.json()["options"]["grant_window_days"] == 90
    schema = client.get("/openapi.json").json()["components"]["schemas"]["ApplicantRequest"]
    assert {"type": "null"} in schema["properties"]["options"]["anyOf"]
