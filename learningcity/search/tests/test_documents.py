"""From catalogue rows to index documents: the order a rebuild reads the runs in, and the values many runs
share, worked out once."""

import datetime
import random
import zoneinfo

import orjson

from learningcity.search import documents
from learningcity.search.documents import (
    ROW_FIELDS, Lookups, build_documents, iter_rows, iter_rows_by_place, place_key, public_run_ids,
)
from learningcity.core.models import District
from learningcity.testing import factories


def _interleaved(y: int, x: int) -> int:
    return sum(((y >> b) & 1) << (2 * b + 1) | ((x >> b) & 1) << (2 * b) for b in range(20))


def test_the_place_key_interleaves_the_grid_bits_of_latitude_and_longitude():
    rng = random.Random(7)
    for _ in range(500):
        lat, lon = rng.uniform(-90, 90), rng.uniform(-180, 180)
        y, x = int((lat + 90) / 180 * 2**20), int((lon + 180) / 360 * 2**20)
        assert place_key(lat, lon) == _interleaved(y, x)
    assert place_key(90.0, 180.0) == _interleaved(2**20 - 1, 2**20 - 1)  # the edges stay on the grid
    assert place_key(None, None) > place_key(90.0, 180.0)  # runs without a place come last


def test_rows_by_place_are_the_rows_by_id_in_the_order_of_their_venues(gangnam):
    rng = random.Random(3)
    venues = [factories.venue(provider=gangnam, lat=d.centroid_lat + rng.uniform(-0.003, 0.003),
                              lon=d.centroid_lon + rng.uniform(-0.003, 0.003))
              for d in District.objects.order_by("?")[:12]]
    for _ in range(40):
        factories.run(opportunity=factories.opportunity(provider=gangnam), venue=rng.choice(venues))
    factories.run(opportunity=factories.opportunity(provider=gangnam, delivery_mode="online"),
                  online_url="https://learn.example/live")
    factories.run(opportunity=factories.opportunity(provider=gangnam), published=False)  # not public

    by_id = [row for rows in iter_rows(public_run_ids()) for row in rows]
    batches = list(iter_rows_by_place(public_run_ids(), batch=7))
    by_place = [row for rows in batches for row in rows]
    assert sorted(by_place) == sorted(by_id) and len(by_place) == len(by_id) >= 41
    assert max(len(rows) for rows in batches) == 7
    assert _keys(by_place) == sorted(_keys(by_place))
    assert by_place[-1][LAT] is None  # the online run

    # A large catalogue is sorted a window at a time (bounded memory): each window of runs, taken in id
    # order, comes out sorted by place.
    windowed = [row for rows in iter_rows_by_place(public_run_ids(), batch=7, window=20) for row in rows]
    assert sorted(windowed) == sorted(by_id)
    for start in range(0, len(windowed), 20):
        window = windowed[start:start + 20]
        assert sorted(row[0] for row in window) == [row[0] for row in by_id[start:start + 20]]
        assert _keys(window) == sorted(_keys(window))


LAT, LON = ROW_FIELDS.index("venue__latitude"), ROW_FIELDS.index("venue__longitude")


def _keys(rows: list[tuple]) -> list[tuple[int, int]]:
    return [(place_key(row[LAT], row[LON]), row[0]) for row in rows]


# ---- values shared by many runs ------------------------------------------------------------------------

def test_a_moment_is_the_same_whether_the_database_gives_it_naive_aware_or_as_text():
    seoul = zoneinfo.ZoneInfo("Asia/Seoul")
    aware = datetime.datetime(2026, 12, 2, 18, 30, 5, tzinfo=seoul)
    utc = aware.astimezone(datetime.timezone.utc)
    naive_utc = utc.replace(tzinfo=None)  # how SQLite hands Django's stored UTC back
    expected_seconds = int(aware.timestamp())
    assert documents._moment(aware) == (expected_seconds, aware.isoformat())
    assert documents._moment(utc) == (expected_seconds, "2026-12-02T09:30:05+00:00")
    assert documents._moment(naive_utc) == (expected_seconds, "2026-12-02T09:30:05+00:00")
    assert documents._moment("2026-12-02 09:30:05") == (expected_seconds, "2026-12-02T09:30:05+00:00")
    assert documents._moment(None) is None


