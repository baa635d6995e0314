"""The sources a result cites, listed once per result."""

from __future__ import annotations

from collections.abc import Iterable

from kodo.results.common import CitationRef, SourceInfo
from kodo.rules.book import RuleBook


def sources_of(
    book: RuleBook, citations: Iterable[CitationRef], lang: str
) -> dict[str, SourceInfo]:
    """Each source cited, with its title in ``lang`` where the data has one (else the
    official Japanese title) and its address."""
    out: dict[str, SourceInfo] = {}
    for c in citations:
        if c.source not in out:
            s = book.sources[c.source]
            out[c.source] = SourceInfo(s.title_en if lang == "en" else s.title_ja, s.url)
    return out
