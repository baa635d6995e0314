"""The tools of ``kodo mcp``, declared once: each is a library function, the arguments it
takes beside the applicant, and the kind of its result (whose JSON Schema is the tool's output
schema). The input schema of a tool is the applicant format's (``input_schema()``) under
``applicant`` plus its arguments; every description comes from the catalogue.

Calling a tool reads its arguments the way the library's own callers do (the applicant by the
bounded reader, never as a path; dates, years, options and the language checked by the
library, naming the argument) and returns the result as JSON data. No rule is decided here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from kodo.errors import TOP, InputError
from kodo.i18n import Message, render

SCHEMA_URI = "kodo://schema/applicant"
GUIDE_URI = "kodo://guide/{lang}"


@dataclass(frozen=True)
class Tool:
    name: str
    call: Callable[..., Any]  # (applicant or None, lang, **arguments) -> JSON data
    args: tuple[str, ...]  # the arguments beside applicant and lang
    result: str | None  # the key of features.schemas.RESULTS: the output schema
    applicant: bool = True


# ---- the library calls -----------------------------------------------------------------------


def _evaluate(app: Any, lang: str, **kw: Any) -> Any:
    from kodo.features.evaluate import evaluate

    return evaluate(app, lang=lang, **kw).to_dict()


def _question(name: str) -> Callable[..., Any]:
    def call(app: Any, lang: str, **kw: Any) -> Any:
        from kodo.features import questions
        from kodo.jsondata import to_data

        return to_data(getattr(questions, name)(app, lang=lang, **kw))

    return call


def _feature(name: str) -> Callable[..., Any]:
    """``kodo.features.<name>.<name>``."""

    def call(app: Any, lang: str, **kw: Any) -> Any:
        import importlib

        from kodo.jsondata import to_data

        function = getattr(importlib.import_module(f"kodo.features.{name}"), name)
        return to_data(function(app, lang=lang, **kw))

    return call


def _rules_on(_: Any, lang: str, date: Any = None) -> Any:
    from kodo.features.common import load_rules, to_day
    from kodo.items import DEFAULT
    from kodo.shells.rules_text import rules_as_data

    day = to_day(date, "date") or dt.date.today()
    book = load_rules()
    book.check_covered(day, "date")
    return rules_as_data(book, day, DEFAULT, lang)


def _rules_diff(_: Any, lang: str, first: Any = None, second: Any = None) -> Any:
    from kodo.errors import input_error
    from kodo.features.common import load_rules, to_day
    from kodo.rules.diff import diff

    book = load_rules()
    days = {}
    for name, value in (("first", first), ("second", second)):
        day = to_day(value, name)
        if day is None:
            raise input_error(name, "required")
        book.check_covered(day, name)
        days[name] = day
    return diff(book, days["first"], days["second"])


TOOLS: dict[str, Tool] = {
    t.name: t
    for t in (
        Tool("evaluate", _evaluate, ("date", "category", "options"), "evaluate"),
        Tool("permanent_residence", _question("permanent_residence"), ("on", "options"), "pr"),
        Tool("hsp2", _question("hsp2"), ("on", "options"), "hsp2"),
        Tool("forecast", _question("forecast"), ("on", "years", "options"), "forecast"),
        Tool("advice", _question("advice"), ("on", "options"), "advice"),
        Tool("treatments", _feature("treatments"), ("on", "options"), "treatments"),
        Tool("documents", _feature("documents"), ("kind", "category", "options"), "documents"),
        Tool("salary", _feature("salary"), ("options",), "salary"),
        Tool("rules_on", _rules_on, ("date",), None, applicant=False),
        Tool("rules_diff", _rules_diff, ("first", "second"), None, applicant=False),
    )
}
REQUIRED = {"rules_diff": ("first", "second")}


# ---- schemas -----------------------------------------------------------------------------------


def _say(code: str, lang: str, **params: Any) -> str:
    return render(Message.of(code, **params), lang)


def _arg_schema(tool: str, name: str, lang: str, default_lang: str) -> dict[str, Any]:
    """The JSON Schema of one argument (its own ``$defs`` left for the caller to hoist)."""
    from kodo.i18n import languages
    from kodo.vocab import CATEGORIES

    day = {"type": "string", "format": "date"}
    if name == "lang":
        langs = languages()
        text = _say("mcp.arg.lang", lang, languages=tuple(langs), default=default_lang)
        return {"type": "string", "enum": list(langs), "description": text}
    if name == "date":
        code = "mcp.arg.rules_date" if tool == "rules_on" else "mcp.arg.date"
        return {**day, "description": _say(code, lang)}
    if name in ("on", "first", "second"):
        return {**day, "description": _say(f"mcp.arg.{name}", lang)}
    if name == "category":
        code = "mcp.arg.documents_category" if tool == "documents" else "mcp.arg.category"
        return {"type": "string", "enum": list(CATEGORIES), "description": _say(code, lang)}
    if name == "kind":
        from kodo.features.documents_data import KINDS

        return {"type": "string", "enum": list(KINDS), "description": _say("mcp.arg.kind", lang)}
    if name == "years":
        import inspect

        from kodo.features.questions import MAX_FORECAST_YEARS, forecast

        low, default = 1, inspect.signature(forecast).parameters["years"].default
        text = _say("mcp.arg.years", lang, low=low, high=MAX_FORECAST_YEARS, default=default)
        return {"type": "integer", "minimum": low, "maximum": MAX_FORECAST_YEARS,
                "description": text}  # fmt: skip
    if name == "options":
        return {**_options_schema(lang), "description": _say("mcp.arg.options", lang)}
    schema = applicant_schema()
    return {**schema, "description": _say("mcp.arg.applicant", lang, schema=SCHEMA_URI)}


def _options_schema(lang: str) -> dict[str, Any]:
    """The interpretation options, each described from the catalogue: what it decides, its
    values with what each means (the texts of ``kodo … --help``) and its default."""
    from kodo.i18n import catalogue, sentences
    from kodo.options import Options

    schema = Options.model_json_schema()
    schema.pop("title", None)
    known = catalogue(lang).templates
    for name, prop in schema["properties"].items():
        bounds = {"low": prop["minimum"], "high": prop["maximum"]} if "maximum" in prop else {}
        texts = [_say(f"mcp.option.{name}", lang, **bounds)]
        if "enum" in prop:
            said = tuple(
                f"`{v}` ({_say(f'option.{name}.{v}', lang)})" if f"option.{name}.{v}" in known
                else f"`{v}`"
                for v in prop["enum"]
            )  # fmt: skip
            texts.append(_say("mcp.option.values", lang, values=said))
        texts.append(_say("mcp.option.default", lang, default=f"`{prop['default']}`"))
        prop["description"] = sentences(texts, lang)
    return schema


# A reference to a document of kodo's repository, which an assistant cannot read.
_DOC_REFERENCE = re.compile(r"[;,]?\s*(?:see|as in)\s+[\w./-]+\.md(?:\s*§\s*[\d.]+)?")
# A CLI command named in a description: the tool of the same question.
_COMMAND = re.compile(r"`kodo (\w+)`")


def applicant_schema() -> dict[str, Any]:
    """The applicant format's JSON Schema as an assistant reads it: its descriptions without
    references to kodo's documents, and naming the tools rather than the commands."""
    from kodo.features.schemas import input_schema

    def tool(match: re.Match[str]) -> str:
        name = {"pr": "permanent_residence"}.get(match.group(1), match.group(1))
        return f"the tool `{name}`" if name in TOOLS else match.group(0)

    def clean(node: Any) -> Any:
        if isinstance(node, dict):
            out = {k: clean(v) for k, v in node.items()}
            if isinstance(out.get("description"), str):
                out["description"] = _COMMAND.sub(tool, _DOC_REFERENCE.sub("", out["description"]))
            return out
        if isinstance(node, list):
            return [clean(v) for v in node]
        return node

    cleaned: dict[str, Any] = clean(input_schema())
    return cleaned


