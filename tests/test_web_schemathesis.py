"""Schemathesis over the app's OpenAPI document (as GET /openapi.json serves it), against the
real ``kodo serve``: for every operation, generated requests, valid ones and invalid ones,
never get a 5xx, every response matches the schema the document declares for its status, and
every status and content type is one the document lists. The number of examples is bounded
so that the whole run stays well under a minute on a small machine."""

from __future__ import annotations

import time
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
OPERATIONS = [
    ("POST", "/v1/evaluate"),
    ("POST", "/v1/pr"),
    ("POST", "/v1/hsp2"),
    ("POST", "/v1/forecast"),
    ("POST", "/v1/advice"),
    ("POST", "/v1/treatments"),
    ("POST", "/v1/documents"),
    ("POST", "/v1/salary"),
    ("GET", "/v1/rules"),
    ("GET", "/v1/rules/diff"),
    ("GET", "/v1/schema"),
    ("GET", "/v1/schema/{kind}"),
    ("GET", "/healthz"),
]
# examples per operation and mode: a POST runs the library (the timeline questions take
# tens of milliseconds for a generated history), a GET is cheap
EXAMPLES = {"POST": 25, "GET": 25}
# an operation without parameters or body has no invalid request to generate
NO_INPUT = {("GET", "/healthz")}
CASES = [
    pytest.param(method, path, mode, id=f"{method} {path} {mode.value}")
    for method, path in OPERATIONS
    for mode in GenerationMode
    if mode is GenerationMode.POSITIVE or (method, path) not in NO_INPUT
]


@pytest.fixture(scope="module")
def web_schema(server_url: str) -> Any:
    return schemathesis.openapi.from_url(server_url + "/openapi.json")


def test_every_operation_is_fuzzed(web_schema: Any) -> None:
    found = sorted((r.ok().method.upper(), r.ok().path) for r in web_schema.get_all_operations())
    assert found == sorted(OPERATIONS)


@pytest.mark.parametrize(("method", "path", "mode"), CASES)
def test_operation_conforms(
    web_schema: Any, server_url: str, method: str, path: str, mode: GenerationMode
) -> None:
    operation = web_schema[path][method]
    calls = []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES[method],
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def run(case: Any) -> None:
        start = time.perf_counter()
        response = case.call_and_validate(base_url=server_url, checks=CHECKS, timeout=30)
        calls.append((response.status_code, time.perf_counter() - start))

    run()
    assert calls  # the strategy generated something and each call was checked
    print(path, mode.value, sorted({status for status, _ in calls}), len(calls))
