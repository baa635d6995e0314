"""Checks of a document's shape made before any object is built from it, without recursion:
nesting depth, YAML aliases (no "billion laughs") and duplicate keys (YAML and JSON), and the
depth and size of Python objects handed to the API directly."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from itertools import accumulate
from typing import Any

from kodo.errors import TOP, input_error
from kodo.input.limits import MAX_DEPTH, MAX_VALUES


def _child(path: str, key: object) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def _shown(path: str) -> str:
    return path or TOP


class _Frame:
    __slots__ = ("index", "is_map", "key", "keys", "on_key", "path")

    def __init__(self, path: str, is_map: bool) -> None:
        self.path = path
        self.is_map = is_map
        self.on_key = True  # a mapping: the next node is a key
        self.key: str = "?"
        self.keys: set[str] = set()
        self.index = 0

    def where(self) -> str:
        """The path of the node that starts now (a key names its mapping)."""
        if not self.is_map:
            return _child(self.path, self.index)
        return self.path if self.on_key else _child(self.path, self.key)

    def done(self) -> None:
        """A node (key, value or item) is complete."""
        if self.is_map:
            self.on_key = not self.on_key
        else:
            self.index += 1


def check_yaml_events(events: Iterator[Any], source: str | None) -> None:
    """Walk libyaml's events: refuse aliases, duplicate keys, nesting over MAX_DEPTH and more
    than MAX_VALUES values (keys count too), before any object is built."""
    import yaml

    stack: list[_Frame] = []
    for count, event in enumerate(events):
        if count > 2 * MAX_VALUES:  # each value is one or two events (a start and an end)
            raise input_error(TOP, "too_many_values", source, limit=MAX_VALUES)
        top = stack[-1] if stack else None
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            stack.pop()
            if stack:
                stack[-1].done()
            continue
        if not isinstance(event, yaml.NodeEvent):
            continue  # stream and document starts and ends
        where = top.where() if top is not None else ""
        if isinstance(event, yaml.AliasEvent):
            raise input_error(_shown(where), "yaml_alias", source)
        if top is not None and top.is_map and top.on_key:
            key = event.value if isinstance(event, yaml.ScalarEvent) else "?"
            if key == "<<" and isinstance(event, yaml.ScalarEvent) and event.implicit[0]:
                raise input_error(_child(top.path, key), "yaml_merge", source)
            if key in top.keys and key != "?":
                raise input_error(_child(top.path, key), "duplicate_key", source)
            top.keys.add(key)
            top.key = key
        if isinstance(event, yaml.ScalarEvent):
            if top is not None:
                top.done()
            continue
        if len(stack) >= MAX_DEPTH:
            raise input_error(_shown(where), "too_deep", source, limit=MAX_DEPTH)
        stack.append(_Frame(where, isinstance(event, yaml.MappingStartEvent)))


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def check_json_depth(text: str, source: str | None) -> None:
    """Refuse JSON nested over MAX_DEPTH, counted without parsing (strings left out)."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    steps = (1 if b in "[{" else -1 for b in _BRACKET.findall(_JSON_STRING.sub("", text)))
    if max(accumulate(steps), default=0) > MAX_DEPTH:
        raise input_error(TOP, "too_deep", source, limit=MAX_DEPTH)


class DuplicateKeys(dict[str, Any]):
    """A JSON object in which some key was given more than once (see :func:`json_object`)."""

    twice: tuple[str, ...] = ()


def json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``object_pairs_hook`` for ``json.loads``: a dict, marked when a key repeats."""
    out = dict(pairs)
    if len(out) == len(pairs):
        return out
    seen: set[str] = set()
    marked = DuplicateKeys(out)
    marked.twice = tuple(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
    return marked


def check_tree(data: Any, source: str | None) -> None:
    """Walk parsed data (or Python objects given to the API) without recursion: refuse
    nesting over MAX_DEPTH, more than MAX_VALUES values, and keys marked as given twice."""
    todo: list[tuple[Any, str, int]] = [(data, "", 1)]
    seen = 0
    while todo:
        node, path, depth = todo.pop()
        seen += 1
        if seen > MAX_VALUES:
            raise input_error(TOP, "too_many_values", source, limit=MAX_VALUES)
        if isinstance(node, Mapping):
            items: Any = node.items()
            if isinstance(node, DuplicateKeys):
                raise input_error(_child(path, node.twice[0]), "duplicate_key", source)
        elif isinstance(node, (list, tuple)):
            items = enumerate(node)
        else:
            continue
        if depth > MAX_DEPTH:
            raise input_error(_shown(path), "too_deep", source, limit=MAX_DEPTH)
        if len(node) > MAX_VALUES:
            raise input_error(_shown(path), "too_many_values", source, limit=MAX_VALUES)
        todo.extend((value, _child(path, key), depth + 1) for key, value in items)
