"""The circle cover: every point within the radius lies in an inside or an edge cell; inside cells hold only
points within it."""

import random

from hypothesis import given, settings, strategies as st

from learningcity.search.geo import LEVELS, cells_of, circle_cover, haversine_km


def test_haversine_known_distance():
    # Seoul City Hall to Gangnam station: about 8.6 km.
    assert 8.0 < haversine_km(37.5663, 126.9779, 37.4979, 127.0276) < 9.2


@settings(max_examples=60, deadline=None)
@given(
    lat=st.floats(37.4, 37.7), lon=st.floats(126.8, 127.2), radius=st.sampled_from([0.3, 1.0, 3.0, 7.5, 20.0]),
    seed=st.integers(0, 10_000),
)
def test_cover_is_complete_and_inside_cells_are_inside(lat, lon, radius, seed):
    cover = circle_cover(lat, lon, radius)
    inside, edge = set(cover.inside), set(cover.edge)
    assert not inside & edge
    rng = random.Random(seed)
    for _ in range(300):
        plat = lat + rng.uniform(-1.5, 1.5) * radius / 111
        plon = lon + rng.uniform(-1.5, 1.5) * radius / 88
        cells = set(cells_of(plat, plon))
        distance = haversine_km(lat, lon, plat, plon)
        if cells & inside:
            assert distance <= radius * 1.001, "a point in an inside cell must be within the radius"
        if distance <= radius * 0.999:
            assert cells & (inside | edge), "every point within the radius must be in the cover"


def test_cover_stays_small_for_any_radius():
    for radius in (0.1, 0.5, 1, 3, 10, 30, 100):
        cover = circle_cover(37.5, 127.0, radius)
        assert len(cover.inside) + len(cover.edge) < 1500, radius


def test_cells_of_has_one_cell_per_level():
    assert len(cells_of(37.5, 127.0)) == len(LEVELS)
