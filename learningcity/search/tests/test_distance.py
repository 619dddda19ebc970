"""The exact distance filter on every path it can take (`search.distance`): the search's runs checked one by
one, the locations of edge runs outside excluded, edge venues listed and checked by location. Totals, pages, nearest-first order and facet
counts under a radius are checked against the database; the point-in-circle shortcut against the haversine."""

import math
import random

import pytest
from hypothesis import given, settings, strategies as st

from learningcity.catalogue.selectors import public_runs
from learningcity.search import distance
from learningcity.search.geo import Cover, haversine_km
from learningcity.testing import factories

CENTRE = (37.5735, 126.9790)  # Jongno: the demo city's runs are in Gangnam, so the ring is all ours
RADIUS = 1.0


@pytest.fixture
def ring(gangnam, catch_up):
    """Forty venues at random distances 0.2–1.6 km around the centre, one run each; every fourth in English
    and online-friendly ("blended"), so facets have more than one value inside the circle."""
    rng = random.Random(7)
    runs = []
    for i in range(40):
        km, bearing = rng.uniform(0.2, 1.6), rng.uniform(0, 2 * math.pi)
        lat = CENTRE[0] + km * math.cos(bearing) / 110.574
        lon = CENTRE[1] + km * math.sin(bearing) / (110.574 * math.cos(math.radians(CENTRE[0])))
        venue = factories.venue(provider=gangnam, lat=lat, lon=lon, name=f"Ring hall {i}")
        english = i % 4 == 0
        opportunity = factories.opportunity(
            provider=gangnam, title=f"Ring pottery {i}", description="",
            languages=["en"] if english else ["ko"], delivery_mode="blended" if english else "in_person")
        runs.append(factories.run(opportunity=opportunity, venue=venue))
    catch_up()
    return runs


def within(runs) -> set[int]:
    return {r.pk for r in runs if haversine_km(*CENTRE, r.venue.latitude, r.venue.longitude) <= RADIUS}


@pytest.fixture(params=["runs one by one", "venues by location"])
def path(request, monkeypatch):
    if request.param == "venues by location":
        # Nothing is few enough to check run by run: every exact answer goes through the edge venues.
        monkeypatch.setattr(distance, "EXACT_LIMIT", 0)
    return request.param


def test_total_and_results_are_exactly_the_runs_within(search, ring, path):
    expected = within(ring)
    assert 0 < len(expected) < len(ring)
    result = search(q="pottery", lat=CENTRE[0], lon=CENTRE[1], radius_km=RADIUS, per_page=100)
    assert result.total == len(expected)
    assert {item["run"] for item in result.items} == expected
    everything = search(lat=CENTRE[0], lon=CENTRE[1], radius_km=RADIUS, per_page=100)
    in_database = {r.pk for r in public_runs().exclude(venue=None).select_related("venue")
                   if haversine_km(*CENTRE, r.venue.latitude, r.venue.longitude) <= RADIUS}
    assert {item["run"] for item in everything.items} == in_database


def test_facet_counts_under_a_radius_match_the_searches_they_lead_to(search, ring, path):
    result = search(q="pottery", lat=CENTRE[0], lon=CENTRE[1], radius_km=RADIUS, facets=1)
    languages = {fv.value: fv.count for fv in result.facets["language"]}
    expected = within(ring)
    english = {r.pk for r in ring if r.opportunity.languages == ["en"]} & expected
    assert languages == {"en": len(english), "ko": len(expected) - len(english)}
    # A facet in use is counted without itself, still exactly within the radius.
    chosen = search(q="pottery", lat=CENTRE[0], lon=CENTRE[1], radius_km=RADIUS, facets=1, language="en")
    assert chosen.total == len(english)
    assert {fv.value: fv.count for fv in chosen.facets["language"]} == languages
    modes = {fv.value: fv.count for fv in chosen.facets["mode"]}
    assert modes == {"blended": len(english)}


def test_nearest_first_pages_through_the_circle_in_order(search, ring, path):
    expected = within(ring)
    seen, distances = [], []
    for page in (1, 2, 3):
        result = search(q="pottery", lat=CENTRE[0], lon=CENTRE[1], radius_km=RADIUS, sort="distance",
                        per_page=5, page=page)
        assert result.total == len(expected)
        seen += [item["run"] for item in result.items]
        distances += [item["distance_km"] for item in result.items]
    assert distances == sorted(distances) and all(d <= RADIUS for d in distances)
    assert len(seen) == len(set(seen)) == min(15, len(expected))


def test_a_filter_left_out_for_a_suggestion_keeps_the_radius_exact(search, ring, path):
    # "pottery" in German finds nothing; leaving the language out must count the runs within the radius.
    result = search(q="pottery", lat=CENTRE[0], lon=CENTRE[1], radius_km=RADIUS, language="de")
    assert result.total == 0
    drops = {s.drop: s.count for s in result.suggestions}
    assert drops["language"] == len(within(ring))


@settings(max_examples=80, deadline=None)
@given(lat=st.floats(-60, 60), lon=st.floats(-170, 170), radius=st.sampled_from([0.1, 1.0, 3.0, 24.9, 40.0, 100.0]),
       seed=st.integers(0, 10_000))
def test_the_flat_shortcut_agrees_with_the_haversine(lat, lon, radius, seed):
    circle = distance.Circle(lat, lon, radius, Cover())
    rng = random.Random(seed)
    for _ in range(300):
        # Half the points within 3 % of the boundary, where the shortcut must defer to the haversine.
        km = radius * (rng.uniform(0.97, 1.03) if rng.random() < 0.5 else rng.uniform(0, 2))
        bearing = rng.uniform(0, 2 * math.pi)
        plat = lat + km * math.cos(bearing) / 111.2
        plon = lon + km * math.sin(bearing) / (111.2 * math.cos(math.radians(lat)))
        assert circle.holds(plat, plon) == (haversine_km(lat, lon, plat, plon) <= radius)
    assert not circle.holds(None, None)