def input_schema_of(tool: Tool, lang: str = "en", default_lang: str = "en") -> dict[str, Any]:
    """The tool's input schema: an object of its arguments, the ``$defs`` of the applicant
    format and of the options hoisted to the top (where their references point)."""
    names = (*(("applicant",) if tool.applicant else ()), "lang", *tool.args)
    defs: dict[str, Any] = {}
    props = {}
    for name in names:
        schema = _arg_schema(tool.name, name, lang, default_lang)
        defs.update(schema.pop("$defs", {}))
        props[name] = schema
    out: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
    required = (*(("applicant",) if tool.applicant else ()), *REQUIRED.get(tool.name, ()))
    if required:
        out["required"] = list(required)
    if defs:
        out["$defs"] = defs
    return out


def output_schema_of(tool: Tool) -> dict[str, Any]:
    if tool.result is None:  # the rules on a date, or their changes
        from kodo.shells.mcp_results import schema_of

        return schema_of(tool.name)
    from kodo.features.schemas import result_schema

    return result_schema(tool.result)


# ---- calling -----------------------------------------------------------------------------------


def lang_of(arguments: Mapping[str, Any], default: str) -> str:
    """The language asked for, else ``default`` (an unknown one is reported by :func:`run`)."""
    from kodo.i18n import languages

    lang = arguments.get("lang", default)
    return lang if isinstance(lang, str) and lang in languages() else default


