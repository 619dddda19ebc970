"""Monitoring's input interface: one function per source, each returning an Arrow table (or plain rows for the
small geography), read **only** through other apps' selectors.

| function | source | shape (columns) |
|---|---|---|
| `population()` | `core.selectors.population_cells` | level, area_code, sex, age_band, population |
| `districts()`, `neighbourhoods()` | `core.selectors` | code, names, centroid, (district code, approximate) |
| `venues()` | `catalogue.selectors.venues_for_statistics` | id, kind, district_code, lat, lon, approximate, capacity |
| `runs()` | `catalogue.selectors.runs_for_statistics` | id, opportunity_id, venue_id, district_code, dates, seats, hours, setting, age_min, age_max, online, credential, sector |
| `opportunities()` | `catalogue.selectors.opportunities_for_statistics` | id, modified_at, last_end, setting, credential, district_code |
| `enrolments()` | `learners.selectors.enrolments_for_statistics` | id, learner_key, district_code, birth_year, sex, run_id, opportunity_id, status, enrolled_at, completed_at, attended_hours, credential_issued |
| `self_reports()` | `learners.selectors.self_reported_for_statistics` | learner_key, district_code, birth_year, sex, setting, learned_on, hours, recognised |
| `reviews()` | `learners.selectors.reviews_for_statistics` | run_id, rating, created_at |
| `learners()` | `learners.selectors.learners_for_statistics` | learner_key, district_code, birth_year, sex |
| `statements_after(after_id, limit)` | `lrs.selectors.statements_for_statistics` (stored order; rows, not a queryset) | id, learner_key, verb, timestamp, duration_s, voids_id |

Tests build hand-made Arrow tables with the same columns (`empty_*`/`table()` below).

Rows are fetched with the selector's own SQL on a raw cursor (not model instances): the selector stays the
contract and a million rows cost about a second instead of ten.
"""

from __future__ import annotations

import datetime
import decimal
from typing import Any, Iterable

import pyarrow as pa
from django.db import connection
from django.db.models import QuerySet

import learningcity.catalogue.selectors as catalogue_selectors
import learningcity.learners.selectors as learners_selectors
import learningcity.lrs.selectors as lrs_selectors
from learningcity.core import selectors as core_selectors
from learningcity.monitoring.schedule import parse_time, run_hours, run_seats

FETCH = 50_000

SCHEMAS: dict[str, list[tuple[str, pa.DataType]]] = {
    "population": [("level", pa.string()), ("area_code", pa.string()), ("sex", pa.string()),
                   ("age_band", pa.string()), ("population", pa.int64())],
    "venues": [("id", pa.int64()), ("kind", pa.string()), ("district_code", pa.string()),
               ("neighbourhood_code", pa.string()), ("lat", pa.float64()), ("lon", pa.float64()),
               ("approximate", pa.bool_()), ("capacity", pa.int64())],
    "runs": [("id", pa.int64()), ("opportunity_id", pa.int64()), ("venue_id", pa.int64()),
             ("district_code", pa.string()), ("start_date", pa.date32()), ("end_date", pa.date32()),
             ("seats", pa.int64()), ("hours", pa.float64()), ("setting", pa.string()), ("age_min", pa.int64()),
             ("age_max", pa.int64()), ("online", pa.bool_()), ("credential", pa.bool_()), ("sector", pa.string())],
    "opportunities": [("id", pa.int64()), ("modified_at", pa.timestamp("us")), ("last_end", pa.date32()),
                      ("setting", pa.string()), ("credential", pa.bool_()), ("district_code", pa.string())],
    "enrolments": [("id", pa.int64()), ("learner_key", pa.int64()), ("district_code", pa.string()),
                   ("birth_year", pa.int64()), ("sex", pa.string()), ("run_id", pa.int64()),
                   ("opportunity_id", pa.int64()), ("status", pa.string()), ("enrolled_at", pa.timestamp("us")),
                   ("completed_at", pa.timestamp("us")), ("attended_hours", pa.float64()),
                   ("credential_issued", pa.bool_())],
    "self_reports": [("learner_key", pa.int64()), ("district_code", pa.string()), ("birth_year", pa.int64()),
                     ("sex", pa.string()), ("setting", pa.string()), ("learned_on", pa.date32()),
                     ("hours", pa.float64()), ("recognised", pa.bool_())],
    "reviews": [("run_id", pa.int64()), ("rating", pa.int64()), ("created_at", pa.timestamp("us"))],
    "learners": [("learner_key", pa.int64()), ("district_code", pa.string()), ("birth_year", pa.int64()),
                 ("sex", pa.string())],
    "statements": [("id", pa.int64()), ("learner_key", pa.int64()), ("verb", pa.string()),
                   ("timestamp", pa.timestamp("us")), ("duration_s", pa.int64()), ("voids_id", pa.int64())],
}

