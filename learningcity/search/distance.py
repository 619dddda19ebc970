"""The exact distance filter, against the index: which runs lie within the radius.

A circle is covered by grid cells (`geo.circle_cover`): runs in inside cells are within the radius, runs in
edge cells may be in or out. The cells alone are a superset, so every exact answer starts from them and
removes the edge runs that lie outside:

- `cell_hits` and `Circle.keep`: when a search's runs in the circle's cells are few (at most `EXACT_LIMIT`),
  fetch them all, check each one's coordinates, and keep those within. One index query answers the page and the count.
  This is the usual case: text and a couple of filters inside a few kilometres.
- `exact_filter`: a query for "within the radius" that other queries combine with (facet counts, the
  fallbacks when all words find nothing). The edge runs that also match the search's text and its fixed
  filters are checked one by one and the locations of those outside are excluded. Only when those are many (a
  common word over a wide circle) are the edge *locations* checked instead (a terms aggregation of
  venues), which costs more per search but stays bounded by the number of venues.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import tantivy
from tantivy import Occur, Query

from learningcity.core.geo import EARTH_RADIUS_KM
from learningcity.search.documents import location_key
from learningcity.search.geo import Cover, haversine_km
from learningcity.search.query import any_of, cells_query, combine
from learningcity.search.schema import SCHEMA

EXACT_LIMIT = 4000  # runs in a circle's cells checked one by one; more go the way of the location check
MAX_EDGE_LOCATIONS = 65_000  # tantivy's bucket limit; an edge ring of a 100 km circle holds far fewer venues


# Within this radius a flat projection around the centre is off by well under 1 % (the longitude scale
# changes by 0.3 % over 25 km at Seoul's latitude), so points clearly inside or outside skip the haversine.
FLAT_MAX_KM = 25.0
FLAT_MARGIN = 0.02


@dataclass
class Circle:
    lat: float
    lon: float
    radius_km: float
    cover: Cover

    def __post_init__(self) -> None:
        km_per_degree = math.pi * EARTH_RADIUS_KM / 180
        self._ky = km_per_degree
        self._kx = km_per_degree * math.cos(math.radians(self.lat))
        self._inner2 = (self.radius_km * (1 - FLAT_MARGIN)) ** 2
        self._outer2 = (self.radius_km * (1 + FLAT_MARGIN)) ** 2 if self.radius_km <= FLAT_MAX_KM else math.inf

    def cells(self) -> Query | None:
        """Every cell the circle reaches: a superset of the runs within it."""
        return cells_query(self.cover.inside + self.cover.edge)

    def holds(self, lat: float | None, lon: float | None) -> bool:
        """Whether the point lies within the radius (the haversine distance decides; see FLAT_MAX_KM)."""
        if lat is None or lon is None:
            return False
        if self._outer2 != math.inf:
            dx, dy = (lon - self.lon) * self._kx, (lat - self.lat) * self._ky
            d2 = dx * dx + dy * dy
            if d2 <= self._inner2:
                return True
            if d2 > self._outer2:
                return False
        return haversine_km(self.lat, self.lon, lat, lon) <= self.radius_km

    def keep(self, searcher: tantivy.Searcher, addresses: list) -> list:
        """`addresses` of runs within the circle, in their order (coordinates from the fast fields)."""
        if not addresses:
            return []
        lats = searcher.fast_field_values("lat", addresses)
        lons = searcher.fast_field_values("lon", addresses)
        return [a for a, la, lo in zip(addresses, lats, lons) if self.holds(la, lo)]


def _all_hits(searcher: tantivy.Searcher, query: Query, limit: int, **order) -> tuple[int, list]:
    found = searcher.search(query, max(limit, 1), count=True, **order)  # tantivy wants a limit of 1 or more
    return found.count, [address for _, address in found.hits]


def cell_hits(searcher: tantivy.Searcher, query: Query, *, order: dict) -> list | None:
    """The addresses of every run matching `query` (which holds `circle.cells()`: a superset of the circle),
    in the search's order; None when there are more than `EXACT_LIMIT` of them. `Circle.keep` or a
    nearest-first sort then checks each one."""
    count, addresses = _all_hits(searcher, query, EXACT_LIMIT, **order)
    return None if count > EXACT_LIMIT else addresses


def exact_filter(searcher: tantivy.Searcher, circle: Circle, *, text: Query | None,
                 fixed: list[Query]) -> Query:
    """Runs within the circle, exactly, for any query that also requires `text` and every one of `fixed`
    (the filters no count ever leaves out). Queries without them must ask for their own."""
    cells = circle.cells()
    if cells is None:
        return Query.empty_query()
    edge = cells_query(circle.cover.edge)
    if edge is None:
        return cells
    # Scores are not needed to find the edge runs: a constant score spares BM25 on every candidate.
    candidates = Query.const_score_query(combine(text, fixed + [edge]), 0.0)
    count, addresses = _all_hits(searcher, candidates, EXACT_LIMIT)
    if count > EXACT_LIMIT:
        return _by_locations(searcher, circle, text=text, fixed=fixed)
    if not addresses:
        return cells
    lats = searcher.fast_field_values("lat", addresses)
    lons = searcher.fast_field_values("lon", addresses)
    # A location outside the circle is outside for every run there: excluding the location (a string term)
    # is as exact as excluding the runs, and cheaper (u64 term sets cost ~20 µs a term in tantivy 0.27).
    outside = sorted({location_key(la, lo) for la, lo in zip(lats, lons)
                      if la is not None and not circle.holds(la, lo)})
    if not outside:
        return cells
    return Query.boolean_query([(Occur.Must, cells),
                                (Occur.MustNot, Query.term_set_query(SCHEMA, "loc", outside))])


def _by_locations(searcher: tantivy.Searcher, circle: Circle, *, text: Query | None,
                  fixed: list[Query]) -> Query:
    """Inside cells, plus the venues in edge cells that lie within the radius (each venue checked once)."""
    edge = cells_query(circle.cover.edge)
    found = searcher.aggregate(combine(text, fixed + [edge]),
                               {"loc": {"terms": {"field": "loc", "size": MAX_EDGE_LOCATIONS}}})
    within: list[str] = []
    for bucket in found.get("loc", {}).get("buckets", []):
        la, _, lo = bucket["key"].partition(",")
        if circle.holds(float(la), float(lo)):
            within.append(bucket["key"])
    return any_of([cells_query(circle.cover.inside),
                   Query.term_set_query(SCHEMA, "loc", within) if within else None])
