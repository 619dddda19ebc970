"""2SFCA, what-if and best places, computed by hand on two or three points."""

from __future__ import annotations

import math

import pytest

from learningcity.core.geo import haversine_km
from learningcity.monitoring import access
from learningcity.monitoring.access import Point

NORTH_1_5_KM = 1.5 / 111.19508  # degrees of latitude for 1.5 km on the haversine sphere


def test_decay_is_gaussian_and_zero_at_the_edge():
    assert access.decay(0) == pytest.approx(1.0)
    assert access.decay(3.0) == 0.0
    assert access.decay(4.0) == 0.0
    expected = (math.exp(-0.125) - math.exp(-0.5)) / (1 - math.exp(-0.5))
    assert access.decay(1.5) == pytest.approx(expected)
    assert access.decay(1.5) == pytest.approx(0.701367, abs=1e-6)


def two_hoods():
    a = Point("A", 37.5, 127.0)
    b = Point("B", 37.5 + NORTH_1_5_KM, 127.0)
    assert haversine_km(a.lat, a.lon, b.lat, b.lon) == pytest.approx(1.5, abs=1e-3)
    return [a, b], {"A": 1000.0, "B": 500.0}


def test_two_step_by_hand():
    demand, population = two_hoods()
    site = Point("s", 37.5, 127.0)
    pairs = access.pairs(demand, [site])
    w = access.decay(haversine_km(37.5, 127.0, demand[1].lat, 127.0))
    # R = 100 / (1000·1 + 500·0.7014) = 0.074036; A_A = R·1, A_B = R·w.
    result = access.two_step({"s": 100}, population, pairs)
    r = 100 / (1000 + 500 * w)
    assert r == pytest.approx(0.074036, abs=1e-5)
    assert result["A"] == pytest.approx(r)
    assert result["B"] == pytest.approx(r * w)
    assert result["B"] == pytest.approx(0.051926, abs=1e-5)
    # Every seat is handed out: Σ P_i A_i = S.
    assert sum(population[c] * result[c] for c in result) == pytest.approx(100)


def test_far_sites_and_empty_catchments_give_nothing():
    demand, population = two_hoods()
    far = Point("far", 37.7, 127.0)
    assert access.two_step({"far": 100}, population, access.pairs(demand, [far])) == {"A": 0.0, "B": 0.0}
    assert access.two_step({"s": 100}, {"A": 0.0, "B": 0.0},
                           access.pairs(demand, [Point("s", 37.5, 127.0)])) == {"A": 0.0, "B": 0.0}


def test_what_if_adds_only_the_new_site():
    demand, population = two_hoods()
    before = {"A": 0.01, "B": 0.0}
    after = access.what_if(lat=37.5, lon=127.0, seats=50, demand=demand, population=population, access=before)
    w = access.decay(1.5)
    assert after["A"] == pytest.approx(0.01 + 50 / (1000 + 500 * w), rel=1e-4)
    assert after["B"] == pytest.approx(50 * w / (1000 + 500 * w), rel=1e-4)


def test_deserts_below_half_the_weighted_mean():
    codes, threshold = access.deserts({"A": 0.1, "B": 0.0, "C": 0.04}, {"A": 100, "B": 100, "C": 200})
    # mean = (10 + 0 + 8) / 400 = 0.045; threshold 0.0225: B and C? C = 0.04 is above; B only.
    assert threshold == pytest.approx(0.0225)
    assert codes == ["B"]


def test_best_places_go_to_the_desert():
    # A served, B a desert 5 km away: the best place is B itself.
    a, b = Point("A", 37.5, 127.0), Point("B", 37.545, 127.0)
    population = {"A": 1000.0, "B": 1000.0}
    current = {"A": 0.05, "B": 0.0}
    best = access.best_places(seats=100, count=2, demand=[a, b], population=population, access=current)
    assert best[0]["code"] == "B"
    assert best[0]["population_lifted"] == 1000
    # Once B is served nobody is in a desert, so no second place is suggested.
    assert len(best) == 1


def test_band_admits_open_ranges():
    assert access.band_admits(None, None, "100+")
    assert access.band_admits(30, 39, "35-39") and not access.band_admits(30, 39, "40-44")
    assert access.band_admits(65, None, "100+") and not access.band_admits(None, 12, "15-19")
