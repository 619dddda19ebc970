"""The public open-data API: suppressed aggregates, access, framework; errors as problem details."""

from __future__ import annotations

import datetime

import pytest

from learningcity.monitoring import services
from learningcity.monitoring.tests.learner_rows import consenting_enrolment


@pytest.fixture
def snapshot(db, tmp_path):
    when = datetime.datetime(2026, 3, 1, tzinfo=datetime.timezone.utc)
    for _ in range(3):  # three learners: a small cell
        consenting_enrolment(district_code="1111000000", birth_year=1980, sex="M", status="enrolled",
                             enrolled_at=when)
    return services.snapshot_create(by=None, reference_date=datetime.date(2026, 4, 30),
                                    mirror=tmp_path / "mirror.duckdb")


def test_indicators_are_public_and_suppressed(client, snapshot):
    body = client.get("/api/v1/open-data/indicators", {"area": "1111000000", "age_band": "45-49"}).json()
    assert body["suppression_k"] == 10 and "not a survey" in body["label"]
    male = next(r for r in body["rows"] if r["sex"] == "M")
    assert male["learners"] is None and male["participation_rate"] is None
    assert male["population"] > 0  # population is public
    city = client.get("/api/v1/open-data/indicators", {"area": "1100000000", "age_band": "all", "sex": "all"}).json()
    assert city["rows"][0]["learners"] is None  # 3 learners in the whole city: hidden too


def test_csv_and_geojson(client, snapshot):
    csv_response = client.get("/api/v1/open-data/indicators.csv")
    assert csv_response.status_code == 200 and csv_response["Content-Type"].startswith("text/csv")
    assert csv_response.content.decode().splitlines()[0].startswith("area,age_band,sex,population")
    geo = client.get("/api/v1/open-data/access.geojson").json()
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 426
    assert "all" in geo["features"][0]["properties"]["access"]
    access = client.get("/api/v1/open-data/access").json()
    assert access["catchment_km"] == 3.0 and len(access["neighbourhoods"]) == 426
    framework = client.get("/api/v1/open-data/framework").json()
    assert len(framework["areas"]) == 12
    assert client.get("/api/v1/open-data/snapshots").json()[0]["id"] == snapshot.pk


def test_bad_filters_are_problem_details(client, snapshot):
    response = client.get("/api/v1/open-data/indicators", {"age_band": "7-9"})
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == "age_band"
    assert client.get("/api/v1/open-data/framework", {"method": "magic"}).status_code == 400


def test_nothing_published_yet_is_a_404_problem(client, db):
    response = client.get("/api/v1/open-data/indicators")
    assert response.status_code == 404 and response.json()["title"] == "Not found."