# --- helpers -------------------------------------------------------------------------------------------------

def table(name: str, rows: Iterable[dict[str, Any]]) -> pa.Table:
    """An Arrow table of source `name` from dict rows (tests and adapters); missing columns are null."""
    fields = SCHEMAS[name]
    rows = list(rows)
    return pa.table({col: pa.array([_coerce(r.get(col), typ) for r in rows], type=typ) for col, typ in fields})


def empty(name: str) -> pa.Table:
    return table(name, [])


def _coerce(value: Any, typ: pa.DataType) -> Any:
    """Raw database values (strings on SQLite, objects on PostgreSQL) into what Arrow expects."""
    if value is None:
        return None
    if pa.types.is_timestamp(typ):
        if isinstance(value, str):
            value = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        if isinstance(value, datetime.datetime) and value.tzinfo is not None:
            value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return value
    if pa.types.is_date(typ):
        if isinstance(value, str):
            return datetime.date.fromisoformat(value[:10])
        if isinstance(value, datetime.datetime):
            return value.date()
        return value
    if pa.types.is_boolean(typ):
        return bool(value)
    return value


def _fetch(qs: QuerySet, columns: list[str], types: list[pa.DataType] | None = None) -> Iterable[list[tuple]]:
    """Batches of `qs.values_list(*columns)` rows through the selector's own SQL on a raw cursor.

    On SQLite the selector's query is wrapped so every column is an expression (CAST): Python's sqlite3 then
    skips its per-value converters (Django registers them for dates, times and booleans), which were most of
    the cost of reading ten million rows; Arrow parses the text columns in bulk instead."""
    sql, params = qs.values_list(*columns).query.sql_with_params()
    if connection.vendor == "sqlite" and types:
        names = [f"c{i}" for i in range(len(columns))]
        casts = [f"CAST({n} AS {_SQLITE_AFFINITY(t)})" for n, t in zip(names, types)]
        sql = f"WITH q({', '.join(names)}) AS ({sql}) SELECT {', '.join(casts)} FROM q"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while True:
            rows = cursor.fetchmany(FETCH)
            if not rows:
                return
            yield rows


def _SQLITE_AFFINITY(typ: pa.DataType) -> str:  # noqa: N802 - a table, spelt as one
    if pa.types.is_integer(typ) or pa.types.is_boolean(typ):
        return "INTEGER"
    if pa.types.is_floating(typ):
        return "REAL"
    return "TEXT"


def _types(name: str) -> list[pa.DataType]:
    return [t for _, t in SCHEMAS[name]]


def _rows(batches: Iterable[list[tuple]]) -> Iterable[tuple]:
    for batch in batches:
        yield from batch


def _column(values: list, typ: pa.DataType) -> pa.Array:
    """One Arrow column from raw database values (text on SQLite, objects on PostgreSQL), vectorised where
    Arrow can parse or cast the whole column at once."""
    sample = next((v for v in values if v is not None), None)
    if (pa.types.is_timestamp(typ) or pa.types.is_date(typ)) and isinstance(sample, str):
        if pa.types.is_date(typ):
            values = [v[:10] if v is not None else None for v in values]
        return pa.array(values, pa.string()).cast(typ)
    if pa.types.is_timestamp(typ) and isinstance(sample, datetime.datetime) and sample.tzinfo is not None:
        return pa.array(values, pa.timestamp("us", tz="UTC")).cast(typ)
    if pa.types.is_boolean(typ) and isinstance(sample, int) and not isinstance(sample, bool):
        return pa.array(values, pa.int64()).cast(typ)
    if pa.types.is_date(typ) and isinstance(sample, datetime.datetime):
        return pa.array([_coerce(v, typ) for v in values], type=typ)
    if pa.types.is_floating(typ) and isinstance(sample, decimal.Decimal):  # PostgreSQL numeric (hours)
        return pa.array([float(v) if v is not None else None for v in values], type=typ)
    return pa.array(values, type=typ)


