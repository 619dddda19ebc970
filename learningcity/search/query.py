"""From `SearchParams` to tantivy queries: text relevance, filters, and the exact distance filter.

Relevance, per word (every word must match; see `selectors` for the any-word fallback):
- the (stemmed) word in the title counts most, then in tags (topics, target groups, provider, venue,
  district), then in the description (BM25 within each field, multiplied by the field's boost);
- Hangul words also match inside longer words through their syllable pairs (서예 in 서예교실, 서예를),
  worth less than a whole word, and with a trailing particle dropped (서예를 → 서예); a long word asks for
  the fewest pairs that cover its syllables;
- a one-syllable Hangul word matches words starting with it (책 → 책읽기);
- longer words match with one typo, worth least (constant score below any real match), but only when the
  words as typed find nothing: a correctly spelled word is not diluted by its one-letter neighbours
  (통기타 would otherwise also find every 기타).
"""

from __future__ import annotations

import datetime
import time

import tantivy
from tantivy import FieldType, Occur, Query

from learningcity.search.analysis import QueryWord, covering_bigrams
from learningcity.search.documents import day_number
from learningcity.search.params import FACETS, SearchParams
from learningcity.search.schema import SCHEMA

BOOSTS = {
    "title": 3.0, "tags": 1.5, "body": 1.0,  # words (stemmed): BM25 within the field, times this
    "title_bi": 1.2, "tags_bi": 0.6, "body_bi": 0.4,  # Hangul syllable pairs: inside longer words
    "prefix_title": 1.5, "prefix_tags": 0.75,  # a one-syllable Hangul word as a prefix (constant score)
    "fuzzy_title": 0.5, "fuzzy_tags": 0.25,  # one typo (constant score: below any real match)
}
RUNS = Query.term_query(SCHEMA, "doc", "run")


def _term(field: str, value) -> Query:
    return Query.term_query(SCHEMA, field, value)


def _boost(query: Query, boost: float) -> Query:
    return Query.boost_query(query, boost)


def _all_of(field: str, terms: list[str]) -> Query:
    if len(terms) == 1:
        return _term(field, terms[0])
    return Query.boolean_query([(Occur.Must, _term(field, t)) for t in terms])


def word_query(word: QueryWord, *, fuzzy: bool = False) -> Query:
    """Everything that makes one typed word match a run, each with its weight."""
    parts: list[Query] = [_boost(_term("title", word.stem), BOOSTS["title"])]
    if not word.hangul or len(word.text) == 1:
        parts += [_boost(_term("tags", word.stem), BOOSTS["tags"]), _boost(_term("body", word.stem), BOOSTS["body"])]
    # A Hangul word of two or more syllables: the syllable-pair fields hold every run the word fields would
    # (a word contains its own pairs), so only the title's whole-word match is kept, as a bonus.
    if word.hangul:
        if len(word.text) == 1:
            parts.append(_boost(Query.phrase_prefix_query(SCHEMA, "title", [word.text]), BOOSTS["prefix_title"]))
            parts.append(_boost(Query.phrase_prefix_query(SCHEMA, "tags", [word.text]), BOOSTS["prefix_tags"]))
        for variant in word.variants:
            pairs = covering_bigrams(variant)
            if not pairs:
                continue
            for field in ("title_bi", "tags_bi", "body_bi"):
                parts.append(_boost(_all_of(field, pairs), BOOSTS[field]))
    if fuzzy and word.fuzzy_distance:
        # Against the stemmed terms, with the stem of what was typed: "calligrapy" finds "calligraphy".
        for field, boost in (("title", "fuzzy_title"), ("tags", "fuzzy_tags")):
            parts.append(_boost(Query.fuzzy_term_query(SCHEMA, field, word.stem, distance=word.fuzzy_distance),
                                BOOSTS[boost]))
    return Query.boolean_query([(Occur.Should, q) for q in parts])


def text_query(words: list[QueryWord], *, any_word: bool = False, fuzzy: bool = False) -> Query | None:
    if not words:
        return None
    if len(words) == 1:  # the word's own query, not wrapped in a one-clause boolean (same score, less work)
        return word_query(words[0], fuzzy=fuzzy)
    occur = Occur.Should if any_word else Occur.Must
    return Query.boolean_query([(occur, word_query(w, fuzzy=fuzzy)) for w in words])


def _range(field: str, low: int | None = None, high: int | None = None) -> Query:
    return Query.range_query(SCHEMA, field, FieldType.Integer, lower_bound=low, upper_bound=high)


def filter_queries(p: SearchParams, *, now: datetime.datetime | None = None,
                   today: datetime.date | None = None) -> dict[str, Query]:
    """One query per active filter, keyed by the filter's name (so any one can be left out for counting)."""
    out: dict[str, Query] = {}
    for facet in FACETS:
        values = getattr(p, facet.param)
        if values:
            out[facet.param] = (_term(facet.field, values[0]) if len(values) == 1
                                else Query.term_set_query(SCHEMA, facet.field, values))
    if p.age is not None:
        out["age"] = Query.boolean_query([(Occur.Must, _range("age_min", high=p.age)),
                                          (Occur.Must, _range("age_max", low=p.age))])
    if p.free:
        out["free"] = _term("price", "free")
    if p.max_cost is not None:
        out["max_cost"] = _range("cost", high=p.max_cost)
    if p.family:
        out["family"] = _term("family", "yes")
    if p.date_from or p.date_to:
        parts = []
        if p.date_to:
            parts.append((Occur.Must, _range("start_day", high=day_number(p.date_to))))
        if p.date_from:
            parts.append((Occur.Must, _range("end_day", low=day_number(p.date_from))))
        out["dates"] = Query.boolean_query(parts)
    if p.upcoming:
        out["upcoming"] = _range("end_day", low=day_number(today or datetime.date.today()))
    if p.open_now:
        stamp = int((now.timestamp() if now else time.time()))
        out["open_now"] = Query.boolean_query([(Occur.Must, _range("enrol_open", high=stamp)),
                                               (Occur.Must, _range("enrol_close", low=stamp))])
    return out


def combine(base: Query | None, filters: list[Query]) -> Query:
    """Text (or every run) AND each filter. Filters score nothing: only the text decides the order."""
    clauses = [(Occur.Must, base if base is not None else RUNS)]
    clauses += [(Occur.Must, Query.const_score_query(f, 0.0)) for f in filters]
    if len(clauses) == 1:
        return clauses[0][1]
    return Query.boolean_query(clauses)


def cells_query(cells: list[str]) -> Query | None:
    if not cells:
        return None
    return Query.term_set_query(SCHEMA, "cell", cells)


def any_of(queries: list[Query | None]) -> Query:
    present = [q for q in queries if q is not None]
    if not present:
        return Query.empty_query()
    if len(present) == 1:
        return present[0]
    return Query.boolean_query([(Occur.Should, q) for q in present])


def searcher_count(searcher: tantivy.Searcher, query: Query) -> int:
    return searcher.search(query, 1, count=True).count
