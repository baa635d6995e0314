"""Typed results as plain JSON data: one converter for every result dataclass.

``to_data`` turns a result (slotted dataclasses, tuples, dicts, dates) into JSON-native data
(dicts, lists, str, int, float, bool, None), so that ``to_dict() == json.loads(to_json())``
holds for every result. The JSON Schema of a result is that of its dataclass
(``pydantic.TypeAdapter``; ``kodo schema --result``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pydantic_core


def to_data(obj: Any) -> Any:
    """JSON-native data of a result (dataclasses, tuples, dicts and dates included)."""
    if obj is None or isinstance(obj, (str, bool, int, float)):
        return obj
    if isinstance(obj, (list, tuple)):
        return [to_data(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): to_data(v) for k, v in obj.items()}
    if isinstance(obj, dt.date):
        return obj.isoformat()
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return pydantic_core.to_jsonable_python(obj)
    raise TypeError(f"not result data: {type(obj).__name__}")


def to_json(obj: Any, indent: int | None = 2) -> str:
    """The JSON text of a result (the same data as ``to_data``)."""
    return pydantic_core.to_json(obj, indent=indent).decode("utf-8")