def _arrow(name: str, batches: Iterable[list[tuple]]) -> pa.Table:
    """Arrow table from batches of positional rows in SCHEMAS order."""
    fields = SCHEMAS[name]
    schema = pa.schema(fields)
    record_batches = []
    for batch in batches:
        columns = list(zip(*batch)) if batch else [() for _ in fields]
        record_batches.append(pa.record_batch([_column(list(c), t) for c, (_, t) in zip(columns, fields)],
                                              schema=schema))
    if not record_batches:
        return schema.empty_table()
    return pa.Table.from_batches(record_batches, schema=schema)


def source_names() -> dict[str, str]:
    """Where each person-level source is read from (shown with every snapshot)."""
    return {"enrolments": "learners", "self_reports": "learners", "reviews": "learners", "learners": "learners",
            "statements": "lrs"}


# --- geography and population (core) -------------------------------------------------------------------------

def population() -> pa.Table:
    cols = ["level", "area_code", "sex", "age_band", "population"]
    return _arrow("population", _fetch(core_selectors.population_cells(), cols))


def districts() -> list[dict]:
    return [{"code": d.code, "slug": d.slug, "name_ko": d.name_ko, "name_en": d.name_en,
             "lat": d.centroid_lat, "lon": d.centroid_lon} for d in core_selectors.district_list()]


def neighbourhoods() -> list[dict]:
    rows = core_selectors.neighbourhood_list().values_list(
        "code", "district__code", "name_ko", "name_en", "centroid_lat", "centroid_lon", "centroid_approximate")
    return [{"code": c, "district_code": d, "name_ko": ko, "name_en": en or "", "lat": lat, "lon": lon,
             "approximate": approx} for c, d, ko, en, lat, lon, approx in rows]


def neighbourhood_geometry() -> dict:
    """The neighbourhoods as a GeoJSON FeatureCollection (boundary, or the centroid as a point when the 2013
    boundary file has none), for the access map."""
    features = []
    for n in core_selectors.neighbourhood_list():
        geometry = n.boundary or {"type": "Point", "coordinates": [n.centroid_lon, n.centroid_lat]}
        features.append({"type": "Feature", "id": n.code, "geometry": geometry, "properties": {
            "code": n.code, "district_code": n.district.code, "name_ko": n.name_ko, "name_en": n.name_en or "",
            "approximate": n.centroid_approximate}})
    return {"type": "FeatureCollection", "features": features}


def city() -> dict:
    return {"code": core_selectors.city_area_code() or "city"}


# --- catalogue -------------------------------------------------------------------------------------------------

def venues() -> pa.Table:
    cols = ["id", "kind", "district__code", "neighbourhood__code", "latitude", "longitude", "location_approximate",
            "capacity"]
    return _arrow("venues", _fetch(catalogue_selectors.venues_for_statistics(), cols))


def runs() -> pa.Table:
    """Public runs with their seats and hours worked out (see `schedule.run_seats` and `schedule.run_hours`)."""
    cols = list(catalogue_selectors.STATISTICS_RUN_FIELDS)
    out = []
    for r in _rows(_fetch(catalogue_selectors.runs_for_statistics(), cols)):
        row = dict(zip(cols, r))
        start, end = _coerce(row["start_date"], pa.date32()), _coerce(row["end_date"], pa.date32())
        weekdays = row["weekdays"]
        if isinstance(weekdays, str):
            import json

            weekdays = json.loads(weekdays or "[]")
        out.append((
            row["id"], row["opportunity_id"], row["venue_id"], row["venue__district__code"], start, end,
            run_seats(row["capacity"], row["venue__capacity"]),
            run_hours(start=start, end=end, start_time=parse_time(row["start_time"]), end_time=parse_time(row["end_time"]),
                      weekdays=weekdays or []),
            row["opportunity__setting"], row["opportunity__age_min"], row["opportunity__age_max"],
            row["opportunity__delivery_mode"] == "online" or row["venue_id"] is None,
            bool(row["opportunity__credential_awarded"]), row["opportunity__provider__sector"],
        ))
    return _arrow("runs", [out])


