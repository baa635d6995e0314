"""Typed results as plain JSON data: one converter for every result dataclass.

``to_data`` turns a result (slotted dataclasses, tuples, dicts, dates) into JSON-native data
(dicts, lists, str, int, float, bool, None), so that ``to_dict() == json.loads(to_json())``
holds for every result. The JSON Schema of a result is that of its dataclass
(``pydantic.TypeAdapter``; ``kodo schema --result``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

_FIELDS: dict[type, tuple[str, ...]] = {}


def _names(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = tuple(f.name for f in dataclasses.fields(cls) if f.metadata.get("json", True))
        _FIELDS[cls] = names
    return names


def to_data(obj: Any) -> Any:
    """JSON-native data of a result (dataclass fields marked ``json=False`` are left out)."""
    if obj is None or isinstance(obj, (str, bool, int, float)):
        return obj
    if isinstance(obj, (list, tuple)):
        return [to_data(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): to_data(v) for k, v in obj.items()}
    if isinstance(obj, dt.date):
        return obj.isoformat()
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {name: to_data(getattr(obj, name)) for name in _names(type(obj))}
    raise TypeError(f"not result data: {type(obj).__name__}")


def to_json(obj: Any, indent: int | None = 2) -> str:
    return json.dumps(to_data(obj), ensure_ascii=False, indent=indent)


def hidden() -> Any:
    """A dataclass field left out of the JSON data (kept for Python callers)."""
    return dataclasses.field(default=None, metadata={"json": False}, repr=False, compare=False)
