"""Our RPDE feeds: ordering, paging, next URLs, tombstones, caching headers, bad parameters."""

import pytest

from learningcity.catalogue import services
from learningcity.catalogue.models import Deletion, Opportunity, OpportunityRun
from learningcity.exchange.exporters.rpde import from_micros, to_micros
from learningcity.testing import factories


def _walk(client, url, limit_pages=50):
    items, pages = [], []
    for _ in range(limit_pages):
        response = client.get(url)
        assert response.status_code == 200
        body = response.json()
        pages.append((url, response["Cache-Control"], body))
        items.extend(body["items"])
        next_url = body["next"].replace("http://127.0.0.1:8000", "")
        if not body["items"]:
            assert next_url == url  # the last page points to itself
            return items, pages
        url = next_url
    raise AssertionError("feed did not end")


def test_micros_round_trip():
    from django.utils import timezone

    now = timezone.now()
    assert from_micros(to_micros(now)) == now


@pytest.mark.parametrize("feed, model", [("opportunities", Opportunity), ("runs", OpportunityRun)])
def test_walking_the_feed_gives_every_record_once_in_order(db, client, feed, model):
    items, pages = _walk(client, f"/feeds/{feed}?limit=100")
    keys = [(i["modified"], i["id"]) for i in items]
    assert keys == sorted(keys) and len({i["id"] for i in items}) == len(items)
    assert {i["id"] for i in items} == set(model.objects.values_list("pk", flat=True))
    assert all(page[1] == "public, max-age=3600" for page in pages[:-1])
    assert pages[-1][1] == "public, max-age=8"
    assert pages[0][2]["license"].startswith("https://creativecommons.org/")
    deleted = [i for i in items if i["state"] == "deleted"]
    assert deleted and all("data" not in i for i in deleted)  # the demo's (미사용) courses are archived
    first = next(i for i in items if i["state"] == "updated")
    assert first["data"]["@context"] == "https://openactive.io/"
    assert first["kind"] == ("Course" if feed == "opportunities" else "CourseInstance")


def test_changes_move_to_the_end_and_deletions_become_tombstones(db, client, gangnam):
    items, pages = _walk(client, "/feeds/runs")
    last_page = pages[-1][0]
    run = OpportunityRun.objects.filter(opportunity__provider=gangnam, status="published").first()
    services.run_update(run=run, by=None, capacity=(run.capacity or 10) + 1)
    opportunity = factories.opportunity(provider=gangnam, published=False)
    draft_run = factories.run(opportunity=opportunity, published=False)
    draft_pk = draft_run.pk
    services.run_delete(run=draft_run, by=None)
    response = client.get(last_page).json()
    ids = [(i["id"], i["state"]) for i in response["items"]]
    assert (run.pk, "updated") in ids and (draft_pk, "deleted") in ids
    assert Deletion.objects.filter(kind="run", record_id=draft_pk).exists()
    # archiving an opportunity turns its runs into tombstones too (their item depends on it)
    services.opportunity_archive(opportunity=run.opportunity, by=None)
    states = {i["id"]: i["state"] for i in client.get(last_page).json()["items"]}
    assert states[run.pk] == "deleted"


@pytest.mark.parametrize("query", ["afterTimestamp=abc&afterId=1", "afterTimestamp=1", "afterId=3",
                                   "afterTimestamp=-5&afterId=1"])
def test_bad_parameters_are_400_problems(db, client, query):
    response = client.get(f"/feeds/runs?{query}")
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert "afterTimestamp" in response.json()["detail"] or "afterId" in response.json()["detail"]


def test_unknown_feed_is_404(db, client):
    assert client.get("/feeds/nope").status_code == 404
