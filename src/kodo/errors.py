"""Errors kodo raises on purpose. Each carries messages meant for the user, in any language.

No error repeats more than a short excerpt of what the user wrote (:data:`EXCERPT`
characters): every text parameter of an :class:`InputError` and every field path are cut to
an excerpt when the error is made, whoever made it, so a long value, a long unknown key or a
free-text field never reaches a terminal or a log in full.
"""

from __future__ import annotations

from kodo.i18n import Message, Param, render

TOP = "(top level)"  # the field of a problem with the document as a whole
EXCERPT = 40  # the most characters of a value any error repeats
ELLIPSIS = "…"


class KodoError(Exception):
    """Base class: a message for the user, no traceback needed."""

    def render(self, lang: str = "en") -> str:
        return str(self)


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """``text`` cut to at most ``limit`` characters (an ellipsis marks the cut)."""
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


# Parameters that are kodo's or a parser's own sentence (which may quote a little of the
# document): twice the excerpt, so the quoted part stays within an excerpt.
_SENTENCES = frozenset({"problem", "reason"})


def _short_message(message: Message) -> Message:
    params = tuple(
        (k, _short(v, 2 * EXCERPT if k in _SENTENCES else EXCERPT)) for k, v in message.params
    )
    return Message(message.code, params) if message.params else message


def _short(value: Param, limit: int = EXCERPT) -> Param:
    if isinstance(value, str):
        return excerpt(value, limit)
    if isinstance(value, tuple):
        return tuple(_short(v) for v in value[:20])
    if isinstance(value, Message) and value.params:
        return Message(
            value.code,
            tuple(
                (k, _short(v, 2 * EXCERPT if k in _SENTENCES else EXCERPT)) for k, v in value.params
            ),
        )
    return value


def _short_field(field: str) -> str:
    """A field path with each part cut to an excerpt (an unknown key may be anything)."""
    if len(field) <= EXCERPT:
        return field
    return excerpt(".".join(excerpt(part) for part in field.split(".")), 2 * EXCERPT)


class InputError(KodoError):
    """The input is invalid. ``problems`` lists (field, message) pairs; ``str()`` is English.

    ``render(lang)`` gives the same report in another language.
    """

    def __init__(self, problems: list[tuple[str, Message]], source: str | None = None) -> None:
        super().__init__()
        self.problems = [(_short_field(f), _short_message(m)) for f, m in problems]
        self.source = source

    def __str__(self) -> str:  # rendered when asked for, so a later ``source`` shows too
        return self.render("en")

    def render(self, lang: str = "en") -> str:
        head = render(Message.of("input.invalid"), lang)
        source = self.source
        if source is not None and len(source) > 2 * EXCERPT:  # a path: its end names the file
            source = ELLIPSIS + source[1 - 2 * EXCERPT :]
        lines = [f"{source}: {head}" if source else head]
        lines += [
            f"  - {_field(field, lang)}: {render(problem, lang)}"
            for field, problem in self.problems
        ]
        return "\n".join(lines)


def _field(field: str, lang: str) -> str:
    return render(Message.of("input.top_level"), lang) if field == TOP else field


def input_error(field: str, code: str, source: str | None = None, **params: Param) -> InputError:
    """One problem: ``field`` and the catalogue message ``input.<code>``."""
    return InputError([(field, Message.of(f"input.{code}", **params))], source)
