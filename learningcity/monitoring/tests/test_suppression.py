"""Small-cell suppression: primary cells are hidden, and no hidden value can be derived from what is
published (checked with exact linear algebra, independently of how cells were chosen)."""

from __future__ import annotations

import itertools
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from learningcity.monitoring.suppression import suppress

T = "T"


def build(interior: dict) -> tuple[dict, tuple]:
    areas = sorted({a for a, _, _ in interior})
    bands = sorted({b for _, b, _ in interior})
    sexes = sorted({s for _, _, s in interior})
    dims = ([*areas, T], [*bands, T], [*sexes, T])
    values = {}
    for cell in itertools.product(*dims):
        values[cell] = sum(v for (a, b, s), v in interior.items()
                           if cell[0] in (a, T) and cell[1] in (b, T) and cell[2] in (s, T))
    return values, dims


def equations(dims) -> list[list]:
    """Each line of the cube: the inner levels minus the total level sum to zero."""
    eqs = []
    for axis in range(3):
        others = [d for i, d in enumerate(dims) if i != axis]
        for fixed in itertools.product(*others):
            def cell(level):
                c = list(fixed)
                c.insert(axis, level)
                return tuple(c)
            eqs.append([(cell(level), 1) for level in dims[axis] if level != T] + [(cell(T), -1)])
    return eqs


def determined(values: dict, hidden: set, dims) -> set:
    """Hidden cells whose value follows from the published cells (RREF over the hidden unknowns)."""
    unknowns = sorted(hidden)
    index = {c: i for i, c in enumerate(unknowns)}
    rows = []
    for eq in equations(dims):
        row = [Fraction(0)] * len(unknowns)
        touched = False
        for cell, coef in eq:
            if cell in index:
                row[index[cell]] += coef
                touched = True
        if touched:
            rows.append(row)
    pivots, r = [], 0
    for col in range(len(unknowns)):
        pivot = next((i for i in range(r, len(rows)) if rows[i][col] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        lead = rows[r][col]
        rows[r] = [x / lead for x in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][col] != 0:
                f = rows[i][col]
                rows[i] = [x - f * y for x, y in zip(rows[i], rows[r])]
        pivots.append((r, col))
        r += 1
    out = set()
    for row_i, col in pivots:
        if all(v == 0 for j, v in enumerate(rows[row_i]) if j != col):
            out.add(unknowns[col])
    return out


cubes = st.dictionaries(
    keys=st.tuples(st.sampled_from(["d1", "d2", "d3"]), st.sampled_from(["b1", "b2", "b3"]),
                   st.sampled_from(["M", "F"])),
    values=st.integers(min_value=0, max_value=40), min_size=1, max_size=18,
)


@settings(max_examples=150, deadline=None)
@given(cubes, st.integers(min_value=2, max_value=15))
def test_no_suppressed_value_can_be_derived(interior, k):
    values, dims = build(interior)
    hidden = suppress(values, dims=dims, totals=(T, T, T), k=k)
    primaries = {c for c, v in values.items() if 0 < v < k}
    assert primaries <= hidden
    # Every hidden cell is positive, so any direction in the null space keeps the table non-negative for a
    # small step: a value that is not determined by the equations cannot be pinned down by x ≥ 0 either.
    assert all(values[c] > 0 for c in hidden)
    assert determined(values, hidden, dims) == set()


def test_a_single_small_cell_takes_a_whole_sub_cube():
    interior = {("d1", "b1", "M"): 3, ("d1", "b1", "F"): 20, ("d1", "b2", "M"): 30, ("d1", "b2", "F"): 40,
                ("d2", "b1", "M"): 25, ("d2", "b1", "F"): 22, ("d2", "b2", "M"): 31, ("d2", "b2", "F"): 44}
    values, dims = build(interior)
    hidden = suppress(values, dims=dims, totals=(T, T, T), k=10)
    assert ("d1", "b1", "M") in hidden
    assert len(hidden) == 8
    assert determined(values, hidden, dims) == set()
    # Without complementary cells the small one is simply the total minus the rest.
    assert determined(values, {("d1", "b1", "M")}, dims) == {("d1", "b1", "M")}


def test_zeros_and_large_cells_are_published():
    values, dims = build({("d1", "b1", "M"): 0, ("d1", "b1", "F"): 50, ("d2", "b1", "M"): 60,
                          ("d2", "b1", "F"): 70})
    assert suppress(values, dims=dims, totals=(T, T, T), k=10) == set()
