"""iCalendar (RFC 5545) for runs: one run's `.ics`, and any list of runs as one calendar (a learner's own).

A run becomes one VEVENT: its first session (DTSTART/DTEND in the city's time zone, with a VTIMEZONE), repeated
weekly on its weekdays (or daily) until its last day by an RRULE, with the venue as LOCATION and GEO, the run
page as URL, and STATUS:CANCELLED for a cancelled run. Runs without times are all-day events.

Other apps render calendars through `runs_to_ical(runs, name=…)`; the learners app plugs a learner's runs into
the personal feed with `exchange.calendars.register_personal_calendar` (see that module).
"""

from __future__ import annotations

import datetime
from typing import Iterable
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse

from learningcity.catalogue.models import OpportunityRun

PRODID = "-//Learning City//exchange//EN"


def _event(run: OpportunityRun, tz: ZoneInfo, host: str):
    from icalendar import Event, vRecur

    opportunity = run.opportunity
    event = Event()
    event.add("uid", f"run-{run.pk}@{host}")
    event.add("summary", opportunity.title)
    url = settings.BASE_URL + reverse("catalogue:run", args=[run.pk])
    event.add("url", url)
    description = (opportunity.description or "").strip()
    event.add("description", (description + "\n\n" if description else "") + url)
    event.add("dtstamp", run.modified_at)
    event.add("last-modified", run.modified_at)
    event.add("status", "CANCELLED" if run.is_cancelled else "CONFIRMED")
    sessions = run.session_dates()
    first = sessions[0] if sessions else run.start_date
    if run.start_time and run.end_time:
        event.add("dtstart", datetime.datetime.combine(first, run.start_time, tz))
        event.add("dtend", datetime.datetime.combine(first, run.end_time, tz))
        until = datetime.datetime.combine(run.end_date, datetime.time(23, 59, 59), tz).astimezone(datetime.timezone.utc)
    else:
        event.add("dtstart", first)
        event.add("dtend", first + datetime.timedelta(days=1))
        until = run.end_date
    if run.end_date > first:
        if run.weekdays:
            event.add("rrule", vRecur({"FREQ": "WEEKLY", "BYDAY": list(run.weekdays), "UNTIL": until}))
        else:
            event.add("rrule", vRecur({"FREQ": "DAILY", "UNTIL": until}))
    if run.venue_id:
        venue = run.venue
        event.add("location", ", ".join(p for p in (venue.name, run.room, venue.address) if p))
        event.add("geo", (round(venue.latitude, 6), round(venue.longitude, 6)))
    elif run.online_url:
        event.add("location", run.online_url)
    event.add("organizer", settings.BASE_URL + reverse("catalogue:provider", args=[opportunity.provider.slug]),
              parameters={"CN": opportunity.provider.name})
    return event


def runs_to_ical(runs: Iterable[OpportunityRun], *, name: str) -> bytes:
    """A calendar of these runs (select_related opportunity__provider and venue for speed)."""
    from icalendar import Calendar

    tz = ZoneInfo(settings.TIME_ZONE)
    host = urlsplit(settings.BASE_URL).hostname or "learningcity"
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for run in runs:
        calendar.add_component(_event(run, tz, host))
    calendar.add_missing_timezones()
    return calendar.to_ical()
