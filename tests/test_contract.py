"""The typed result contract: every result has a JSON Schema, its JSON is exactly its data,
citations are structured and their sources listed once, and the format's §3 keys stay."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter

import kodo
from kodo.features.schemas import RESULTS, result_schema
from kodo.jsondata import to_data, to_json
from tests.test_cli import KODO

HISTORY = Path(__file__).resolve().parents[1] / "examples" / "history.yaml"
SALARY = {
    "date": "2026-11-21",
    "birth_date": "1990-01-01",
    "degrees": [{"level": "master"}],
    "compensation": {"basic_pay": 6_000_000, "performance_bonus": 1_000_000},
}


def _results() -> dict[str, Any]:
    return {
        "evaluate": kodo.evaluate(HISTORY),
        "pr": kodo.permanent_residence(HISTORY),
        "hsp2": kodo.hsp2(HISTORY, lang="ja"),
        "forecast": kodo.forecast(HISTORY, lang="zh"),
        "advice": kodo.advice(HISTORY),
        "treatments": kodo.treatments(HISTORY, lang="ja"),
        "documents": kodo.documents(HISTORY, kind="pr", lang="zh"),
        "salary": kodo.salary(SALARY),
    }


@pytest.mark.parametrize("kind", sorted(RESULTS))
def test_each_result_is_its_schema_and_its_json_is_its_data(kind: str) -> None:
    result = _results()[kind]
    data = result.to_dict() if kind == "evaluate" else to_data(result)
    text = result.to_json() if kind == "evaluate" else to_json(result)
    assert data == json.loads(text)
    TypeAdapter(RESULTS[kind]).validate_python(data)  # the data fits the published schema
    schema = result_schema(kind)
    assert schema["type"] == "object" and set(schema["required"]) <= set(data)


def _citations(node: Any) -> list[dict[str, Any]]:
    out = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "citation" and isinstance(value, list):
                out += value
            else:
                out += _citations(value)
    elif isinstance(node, list):
        for value in node:
            out += _citations(value)
    return out


def test_citations_are_structured_and_their_sources_listed_once() -> None:
    for kind, result in _results().items():
        data = result.to_dict() if kind == "evaluate" else to_data(result)
        cites = _citations(data)
        if kind in ("forecast", "advice"):
            continue
        assert cites, kind
        assert all(set(c) == {"source", "item"} for c in cites)
        assert {c["source"] for c in cites} <= set(data["sources"])
        assert all(set(s) == {"title", "url"} for s in data["sources"].values())


def test_the_evaluation_keeps_the_keys_of_the_format() -> None:
    data = kodo.evaluate(HISTORY).to_dict()
    assert {"format", "date", "rules", "age", "categories", "best_category", "j_skip",
            "warnings"} <= set(data)  # fmt: skip
    assert {"version", "effective_from"} <= set(data["rules"])
    for cat in data["categories"].values():
        assert {"total", "threshold", "eligible", "items", "unmet", "missing", "range"} <= set(cat)
        for it in cat["items"]:
            assert {"id", "points", "reason", "citation"} <= set(it)
    assert all({"eligible", "reasons"} <= set(js) for js in data["j_skip"].values())
    pr = data["permanent_residence"]
    assert pr["format"] == "kodo.permanent_residence.v1" and pr["routes"]


@pytest.mark.parametrize("kind", ["evaluate", "pr", "hsp2", "forecast", "advice"])
def test_kodo_schema_prints_each_result_schema(kind: str) -> None:
    out = subprocess.run([KODO, "schema", "--result", kind], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    schema = json.loads(out.stdout)
    assert schema == result_schema(kind)


def test_the_input_schema_is_still_the_default() -> None:
    out = subprocess.run([KODO, "schema"], capture_output=True, text=True)
    assert "annual_salary" in json.loads(out.stdout)["properties"]
