"""All bonus items at once, from the registry's claims and the rule data's dependencies.

Claims give a (B, n) matrix (every yes/no claim in one step); category membership,
requirements (``requires``) and exclusions (``excluded_by``, with an optional fact column
``when`` and an optional interpretation option) come from the rule data and are applied in
dependency order: only the few bonus rules that have dependencies are sequential, and only
when someone claims them.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from kodo.engine.columns import Columns
from kodo.engine.status import EXCLUDED, NOT_IN_FORCE, REQUIRES, UNKNOWN
from kodo.engine.tables import Tables
from kodo.engine.work import Work
from kodo.options import Options

IntArr = NDArray[np.int64]


def score_bonuses(w: Work, cols: Columns, t: Tables, opts: Options) -> None:
    """Write the bonus rows of the work arrays."""
    n = cols.n
    qualifies = np.zeros((len(t.bonuses), n), dtype=np.bool_)
    if len(t.flag_index):
        qualifies[t.flag_index] = cols.blocks["b"][t.flag_rows]
    claims_of: list[tuple[int, NDArray[np.bool_]]] = []  # (bonus, claimed) unlike qualifies
    multipliers = []
    for b in t.other_index:
        rule = t.bonuses[b]
        assert rule.item.claim is not None
        claim = rule.item.claim(cols, rule.rule, opts)
        qualifies[b] = claim.qualifies
        row = rule.row
        if claim.claimed is not None:
            claims_of.append((b, claim.claimed))
        if claim.detail is not None:
            w.fit("detail", claim.detail)
            w.detail[:, row] = claim.detail
        for option, hit in (claim.depends or {}).items():
            hit3 = hit & t.exists[:, row, None]
            w.depends[option] = w.depends[option] | hit3 if option in w.depends else hit3
        if claim.unknown is not None and np.count_nonzero(claim.unknown):
            w.mark(row, claim.unknown & t.exists[:, row, None], UNKNOWN)
        if claim.multiplier is not None:
            multipliers.append((b, claim.multiplier))
    # Claimed = qualifies, but for the claims that say otherwise (written only now that every
    # row of ``qualifies`` is: a copy taken earlier would hold unwritten rows).
    claimed = qualifies
    if claims_of:
        claimed = qualifies.copy()
        for b, given in claims_of:
            claimed[b] = given
    for dst, src in t.fast.bonus_runs:  # slices: a fancy assignment is slow
        w.claimed[:, dst] = claimed[src]
    for row, value in t.off:  # claimed, but the rule is not in force on the date
        claim_fn = t.registry.items[row].claim
        assert claim_fn is not None
        claim = claim_fn(cols, value, opts)
        if np.count_nonzero(claim.qualifies):
            w.claimed[:, row] = claim.qualifies
            w.mark(row, claim.qualifies, NOT_IN_FORCE)
    pts = t.fast.bonus_points[:, :, None] * qualifies  # (3, B, n): zero outside a category
    index = t.bonus_index

    def awarded(row: int) -> IntArr:
        b = index.get(row)
        out: IntArr = w.points[:, row] if b is None else pts[:, b]
        return out

    for b in t.dependent_index:
        rule = t.bonuses[b]
        row_ok = qualifies[b] & t.bonus_member[:, b, None]
        if not np.count_nonzero(row_ok):
            continue  # nobody claims it: nothing to require or exclude
        for req in rule.requires:
            lacking = row_ok & (awarded(req) == 0)
            if np.count_nonzero(lacking):
                w.mark(rule.row, lacking, REQUIRES, req)
                row_ok = row_ok & ~lacking
        for ex_row, when, opt in rule.excluded_by:
            hit = row_ok & (awarded(ex_row) > 0)
            if when is not None:
                hit = hit & cols[when]
            if opt is not None:
                name, chosen = opt
                w.depends[name] = w.depends[name] | hit if name in w.depends else hit
                if getattr(opts, name) != chosen:
                    continue
            if np.count_nonzero(hit):
                w.mark(rule.row, hit, EXCLUDED, ex_row)
                row_ok = row_ok & ~hit
        pts[:, b] = row_ok * rule.rule.points
    for b, multiplier in multipliers:
        times = pts[:, b] * multiplier
        w.fit("points", times)
        pts = pts.astype(w.points.dtype, copy=False)
        pts[:, b] = times
    for dst, src in t.fast.bonus_runs:
        w.points[:, dst] = pts[:, src]
