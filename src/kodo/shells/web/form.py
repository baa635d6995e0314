"""The page's form (its questions are declared once, in ``form_spec.py``):

- ``form_context(lang, values)``: the context of ``templates/form.html`` in ``lang``;
- ``to_applicant(values)``: the answers (``degrees.0.level=master``) as the applicant format,
  checked by the library; an InputError names the form's field (``degrees.0.level``);
- ``error_list(exc, lang)``: each problem as ``{id, label, message}`` (id: the field's input).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kodo.errors import TOP, InputError, excerpt, input_error
from kodo.i18n import Message, render, sentences
from kodo.input.limits import MAX_TEXT
from kodo.input.read import parse_applicant
from kodo.input.types import parse_day
from kodo.rules import load_book
from kodo.shells.blocks import say
from kodo.shells.web.form_spec import SECTIONS, Help, Question, Repeat, Section

TRUE = frozenset({"on", "true"})  # a ticked checkbox
_INDEX = re.compile(r"0|[1-9][0-9]{0,5}")
_WHOLE = re.compile(r"-?[0-9]{1,15}|-?[0-9]{1,3}(,[0-9]{3}){1,4}")
_DECIMAL = re.compile(r"-?[0-9]{1,6}(\.[0-9]{1,6})?")
_LIBRARY_INDEX = re.compile(r"\[([0-9]+)\]")
INPUTMODE = {"int": "numeric", "yen": "numeric", "years": "decimal", "percent": "decimal"}


@dataclass(frozen=True)
class Where:
    """A question and where it is: its section and, in a list, the list."""

    section: Section
    question: Question
    repeat: Repeat | None = None

    @property
    def key(self) -> str:  # catalogue key: the path without a row index
        if self.question.kind == "none":  # "no degree": beside the list of the same path
            return f"{self.question.path}_none"
        return f"{self.repeat.path}.{self.question.path}" if self.repeat else self.question.path


def _index() -> dict[str, Where]:
    out: dict[str, Where] = {}
    for section in SECTIONS:
        for item in section.items:
            if isinstance(item, Repeat):
                for q in item.questions:
                    out[f"{item.path}.{q.path}"] = Where(section, q, item)
            else:
                out[item.path] = Where(section, item)
    return out


QUESTIONS = _index()  # key (``degrees.level``, ``annual_salary``) -> where
REPEATS = {r.path: r for s in SECTIONS for r in s.items if isinstance(r, Repeat)}


def field_id(name: str) -> str:
    """The input id of a form name: ``degrees.0.level`` -> ``f-degrees-0-level``."""
    return "f-" + name.replace(".", "-")


def help_id(name: str) -> str:
    return "h-" + name.replace(".", "-")


# ---- the answers as the applicant format ---------------------------------------------------


def locate(name: str) -> tuple[Where, int | None] | None:
    """The question an answer name is for, and its row (None: not a name of the form)."""
    head, _, rest = name.partition(".")
    repeat = REPEATS.get(head)
    if repeat is not None and rest:
        index, _, sub = rest.partition(".")
        where = QUESTIONS.get(f"{head}.{sub}")
        if where is None or not _INDEX.fullmatch(index):
            return None
        return where, int(index)
    found = QUESTIONS.get(name)
    return None if found is None or found.repeat else (found, None)


def _number(text: str) -> str:
    """The text as typed with full-width digits made plain and spaces, ¥ and 円 dropped."""
    plain = unicodedata.normalize("NFKC", text).strip()
    return plain.removeprefix("¥").removesuffix("円").replace(" ", "")


def parse_answer(name: str, q: Question, text: str) -> Any:
    """One answer as its applicant value, or InputError naming ``name``."""
    got = excerpt(repr(text))
    if q.kind == "date":
        return parse_day(text.strip(), name).isoformat()
    if q.kind in ("int", "yen"):
        plain = _number(text)
        if not _WHOLE.fullmatch(plain):
            raise input_error(name, "whole_number", got=got)
        return int(plain.replace(",", ""))
    if q.kind in ("years", "percent"):
        plain = _number(text)
        if not _DECIMAL.fullmatch(plain):
            raise input_error(name, "number", got=got)
        return float(plain) if "." in plain else int(plain)
    if q.kind in ("bool", "none"):
        if text.strip().lower() not in TRUE:
            raise input_error(name, "yes_no", got=got)
        return True
    if q.kind == "choice":
        if text.strip() not in q.choices:
            raise input_error(name, "one_of", expected=q.choices, got=got)
        return text.strip()
    return text.strip()


def _put(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for part in parents:
        data = data.setdefault(part, {})
    data[last] = value


def convert(values: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, list[int]]]:
    """The answers as the applicant format, and for each list the form row of each entry."""
    data: dict[str, Any] = {}
    rows: dict[str, dict[int, dict[str, Any]]] = {}
    problems: list[tuple[str, Message]] = []
    for name, text in values.items():
        if not text.strip():
            continue
        found = locate(name)
        if found is None:
            problems.append((name, Message.of("input.unknown_field")))
            continue
        where, index = found
        try:
            value = parse_answer(name, where.question, text)
        except InputError as exc:
            problems += exc.problems
            continue
        if where.repeat is None:
            if where.question.kind != "none":
                _put(data, where.question.path, value)
        elif index is not None and index >= where.repeat.limit:
            problems.append(
                (name, Message.of("input.too_many", limit=where.repeat.limit, got=index + 1))
            )
        elif index is not None:
            _put(
                rows.setdefault(where.repeat.path, {}).setdefault(index, {}),
                where.question.path,
                value,
            )
    if problems:
        raise InputError(problems)
    order = {path: sorted(got) for path, got in rows.items()}
    for path, got in rows.items():
        data[path] = [got[i] for i in order[path]]
    none = next(w for w in QUESTIONS.values() if w.question.kind == "none").question.path
    if values.get(none, "").strip():
        if data.get(none):
            raise InputError([(none, Message.of("form.error.none_and_rows"))])
        data[none] = []
    return data, order


def to_applicant(values: Mapping[str, str]) -> dict[str, Any]:
    """The answers as the applicant format (nested; lists in row order; blank answers left
    out; a ticked box is true). Checked by the library: an InputError names the form's field
    (``annual_salary``, ``degrees.2.level``) whatever the rows left blank in between."""
    data, order = convert(values)
    try:
        parse_applicant(data)
    except InputError as exc:
        raise InputError(
            [(form_path(f, order), _remap(m, order)) for f, m in exc.problems]
        ) from None
    return data


def form_path(path: str, order: Mapping[str, list[int]] | None = None) -> str:
    """A library field path (``degrees[1].level``) as the form's name (``degrees.3.level``
    when the second entry came from the fourth row)."""
    dotted = _LIBRARY_INDEX.sub(lambda m: "." + m.group(1), path)
    head, _, rest = dotted.partition(".")
    index, _, sub = rest.partition(".")
    if order and head in order and index.isdigit() and int(index) < len(order[head]):
        return ".".join(p for p in (head, str(order[head][int(index)]), sub) if p)
    return dotted


def _remap(message: Message, order: Mapping[str, list[int]]) -> Message:
    params = tuple(
        (k, form_path(v, order) if k == "other" and isinstance(v, str) else v)
        for k, v in message.params
    )
    return Message(message.code, params)


# ---- the form's context ----------------------------------------------------------------------


def label_text(where: Where, lang: str, day: dt.date | None = None) -> str:
    """A question's label in ``lang`` (a figure in it from the rules in force on ``day``)."""
    q, book = where.question, load_book()
    found = q.label_params(book, book.at(day or dt.date.today())) if q.label_params else {}
    return say(f"form.label.{where.key}", lang, **(found or {}))


