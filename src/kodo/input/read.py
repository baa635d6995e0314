"""Reading input: YAML or JSON text and files into a validated :class:`Applicant`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from kodo.errors import TOP, InputError, input_error
from kodo.input.applicant import Applicant
from kodo.input.problems import kind_of, to_problem
from kodo.yamltext import safe_loader


def parse_applicant(
    data: Any, source: str | None = None, model: type[Applicant] = Applicant
) -> Applicant:
    """Validate a mapping (parsed YAML/JSON) as an :class:`Applicant` (or a subclass given
    as ``model``) or raise InputError naming each field and its problem."""
    if isinstance(data, model):
        return data
    if data is None or (isinstance(data, str) and not data.strip()):
        raise input_error(TOP, "empty", source)
    if not isinstance(data, Mapping):
        raise input_error(TOP, "not_a_mapping", source, got=kind_of(data))
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InputError([to_problem(e) for e in exc.errors()], source) from None


def read_document(text: str, source: str | None = None) -> Any:
    """Parse YAML (a superset of JSON) text, with a clear error on bad syntax."""
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise input_error(
                "(file)", "bad_json", source, line=exc.lineno, column=exc.colno, problem=exc.msg
            ) from None
    try:
        return yaml.load(text, Loader=_loader())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = str(getattr(exc, "problem", None) or exc)
        if mark is None:
            raise input_error("(file)", "bad_yaml", source, problem=problem) from None
        raise input_error(
            "(file)",
            "bad_yaml_at",
            source,
            line=mark.line + 1,
            column=mark.column + 1,
            problem=problem,
        ) from None


@cache
def _loader() -> Any:
    """YAML's safe loader, reading dates as text: the applicant model parses them itself, so
    an impossible date (2026-02-30) is a field error, not a parser crash."""
    base = safe_loader()
    timestamp = "tag:yaml.org,2002:timestamp"
    resolvers = {
        first: [(tag, rx) for tag, rx in entries if tag != timestamp]
        for first, entries in base.yaml_implicit_resolvers.items()
    }
    return type("DatesAsText", (base,), {"yaml_implicit_resolvers": resolvers})


def read_text(path: str | Path) -> str:
    """A file's text, or InputError naming what is wrong with the file."""
    p = Path(path)
    try:
        return p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise input_error("(file)", "no_such_file", str(p)) from None
    except IsADirectoryError:
        raise input_error("(file)", "is_directory", str(p)) from None
    except UnicodeDecodeError:
        raise input_error("(file)", "not_utf8", str(p)) from None
    except OSError as exc:
        raise input_error("(file)", "unreadable", str(p), reason=str(exc.strerror)) from None


def load_applicant(path: str | Path) -> Applicant:
    """Read and validate one applicant from a YAML or JSON file."""
    return parse_applicant(read_document(read_text(path), str(path)), str(path))
