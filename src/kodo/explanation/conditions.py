"""Conditions attached to rule versions that the facts cannot show (rule data ``condition``):
a claim scored under such a version carries a warning naming the condition."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from kodo.explanation.row import item_label
from kodo.i18n import Message
from kodo.rules.book import Snapshot


def condition_messages(
    snapshot: Snapshot, item_ids: Iterable[str], day: dt.date
) -> list[tuple[str, Message]]:
    """(item id, warning) for each of ``item_ids`` (items that scored on ``day``) whose rule
    version in ``snapshot`` has a condition."""
    out = []
    for item_id in item_ids:
        version = snapshot.version(item_id)
        if version.condition:
            msg = Message.of(
                f"warning.condition.{version.condition}",
                label=item_label(item_id),
                day=day,
                until=version.effective_to,
            )
            out.append((item_id, msg))
    return out
