"""Core reads: districts, population, where a point falls; and the geometry and age-band arithmetic under them."""

from __future__ import annotations

import pytest

from learningcity.core import geo, selectors
from learningcity.core.demography import AGE_BANDS, band_of_age, bands_overlapping
from learningcity.core.models import District

SEOUL_TOTAL = 9_331_860


def test_population_by_band_for_city_and_district(db):
    city = selectors.population_by_band(area_code=selectors.city_area_code())
    assert list(city) == list(AGE_BANDS)
    assert sum(v["M"] + v["F"] for v in city.values()) == SEOUL_TOTAL
    gangnam = District.objects.get(slug="gangnam-gu")
    bands = selectors.population_by_band(area_code=gangnam.code)
    assert 400_000 < sum(v["M"] + v["F"] for v in bands.values()) < 700_000


def test_population_total_per_level(db):
    for level in ("city", "district", "neighbourhood"):
        assert selectors.population_total(level=level) == SEOUL_TOTAL


@pytest.mark.parametrize("lat,lon,district,hood", [
    (37.5796, 126.9770, "jongno-gu", None),  # Gyeongbokgung
    (37.5116, 127.0595, "gangnam-gu", "삼성1동"),  # COEX
    (37.6584, 127.0613, "nowon-gu", None),  # Nowon station
])
def test_locator_finds_district_and_neighbourhood(db, lat, lon, district, hood):
    locator = selectors.Locator()
    assert locator.district_at(lat, lon).slug == district
    found = locator.neighbourhood_at(lat, lon)
    assert found is not None and found.district.slug == district
    if hood:
        assert found.name_ko == hood


def test_locator_outside_the_city(db):
    locator = selectors.Locator()
    assert locator.district_at(35.1796, 129.0756) is None  # Busan
    x0, y0, x1, y1 = locator.city_bbox()
    assert x0 < 127.0 < x1 and y0 < 37.55 < y1


def test_district_list_and_get(db):
    districts = list(selectors.district_list())
    assert len(districts) == 25
    assert selectors.district_get(slug="mapo-gu").name_ko == "마포구"


def test_geometry_helpers():
    square = {"type": "Polygon", "coordinates": [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]],
                                                 [[0.5, 0.5], [1, 0.5], [1, 1], [0.5, 1], [0.5, 0.5]]]}
    assert geo.contains(square, 1.5, 1.5)
    assert not geo.contains(square, 0.75, 0.75)  # in the hole
    assert not geo.contains(square, 3, 3)
    assert geo.centroid({"type": "Polygon", "coordinates": [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]]}) == (1, 1)
    assert geo.haversine_km(37.5665, 126.9780, 37.5665, 126.9780) == 0
    assert 320 < geo.haversine_km(37.5665, 126.9780, 35.1796, 129.0756) < 330  # Seoul–Busan
    with pytest.raises(ValueError):
        geo.bbox({"type": "Point", "coordinates": [0, 0]})


def test_age_bands():
    assert band_of_age(0) == "0-4" and band_of_age(67) == "65-69" and band_of_age(104) == "100+"
    with pytest.raises(ValueError):
        band_of_age(-1)
    assert bands_overlapping(63, 66) == ["60-64", "65-69"]
    assert bands_overlapping(95, None) == ["95-99", "100+"]
