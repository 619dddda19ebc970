"""Search reads: `search_runs(params=...)` answers a search from the index alone (no database query per
result), with facet counts, the exact distance filter, sorting, paging and, when nothing matches, which
filter to relax. `search_choices()` and `district_centres()` give the vocabularies the parameters are
checked against; `index_status()` tells how current the index is.
"""

from __future__ import annotations

import datetime
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import orjson
import tantivy
from django.db.models import Max
from django.utils import timezone

from learningcity.catalogue.models import Topic
from learningcity.core.models import District, DomainEvent
from learningcity.search import store
from learningcity.search.analysis import query_words
from learningcity.search.bits import CAPACITY, FacetBits
from learningcity.search.distance import Circle, cell_hits, exact_filter
from learningcity.search.facets import FacetValue, facet_counts_cached
from learningcity.search.geo import circle_cover, haversine_km
from learningcity.search.params import FACETS, MAX_WORDS, SearchParams, static_choices
from learningcity.search.query import cells_query, combine, filter_queries, searcher_count, text_query

DEFAULT_SORT_RADIUS_KM = 60.0  # "nearest first" without a radius: the whole city and around it
MAX_DISTANCE_CANDIDATES = 50_000


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

# Filters a count may leave out: a facet in use (counted without itself) and the "open now" toggle. The
# others are fixed for every count of one search, so the exact distance filter may rely on them.
FLEXIBLE_FILTERS = frozenset({f.param for f in FACETS} | {"open_now"})


class _Plan:
    """The queries of one search: text, each filter, and the circle of the distance filter (exact on demand)."""

    def __init__(self, searcher: tantivy.Searcher, params: SearchParams, *, any_word: bool = False,
                 fuzzy: bool = False, now: datetime.datetime, today: datetime.date) -> None:
        self.searcher = searcher
        self.params = params
        self.any_word, self.fuzzy = any_word, fuzzy
        self.words = query_words(params.q, limit=MAX_WORDS)
        self.text = text_query(self.words, any_word=any_word, fuzzy=fuzzy)
        self.filters = filter_queries(params, now=now, today=today)
        self.circle: Circle | None = None
        if params.has_point and params.radius_km:
            self.circle = Circle(params.lat, params.lon, params.radius_km,
                                 circle_cover(params.lat, params.lon, params.radius_km))
        self._exact: dict[bool, tantivy.Query] = {}
        self.bits: FacetBits | None = None  # the index's numbering of facet values, for counting runs in hand
        self.runs_in_circle: list | None = None  # the search's runs within the circle, when fetched whole

    @property
    def filter_names(self) -> list[str]:
        return list(self.filters) + (["distance"] if self.circle else [])

    def exact_distance(self, *, wide: bool = False) -> tantivy.Query:
        """The exact distance filter, computed once per search. It relies on the words and the fixed filters
        being in every query it joins; `wide` makes one that relies on nothing (for leaving those out)."""
        if wide not in self._exact:
            self._exact[wide] = exact_filter(self.searcher, self.circle, text=None if wide else self.text,
                                             fixed=[] if wide else self.fixed_filters())
        return self._exact[wide]

    def fixed_filters(self) -> list[tantivy.Query]:
        """The filters every count of this search keeps (all but the facets in use and "open now")."""
        return [q for name, q in self.filters.items() if name not in FLEXIBLE_FILTERS]

    def query(self, *, without: str | None = None, extra: list[tantivy.Query] = ()) -> tantivy.Query:
        parts = [q for name, q in self.filters.items() if name != without]
        if self.circle is not None and without != "distance":
            parts.append(self.exact_distance(wide=without is not None and without not in FLEXIBLE_FILTERS))
        return combine(self.text, parts + list(extra))

    def query_in_cells(self) -> tantivy.Query:
        """Every filter, with the circle as its cells only: a superset of the runs within it."""
        return combine(self.text, list(self.filters.values()) + [self.circle.cells()])


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
        inside = cells_query(circle_cover(p.lat, p.lon, step).inside)
        if inside is not None and searcher_count(searcher, combine(query, [inside])) >= needed:
            radius = step
            break
        step *= 2
    cover = circle_cover(p.lat, p.lon, radius)
    circle = combine(query, [cells_query(cover.inside + cover.edge)])
    in_circle = searcher_count(searcher, circle)
    if not in_circle:
        return []
    hits = searcher.search(circle, min(in_circle, MAX_DISTANCE_CANDIDATES), count=False).hits
    return _nearest_first(plan, [a for _, a in hits], radius)[offset:offset + limit]


def _nearest_first(plan: _Plan, addresses: list, radius_km: float) -> list:
    """`addresses` within `radius_km`, nearest first (then the earliest start)."""
    if not addresses:
        return []
    p, searcher = plan.params, plan.searcher
    lats = searcher.fast_field_values("lat", addresses)
    lons = searcher.fast_field_values("lon", addresses)
    starts = searcher.fast_field_values("start_day", addresses)
    ranked = []
    for i, (la, lo, start) in enumerate(zip(lats, lons, starts)):
        if la is not None:
            distance = haversine_km(p.lat, p.lon, la, lo)
            if distance <= radius_km:
                ranked.append((distance, start, i))
    ranked.sort()
    return [addresses[i] for _, _, i in ranked]


