"""All bonus items at once, from the registry's claims and the rule data's dependencies.

Claims give a (B, n) matrix; category membership, requirements (``requires``) and exclusions
(``excluded_by``, with an optional fact column ``when`` and an optional interpretation option)
come from the rule data and are applied in dependency order: only the few bonus rules that
have dependencies are sequential, and only when someone claims them.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from kodo.engine.columns import Columns
from kodo.engine.status import EXCLUDED, NO_SPECIAL, NOT_IN_FORCE, REQUIRES, UNKNOWN
from kodo.engine.tables import Tables
from kodo.options import Options

IntArr = NDArray[np.int64]
BoolArr = NDArray[np.bool_]


def score_bonuses(
    points: IntArr,
    claimed: BoolArr,
    special: NDArray[np.int8],
    detail: IntArr,
    depends: dict[str, BoolArr],
    cols: Columns,
    t: Tables,
    opts: Options,
) -> None:
    """Write the bonus rows of ``points``, ``claimed``, ``special`` and ``detail``."""
    n = cols.n
    items = t.registry.items
    rows = t.bonus_rows
    qualifies = np.zeros((len(t.bonuses), n), dtype=np.bool_)
    multipliers = []
    for b, rule in enumerate(t.bonuses):
        assert rule.item.claim is not None
        claim = rule.item.claim(cols, rule.rule, opts)
        qualifies[b] = claim.qualifies
        row = rule.row
        claimed[:, row] = claim.qualifies if claim.claimed is None else claim.claimed
        if claim.detail is not None:
            detail[:, row] = claim.detail
        for option, rows_hit in claim.depends.items():
            hit = np.broadcast_to(rows_hit, (3, n)) & t.exists[:, row, None]
            depends[option] = depends[option] | hit if option in depends else hit
        if claim.unknown is not None and claim.unknown.any():
            special[:, row, claim.unknown] = UNKNOWN
        if claim.multiplier is not None:
            multipliers.append((b, claim.multiplier))
    for row, value in t.off:  # claimed, but the rule is not in force on the date
        claim = items[row].claim(cols, value, opts)  # type: ignore[misc]
        claimed[:, row] = claim.qualifies
        special[:, row] = np.where(claim.qualifies, NOT_IN_FORCE, NO_SPECIAL)
    ok = qualifies[None, :, :] & t.bonus_member[:, :, None]  # (3, B, n)
    pts = ok * t.bonus_points[:, None]
    index = {rule.row: b for b, rule in enumerate(t.bonuses)}

    def awarded(row: int) -> IntArr:
        b = index.get(row)
        out: IntArr = points[:, row] if b is None else pts[:, b]
        return out

    for b, rule in enumerate(t.bonuses):
        if not (rule.requires or rule.excluded_by):
            continue
        row_ok = ok[:, b]
        if not row_ok.any():
            continue  # nobody claims it: nothing to require or exclude
        for req in rule.requires:
            lacking = row_ok & (awarded(req) == 0)
            special[:, rule.row][lacking] = REQUIRES
            detail[:, rule.row][lacking] = req
            row_ok = row_ok & ~lacking
        for ex_row, when, opt in rule.excluded_by:
            hit = row_ok & (awarded(ex_row) > 0)
            if when is not None:
                hit = hit & cols[when].astype(np.bool_)
            if opt is not None:
                name, chosen = opt
                depends[name] = depends[name] | hit if name in depends else hit
                if getattr(opts, name) != chosen:
                    continue
            special[:, rule.row][hit] = EXCLUDED
            detail[:, rule.row][hit] = ex_row
            row_ok = row_ok & ~hit
        ok[:, b] = row_ok
        pts[:, b] = row_ok * rule.rule.points
    for b, multiplier in multipliers:
        pts[:, b] = pts[:, b] * multiplier
    points[:, rows] = pts
