"""Search reads: `search_runs(params=...)` answers a search from the index alone (no database query per
result), with facet counts, the exact distance filter, sorting, paging and, when nothing matches, which
filter to relax. `search_choices()` and `district_centres()` give the vocabularies the parameters are
checked against; `index_status()` tells how current the index is.
"""

from __future__ import annotations

import datetime
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

import orjson
import tantivy
from tantivy import Query
from django.db.models import Max
from django.utils import timezone

from learningcity.catalogue.models import Topic
from learningcity.core.models import District, DomainEvent
from learningcity.search import store
from learningcity.search.analysis import query_words
from learningcity.search.geo import circle_cover, haversine_km
from learningcity.search.params import FACETS, MAX_WORDS, SearchParams, static_choices
from learningcity.search.query import any_of, cells_query, combine, filter_queries, searcher_count, text_query
from learningcity.search.schema import SCHEMA

DEFAULT_SORT_RADIUS_KM = 60.0  # "nearest first" without a radius: the whole city and around it
MAX_DISTANCE_CANDIDATES = 50_000
MAX_EDGE_LOCATIONS = 65_000  # tantivy's bucket limit; an edge ring of a 100 km circle holds far fewer venues


@dataclass
class FacetValue:
    value: str
    count: int
    selected: bool


@dataclass
class Suggestion:
    """Leaving out `drop` would give `count` results."""

    drop: str
    count: int


@dataclass
class SearchResult:
    params: SearchParams
    total: int
    items: list[dict[str, Any]]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    toggles: dict[str, int] = field(default_factory=dict)  # free / family / open_now: how many would match
    suggestions: list[Suggestion] = field(default_factory=list)
    matched: str = "all"  # "all" words, or "any" when few or no runs had them all
    all_total: int = 0  # runs with every word (when matched is "any")
    typo_tolerant: bool = False  # words were matched with one typo allowed (as typed they found nothing)
    words: list[str] = field(default_factory=list)
    took_ms: float = 0.0
    outbox_id: int = 0

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.params.per_page))


# ---- vocabularies (small tables, cached per process for a minute) ---------------------------------------

_vocab_cache: dict[str, tuple[float, Any]] = {}
_vocab_lock = threading.Lock()
VOCAB_TTL = 60.0


def _cached(key: str, build):
    now = time.monotonic()
    hit = _vocab_cache.get(key)
    if hit and now - hit[0] < VOCAB_TTL:
        return hit[1]
    value = build()
    with _vocab_lock:
        _vocab_cache[key] = (now, value)
    return value


def clear_vocab_cache() -> None:
    _vocab_cache.clear()


def district_centres() -> dict[str, tuple[float, float]]:
    return _cached("centres", lambda: {
        d.slug: (d.centroid_lat, d.centroid_lon) for d in District.objects.only("slug", "centroid_lat", "centroid_lon")
    })


def search_choices() -> dict[str, dict[str, object]]:
    """facet param → {value: label} (districts and topics from the database, the rest from the vocabularies)."""
    def build():
        choices = static_choices()
        choices["district"] = {d.slug: d for d in District.objects.order_by("name_en")}
        choices["topic"] = {t.code: t for t in Topic.objects.order_by("code")}
        return choices

    return _cached("choices", build)


# ---- the search -----------------------------------------------------------------------------------------

class _Plan:
    """The queries of one search: text, each filter, and the distance filter (exact, computed once)."""

    def __init__(self, searcher: tantivy.Searcher, params: SearchParams, *, any_word: bool = False,
                 fuzzy: bool = False, now: datetime.datetime, today: datetime.date) -> None:
        self.searcher = searcher
        self.params = params
        self.any_word, self.fuzzy = any_word, fuzzy
        self.words = query_words(params.q, limit=MAX_WORDS)
        self.text = text_query(self.words, any_word=any_word, fuzzy=fuzzy)
        self.filters = filter_queries(params, now=now, today=today)
        if params.has_point and params.radius_km:
            self.filters["distance"] = self.distance_filter(params.radius_km)

    def distance_filter(self, radius_km: float, *, exact: bool = True) -> tantivy.Query:
        """Runs within `radius_km` of the point: cells wholly inside, plus runs in edge cells checked one by
        one. The check considers only runs matching the text, so every count of this search shares it."""
        p = self.params
        cover = circle_cover(p.lat, p.lon, radius_km)
        inside = cells_query(cover.inside)
        if not exact:
            return any_of([inside])
        edge = cells_query(cover.edge)
        exact: list[str] = []
        if edge is not None:
            # The locations (venues) in edge cells holding runs that match the words, each checked once.
            found = self.searcher.aggregate(combine(self.text, [edge]),
                                            {"loc": {"terms": {"field": "loc", "size": MAX_EDGE_LOCATIONS}}})
            for bucket in found.get("loc", {}).get("buckets", []):
                la, _, lo = bucket["key"].partition(",")
                if haversine_km(p.lat, p.lon, float(la), float(lo)) <= radius_km:
                    exact.append(bucket["key"])
        return any_of([inside, Query.term_set_query(SCHEMA, "loc", exact) if exact else None])

    def query(self, *, without: str | None = None, extra: list[tantivy.Query] = ()) -> tantivy.Query:
        return combine(self.text, [q for name, q in self.filters.items() if name != without] + list(extra))