def test_list_columns_read_as_text_or_as_lists_give_the_same_values(db):
    lookups = Lookups()
    assert lookups.json_list('["en", "ko"]') == lookups.json_list(["en", "ko"]) == ["en", "ko"]
    assert lookups.json_list('["en", "ko"]') is lookups.json_list('["en", "ko"]')  # parsed once
    assert lookups.json_list(None) == lookups.json_list("[]") == []
    # Accessibility: what the opportunity offers and what the venue has, one sorted list without repeats.
    assert lookups.access('["captions"]', '["wheelchair", "captions"]') == ["captions", "wheelchair"]
    assert lookups.access(["captions"], ["wheelchair", "captions"]) == ["captions", "wheelchair"]
    assert lookups.access(None, None) == []
    # Weekdays: the listed ones (unknown codes dropped), else every day the run spans.
    monday = datetime.date(2026, 12, 7)
    assert lookups.weekdays(monday, monday + datetime.timedelta(days=30), '["WE", "XX"]') == ["WE"]
    assert lookups.weekdays(monday, monday + datetime.timedelta(days=1), "[]") == ["MO", "TU"]
    assert lookups.weekdays(monday, monday + datetime.timedelta(days=1), '["XX"]') == ["MO", "TU"]
    assert lookups.weekdays(monday, monday, ["SA"]) == ["SA"]


def test_the_caches_of_shared_values_start_afresh_past_their_limit(db, monkeypatch):
    monkeypatch.setattr(documents, "CACHE_LIMIT", 3)
    lookups = Lookups()
    for n in range(10):
        assert lookups.json_list(f'["v{n}"]') == [f"v{n}"]
        assert lookups.access(f'["a{n}"]', '["b"]') == [f"a{n}", "b"]
    assert len(lookups._lists) <= 4 and len(lookups._access) <= 4


def test_a_document_as_the_rebuild_and_the_follower_make_it(gangnam):
    venue = factories.venue(provider=gangnam, lat=37.5172, lon=127.0473, accessibility=["wheelchair"])
    opportunity = factories.opportunity(provider=gangnam, title="서예교실 Calligraphy", languages=["ko", "en"],
                                        accessibility=["captions"], cost=0, target_groups=["older_adults"])
    start = datetime.date.today() + datetime.timedelta(days=10)
    seoul = zoneinfo.ZoneInfo("Asia/Seoul")
    closes = datetime.datetime.combine(start, datetime.time(18, 0), tzinfo=seoul)
    run = factories.run(opportunity=opportunity, venue=venue, weekdays=["TU", "TH"], start=start,
                        start_time=datetime.time(19, 0), end_time=datetime.time(21, 0),
                        enrolment_opens=closes - datetime.timedelta(days=20), enrolment_closes=closes)
    rows = [row for batch in iter_rows(public_run_ids(run_ids=[run.pk])) for row in batch]
    [doc] = build_documents(rows, Lookups())
    assert doc["run_id"] == run.pk and doc["title_bi"] == "서예교실"
    assert doc["language"] == ["ko", "en"] and doc["access"] == ["captions", "wheelchair"]
    assert doc["weekday"] == ["TU", "TH"] and doc["daypart"] == "evening" and doc["start_minute"] == 19 * 60
    assert doc["price"] == "free" and doc["cost"] == 0
    assert doc["loc"] == "37.517200,127.047300" and len(doc["cell"]) == 5
    card = orjson.loads(doc["card"])
    assert card["start_time"] == "19:00" and card["end_time"] == "21:00"
    assert card["start"] == start.isoformat()
    assert card["enrolment_closes"] == closes.astimezone(datetime.timezone.utc).isoformat()
    assert doc["enrol_close"] == int(closes.timestamp())
    assert doc["enrol_open"] == int(closes.timestamp()) - 20 * 86400
