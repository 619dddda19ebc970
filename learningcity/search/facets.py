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
- a search within a circle holds its runs in hand (`counts_in_hand`): it fetches every run matching its words
  and the filters no count leaves out (or reuses the page's own runs when that is all of them), keeps those
  within the radius, and counts them from each run's facet numbers (`bits`): one index query at most,
  instead of the exact distance filter and an aggregation. Used when those runs are at most
  `distance.EXACT_LIMIT` and the index has a numbering with room for every value; otherwise the above.
Counts are cached per search until the index changes or the minute turns.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

import tantivy

from learningcity.search import distance
from learningcity.search.params import FACETS, SearchParams
from learningcity.search.query import combine, filter_queries, searcher_count

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
    in_hand = counts_in_hand(plan)
    if in_hand is not None:
        return in_hand
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
    toggles = {"free": raw.get("price", {}).get("free", 0), "family": raw.get("family", {}).get("yes", 0)}
    if open_now_count is None:  # the filter is in use: count the search without it, with it added back
        open_now = filter_queries(SearchParams(open_now=True))["open_now"]
        open_now_count = searcher_count(searcher, plan.query(without="open_now", extra=[open_now]))
    toggles["open_now"] = open_now_count
    return _facet_values(p, raw), toggles


def _facet_values(p: SearchParams, raw: dict[str, dict[str, int]]) -> dict[str, list[FacetValue]]:
    """Each facet's values, most runs first; a chosen value no run has is listed with 0."""
    facets = {}
    for f in FACETS:
        selected = set(getattr(p, f.param))
        counts = raw.get(f.param, {})
        values = [FacetValue(v, n, v in selected) for v, n in counts.items()]
        values += [FacetValue(v, 0, True) for v in selected if v not in counts]
        facets[f.param] = sorted(values, key=lambda fv: (-fv.count, fv.value))
    return facets


def counts_in_hand(plan: _Plan) -> tuple[dict[str, list[FacetValue]], dict[str, int]] | None:
    """The counts of a search within a circle, from its runs in hand; None when that does not apply.

    One query fetches the runs matching the words and the fixed filters in the circle's cells; those within
    the radius are kept; then each filter a count may leave out (the facets in use, "open now") is checked
    on each run's numbers, and every count is a tally over the runs passing the filters it keeps: a facet
    in use over the runs passing the others, everything else over the runs passing all.
    """
    bits, circle, p = plan.bits, plan.circle, plan.params
    if bits is None or bits.full or circle is None:
        return None
    searcher = plan.searcher
    runs = plan.runs_in_circle  # the page's own runs, when no filter of the search is one a count leaves out
    if runs is None:
        cells = circle.cells()  # a term set: built only when a query needs it
        if cells is None:
            return None
        query = tantivy.Query.const_score_query(combine(plan.text, plan.fixed_filters() + [cells]), 0.0)
        found = searcher.search(query, max(distance.EXACT_LIMIT, 1), count=True)
        if found.count > distance.EXACT_LIMIT:
            return None
        runs = circle.keep(searcher, [address for _, address in found.hits])
    columns = [searcher.fast_field_values(name, runs) for name in bits.fields_used]
    numbers = [bits.join(words) for words in zip(*columns)] if runs else []
    stamp = int(time.time())  # the same bounds as the filter: opened by now, closing now or later
    opened = searcher.fast_field_values("enrol_open", runs)
    closes = searcher.fast_field_values("enrol_close", runs)
    open_now = [o is not None and c is not None and o <= stamp <= c for o, c in zip(opened, closes)]

    passes: dict[str, list[bool]] = {}  # filter a count may leave out → which runs pass it
    for f in FACETS:
        chosen = getattr(p, f.param)
        if chosen:
            wanted = bits.selected(f.field, chosen)
            passes[f.param] = [bool(number & wanted) for number in numbers]
    if p.open_now:
        passes["open_now"] = open_now

    def passing(without: str | None = None) -> list[int]:
        checks = [ok for name, ok in passes.items() if name != without]
        return [i for i in range(len(runs)) if all(ok[i] for ok in checks)]

    everything = passing()
    in_everything = [numbers[i] for i in everything]
    raw: dict[str, dict[str, int]] = {}
    for f in FACETS:
        counted = [numbers[i] for i in passing(without=f.param)] if f.param in passes else in_everything
        raw[f.param] = bits.count(f.field, counted)
    toggles = {
        "free": bits.count("price", in_everything).get("free", 0),
        "family": bits.count("family", in_everything).get("yes", 0),
        "open_now": sum(1 for i in everything if open_now[i]),
    }
    return _facet_values(p, raw), toggles


def _open_now_count(body: dict) -> int:
    """From the nested range aggregation: the bucket below the opening bound, then the one from the closing
    bound (tantivy also returns the buckets that fill the rest of the number line)."""
    for opened in body.get("buckets", []):
        if "from" not in opened:
            for closes in opened.get("closes", {}).get("buckets", []):
                if "to" not in closes:
                    return int(closes["doc_count"])
    return 0
