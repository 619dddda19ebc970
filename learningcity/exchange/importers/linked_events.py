"""City of Helsinki Linked Events / Linked Courses JSON (`api.hel.fi/linkedevents` and `/linkedcourses`).

Accepts an API page (`{"meta": …, "data": [events]}`) or a bare list of events. One event is one opportunity
with one run; source ids are `linkedevents:<event id>` (e.g. `linkedevents:kulke:50114`).

What the data does not say directly, and how it is read (each reported as a note):
- target age: `audience_min_age`/`audience_max_age` are empty in Linked Courses; the age is in the name,
  "(3–5 v)", "13–18 v", "9-12-vuotiaille", "11–18 år", "(3 kk–4 v)" (3 months: age 0). "aikuisen kanssa"
  (with an adult) marks the course family-friendly;
- time of day: "klo 10.30–12.30" in the name; a day abbreviation before it ("to klo") is the weekday;
- weekday: a run whose first and last day fall on the same weekday meets weekly on that day;
- topics: YSO keywords with a known meaning map to the city's topics (`YSO_TOPICS`); other keywords
  (the publisher's own `kulke:` terms, YSO terms we have not mapped) are listed once per file;
- HTML descriptions become plain text.

Places: a Linked Events place is a venue only if the city knows it. The importer looks for a venue whose
source id is `linkedevents-place:<place id>` (the city office registers it, e.g. in the admin), or creates
one from an embedded place with coordinates inside the city. A place with neither, like `tprek:7254`
(Annantalo, Helsinki) in the Seoul demo city, is **rejected with the reason**: it is not in this city and
has no coordinates, and placing it at some district centre would put a Helsinki arts centre on Seoul's map.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.dateparse import parse_datetime

from learningcity.catalogue import services
from learningcity.catalogue.models import Venue
from learningcity.catalogue.vocab import LANGUAGES, WEEKDAYS, Sector, Status
from learningcity.exchange.context import ImportContext, RowRejected
from learningcity.exchange.importers import register
from learningcity.exchange.sources import SourceError, decode_text, read_bytes
from learningcity.exchange.text import clean_field

HELSINKI = ZoneInfo("Europe/Helsinki")
NAME_LANGUAGES = ("fi", "sv", "en")
# YSO (General Finnish Ontology) concepts whose meaning we checked, mapped to the city's topic codes.
YSO_TOPICS = {
    "yso:p2739": "arts-crafts",        # kuvataide, fine arts
    "yso:p2851": "arts-crafts",        # taide, art
    "yso:p1808": "music",              # musiikki, music
    "yso:p1278": "sports-movement",    # tanssi, dance
    "yso:p916": "sports-movement",     # liikunta, physical exercise
    "yso:p965": "sports-movement",     # urheilu, sport
    "yso:p2850": "history-culture",    # esittävä taide, performing arts
    "yso:p2625": "history-culture",    # teatteritaide, theatre arts
    "yso:p360": "history-culture",     # kulttuuritapahtumat, cultural events
    "yso:p4934": "history-culture",    # museot, museums
    "yso:p1235": "history-culture",    # elokuvat, films
    "yso:p16327": "digital",           # media
    "yso:p8113": "humanities-reading", # kirjallisuus, literature
    "yso:p7969": "humanities-reading", # sanataide, literary art
    "yso:p1148": "humanities-reading", # sarjakuvat, comics
}
YSO_FORMAT = {"yso:p9270"}  # kurssit, courses: says what it is, not what it is about
PUBLISHERS = {
    # data source → (provider name, sector) for publishers we know; others need --provider.
    "kulke": ("Helsingin kaupungin kulttuurikeskus (Helsinki Cultural Centres)", Sector.MUSEUM_CULTURE),
}
AGE = re.compile(
    r"(?P<lo>\d{1,2})\s*(?P<months>kk)?\s*[–—-]\s*(?P<hi>\d{1,2})\s*-?\s*(?P<unit>v\b|vuotia|år\b|years?\b)",
    re.IGNORECASE,
)
CLOCK = re.compile(
    r"(?:\b(?P<day>ma|ti|ke|to|pe|la|su)\s+)?\bkl(?:o)?\.?\s+(?P<h1>\d{1,2})(?:[.:](?P<m1>\d{2}))?\s*[–—-]\s*"
    r"(?P<h2>\d{1,2})(?:[.:](?P<m2>\d{2}))?", re.IGNORECASE,
)
FINNISH_DAYS = {"ma": "MO", "ti": "TU", "ke": "WE", "to": "TH", "pe": "FR", "la": "SA", "su": "SU"}


@dataclass
class ParsedEvent:
    origin_id: str
    title: str
    description: str
    languages: list[str]
    age_min: int | None
    age_max: int | None
    family_friendly: bool
    topics: list[str]
    unmapped_keywords: list[str]
    start_date: datetime.date
    end_date: datetime.date
    start_time: datetime.time | None
    end_time: datetime.time | None
    weekdays: list[str]
    cancelled: bool
    is_free: bool
    cost: Decimal
    url: str
    place_id: str
    place: dict | None
    capacity: int | None
    enrolment_opens: datetime.datetime | None
    enrolment_closes: datetime.datetime | None
    publisher: str
    data_source: str
    notes: list[tuple[str, str]] = field(default_factory=list)


def _text(value, languages=NAME_LANGUAGES) -> tuple[str, str]:
    """(text, language) from a Linked Events multilingual field {"fi": …, "sv": …}."""
    if isinstance(value, str):
        return value, ""
    if not isinstance(value, dict):
        return "", ""
    for lang in languages:
        if value.get(lang):
            return str(value[lang]), lang
    for lang, text in value.items():
        if text:
            return str(text), lang
    return "", ""


def _id_of(ref) -> str:
    """'https://api.hel.fi/linkedcourses/v1/place/tprek:7254/?format=json' → 'tprek:7254'."""
    raw = ref.get("@id", "") if isinstance(ref, dict) else str(ref or "")
    parts = [p for p in raw.split("?")[0].split("/") if p]
    return parts[-1] if parts else ""


def _when(value, name: str) -> datetime.datetime | datetime.date | None:
    if not value:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise RowRejected(name, f"impossible date {value!r}")
    try:
        parsed = parse_datetime(value)
    except ValueError:
        parsed = None
    if parsed is None:
        raise RowRejected(name, f"unreadable date and time {value!r} (expected ISO 8601)")
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=HELSINKI)


def _local_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.astimezone(HELSINKI).date()
    return value


def parse_age(title: str) -> tuple[int | None, int | None]:
    match = AGE.search(title)
    if not match:
        return None, None
    low = 0 if match.group("months") else int(match.group("lo"))
    return low, int(match.group("hi"))


def parse_event(event: dict) -> ParsedEvent:
    """One Linked Events event → what the catalogue needs. Raises RowRejected with the field on bad data."""
    if not isinstance(event, dict):
        raise RowRejected("", "an event must be a JSON object")
    origin = str(event.get("id") or "").strip()
    if not origin:
        raise RowRejected("id", "the event has no id")
    notes: list[tuple[str, str]] = []
    raw_title, title_lang = _text(event.get("name"))
    title = clean_field(raw_title, field="name", max_length=300)
    if not title:
        raise RowRejected("name", "the event has no name")
    raw_desc = _text(event.get("description"))[0] or _text(event.get("short_description"))[0]
    description = clean_field(raw_desc, field="description", multiline=True)
    if raw_desc and description != raw_desc.strip():
        notes.append(("description", "HTML markup removed; imported as plain text"))
    languages = [_id_of(lang) for lang in event.get("in_language") or []]
    languages = [code for code in languages if code in LANGUAGES]
    if not languages and title_lang in LANGUAGES:
        languages = [title_lang]
        notes.append(("in_language", f"no language given; taken from the name's language ({title_lang})"))
    age_min, age_max = event.get("audience_min_age"), event.get("audience_max_age")
    if age_min is None and age_max is None:
        age_min, age_max = parse_age(title)
        if age_min is not None:
            notes.append(("name", f"target age {age_min}–{age_max} read from the name"))
    family = bool(re.search(r"aikuisen kanssa|med en vuxen|with (?:a|an) (?:adult|parent)", title, re.I))
    keywords = [_id_of(k) for k in event.get("keywords") or []]
    topics = list(dict.fromkeys(YSO_TOPICS[k] for k in keywords if k in YSO_TOPICS)) or ["other"]
    unmapped = [k for k in keywords if k not in YSO_TOPICS and k not in YSO_FORMAT]
    start, end = _when(event.get("start_time"), "start_time"), _when(event.get("end_time"), "end_time")
    if start is None:
        raise RowRejected("start_time", "the event has no start")
    start_date = _local_date(start)
    end_date = _local_date(end) or start_date
    if end_date < start_date:
        raise RowRejected("end_time", f"the event ends ({end_date}) before it starts ({start_date})")
    start_time = end_time = None
    weekdays: list[str] = []
    if isinstance(start, datetime.datetime) and isinstance(end, datetime.datetime) and start_date == end_date:
        start_time, end_time = start.astimezone(HELSINKI).time(), end.astimezone(HELSINKI).time()
    clock = CLOCK.search(title)
    if clock and start_time is None:
        h1, m1, h2, m2 = int(clock["h1"]), int(clock["m1"] or 0), int(clock["h2"]), int(clock["m2"] or 0)
        if h1 < 24 and h2 < 24 and m1 < 60 and m2 < 60 and (h2, m2) > (h1, m1):
            start_time, end_time = datetime.time(h1, m1), datetime.time(h2, m2)
            notes.append(("name", f"time of day {start_time:%H:%M}–{end_time:%H:%M} read from the name"))
    if clock and clock["day"]:
        weekdays = [FINNISH_DAYS[clock["day"].lower()]]
    elif end_date > start_date and start_date.weekday() == end_date.weekday():
        weekdays = [WEEKDAYS[start_date.weekday()]]
        notes.append(("start_time", f"first and last day are both {weekdays[0]}: read as weekly on that day"))
    offers = event.get("offers") or [{}]
    offer = offers[0] if isinstance(offers[0], dict) else {}
    is_free = bool(offer.get("is_free"))
    cost = Decimal(0)
    price_text = _text(offer.get("price"))[0]
    if not is_free:
        found = re.search(r"\d+(?:[.,]\d+)?", price_text or "")
        if found:
            try:
                cost = Decimal(found.group(0).replace(",", "."))
            except InvalidOperation:
                cost = Decimal(0)
        else:
            notes.append(("offers", "not free, but no price given"))
    course = event.get("extension_course") or {}
    opens = _when(course.get("enrolment_start_time"), "extension_course.enrolment_start_time")
    closes = _when(course.get("enrolment_end_time"), "extension_course.enrolment_end_time")
    capacity = course.get("maximum_attendee_capacity")
    location = event.get("location") or {}
    url = _text(event.get("info_url"))[0] or _text(offer.get("info_url"))[0]
    return ParsedEvent(
        origin_id=origin, title=title, description=description, languages=languages, age_min=age_min,
        age_max=age_max, family_friendly=family, topics=topics, unmapped_keywords=unmapped,
        start_date=start_date, end_date=end_date, start_time=start_time, end_time=end_time, weekdays=weekdays,
        cancelled=event.get("event_status") == "EventCancelled", is_free=is_free, cost=cost,
        url=url[:500] if url.startswith(("http://", "https://")) else "",
        place_id=_id_of(location), place=location if isinstance(location, dict) and location.get("name") else None,
        capacity=capacity if isinstance(capacity, int) and capacity > 0 else None,
        enrolment_opens=opens if isinstance(opens, datetime.datetime) else None,
        enrolment_closes=closes if isinstance(closes, datetime.datetime) else None,
        publisher=str(event.get("publisher") or ""), data_source=str(event.get("data_source") or ""),
        notes=notes,
    )


def load_events(text: str, name: str) -> list:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(f"{name}: broken JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}.")
    if isinstance(doc, dict) and isinstance(doc.get("data"), list):
        return doc["data"]
    if isinstance(doc, list):
        return doc
    raise SourceError(f"{name}: expected a list of events or an API page with \"data\"; got a "
                      f"{type(doc).__name__}.")


class LinkedEvents:
    name = "linked-events"
    description = "City of Helsinki Linked Events / Linked Courses JSON (API page or list of events)"
    scope = "file"

    def run(self, location: str, ctx: ImportContext) -> None:
        fetched = read_bytes(location, max_bytes=ctx.max_bytes)
        events = load_events(decode_text(fetched), fetched.name)
        if not events:
            raise SourceError(f"{fetched.name} holds no events.")
        providers: dict[str, object] = {}
        ctx.on_rollback.append(providers)
        unmapped: dict[str, int] = {}
        for index, event in enumerate(events, start=1):
            item = f"item {index}" + (f" ({event.get('id')})" if isinstance(event, dict) and event.get("id") else "")
            with ctx.row(fetched.name, item):
                parsed = parse_event(event)
                for keyword in parsed.unmapped_keywords:
                    unmapped[keyword] = unmapped.get(keyword, 0) + 1
                self._save(parsed, ctx, fetched.name, item, providers)
            ctx.progress(fetched.name, index, len(events))
        if unmapped:
            ctx.note(fetched.name, "", "keywords", "keywords without a topic mapping (kept out of topics): "
                     + ", ".join(f"{k} ×{n}" for k, n in sorted(unmapped.items())))

    def _provider(self, parsed: ParsedEvent, ctx, providers):
        if ctx.provider is not None:
            return ctx.provider
        if parsed.data_source not in PUBLISHERS:
            raise RowRejected("publisher", f"publisher {parsed.publisher or '?'} (data source "
                                           f"{parsed.data_source or '?'}) is not known here; give --provider")
        key = f"linkedevents-org:{parsed.publisher or parsed.data_source}"
        if key not in providers:
            name, sector = PUBLISHERS[parsed.data_source]
            providers[key] = services.provider_upsert(source_id=key, name=name, sector=sector, by=ctx.by).obj
        ctx.providers_seen[providers[key].pk] = providers[key]
        return providers[key]

    def _venue(self, parsed: ParsedEvent, ctx, owner) -> Venue:
        source_id = f"linkedevents-place:{parsed.place_id}"
        known = Venue.objects.filter(source_id=source_id).first()
        if known is not None:
            return known
        position = (parsed.place or {}).get("position") or {}
        coordinates = position.get("coordinates") if isinstance(position, dict) else None
        if parsed.place and isinstance(coordinates, list) and len(coordinates) == 2:
            lon, lat = float(coordinates[0]), float(coordinates[1])
            return services.venue_upsert(
                source_id=source_id, by=ctx.by, name=_text(parsed.place.get("name"))[0][:200],
                address=_text(parsed.place.get("street_address"))[0][:300], latitude=lat, longitude=lon,
                provider=owner,
            ).obj  # a point outside the city's districts is rejected by the venue service, with the reason
        raise RowRejected(
            "location",
            f"place {parsed.place_id or '(none)'} is not a venue of {settings.CITY_NAME} and the file gives no "
            f"coordinates for it, so it cannot be placed on the city's map. If it is in the city, register the "
            f"venue with source id {source_id!r} and import again.",
        )

    def _save(self, parsed: ParsedEvent, ctx, name, item, providers) -> None:
        owner = self._provider(parsed, ctx, providers)
        venue = self._venue(parsed, ctx, owner)
        for field_name, message in parsed.notes:
            ctx.note(name, item, field_name, message)
        source_id = f"linkedevents:{parsed.origin_id}"
        opportunity = services.opportunity_upsert(
            source_id=source_id, provider=owner, by=ctx.by, topics=parsed.topics, status=Status.PUBLISHED,
            kind="course", title=parsed.title, description=parsed.description, setting="non_formal",
            age_min=parsed.age_min, age_max=parsed.age_max,
            target_groups=(["children"] if parsed.age_max is not None and parsed.age_max <= 12 else
                           ["youth"] if parsed.age_min is not None and parsed.age_min >= 10 and (parsed.age_max or 99) <= 24
                           else []) + (["families"] if parsed.family_friendly else []),
            family_friendly=parsed.family_friendly, languages=parsed.languages, cost=parsed.cost,
            currency="EUR", is_free=parsed.is_free, delivery_mode="in_person", url=parsed.url,
        )
        run = services.run_upsert(
            source_id=source_id + ":run", opportunity=opportunity.obj, by=ctx.by, status=Status.PUBLISHED,
            venue=venue, start_date=parsed.start_date, end_date=parsed.end_date, start_time=parsed.start_time,
            end_time=parsed.end_time, weekdays=parsed.weekdays, capacity=parsed.capacity,
            enrolment_opens=parsed.enrolment_opens, enrolment_closes=parsed.enrolment_closes,
        )
        if parsed.cancelled and not run.obj.is_cancelled:
            services.run_cancel(run=run.obj, by=ctx.by)
        ctx.report.count(f"opportunities {opportunity.outcome}")
        ctx.report.count(f"runs {run.outcome}")
        for field_name in opportunity.kept_local_edits + run.kept_local_edits:
            ctx.note(name, item, field_name, f"kept the provider's own edit of {field_name!r}")


register(LinkedEvents())
