"""From catalogue rows to index documents. Reads the database in batches (values(), no model instances), so a
full rebuild of a million runs stays a matter of seconds per hundred thousand.

A run is indexed when it is public: the run and its opportunity published and the run not cancelled, the
same rule as `catalogue.selectors.PUBLIC_RUNS`.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any, Iterable, Iterator

import orjson
from django.db import connection
from django.db.models import QuerySet

from learningcity.catalogue.models import Opportunity, OpportunityRun, Topic
from learningcity.catalogue.selectors import PUBLIC_RUNS
from learningcity.catalogue.vocab import TARGET_GROUPS, WEEKDAYS
from learningcity.core.models import District
from learningcity.search.analysis import hangul_only
from learningcity.search.bits import FacetBits
from learningcity.search.geo import cells_of
from learningcity.search.params import static_choices
from learningcity.search.schema import AGE_NONE_MAX, AGE_NONE_MIN, BIT_FIELDS, FAR_PAST

BATCH = 5000
CACHE_LIMIT = 100_000  # distinct values kept per kind; a catalogue with more starts afresh
MAX_BODY = 2000  # characters of a description that are indexed: enough to find it, bounded cost
ROW_FIELDS = (
    "id", "opportunity_id", "venue_id", "start_date", "end_date", "start_time", "end_time", "weekdays",
    "enrolment_opens", "enrolment_closes", "instructor",
    "opportunity__title", "opportunity__description", "opportunity__provider_id", "opportunity__setting",
    "opportunity__age_min", "opportunity__age_max", "opportunity__target_groups", "opportunity__languages",
    "opportunity__cost", "opportunity__is_free", "opportunity__delivery_mode", "opportunity__accessibility",
    "opportunity__family_friendly", "opportunity__credential_awarded", "opportunity__kind",
    "opportunity__provider__name", "opportunity__provider__sector",
    "venue__name", "venue__latitude", "venue__longitude", "venue__location_approximate", "venue__accessibility",
    "venue__district_id",
)
EPOCH_DAY = datetime.date(1970, 1, 1).toordinal()


def location_key(lat: float, lon: float) -> str:
    return f"{lat:.6f},{lon:.6f}"


def day_number(day: datetime.date) -> int:
    """Days since 1970-01-01: dates as integers for range filters and sorting."""
    return day.toordinal() - EPOCH_DAY


def daypart(minute: int | None) -> str | None:
    if minute is None:
        return None
    return "morning" if minute < 12 * 60 else "afternoon" if minute < 17 * 60 else "evening"


def run_weekdays(start: datetime.date, end: datetime.date, listed: list[str]) -> list[str]:
    """The weekdays a run meets: the listed ones, or every day between start and end."""
    days = [d for d in listed if d in WEEKDAYS]
    if days:
        return days
    span = (end - start).days
    if span >= 6:
        return list(WEEKDAYS)
    return sorted({WEEKDAYS[(start + datetime.timedelta(days=n)).weekday()] for n in range(max(span, 0) + 1)},
                  key=WEEKDAYS.index)


def public_run_ids(*, run_ids: Iterable[int] | None = None) -> QuerySet:
    qs = OpportunityRun.objects.filter(PUBLIC_RUNS)
    if run_ids is not None:
        qs = qs.filter(id__in=list(run_ids))
    return qs


class Lookups:
    """Districts, topics and target-group labels, read once, so rows stay flat and per-row work small.

    `preload_topics()` (a rebuild) reads every opportunity's topics in one pass; otherwise topics are read
    per batch for the opportunities in it.
    """

    def __init__(self, bits: FacetBits | None = None) -> None:
        self.bits = bits  # numbering of facet values (`bits`): the index's own, or None for no numbers
        self.districts = {d.pk: d for d in District.objects.all()}
        self.topic_names = {t.pk: (t.code, t.name_ko, t.name_en) for t in Topic.objects.all()}
        self.group_labels = {code: (str(label), _korean(label)) for code, label in TARGET_GROUPS.items()}
        self.preloaded: dict[int, list[int]] | None = None
        # Values many runs share, worked out once: a venue's place, a JSON list column's text, a union of
        # accessibility lists. A rebuild spends its time per run, so this is most of what keeps it fast.
        self._places: dict[tuple[float, float], tuple[list[str], str]] = {}
        self._lists: dict[Any, list] = {}
        self._access: dict[tuple, list[str]] = {}

    def start_numbering(self) -> FacetBits:
        """A rebuild's numbering of facet values: the vocabularies in code, the districts, the topics."""
        known: dict[str, list[str]] = {name: list(values) for name, values in static_choices().items()}
        known["district"] = sorted(d.slug for d in self.districts.values())
        known["topic"] = sorted(code for code, _, _ in self.topic_names.values())
        known["price"], known["family"] = ["free", "paid"], ["yes", "no"]
        self.bits = FacetBits.numbering(known)
        return self.bits

    def place(self, lat: float, lon: float) -> tuple[list[str], str]:
        """Grid cells and location key of a venue's point."""
        found = self._places.get((lat, lon))
        if found is None:
            found = _remember(self._places, (lat, lon), (cells_of(lat, lon), location_key(lat, lon)))
        return found

    def json_list(self, value) -> list:
        """A JSON list column (text on SQLite, a list on PostgreSQL), parsed once per distinct text. The lists
        returned are shared: read them, never change them."""
        if not isinstance(value, (str, bytes)):
            return list(value) if value is not None else []
        found = self._lists.get(value)
        if found is None:
            found = _remember(self._lists, value, _json_list(value))
        return found

    def access(self, offered, venue) -> list[str]:
        """What the opportunity offers and what the venue has, as one sorted list (worked out once per pair of
        texts; PostgreSQL's lists are not kept)."""
        if isinstance(offered, list) or isinstance(venue, list):
            return sorted(set(self.json_list(offered)) | set(self.json_list(venue)))
        found = self._access.get((offered, venue))
        if found is None:
            found = _remember(self._access, (offered, venue),
                              sorted(set(self.json_list(offered)) | set(self.json_list(venue))))
        return found

    def weekdays(self, start: datetime.date, end: datetime.date, listed) -> list[str]:
        """`run_weekdays` of a weekdays column, its text parsed once."""
        return run_weekdays(start, end, self.json_list(listed))

    def preload_topics(self) -> None:
        out: dict[int, list[int]] = defaultdict(list)
        pairs = Opportunity.topics.through.objects.values_list("opportunity_id", "topic_id")
        for opp_id, topic_id in pairs.iterator(chunk_size=20000):
            out[opp_id].append(topic_id)
        self.preloaded = out

    def topics_of(self, opportunity_ids: list[int]) -> dict[int, list[tuple[str, str, str]]]:
        if self.preloaded is not None:
            source = {i: self.preloaded.get(i, []) for i in opportunity_ids}
        else:
            source = defaultdict(list)
            pairs = Opportunity.topics.through.objects.filter(opportunity_id__in=opportunity_ids)
            for opp_id, topic_id in pairs.values_list("opportunity_id", "topic_id"):
                source[opp_id].append(topic_id)
        return {i: [self.topic_names[t] for t in ids if t in self.topic_names] for i, ids in source.items()}


