"""The reason codes the engine gives every (category, item, person)."""

from __future__ import annotations

from enum import IntEnum


class Status(IntEnum):
    """Why an item has the points it has (``Scores.status``); ``Scores.detail`` says more."""

    AWARDED = 0
    NOT_CLAIMED = 1  # the fact is absent (0 / false): nothing to score
    BELOW_BAND = 2  # the fact is present but below the first scoring band
    NOT_IN_CATEGORY = 3  # claimed, but the item does not exist in this category
    EXCLUDED = 4  # claimed, but excluded because another item is awarded (detail: its row)
    REQUIRES = 5  # claimed, but needs another item that is not awarded (detail: its row)
    MISSING = 6  # a core fact it depends on is missing (detail: index in CORE_FACTS)
    CAPPED = 7  # awarded at the item's cap (detail: the count claimed)
    NOT_IN_FORCE = 8  # claimed, but the rule is not in force on the date
    UNKNOWN = 9  # cannot be decided from the facts given (e.g. a degree field absent)


STATUS_NAMES: tuple[str, ...] = tuple(s.name.lower() for s in Status)

# Plain ints for the hot path (enum attribute access is slow).
AWARDED, NOT_CLAIMED, BELOW_BAND, NOT_IN_CATEGORY = 0, 1, 2, 3
EXCLUDED, REQUIRES, MISSING, CAPPED, NOT_IN_FORCE, UNKNOWN = 4, 5, 6, 7, 8, 9
NO_SPECIAL = -1
