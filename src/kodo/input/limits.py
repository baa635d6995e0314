"""The limits of what kodo reads (docs/limits.md): far beyond any real applicant, small
enough that reading, validating and evaluating any accepted input takes bounded time and
memory. Every error about a limit quotes the limit from here."""

from __future__ import annotations

MAX_BYTES = 1 << 20  # one document: 1 MiB (a real applicant file is a few KB)
MAX_DEPTH = 20  # nesting of mappings and lists (a real file nests 4 deep)
MAX_VALUES = 20_000  # values in one document, all levels together (every list full: about 4,000)
MAX_DEGREES = 20  # degrees[]
MAX_PERIODS = 200  # each dated list: career, salaries, japanese_tests, employers, statuses, …
MAX_NAMES = 50  # a list of names: licences, measures
MAX_TEXT = 200  # a short text: id, name, a degree's field, an employer's name
MAX_NOTES = 10_000  # notes
MAX_SHOWN = 20  # problems listed in one error (the rest are counted)
