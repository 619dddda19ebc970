"""Small-cell suppression for the open data, with complementary suppression so totals cannot give a
suppressed cell away.

A published count table is a cube: area (districts plus the city as their total) × age band (plus "all") ×
sex (plus "all"). Every line of the cube is additive: the districts add up to the city, the bands to "all",
the sexes to "all". Publishing the margins means an attacker holds one linear equation per line.

Primary suppression: every cell with 0 < n < k (k = settings.SUPPRESSION_K, default 10). Zeros are published
(no one to identify).

Complementary suppression, hypercube method (Giessing & Repsilber): for each primary cell (a, b, s) that is
not yet protected, choose one other level in each dimension (a', b', s') and suppress the 2 × 2 × 2 = 8
corners of that sub-cube, choosing the corners that suppress the fewest additional people and never a zero
(a corner that is 0 could only move one way). Along any line of the cube the two corners of a chosen
sub-cube can move by ±t together (opposite signs for two inner levels, the same sign when one is the line's
total), which keeps every published equation true; with every corner ≥ 1, t = ±1 is a valid alternative table.
So no suppressed cell's value is determined by the published cells and margins. The property tests check
exactly that with linear algebra, independent of this construction.

A valid sub-cube always exists: the one through the total levels has every corner ≥ the primary cell ≥ 1.
Should the margins be inconsistent and none be found, every positive cell is suppressed rather than leak.
"""

from __future__ import annotations

import itertools
from typing import Hashable, Sequence

Cell = tuple[Hashable, Hashable, Hashable]


CANDIDATES_PER_DIMENSION = 5


def suppress(values: dict[Cell, int], *, dims: Sequence[Sequence[Hashable]], totals: Sequence[Hashable],
             k: int) -> set[Cell]:
    """The cells to suppress. `values` holds every cell of the cube including margins; `dims` lists each
    dimension's levels including its total level, and `totals[i]` is dimension i's total level.

    For speed the other level of each dimension is sought among the `CANDIDATES_PER_DIMENSION` levels whose
    neighbouring cell (along that dimension) is smallest but positive, plus the total level; the sub-cube
    through the totals always qualifies (every total containing a positive cell is positive), so a valid
    choice always exists.
    """
    if k <= 1:
        return set()
    suppressed: set[Cell] = set()
    protected: set[Cell] = set()
    primaries = sorted((c for c, v in values.items() if 0 < v < k), key=lambda c: values[c])
    get = values.get
    for cell in primaries:
        if cell in protected:
            continue
        alternatives = []
        for i, dim in enumerate(dims):
            def neighbour(level, i=i):
                other = list(cell)
                other[i] = level
                return get(tuple(other), 0)
            ranked = sorted((lv for lv in dim if lv != cell[i] and neighbour(lv) > 0), key=neighbour)
            chosen = ranked[:CANDIDATES_PER_DIMENSION]
            if totals[i] != cell[i] and totals[i] not in chosen and neighbour(totals[i]) > 0:
                chosen.append(totals[i])
            alternatives.append(chosen)
        best: tuple[int, list[Cell]] | None = None
        for other in itertools.product(*alternatives):
            corners = [tuple(choice) for choice in itertools.product(*zip(cell, other))]
            cost = 0
            for corner in corners:
                v = get(corner, 0)
                if v <= 0:
                    cost = -1
                    break
                if corner not in suppressed:
                    cost += v
            if cost < 0:
                continue
            if best is None or cost < best[0]:
                best = (cost, corners)
        if best is None:  # cannot happen with consistent margins; suppress everything rather than leak
            suppressed.update(c for c, v in values.items() if v > 0)
            return suppressed
        suppressed.update(best[1])
        protected.update(best[1])
    return suppressed
