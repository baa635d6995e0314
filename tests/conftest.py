"""Shared helpers for the kodo test suite."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

CASES = Path(__file__).parent / "cases"
TODAY = dt.date(2026, 11, 21)


def load_cases(name: str) -> list[dict[str, Any]]:
    data = yaml.safe_load((CASES / name).read_text(encoding="utf-8"))
    assert isinstance(data, list) and data
    return data


def person(age: int, **facts: Any) -> dict[str, Any]:
    """An applicant aged ``age`` on 2026-11-21 (birthday 1 June), with the given facts."""
    base: dict[str, Any] = {
        "date": TODAY.isoformat(),
        "birth_date": f"{TODAY.year - age}-06-01",
        "degrees": [],
        "annual_salary": 0,
    }
    base.update(facts)
    return base


def points(result: Any, cat: str) -> dict[str, int]:
    """Item id -> points for one category of a result, for every item of the category (the
    result lists only the items something was claimed for, and the core items)."""
    listed = {it.id: it.points for it in result.categories[cat].items}
    return {i: listed.get(i, 0) for i in (*result.item_ids(cat), *listed)}


def item(result: Any, cat: str, item_id: str) -> Any:
    for it in result.categories[cat].items:
        if it.id == item_id:
            return it
    raise KeyError(item_id)


@pytest.fixture(scope="session")
def book() -> Any:
    from kodo import load_rules

    return load_rules()


@pytest.fixture(scope="session")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """One real ``kodo serve`` on a free loopback port for the whole session (its log is
    ``server.log`` in the session's temporary directory: see ``server_log``)."""
    from tests.web_server import running_server

    log = tmp_path_factory.getbasetemp() / "server.log"
    with running_server(log=log) as url:
        yield url


@pytest.fixture(scope="session")
def server_log(server_url: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.getbasetemp() / "server.log"


def e19(**extra: Any) -> dict[str, Any]:
    """rules.md §9 E19: a 技人国 holder, PR filed 2025-06-01, 85 points on both dates (the
    80-point route, deemed HSP)."""
    return {
        "date": "2025-06-01",
        "birth_date": "1993-01-15",
        "category": "b",
        "degrees": [{"level": "master", "awarded": "2018-03-20"}],
        "career": [{"kind": "professional", "start": "2019-06-01"}],
        "salaries": [
            {"from": "2019-06-01", "annual_salary": 8_000_000},
            {"from": "2025-04-01", "annual_salary": 8_500_000},
        ],
        "japanese_tests": [{"date": "2019-12-01", "jlpt": "N1"}],
        "statuses": [{"status": "engineer_humanities", "from": "2019-06-01"}],
        **extra,
    }