def run(tool: Tool, arguments: Mapping[str, Any], default_lang: str) -> Any:
    """The tool's result as JSON data, or InputError naming the argument or the applicant's
    field (an unknown argument, a missing applicant, any problem the library finds)."""
    from kodo.features.common import check_lang
    from kodo.input.read import parse_applicant

    known = ("applicant", "lang", *tool.args) if tool.applicant else ("lang", *tool.args)
    unknown = [name for name in arguments if name not in known]
    if unknown:
        raise InputError([(name, _unknown(name, known)) for name in unknown])
    given = arguments.get("lang")  # null: not given
    if given is not None and not isinstance(given, str):
        from kodo.errors import input_error
        from kodo.i18n import languages
        from kodo.input.problems import shown

        raise input_error("lang", "one_of", expected=languages(), got=shown(given))
    lang = check_lang(default_lang if given is None else given)
    app = None
    if tool.applicant:
        if "applicant" not in arguments:
            raise InputError([("applicant", Message.of("input.required"))])
        try:  # a mapping, read as a file's content is (never a path)
            app = parse_applicant(arguments["applicant"])
        except InputError as exc:  # the document as a whole is the argument
            exc.problems = [_as_argument(f, m) for f, m in exc.problems]
            raise
    kwargs = {name: arguments[name] for name in tool.args if name in arguments}
    return tool.call(app, lang, **kwargs)


# The reader's words for a file, said of the argument: (code, the catalogue's code for it).
_ARGUMENT_WORDS = {
    "input.empty": "mcp.error.applicant_empty",
    "input.too_big": "mcp.error.too_big",
    "input.too_deep": "mcp.error.too_deep",
    "input.too_many_values": "mcp.error.too_many_values",
}


def _as_argument(field: str, message: Message) -> tuple[str, Message]:
    """A problem of the applicant as the argument's: the whole document is ``applicant``, and
    the messages that speak of a file and of kodo's documents speak of the argument."""
    field = "applicant" if field in (TOP, "(file)") else field
    code = _ARGUMENT_WORDS.get(message.code)
    if code is None:
        return field, message
    extra = {"schema": SCHEMA_URI} if message.code == "input.empty" else {}
    return field, Message.of(code, **dict(message.params), **extra)


def _unknown(name: str, known: tuple[str, ...]) -> Message:
    import difflib

    close = difflib.get_close_matches(name, known, n=1)
    if not close:
        return Message.of("input.unknown_field")
    return Message.of("input.unknown_field_hint", hint=Message.of("input.did_you_mean",
                                                                  name=close[0]))  # fmt: skip


__all__ = [
    "GUIDE_URI", "SCHEMA_URI", "TOOLS", "Tool", "applicant_schema", "input_schema_of", "lang_of",
    "run",
]  # fmt: skip
