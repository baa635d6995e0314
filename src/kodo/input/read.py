"""Reading input: YAML or JSON text and files into a validated :class:`Applicant`.

Every path is bounded (docs/limits.md): at most MAX_BYTES are read from a file or a stream,
the document's depth, aliases and duplicate keys are checked on the parser's events before
any object is built, and parsed data (or Python objects given to the API) are walked without
recursion before validation.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import IO, Any

import yaml
from pydantic import ValidationError

from kodo.errors import TOP, InputError, excerpt, input_error
from kodo.input.applicant import Applicant
from kodo.input.limits import MAX_BYTES, MAX_DEPTH
from kodo.input.problems import kind_of, to_problems
from kodo.input.scan import check_json_depth, check_tree, check_yaml_events, json_object
from kodo.yamltext import safe_loader


def parse_applicant(
    data: Any,
    source: str | None = None,
    model: type[Applicant] = Applicant,
    *,
    checked: bool = False,
) -> Applicant:
    """Validate a mapping (parsed YAML/JSON) as an :class:`Applicant` (or a subclass given
    as ``model``) or raise InputError naming each field and its problem. ``checked``: the
    data comes from :func:`read_document`, whose tree was already checked (depth, size)."""
    if isinstance(data, model):
        return data
    if data is None or (isinstance(data, str) and not data.strip()):
        raise input_error(TOP, "empty", source)
    if not isinstance(data, Mapping):
        raise input_error(TOP, "not_a_mapping", source, got=kind_of(data))
    if not checked:
        check_tree(data, source)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InputError(to_problems(exc), source) from None
    except RecursionError:  # cannot happen after check_tree; never a traceback if it does
        raise input_error(TOP, "too_deep", source, limit=0) from None


def _too_big(source: str | None) -> InputError:
    return input_error("(file)", "too_big", source, limit=MAX_BYTES)


def read_document(text: str, source: str | None = None) -> Any:
    """Parse YAML (a superset of JSON) text, with a clear error on bad syntax."""
    if len(text) > MAX_BYTES or (
        len(text) > MAX_BYTES // 4 and len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES
    ):
        raise _too_big(source)
    stripped = text.lstrip()
    if stripped.startswith("{"):
        check_json_depth(text, source)
        try:
            data = json.loads(text, object_pairs_hook=json_object)
        except json.JSONDecodeError as exc:
            raise input_error(
                "(file)", "bad_json", source, line=exc.lineno, column=exc.colno, problem=exc.msg
            ) from None
        except (ValueError, RecursionError) as exc:  # e.g. an integer of 5,000 digits
            raise input_error("(file)", "bad_json_value", source, problem=str(exc)) from None
        check_tree(data, source)
        return data
    try:
        check_yaml_events(yaml.parse(text, Loader=_loader()), source)
        data = yaml.load(text, Loader=_loader())
    except yaml.YAMLError as exc:
        raise _bad_yaml(exc, source) from None
    except (ValueError, OverflowError, RecursionError) as exc:  # a value no type can hold
        raise input_error("(file)", "bad_yaml", source, problem=str(exc)) from None
    check_tree(data, source)
    return data


def _bad_yaml(exc: yaml.YAMLError, source: str | None) -> InputError:
    mark = getattr(exc, "problem_mark", None)
    problem = str(getattr(exc, "problem", None) or exc)
    if "nesting depth" in problem:  # libyaml's own limit (PyYAML >= 6.0.3) met before ours
        return input_error("(file)", "too_deep", source, limit=MAX_DEPTH)
    if mark is None:
        return input_error("(file)", "bad_yaml", source, problem=problem)
    return input_error(
        "(file)",
        "bad_yaml_at",
        source,
        line=mark.line + 1,
        column=mark.column + 1,
        problem=problem,
    )


# YAML 1.2's core schema for plain scalars, instead of YAML 1.1's: 017 is not octal 15, 1:30 is
# not 90 (base 60), yes/no/on/off are not booleans. Anything else stays text, which the model
# then refuses where a number or a yes/no belongs.
_CORE = (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^[-+]?(?:0|[1-9][0-9_]*)$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+.0123456789",
    ),
)
_REPLACED = {"tag:yaml.org,2002:timestamp", *(tag for tag, _, _ in _CORE)}


@cache
def _loader() -> Any:
    """YAML's safe loader with the core schema's scalars (above), reading dates as text: the
    applicant model parses them itself, so an impossible date (2026-02-30) is a field error,
    not a parser crash."""
    base = safe_loader()
    resolvers: dict[Any, list[tuple[str, Any]]] = {
        first: [(tag, rx) for tag, rx in entries if tag not in _REPLACED]
        for first, entries in base.yaml_implicit_resolvers.items()
    }
    for tag, pattern, firsts in _CORE:
        compiled = re.compile(pattern)
        for first in firsts:
            resolvers.setdefault(first, []).insert(0, (tag, compiled))
    return type("CoreScalars", (base,), {"yaml_implicit_resolvers": resolvers})


def _decode(data: bytes, source: str | None) -> str:
    if len(data) > MAX_BYTES:
        raise _too_big(source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise input_error("(file)", "not_utf8", source) from None


def read_text(path: str | Path) -> str:
    """A file's text (at most MAX_BYTES are read), or InputError naming what is wrong."""
    p = Path(path)
    try:
        with p.open("rb") as f:
            data = f.read(MAX_BYTES + 1)
    except (FileNotFoundError, ValueError):  # ValueError: a NUL byte cannot name a file
        raise input_error("(file)", "no_such_file", excerpt(str(p))) from None
    except IsADirectoryError:
        raise input_error("(file)", "is_directory", str(p)) from None
    except OSError as exc:
        raise input_error("(file)", "unreadable", str(p), reason=str(exc.strerror)) from None
    return _decode(data, str(p))


def read_stream(stream: IO[str] | IO[bytes], source: str = "<stdin>") -> str:
    """The text of a stream such as ``sys.stdin`` (at most MAX_BYTES are read)."""
    raw = getattr(stream, "buffer", stream)
    try:
        data = raw.read(MAX_BYTES + 1)
    except OSError as exc:
        raise input_error("(file)", "unreadable", source, reason=str(exc.strerror)) from None
    except UnicodeDecodeError:
        raise input_error("(file)", "not_utf8", source) from None
    if isinstance(data, str):
        if len(data) > MAX_BYTES:
            raise _too_big(source)
        data = data.encode("utf-8", "surrogatepass")
    return _decode(data, source)


TEXT_SOURCE = "<text>"


def load_applicant(path: str | Path) -> Applicant:
    """Read and validate one applicant from a YAML or JSON file. A string with a line break,
    or one that begins with ``{``, is the document itself (YAML or JSON text), not a path."""
    if isinstance(path, str) and ("\n" in path or path.lstrip().startswith("{")):
        return parse_applicant(read_document(path, TEXT_SOURCE), TEXT_SOURCE, checked=True)
    return parse_applicant(read_document(read_text(path), str(path)), str(path), checked=True)


def load_stream(stream: IO[str] | IO[bytes], source: str = "<stdin>") -> Applicant:
    """Read and validate one applicant from a stream (the CLI's ``-``: standard input)."""
    return parse_applicant(read_document(read_stream(stream, source), source), source, checked=True)
