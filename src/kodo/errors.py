"""Errors kodo raises on purpose. Each carries a message meant for the user."""

from __future__ import annotations


class KodoError(Exception):
    """Base class: a message for the user, no traceback needed."""


class InputError(KodoError):
    """The applicant input is invalid. ``problems`` lists (field, problem) pairs."""

    def __init__(self, problems: list[tuple[str, str]], source: str | None = None) -> None:
        self.problems = problems
        self.source = source
        where = f"{source}: " if source else ""
        lines = [f"{where}invalid applicant input:"]
        lines += [f"  - {field}: {problem}" for field, problem in problems]
        super().__init__("\n".join(lines))