def opportunities() -> pa.Table:
    cols = ["id", "modified_at", "last_end", "setting", "credential_awarded", "provider__district__code"]
    rows = [(i, m, e, s, bool(c), d)
            for i, m, e, s, c, d in _rows(_fetch(catalogue_selectors.opportunities_for_statistics(), cols))]
    return _arrow("opportunities", [rows])


# --- learners (consenting learners only; the selectors decide) ---------------------------------------------------------------------

ENROLMENT_COLS = ["id", "learner_key", "district_code", "birth_year", "sex", "run_id", "opportunity_id", "status",
                  "enrolled_at", "completed_at", "attended_hours", "credential_issued"]
SELF_REPORT_COLS = ["learner_key", "district_code", "birth_year", "sex", "setting", "learned_on", "hours",
                    "recognised"]


def _enrolment_qs() -> QuerySet:
    return learners_selectors.enrolments_for_statistics()


def enrolments(*, modified_since: datetime.datetime | None = None) -> pa.Table:
    """Enrolments (all, or those modified at or after `modified_since`: the selector's `modified_at`)."""
    qs = _enrolment_qs()
    if modified_since is not None:
        if modified_since.tzinfo is None:  # the mirror keeps UTC without a zone
            modified_since = modified_since.replace(tzinfo=datetime.timezone.utc)
        qs = qs.filter(modified_at__gte=modified_since)
    return _arrow("enrolments", _fetch(qs, ENROLMENT_COLS, _types("enrolments")))


def enrolment_count() -> int:
    return learners_selectors.enrolment_ids_for_statistics().count()


def enrolment_ids() -> pa.Array:
    """Every enrolment id (the mirror finds deletions, e.g. erasure or withdrawn consent, with it)."""
    ids: list[int] = []
    for batch in _fetch(learners_selectors.enrolment_ids_for_statistics(), ["id"], [pa.int64()]):
        ids.extend(row[0] for row in batch)
    return pa.array(ids, pa.int64())


def enrolment_latest_change() -> datetime.datetime | None:
    from django.db.models import Max

    value = _enrolment_qs().aggregate(latest=Max("modified_at"))["latest"]
    return _coerce(value, pa.timestamp("us"))


def self_reports() -> pa.Table:
    return _arrow("self_reports", _fetch(learners_selectors.self_reported_for_statistics(), SELF_REPORT_COLS))


def reviews() -> pa.Table:
    return _arrow("reviews", _fetch(learners_selectors.reviews_for_statistics(), ["run_id", "rating", "created_at"]))


def learners() -> pa.Table:
    cols = ["learner_key", "district_code", "birth_year", "sex"]
    return _arrow("learners", _fetch(learners_selectors.learners_for_statistics(), cols))


# --- lrs ---------------------------------------------------------------------------

def statements_after(*, after_id: int, limit: int) -> pa.Table:
    """Statements in stored order with id > after_id (append-only, so a watermark is enough to follow them).
    The LRS parses its stored statements into narrow rows, one batch at a time."""
    return _arrow("statements", [lrs_selectors.statements_for_statistics(after_id=after_id, limit=limit)])


def statement_timestamp(*, statement_id: int) -> datetime.datetime | None:
    """The stored timestamp of one statement (the mirror checks it still matches before appending)."""
    rows = lrs_selectors.statements_for_statistics(after_id=statement_id - 1, limit=1)
    if not rows or rows[0][0] != statement_id:
        return None
    return _coerce(rows[0][3], pa.timestamp("us"))

