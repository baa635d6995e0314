"""``kodo mcp``: the MCP server driven by the SDK's own client — in process for the tools, their
schemas, their results (compared with the library's), bad input and missing facts; once as a
real subprocess over stdio."""

from __future__ import annotations

import json
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import jsonschema
import pytest
import yaml

pytest.importorskip("mcp")

from mcp import Client, StdioServerParameters
from mcp.shared.exceptions import MCPError

import kodo
from kodo.errors import InputError
from kodo.features.questions import MAX_FORECAST_YEARS
from kodo.features.schemas import input_schema, result_schema
from kodo.i18n import Message, languages, render
from kodo.jsondata import to_data
from kodo.shells.mcp_server import server
from tests.conftest import person

EXAMPLES = Path(__file__).parent.parent / "examples"
KODO = str(Path(sys.executable).parent / "kodo")
APPLICANT_TOOLS = {
    "evaluate": ("evaluate", {"date", "category", "options"}),
    "permanent_residence": ("pr", {"on", "options"}),
    "hsp2": ("hsp2", {"on", "options"}),
    "forecast": ("forecast", {"on", "years", "options"}),
    "advice": ("advice", {"on", "options"}),
    "treatments": ("treatments", {"on", "options"}),
    "documents": ("documents", {"kind", "category", "options"}),
    "salary": ("salary", {"options"}),
}


def example(name: str) -> dict[str, Any]:
    """An example file as the JSON an MCP client sends (its dates as text)."""
    data = yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8"))
    out: dict[str, Any] = json.loads(json.dumps(data, default=str))
    return out


PEOPLE = {
    "applicant": example("applicant.yaml"),
    "history": example("history.yaml"),
    "n2_trap": example("n2-trap.yaml"),
    "j_skip": example("j-skip.json"),
    "young_engineer": person(
        27,
        degrees=[{"level": "master", "japan": True}],
        experience={"professional": 3},
        annual_salary=5_200_000,
        japanese={"jlpt": "N2"},
    ),
}


def session(test: Callable[[Client], Awaitable[Any]], lang: str = "en") -> Any:
    """Run ``test`` with a client connected in process to a fresh server."""

    async def main() -> Any:
        async with Client(server(lang)) as client:
            return await test(client)

    return anyio.run(main)


def call(name: str, arguments: dict[str, Any]) -> Any:
    async def test(client: Client) -> Any:
        return await client.call_tool(name, arguments)

    return session(test)


def library(name: str, applicant: dict[str, Any], lang: str, **kw: Any) -> Any:
    """What the library gives for the tool ``name``: the result's data, or the input error."""
    function = kodo.permanent_residence if name == "permanent_residence" else getattr(kodo, name)
    try:
        result = function(applicant, lang=lang, **kw)
    except InputError as exc:
        return exc
    return result.to_dict() if name == "evaluate" else to_data(result)


# ---------------------------------------------------------------------------- listing


def test_every_tool_is_listed_with_the_applicant_format_and_its_options() -> None:
    listed = session(lambda c: c.list_tools())
    tools = {t.name: t for t in listed.tools}
    assert set(tools) == {*APPLICANT_TOOLS, "rules_on", "rules_diff"}
    applicant = input_schema()
    for name, (kind, options) in APPLICANT_TOOLS.items():
        tool = tools[name]
        schema = tool.input_schema
        assert tool.description == render(Message.of(f"mcp.tool.{name}"), "en")
        assert set(schema["properties"]) == {"applicant", "lang", *options}, name
        assert schema["required"] == ["applicant"] and schema["additionalProperties"] is False
        assert schema["properties"]["applicant"]["properties"] == applicant["properties"]
        assert set(applicant["$defs"]) <= set(schema["$defs"])
        assert schema["properties"]["lang"]["enum"] == list(languages())
        assert tool.output_schema == result_schema(kind)
        assert tool.annotations is not None and tool.annotations.read_only_hint
        # the schema is whole: its references resolve, a person's file is valid against it
        arguments = {"applicant": PEOPLE["history"], "lang": "ja"}
        jsonschema.validate(arguments, schema)
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({"applicant": {"birth_date": 1990}}, schema)
    forecast = tools["forecast"].input_schema["properties"]["years"]
    assert forecast["type"] == "integer" and forecast["maximum"] == MAX_FORECAST_YEARS
    assert set(tools["rules_diff"].input_schema["required"]) == {"first", "second"}
    assert "applicant" not in tools["rules_on"].input_schema["properties"]