def _remember(cache: dict, key, value):
    """Keep `value` under `key`, starting the cache afresh past `CACHE_LIMIT` entries (bounded memory)."""
    if len(cache) > CACHE_LIMIT:
        cache.clear()
    cache[key] = value
    return value


def _korean(label) -> str:
    from django.utils import translation

    with translation.override("ko"):
        return str(label)


def iter_rows(qs: QuerySet, *, batch: int = BATCH) -> Iterator[list[tuple]]:
    """Rows of public runs in id order, a batch at a time (keyset paging: no OFFSET scans).

    The ORM writes the SQL (portable across SQLite and PostgreSQL); rows are read as plain tuples without
    per-row model or field conversion, which is most of the cost of reading a million rows.
    """
    last = 0
    while True:
        sql, params = qs.filter(id__gt=last).order_by("id").values_list(*ROW_FIELDS)[:batch].query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def place_key(lat: float | None, lon: float | None) -> int:
    """A Z-order (Morton) key of a point: the bits of its latitude and longitude (each on a 2**20 grid, ~20 m
    by ~40 m) interleaved, so points close together mostly get close keys. No point sorts last."""
    if lat is None or lon is None:
        return 1 << 40
    y = min(max(int((lat + 90.0) / 180.0 * (1 << 20)), 0), (1 << 20) - 1)
    x = min(max(int((lon + 180.0) / 360.0 * (1 << 20)), 0), (1 << 20) - 1)
    return _spread(y) << 1 | _spread(x)


def _spread(v: int) -> int:
    """The 20 bits of v moved to the even positions of a 40-bit number."""
    v = (v | v << 16) & 0x0000FFFF0000FFFF
    v = (v | v << 8) & 0x00FF00FF00FF00FF
    v = (v | v << 4) & 0x0F0F0F0F0F0F0F0F
    v = (v | v << 2) & 0x3333333333333333
    return (v | v << 1) & 0x5555555555555555


PLACE_WINDOW = 100_000  # rows read (in id order) and sorted by place at a time: ~150 MB at most


def iter_rows_by_place(qs: QuerySet, *, batch: int = BATCH, window: int = PLACE_WINDOW) -> Iterator[list[tuple]]:
    """Rows of public runs, `window` at a time in id order, each window sorted by where its runs take place
    (`place_key` of the venue), then handed out a batch at a time. A rebuild adds documents in this order, so
    within each window the runs of one neighbourhood get neighbouring document numbers: a distance search's
    candidates then lie in a few stretches of each posting list, and the engine skips the blocks in between
    instead of decoding every one (measured in docs/search.md). Windows keep memory bounded and the reads
    sequential (sorting all runs first and reading them by id took twice as long at a million)."""
    lat, lon = ROW_FIELDS.index("venue__latitude"), ROW_FIELDS.index("venue__longitude")
    keys: dict[tuple, int] = {}

    def key(row: tuple) -> int:
        point = (row[lat], row[lon])
        found = keys.get(point)
        if found is None:
            found = keys[point] = place_key(*point)
        return found

    for rows in iter_rows(qs, batch=window):
        # A sorted copy: iter_rows pages on the last id of the list it handed out. Stable: id order within a place.
        ordered = sorted(rows, key=key)
        for start in range(0, len(ordered), batch):
            yield ordered[start:start + batch]


def build_documents(rows: list[tuple], lookups: Lookups) -> list[dict[str, Any]]:
    topics = lookups.topics_of(list({r[1] for r in rows}))
    return [run_document(r, topics.get(r[1], []), lookups) for r in rows]


def _json_list(value) -> list:
    """A JSON list column as the driver returns it: text on SQLite, already parsed on PostgreSQL."""
    if value is None or value == "[]":
        return []
    if isinstance(value, (str, bytes)):
        return orjson.loads(value)
    return list(value)


UNIX_EPOCH = datetime.datetime(1970, 1, 1)


def _moment(value) -> tuple[int, str] | None:
    """A stored date-time (naive values are UTC, as Django stores them) as Unix seconds and ISO 8601 text
    with its offset; without building an aware copy of every naive value."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if value.tzinfo is None:
        return int((value - UNIX_EPOCH).total_seconds()), value.isoformat() + "+00:00"
    return int(value.timestamp()), value.isoformat()


def _date(value) -> datetime.date:
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def _time(value) -> datetime.time | None:
    return datetime.time.fromisoformat(value) if isinstance(value, str) else value


def run_document(r: tuple, topics: list[tuple[str, str, str]], lookups: Lookups) -> dict[str, Any]:
    """The index document of one run (a dict for `tantivy.Document.from_dict`), from a `ROW_FIELDS` row.

    A rebuild calls this a million times for a million runs: what many runs share comes from `lookups`.
    """
    (run_id, opportunity_id, venue_id, start_date, end_date, start_time, end_time, weekdays_raw,
     enrolment_opens, enrolment_closes, instructor, title, description, provider_id, setting, age_min, age_max,
     groups_raw, languages_raw, cost_raw, is_free, mode, access_raw, family, credential, kind, provider_name,
     sector, venue_name, lat, lon, approximate, venue_access_raw, district_id) = r
    start_date, end_date = _date(start_date), _date(end_date)
    start_time, end_time = _time(start_time), _time(end_time)
    opens, closes = _moment(enrolment_opens), _moment(enrolment_closes)
    district = lookups.districts.get(district_id) if district_id else None
    groups = lookups.json_list(groups_raw)
    languages = lookups.json_list(languages_raw)
    access = lookups.access(access_raw, venue_access_raw)
    weekdays = lookups.weekdays(start_date, end_date, weekdays_raw)
    cost = int(float(cost_raw or 0))
    free = bool(is_free) or cost == 0
    title = title or ""
    body = " ".join(filter(None, (description[:MAX_BODY] if description else "", credential, instructor)))
    tag_parts = [provider_name or "", venue_name or ""]
    for _code, name_ko, name_en in topics:
        tag_parts += [name_ko, name_en]
    for code in groups:
        tag_parts += lookups.group_labels.get(code, ())
    if district is not None:
        tag_parts += [district.name_ko, district.name_en]
    tags = " ".join(tag_parts)
    topic_codes = [code for code, _, _ in topics]
    start_day, end_day = start_date.toordinal() - EPOCH_DAY, end_date.toordinal() - EPOCH_DAY
    doc: dict[str, Any] = {
        "doc": "run",
        "run_id": run_id,
        "title": title, "title_bi": _hangul(title),
        "body": body, "body_bi": _hangul(body),
        "tags": tags, "tags_bi": _hangul(tags),
        "sector": sector,
        "setting": setting,
        "mode": mode,
        "language": languages,
        "access": access,
        "topic": topic_codes,
        "group": groups,
        "weekday": weekdays,
        "price": "free" if free else "paid",
        "family": "yes" if family else "no",
        "age_min": AGE_NONE_MIN if age_min is None else age_min,
        "age_max": AGE_NONE_MAX if age_max is None else age_max,
        "cost": 0 if free else cost,
        "start_day": start_day,
        "end_day": end_day,
        "enrol_open": opens[0] if opens else FAR_PAST,
        # No closing time given: enrolment stays open until the run ends (the end of its last day).
        "enrol_close": closes[0] if closes else (end_day + 1) * 86400,
    }
    if start_time is not None:
        start_minute = start_time.hour * 60 + start_time.minute
        doc["daypart"] = daypart(start_minute)
        doc["start_minute"] = start_minute
    if district is not None:
        doc["district"] = district.slug
    if lat is not None and lon is not None:
        doc["lat"], doc["lon"] = float(lat), float(lon)
        doc["cell"], doc["loc"] = lookups.place(lat, lon)
    if lookups.bits is not None:
        for name, word in zip(BIT_FIELDS, lookups.bits.words(doc)):
            if word:
                doc[name] = word
    doc["card"] = orjson.dumps({
        "run": run_id, "opportunity": opportunity_id, "title": title, "provider": provider_name, "kind": kind,
        "venue": venue_name, "venue_id": venue_id, "district": district.slug if district else None,
        "lat": lat, "lon": lon, "approximate": bool(approximate),
        "start": start_date.isoformat(), "end": end_date.isoformat(),
        "start_time": _hh_mm(start_time), "end_time": _hh_mm(end_time),
        "weekdays": weekdays, "cost": 0 if free else cost, "free": free, "age_min": age_min, "age_max": age_max,
        "mode": mode, "topics": topic_codes, "languages": languages,
        "enrolment_opens": opens[1] if opens else None,
        "enrolment_closes": closes[1] if closes else None,
    })
    return doc


def _hangul(text: str) -> str:
    """`hangul_only`, skipping the search when the text has no letter beyond ASCII."""
    return "" if text.isascii() else hangul_only(text)


def _hh_mm(value: datetime.time | None) -> str | None:
    return f"{value.hour:02d}:{value.minute:02d}" if value is not None else None
