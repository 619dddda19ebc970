"""Core API: districts (and their GeoJSON), population by age band, neighbourhoods."""

from __future__ import annotations

import pytest

from learningcity.core import geo

pytestmark = pytest.mark.django_db
API = "/api/v1"


def test_district_list(client):
    body = client.get(f"{API}/districts").json()
    assert len(body) == 25
    gangnam = next(d for d in body if d["slug"] == "gangnam-gu")
    assert gangnam["name_ko"] == "강남구" and gangnam["code"] == "1168000000" and 30 < gangnam["area_km2"] < 50


def test_district_geojson_is_rfc7946(client):
    response = client.get(f"{API}/districts.geojson")
    body = response.json()
    assert body["type"] == "FeatureCollection" and len(body["features"]) == 25
    for feature in body["features"]:
        assert feature["type"] == "Feature" and feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
        lat, lon = feature["properties"]["centroid"]
        assert geo.contains(feature["geometry"], lat, lon)
        for x, y in [p[:2] for p in geo._polygons(feature["geometry"])[0][0]]:
            assert 126.7 < x < 127.3 and 37.4 < y < 37.8  # lon, lat order


def test_district_detail_population(client):
    body = client.get(f"{API}/districts/jongno-gu").json()
    assert len(body["population"]) == 21
    assert body["population_total"] == sum(b["male"] + b["female"] for b in body["population"])
    assert all(b["total"] == b["male"] + b["female"] for b in body["population"])


def test_unknown_district_is_a_problem(client):
    response = client.get(f"{API}/districts/atlantis")
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"


def test_neighbourhoods(client):
    everything = client.get(f"{API}/neighbourhoods").json()
    assert len(everything) == 426
    gangnam = client.get(f"{API}/neighbourhoods", {"district": "gangnam-gu"}).json()
    assert {n["district"] for n in gangnam} == {"gangnam-gu"}
    approximate = {n["name_ko"] for n in everything if n["centroid_approximate"]}
    assert approximate == {"항동", "개포3동", "위례동", "상일제1동", "상일제2동"}