class Context:
    """Renders the questions in one language on the rules of one date."""

    def __init__(self, lang: str, values: Mapping[str, str], day: dt.date) -> None:
        self.lang, self.values, self.day = lang, values, day
        self.book = load_book()

    def helps(self, helps: tuple[Help, ...]) -> str:
        snap = self.book.at(self.day)
        found = [m for m in (h.message(self.book, snap) for h in helps) if m is not None]
        return sentences([render(m, self.lang) for m in found], self.lang)

    def field(self, where: Where, name: str, value: str | None) -> dict[str, Any]:
        q = where.question
        own = q.help or (Help(f"form.help.{where.key}"),)
        text = "" if value is None else value
        choices = (
            [{"value": "", "text": say(f"form.blank.{where.key}", self.lang), "selected": not text}]
            if q.blank
            else []
        )
        choices += [
            {"value": c, "text": say(q.choice_code.format(c), self.lang), "selected": c == text}
            for c in q.choices
        ]
        return {
            "kind": q.kind,
            "name": name,
            "id": field_id(name),
            "help_id": help_id(name),
            "label": label_text(where, self.lang, self.day),
            "help": self.helps(own) or say("form.not_in_force", self.lang),
            "more": self.helps(q.more),
            "value": text,
            "checked": text.strip().lower() in TRUE,
            "choices": choices,
            "type": "date" if q.kind == "date" else "text",
            "maxlength": MAX_TEXT if q.kind == "text" else None,
            "inputmode": INPUTMODE.get(q.kind),
        }

    def row(self, repeat: Repeat, index: int, blank: bool) -> dict[str, Any]:
        fields = []
        for q in repeat.questions:
            name = f"{repeat.path}.{index}.{q.path}"
            value = None if blank else self.values.get(name)
            fields.append(self.field(QUESTIONS[f"{repeat.path}.{q.path}"], name, value))
        n = index + 1
        return {
            "index": index,
            "title": say(f"form.row.{repeat.path}", self.lang, n=n),
            "remove": say(f"form.remove.{repeat.path}", self.lang, n=n),
            "fields": fields,
        }

    def repeat(self, repeat: Repeat) -> dict[str, Any]:
        used = [loc[1] for name in self.values if (loc := locate(name)) and loc[0].repeat is repeat]
        count = min(max((i + 1 for i in used if i is not None), default=1), repeat.limit)
        return {
            "type": "list",
            "path": repeat.path,
            "title": say(f"form.list.{repeat.path}", self.lang),
            "help": self.helps(repeat.help),
            "help_id": f"h-list-{repeat.path}",
            "rows": [self.row(repeat, i, blank=False) for i in range(count)],
            "template": self.row(repeat, 0, blank=True),
            # without a script: one more blank row (each submission gives another)
            "spare": self.row(repeat, count, blank=True) if count < repeat.limit else None,
            "add": say(f"form.add.{repeat.path}", self.lang),
            "row_title": say(f"form.row.{repeat.path}", self.lang, n="{n}"),
            "remove_text": say(f"form.remove.{repeat.path}", self.lang, n="{n}"),
            "limit": repeat.limit,
        }

    def section(self, section: Section) -> dict[str, Any]:
        items: list[dict[str, Any]] = []
        for item in section.items:
            if isinstance(item, Repeat):
                items.append(self.repeat(item))
            else:
                where = QUESTIONS[item.path]
                items.append(
                    {"type": "field", **self.field(where, item.path, self.values.get(item.path))}
                )
        return {
            "id": f"s-{section.id}",
            "legend": say(f"form.section.{section.id}", self.lang),
            "intro": self.helps(section.intro),
            "intro_id": f"i-{section.id}",
            "questions": items,
        }


