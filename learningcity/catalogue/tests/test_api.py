"""The catalogue JSON API: public reads, writes with an API token, RFC 9457 problems, pagination, validation."""

from __future__ import annotations

import datetime
import json

import pytest

from learningcity.catalogue.models import Opportunity, OpportunityRun, Venue
from learningcity.catalogue.vocab import Status
from learningcity.core.models import District
from learningcity.testing import factories

pytestmark = pytest.mark.django_db
API = "/api/v1"
TODAY = datetime.date.today()
COEX = (37.5116, 127.0595)


def post(client, url, data, method="post"):
    return getattr(client, method)(url, data=json.dumps(data, default=str), content_type="application/json")


def assert_problem(response, status: int, *fields: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["type"].startswith("https://") and body["title"]
    if fields:
        assert {e["field"] for e in body["errors"]} >= set(fields), body
        assert all(e["message"] for e in body["errors"])
    return body


# --- reads -----------------------------------------------------------------------------------------------------

def test_opportunity_list_is_paginated(client):
    page1 = client.get(f"{API}/opportunities", {"district": "gangnam-gu", "limit": 10}).json()
    page2 = client.get(f"{API}/opportunities", {"district": "gangnam-gu", "limit": 10, "offset": 10}).json()
    assert page1["count"] == page2["count"] > 300
    assert len(page1["items"]) == len(page2["items"]) == 10
    assert not {i["id"] for i in page1["items"]} & {i["id"] for i in page2["items"]}
    item = page1["items"][0]
    assert item["districts"] == ["gangnam-gu"] and item["url_page"] == f"/opportunities/{item['id']}/"


@pytest.mark.parametrize("params,field", [
    ({"limit": 0}, "limit"), ({"limit": 1000}, "limit"), ({"offset": -1}, "offset"), ({"age": 300}, "age"),
    ({"age": "old"}, "age"),
])
def test_bad_list_parameters_are_problems(client, params, field):
    assert_problem(client.get(f"{API}/opportunities", params), 400, field)


def test_filters(client):
    adults = client.get(f"{API}/opportunities", {"age": 30, "topic": "music", "limit": 200}).json()
    assert adults["count"] > 0
    assert all("music" in i["topics"] and (i["age_min"] or 0) <= 30 for i in adults["items"])
    free = client.get(f"{API}/opportunities", {"free": "true", "limit": 200}).json()
    assert all(i["is_free"] for i in free["items"])


def test_opportunity_detail_and_jsonld(client):
    o = Opportunity.objects.filter(source_id__startswith="kr-lll:", status=Status.PUBLISHED).first()
    body = client.get(f"{API}/opportunities/{o.pk}").json()
    assert body["title"] == o.title and body["source_id"].startswith("kr-lll:")
    venue = body["runs"][0]["venue"]
    assert venue["location_approximate"] is True
    doc = client.get(f"{API}/opportunities/{o.pk}/jsonld").json()
    assert doc["@type"] == "Course" and doc["hasCourseInstance"][0]["@type"] == "CourseInstance"


def test_drafts_and_unknown_ids_are_404_problems(client, gangnam):
    draft = factories.opportunity(provider=gangnam, published=False)
    assert_problem(client.get(f"{API}/opportunities/{draft.pk}"), 404)
    assert_problem(client.get(f"{API}/opportunities/999999999"), 404)
    run = factories.run(opportunity=factories.opportunity(provider=gangnam), published=False)
    assert_problem(client.get(f"{API}/runs/{run.pk}"), 404)
    assert_problem(client.get(f"{API}/venues/999999999"), 404)
    assert_problem(client.get(f"{API}/providers/no-such-provider"), 404)


def test_drafts_are_visible_to_their_staff(token_client, gangnam, gangnam_staff):
    draft = factories.opportunity(provider=gangnam, published=False)
    run = factories.run(opportunity=draft, published=False)
    api = token_client(gangnam_staff)
    assert api.get(f"{API}/opportunities/{draft.pk}").json()["status"] == "draft"
    assert api.get(f"{API}/runs/{run.pk}").json()["status"] == "draft"


def test_providers_venues_topics(client):
    providers = client.get(f"{API}/providers", {"sector": "library", "limit": 5}).json()
    assert providers["count"] == 545 and all(p["sector"] == "library" for p in providers["items"])
    assert_problem(client.get(f"{API}/providers", {"sector": "guild"}), 400, "sector")
    venues = client.get(f"{API}/venues", {"district": "gangnam-gu", "limit": 200}).json()
    assert venues["count"] > 100 and all(v["district"] == "gangnam-gu" for v in venues["items"])
    approx = [v for v in venues["items"] if v["source_id"] and v["source_id"].startswith("kr-venue:")]
    assert approx and all(v["location_approximate"] for v in approx)
    slug = providers["items"][0]["slug"]
    assert client.get(f"{API}/providers/{slug}").json()["slug"] == slug
    topics = {t["code"]: t for t in client.get(f"{API}/topics").json()}
    assert topics["arts-crafts"]["published"] > 0 and topics["arts-crafts"]["name_ko"] == "미술·공예"


# --- writes ----------------------------------------------------------------------------------------------------

def new_opportunity(provider, **extra):
    return {"provider_id": provider.pk, "title": "어르신 스마트폰 교실", "topics": ["digital"], "age_min": 65,
            "languages": ["ko"], "accessibility": ["large_print"]} | extra


def test_staff_write_journey_with_a_token(token_client, gangnam, gangnam_staff):
    api = token_client(gangnam_staff)
    created = post(api, f"{API}/opportunities", new_opportunity(gangnam))
    assert created.status_code == 201, created.content
    o = created.json()
    assert o["status"] == "draft" and o["topics"] == ["digital"] and o["provider"]["id"] == gangnam.pk
    venue = post(api, f"{API}/venues", {"name": "강남 디지털 배움터", "provider_id": gangnam.pk,
                                         "latitude": COEX[0], "longitude": COEX[1]})
    assert venue.status_code == 201, venue.content
    assert venue.json()["district"] == "gangnam-gu" and venue.json()["location_approximate"] is False
    run = post(api, f"{API}/opportunities/{o['id']}/runs", {
        "venue_id": venue.json()["id"], "start_date": TODAY, "end_date": TODAY + datetime.timedelta(days=28),
        "start_time": "10:00", "end_time": "12:00", "weekdays": ["TU", "TH"], "capacity": 15,
        "enrolment_opens": "2026-05-01T09:00:00", "enrolment_closes": "2026-05-20T18:00:00+09:00"})
    assert run.status_code == 201, run.content
    r = run.json()
    assert r["total_hours"] > 0 and r["enrolment_opens"].endswith("+09:00") or r["enrolment_opens"].endswith("Z")
    assert post(api, f"{API}/runs/{r['id']}/publish", {}).json()["status"] == "published"
    assert post(api, f"{API}/opportunities/{o['id']}/publish", {}).json()["status"] == "published"
    public = post(api, f"{API}/opportunities/{o['id']}", {"title": "어르신 스마트폰 교실 (봄)"}, "patch").json()
    assert public["title"].endswith("(봄)") and len(public["runs"]) == 1
    assert post(api, f"{API}/opportunities/{o['id']}/archive", {}).json()["status"] == "archived"
    assert OpportunityRun.objects.get(pk=r["id"]).status == Status.PUBLISHED


def test_delete_a_draft_then_a_published_one_refused(token_client, gangnam, gangnam_staff):
    api = token_client(gangnam_staff)
    draft = factories.opportunity(provider=gangnam, published=False)
    assert api.delete(f"{API}/opportunities/{draft.pk}").status_code == 204
    published = factories.opportunity(provider=gangnam)
    assert_problem(api.delete(f"{API}/opportunities/{published.pk}"), 400)
    run = factories.run(opportunity=published)
    assert_problem(api.delete(f"{API}/runs/{run.pk}"), 400)
    assert post(api, f"{API}/runs/{run.pk}/cancel", {}).json()["is_cancelled"] is True
    assert post(api, f"{API}/runs/{run.pk}/archive", {}).json()["status"] == "archived"


@pytest.mark.parametrize("payload,fields", [
    ({"age_min": 65, "age_max": 12}, ["age_max"]),
    ({"age_min": 200}, ["age_min"]),
    ({"title": ""}, ["title"]),
    ({"setting": "school"}, ["setting"]),
    ({"is_free": True, "cost": 1000}, ["is_free"]),
    ({"topics": ["astrology"]}, ["topics"]),
    ({"languages": ["xx"]}, ["languages"]),
    ({"provider_id": 999999999}, ["provider_id"]),
    ({"isced_level": 3}, ["isced_level"]),
])
def test_opportunity_validation(token_client, gangnam, gangnam_staff, payload, fields):
    api = token_client(gangnam_staff)
    body = assert_problem(post(api, f"{API}/opportunities", new_opportunity(gangnam, **payload)), 400, *fields)
    assert body["type"].endswith("/validation")
    assert not Opportunity.objects.filter(title="어르신 스마트폰 교실").exists()


def test_patch_validates_against_stored_values(token_client, gangnam, gangnam_staff):
    o = factories.opportunity(provider=gangnam, age_min=40, published=False)
    body = assert_problem(post(token_client(gangnam_staff), f"{API}/opportunities/{o.pk}", {"age_max": 20},
                               "patch"), 400, "age_max")
    assert "40" in body["errors"][0]["message"]


@pytest.mark.parametrize("payload,fields", [
    ({"end_date": TODAY - datetime.timedelta(days=1)}, ["end_date"]),
    ({"start_time": "12:00", "end_time": "10:00"}, ["end_time"]),
    ({"start_time": "10:00+09:00", "end_time": "12:00"}, ["start_time"]),
    ({"capacity": 0}, ["capacity"]),
    ({"weekdays": ["XX"]}, ["weekdays.0"]),
    ({"venue_id": 999999999}, ["venue_id"]),
    ({"venue_id": None}, ["venue_id"]),
    ({"start_date": "not a date"}, ["start_date"]),
    ({"enrolment_opens": "2026-05-10T09:00:00", "enrolment_closes": "2026-05-01T09:00:00"}, ["enrolment_closes"]),
])
def test_run_validation(token_client, gangnam, gangnam_staff, payload, fields):
    o = factories.opportunity(provider=gangnam, published=False)
    venue = factories.venue(provider=gangnam)
    data = {"venue_id": venue.pk, "start_date": TODAY, "end_date": TODAY} | payload
    assert_problem(post(token_client(gangnam_staff), f"{API}/opportunities/{o.pk}/runs", data), 400, *fields)
    assert not o.runs.exists()


@pytest.mark.parametrize("payload,fields", [
    ({"latitude": 35.1796, "longitude": 129.0756}, ["latitude"]),  # Busan: outside the city
    ({"latitude": 100, "longitude": 127}, ["latitude"]),
    ({"district": "atlantis-gu"}, ["district"]),
    ({"district": "jongno-gu", "latitude": COEX[0], "longitude": COEX[1]}, ["district"]),
    ({"latitude": 37.5}, ["longitude"]),
    ({}, ["district"]),
    ({"district": "gangnam-gu", "accessibility": ["teleporter"]}, ["accessibility"]),
    ({"district": "gangnam-gu", "name": ""}, ["name"]),
    ({"district": "gangnam-gu", "provider_id": 999999999}, ["provider_id"]),
])
def test_venue_validation(token_client, gangnam, gangnam_staff, payload, fields):
    before = Venue.objects.count()
    data = {"name": "새 교실", "provider_id": gangnam.pk} | payload
    assert_problem(post(token_client(gangnam_staff), f"{API}/venues", data), 400, *fields)
    assert Venue.objects.count() == before


def test_venue_without_coordinates_is_approximate_and_patch_moves_it(token_client, gangnam, gangnam_staff):
    api = token_client(gangnam_staff)
    created = post(api, f"{API}/venues", {"name": "새 교실", "provider_id": gangnam.pk, "district": "gangnam-gu"})
    assert created.status_code == 201 and created.json()["location_approximate"] is True
    pk = created.json()["id"]
    moved = post(api, f"{API}/venues/{pk}", {"latitude": COEX[0], "longitude": COEX[1]}, "patch").json()
    assert moved["location_approximate"] is False and moved["neighbourhood"]
    renamed = post(api, f"{API}/venues/{pk}", {"name": "새 이름"}, "patch").json()
    assert renamed["name"] == "새 이름" and renamed["latitude"] == COEX[0]
    assert_problem(post(api, f"{API}/venues/{pk}", {"latitude": 35.18, "longitude": 129.07}, "patch"), 400,
                   "latitude")


def test_malformed_json_is_a_problem(token_client, gangnam_staff):
    response = token_client(gangnam_staff).post(f"{API}/opportunities", data="{not json",
                                                 content_type="application/json")
    assert_problem(response, 400)


def test_openapi_documents_problems(client):
    schema = client.get(f"{API}/openapi.json").json()
    post_op = schema["paths"]["/api/v1/opportunities"]["post"]
    assert {"400", "401", "403"} <= set(post_op["responses"])
    assert "Problem" in json.dumps(post_op["responses"]["400"])


def test_district_slugs_in_api_are_real(client):
    slugs = {d["slug"] for d in client.get(f"{API}/districts").json()}
    assert slugs == set(District.objects.values_list("slug", flat=True))


@pytest.mark.parametrize("url", [f"{API}/opportunities/{10**20}", f"{API}/runs/{10**20}", f"{API}/venues/0",
                                 f"{API}/opportunities?provider={10**20}"])
def test_absurd_ids_are_problems_not_crashes(client, url):
    response = client.get(url)
    assert response.status_code in (400, 404) and response["Content-Type"] == "application/problem+json"


def test_nul_characters_are_refused_by_field(token_client, gangnam, gangnam_staff):
    api = token_client(gangnam_staff)
    assert_problem(post(api, f"{API}/opportunities", new_opportunity(gangnam, title="강좌\x00")), 400, "title")
    assert_problem(post(api, f"{API}/venues", {"name": "x", "district": "gangnam-gu", "accessibility": ["\x00"]}),
                   400, "accessibility")
    body = assert_problem(post(api, f"{API}/opportunities", new_opportunity(gangnam, provider_id=10**20)), 400)
    assert body["errors"][0]["field"] == "provider_id"


def test_jsonld_does_not_call_an_accessible_place_free(gangnam):
    from learningcity.catalogue.jsonld import place

    venue = factories.venue(provider=gangnam, accessibility=["wheelchair"])
    doc = place(venue)
    assert "isAccessibleForFree" not in doc
    assert doc["amenityFeature"][0]["name"] == "Wheelchair accessible"


@pytest.mark.parametrize("body", ["[null, null]", "42", '"text"', "null"])
def test_a_body_that_is_not_an_object_is_refused(token_client, gangnam, gangnam_staff, body):
    o = factories.opportunity(provider=gangnam, published=False)
    response = token_client(gangnam_staff).patch(f"{API}/opportunities/{o.pk}", data=body,
                                                 content_type="application/json")
    assert_problem(response, 400)
