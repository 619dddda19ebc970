"""Pages: served from the stored snapshot, for the city office only (the crossings are attempted)."""

from __future__ import annotations

import datetime

import pytest

from learningcity.monitoring import services
from learningcity.monitoring.models import ExternalStatistic

OFFICE_PAGES = ["/monitoring/", "/monitoring/?area=1168000000&sex=F", "/monitoring/access/",
                "/monitoring/access/?measure=70-74", "/monitoring/access/?measure=venues", "/monitoring/what-if/",
                "/monitoring/framework/", "/monitoring/framework/?method=target", "/monitoring/framework/statistics/",
                "/monitoring/report/", "/monitoring/download/indicators.csv", "/monitoring/download/access.json"]


@pytest.fixture
def snapshot(db, tmp_path):
    return services.snapshot_create(by=None, reference_date=datetime.date(2026, 4, 30),
                                    mirror=tmp_path / "mirror.duckdb")


@pytest.mark.parametrize("url", OFFICE_PAGES)
def test_city_office_sees_every_page(client, city_office, snapshot, url):
    client.force_login(city_office)
    response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("url", ["/monitoring/", "/monitoring/access/", "/monitoring/what-if/",
                                 "/monitoring/framework/statistics/", "/monitoring/report/",
                                 "/monitoring/download/indicators.csv"])
def test_anonymous_is_sent_to_sign_in_and_learners_are_refused(client, learner, gangnam_staff, snapshot, url):
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for person in (learner, gangnam_staff):
        client.force_login(person)
        assert client.get(url).status_code == 403


def test_dashboard_labels_participation_as_administrative(client, city_office, snapshot):
    client.force_login(city_office)
    html = client.get("/monitoring/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "administrative" in html.lower() or "행정" in html


def test_what_if_shows_changes_and_best_places(client, city_office, snapshot):
    client.force_login(city_office)
    response = client.get("/monitoring/what-if/", {"measure": "70-74", "lat": "37.65", "lon": "127.03",
                                                   "seats": "200", "count": "2"})
    assert response.status_code == 200
    assert response.context["result"]["rows"]
    assert len(response.context["best"]) == 2
    bad = client.get("/monitoring/what-if/", {"measure": "all", "seats": "0", "count": "2"})
    assert bad.context["form"].errors


def test_recompute_and_statistics_need_post_and_the_office(client, city_office, learner, snapshot):
    client.force_login(learner)
    assert client.post("/monitoring/recompute/").status_code == 403
    assert client.post("/monitoring/framework/statistics/", {}).status_code == 403
    client.force_login(city_office)
    assert client.get("/monitoring/recompute/").status_code == 405
    response = client.post("/monitoring/framework/statistics/", {
        "indicator": "EXT-EMP", "area_code": "1100000000", "year": "2024", "value": "69.4",
        "source": "Statistics Korea, Local Area Labour Force Survey 2024 H2"})
    assert response.status_code == 302
    assert ExternalStatistic.objects.filter(indicator="EXT-EMP", value=69.4).exists()
    invalid = client.post("/monitoring/framework/statistics/", {"indicator": "EXT-STRATEGY",
                                                                 "area_code": "1100000000", "year": "2024",
                                                                 "value": "5", "source": "x"})
    assert invalid.status_code == 400 and invalid.context["form"].errors["value"]


def test_report_pdf(client, city_office, snapshot):
    client.force_login(city_office)
    response = client.get("/monitoring/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_open_data_page_is_public(client, snapshot):
    assert client.get("/open-data/").status_code == 200


def test_empty_state_before_the_first_compute(client, city_office):
    client.force_login(city_office)
    response = client.get("/monitoring/")
    assert response.status_code == 200 and b"monitoring compute" in response.content