def test_descriptions_follow_the_servers_language() -> None:
    listed = session(lambda c: c.list_tools(), lang="zh")
    tools = {t.name: t for t in listed.tools}
    assert tools["hsp2"].description == render(Message.of("mcp.tool.hsp2"), "zh")


# ---------------------------------------------------------------------------- results


CALLS: list[tuple[str, str, dict[str, Any]]] = [
    *((name, "applicant", {"lang": "ja"}) for name in APPLICANT_TOOLS),
    *((name, "history", {"lang": "zh"}) for name in APPLICANT_TOOLS),
    ("evaluate", "n2_trap", {"category": "b"}),
    ("evaluate", "j_skip", {"lang": "ja", "options": {"mba_reading": "addon"}}),
    ("evaluate", "young_engineer", {"date": "2026-12-01"}),
    ("evaluate", "history", {"date": "2021-01-01", "lang": "ja"}),
    ("permanent_residence", "history", {"on": "2025-06-01"}),
    ("forecast", "young_engineer", {"years": 3}),
    ("advice", "young_engineer", {"lang": "zh"}),
    ("documents", "history", {"kind": "pr", "lang": "ja"}),
    ("treatments", "j_skip", {}),
]


def test_each_tool_gives_the_librarys_result_for_several_people() -> None:
    async def test(client: Client) -> list[Any]:
        return [
            await client.call_tool(name, {"applicant": PEOPLE[who], **args})
            for name, who, args in CALLS
        ]

    results = session(test)
    for (name, who, args), got in zip(CALLS, results, strict=True):
        lang = args.get("lang", "en")
        kw = {k: v for k, v in args.items() if k != "lang"}
        want = library(name, PEOPLE[who], lang, **kw)
        if isinstance(want, InputError):  # e.g. no salary to judge: the same report
            assert got.is_error and got.content[0].text == want.render(lang), (name, who)
            continue
        assert not got.is_error, (name, who, got.content[0].text)
        assert got.structured_content == want, (name, who)
        assert json.loads(got.content[0].text) == want
        assert want.get("lang", lang) == lang
    evaluated = results[0].structured_content  # the citations and the rules it used
    assert evaluated["rules"]["version"].startswith("sha256:") and evaluated["sources"]
    assert any(i["citation"] for i in evaluated["categories"]["b"]["items"])


def test_the_rules_on_a_date_and_their_changes_are_those_of_the_cli() -> None:
    import datetime as dt

    from kodo.features.common import load_rules
    from kodo.items import DEFAULT
    from kodo.rules.diff import diff
    from kodo.shells.rules_text import diff_as_text, rules_as_data

    async def test(client: Client) -> Any:
        on = await client.call_tool("rules_on", {"date": "2023-04-20", "lang": "ja"})
        changes = await client.call_tool(
            "rules_diff", {"first": "2017-04-25", "second": "2017-04-26", "lang": "zh"}
        )
        return on, changes

    on, changes = session(test)
    book = load_rules()
    assert on.structured_content == rules_as_data(book, dt.date(2023, 4, 20), DEFAULT, "ja")
    want = diff(book, dt.date(2017, 4, 25), dt.date(2017, 4, 26))
    assert changes.structured_content == want
    assert changes.content[1].text == diff_as_text(want, DEFAULT, "zh")


# ---------------------------------------------------------------------------- errors


