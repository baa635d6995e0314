"""The kodo command line, run as a real process on real files."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

KODO = str(Path(sys.executable).parent / "kodo")


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([KODO, *args], input=stdin, capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ex") / "applicant.yaml"
    r = run("example", str(path))
    assert r.returncode == 0, r.stderr
    return path


def test_evaluate_json_prints_exactly_the_result_object(example: Path) -> None:
    r = run("evaluate", str(example), "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["format"] == "kodo.evaluation.v1"
    assert set(data["categories"]) == {"a", "b", "c"}
    for cat in data["categories"].values():
        assert isinstance(cat["total"], int) and isinstance(cat["eligible"], bool)
        assert all({"id", "points", "reason", "citation"} <= set(i) for i in cat["items"])
    assert data["best_category"] == "b"
    assert set(data["j_skip"]) == {"a", "b", "c"}
    assert data["rules"]["version"] and data["rules"]["effective_from"]
    assert data["categories"]["b"]["total"] == 85


def test_evaluate_text_shows_totals_verdict_and_shortfall(example: Path) -> None:
    r = run("evaluate", str(example))
    assert r.returncode == 0, r.stderr
    assert "Eligible: 85 points" in r.stdout
    assert "J-Skip" in r.stdout and "not legal advice" in r.stdout


def test_evaluate_in_japanese(example: Path) -> None:
    r = run("evaluate", str(example), "--lang", "ja")
    assert r.returncode == 0
    assert "要件を満たします" in r.stdout and "最終学歴" in r.stdout
    data = json.loads(run("evaluate", str(example), "-f", "json", "-l", "ja").stdout)
    assert data["categories"]["b"]["items"][0]["reason"].startswith("最終学歴")


def test_evaluate_markdown(example: Path) -> None:
    r = run("evaluate", str(example), "--format", "markdown")
    assert r.returncode == 0 and r.stdout.startswith("# kodo evaluation")
    assert "| **Total** | **85** |" in r.stdout


def test_category_and_date_options(example: Path) -> None:
    data = json.loads(run("evaluate", str(example), "-f", "json", "--category", "c").stdout)
    assert list(data["categories"]) == ["c"] and data["best_category"] == "c"
    data = json.loads(run("evaluate", str(example), "-f", "json", "--date", "2027-04-02").stdout)
    assert data["date"] == "2027-04-02" and data["age"] == 30


def test_evaluate_reads_stdin_and_json(example: Path) -> None:
    as_json = json.dumps(yaml.safe_load(example.read_text()), default=str)
    r = run("evaluate", "-", "-f", "json", stdin=as_json)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["categories"]["b"]["total"] == 85


def test_options_on_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "date": "2026-11-21",
                "birth_date": "1990-01-01",
                "annual_salary": 5_000_000,
                "degrees": [{"level": "doctorate"}, {"level": "professional", "business": True}],
            }
        )
    )
    data = json.loads(run("evaluate", str(path), "-f", "json", "-o", "mba_reading=addon").stdout)
    edu = next(i for i in data["categories"]["b"]["items"] if i["id"] == "education")
    assert edu["points"] == 35


BAD = [
    ({"salery": 5000000}, "salery: unknown field (did you mean 'annual_salary'?)"),
    ({"annual_salary": "4,000,000"}, "annual_salary"),
    ({"annual_salary": 4000000.5}, "annual_salary"),
    ({"annual_salary": -1}, "annual_salary"),
    ({"date": "21/11/2026"}, "date: must be an ISO date"),
    ({"date": "2026-13-01"}, "date: '2026-13-01' is not a date that exists"),
    ({"birth_date": "1996-02-30"}, "birth_date: '1996-02-30' is not a date that exists"),
    ({"japanese": {"jlpt": "N6"}}, "japanese.jlpt"),
    ({"position": "ceo"}, "position"),
    ({"birth_date": "2030-01-01"}, "birth_date: 2030-01-01 is after the reference date"),
    ({"experience": {"professional": -2}}, "experience.professional"),
    ({"degrees": [{"level": "phd"}]}, "degrees[0].level"),
    ({"degrees": [{"level": "doctorate", "business": True}]}, "degrees[0].business"),
    ({"licenses": True}, "licenses"),
    ({"date": "2011-01-01"}, "date: kodo's rule data covers applications from 2012-05-07"),
    ({"employer": {"sme": "maybe"}}, "employer.sme"),
]


@pytest.mark.parametrize("change,message", BAD, ids=[m for _, m in BAD])
def test_bad_input_names_the_field_exits_2_without_traceback(
    tmp_path: Path, change: dict[str, object], message: str
) -> None:
    base = {
        "date": "2026-11-21",
        "birth_date": "1990-01-01",
        "annual_salary": 5_000_000,
        "degrees": [],
    }
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump({**base, **change}))
    r = run("evaluate", str(path))
    assert r.returncode == 2
    assert message in r.stderr, r.stderr
    assert "Traceback" not in r.stderr and r.stdout == ""


@pytest.mark.parametrize(
    "content,message",
    [
        ("date: [unclosed", "invalid YAML at line"),
        ('{"date": }', "invalid JSON at line 1"),
        ("- a\n- b\n", "must be a mapping of fields, got a list"),
        ("", "the file is empty"),
        ("# only a comment\n\n", "the file is empty"),
        ("notes: [[1]]\n", "notes: must be text, got a list"),
    ],
)
def test_unreadable_documents(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content)
    r = run("evaluate", str(path))
    assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr


def test_missing_file_directory_and_binary(tmp_path: Path) -> None:
    r = run("evaluate", str(tmp_path / "nope.yaml"))
    assert r.returncode == 2 and "no such file" in r.stderr
    r = run("evaluate", str(tmp_path))
    assert r.returncode == 2 and "is a directory" in r.stderr
    binary = tmp_path / "b.yaml"
    binary.write_bytes(b"\xff\xfe\x00\x81")
    r = run("evaluate", str(binary))
    assert r.returncode == 2 and "not UTF-8" in r.stderr


def test_bad_command_line_values(example: Path) -> None:
    r = run("evaluate", str(example), "--date", "tomorrow")
    assert r.returncode == 2 and "--date: must be an ISO date" in r.stderr
    r = run("evaluate", str(example), "--option", "mba_reading")
    assert r.returncode == 2 and "NAME=VALUE" in r.stderr
    r = run("evaluate", str(example), "--option", "nope=1")
    assert r.returncode == 2 and "options.nope" in r.stderr
    r = run("evaluate", str(example), "--category", "d")
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_missing_core_facts_are_reported_not_defaulted(tmp_path: Path) -> None:
    path = tmp_path / "partial.yaml"
    path.write_text("date: 2026-11-21\nbirth_date: 1995-01-01\ndegrees: [{level: master}]\n")
    data = json.loads(run("evaluate", str(path), "-f", "json").stdout)
    assert data["missing"] == ["annual_salary"]
    b = data["categories"]["b"]
    assert b["eligible"] is False and b["range"][0] < b["range"][1]


def test_rules_command(tmp_path: Path) -> None:
    r = run("rules", "--date", "2023-04-20")
    assert r.returncode == 0 and "not in force on this date" in r.stdout
    data = json.loads(run("rules", "--date", "2026-11-21", "-f", "json").stdout)
    ids = {x["id"] for x in data["rules"]}
    assert {"salary", "n2", "j_skip", "thresholds"} <= ids
    assert all(x["citations"] for x in data["rules"])
    assert run("rules", "--lang", "ja").returncode == 0
    assert "# Rules in force" in run("rules", "-f", "markdown").stdout
    r = run("rules", "--date", "2011-01-01")
    assert r.returncode == 2 and "covers applications from" in r.stderr


@pytest.mark.parametrize("lang", ["en", "ja", "zh"])
def test_rules_text_fits_80_columns_with_whole_addresses(lang: str) -> None:
    from rich.cells import cell_len

    from kodo.features.common import load_rules
    from kodo.items import DEFAULT
    from kodo.shells.rules_text import rules_as_data, rules_as_text

    book = load_rules()
    data = rules_as_data(book, dt.date(2026, 11, 21), DEFAULT, lang)
    lines = rules_as_text(data, lang, width=80).splitlines()
    urls = {s["url"] for s in data["sources"].values()}
    for line in lines:
        assert cell_len(line) <= 80 or line in urls, line
    assert urls <= {line.strip() for line in lines}  # each address whole on its own line
    assert not any("None" in line or "True" in line for line in lines)


def test_schema_is_json_schema_of_the_applicant() -> None:
    data = json.loads(run("schema").stdout)
    assert "annual_salary" in data["properties"] and data["additionalProperties"] is False


def test_example_refuses_to_overwrite(example: Path) -> None:
    r = run("example", str(example))
    assert r.returncode == 2 and "--force" in r.stderr
    assert run("example", str(example), "--force").returncode == 0
    assert "annual_salary" in run("example").stdout


def test_the_language_may_come_before_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    """`kodo --lang ja -h` and `kodo -l zh evaluate F` (not only after the command)."""
    from kodo.shells.cli_io import lang_last

    assert lang_last(["--lang", "ja", "-h"]) == ["-h", "--lang", "ja"]
    assert lang_last(["-l", "zh", "evaluate", "f"]) == ["evaluate", "f", "-l", "zh"]
    assert lang_last(["--lang=ja", "pr", "f"]) == ["pr", "f", "--lang=ja"]
    assert lang_last(["evaluate", "f", "--lang", "ja"]) == ["evaluate", "f", "--lang", "ja"]


def test_the_command_line_starts_without_the_engine() -> None:
    """Building every command's parser (what `kodo --help` and every run does first) loads
    no engine, no numpy and no feature: they are imported by the command that needs them."""
    code = (
        "import sys, kodo.shells.cli as c; c.parser(); "
        "print(sorted(m for m in sys.modules if m == 'numpy' or m.startswith(('kodo.features', "
        "'kodo.engine', 'polars', 'reportlab', 'mcp'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout
