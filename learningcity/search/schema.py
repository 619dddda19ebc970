"""The index schema: one document per public run, carrying its opportunity's, provider's and venue's fields.

Text is indexed two ways (see `analysis`): stemmed words and Hangul syllable pairs, for the title,
the body (description, credential, instructor) and the tags (topics, target groups, provider, venue and
district names in Korean and English). Filters and facet counts read fast fields. One more document, the
meta document, records which outbox event the index has applied; it changes in the same commit as the
documents it describes, so the index and its position in the outbox never disagree.

Bump `SCHEMA_VERSION` whenever fields or analyzers change: an index of another version is rebuilt.
"""

from __future__ import annotations

from tantivy import Schema, SchemaBuilder

SCHEMA_VERSION = 7

TEXT_FIELDS = {
    # name: (analyzer, index option). No positions: no phrase queries, so a smaller index built faster.
    "title": ("lc_stem", "freq"),
    "title_bi": ("lc_bigram", "freq"),
    "body": ("lc_stem", "freq"),
    "body_bi": ("lc_bigram", "freq"),
    "tags": ("lc_stem", "freq"),
    "tags_bi": ("lc_bigram", "freq"),
}
# Categorical filters and facets: raw (untokenised) terms, fast for counting. Multi-valued where a run has
# several (languages, accessibility, topics, target groups, weekdays, parts of the day).
KEYWORD_FIELDS = (
    "district", "sector", "setting", "mode", "language", "access", "topic", "group", "weekday", "daypart",
    "price", "family",
    # The venue's location as "lat,lon" (6 decimals, 0.1 m): the exact distance check works per location
    # (many runs share a venue) and selects them with a term set.
    "loc",
)
# Terms only (no counting): the document kind (run or meta) and the distance grid cells.
TERM_FIELDS = ("doc", "cell")
# Numbers: range filters, sorting and the distance check read them as fast (columnar) fields; an inverted
# index of them would only cost build time.
INT_FIELDS = ("age_min", "age_max", "cost", "start_day", "end_day", "enrol_open", "enrol_close", "start_minute")
FLOAT_FIELDS = ("lat", "lon")
# The facets again, and the free / family-friendly toggles, as bits of a few numbers (`bits.FacetBits`): what a
# search reads to count the runs it holds (`facets.counts_in_hand`). 256 bits: every (facet, value) pair of a
# city the size of Seoul (about 110) with room to grow.
BIT_FACETS = ("district", "topic", "mode", "language", "access", "group", "weekday", "daypart", "setting", "sector",
              "price", "family")
BIT_FIELDS = ("facet_bits_0", "facet_bits_1", "facet_bits_2", "facet_bits_3")


def build_schema() -> Schema:
    builder = SchemaBuilder()
    for name, (analyzer, option) in TEXT_FIELDS.items():
        builder.add_text_field(name, stored=False, tokenizer_name=analyzer, index_option=option)
    for name in KEYWORD_FIELDS:
        builder.add_text_field(name, stored=False, tokenizer_name="raw", fast=True, index_option="basic")
    for name in TERM_FIELDS:
        builder.add_text_field(name, stored=False, tokenizer_name="raw", fast=False, index_option="basic")
    for name in INT_FIELDS:
        builder.add_integer_field(name, stored=False, indexed=False, fast=True)
    # The run's id: replaced and deleted by term, and read for the exact distance check.
    builder.add_unsigned_field("run_id", stored=False, indexed=True, fast=True)
    for name in FLOAT_FIELDS:
        builder.add_float_field(name, stored=False, indexed=False, fast=True)
    for name in BIT_FIELDS:
        builder.add_unsigned_field(name, stored=False, indexed=False, fast=True)
    # What a result shows, so a search needs no database query: a JSON card (runs) or state (meta).
    builder.add_bytes_field("card", stored=True, indexed=False)
    return builder.build()


SCHEMA = build_schema()

# Sentinels for open-ended numbers, so one range query covers "no limit".
AGE_NONE_MIN = 0
AGE_NONE_MAX = 200
FAR_PAST = -(2**62)
FAR_FUTURE = 2**62
