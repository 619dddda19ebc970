"""Search API: `GET /api/v1/search`, the same parameters and answers as the search page, public.

The parameters are typed here for the OpenAPI document; `search.params.parse_params` then checks them
against the vocabularies (districts, topics, languages...) the same way for the page and the API, so an
unknown value or an impossible combination is a 400 problem document naming the field.
"""

import datetime
from functools import lru_cache
from typing import Literal

import orjson
from django.http import HttpResponse
from django.urls import reverse
from ninja import Field, Query, Router, Schema

from learningcity.core.problems import problem
from learningcity.search import indexer, store
from learningcity.search.params import MAX_PAGE, MAX_PER_PAGE, MAX_QUERY_CHARS, MAX_RADIUS_KM, parse_params
from learningcity.search.selectors import district_centres, search_choices, search_runs

router = Router(tags=["search"])


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str | None = None


class SearchQuery(Schema):
    q: str = Field("", max_length=MAX_QUERY_CHARS,
                   description=f"Words in Korean or English (at most {MAX_QUERY_CHARS} characters). Query syntax "
                               "characters are treated as spaces.")
    lat: float | None = Field(None, description="Latitude of the point to search around (WGS84).")
    lon: float | None = Field(None, description="Longitude of the point to search around (WGS84).")
    near: str | None = Field(None, description="A district slug: search around its centre instead of lat/lon.")
    radius_km: float | None = Field(None, description=f"Only runs within this distance (0.1–{MAX_RADIUS_KM:g} km) "
                                                      "of the point.")
    age: int | None = Field(None, description="The learner's age: only runs whose audience range includes it.")
    date_from: datetime.date | None = Field(None, description="Only runs still going on or after this date.")
    date_to: datetime.date | None = Field(None, description="Only runs starting on or before this date.")
    free: bool = Field(False, description="Only free runs.")
    max_cost: int | None = Field(None, description="Only runs costing at most this (won).")
    family: bool = Field(False, description="Only family and intergenerational learning.")
    open_now: bool = Field(False, description="Only runs whose enrolment is open now.")
    upcoming: bool = Field(False, description="Only runs that have not ended.")
    district: list[str] = Field([], description="District slugs (any of them).")
    topic: list[str] = Field([], description="Topic codes (any of them).")
    mode: list[Literal["in_person", "online", "blended"]] = Field([], description="Delivery modes (any of them).")
    language: list[str] = Field([], description="ISO 639-1 language codes, or ksl (any of them).")
    access: list[str] = Field([], description="Accessibility support codes (any of them).")
    group: list[str] = Field([], description="Target group codes (any of them).")
    weekday: list[Literal["MO", "TU", "WE", "TH", "FR", "SA", "SU"]] = Field([], description="Meets on (any of).")
    daypart: list[Literal["morning", "afternoon", "evening"]] = Field([], description="Starts in (any of).")
    setting: list[Literal["formal", "non_formal", "informal"]] = Field([], description="Settings (any of them).")
    sector: list[str] = Field([], description="Provider sectors (any of them).")
    sort: Literal["relevance", "distance", "start"] = Field("relevance", description="Order of results.")
    page: int = Field(1, description=f"Page number (1–{MAX_PAGE}).")
    per_page: int = Field(20, description=f"Results per page (1–{MAX_PER_PAGE}).")
    facets: bool = Field(True, description="Include counts per filter value.")


class SearchItem(Schema):
    run: int
    opportunity: int
    title: str
    provider: str | None
    kind: str | None = None
    venue: str | None
    venue_id: int | None
    district: str | None
    lat: float | None
    lon: float | None
    approximate: bool = Field(description="The venue's location is approximate (its district's centre).")
    start: datetime.date
    end: datetime.date
    start_time: str | None
    end_time: str | None
    weekdays: list[str]
    cost: int
    free: bool
    age_min: int | None
    age_max: int | None
    mode: str
    topics: list[str]
    languages: list[str]
    enrolment_opens: datetime.datetime | None
    enrolment_closes: datetime.datetime | None
    distance_km: float | None = None
    url: str
    run_url: str


class FacetCount(Schema):
    value: str
    count: int
    selected: bool


class SuggestionOut(Schema):
    drop: str = Field(description="The parameter to leave out (q: the words).")
    count: int = Field(description="How many runs would match without it.")


class SearchOut(Schema):
    total: int
    page: int
    per_page: int
    pages: int
    matched: Literal["all", "any"] = Field(description="'any' when fewer than five runs have all the words: "
                                                       "those come first, then runs with some of them.")
    all_total: int = Field(description="How many runs have all the words.")
    typo_tolerant: bool = Field(description="The words as typed found nothing: matched with one typo allowed.")
    words: list[str]
    items: list[SearchItem]
    facets: dict[str, list[FacetCount]]
    toggles: dict[str, int] = Field(description="How many results free=1, family=1 and open_now=1 would give.")
    suggestions: list[SuggestionOut] = Field(description="With no results: which filter to relax, and the count.")
    index_outbox_id: int = Field(description="The outbox event the index has applied up to.")
    took_ms: float


def _query_lists(request) -> dict[str, list[str]]:
    return {key: request.GET.getlist(key) for key in request.GET}


@lru_cache(maxsize=None)
def _url_pattern(name: str) -> tuple[str, str]:
    """A URL around a placeholder id, so each result's link costs a string join, not a reverse()."""
    head, _, tail = reverse(name, args=[987654321]).partition("987654321")
    return head, tail


def _url(name: str, pk: int) -> str:
    head, tail = _url_pattern(name)
    return f"{head}{pk}{tail}"


@router.get("/search", response={200: SearchOut, 400: Problem, 503: Problem}, summary="Search learning",
            description="Find public runs by words (Korean or English: particles, compounds, inflections and "
                        "one typo are handled), place and distance, age, dates, cost and the other filters. "
                        "Facet counts come with the results; with none, `suggestions` says what to relax.")
def search(request, filters: Query[SearchQuery]):
    indexer.ensure_follower()
    params = parse_params(_query_lists(request), choices=search_choices(), district_centres=district_centres())
    try:
        result = search_runs(params=params)
    except store.IndexUnavailable as exc:
        response = problem(503, "Search is being prepared.", f"{exc} Try again in a minute.", kind="search-unavailable")
        response["Retry-After"] = "30"
        return response
    items = []
    for card in result.items:
        card["url"] = _url("catalogue:opportunity", card["opportunity"])
        card["run_url"] = _url("catalogue:run", card["run"])
        items.append(card)
    # The body is built here in the documented shape (SearchOut; a test validates responses against it) and
    # serialised directly: validating every field of every result again cost more than the search itself.
    body = {
        "total": result.total, "page": params.page, "per_page": params.per_page, "pages": result.pages,
        "matched": result.matched, "all_total": result.all_total, "typo_tolerant": result.typo_tolerant,
        "words": result.words, "items": items,
        "facets": {name: [fv.__dict__ for fv in values] for name, values in result.facets.items()},
        "toggles": result.toggles, "suggestions": [s.__dict__ for s in result.suggestions],
        "index_outbox_id": result.outbox_id, "took_ms": round(result.took_ms, 2),
    }
    return HttpResponse(orjson.dumps(body), content_type="application/json")
