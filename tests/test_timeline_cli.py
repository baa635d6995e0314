"""The timeline commands as a user runs them: real files, real processes, JSON output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_cli import run

HISTORY = Path(__file__).resolve().parents[1] / "examples" / "history.yaml"


def test_kodo_pr_json_has_every_route_and_the_checklist() -> None:
    r = run("pr", str(HISTORY), "-f", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["format"] == "kodo.permanent_residence.v1"
    assert [x["route"] for x in data["routes"]] == ["points_70", "points_80", "j_skip"]
    assert "points_80" in data["open_routes"] and len(data["not_checked"]) >= 5


def test_kodo_pr_on_an_earlier_date_gives_the_earliest_date() -> None:
    data = json.loads(run("pr", str(HISTORY), "--on", "2020-01-01", "-f", "json").stdout)
    # One year of residence on 2020-06-01, but 80 points one year before only once the
    # look-back date reaches the N1 result of 2019-12-01: 20 + 30 + 15 + 15 = 80.
    assert data["open_routes"] == [] and data["earliest"] == "2020-12-01"
    assert data["earliest_route"] == "points_80"


def test_kodo_forecast_and_hsp2_and_advice_run_in_both_languages() -> None:
    f = json.loads(run("forecast", str(HISTORY), "--years", "5", "-f", "json").stdout)
    assert f["changes"] and f["category"] == "b"
    h = json.loads(run("hsp2", str(HISTORY), "-f", "json").stdout)
    assert h["earliest"] == "2026-04-01"
    ja = run("advice", str(HISTORY), "--lang", "ja")
    assert ja.returncode == 0 and "点" in ja.stdout


def test_kodo_evaluate_on_a_past_date_uses_the_facts_and_rules_of_then() -> None:
    data = json.loads(run("evaluate", str(HISTORY), "--date", "2021-01-01", "-f", "json").stdout)
    assert data["date"] == "2021-01-01" and data["rules"]["effective_from"] <= "2021-01-01"
    assert data["categories"]["b"]["total"] == 80  # 20 + 0 + 30 + 15 + 15
    assert data["permanent_residence"]["on"] == "2021-01-01"


def test_kodo_rules_diff_lists_changed_values_with_citations() -> None:
    data = json.loads(run("rules", "diff", "2013-12-23", "2013-12-24", "-f", "json").stdout)
    rules = {c["rule"]: c for c in data["changes"]}
    assert {"salary_floor", "jp_degree", "n1_or_jp_major", "research"} <= set(rules)
    jp = {v["path"]: (v["from"], v["to"]) for v in rules["jp_degree"]["values"]}
    assert jp["points"] == (5, 10) and rules["jp_degree"]["citations_to"]
    same = json.loads(run("rules", "diff", "2024-01-01", "2025-01-01", "-f", "json").stdout)
    assert same["changes"] == []


@pytest.mark.parametrize(
    "args,message",
    [
        (("pr", "MISSING.yaml"), "no such file"),
        (("pr", "HISTORY", "--on", "2025-13-01"), "--on: '2025-13-01' is not a date"),
        (("forecast", "HISTORY", "--years", "99"), "years: must be between 1 and 30"),
        (("rules", "diff", "2011-01-01", "2020-01-01"), "covers applications from 2012-05-07"),
    ],
)
def test_bad_input_exits_2_with_the_field_named(args: tuple[str, ...], message: str) -> None:
    r = run(*(str(HISTORY) if a == "HISTORY" else a for a in args))
    assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr


def test_bad_history_in_a_file_names_the_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(HISTORY.read_text().replace("to: 2023-03-31", "to: 2023-05-01"))
    r = run("pr", str(bad))
    assert r.returncode == 2 and "statuses: the period from 2019-06-01 overlaps" in r.stderr
