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
from kodo.shells.mcp_tools import applicant_schema
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
    applicant = applicant_schema()
    for name, (kind, options) in APPLICANT_TOOLS.items():
        tool = tools[name]
        schema = tool.input_schema
        assert tool.description == render(Message.of(f"mcp.tool.{name}"), "en")
        assert set(schema["properties"]) == {"applicant", "lang", *options}, name
        assert schema["required"] == ["applicant"] and schema["additionalProperties"] is False
        assert schema["properties"]["applicant"]["properties"] == applicant["properties"]
        assert set(applicant["$defs"]) <= set(schema["$defs"])
        assert set(applicant["$defs"]) == set(input_schema()["$defs"])
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
    assert json.loads(schema.contents[0].text) == applicant_schema()
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


# ---------------------------------------------------------------------------- review (issue 12)


def _descriptions(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["description"]] if isinstance(node.get("description"), str) else []
        return own + [d for v in node.values() for d in _descriptions(v)]
    if isinstance(node, list):
        return [d for v in node for d in _descriptions(v)]
    return []


def test_option_descriptions_are_in_the_servers_language_and_cite_nothing_unreadable() -> None:
    for lang in languages():
        listed = session(lambda c: c.list_tools(), lang=lang)
        tools = {t.name: t for t in listed.tools}
        options = tools["evaluate"].input_schema["properties"]["options"]["properties"]
        mba = options["mba_reading"]["description"]
        assert render(Message.of("mcp.option.mba_reading"), lang) in mba, lang
        assert render(Message.of("option.mba_reading.addon"), lang) in mba, lang
        assert "`tier`" in mba and "`addon`" in mba
        days = options["grant_window_days"]["description"]
        assert str(options["grant_window_days"]["maximum"]) in days
        for tool in tools.values():  # no document of kodo's repository, no CLI command
            for text in _descriptions(tool.input_schema):
                assert ".md" not in text and "§" not in text and "[CONFLICT" not in text, text
                assert "`kodo " not in text, text
    household = applicant_schema()["properties"]["household"]["description"]
    assert "the tool `treatments`" in household


def test_lang_null_is_absent_and_a_value_is_named_by_its_kind_never_its_python_repr() -> None:
    from kodo.input.problems import kind_of

    async def test(client: Client) -> list[Any]:
        return [
            await client.call_tool("evaluate", {"applicant": PEOPLE["j_skip"], "lang": lang})
            for lang in (None, True, [])
        ]

    absent, yes, empty = session(test, lang="ja")
    assert not absent.is_error and absent.structured_content["lang"] == "ja"
    for got, value in ((yes, True), (empty, [])):
        problem = got.structured_content["problems"][0]
        assert problem["field"] == "lang"
        assert render(kind_of(value), "ja") in problem["message"]
        assert repr(value) not in problem["message"]
    from kodo.input.problems import shown

    assert shown("evalute") == "'evalute'" and shown(None) == kind_of(None)


def test_an_empty_or_too_large_applicant_is_said_as_an_argument_not_a_file() -> None:
    huge = {**PEOPLE["j_skip"], "notes": ["x"] * 30_000}
    deep: dict[str, Any] = {}
    cur = deep
    for _ in range(40):
        cur["a"] = {}
        cur = cur["a"]

    async def test(client: Client) -> list[Any]:
        return [
            await client.call_tool("evaluate", {"applicant": value, "lang": "zh"})
            for value in (None, "", huge, {**PEOPLE["j_skip"], "experience": deep})
        ]

    for got, code in zip(session(test), ("mcp.error.applicant_empty", "mcp.error.applicant_empty",
                                          "mcp.error.too_many_values", "mcp.error.too_deep"),
                         strict=True):  # fmt: skip
        problem = got.structured_content["problems"][0]
        assert got.is_error and problem["code"] == code, problem
        assert (
            "docs/limits.md" not in got.content[0].text and "kodo example" not in problem["message"]
        )
    assert problem["field"].startswith("experience")
    empty = session(test)[0].structured_content["problems"][0]
    assert empty["field"] == "applicant" and "kodo://schema/applicant" in empty["message"]


def test_the_rules_tools_have_output_schemas_and_a_diff_may_run_back_in_time() -> None:
    async def test(client: Client) -> Any:
        listed = await client.list_tools()
        on = await client.call_tool("rules_on", {"date": "2024-01-01"})
        back = await client.call_tool("rules_diff", {"first": "2024-01-01", "second": "2013-01-01"})
        ahead = await client.call_tool(
            "rules_diff", {"first": "2013-01-01", "second": "2024-01-01"}
        )
        return {t.name: t for t in listed.tools}, on, back, ahead

    tools, on, back, ahead = session(test)
    jsonschema.validate(on.structured_content, tools["rules_on"].output_schema)
    for got in (back, ahead):
        jsonschema.validate(got.structured_content, tools["rules_diff"].output_schema)
    assert back.structured_content["from"] == "2024-01-01" and back.structured_content["changes"]
    mirrored = {c["rule"]: c["values"] for c in ahead.structured_content["changes"]}
    for change in back.structured_content["changes"]:  # the same changes, each read backwards
        assert [
            {"path": v["path"], "from": v["to"], "to": v["from"]} for v in change["values"]
        ] == mirrored[change["rule"]]
    second = tools["rules_diff"].input_schema["properties"]["second"]["description"]
    assert second == render(Message.of("mcp.arg.second"), "en")


