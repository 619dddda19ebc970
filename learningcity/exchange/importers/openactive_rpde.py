"""Harvest an OpenActive RPDE feed (Realtime Paged Data Exchange) from a URL; needs --provider.

`learningcity import openactive-rpde https://partner.example/feeds/course-instances --provider <slug>`

- Incremental and resumable: the (modified, id) of the last applied item and the next page's URL are kept per
  feed (`FeedCursor`), written in the same transaction as the page, so the next run starts exactly after the
  last committed page. `--from-start` forgets the cursor (safe: upserts are idempotent).
- Each page is one atomic unit: all its items apply, or none (then the harvest stops and the cursor stays).
- "updated" items upsert an opportunity and its run (source ids `oa:<feed>:<item id>`); "deleted" items are
  tombstones: the run is archived, and its opportunity too when it has no other live run.
- Stops safely, keeping what earlier pages committed, on: HTTP errors, broken JSON, a page that is not RPDE,
  a `next` URL already visited (a loop), items that go backwards in (modified, id), or `--max-pages`.
- Items: OpenActive `CourseInstance`, `SessionSeries`, `Event`, `ScheduledSession`, `EducationEvent` with
  `name`, `startDate`/`endDate` or an `eventSchedule`, a `location` with `geo` (or `address` naming a district),
  `ageRange`, `offers`, `maximumAttendeeCapacity`, `eventStatus`, `url`.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import urllib.parse
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.dateparse import parse_date, parse_datetime

from learningcity.catalogue import services
from learningcity.catalogue.models import OpportunityRun, Topic
from learningcity.catalogue.vocab import WEEKDAYS, Status
from learningcity.exchange.context import ImportContext, RowRejected
from learningcity.exchange.importers import register
from learningcity.exchange.importers._places import DistrictNames
from learningcity.exchange.sources import SourceError, fetch_url, is_url
from learningcity.exchange.text import clean_field

DEFAULT_MAX_PAGES = 1000
PAGE_MAX_BYTES = 20 * 1024 * 1024
DAY_NAMES = {"monday": "MO", "tuesday": "TU", "wednesday": "WE", "thursday": "TH", "friday": "FR",
             "saturday": "SA", "sunday": "SU"}


def _prefix(feed_url: str) -> str:
    parts = urllib.parse.urlsplit(feed_url)
    prefix = f"oa:{parts.netloc}{parts.path.rstrip('/')}"
    return prefix if len(prefix) <= 120 else "oa:" + hashlib.sha1(feed_url.encode()).hexdigest()[:16]


def _key(modified, item_id) -> tuple:
    """Sortable (modified, id): numbers compare as numbers, strings as strings."""
    def part(value):
        if isinstance(value, (int, float)) or (isinstance(value, str) and value.isdigit()):
            return (0, float(value), "")
        return (1, 0.0, str(value))
    return part(modified), part(item_id)


def _day(value: str) -> str | None:
    name = value.rstrip("/").rsplit("/", 1)[-1].casefold()
    return DAY_NAMES.get(name) or (name.upper() if name.upper() in WEEKDAYS else None)


class OpenActiveRpde:
    name = "openactive-rpde"
    description = "OpenActive RPDE feed harvested from a URL, incremental and resumable; needs --provider"
    scope = "page"

    def run(self, location: str, ctx: ImportContext) -> None:
        from learningcity.exchange.services import feed_cursor_advance, feed_cursor_get, feed_cursor_reset

        if not is_url(location):
            raise SourceError("An RPDE feed is read from its http(s):// URL.")
        if ctx.provider is None:
            raise SourceError("Say whose feed this is: --provider <provider slug>.")
        if ctx.options.get("from_start") and not ctx.dry_run:
            feed_cursor_reset(url=location, by=ctx.by)
        cursor = feed_cursor_get(url=location)
        url = cursor.next_url if cursor else location
        last = _key(cursor.last_modified, cursor.last_id) if cursor and cursor.last_id else None
        position = (cursor.last_modified, cursor.last_id) if cursor else ("", "")
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.districts = DistrictNames()
        self.topics = {key.casefold(): t.code for t in Topic.objects.all() for key in (t.code, t.name_en, t.name_ko)}
        self.prefix = _prefix(location)
        max_pages = int(ctx.options.get("max_pages") or DEFAULT_MAX_PAGES)
        visited: set[str] = set()
        for page_number in range(1, max_pages + 1):
            label = f"page {page_number}"
            try:
                page = self._fetch(url)
            except SourceError as exc:
                return self._stop(ctx, url, label, str(exc))
            items, next_url = page["items"], urllib.parse.urljoin(url, page["next"])
            visited.add(url)
            if not items:
                if next_url != url:
                    return self._stop(ctx, url, label, "an empty page must point to itself (RPDE last page); "
                                                      f"it points to {next_url}")
                if not ctx.dry_run:
                    with ctx.unit():
                        feed_cursor_advance(url=location, next_url=url, last_modified=position[0],
                                            last_id=position[1], provider=ctx.provider)
                ctx.report.count("pages read")
                return None
            if next_url in visited:
                return self._stop(ctx, url, label, f"the feed loops: {next_url} was already read in this run")
            problem = self._order_problem(items, last)
            if problem:
                return self._stop(ctx, url, label, problem)
            with ctx.unit():
                for index, item in enumerate(items, start=1):
                    where = f"{label} item {index}" + (f" ({item.get('id')})" if isinstance(item, dict) else "")
                    with ctx.row(url, where):
                        self._item(item, ctx, url, where)
                last_item = items[-1]
                feed_cursor_advance(url=location, next_url=next_url, last_modified=str(last_item["modified"]),
                                    last_id=str(last_item["id"]), provider=ctx.provider)
            if ctx.last_outcome == "rolled_back":
                return self._stop(ctx, url, label, f"{label} had rejected items, so none of it was saved; the "
                                                   "harvest stops here and resumes from this page next time")
            ctx.report.count("pages read")
            ctx.progress("feed pages", page_number, page_number + 1)
            last = _key(last_item["modified"], last_item["id"])
            position = (str(last_item["modified"]), str(last_item["id"]))
            url = next_url
        return self._stop(ctx, url, f"page {max_pages}", f"stopped after {max_pages} pages (--max-pages); run the "
                                                         "import again to continue from here")

    def _stop(self, ctx: ImportContext, url: str, label: str, reason: str) -> None:
        ctx.report.reject(url, label, "", reason)
        ctx.options["stopped"] = f"Stopped at {label}: {reason}."

    def _fetch(self, url: str) -> dict:
        fetched = fetch_url(url, max_bytes=PAGE_MAX_BYTES, accept="application/json")
        try:
            page = json.loads(fetched.data.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise SourceError(f"the page is not JSON ({exc})")
        if not isinstance(page, dict) or not isinstance(page.get("items"), list) or not isinstance(page.get("next"), str):
            raise SourceError("not an RPDE page: it needs an \"items\" list and a \"next\" URL")
        return page

    def _order_problem(self, items: list, last) -> str:
        previous = last
        for index, item in enumerate(items, start=1):
            if not isinstance(item, dict) or "id" not in item or "modified" not in item:
                return f"item {index} has no id or modified: not an RPDE item"
            key = _key(item["modified"], item["id"])
            if previous is not None and key <= previous:
                return (f"item {index} ({item['id']}) is not after the one before it in (modified, id): the feed "
                        "goes backwards or repeats, which would loop")
            previous = key
        return ""

    def _item(self, item: dict, ctx: ImportContext, url: str, where: str) -> None:
        state = item.get("state")
        source_id = f"{self.prefix}:{item['id']}"
        if state == "deleted":
            run = OpportunityRun.objects.select_related("opportunity").filter(source_id=source_id + ":run").first()
            if run is None:
                ctx.report.count("tombstones unknown here")
                return
            if run.status != Status.ARCHIVED:
                services.run_archive(run=run, by=ctx.by)
                ctx.report.count("runs deleted")
            opportunity = run.opportunity
            if opportunity.status != Status.ARCHIVED and not opportunity.runs.exclude(
                    status=Status.ARCHIVED).exists():
                services.opportunity_archive(opportunity=opportunity, by=ctx.by)
                ctx.report.count("opportunities deleted")
            return
        if state != "updated":
            raise RowRejected("state", f"state must be \"updated\" or \"deleted\", not {state!r}")
        data = item.get("data")
        if not isinstance(data, dict):
            raise RowRejected("data", "an updated item needs a data object")
        self._upsert(data, source_id, ctx, url, where)

    def _when(self, value, name):
        if not value:
            return None
        parsed = parse_datetime(value) if "T" in str(value) else None
        if parsed is None:
            try:
                parsed = parse_date(str(value))
            except ValueError:
                parsed = None
            if parsed is None:
                raise RowRejected(name, f"unreadable or impossible date {value!r}")
            return parsed
        return parsed.astimezone(self.tz) if parsed.tzinfo else parsed.replace(tzinfo=self.tz)

    def _upsert(self, data: dict, source_id: str, ctx: ImportContext, url: str, where: str) -> None:
        def note(field: str, message: str) -> None:
            ctx.note(url, where, field, message)

        course = data.get("instanceOfCourse") if isinstance(data.get("instanceOfCourse"), dict) else {}
        title = clean_field(data.get("name") or course.get("name"), field="name", note=note, max_length=300)
        if not title:
            raise RowRejected("name", "no name")
        start, end = self._when(data.get("startDate"), "startDate"), self._when(data.get("endDate"), "endDate")
        schedule = data.get("eventSchedule")
        schedule = schedule[0] if isinstance(schedule, list) and schedule else schedule if isinstance(schedule, dict) else {}
        if start is None and schedule:
            start = self._when(schedule.get("startDate"), "eventSchedule.startDate")
            end = end or self._when(schedule.get("endDate"), "eventSchedule.endDate")
        if start is None:
            raise RowRejected("startDate", "no startDate (nor eventSchedule.startDate)")
        start_date = start.date() if isinstance(start, datetime.datetime) else start
        end_date = (end.date() if isinstance(end, datetime.datetime) else end) or start_date
        start_time = end_time = None
        if isinstance(start, datetime.datetime) and isinstance(end, datetime.datetime) and start_date == end_date:
            start_time, end_time = start.time().replace(second=0, microsecond=0), end.time().replace(second=0,
                                                                                                    microsecond=0)
        weekdays = []
        if schedule:
            weekdays = [d for d in (_day(str(x)) for x in schedule.get("byDay") or []) if d]
            for key, target in (("startTime", "start"), ("endTime", "end")):
                value = schedule.get(key)
                if value:
                    try:
                        parsed = datetime.time.fromisoformat(str(value)[:5])
                    except ValueError:
                        raise RowRejected(f"eventSchedule.{key}", f"unreadable time {value!r}")
                    if target == "start":
                        start_time = parsed
                    else:
                        end_time = parsed
        age = data.get("ageRange") or course.get("ageRange") or {}
        age_min = age.get("minValue") if isinstance(age, dict) else None
        age_max = age.get("maxValue") if isinstance(age, dict) else None
        offers = data.get("offers") or course.get("offers") or []
        cost, currency = Decimal(0), "KRW"
        if offers and isinstance(offers[0], dict):
            try:
                cost = Decimal(str(offers[0].get("price") or 0))
            except InvalidOperation:
                raise RowRejected("offers.price", f"not a price: {offers[0].get('price')!r}")
            currency = str(offers[0].get("priceCurrency") or "KRW")[:3]
        venue, online_url = self._place(data, ctx, note)
        names = [str(a.get("prefLabel") if isinstance(a, dict) else a) for a in
                 (data.get("activity") or []) + (data.get("category") or []) if a]
        topics = list(dict.fromkeys(self.topics[n.casefold()] for n in names if n.casefold() in self.topics))
        page_url = str(data.get("url") or "")
        opportunity = services.opportunity_upsert(
            source_id=source_id, provider=ctx.provider, by=ctx.by, topics=topics or ["other"],
            status=Status.PUBLISHED, kind="course", title=title,
            description=clean_field(data.get("description") or course.get("description"), field="description",
                                    note=note, multiline=True),
            age_min=age_min, age_max=age_max, cost=cost, currency=currency, is_free=cost == 0,
            delivery_mode="online" if venue is None else "in_person",
            url=page_url[:500] if page_url.startswith(("http://", "https://")) else "",
        )
        capacity = data.get("maximumAttendeeCapacity")
        run = services.run_upsert(
            source_id=source_id + ":run", opportunity=opportunity.obj, by=ctx.by, status=Status.PUBLISHED,
            venue=venue, online_url=online_url, start_date=start_date, end_date=end_date, start_time=start_time,
            end_time=end_time, weekdays=weekdays,
            capacity=capacity if isinstance(capacity, int) and capacity > 0 else None,
        )
        if str(data.get("eventStatus", "")).endswith("EventCancelled") and not run.obj.is_cancelled:
            services.run_cancel(run=run.obj, by=ctx.by)
        ctx.report.count(f"opportunities {opportunity.outcome}")
        ctx.report.count(f"runs {run.outcome}")
        for field_name in opportunity.kept_local_edits + run.kept_local_edits:
            note(field_name, f"kept the provider's own edit of {field_name!r}")

    def _place(self, data: dict, ctx: ImportContext, note):
        location = data.get("location") if isinstance(data.get("location"), dict) else None
        virtual = location if location and location.get("@type") == "VirtualLocation" else None
        virtual = virtual or (data.get("virtualLocation") if isinstance(data.get("virtualLocation"), dict) else None)
        if location and location.get("@type") != "VirtualLocation":
            name = clean_field(location.get("name"), field="location.name", max_length=200) or "?"
            address = location.get("address") or {}
            street = address.get("streetAddress", "") if isinstance(address, dict) else str(address)
            place_id = str(location.get("@id") or location.get("identifier") or name)
            geo = location.get("geo") or {}
            lat, lon = geo.get("latitude"), geo.get("longitude")
            district = None if lat is not None else self.districts.in_address(
                " ".join(str(v) for v in (address.values() if isinstance(address, dict) else [address])))
            if lat is None and district is None:
                raise RowRejected("location", f"{name}: no geo coordinates and no district of {settings.CITY_NAME} "
                                              "in the address")
            venue = services.venue_upsert(
                source_id=f"{self.prefix}:place:{place_id}"[:200], by=ctx.by, name=name, address=str(street)[:300],
                latitude=float(lat) if lat is not None else None, longitude=float(lon) if lon is not None else None,
                district=district, provider=ctx.provider,
            ).obj
            return venue, ""
        if virtual and str(virtual.get("url", "")).startswith(("http://", "https://")):
            return None, virtual["url"][:500]
        raise RowRejected("location", "no location (a Place with geo, or a VirtualLocation with a url)")


register(OpenActiveRpde())
