"""No error repeats free text (name, notes, id, an employer's name) at all, or more than a
short excerpt (kodo.errors.EXCERPT characters) of any other value: a distinctive value is
planted in each field and on each error path, and every rendering (the Python API's
exception in en/ja/zh, the CLI's stderr) is searched for it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import kodo
from kodo.errors import EXCERPT, InputError
from kodo.input.limits import MAX_BYTES, MAX_NOTES, MAX_TEXT
from kodo.input.read import parse_applicant, read_document

KODO = str(Path(sys.executable).parent / "kodo")
SECRET = "SECRET-" + "k9" * 60  # distinctive, longer than any excerpt
LANGS = ("en", "ja", "zh")


def leaks(text: str, planted: str = SECRET, free: bool = False) -> bool:
    """True when ``text`` shows more than an excerpt of ``planted`` (any part, if ``free``)."""
    if free:
        return planted[:7] in text or planted[7:27] in text
    return any(planted[i : i + EXCERPT + 1] in text for i in range(len(planted) - EXCERPT))


def error_texts(call: Any) -> list[str]:
    with pytest.raises(InputError) as info:
        call()
    return [info.value.render(lang) for lang in LANGS] + [str(info.value)]


BASE: dict[str, Any] = {
    "date": "2026-11-21",
    "birth_date": "1990-04-02",
    "degrees": [{"level": "master"}],
    "annual_salary": 6_000_000,
}

# Free-text fields: too long, or the wrong type, the value is never shown.
FREE = [
    ({"name": SECRET * 2}, "name"),
    ({"id": SECRET * 2}, "id"),
    ({"notes": SECRET * (MAX_NOTES // len(SECRET) + 1)}, "notes"),
    ({"employers": [{"from": "2020-01-01", "name": SECRET * 2}]}, "employers[0].name"),
    ({"name": [SECRET]}, "name"),
    ({"notes": {"x": SECRET}}, "notes"),
]
# Other values: at most an excerpt.
VALUES = [
    {"annual_salary": SECRET},
    {"date": SECRET},
    {"birth_date": SECRET[:10]},
    {"category": SECRET},
    {"degrees": [{"level": SECRET}]},
    {"degrees": [{"level": "master", "field": SECRET * 2}]},
    {"japanese": {"jlpt": SECRET}},
    {"experience": {"research": SECRET}},
    {"statuses": [{"status": SECRET, "from": "2020-01-01"}]},
    {SECRET: SECRET},
    {"employer": {SECRET: 1}},
    {"degrees": [{"level": "master", SECRET: True}]},
    {"position": SECRET},
]


@pytest.mark.parametrize(("facts", "field"), FREE)
def test_free_text_is_never_repeated(facts: dict[str, Any], field: str) -> None:
    assert MAX_TEXT < len(SECRET) * 2
    for text in error_texts(lambda: kodo.evaluate({**BASE, **facts})):
        assert field in text
        assert not leaks(text, free=True), text


@pytest.mark.parametrize("facts", VALUES)
def test_any_other_value_is_shown_as_an_excerpt_at_most(facts: dict[str, Any]) -> None:
    for text in error_texts(lambda: kodo.evaluate({**BASE, **facts})):
        assert not leaks(text), text
    for doc in (json.dumps({**BASE, **facts}), _yaml({**BASE, **facts})):
        for text in error_texts(lambda: parse_applicant(read_document(doc))):  # noqa: B023
            assert not leaks(text), text


def _yaml(data: dict[str, Any]) -> str:
    import yaml

    return str(yaml.safe_dump(data, width=10_000))


DOCUMENTS = [
    "name: '" + SECRET + "'\nnotes: " + "x" * MAX_BYTES,  # oversize
    "name: " + SECRET + "\ndate: [2026\n",  # bad YAML near it
    "notes: " + SECRET + "\n  bad: : :\n",
    "name: !" + SECRET + " x\n",  # an unknown tag quotes the tag
    "x: !!python/object:" + SECRET + " {}\n",
    '{"name": "' + SECRET + '", "date": ',  # bad JSON near it
    '{"name": "' + SECRET + '", "x": 1' + "0" * 5000 + "}",  # a number no type can hold
    "name: " + SECRET + "\nname: " + SECRET + "\n",  # duplicate key
    "a: &" + SECRET + " 1\nb: *" + SECRET + "\n",  # alias
    SECRET + ": " + "[" * 50 + "]" * 50,  # too deep
    '{"' + SECRET + '": ' + "[" * 50 + "]" * 50 + "}",
    "\x00" + SECRET,
]


@pytest.mark.parametrize("doc", DOCUMENTS, ids=range(len(DOCUMENTS)))
def test_documents_that_cannot_be_read_are_not_repeated(doc: str) -> None:
    for text in error_texts(lambda: parse_applicant(read_document(doc, "f.yaml"), "f.yaml")):
        assert not leaks(text), text


@pytest.mark.parametrize("doc", DOCUMENTS[1:], ids=range(1, len(DOCUMENTS)))
def test_documents_given_to_the_api_as_text_are_not_repeated(doc: str) -> None:
    for text in error_texts(lambda: kodo.evaluate(doc + "\n")):
        assert not leaks(text), text


def test_options_and_languages_given_to_the_api_are_excerpts() -> None:
    texts = error_texts(lambda: kodo.evaluate(BASE, options={"past_rules": SECRET}))
    texts += error_texts(lambda: kodo.evaluate(BASE, options={SECRET: "x"}))
    texts += error_texts(lambda: kodo.evaluate(BASE, lang=SECRET))
    for text in texts:
        assert not leaks(text), text


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([KODO, *args], input=stdin, capture_output=True, text=True, timeout=60)


CLI_DOCS = [
    ({**BASE, "name": SECRET * 2}, True),
    ({**BASE, "notes": SECRET * (MAX_NOTES // len(SECRET) + 1)}, True),
    ({**BASE, "annual_salary": SECRET}, False),
    ({**BASE, SECRET: 1}, False),
    ({**BASE, "date": SECRET}, False),
]


@pytest.mark.parametrize(("case", "data", "free"), [(i, *c) for i, c in enumerate(CLI_DOCS)])
def test_the_cli_stderr_does_not_repeat_planted_values(
    tmp_path: Path, case: int, data: dict[str, Any], free: bool
) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps(data))
    lang = LANGS[case % len(LANGS)]  # each language in turn (the API test renders all three)
    r = run("evaluate", str(path), "--lang", lang)
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert not leaks(r.stderr + r.stdout, free=free), r.stderr


def test_the_cli_stderr_does_not_repeat_options_or_bad_documents(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(_yaml(BASE))
    bad = tmp_path / "b.yaml"
    bad.write_text(DOCUMENTS[1])
    for args, stdin in [
        (("evaluate", str(path), "--date", SECRET), None),
        (("evaluate", str(path), "--option", SECRET), None),
        (("evaluate", str(path), "--option", f"past_rules={SECRET}"), None),
        (("evaluate", str(bad)), None),
        (("evaluate", "-"), DOCUMENTS[3]),
        (("evaluate", "-"), DOCUMENTS[0]),
    ]:
        r = run(*args, stdin=stdin)
        assert r.returncode == 2 and "Traceback" not in r.stderr, (args[-1][:20], r.stderr)
        assert not leaks(r.stderr + r.stdout), r.stderr
