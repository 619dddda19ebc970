"""From catalogue rows to index documents: the order a rebuild reads the runs in."""

import random

from learningcity.search.documents import ROW_FIELDS, iter_rows, iter_rows_by_place, place_key, public_run_ids
from learningcity.core.models import District
from learningcity.testing import factories


def _interleaved(y: int, x: int) -> int:
    return sum(((y >> b) & 1) << (2 * b + 1) | ((x >> b) & 1) << (2 * b) for b in range(20))


def test_the_place_key_interleaves_the_grid_bits_of_latitude_and_longitude():
    rng = random.Random(7)
    for _ in range(500):
        lat, lon = rng.uniform(-90, 90), rng.uniform(-180, 180)
        y, x = int((lat + 90) / 180 * 2**20), int((lon + 180) / 360 * 2**20)
        assert place_key(lat, lon) == _interleaved(y, x)
    assert place_key(90.0, 180.0) == _interleaved(2**20 - 1, 2**20 - 1)  # the edges stay on the grid
    assert place_key(None, None) > place_key(90.0, 180.0)  # runs without a place come last


def test_rows_by_place_are_the_rows_by_id_in_the_order_of_their_venues(gangnam):
    rng = random.Random(3)
    venues = [factories.venue(provider=gangnam, lat=d.centroid_lat + rng.uniform(-0.003, 0.003),
                              lon=d.centroid_lon + rng.uniform(-0.003, 0.003))
              for d in District.objects.order_by("?")[:12]]
    for _ in range(40):
        factories.run(opportunity=factories.opportunity(provider=gangnam), venue=rng.choice(venues))
    factories.run(opportunity=factories.opportunity(provider=gangnam, delivery_mode="online"),
                  online_url="https://learn.example/live")
    factories.run(opportunity=factories.opportunity(provider=gangnam), published=False)  # not public

    by_id = [row for rows in iter_rows(public_run_ids()) for row in rows]
    batches = list(iter_rows_by_place(public_run_ids(), batch=7))
    by_place = [row for rows in batches for row in rows]
    assert sorted(by_place) == sorted(by_id) and len(by_place) == len(by_id) >= 41
    assert max(len(rows) for rows in batches) == 7
    assert _keys(by_place) == sorted(_keys(by_place))
    assert by_place[-1][LAT] is None  # the online run

    # A large catalogue is sorted a window at a time (bounded memory): each window of runs, taken in id
    # order, comes out sorted by place.
    windowed = [row for rows in iter_rows_by_place(public_run_ids(), batch=7, window=20) for row in rows]
    assert sorted(windowed) == sorted(by_id)
    for start in range(0, len(windowed), 20):
        window = windowed[start:start + 20]
        assert sorted(row[0] for row in window) == [row[0] for row in by_id[start:start + 20]]
        assert _keys(window) == sorted(_keys(window))


LAT, LON = ROW_FIELDS.index("venue__latitude"), ROW_FIELDS.index("venue__longitude")


def _keys(rows: list[tuple]) -> list[tuple[int, int]]:
    return [(place_key(row[LAT], row[LON]), row[0]) for row in rows]