def test_invalid_input_is_a_tool_error_with_the_clis_report_in_the_language() -> None:
    bad = {**PEOPLE["applicant"], "birth_date": "1990-02-30", "annual_salary": -5}
    got = call("evaluate", {"applicant": bad, "lang": "ja"})
    assert got.is_error
    with pytest.raises(InputError) as raised:
        kodo.evaluate(bad, lang="ja")
    assert got.content[0].text == raised.value.render("ja")
    fields = [p["field"] for p in got.structured_content["problems"]]
    assert fields == ["birth_date", "annual_salary"]
    assert got.structured_content["lang"] == "ja"
    # the same lines as the command line's report for the same file
    import subprocess

    cli = subprocess.run([KODO, "evaluate", "-", "--lang", "ja"], input=json.dumps(bad),
                         capture_output=True, text=True, timeout=60)  # fmt: skip
    assert cli.returncode == 2
    assert cli.stderr.splitlines()[1:] == got.content[0].text.splitlines()[1:]


@pytest.mark.parametrize(
    "name,arguments,field,code",
    [
        ("evaluate", {"lang": "en"}, "applicant", "input.required"),
        ("evaluate", {"applicant": "examples/applicant.yaml"}, "applicant", "input.not_a_mapping"),
        ("evaluate", {"applicant": [1]}, "applicant", "input.not_a_mapping"),
        ("evaluate", {"applicant": PEOPLE["j_skip"], "catgory": "a"}, "catgory",
         "input.unknown_field_hint"),
        ("evaluate", {"applicant": PEOPLE["j_skip"], "lang": "fr"}, "lang", "input.one_of"),
        ("evaluate", {"applicant": PEOPLE["j_skip"], "category": "d"}, "category",
         "input.one_of"),
        ("evaluate", {"applicant": PEOPLE["j_skip"], "date": "2026/01/01"}, "date",
         "input.iso_date"),
        ("evaluate", {"applicant": PEOPLE["j_skip"], "date": "2010-01-01"}, "date",
         "input.before_rules"),
        ("evaluate", {"applicant": {"birth_date": "x", "salary": 1}}, "birth_date",
         "input.iso_date"),
        ("forecast", {"applicant": PEOPLE["history"], "years": 99}, "years", "input.between"),
        ("forecast", {"applicant": PEOPLE["history"], "years": "five"}, "years",
         "input.whole_number"),
        ("hsp2", {"applicant": PEOPLE["history"], "on": 20250101}, "on", "input.iso_date"),
        ("advice", {"applicant": PEOPLE["history"], "options": {"mba_reading": "x"}},
         "options.mba_reading", None),
        ("documents", {"applicant": PEOPLE["history"], "kind": "visa"}, "kind", "input.one_of"),
        ("rules_on", {"date": "someday"}, "date", "input.iso_date"),
        ("rules_diff", {"first": "2017-04-25"}, "second", "input.required"),
        ("no_such_tool", {}, "name", "input.one_of"),
    ],
)  # fmt: skip
def test_each_bad_argument_is_named(
    name: str, arguments: dict[str, Any], field: str, code: str | None
) -> None:
    got = call(name, arguments)
    assert got.is_error, got.content[0].text
    problems = got.structured_content["problems"]
    assert problems[0]["field"] == field, problems
    if code is not None:
        assert problems[0]["code"] == code, problems
    assert field in got.content[0].text and "Traceback" not in got.content[0].text