def test_the_guide_gives_every_route_to_permanent_residence_and_the_facts_it_needs() -> None:
    import datetime as dt

    from kodo.features.common import load_rules
    from kodo.rules.values import Hsp2, PermanentResidence
    from kodo.shells.mcp_guide import guide

    snap = load_rules().at(dt.date.today())
    pr = snap.value("permanent_residence", PermanentResidence)
    hsp2 = snap.value("hsp2", Hsp2)
    assert pr is not None and pr.j_skip is not None and hsp2 is not None
    for lang in languages():
        text = guide(lang)
        for route in (pr.points_70, pr.points_80):
            assert route is not None
            said = Message.of("mcp.guide.pr_points", points=route.points, years=route.years)
            assert render(said, lang) in text, lang
        assert render(Message.of("mcp.guide.pr_j_skip", years=pr.j_skip.years), lang) in text
        said = Message.of("mcp.guide.hsp2_j_skip", years=hsp2.years, j_skip_years=hsp2.j_skip_years)
        assert render(said, lang) in text
        for field in ("residence_since", "statuses", "compensation", "household"):
            assert f"`{field}`" in text, (lang, field)
        assert "`salary`" in text and "`treatments`" in text


def test_the_docs_say_which_results_carry_warnings_and_citations() -> None:
    """docs/mcp.md's table of what each result carries is the output schemas'."""
    import re

    from kodo.shells.mcp_tools import TOOLS, output_schema_of

    text = (Path(__file__).parent.parent / "docs" / "mcp.md").read_text(encoding="utf-8")
    text = text[text.index("| Tool | `warnings` |") :]
    rows = dict(re.findall(r"^\| `(\w+)` \| ((?:[^|]*\|){3})$", text, re.M))
    assert set(rows) >= set(TOOLS), "a row per tool"
    for name, tool in TOOLS.items():
        props = output_schema_of(tool)["properties"]
        cells = [c.strip() for c in rows[name].split("|")[:3]]
        said = {"warnings": cells[0], "sources": cells[1], "missing": cells[2]}
        for key, cell in said.items():
            assert (cell == "yes") == (key in props), (name, key, cell)


RAW_INIT = {"jsonrpc": "2.0", "id": 0, "method": "initialize",
            "params": {"protocolVersion": "2025-06-18", "capabilities": {},
                       "clientInfo": {"name": "test", "version": "0"}}}  # fmt: skip


def _line(message: dict[str, Any]) -> bytes:
    return json.dumps(message).encode() + b"\n"


def test_over_piped_input_every_call_is_answered_and_bad_lines_get_json_rpc_errors() -> None:
    """One server, its input a file: the calls in flight at the end of the input are all
    answered; a line that is not JSON, nested too deep or holding a lone surrogate gets a parse
    error, a message without a method an invalid request (with its id), a blank line nothing."""
    import subprocess

    calls = [
        {"jsonrpc": "2.0", "id": 10 + i, "method": "tools/call",
         "params": {"name": name, "arguments": {"applicant": PEOPLE["history"], **extra}}}
        for i, (name, extra) in enumerate([("forecast", {"years": MAX_FORECAST_YEARS}),
                                           ("permanent_residence", {}), ("advice", {}),
                                           ("evaluate", {}), ("hsp2", {}), ("documents", {})])
    ]  # fmt: skip
    bad = [b"{not json\n", b"\n", b'{"a":' * 300 + b"1" + b"}" * 300 + b"\n",
           b'{"jsonrpc":"2.0","id":5,"method":"x","params":{"a":"\\ud800"}}\n',
           b'{"jsonrpc":"2.0","id":7}\n', b"[]\n"]  # fmt: skip
    ready = {"jsonrpc": "2.0", "method": "notifications/initialized"}
    data = b"".join([_line(RAW_INIT), _line(ready), *bad, *map(_line, calls)])
    done = subprocess.run([KODO, "mcp"], input=data, capture_output=True, timeout=120)
    assert done.returncode == 0 and not done.stderr, done.stderr
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    by_id = {a["id"]: a for a in answers if a.get("id") is not None}
    assert set(by_id) == {0, 7, *(c["id"] for c in calls)}
    assert all("result" in by_id[c["id"]] for c in calls)
    errors = [a["error"]["code"] for a in answers if a.get("id") is None]
    assert sorted(errors) == [-32700, -32700, -32700, -32600]
    assert by_id[7]["error"]["code"] == -32600


def test_a_client_that_stops_reading_or_ctrl_c_ends_the_server_quietly() -> None:
    import signal
    import subprocess
    import time

    def start() -> subprocess.Popen[bytes]:
        p = subprocess.Popen([KODO, "mcp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)  # fmt: skip
        assert p.stdin is not None and p.stdout is not None
        p.stdin.write(_line(RAW_INIT))
        p.stdin.flush()
        assert json.loads(p.stdout.readline())["id"] == 0  # serving
        return p

    gone, interrupted = start(), start()
    assert gone.stdin is not None and gone.stdout is not None
    gone.stdout.close()  # the client stops reading
    arguments = {"applicant": PEOPLE["j_skip"]}
    call = {"jsonrpc": "2.0", "id": 1, "method": "tools/call",
            "params": {"name": "evaluate", "arguments": arguments}}  # fmt: skip
    try:
        for _ in range(3):
            gone.stdin.write(_line(call))
            gone.stdin.flush()
            time.sleep(0.2)
        gone.stdin.close()
    except BrokenPipeError:  # it has already gone
        pass
    interrupted.send_signal(signal.SIGINT)
    assert gone.wait(30) == 0
    assert interrupted.wait(10) == 128 + signal.SIGINT
    for p in (gone, interrupted):
        assert p.stderr is not None
        assert p.stderr.read() == b""
        p.stderr.close()
    assert interrupted.stdin is not None and interrupted.stdout is not None
    interrupted.stdin.close()
    interrupted.stdout.close()
