"""Errors kodo raises on purpose. Each carries messages meant for the user, in any language."""

from __future__ import annotations

from kodo.i18n import Message, Param, render

TOP = "(top level)"  # the field of a problem with the document as a whole


class KodoError(Exception):
    """Base class: a message for the user, no traceback needed."""

    def render(self, lang: str = "en") -> str:
        return str(self)


class InputError(KodoError):
    """The input is invalid. ``problems`` lists (field, message) pairs; ``str()`` is English.

    ``render(lang)`` gives the same report in another language.
    """

    def __init__(self, problems: list[tuple[str, Message]], source: str | None = None) -> None:
        super().__init__()
        self.problems = problems
        self.source = source

    def __str__(self) -> str:  # rendered when asked for, so a later ``source`` shows too
        return self.render("en")

    def render(self, lang: str = "en") -> str:
        head = render(Message.of("input.invalid"), lang)
        lines = [f"{self.source}: {head}" if self.source else head]
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