def rules_day(values: Mapping[str, str], today: dt.date) -> dt.date:
    """The date whose rules the help quotes: the application date if the rules cover it."""
    book = load_book()
    try:
        day = parse_day(values.get("date", "").strip(), "date")
    except InputError:
        return today
    return day if day >= book.coverage_from else today


def form_context(lang: str, values: Mapping[str, str], today: dt.date | None = None,
                 invalid: frozenset[str] = frozenset()) -> dict[str, Any]:  # fmt: skip
    """The context of ``templates/form.html``: the answers ``values`` in ``lang``; the inputs
    whose ids are in ``invalid`` marked so (the page without a script)."""
    today = today or dt.date.today()
    answers = dict(values)
    if not answers.get("date", "").strip():
        answers["date"] = today.isoformat()  # today counts as an answer
    ctx = Context(lang, answers, rules_day(answers, today))
    return {
        "lang": lang,
        "sections": [ctx.section(s) for s in SECTIONS],
        "more": say("form.more_summary", lang),
        "invalid": invalid,
    }


# ---- errors tied to the fields ---------------------------------------------------------------


def first_field(section: Section) -> str:
    item = section.items[0]
    if isinstance(item, Repeat):
        return f"{item.path}.0.{item.questions[0].path}"
    return item.path


def describe(path: str, lang: str) -> tuple[str, str]:
    """The input id and the label (in ``lang``) for a field path (a form name or a library
    path); a path with no input of its own points to its row, list or section."""
    name = form_path(path)
    found = locate(name)
    if found is not None:
        where, index = found
        text = label_text(where, lang)
        if where.repeat is not None and index is not None:
            title = say(f"form.row.{where.repeat.path}", lang, n=index + 1)
            text = say("form.row_field", lang, row=title, field=text)
            if index >= where.repeat.limit:  # no such row on the page: the list's first
                name = f"{where.repeat.path}.0.{where.repeat.questions[0].path}"
        return field_id(name), text
    head, _, rest = name.partition(".")
    row = rest.partition(".")[0]
    repeat = REPEATS.get(head)
    if repeat is not None:  # the list, a row, or a field of a row the form does not ask
        n = int(row) if _INDEX.fullmatch(row) and int(row) < repeat.limit else 0
        first = f"{head}.{n}.{repeat.questions[0].path}"
        if row.isdigit():
            return field_id(first), say(f"form.row.{head}", lang, n=n + 1)
        return field_id(first), say(f"form.list.{head}", lang)
    for where in QUESTIONS.values():  # a part the form asks about in a section
        if where.key.startswith(head + ".") and where.repeat is None:
            return field_id(first_field(where.section)), say(
                f"form.section.{where.section.id}", lang
            )
    first = first_field(SECTIONS[0])
    if path == TOP:
        return field_id(first), say("input.top_level", lang)
    return field_id(first), excerpt(path)


def error_list(exc: InputError, lang: str) -> list[dict[str, str]]:
    """Each problem as ``{id, label, message}``: the input to go to, the question's label
    (with its row), the message in ``lang`` (a sibling field it names, by its label)."""
    out = []
    for path, message in exc.problems:
        ident, text = describe(path, lang)
        params = tuple(
            (k, describe(v, lang)[1] if k == "other" and isinstance(v, str) else v)
            for k, v in message.params
        )
        out.append(
            {"id": ident, "label": text, "message": render(Message(message.code, params), lang)}
        )
    return out
