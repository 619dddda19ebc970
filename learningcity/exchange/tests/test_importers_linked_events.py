"""City of Helsinki Linked Courses, on the real Annantalo fixture."""

import json

import pytest

from learningcity.catalogue.models import Opportunity, OpportunityRun
from learningcity.exchange.importers.linked_events import parse_event
from learningcity.exchange.runner import run_import

from .conftest import HELSINKI

EVENTS = {e["id"]: e for e in json.loads(HELSINKI.read_text())}


@pytest.mark.parametrize("origin, ages, times, days", [
    ("kulke:50114", (3, 5), ("13:00", "15:00"), ["SA"]),       # "(3–5 v) klo 13-15"
    ("kulke:49488", (13, 18), ("14:00", "15:45"), ["SA"]),     # "13–18 v klo 14.00–15.45"
    ("kulke:49446", (0, 4), ("09:30", "10:15"), ["TU"]),       # "(3 kk–4 v)": three months old is age 0
    ("kulke:49261", (9, 12), (None, None), []),                # "9-12-vuotiaille"; Fri to Sun: no weekday
    ("kulke:49471", (14, 18), ("17:30", "19:45"), ["TH"]),     # "to klo": torstai, Thursday
    ("kulke:49473", (11, 18), ("17:15", "19:30"), ["TH"]),     # Swedish: "11–18 år kl 17.15–19.30"
])
def test_age_time_and_weekday_come_from_the_name(db, origin, ages, times, days):
    parsed = parse_event(EVENTS[origin])
    assert (parsed.age_min, parsed.age_max) == ages
    assert tuple(t.strftime("%H:%M") if t else None for t in (parsed.start_time, parsed.end_time)) == times
    assert parsed.weekdays == days


def test_every_event_gets_an_age_and_topics_from_yso(db):
    parsed = [parse_event(e) for e in EVENTS.values()]
    assert all(p.age_min is not None and p.age_max is not None for p in parsed)
    assert parse_event(EVENTS["kulke:49776"]).family_friendly  # "aikuisen kanssa": with an adult
    assert parse_event(EVENTS["kulke:50114"]).topics == ["arts-crafts", "sports-movement"]  # fine arts, dance
    assert parse_event(EVENTS["kulke:49446"]).topics == ["music"]
    assert "<p>" not in parse_event(EVENTS["kulke:50114"]).description


def test_in_seoul_the_helsinki_venue_is_rejected_with_the_reason(db):
    before = Opportunity.objects.count()
    report = run_import("linked-events", str(HELSINKI))
    assert report.outcome == "rolled_back" and len(report.rejected) == 20
    assert all(r.field == "location" and "tprek:7254" in r.reason and "not a venue of Seoul" in r.reason
               for r in report.rejected)
    assert Opportunity.objects.count() == before


def test_with_the_place_registered_all_20_import_once(db, annantalo_stand_in):
    report = run_import("linked-events", str(HELSINKI))
    assert report.outcome == "saved", report.rejected[:3]
    assert report.counts["opportunities created"] == 20 and report.counts["runs created"] == 20
    run = OpportunityRun.objects.get(source_id="linkedevents:kulke:49446:run")
    assert run.venue == annantalo_stand_in and run.weekdays == ["TU"]
    assert (run.opportunity.age_min, run.opportunity.age_max, run.opportunity.currency) == (0, 4, "EUR")
    assert run.opportunity.provider.source_id == "linkedevents-org:ahjo:u4804001050"
    assert any("keywords without a topic mapping" in n.reason for n in report.notes)
    again = run_import("linked-events", str(HELSINKI))
    assert again.counts["opportunities unchanged"] == 20 and again.total("updated") == 0


def test_broken_json_fails_clearly(db, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text(HELSINKI.read_text()[:5000])
    report = run_import("linked-events", str(path))
    assert report.outcome == "failed" and "broken JSON at line" in report.message


def test_impossible_date_is_rejected(db, tmp_path, annantalo_stand_in):
    events = json.loads(HELSINKI.read_text())[:2]
    events[1]["start_time"] = "2020-02-31"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(events))
    report = run_import("linked-events", str(path))
    assert report.outcome == "rolled_back" and report.rejected[0].field == "start_time"
    assert report.rejected[0].line == "item 2 (kulke:50110)"
    assert not Opportunity.objects.filter(source_id__startswith="linkedevents:").exists()