def _cards(searcher: tantivy.Searcher, addresses, params: SearchParams) -> list[dict[str, Any]]:
    items = []
    for address in addresses:
        card = orjson.loads(searcher.doc(address).get_first("card"))
        if params.has_point and card.get("lat") is not None:
            card["distance_km"] = round(haversine_km(params.lat, params.lon, card["lat"], card["lon"]), 2)
        items.append(card)
    return items


def _by_distance(plan: _Plan, query: tantivy.Query, offset: int, limit: int, total: int) -> list:
    """The page of nearest runs. Widen the circle until it surely holds enough runs, then sort those exactly."""
    p = plan.params
    radius = p.radius_km or DEFAULT_SORT_RADIUS_KM
    needed = offset + limit
    searcher = plan.searcher
    step = radius / 64
    while step < radius:
        # Cells wholly inside a circle are a subset of it: if they alone hold enough runs, so does the circle.
        if searcher_count(searcher, combine(query, [plan.distance_filter(step, exact=False)])) >= needed:
            radius = step
            break
        step *= 2
    cover = circle_cover(p.lat, p.lon, radius)
    circle = combine(query, [any_of([cells_query(cover.inside), cells_query(cover.edge)])])
    in_circle = searcher_count(searcher, circle)
    if not in_circle:
        return []
    hits = searcher.search(circle, min(in_circle, MAX_DISTANCE_CANDIDATES), count=False).hits
    addresses = [a for _, a in hits]
    if not addresses:
        return []
    lats = searcher.fast_field_values("lat", addresses)
    lons = searcher.fast_field_values("lon", addresses)
    starts = searcher.fast_field_values("start_day", addresses)
    ranked = sorted(
        ((haversine_km(p.lat, p.lon, la, lo), s, i) for i, (la, lo, s) in enumerate(zip(lats, lons, starts))
         if la is not None and haversine_km(p.lat, p.lon, la, lo) <= radius),
    )
    return [addresses[i] for _, _, i in ranked[offset:offset + limit]]


_facet_cache: OrderedDict = OrderedDict()
_facet_cache_lock = threading.Lock()
FACET_CACHE_SIZE = 256


