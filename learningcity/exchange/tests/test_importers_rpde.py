"""Harvesting an OpenActive RPDE feed: incremental, resumable, atomic per page, stops safely."""

import json

from learningcity.catalogue.models import OpportunityRun
from learningcity.catalogue.vocab import Status
from learningcity.exchange.models import FeedCursor
from learningcity.exchange.runner import run_import


def _serve_first_harvest(server):
    server.page("/feed", "page1")
    server.page("/feed?afterTimestamp=1000&afterId=2", "page2")
    server.page("/feed?afterTimestamp=1100&afterId=3", "last")


def _run(server, maker_space, **kw):
    return run_import("openactive-rpde", server.base + "/feed", provider=maker_space, **kw)


def _oa_run(server, item_id):
    return OpportunityRun.objects.get(source_id__endswith=f"/feed:{item_id}:run")


def test_harvest_then_resume_then_apply_updates_and_tombstones(db, feed_server, maker_space):
    _serve_first_harvest(feed_server)
    report = _run(feed_server, maker_space)
    assert report.outcome == "saved", report.rejected
    assert report.counts["runs created"] == 3 and report.counts["pages read"] == 3
    drawing = _oa_run(feed_server, 2)
    assert drawing.weekdays == ["WE"] and drawing.start_time.strftime("%H:%M") == "18:30"
    assert drawing.opportunity.cost == 20000 and (drawing.opportunity.age_min, drawing.opportunity.age_max) == (13, 18)
    assert drawing.venue.district.name_en.startswith("Seongbuk")
    cursor = FeedCursor.objects.get(url=feed_server.base + "/feed")
    assert (cursor.last_modified, cursor.last_id) == ("1100", "3")
    assert cursor.next_url == feed_server.base + "/feed?afterTimestamp=1100&afterId=3"

    # Resumable: the next run starts at the saved last page and changes nothing.
    feed_server.requests.clear()
    again = _run(feed_server, maker_space)
    assert feed_server.requests == ["/feed?afterTimestamp=1100&afterId=3"]
    assert again.outcome == "saved" and again.total("created") == again.total("updated") == 0

    # The publisher changes: a tombstone, an update, a new cancelled run.
    feed_server.page("/feed?afterTimestamp=1100&afterId=3", "page3")
    feed_server.page("/feed?afterTimestamp=1300&afterId=4", "last2")
    third = _run(feed_server, maker_space)
    assert third.outcome == "saved", third.rejected
    assert third.counts["runs deleted"] == 1 and third.counts["opportunities deleted"] == 1
    assert _oa_run(feed_server, 1).status == Status.ARCHIVED
    assert _oa_run(feed_server, 2).opportunity.cost == 25000
    assert _oa_run(feed_server, 4).is_cancelled


def test_a_loop_stops_the_harvest_and_keeps_committed_pages(db, feed_server, maker_space):
    feed_server.page("/feed", "page1")
    page = json.loads(open(__file__.replace("test_importers_rpde.py", "fixtures/rpde/page2.json")).read())
    page["next"] = "{base}/feed"  # points back to the first page
    feed_server.page("/feed?afterTimestamp=1000&afterId=2", page)
    report = _run(feed_server, maker_space)
    assert report.outcome == "saved_partly"
    assert "loops" in report.message
    assert OpportunityRun.objects.filter(source_id__contains="/feed:").count() == 2  # page 1 only: page 2 loops


def test_items_going_backwards_are_refused(db, feed_server, maker_space):
    page = json.loads(open(__file__.replace("test_importers_rpde.py", "fixtures/rpde/page1.json")).read())
    page["items"].reverse()
    feed_server.page("/feed", page)
    report = _run(feed_server, maker_space)
    assert report.outcome == "failed" and "goes backwards" in report.message
    assert not OpportunityRun.objects.filter(source_id__contains="/feed:").exists()


def test_server_errors_and_broken_pages_change_nothing_on_that_page(db, feed_server, maker_space):
    feed_server.page("/feed", "page1")
    feed_server.routes["/feed?afterTimestamp=1000&afterId=2"] = (500, b"Internal Server Error")
    report = _run(feed_server, maker_space)
    assert report.outcome == "saved_partly" and "HTTP 500" in report.message
    assert OpportunityRun.objects.filter(source_id__contains="/feed:").count() == 2  # page 1 was committed
    cursor = FeedCursor.objects.get(url=feed_server.base + "/feed")
    assert cursor.next_url.endswith("afterTimestamp=1000&afterId=2")
    feed_server.routes["/feed?afterTimestamp=1000&afterId=2"] = (200, b'{"items": [ {broken')
    report = _run(feed_server, maker_space)
    assert report.outcome == "failed" and "not JSON" in report.message


def test_a_bad_item_rolls_back_its_page_and_the_cursor_stays(db, feed_server, maker_space):
    page = json.loads(open(__file__.replace("test_importers_rpde.py", "fixtures/rpde/page1.json")).read())
    page["items"][1]["data"]["startDate"] = "2026-02-30"
    feed_server.page("/feed", page)
    report = _run(feed_server, maker_space)
    assert report.outcome == "failed"
    assert report.rejected[0].field == "startDate" and "impossible" in report.rejected[0].reason
    assert not OpportunityRun.objects.filter(source_id__contains="/feed:").exists()
    assert not FeedCursor.objects.exists()


def test_outside_the_city_is_rejected(db, feed_server, maker_space):
    page = json.loads(open(__file__.replace("test_importers_rpde.py", "fixtures/rpde/page1.json")).read())
    page["items"][0]["data"]["location"]["geo"] = {"latitude": 51.4545, "longitude": -2.5879}  # Bristol
    feed_server.page("/feed", page)
    report = _run(feed_server, maker_space, skip_invalid=True)
    assert any(r.field == "latitude" and "outside the city" in r.reason for r in report.rejected)
