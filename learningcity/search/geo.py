"""Distance search without a geo engine: grid cells as index terms, and a circle covered by cells.

Every located run carries the cell it lies in at each of `LEVELS` (a square grid in degrees, each level four
times finer). A circle is covered by cells: those wholly inside it match every run they hold; those on its
edge hold runs that may be in or out, and their exact distance is checked (`selectors`), so the radius is
exact, not the grid's approximation. The finest level used is chosen so the cover is a few hundred cells at
most whatever the radius (every term costs a dictionary lookup per search).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

from learningcity.core.geo import EARTH_RADIUS_KM

# Cell side in degrees per level: 0.32° (~35 km) down to 0.00125° (~120 m).
LEVELS = (0.32, 0.08, 0.02, 0.005, 0.00125)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def cell_key(level: int, i: int, j: int) -> str:
    return f"{level}:{i}:{j}"


def cells_of(lat: float, lon: float) -> list[str]:
    """The cell terms of a point, one per level."""
    return [cell_key(level, math.floor(lat / size), math.floor(lon / size)) for level, size in enumerate(LEVELS)]


KM_PER_DEG_LAT = 110.574


@dataclass
class Cover:
    """Cells wholly inside the circle, and cells on its edge (runs there need an exact check)."""

    inside: list[str] = field(default_factory=list)
    edge: list[str] = field(default_factory=list)


def finest_level(radius_km: float) -> int:
    """The finest level whose cells are at most about a twentieth of the radius: a thin edge (about a tenth
    of the circle's runs get the exact check) in a couple of hundred cells."""
    for level in range(len(LEVELS) - 1, -1, -1):
        if LEVELS[level] * 111.0 * 20 >= radius_km:
            return level
    return 0


def _start_level(radius_km: float) -> int:
    """The finest level whose cells are at least the radius: a handful of cells to start from."""
    for level in range(len(LEVELS) - 1, -1, -1):
        if LEVELS[level] * 111.0 >= radius_km:
            return level
    return 0


def _spans(lat: float, lon: float, r_in: float, r_out: float, level: int, kx: float, ky: float):
    """Per row of cells at `level`: (i, inside j-range or None, touching j-range). A flat projection around the
    centre decides; each row needs two square roots, not a test per cell."""
    size = LEVELS[level]
    rows = range(math.floor((lat - r_out / ky) / size), math.floor((lat + r_out / ky) / size) + 1)
    for i in rows:
        y0, y1 = (i * size - lat) * ky, ((i + 1) * size - lat) * ky
        near = 0.0 if y0 <= 0 <= y1 else min(abs(y0), abs(y1))
        far = max(abs(y0), abs(y1))
        if near >= r_out:
            continue
        w_out = math.sqrt(r_out * r_out - near * near) / kx
        touching = (math.floor((lon - w_out) / size), math.floor((lon + w_out) / size))
        inside = None
        if far < r_in:
            w_in = math.sqrt(r_in * r_in - far * far) / kx
            first, last = math.ceil((lon - w_in) / size), math.floor((lon + w_in) / size) - 1
            if first <= last:
                inside = (first, last)
        yield i, inside, touching


def _minus(span: tuple[int, int], hole: tuple[int, int] | None) -> list[tuple[int, int]]:
    """The parts of an inclusive range outside another: none, one or two ranges."""
    a, b = span
    if hole is None or hole[1] < a or hole[0] > b:
        return [(a, b)]
    return [(x, y) for x, y in ((a, hole[0] - 1), (hole[1] + 1, b)) if x <= y]


@lru_cache(maxsize=2048)
def circle_cover(lat: float, lon: float, radius_km: float) -> Cover:
    """Cover the circle with cells: the coarsest that fit inside, the finest level along the edge.

    Row by row at each level, a cell is emitted as inside when it lies wholly within the circle and its
    parent does not; at the finest level the cells the circle's edge passes through are emitted as edge.
    The flat projection is off by well under 1 % at these distances: a 1 % margin keeps "inside" truly
    inside and never drops a cell that reaches into the circle (edge cells are checked exactly later).
    """
    cover = Cover()
    last = finest_level(radius_km)
    kx = KM_PER_DEG_LAT * math.cos(math.radians(lat))  # km per degree of longitude here
    ky = KM_PER_DEG_LAT
    r_in, r_out = radius_km * 0.99, radius_km * 1.01
    parent_inside: dict[int, tuple[int, int]] = {}
    for level in range(0, last + 1):
        factor = round(LEVELS[level - 1] / LEVELS[level]) if level else 1
        current: dict[int, tuple[int, int]] = {}
        for i, inside, touching in _spans(lat, lon, r_in, r_out, level, kx, ky):
            parent = parent_inside.get(i // factor) if level else None
            covered = (parent[0] * factor, parent[1] * factor + factor - 1) if parent else None
            if inside:
                current[i] = inside
                for a, b in _minus(inside, covered):
                    cover.inside.extend(cell_key(level, i, j) for j in range(a, b + 1))
            if level == last:
                # Inside cells always contain the covered ones (a parent inside means its children are).
                for a, b in _minus(touching, inside or covered):
                    cover.edge.extend(cell_key(level, i, j) for j in range(a, b + 1))
        parent_inside = current
    return cover
