"""Reason-code templates and evidence documents (data in texts.yaml / evidence.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from kodo.result import Evidence


class _Safe(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        raise KeyError(f"template placeholder {{{key}}} has no value")


def fill(template: str, values: dict[str, Any]) -> str:
    return template.format_map(_Safe(values))


@dataclass(frozen=True)
class Texts:
    items: dict[str, dict[str, str]]
    jskip: dict[str, dict[str, str]]
    verdict: dict[str, dict[str, str]]
    shortfall: dict[str, dict[str, str]]
    unmet: dict[str, dict[str, str]]
    warnings: dict[str, dict[str, str]]
    labels: dict[str, Any]
    evidence: dict[str, list[Evidence]]

    def item_template(self, code: str) -> tuple[str, dict[str, str]]:
        """(the code actually used, its template) for an item reason code."""
        parts = code.split(".")
        candidates = [code]
        if len(parts) > 2:
            candidates.append(".".join(parts[:2]))
        candidates.append("*." + parts[1])
        for cand in candidates:
            if cand in self.items:
                return cand, self.items[cand]
        raise KeyError(f"no explanation text for reason code {code!r}")

    def label(self, group: str, key: str) -> dict[str, str]:
        entry: dict[str, str] = self.labels[group][key]
        return entry


def _load(name: str) -> Any:
    text = (resources.files("kodo.reasons") / name).read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)


@cache
def texts() -> Texts:
    raw = _load("texts.yaml")
    ev = _load("evidence.yaml")
    evidence = {k: [Evidence(d["en"], d["ja"]) for d in v] for k, v in ev.items()}
    return Texts(
        items=raw["items"],
        jskip=raw["jskip"],
        verdict=raw["verdict"],
        shortfall=raw["shortfall"],
        unmet=raw["unmet"],
        warnings=raw["warnings"],
        labels=raw["labels"],
        evidence=evidence,
    )


def yen(amount: int) -> str:
    return f"¥{amount:,}"


def years_text(value: float) -> str:
    return f"{value:g}"