def _suggestions(plan: _Plan) -> list[Suggestion]:
    """With no results: how many there would be without each filter, most helpful first."""
    out = []
    for name in plan.filter_names:
        count = searcher_count(plan.searcher, plan.query(without=name))
        if count:
            out.append(Suggestion(drop=name, count=count))
    if plan.text is not None and plan.filter_names:
        filters = list(plan.filters.values()) + ([plan.exact_distance(wide=True)] if plan.circle else [])
        count = searcher_count(plan.searcher, combine(None, filters))
        if count:
            out.append(Suggestion(drop="q", count=count))
    return sorted(out, key=lambda s: -s.count)


MIN_ALL_WORDS = 5  # fewer runs than this with every word: also show runs with some of them


def _order(params: SearchParams, plan: _Plan) -> dict:
    """By relevance, or by start date when asked or when there are no words to rank by."""
    if params.sort == "start" or plan.text is None:
        return {"order_by_field": "start_day", "order": tantivy.Order.Asc}
    return {}


def _first(plan: _Plan) -> tuple[int, list | None]:
    """The total, and the page's addresses when they came with it (None: fetch them separately)."""
    params, searcher = plan.params, plan.searcher
    offset = (params.page - 1) * params.per_page
    if plan.circle is not None:
        order = {} if params.sort == "distance" else _order(params, plan)
        hits = cell_hits(searcher, plan.query_in_cells(), order=order)
        if hits is not None:
            # Nearest-first measures every distance anyway, and drops those beyond the radius itself.
            kept = (_nearest_first(plan, hits, plan.circle.radius_km) if params.sort == "distance"
                    else plan.circle.keep(searcher, hits))
            if not any(name in FLEXIBLE_FILTERS for name in plan.filters):
                plan.runs_in_circle = kept  # every run a count looks at: the facet counts need no query
            return len(kept), kept[offset:offset + params.per_page]
    query = plan.query()
    if params.sort == "distance":
        return searcher_count(searcher, query), None
    found = searcher.search(query, params.per_page, count=True, offset=offset, **_order(params, plan))
    return found.count, [a for _, a in found.hits]


def _choose_plan(searcher, params: SearchParams, *, now, today):
    """Words as typed, all of them; one typo allowed if that finds nothing; some of the words if all of
    them find (almost) nothing. Returns (plan, total, matched, runs with every word, the page's addresses
    if already fetched with the count)."""
    plan = _Plan(searcher, params, now=now, today=today)
    total, page = _first(plan)
    if plan.text is None:
        return plan, total, "all", total, page
    all_total = total
    if total == 0 and any(w.fuzzy_distance for w in plan.words):
        typo = _Plan(searcher, params, fuzzy=True, now=now, today=today)
        typo_total, typo_page = _first(typo)
        if typo_total:
            plan, total, page = typo, typo_total, typo_page
    if len(plan.words) > 1 and total < MIN_ALL_WORDS:
        # Runs with more of the words score higher (their word scores add up), so those with all of them
        # still come first.
        some = _Plan(searcher, params, any_word=True, fuzzy=plan.fuzzy or total == 0, now=now, today=today)
        some_total, some_page = _first(some)
        if some_total > total:
            return some, some_total, "any", all_total, some_page
    return plan, total, "all", all_total, page


def search_runs(*, params: SearchParams, now: datetime.datetime | None = None) -> SearchResult:
    """Answer a search from the index. Raises `store.IndexUnavailable` when there is no usable index yet."""
    started = time.perf_counter()
    now = now or timezone.now()
    today = timezone.localdate(now)
    reader = store.reader()
    searcher = reader.index.searcher()
    offset = (params.page - 1) * params.per_page
    plan, total, matched, all_total, addresses = _choose_plan(searcher, params, now=now, today=today)
    if addresses is None:
        if params.sort == "distance":
            addresses = _by_distance(plan, plan.query(), offset, params.per_page, total)
        elif offset >= total:
            addresses = []
        else:
            hits = searcher.search(plan.query(), params.per_page, count=False, offset=offset,
                                   **_order(params, plan)).hits
            addresses = [a for _, a in hits]
    result = SearchResult(params=params, total=total, items=_cards(searcher, addresses, params), matched=matched,
                          all_total=all_total, typo_tolerant=plan.fuzzy, words=[w.text for w in plan.words],
                          outbox_id=reader.state.outbox_id)
    if params.facets:
        plan.bits = reader.bits
        result.facets, result.toggles = facet_counts_cached(plan, reader.signature)
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
        # How much of the numbering of facet values is used: once full, distance searches count their facets
        # with aggregations (slower); a rebuild numbers afresh the values the catalogue still has.
        facet_bits_used=len(reader.bits.pairs) if reader.bits else 0,
        facet_bits_capacity=CAPACITY,
        facet_bits_full=reader.bits.full if reader.bits else True,
        built_at=datetime.datetime.fromtimestamp(state.built_at, tz=datetime.timezone.utc) if state.built_at else None,
        applied_at=datetime.datetime.fromtimestamp(state.applied_at, tz=datetime.timezone.utc)
        if state.applied_at else None,
    )
    return info
