"""GET /api/v1/search: the same parameters and answers as the page, 400 problem documents for bad input."""

import pytest


@pytest.fixture
def api(client, demo_index):
    def get(**params):
        return client.get("/api/v1/search", params)

    return get


def test_search_returns_results_facets_and_links(api):
    from learningcity.search.api import SearchOut

    response = api(q="피아노", per_page=3)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    body = response.json()
    SearchOut.model_validate(body)  # the documented shape (the view serialises without Ninja's validation)
    assert body["total"] >= 20 and len(body["items"]) == 3 and body["pages"] == -(-body["total"] // 3)
    item = body["items"][0]
    assert "피아노" in item["title"] and item["url"] == f"/opportunities/{item['opportunity']}/"
    assert item["run_url"] == f"/runs/{item['run']}/"
    assert {"district", "topic", "mode", "weekday"} <= set(body["facets"])
    assert body["facets"]["district"][0] == {"value": "gangnam-gu", "count": body["total"], "selected": False}


def test_lists_and_booleans_as_query_parameters(api):
    body = api(q="요리", free="true", weekday=["TU", "TH"], facets="false").json()
    assert body["facets"] == {} and body["total"] > 0
    assert all(item["free"] for item in body["items"])
    assert all(set(item["weekdays"]) & {"TU", "TH"} for item in body["items"])


def test_distance_sort_gives_distances(api):
    body = api(near="gangnam-gu", radius_km=5, sort="distance", per_page=5).json()
    distances = [item["distance_km"] for item in body["items"]]
    assert distances == sorted(distances) and all(d <= 5 for d in distances)


def test_no_results_suggests_what_to_relax(api):
    body = api(q="요리", district="jongno-gu").json()
    assert body["total"] == 0
    assert body["suggestions"][0]["drop"] == "district" and body["suggestions"][0]["count"] > 0


@pytest.mark.parametrize("params, field", [
    ({"q": "가" * 201}, "q"),
    ({"lat": "95", "lon": "127"}, "lat"),
    ({"lat": "abc", "lon": "127"}, "lat"),
    ({"lat": "37.5", "lon": "127", "radius_km": "500"}, "radius_km"),
    ({"radius_km": "3"}, "radius_km"),
    ({"district": "atlantis"}, "district"),
    ({"topic": "astrology"}, "topic"),
    ({"mode": "teleport"}, "mode"),
    ({"sort": "distance"}, "sort"),
    ({"page": "1000000"}, "page"),
    ({"page": "-1"}, "page"),
    ({"per_page": "0"}, "per_page"),
    ({"age": "200"}, "age"),
    ({"date_from": "31/12/2026"}, "date_from"),
])
def test_bad_input_is_a_400_problem_naming_the_field(api, params, field):
    response = api(**params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400 and body["detail"]
    assert any(field in e["field"] for e in body["errors"])


@pytest.mark.parametrize("q", ['"', "a AND (b", "title:x", "*", "~^", "\\", "[1 TO 5]", "🙂", "%00"])
def test_query_syntax_never_fails(api, q):
    assert api(q=q).status_code == 200


def test_a_nul_character_is_a_400_problem(api):
    # Refused for every address by core.middleware.RefuseNulMiddleware (PostgreSQL cannot compare it).
    response = api(q="a\x00b")
    assert response.status_code == 400 and "NUL" in response.json()["detail"]


def test_no_index_yet_is_503_with_retry_after(client, search_dir, db):
    response = client.get("/api/v1/search", {"q": "x"})
    assert response.status_code == 503
    assert response["Retry-After"] and response.json()["status"] == 503


def test_openapi_documents_the_search(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/search"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"q", "lat", "lon", "near", "radius_km", "age", "district", "topic", "free", "sort", "page"} <= names
    assert "400" in operation["responses"] and "503" in operation["responses"]
