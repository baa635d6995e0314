"""The official lists the points rules point to (designated universities, the SGU, the IT
notice, innovation-support measures, growth-field projects, foreign qualifications), bundled
as dated, sourced data files, and forgiving name matching on them (docs/lists.md).

>>> from kodo.lists import find
>>> find("UNIVERSITY OF TOKYO", "top_university").criteria
('ranking', 'sgu')
"""

from kodo.lists.claims import (
    Finding,
    licence_finding,
    licence_keys,
    measure_finding,
    same_licence,
    university_finding,
)
from kodo.lists.load import CRITERIA, ENV, Bundle, bundle, search_path
from kodo.lists.match import find, licence, measure, university
from kodo.lists.model import Entry, Hit, ListInfo, Match, NotOnList, OnList, Source

__all__ = [
    "CRITERIA",
    "ENV",
    "Bundle",
    "Entry",
    "Finding",
    "Hit",
    "ListInfo",
    "Match",
    "NotOnList",
    "OnList",
    "Source",
    "bundle",
    "find",
    "licence",
    "licence_finding",
    "licence_keys",
    "measure",
    "measure_finding",
    "same_licence",
    "search_path",
    "university",
    "university_finding",
]
