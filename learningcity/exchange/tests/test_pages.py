"""Exchange pages: open data, template, calendars, CSV export, and feed health (city office only)."""

import csv
import io

from django.db import models
from django.test import Client

from learningcity.catalogue.models import OpportunityRun
from learningcity.exchange.calendars import PersonalCalendar, register_personal_calendar
from learningcity.exchange.runner import run_import
from learningcity.exchange.template import NAMES


def test_dataset_page_lists_feeds_with_licence_and_dcat(db, client):
    html = client.get("/feeds/").content.decode()
    assert "/feeds/opportunities" in html and "/feeds/runs" in html
    assert "creativecommons.org/licenses/by/4.0" in html and '"dcat:Catalog"' in html


def test_template_page_and_download(db, client):
    html = client.get("/feeds/template/").content.decode()
    assert all(name in html for name in NAMES) and "arts-crafts" in html
    response = client.get("/feeds/template.csv")
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv") and next(csv.reader(io.StringIO(text))) == list(NAMES)


def test_run_page_links_its_calendar_which_parses(db, client):
    import icalendar

    run = OpportunityRun.objects.filter(status="published", opportunity__status="published").exclude(
        weekdays=[]).exclude(start_date=models.F("end_date")).first()
    page = client.get(f"/runs/{run.pk}/").content.decode()
    assert f"/runs/{run.pk}/calendar.ics" in page
    response = client.get(f"/runs/{run.pk}/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    event = calendar.walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == run.opportunity.title
    assert event["DTSTART"].dt.date() == run.session_dates()[0]
    assert event["RRULE"]["FREQ"] == ["WEEKLY"] and event["RRULE"]["BYDAY"] == run.weekdays
    assert calendar.walk("VTIMEZONE")  # the city's zone travels with the file
    assert icalendar.Calendar.from_ical(calendar.to_ical()).to_ical() == calendar.to_ical()  # round trip


def test_draft_run_calendar_is_hidden_from_the_public(db, client, gangnam):
    from learningcity.testing import factories

    run = factories.run(opportunity=factories.opportunity(provider=gangnam, published=False), published=False)
    assert client.get(f"/runs/{run.pk}/calendar.ics").status_code == 404


def test_personal_calendar_hook(db, client):
    runs = list(OpportunityRun.objects.filter(status="published")[:3])
    previous = register_personal_calendar(
        lambda token: PersonalCalendar("Ji-woo's learning", runs) if token == "s3cret" else None)
    try:
        response = client.get("/feeds/calendar/s3cret.ics")
        assert response.status_code == 200 and response.content.count(b"BEGIN:VEVENT") == 3
        assert response["Cache-Control"].startswith("private")
        assert client.get("/feeds/calendar/guess.ics").status_code == 404
    finally:
        register_personal_calendar(previous)  # the learners app's own resolver
    assert client.get("/feeds/calendar/s3cret.ics").status_code == 404


def test_csv_export_follows_the_browse_filters(db, client):
    response = client.get("/opportunities/export.csv?topic=music")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows and all("music" in r["topics"].split(";") for r in rows)
    everything = b"".join(client.get("/opportunities/export.csv").streaming_content)
    assert len(everything) > len(b"".join(client.get("/opportunities/export.csv?topic=music").streaming_content))


def test_csv_cells_cannot_become_formulas():
    from learningcity.exchange.exporters.csv import _safe

    assert _safe("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")" and _safe("@SUM(A1)").startswith("'")
    assert _safe("Pottery") == "Pottery"


def test_health_is_for_the_city_office_only(db, client, learner, gangnam_staff, city_office):
    assert client.get("/feeds/health/").status_code == 302  # sign in first
    for user in (learner, gangnam_staff):
        other = Client()
        other.force_login(user)
        assert other.get("/feeds/health/").status_code == 403
    office = Client()
    office.force_login(city_office)
    html = office.get("/feeds/health/").content.decode()
    assert "서울특별시 강남구청" in html


def test_health_shows_last_import_rejects_and_stale_listings(db, city_office, tmp_path, gangnam):
    from django.utils import timezone

    from learningcity.exchange import selectors

    bad = tmp_path / "bad.csv"
    source = open("data/seoul/lifelong_learning_courses_gangnam-gu_2026.csv", encoding="utf-8-sig").read()
    lines = source.splitlines()
    lines[1] = lines[1].replace("2026-09-03,2026-09-03", "2026-09-31,2026-09-31", 1)
    bad.write_text("\n".join(lines), encoding="utf-8")
    report = run_import("kr-lifelong-courses", str(bad), provider=gangnam)
    assert report.outcome == "rolled_back"
    rows = {r.provider.pk: r for r in selectors.provider_health(actor=city_office)}
    row = rows[gangnam.pk]
    assert row.last_import.pk == report.import_run_id and row.rejected_last_import == 1 and row.needs_attention
    today = timezone.localdate()
    expected_stale = OpportunityRun.objects.filter(
        opportunity__provider=gangnam, status="published", opportunity__status="published", is_cancelled=False,
        end_date__lt=today).count()
    assert row.stale_listings == expected_stale
    office = Client()
    office.force_login(city_office)
    detail = office.get(f"/feeds/health/imports/{report.import_run_id}/").content.decode()
    assert "2026-09-31" in detail and "impossible date" in detail


def test_health_selector_refuses_others(db, learner):
    import pytest
    from django.core.exceptions import PermissionDenied

    from learningcity.exchange import selectors

    with pytest.raises(PermissionDenied):
        selectors.provider_health(actor=learner)


def test_browse_page_links_its_results_as_csv(db, client):
    html = client.get("/opportunities/?topic=music").content.decode()
    assert "/opportunities/export.csv?topic=music" in html


def test_runs_to_csv_for_the_search_app(db):
    from learningcity.catalogue.selectors import public_runs
    from learningcity.exchange.exporters.csv import HEADER, runs_to_csv

    runs = list(public_runs().prefetch_related("opportunity__topics")[:5])
    rows = list(csv.reader(io.StringIO(runs_to_csv(runs).lstrip("\ufeff"))))
    assert rows[0] == list(HEADER) and len(rows) == 6
    assert rows[1][0] == str(runs[0].pk) and rows[1][2] == runs[0].opportunity.title


def test_feed_item_ids_are_the_public_pages(db, client):
    item = next(i for i in client.get("/feeds/runs").json()["items"] if i["state"] == "updated")
    path = item["data"]["@id"].replace("http://127.0.0.1:8000", "")
    assert client.get(path).status_code == 200
    assert client.get(item["data"]["instanceOfCourse"]["@id"].replace("http://127.0.0.1:8000", "")).status_code == 200
