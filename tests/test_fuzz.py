"""Fuzzing the public reading path: random nested YAML/JSON documents (real field names and
random keys, random scalars, random depth), mutations of a valid applicant and random bytes
all end in a result or an InputError — never another exception. The worst accepted input
(max size, max list lengths) and the worst refused ones are handled in bounded time."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
import time
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kodo
from kodo.errors import InputError
from kodo.input.limits import MAX_BYTES, MAX_DEGREES, MAX_PERIODS, MAX_VALUES
from kodo.input.problems import FIELDS_BY_SECTION
from kodo.input.read import parse_applicant, read_document, read_stream

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NAMES = sorted(
    {
        info.alias or name
        for m in FIELDS_BY_SECTION.values()
        for name, info in m.model_fields.items()
    }
    | set(FIELDS_BY_SECTION)
)
TODAY = dt.date(2026, 11, 22)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).map(dt.date.isoformat),
    st.sampled_from(
        ["master", "doctorate", "N1", "b", "coe", "hsp1_b", "2026-02-30", "9999-12-31", "1e999"]
    ),
)
keys = st.one_of(st.sampled_from(NAMES), st.text(max_size=12))
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=5)),
    max_leaves=30,
)

VALID: dict[str, Any] = {
    "date": "2026-11-21",
    "birth_date": "1990-04-02",
    "degrees": [{"level": "master", "field": "CS", "japan": True}],
    "experience": {"professional": 4},
    "annual_salary": 6_000_000,
    "employer": {"sme": True, "innovation_support": True},
    "japanese": {"jlpt": "N2"},
    "statuses": [{"status": "hsp1_b", "from": "2023-01-10", "points": 80}],
}


def ends_well(call: Any) -> None:
    """``call()`` returns, or raises InputError: anything else fails the test."""
    try:
        call()
    except InputError as exc:
        for lang in ("en", "ja", "zh"):
            assert exc.render(lang)


def evaluate_text(text: str) -> None:
    data = read_document(text, "fuzz")
    app = parse_applicant(data, "fuzz")
    result = kodo.evaluate(app, today=TODAY)
    assert result.to_json()


def _dump_json(doc: Any) -> str:
    return json.dumps(doc, allow_nan=True, default=str)


@given(documents)
@FUZZ
def test_random_documents_end_in_a_result_or_an_input_error(doc: Any) -> None:
    ends_well(lambda: evaluate_text(yaml.safe_dump(doc)))
    ends_well(lambda: evaluate_text(_dump_json(doc)))
    ends_well(lambda: kodo.evaluate(doc, today=TODAY))


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path] if path else []
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*path, i))
    return out


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    doc = json.loads(json.dumps(VALID))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from([*_paths(doc), (draw(keys),)]))
        parent = doc
        for part in path[:-1]:
            parent = parent[part]
        if isinstance(parent, (dict, list)):
            parent[path[-1]] = draw(documents)
    return doc


@given(mutated())
@FUZZ
def test_mutations_of_a_valid_applicant_end_in_a_result_or_an_input_error(
    doc: dict[str, Any],
) -> None:
    ends_well(lambda: kodo.evaluate(doc, today=TODAY))
    ends_well(lambda: evaluate_text(yaml.safe_dump(doc)))


YAML_BITS = [*list("{}[]:,-?&*!|>'\"%@` #\n\t"), "date: ", "degrees:", "- ", "<<: ", "---", "..."]


@given(
    st.one_of(
        st.binary(max_size=300), st.lists(st.sampled_from(YAML_BITS)).map("".join).map(str.encode)
    )
)
@FUZZ
def test_random_bytes_end_in_a_result_or_an_input_error(data: bytes) -> None:
    def read() -> None:
        text = read_stream(io.BytesIO(data), "fuzz")
        kodo.evaluate(parse_applicant(read_document(text, "fuzz"), "fuzz"), today=TODAY)

    ends_well(read)


def worst_accepted() -> dict[str, Any]:
    """Every list at its limit, every period distinct (the most change dates)."""
    start = dt.date(2000, 1, 1)

    def day(i: int) -> str:
        return (start + dt.timedelta(days=30 * i)).isoformat()

    return {
        "date": "2026-11-01",
        "birth_date": "1980-01-01",
        "degrees": [
            {"level": "master", "field": f"F{i}", "awarded": day(i)} for i in range(MAX_DEGREES)
        ],
        "career": [
            {"kind": "professional", "start": day(i), "end": day(i)} for i in range(MAX_PERIODS)
        ],
        "salaries": [
            {"from": day(i), "annual_salary": 4_000_000 + 10_000 * i} for i in range(MAX_PERIODS)
        ],
        "japanese_tests": [{"date": day(i), "bjt": i} for i in range(MAX_PERIODS)],
        "employers": [{"from": day(i), "to": day(i), "sme": True} for i in range(MAX_PERIODS)],
        "licenses_obtained": [day(i) for i in range(MAX_PERIODS)],
        "statuses": [
            {"status": "hsp1_b", "from": day(i), "to": day(i)} for i in range(MAX_PERIODS)
        ],
    }


def test_the_worst_accepted_input_is_read_and_evaluated_in_bounded_time_and_memory() -> None:
    text = yaml.safe_dump(worst_accepted())
    text += "#" * (MAX_BYTES - len(text.encode()) - 1) + "\n"  # the largest document
    assert len(text.encode()) == MAX_BYTES
    script = (
        "import sys, time, kodo\n"
        "from kodo.input.read import load_stream\n"
        "t = time.perf_counter()\n"
        "app = load_stream(sys.stdin)\n"
        "kodo.evaluate(app).to_json()\n"
        "kodo.permanent_residence(app)\n"
        "kodo.forecast(app)\n"
        # VmHWM: this process's own peak (ru_maxrss would count the forking parent's size)
        "peak = next(l for l in open('/proc/self/status') if l.startswith('VmHWM'))\n"
        "print(time.perf_counter() - t, peak.split()[1])\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", script], input=text, capture_output=True, text=True, timeout=120
    )
    assert r.returncode == 0, r.stderr[-2000:]
    seconds, max_rss_kb = r.stdout.split()
    assert float(seconds) < 10
    assert int(max_rss_kb) < 1_000_000  # 1 GB


def test_the_worst_refused_inputs_are_refused_in_bounded_time() -> None:
    half = MAX_VALUES - 10  # just under the value limit: every key an unknown field
    worst = [
        "".join(f"k{i}: {i}\n" for i in range(half)),
        "".join(f"k{i}: {i}\n" for i in range(MAX_BYTES // 16)),
        "x:\n" + "- 1\n" * (MAX_BYTES // 5),
        "x: " + "[" * (MAX_BYTES // 2 - 2) + "]" * (MAX_BYTES // 2 - 2),
        '{"x": [' + "1," * (MAX_BYTES // 2 - 10) + "1]}",
        "x: " + "'" + "é" * (MAX_BYTES // 2 - 10) + "'",
    ]
    for text in worst:
        assert len(text.encode()) <= MAX_BYTES
        started = time.perf_counter()
        try:
            parse_applicant(read_document(text))
        except InputError as exc:
            assert len(str(exc)) < 5_000
        else:
            raise AssertionError("accepted")
        assert time.perf_counter() - started < 10


QUESTIONS = (kodo.permanent_residence, kodo.hsp2, kodo.forecast, kodo.advice)


@given(
    mutated(),
    st.sampled_from(QUESTIONS),
    st.one_of(st.none(), st.dates(dt.date(1890, 1, 1), dt.date(2250, 12, 31))),
    st.one_of(st.none(), st.dates(dt.date(1890, 1, 1), dt.date(2250, 12, 31))),
)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_every_question_on_any_date_ends_in_a_result_or_an_input_error(
    doc: dict[str, Any], question: Any, on: dt.date | None, date: dt.date | None
) -> None:
    if date is not None:
        doc = {**doc, "date": date.isoformat()}
    if "birth_date" in doc and isinstance(doc["birth_date"], str) and date is not None:
        doc = {**doc, "birth_date": "1990-04-02"} if date.year > 2006 else doc
    ends_well(lambda: question(doc, on=on, today=TODAY))
    if date is not None:
        ends_well(lambda: kodo.evaluate(doc, date=date, today=TODAY))


# The questions after the points, on a person with every block they read (issue 11).
FAMILY: dict[str, Any] = {
    **{k: v for k, v in VALID.items() if k != "annual_salary"},
    "compensation": {"basic_pay": 6_000_000, "performance_bonus": 500_000, "foreign_pay": 1},
    "licenses": ["応用情報技術者試験", "弁護士"],
    "employer": {"sme": True, "category": 3, "measures": ["x"]},
    "application": {"kind": "coe", "planned_entry": "2027-01-10"},
    "household": {
        "spouse": {"annual_income": 2_000_000},
        "children": [{"birth_date": "2020-02-29"}],
        "parents": [{"side": "own"}],
        "domestic_worker": {"monthly_pay": 200_000, "birth_date": "2000-01-01"},
    },
}


@st.composite
def family_mutated(draw: st.DrawFn) -> dict[str, Any]:
    doc = json.loads(json.dumps(FAMILY))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(doc)))
        parent = doc
        for part in path[:-1]:
            parent = parent[part]
        parent[path[-1]] = draw(documents)
    return doc


def _sheet(doc: Any) -> None:
    from kodo.features.sheet import point_sheets

    point_sheets(doc, today=TODAY)


@given(
    family_mutated(),
    st.sampled_from(("treatments", "documents", "salary", "sheet")),
    st.one_of(st.none(), st.dates(dt.date(1890, 1, 1), dt.date(2250, 12, 31))),
)
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_questions_after_the_points_end_in_a_result_or_an_input_error(
    doc: dict[str, Any], question: str, on: dt.date | None
) -> None:
    calls = {
        "treatments": lambda: kodo.treatments(doc, on=on, today=TODAY),
        "documents": lambda: kodo.documents(doc, date=on, today=TODAY),
        "salary": lambda: kodo.salary(doc, today=TODAY),
        "sheet": lambda: _sheet(doc),
    }
    ends_well(calls[question])
    ends_well(lambda: kodo.documents(doc, kind="pr", today=TODAY))
