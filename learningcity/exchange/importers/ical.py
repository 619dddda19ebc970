"""iCalendar (RFC 5545) feeds: a provider's .ics file or calendar URL; needs --provider.

One VEVENT is one opportunity with one run; its UID gives the source ids (`ical:<provider id>/<UID>`), so a
changed event updates the same records. Read: SUMMARY, DESCRIPTION (HTML removed), DTSTART/DTEND (dates or
times, converted to the city's time zone), RRULE (weekly with BYDAY, or daily; UNTIL or COUNT decide the last
day; other rules are rejected with the reason), LOCATION with GEO (a venue at those coordinates; outside the
city is rejected) or without (an existing venue of the same name, or a district named in it: placed at the
district centre, approximate), URL, STATUS:CANCELLED (the run is cancelled), CATEGORIES (city topic codes or
names). Overridden instances (RECURRENCE-ID) are reported and skipped.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q

from learningcity.catalogue import services
from learningcity.catalogue.models import Topic, Venue
from learningcity.catalogue.vocab import WEEKDAYS, Status
from learningcity.exchange.context import ImportContext, RowRejected
from learningcity.exchange.importers import register
from learningcity.exchange.importers._places import DistrictNames
from learningcity.exchange.sources import SourceError, decode_text, read_bytes
from learningcity.exchange.text import clean_field

MAX_SESSIONS = 366


def _local(value, tz: ZoneInfo) -> datetime.datetime | datetime.date:
    if isinstance(value, datetime.datetime):
        return value.astimezone(tz) if value.tzinfo else value.replace(tzinfo=tz)
    return value


def _as_date(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


class ICalendar:
    name = "ical"
    description = "iCalendar (.ics) file or feed URL; needs --provider"
    scope = "file"

    def run(self, location: str, ctx: ImportContext) -> None:
        import icalendar

        if ctx.provider is None:
            raise SourceError("Say whose calendar this is: --provider <provider slug>.")
        fetched = read_bytes(location, max_bytes=ctx.max_bytes)
        text = decode_text(fetched)
        try:
            calendar = icalendar.Calendar.from_ical(text)
        except ValueError as exc:
            raise SourceError(f"{fetched.name}: not a readable iCalendar file ({exc}).")
        if calendar.name != "VCALENDAR":
            raise SourceError(f"{fetched.name}: expected BEGIN:VCALENDAR.")
        events = list(calendar.walk("VEVENT"))
        if not events:
            raise SourceError(f"{fetched.name} holds no events (VEVENT).")
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.districts = DistrictNames()
        topics = {}
        for t in Topic.objects.all():
            for key in (t.code, t.name_en, t.name_ko):
                topics[key.casefold()] = t.code
        for index, event in enumerate(events, start=1):
            uid = str(event.get("UID") or "").strip()
            item = f"event {index}" + (f" ({uid})" if uid else "")
            with ctx.row(fetched.name, item):
                self._event(event, uid, ctx, fetched.name, item, topics)
            ctx.progress(fetched.name, index, len(events))

    def _schedule(self, event, note) -> dict:
        start = event.get("DTSTART")
        if start is None:
            raise RowRejected("DTSTART", "the event has no DTSTART")
        start = _local(start.dt, self.tz)
        end_prop = event.get("DTEND")
        end = _local(end_prop.dt, self.tz) if end_prop is not None else None
        if end is None and event.get("DURATION") is not None:
            end = start + event.get("DURATION").dt
        all_day = not isinstance(start, datetime.datetime)
        start_date = _as_date(start)
        if end is None:
            end_date = start_date
        else:
            end_date = _as_date(end) - (datetime.timedelta(days=1) if all_day and _as_date(end) > start_date else
                                        datetime.timedelta())
        if end_date < start_date:
            raise RowRejected("DTEND", f"the event ends ({end_date}) before it starts ({start_date})")
        start_time = end_time = None
        if not all_day and isinstance(end, datetime.datetime):
            start_time, end_time = start.time().replace(second=0, microsecond=0), end.time().replace(second=0,
                                                                                                    microsecond=0)
            if end_time <= start_time:
                start_time = end_time = None
                note("DTEND", "the event runs past midnight: imported without times of day")
        weekdays: list[str] = []
        rule = event.get("RRULE")
        if rule:
            freq = (rule.get("FREQ") or [""])[0]
            if freq not in ("WEEKLY", "DAILY"):
                raise RowRejected("RRULE", f"repeating {freq or '?'} is not supported (weekly and daily are); "
                                           "list the dates as separate events")
            if freq == "WEEKLY":
                weekdays = [d[-2:] for d in rule.get("BYDAY", [])] or [WEEKDAYS[start_date.weekday()]]
                if any(d not in WEEKDAYS for d in weekdays):
                    raise RowRejected("RRULE", f"unreadable BYDAY {rule.get('BYDAY')}")
            if rule.get("UNTIL"):
                end_date = _as_date(_local(rule["UNTIL"][0], self.tz))
            elif rule.get("COUNT"):
                count = int(rule["COUNT"][0])
                if count > MAX_SESSIONS:
                    raise RowRejected("RRULE", f"COUNT={count} is more than {MAX_SESSIONS} sessions")
                day, seen = start_date, 0
                while seen < count:
                    if freq == "DAILY" or WEEKDAYS[day.weekday()] in weekdays:
                        seen += 1
                        end_date = day
                    day += datetime.timedelta(days=1)
            else:
                raise RowRejected("RRULE", "a repeating event without UNTIL or COUNT never ends; give one")
            if end_date < start_date:
                raise RowRejected("RRULE", f"UNTIL ({end_date}) is before DTSTART ({start_date})")
        return {"start_date": start_date, "end_date": end_date, "start_time": start_time, "end_time": end_time,
                "weekdays": weekdays}

    def _venue(self, event, ctx, note) -> Venue | None:
        place = clean_field(str(event.get("LOCATION") or ""), field="LOCATION", max_length=200)
        geo = event.get("GEO")
        if not place and geo is None:
            return None
        name = place.split(",")[0].strip() or "?"
        source_id = f"ical-venue:{ctx.provider.pk}/{name}"
        if geo is not None:
            return services.venue_upsert(source_id=source_id, by=ctx.by, name=name, address=place,
                                         latitude=float(geo.latitude), longitude=float(geo.longitude),
                                         provider=ctx.provider).obj
        known = Venue.objects.filter(Q(source_id=source_id) | Q(name=name)).order_by("-provider_id").first()
        if known is not None:
            return known
        district = self.districts.in_address(place)
        if district is None:
            raise RowRejected("LOCATION", f"{place!r} is not a venue of {settings.CITY_NAME} and names no district; "
                                          "add GEO:latitude;longitude or the district to the location")
        note("LOCATION", f"venue {name}: no coordinates; placed at the centre of {district.name_ko} (approximate)")
        return services.venue_upsert(source_id=source_id, by=ctx.by, name=name, address=place, district=district,
                                     latitude=None, longitude=None, provider=ctx.provider).obj

    def _event(self, event, uid, ctx, name, item, topics) -> None:
        def note(field: str, message: str) -> None:
            ctx.note(name, item, field, message)

        if not uid:
            raise RowRejected("UID", "the event has no UID, so a later import could not update it")
        if event.get("RECURRENCE-ID") is not None:
            note("RECURRENCE-ID", "a changed single instance of a repeating event: skipped")
            return
        title = clean_field(str(event.get("SUMMARY") or ""), field="SUMMARY", note=note, max_length=300)
        if not title:
            raise RowRejected("SUMMARY", "the event has no SUMMARY (title)")
        schedule = self._schedule(event, note)
        venue = self._venue(event, ctx, note)
        url = str(event.get("URL") or "").strip()
        categories = []
        for prop in (event.get("CATEGORIES") if isinstance(event.get("CATEGORIES"), list)
                     else [event.get("CATEGORIES")] if event.get("CATEGORIES") else []):
            categories.extend(str(c) for c in prop.cats)
        topic_codes = list(dict.fromkeys(topics[c.casefold()] for c in categories if c.casefold() in topics))
        unknown = [c for c in categories if c.casefold() not in topics]
        if unknown:
            note("CATEGORIES", f"not city topics, left out: {', '.join(unknown)}")
        online = venue is None
        if online and not url:
            raise RowRejected("LOCATION", "no LOCATION and no URL: say where it happens")
        source_id = f"ical:{ctx.provider.pk}/{uid}"
        opportunity = services.opportunity_upsert(
            source_id=source_id, provider=ctx.provider, by=ctx.by, topics=topic_codes or ["other"],
            status=Status.PUBLISHED, kind="course" if schedule["start_date"] != schedule["end_date"] else "event",
            title=title, delivery_mode="online" if online else "in_person",
            description=clean_field(str(event.get("DESCRIPTION") or ""), field="DESCRIPTION", note=note,
                                    multiline=True),
            url=url[:500] if url.startswith(("http://", "https://")) else "",
        )
        run = services.run_upsert(
            source_id=source_id + ":run", opportunity=opportunity.obj, by=ctx.by, status=Status.PUBLISHED,
            venue=venue, online_url=url[:500] if online else "",
            **schedule,
        )
        if str(event.get("STATUS") or "").upper() == "CANCELLED" and not run.obj.is_cancelled:
            services.run_cancel(run=run.obj, by=ctx.by)
        ctx.report.count(f"opportunities {opportunity.outcome}")
        ctx.report.count(f"runs {run.outcome}")
        for field_name in opportunity.kept_local_edits + run.kept_local_edits:
            note(field_name, f"kept the provider's own edit of {field_name!r}")


register(ICalendar())
