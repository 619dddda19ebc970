"""Plain-Python geometry on GeoJSON (RFC 7946, WGS84): enough for districts and venues without GEOS/PostGIS.

Point-in-polygon uses ray casting with holes; distances use the haversine formula.
"""

from __future__ import annotations

import math
from typing import Iterable, Sequence

EARTH_RADIUS_KM = 6371.0088
Ring = Sequence[Sequence[float]]


def _polygons(geometry: dict) -> list[list[Ring]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["coordinates"])
    raise ValueError(f"not a polygon geometry: {geometry['type']}")


def _in_ring(lon: float, lat: float, ring: Ring) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def contains(geometry: dict, lat: float, lon: float) -> bool:
    """True when (lat, lon) lies inside the polygon or multipolygon (holes excluded)."""
    for polygon in _polygons(geometry):
        if _in_ring(lon, lat, polygon[0]) and not any(_in_ring(lon, lat, hole) for hole in polygon[1:]):
            return True
    return False


def bbox(geometry: dict) -> tuple[float, float, float, float]:
    """(min_lon, min_lat, max_lon, max_lat)."""
    xs: list[float] = []
    ys: list[float] = []
    for polygon in _polygons(geometry):
        for x, y, *_ in polygon[0]:
            xs.append(x)
            ys.append(y)
    return min(xs), min(ys), max(xs), max(ys)


def centroid(geometry: dict) -> tuple[float, float]:
    """Area-weighted centroid (lat, lon) of the outer rings, in degrees (fine at city scale)."""
    total_area = cx = cy = 0.0
    for polygon in _polygons(geometry):
        ring = polygon[0]
        area = 0.0
        x_acc = y_acc = 0.0
        for i in range(len(ring) - 1):
            x0, y0 = ring[i][0], ring[i][1]
            x1, y1 = ring[i + 1][0], ring[i + 1][1]
            cross = x0 * y1 - x1 * y0
            area += cross
            x_acc += (x0 + x1) * cross
            y_acc += (y0 + y1) * cross
        area /= 2
        if area:
            cx += x_acc / 6
            cy += y_acc / 6
            total_area += area
    if not total_area:
        xs0, ys0, xs1, ys1 = bbox(geometry)
        return (ys0 + ys1) / 2, (xs0 + xs1) / 2
    return cy / total_area, cx / total_area


def area_km2(geometry: dict) -> float:
    """Approximate area with an equirectangular projection at the polygon's latitude."""
    total = 0.0
    for polygon in _polygons(geometry):
        for k, ring in enumerate(polygon):
            lat0 = math.radians(sum(p[1] for p in ring) / len(ring))
            pts = [
                (math.radians(p[0]) * EARTH_RADIUS_KM * math.cos(lat0), math.radians(p[1]) * EARTH_RADIUS_KM)
                for p in ring
            ]
            a = abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(pts, pts[1:]))) / 2
            total += a if k == 0 else -a
    return total


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def union_bbox(geometries: Iterable[dict]) -> tuple[float, float, float, float]:
    boxes = [bbox(g) for g in geometries]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