def test_a_bug_is_a_tool_error_that_names_nothing_of_the_input(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dataclasses import replace

    from kodo.shells import mcp_tools

    def boom(*args: Any, **kw: Any) -> Any:
        raise ZeroDivisionError("secret-fact")

    monkeypatch.delenv("KODO_DEBUG", raising=False)
    monkeypatch.setitem(mcp_tools.TOOLS, "salary", replace(mcp_tools.TOOLS["salary"], call=boom))
    got = call("salary", {"applicant": PEOPLE["applicant"], "lang": "ja"})
    text = Message.of("cli.internal_error", kind="ZeroDivisionError", variable="KODO_DEBUG")
    assert got.is_error and got.content[0].text == render(text, "ja")
    assert "secret-fact" not in got.content[0].text


def test_an_unknown_language_is_reported_in_the_servers() -> None:
    got = call("evaluate", {"applicant": PEOPLE["j_skip"], "lang": "fr"})
    assert got.content[0].text.startswith(render(Message.of("input.invalid"), "en"))


def test_missing_core_facts_give_the_range_and_the_facts_to_ask_for_never_a_guess() -> None:
    facts = {"date": "2026-11-21", "annual_salary": 6_000_000}

    held = {**facts, "statuses": [{"status": "hsp1_b", "from": "2022-01-01"}]}

    async def test(client: Client) -> list[Any]:
        return [
            await client.call_tool(name, {"applicant": held if name != "evaluate" else facts})
            for name in ("evaluate", "permanent_residence", "hsp2", "forecast")
        ]

    evaluated, pr, hsp2, forecast = session(test)
    assert not evaluated.is_error
    data = evaluated.structured_content
    assert set(data["missing"]) >= {"birth_date", "degrees"}
    for cat in data["categories"].values():
        assert cat["verdict"] == "missing" and not cat["eligible"]
        low, high = cat["range"]
        assert low == cat["total"] < high
        assert "degrees" in cat["missing"] and set(cat["missing"]) <= set(data["missing"])
    assert data == library("evaluate", facts, "en")
    for got in (pr, hsp2, forecast):
        assert not got.is_error and set(got.structured_content["missing"]) >= {"birth_date"}
    assert '"missing":["birth_date"' in evaluated.content[0].text.replace(" ", "")


# ---------------------------------------------------------------------------- resources


def test_the_applicant_schema_and_the_guide_are_resources() -> None:
    async def test(client: Client) -> Any:
        listed = await client.list_resources()
        schema = await client.read_resource("kodo://schema/applicant")
        guides = [await client.read_resource(f"kodo://guide/{lang}") for lang in languages()]
        with pytest.raises(MCPError):
            await client.read_resource("kodo://nothing")
        return listed, schema, guides

    listed, schema, guides = session(test)
    uris = [str(r.uri) for r in listed.resources]
    assert uris == ["kodo://schema/applicant", *(f"kodo://guide/{x}" for x in languages())]
    assert json.loads(schema.contents[0].text) == input_schema()
    for lang, guide in zip(languages(), guides, strict=True):
        text = guide.contents[0].text
        assert guide.contents[0].mime_type == "text/markdown"
        for code in ("form.label.experience.professional", "form.section.salary",
                     "form.label.annual_salary", "mcp.resource.guide_intro"):  # fmt: skip
            assert render(Message.of(code), lang) in text, (lang, code)
        assert "`experience.professional`" in text and "`degrees[].level`" in text


# ---------------------------------------------------------------------------- over stdio


def test_the_server_runs_as_a_subprocess_over_stdio() -> None:
    facts = PEOPLE["young_engineer"]

    async def main() -> Any:
        params = StdioServerParameters(command=KODO, args=["mcp", "--lang", "zh"])
        # the initialize handshake, as the assistants of today connect
        async with Client(params, mode="legacy") as client:
            listed = await client.list_tools()
            good = await client.call_tool("evaluate", {"applicant": facts})
            bad = await client.call_tool("evaluate", {"applicant": {"birth_date": "x"}})
            return client.instructions, listed, good, bad

    instructions, listed, good, bad = anyio.run(main)
    assert instructions and "kodo://schema/applicant" in instructions
    assert len(listed.tools) == len(APPLICANT_TOOLS) + 2
    assert good.structured_content == library("evaluate", facts, "zh")
    assert bad.is_error and bad.structured_content["problems"][0]["field"] == "birth_date"
    assert bad.content[0].text.startswith(render(Message.of("input.invalid"), "zh"))


def test_kodo_mcp_refuses_an_unknown_language() -> None:
    import subprocess

    done = subprocess.run([KODO, "mcp", "--lang", "xx"], capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL)  # fmt: skip
    assert done.returncode == 2 and "--lang" in done.stderr
