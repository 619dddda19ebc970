"""Facet counts of a search: how many runs each value of each facet would give, and the three toggles (free,
family-friendly, enrolment open now).

A facet in use is counted without its own filter, so its other values still say what choosing them would
give; the facets not in use are counted over the whole search. Every count is a tantivy aggregation, and
what an aggregation costs is mostly evaluating its query (term sets, the exact distance filter), so the
counts share queries where they can:
- nothing in use, or only facets of several values per run: one aggregation over the search for the idle
  facets and toggles, plus one per facet in use;
- exactly one facet in use whose runs have one value each (district, mode, setting, sector, time of day):
  one aggregation over the search without that facet, by that facet's value, with the idle facets and
  toggles counted inside each value; the search's own counts are the sums over the chosen values (a run
  has only one of them, so none is counted twice).
Counts are cached per search until the index changes or the minute turns.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

import tantivy

from learningcity.search.params import FACETS, SearchParams
from learningcity.search.query import filter_queries, searcher_count

if TYPE_CHECKING:
    from learningcity.search.selectors import _Plan

# Facets whose field holds exactly one value per run (or none).
SINGLE_VALUED = frozenset({"district", "mode", "setting", "sector", "daypart"})
FACET_CACHE_SIZE = 256


@dataclass
class FacetValue:
    value: str
    count: int
    selected: bool


_facet_cache: OrderedDict = OrderedDict()
_facet_cache_lock = threading.Lock()


def clear_facet_cache() -> None:
    with _facet_cache_lock:
        _facet_cache.clear()


def facet_counts_cached(plan: _Plan, signature: tuple):
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
    value = facet_counts(plan)
    with _facet_cache_lock:
        _facet_cache[key] = value
        while len(_facet_cache) > FACET_CACHE_SIZE:
            _facet_cache.popitem(last=False)
    return value


def _terms(field: str, size: int = 100) -> dict:
    return {"terms": {"field": field, "size": size}}


def _idle_aggs(p: SearchParams, stamp: int) -> dict:
    """The aggregations counted over the whole search: facets not in use and the toggles."""
    aggs = {f.param: _terms(f.field) for f in FACETS if not getattr(p, f.param)}
    aggs["price"] = _terms("price", 2)
    aggs["family"] = _terms("family", 2)
    if not p.open_now:
        # How many would be open for enrolment now: opened by now, and closing now or later (the same bounds
        # as the filter).
        aggs["open_now"] = {"range": {"field": "enrol_open", "ranges": [{"to": stamp + 1}]},
                            "aggs": {"closes": {"range": {"field": "enrol_close", "ranges": [{"from": stamp}]}}}}
    return aggs


def _buckets(body: dict) -> dict[str, int]:
    return {b["key"]: int(b["doc_count"]) for b in body.get("buckets", [])}


def facet_counts(plan: _Plan) -> tuple[dict[str, list[FacetValue]], dict[str, int]]:
    """Counts per value of every facet, and the toggles."""
    p = plan.params
    searcher = plan.searcher
    in_use = [f for f in FACETS if getattr(p, f.param)]
    aggs = _idle_aggs(p, int(time.time()))
    raw: dict[str, dict[str, int]] = {}
    open_now_count: int | None = None
    if len(in_use) == 1 and in_use[0].param in SINGLE_VALUED:
        chosen = in_use[0]
        result = searcher.aggregate(plan.query(without=chosen.param),
                                    {chosen.param: {**_terms(chosen.field), "aggs": aggs}})
        by_value = result.get(chosen.param, {}).get("buckets", [])
        raw[chosen.param] = _buckets(result.get(chosen.param, {}))
        selected = set(getattr(p, chosen.param))
        for bucket in by_value:
            if bucket["key"] not in selected:
                continue
            for name in aggs:
                if name == "open_now":
                    open_now_count = (open_now_count or 0) + _open_now_count(bucket.get(name, {}))
                    continue
                counts = raw.setdefault(name, {})
                for value, n in _buckets(bucket.get(name, {})).items():
                    counts[value] = counts.get(value, 0) + n
        if "open_now" in aggs and open_now_count is None:
            open_now_count = 0  # no chosen value has a run in this search
    else:
        groups: list[tuple[tantivy.Query, dict]] = [(plan.query(), aggs)]
        groups += [(plan.query(without=f.param), {f.param: _terms(f.field)}) for f in in_use]
        for query, spec in groups:
            result = searcher.aggregate(query, spec)
            if "open_now" in result:
                open_now_count = _open_now_count(result.pop("open_now"))
            for name, body in result.items():
                raw[name] = _buckets(body)
    facets = {}
    for f in FACETS:
        selected = set(getattr(p, f.param))
        counts = raw.get(f.param, {})
        values = [FacetValue(v, n, v in selected) for v, n in counts.items()]
        values += [FacetValue(v, 0, True) for v in selected if v not in counts]
        facets[f.param] = sorted(values, key=lambda fv: (-fv.count, fv.value))
    toggles = {"free": raw.get("price", {}).get("free", 0), "family": raw.get("family", {}).get("yes", 0)}
    if open_now_count is None:  # the filter is in use: count the search without it, with it added back
        open_now = filter_queries(SearchParams(open_now=True))["open_now"]
        open_now_count = searcher_count(searcher, plan.query(without="open_now", extra=[open_now]))
    toggles["open_now"] = open_now_count
    return facets, toggles


def _open_now_count(body: dict) -> int:
    """From the nested range aggregation: the bucket below the opening bound, then the one from the closing
    bound (tantivy also returns the buckets that fill the rest of the number line)."""
    for opened in body.get("buckets", []):
        if "from" not in opened:
            for closes in opened.get("closes", {}).get("buckets", []):
                if "to" not in closes:
                    return int(closes["doc_count"])
    return 0
