"""The input edge: every document ends in an Applicant or an InputError naming the field —
limits (size, depth, aliases, duplicate keys, list and text lengths), the supported date
range, strict numbers and facts that cannot all be true (docs/limits.md)."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import kodo
from kodo.dates import add_years, years_between
from kodo.errors import EXCERPT, InputError
from kodo.input.ages import WORK_AGE
from kodo.input.consistency import check_on
from kodo.input.limits import (
    MAX_BYTES,
    MAX_DEGREES,
    MAX_DEPTH,
    MAX_NOTES,
    MAX_PERIODS,
    MAX_SHOWN,
    MAX_TEXT,
    MAX_VALUES,
)
from kodo.input.read import (
    load_applicant,
    load_stream,
    parse_applicant,
    read_document,
    read_stream,
    read_text,
)
from kodo.input.types import FIRST_DAY, LAST_DAY, parse_day

SETTINGS = settings(max_examples=40, deadline=None)
BASE: dict[str, Any] = {
    "date": "2026-11-21",
    "birth_date": "1990-04-02",
    "degrees": [{"level": "master"}],
    "annual_salary": 6_000_000,
}


def problems(exc: InputError) -> dict[str, str]:
    return {field: kodo.render(message, "en") for field, message in exc.problems}


def refused(data: Any, source: str | None = None) -> dict[str, str]:
    with pytest.raises(InputError) as info:
        if isinstance(data, str):
            parse_applicant(read_document(data, source), source)
        else:
            parse_applicant(data, source)
    for lang in ("en", "ja", "zh"):
        assert info.value.render(lang)
    return problems(info.value)


# ------------------------------------------------------------------------------ size


def test_a_file_over_the_size_limit_is_refused_after_reading_only_the_limit(
    tmp_path: Path,
) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("notes: '" + "x" * MAX_BYTES + "'\n")
    with pytest.raises(InputError) as info:
        read_text(path)
    assert str(MAX_BYTES) in str(info.value)
    path.write_text("notes: hello\n")
    assert load_applicant(path).notes == "hello"


def test_an_endless_file_is_refused_fast() -> None:
    with pytest.raises(InputError) as info:
        load_applicant("/dev/zero")
    assert list(problems(info.value)) == ["(file)"]


@pytest.mark.parametrize("extra", [1, 1000])
def test_text_and_streams_over_the_size_limit_are_refused(extra: int) -> None:
    text = "a: " + "b" * (MAX_BYTES + extra)
    with pytest.raises(InputError):
        read_document(text)
    with pytest.raises(InputError):
        read_stream(io.StringIO(text))
    with pytest.raises(InputError):
        read_stream(io.BytesIO(text.encode()))
    with pytest.raises(InputError):  # multi-byte characters count as bytes
        read_document("a: " + "é" * (MAX_BYTES // 2 + extra))


def test_a_stream_at_the_limit_is_read() -> None:
    text = "notes: hello\n" + "#" * (MAX_BYTES - 14) + "\n"
    assert len(text.encode()) == MAX_BYTES
    assert load_stream(io.BytesIO(text.encode())).notes == "hello"


# ------------------------------------------------------------------------------ depth


def _nested_yaml_flow(depth: int) -> str:
    return "x: " + "[" * depth + "]" * depth


def _nested_yaml_block(depth: int) -> str:
    return "x:\n" + "".join("  " * i + "- \n" for i in range(1, depth + 1))


def _nested_json(depth: int) -> str:
    return '{"x": ' + "[" * depth + "]" * depth + "}"


def _nested_python(depth: int) -> dict[str, Any]:
    node: Any = []
    for _ in range(depth - 1):
        node = [node]
    return {"x": node}


@pytest.mark.parametrize("depth", [MAX_DEPTH, MAX_DEPTH + 1, 30_000])
@pytest.mark.parametrize("make", [_nested_yaml_flow, _nested_yaml_block, _nested_json])
def test_deep_documents_are_refused_before_they_are_built(make: Any, depth: int) -> None:
    if make is _nested_yaml_block and depth > 1000:
        depth = 1000  # block style needs depth² bytes; 1000 already exceeds the limit
    text = make(depth)
    if len(text) > MAX_BYTES:
        pytest.fail("the test document must be within the size limit")
    with pytest.raises(InputError) as info:
        parse_applicant(read_document(text))
    message = str(info.value)
    if depth + 1 > MAX_DEPTH:  # the root mapping is one level
        assert f"more than {MAX_DEPTH} levels" in message
    else:
        assert "levels" not in message and "unknown field" in message


def test_deep_python_objects_and_cycles_are_refused() -> None:
    assert [f[:4] for f in refused({**BASE, **_nested_python(10_000)})] == ["x[0]"]
    loop: dict[str, Any] = {}
    loop["x"] = loop
    assert refused(loop)
    many = {**BASE, "notes": [[0] * 10] * (MAX_VALUES // 10 + 1)}
    assert f"more than {MAX_VALUES}" in " ".join(refused(many).values())


# ------------------------------------------------------------------------------ keys


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("date: 2026-01-01\ndate: 2026-02-01\n", "date"),
        ("employer:\n  sme: true\n  sme: false\n", "employer.sme"),
        ("degrees:\n- level: master\n  level: doctorate\n", "degrees[0].level"),
        (
            "degrees: [{level: master}, {level: master, japan: true, japan: false}]",
            "degrees[1].japan",
        ),
        ('{"date": "2026-01-01", "date": "2026-02-01"}', "date"),
        ('{"employer": {"sme": true, "sme": false}}', "employer.sme"),
        ('{"degrees": [{"level": "master"}, {"level": "a", "level": "b"}]}', "degrees[1].level"),
    ],
)
def test_a_key_given_twice_is_refused_naming_its_path(text: str, field: str) -> None:
    assert refused(text) == {field: "is given more than once"}


@pytest.mark.parametrize(
    "text",
    [
        "employer: &e {sme: true}\nemployers: [*e]\n",
        "a: &a ['x', 'x']\nb: &b [*a, *a]\nc: &c [*b, *b]\n",  # billion laughs, small
        "base: &b {sme: true}\nemployer:\n  <<: *b\n",
    ],
)
def test_yaml_aliases_and_merge_keys_are_refused(text: str) -> None:
    assert any("alias" in m or "merge" in m for m in refused(text).values())


# ------------------------------------------------------------------------------ lengths

PERIOD: dict[str, Any] = {
    "career": {"kind": "professional", "start": "2015-01-01"},
    "salaries": {"from": "2015-01-01", "annual_salary": 1},
    "japanese_tests": {"date": "2015-01-01", "jlpt": "N2"},
    "employers": {"from": "2015-01-01"},
    "licenses_obtained": "2015-01-01",
    "statuses": {"status": "other", "from": "2015-01-01", "to": "2015-01-01"},
}


@pytest.mark.parametrize("name", [*PERIOD, "degrees"])
def test_every_list_is_bounded(name: str) -> None:
    limit = MAX_DEGREES if name == "degrees" else MAX_PERIODS
    item = {"level": "master"} if name == "degrees" else PERIOD[name]
    data = {"birth_date": "1980-01-01", name: [item] * (limit + 1)}
    assert refused(data)[name] == f"must have at most {limit} entries, got {limit + 1}"


@pytest.mark.parametrize(
    ("path", "limit"),
    [
        (("name",), MAX_TEXT),
        (("id",), MAX_TEXT),
        (("notes",), MAX_NOTES),
        (("degrees", 0, "field"), MAX_TEXT),
        (("employers", 0, "name"), MAX_TEXT),
    ],
)
def test_every_text_is_bounded(path: tuple[Any, ...], limit: int) -> None:
    value = "q" * (limit + 1)
    data: dict[str, Any] = {
        path[0]: value
        if len(path) == 1
        else [{"level": "master", "field": value}]
        if path[0] == "degrees"
        else [{"from": "2020-01-01", "name": value}]
    }
    field = ".".join(str(p) for p in path).replace(".0.", "[0].")
    assert refused(data)[field] == f"must be at most {limit} characters long, got {limit + 1}"


def test_many_problems_are_counted_not_all_listed() -> None:
    found = refused({f"unknown_{i}": 1 for i in range(MAX_SHOWN + 7)})
    assert len(found) == MAX_SHOWN + 1
    assert found["(top level)"] == "… and 7 more problems"


# ------------------------------------------------------------------------------ dates

DATE_FIELDS: list[tuple[dict[str, Any], str]] = [
    ({"date": "{}"}, "date"),
    ({"birth_date": "{}"}, "birth_date"),
    ({"residence_since": "{}"}, "residence_since"),
    ({"degrees": [{"level": "master", "awarded": "{}"}]}, "degrees[0].awarded"),
    ({"career": [{"kind": "research", "start": "{}"}]}, "career[0].start"),
    ({"statuses": [{"status": "other", "from": "2020-01-01", "to": "{}"}]}, "statuses[0].to"),
    ({"salaries": [{"from": "{}", "annual_salary": 1}]}, "salaries[0].from"),
    ({"licenses_obtained": ["{}"]}, "licenses_obtained[0]"),
    ({"application": {"kind": "coe", "planned_entry": "{}"}}, "application.planned_entry"),
]


def _fill(template: Any, value: str) -> Any:
    return json.loads(json.dumps(template).replace('"{}"', json.dumps(value)))


@pytest.mark.parametrize(("template", "field"), DATE_FIELDS)
@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("9999-12-31", "must be a date from 1900-01-01 to 2199-12-31"),
        ("0001-01-01", "must be a date from"),
        ("1899-12-31", "must be a date from"),
        ("2200-01-01", "must be a date from"),
        ("2026-02-30", "is not a date that exists"),
        ("20261122", "must be an ISO date"),
        ("2026-W47-7", "must be an ISO date"),
        ("next week", "must be an ISO date"),
    ],
)
def test_every_date_field_is_checked_for_shape_existence_and_range(
    template: dict[str, Any], field: str, value: str, says: str
) -> None:
    for text in (yaml.safe_dump(_fill(template, value)), json.dumps(_fill(template, value))):
        text = text.replace(f"'{value}'", value)  # unquoted in YAML, as people write dates
        assert says in refused(text)[field]


@given(st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)))
@SETTINGS
def test_parse_day_accepts_exactly_the_supported_range(day: dt.date) -> None:
    if FIRST_DAY <= day <= LAST_DAY:
        assert parse_day(day.isoformat(), "--on") == day
    else:
        with pytest.raises(InputError) as info:
            parse_day(day.isoformat(), "--on")
        assert list(problems(info.value)) == ["--on"]


@pytest.mark.parametrize(
    "text", ["2026-02-29", "2026-13-01", "x", "", "2026-1-1", "2026-01-01T00:00"]
)
def test_parse_day_names_the_field(text: str) -> None:
    with pytest.raises(InputError) as info:
        parse_day(text, "--date")
    assert list(problems(info.value)) == ["--date"]


# ------------------------------------------------------------------------------ numbers

NUMBER_FIELDS = [
    ("experience", "professional"),
    ("experience", "research"),
    ("experience", "management"),
    ("employer", "rnd_ratio_pct"),
    ("research", "papers"),
    ("japanese", "bjt"),
    (None, "annual_salary"),
    (None, "licenses"),
    (None, "investment"),
]


@pytest.mark.parametrize(("section", "name"), NUMBER_FIELDS)
@pytest.mark.parametrize("value", [True, False, "5", "5.0", [5], {"v": 5}])
def test_booleans_and_text_are_never_numbers(section: str | None, name: str, value: Any) -> None:
    data = {name: value} if section is None else {section: {name: value}}
    field = name if section is None else f"{section}.{name}"
    if name == "licenses" and value == [5]:  # licenses may be a list of names: not of numbers
        field = "licenses[0]"
    assert field in refused(data)


def test_licences_by_name_count_as_many_as_named() -> None:
    assert parse_applicant({"licenses": ["応用情報技術者試験", "弁護士"]}).license_count == 2
    assert parse_applicant({"licenses": 3}).license_count == 3
    assert refused({"licenses": [""]}) == {"licenses[0]": "must not be empty"}


@pytest.mark.parametrize(("section", "name"), [f for f in NUMBER_FIELDS if f[0] == "experience"])
def test_whole_numbers_are_numbers(section: str, name: str) -> None:
    app = parse_applicant({section: {name: 3}})
    assert getattr(getattr(app, section), name) == 3.0


# ------------------------------------------------------------------------------ contradictions

CONTRADICTIONS: list[tuple[dict[str, Any], str, str]] = [
    ({"employer": {"sme": False, "rnd_over_3pct": True}}, "employer.rnd_over_3pct", "employer.sme"),
    ({"employer": {"sme": False, "rnd_ratio_pct": 5}}, "employer.rnd_ratio_pct", "employer.sme"),
    (
        {"employer": {"rnd_over_3pct": True, "rnd_ratio_pct": 2.5}},
        "employer.rnd_ratio_pct",
        "employer.rnd_over_3pct",
    ),
    (
        {"employer": {"rnd_over_3pct": False, "rnd_ratio_pct": 4}},
        "employer.rnd_ratio_pct",
        "employer.rnd_over_3pct",
    ),
    (
        {"employers": [{"from": "2020-01-01", "sme": False, "rnd_over_3pct": True}]},
        "employers[0].rnd_over_3pct",
        "employers[0].sme",
    ),
    (
        {"training": {"jica": False, "at_japanese_university": True}},
        "training.at_japanese_university",
        "training.jica",
    ),
    (
        {"degrees": [{"level": "bachelor", "japan": True, "japanese_major": True}]},
        "degrees[0].japanese_major",
        "degrees[0].japan",
    ),
    ({"multiple_fields": True, "degrees": [{"level": "master"}]}, "multiple_fields", "degrees"),
    (
        {"birth_date": "2000-01-01", "career": [{"kind": "research", "start": "2014-12-31"}]},
        "career[0].start",
        "birth_date",
    ),
    (
        {"birth_date": "2000-01-01", "degrees": [{"level": "master", "awarded": "2010-01-01"}]},
        "degrees[0].awarded",
        "birth_date",
    ),
    ({"date": "2020-01-01", "birth_date": "2020-01-02"}, "birth_date", "reference date"),
    (
        {"birth_date": "2000-01-01", "japanese_tests": [{"date": "1999-01-01", "jlpt": "N1"}]},
        "birth_date",
        "1999-01-01",
    ),
]


@pytest.mark.parametrize(("data", "field", "other"), CONTRADICTIONS)
def test_facts_that_cannot_all_be_true_are_refused_naming_every_field(
    data: dict[str, Any], field: str, other: str
) -> None:
    found = refused(data)
    assert field in found and other in found[field]


@pytest.mark.parametrize(
    "data",
    [
        {"employer": {"rnd_over_3pct": True}},  # sme not written: not claimed, no contradiction
        {"employer": {"sme": True, "rnd_over_3pct": True, "rnd_ratio_pct": 3}},
        {"employer": {"sme": True, "rnd_ratio_pct": 2}},
        {"training": {"at_japanese_university": True}},
        {"degrees": [{"level": "bachelor", "japanese_major": True}]},
        {"multiple_fields": True},
        {"birth_date": "2000-01-01", "career": [{"kind": "research", "start": "2015-01-01"}]},
    ],
)
def test_consistent_facts_are_accepted(data: dict[str, Any]) -> None:
    parse_applicant(data)


def _with(**facts: Any) -> kodo.Applicant:
    """An applicant without a date of its own: check_on is given the date."""
    return parse_applicant({**{k: v for k, v in BASE.items() if k != "date"}, **facts})


@given(
    birth=st.dates(dt.date(1940, 1, 1), dt.date(2010, 12, 31)),
    day=st.dates(dt.date(2012, 5, 7), dt.date(2060, 12, 31)),
    share=st.floats(0, 1.5),
    kind=st.sampled_from(["research", "professional", "management"]),
)
@SETTINGS
def test_experience_fits_the_years_since_the_age_of_15(
    birth: dt.date, day: dt.date, share: float, kind: str
) -> None:
    since = years_between(add_years(birth, WORK_AGE), day)
    years = round(min(since * share, 100), 2)
    app = _with(birth_date=birth.isoformat(), experience={kind: years}, degrees=[])
    if years <= since:
        check_on(app, day)
    else:
        with pytest.raises(InputError) as info:
            check_on(app, day)
        found = problems(info.value)
        assert list(found) == [f"experience.{kind}"]
        assert "birth_date" in found[f"experience.{kind}"]


def test_check_on_refuses_a_birth_after_the_day_and_a_snapshot_degree_not_yet_awarded() -> None:
    app = _with(degrees=[{"level": "master", "awarded": "2027-03-01"}])
    with pytest.raises(InputError) as info:
        check_on(app, dt.date(1990, 1, 1))
    assert set(problems(info.value)) == {"birth_date", "degrees[0].awarded"}
    check_on(app, dt.date(2027, 3, 1))
    # a dated history may plan a degree: it is simply not held before it is awarded
    history = parse_applicant(
        {
            "birth_date": "1990-04-02",
            "degrees": [{"level": "master", "awarded": "2027-03-01"}],
            "salaries": [{"from": "2020-01-01", "annual_salary": 5_000_000}],
        }
    )
    check_on(history, dt.date(2026, 1, 1))


def test_the_model_checks_its_own_date() -> None:
    data = {"date": "2026-11-21", "birth_date": "2000-01-01", "experience": {"management": 12}}
    assert "birth_date 2000-01-01" in refused(data)["experience.management"]
    data = {"date": "2026-11-21", "degrees": [{"level": "master", "awarded": "2027-01-01"}]}
    assert "2027-01-01" in refused(data)["degrees[0].awarded"]


def test_check_on_reports_all_problems_at_once() -> None:
    app = _with(
        birth_date="2000-06-01", experience={"research": 30, "professional": 30, "management": 1}
    )
    with pytest.raises(InputError) as info:
        check_on(app, dt.date(2026, 6, 1))
    assert set(problems(info.value)) == {"experience.research", "experience.professional"}


def test_excerpt_limit_is_short() -> None:
    assert EXCERPT <= 40


@pytest.mark.parametrize(
    "text",
    [
        "date: 2026-11-21\nbirth_date: 1990-04-02\n",
        '{"date": "2026-11-21", "birth_date": "1990-04-02"}',
    ],
)
def test_a_string_holding_a_document_is_read_as_one(text: str) -> None:
    assert kodo.evaluate(text).date == "2026-11-21"
    with pytest.raises(InputError) as info:
        kodo.evaluate(text + "\n" * 2 + "#" * MAX_BYTES)
    assert "larger than" in str(info.value)


@pytest.mark.parametrize(("start", "refused_"), [("2023-02-28", True), ("2023-03-01", False)])
def test_the_fifteenth_birthday_of_a_29_february_birth_is_the_day_the_age_says(
    start: str, refused_: bool
) -> None:
    from kodo.dates import age_on

    data = {"birth_date": "2008-02-29", "career": [{"kind": "research", "start": start}]}
    assert (age_on(dt.date(2008, 2, 29), dt.date.fromisoformat(start)) < WORK_AGE) is refused_
    if refused_:
        assert "career[0].start" in refused(data)
    else:
        parse_applicant(data)


@pytest.mark.parametrize(("birth", "refused_"), [("2010-01-02", True), ("2010-01-01", False)])
def test_a_degree_held_on_the_reference_date_before_the_age_of_15_is_refused(
    birth: str, refused_: bool
) -> None:
    data = {"date": "2025-01-01", "birth_date": birth, "degrees": [{"level": "doctorate"}]}
    if refused_:
        assert "degrees[0]" in refused(data)
    else:
        parse_applicant(data)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("annual_salary: 017", "annual_salary"),  # YAML 1.1: octal 15
        ("annual_salary: 1:40:00:00", "annual_salary"),  # YAML 1.1: base 60
        ("experience: {professional: 1:30}", "experience.professional"),
        ("employer: {sme: yes}", "employer.sme"),  # YAML 1.1: true
        ("employer: {sme: on}", "employer.sme"),
        ("annual_salary: 0x10", "annual_salary"),
        ("annual_salary: 9000000\n<<: {annual_salary: 5000000}", "<<"),  # merge key
        ("employer:\n  sme: true\n  <<: {sme: false}", "employer.<<"),
    ],
)
def test_yaml_is_read_with_the_core_schema_no_silent_1_1_values(text: str, field: str) -> None:
    with pytest.raises(InputError) as err:
        parse_applicant(read_document("date: 2026-01-01\n" + text))
    assert field in dict(err.value.problems)


def test_core_schema_numbers_and_booleans_still_read() -> None:
    doc = read_document("a: 6_000_000\nb: 4.5\nc: true\nd: False\ne: -1\nf: 1e3\ng: ~")
    assert doc == {"a": 6_000_000, "b": 4.5, "c": True, "d": False, "e": -1, "f": 1e3, "g": None}


# ------------------------------------------------------------------------------ names and children


@pytest.mark.parametrize(
    "names",
    [
        ["応用情報技術者試験", "応用情報技術者試験"],
        ["応用情報技術者試験", "応用情報技術者試験 "],
        ["応用情報技術者試験", "Applied Information Technology Engineer Examination"],
        ["Nurse", "NURSE"],
    ],
)
def test_one_licence_named_twice_is_refused_not_counted_twice(names: list[str]) -> None:
    assert refused({"licenses": names}) == {
        "licenses[1]": "is the same licence as licenses[0]: name each licence once"
    }


def test_different_licences_by_name_count_each() -> None:
    app = parse_applicant({"licenses": ["応用情報技術者試験", "基本情報技術者試験", "弁護士"]})
    assert app.license_count == 3


@pytest.mark.parametrize("name", ["\u200b", "\x1b[2J\x1b[31mEVIL", "Tokyo\u202eoykoT", "🎉", "!!"])
def test_a_name_that_would_control_the_terminal_or_has_no_letters_is_refused(name: str) -> None:
    found = refused({"licenses": [name], "degrees": [{"level": "master", "university": name}]})
    assert set(found) == {"licenses[0]", "degrees[0].university"}
    assert all("control" in m or "no letter" in m for m in found.values()), found


def test_a_child_is_born_after_the_applicant_and_not_after_the_date() -> None:
    base = {"date": "2026-11-21", "birth_date": "1990-01-01"}
    later = {**base, "household": {"children": [{"birth_date": "2027-05-01"}]}}
    assert "after the reference date" in refused(later)["household.children[0].birth_date"]
    older = {**base, "household": {"children": [{"birth_date": "1980-05-01"}]}}
    assert "applicant's birth date" in refused(older)["household.children[0].birth_date"]
