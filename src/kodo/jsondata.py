"""Typed results as plain JSON data: one converter for every result dataclass.

``to_json`` writes a result (slotted dataclasses, tuples, dicts, dates) with ``orjson``, which
serialises dataclasses natively: about three times faster than pydantic's inferring
serialiser, without the cold-start cost of building a ``TypeAdapter`` per result type.
``to_data`` is that JSON read back, so that ``to_dict() == json.loads(to_json())`` holds by
construction for every result. The JSON Schema of a result is that of its dataclass
(``pydantic.TypeAdapter``; ``kodo schema --result``), and the tests validate every result's
data against it.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

_OPTIONS = {None: 0, 2: orjson.OPT_INDENT_2}


def _bytes(obj: Any, option: int = 0) -> bytes:
    try:
        return orjson.dumps(obj, option=option)
    except TypeError as e:  # orjson.JSONEncodeError is a TypeError
        raise TypeError(f"not result data: {e}") from None


def to_data(obj: Any) -> Any:
    """JSON-native data of a result (dataclasses, tuples, dicts and dates included)."""
    if obj is None or isinstance(obj, (str, bool, int, float)):
        return obj
    return orjson.loads(_bytes(obj))


def to_json(obj: Any, indent: int | None = 2) -> str:
    """The JSON text of a result (the same data as ``to_data``)."""
    option = _OPTIONS.get(indent)
    if option is None:  # an indent orjson does not write
        return json.dumps(to_data(obj), indent=indent, ensure_ascii=False)
    return _bytes(obj, option).decode("utf-8")