def _facet_counts_cached(plan: _Plan, signature: tuple):
    """Facet counts depend on the search, not on the page or the order: paging through results, or many
    people opening the search page, reuse them until the index changes (the reader's signature)."""
    p = plan.params
    # "Enrolment open now" and "not yet ended" move with the clock: a minute's bucket is part of the key.
    key = (signature, int(time.time() // 60), plan.any_word, plan.fuzzy, p.q, p.lat, p.lon, p.radius_km,
           tuple((k, v) for k, v in p.to_query() if k not in ("page", "per_page", "sort", "facets")))
    with _facet_cache_lock:
        if key in _facet_cache:
            _facet_cache.move_to_end(key)
            return _facet_cache[key]
    value = _facet_counts(plan)
    with _facet_cache_lock:
        _facet_cache[key] = value
        while len(_facet_cache) > FACET_CACHE_SIZE:
            _facet_cache.popitem(last=False)
    return value


def _facet_counts(plan: _Plan) -> tuple[dict[str, list[FacetValue]], dict[str, int]]:
    """Counts per value. A facet in use is counted without its own filter (so the other values still show
    what choosing them would give); the others share one aggregation over the full query."""
    p = plan.params
    searcher = plan.searcher
    raw: dict[str, dict[str, int]] = {}
    idle = [f for f in FACETS if not getattr(p, f.param)]
    aggs = {f.param: {"terms": {"field": f.field, "size": 100}} for f in idle}
    aggs["price"] = {"terms": {"field": "price", "size": 2}}
    aggs["family"] = {"terms": {"field": "family", "size": 2}}
    groups: list[tuple[tantivy.Query, dict]] = [(plan.query(), aggs)]
    for f in FACETS:
        if getattr(p, f.param):
            groups.append((plan.query(without=f.param), {f.param: {"terms": {"field": f.field, "size": 100}}}))
    for query, spec in groups:
        result = searcher.aggregate(query, spec)
        for name, body in result.items():
            raw[name] = {b["key"]: int(b["doc_count"]) for b in body.get("buckets", [])}
    facets = {}
    for f in FACETS:
        selected = set(getattr(p, f.param))
        counts = raw.get(f.param, {})
        values = [FacetValue(v, n, v in selected) for v, n in counts.items()]
        values += [FacetValue(v, 0, True) for v in selected if v not in counts]
        facets[f.param] = sorted(values, key=lambda fv: (-fv.count, fv.value))
    toggles = {"free": raw.get("price", {}).get("free", 0), "family": raw.get("family", {}).get("yes", 0)}
    open_now = filter_queries(SearchParams(open_now=True))["open_now"]
    toggles["open_now"] = searcher_count(searcher, plan.query(without="open_now", extra=[open_now]))
    return facets, toggles


def _suggestions(plan: _Plan) -> list[Suggestion]:
    """With no results: how many there would be without each filter, most helpful first."""
    out = []
    for name in plan.filters:
        count = searcher_count(plan.searcher, plan.query(without=name))
        if count:
            out.append(Suggestion(drop=name, count=count))
    if plan.text is not None and plan.filters:
        count = searcher_count(plan.searcher, combine(None, list(plan.filters.values())))
        if count:
            out.append(Suggestion(drop="q", count=count))
    return sorted(out, key=lambda s: -s.count)


MIN_ALL_WORDS = 5  # fewer runs than this with every word: also show runs with some of them


def _page(searcher, query, params: SearchParams, plan: _Plan, *, count: bool):
    """One pass: the page of results (by relevance, or by start date when asked or when there are no words)
    and, if asked, the total count."""
    offset = (params.page - 1) * params.per_page
    if params.sort == "start" or plan.text is None:
        return searcher.search(query, params.per_page, count=count, offset=offset, order_by_field="start_day",
                               order=tantivy.Order.Asc)
    return searcher.search(query, params.per_page, count=count, offset=offset)


def _choose_plan(searcher, params: SearchParams, *, now, today):
    """Words as typed, all of them; one typo allowed if that finds nothing; some of the words if all of
    them find (almost) nothing. Returns (plan, query, total, matched, runs with every word, page hits if
    already fetched with the count)."""
    plan = _Plan(searcher, params, now=now, today=today)
    query = plan.query()
    if params.sort == "distance":
        first, hits = searcher_count(searcher, query), None
    else:
        found = _page(searcher, query, params, plan, count=True)
        first, hits = found.count, found.hits
    total = first
    if plan.text is None:
        return plan, query, total, "all", total, hits
    if total == 0 and any(w.fuzzy_distance for w in plan.words):
        typo = _Plan(searcher, params, fuzzy=True, now=now, today=today)
        typo_total = searcher_count(searcher, typo.query())
        if typo_total:
            plan, query, total, hits = typo, typo.query(), typo_total, None
    if len(plan.words) > 1 and total < MIN_ALL_WORDS:
        # Runs with more of the words score higher (their word scores add up), so those with all of them
        # still come first.
        some = _Plan(searcher, params, any_word=True, fuzzy=plan.fuzzy or total == 0, now=now, today=today)
        some_total = searcher_count(searcher, some.query())
        if some_total > total:
            return some, some.query(), some_total, "any", total, None
    return plan, query, total, "all", total, hits


def search_runs(*, params: SearchParams, now: datetime.datetime | None = None) -> SearchResult:
    """Answer a search from the index. Raises `store.IndexUnavailable` when there is no usable index yet."""
    started = time.perf_counter()
    now = now or timezone.now()
    today = timezone.localdate(now)
    reader = store.reader()
    searcher = reader.index.searcher()
    offset = (params.page - 1) * params.per_page
    plan, query, total, matched, all_total, hits = _choose_plan(searcher, params, now=now, today=today)
    if params.sort == "distance":
        addresses = _by_distance(plan, query, offset, params.per_page, total)
    elif offset >= total:
        addresses = []
    else:
        if hits is None:
            hits = _page(searcher, query, params, plan, count=False).hits
        addresses = [a for _, a in hits]
    result = SearchResult(params=params, total=total, items=_cards(searcher, addresses, params), matched=matched,
                          all_total=all_total, typo_tolerant=plan.fuzzy, words=[w.text for w in plan.words],
                          outbox_id=reader.state.outbox_id)
    if params.facets:
        result.facets, result.toggles = _facet_counts_cached(plan, reader.signature)
    if total == 0:
        result.suggestions = _suggestions(plan)
    result.took_ms = (time.perf_counter() - started) * 1000
    return result


# ---- status ---------------------------------------------------------------------------------------------

def index_status() -> dict[str, Any]:
    """How current this server's index is: documents, outbox position and lag, files."""
    info = store.describe()
    catalogue_events = DomainEvent.objects.filter(name__startswith="catalogue.")
    info["outbox_latest_catalogue_event"] = catalogue_events.aggregate(m=Max("id"))["m"] or 0
    try:
        reader = store.reader()
    except store.IndexUnavailable as exc:
        info.update(usable=False, problem=str(exc))
        return info
    state = reader.state
    info.update(
        usable=True,
        documents=reader.index.searcher().num_docs - 1,  # minus the meta document
        segments=reader.index.searcher().num_segments,
        outbox_id=state.outbox_id,
        events_behind=catalogue_events.filter(id__gt=state.outbox_id).count(),
        pending_gaps=len(state.gaps or {}),
        built_at=datetime.datetime.fromtimestamp(state.built_at, tz=datetime.timezone.utc) if state.built_at else None,
        applied_at=datetime.datetime.fromtimestamp(state.applied_at, tz=datetime.timezone.utc)
        if state.applied_at else None,
    )
    return info
