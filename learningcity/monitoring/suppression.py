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

If no valid sub-cube exists for a primary cell (a line with too few positive cells), the whole area slice is
suppressed, which is the safe fallback.
"""

from __future__ import annotations

import itertools
from typing import Hashable, Sequence

Cell = tuple[Hashable, Hashable, Hashable]


def suppress(values: dict[Cell, int], *, dims: Sequence[Sequence[Hashable]], totals: Sequence[Hashable],
             k: int) -> set[Cell]:
    """The cells to suppress. `values` holds every cell of the cube including margins; `dims` lists each
    dimension's levels including its total level, and `totals[i]` is dimension i's total level."""
    if k <= 1:
        return set()
    suppressed: set[Cell] = set()
    protected: set[Cell] = set()
    primaries = sorted((c for c, v in values.items() if 0 < v < k), key=lambda c: values[c])
    for cell in primaries:
        if cell in protected:
            continue
        best: tuple[int, list[Cell]] | None = None
        alternatives = [[level for level in dim if level != cell[i]] for i, dim in enumerate(dims)]
        for other in itertools.product(*alternatives):
            corners = [tuple(choice) for choice in itertools.product(*zip(cell, other))]
            cost = 0
            for corner in corners:
                v = values.get(corner, 0)
                if v <= 0:
                    cost = -1
                    break
                if corner not in suppressed:
                    cost += v
            if cost < 0:
                continue
            if best is None or cost < best[0]:
                best = (cost, corners)
        if best is None:
            slice_cells = [c for c in values if c[0] == cell[0]]
            suppressed.update(c for c in slice_cells if values[c] > 0)
            protected.update(slice_cells)
            continue
        suppressed.update(best[1])
        protected.update(best[1])
    return suppressed
