"""iCalendar import on a calendar written the way calendar programs export one."""

from learningcity.catalogue.models import Opportunity, OpportunityRun
from learningcity.exchange.runner import run_import

from .conftest import FIXTURES

ICS = FIXTURES / "community_centre.ics"


def test_calendar_imports_and_is_idempotent(db, other_provider):
    report = run_import("ical", str(ICS), provider=other_provider)
    assert report.outcome == "saved", report.rejected
    assert report.counts["opportunities created"] == 3
    hangul = OpportunityRun.objects.get(source_id=f"ical:{other_provider.pk}/hangul-class-2026@community.example:run")
    assert (hangul.weekdays, str(hangul.start_date), str(hangul.end_date)) == (["TU", "TH"], "2026-03-03", "2026-04-30")
    assert hangul.start_time.strftime("%H:%M") == "10:00" and hangul.venue.district.name_ko == "은평구"
    assert list(hangul.opportunity.topics.values_list("code", flat=True)) == ["korean-language", "languages"]
    swap = OpportunityRun.objects.get(source_id=f"ical:{other_provider.pk}/book-fair-2026@community.example:run")
    assert (str(swap.start_date), str(swap.end_date), swap.start_time) == ("2026-04-25", "2026-04-26", None)
    assert swap.venue.location_approximate and "alert" not in swap.opportunity.description
    club = OpportunityRun.objects.get(source_id=f"ical:{other_provider.pk}/coding-club@community.example:run")
    assert club.is_cancelled and str(club.end_date) == "2026-04-25"  # 8 Saturdays from 7 March
    assert any(n.field == "RECURRENCE-ID" for n in report.notes)
    assert any(n.field == "CATEGORIES" and "robots" in n.reason for n in report.notes)
    again = run_import("ical", str(ICS), provider=other_provider)
    assert again.total("created") == again.total("updated") == 0


def test_unsupported_recurrence_and_garbage(db, other_provider, tmp_path):
    text = ICS.read_text().replace("RRULE:FREQ=WEEKLY;BYDAY=TU,TH", "RRULE:FREQ=MONTHLY;BYDAY=TU")
    path = tmp_path / "monthly.ics"
    path.write_text(text)
    report = run_import("ical", str(path), provider=other_provider)
    assert report.outcome == "rolled_back" and report.rejected[0].field == "RRULE"
    assert not Opportunity.objects.filter(provider=other_provider).exists()
    path.write_text("this is not a calendar")
    assert run_import("ical", str(path), provider=other_provider).outcome == "failed"


def test_calendar_from_a_url_and_http_errors(db, other_provider, feed_server):
    feed_server.routes["/calendar.ics"] = (200, ICS.read_bytes())
    report = run_import("ical", feed_server.base + "/calendar.ics", provider=other_provider)
    assert report.outcome == "saved" and report.counts["opportunities created"] == 3
    report = run_import("ical", feed_server.base + "/missing.ics", provider=other_provider)
    assert report.outcome == "failed" and "HTTP 404" in report.message
