"""Public catalogue pages: home, browse, opportunity, run, provider, venue. No account needed."""

from __future__ import annotations

import json

from django.urls import reverse

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from learningcity.catalogue import selectors
from learningcity.catalogue.extensions import panels_for
from learningcity.catalogue.jsonld import opportunity_jsonld
from learningcity.catalogue.models import Opportunity, OpportunityRun, Provider, Topic, Venue
from learningcity.catalogue.vocab import ACCESSIBILITY, LANGUAGES, TARGET_GROUPS, Sector, Status
from learningcity.core.demography import LIFE_STAGES
from learningcity.core.models import District

PAGE_SIZE = 24
# Lazy: these are read per request, in the visitor's language (a plain gettext here would freeze one).
LIFE_STAGE_LABELS = {"children": gettext_lazy("Children (0–12)"), "youth": gettext_lazy("Young people (13–24)"),
                     "adults": gettext_lazy("Adults (25–64)"), "older": gettext_lazy("Older adults (65+)")}


def life_stage_choices() -> list[tuple[str, str]]:
    return [(key, str(LIFE_STAGE_LABELS[key])) for key, _low, _high in LIFE_STAGES]


def _stage_age(stage: str | None) -> int | None:
    """A representative age inside the stage: an opportunity for the stage must admit it."""
    for key, low, high in LIFE_STAGES:
        if key == stage:
            return (low + (high if high is not None else low + 10)) // 2
    return None


def points_json(venues) -> str:
    """Markers for the map script: [{name, lat, lon, url, approximate}], deduplicated."""
    seen, out = set(), []
    for v in venues:
        if v is None or v.pk in seen:
            continue
        seen.add(v.pk)
        out.append({"name": v.name, "lat": v.latitude, "lon": v.longitude, "url": reverse("catalogue:venue", args=[v.pk]),
                    "approximate": v.location_approximate})
    return json.dumps(out, ensure_ascii=False)


def home(request: HttpRequest) -> HttpResponse:
    topics = [t for t in selectors.topic_list_with_counts() if t.published]
    return render(request, "catalogue/home.html", {
        "upcoming": selectors.upcoming_runs(limit=9),
        "topics": topics,
        "districts": District.objects.order_by("name_en"),
        "life_stages": life_stage_choices(),
    })


def opportunity_list(request: HttpRequest) -> HttpResponse:
    district = request.GET.get("district") or None
    topic = request.GET.get("topic") or None
    stage = request.GET.get("age_group") or None
    free = request.GET.get("free") == "1"
    errors = []
    if district and not District.objects.filter(slug=district).exists():
        errors.append(_("Unknown district: showing all districts."))
        district = None
    if topic and not Topic.objects.filter(code=topic).exists():
        errors.append(_("Unknown topic: showing all topics."))
        topic = None
    if stage and _stage_age(stage) is None:
        errors.append(_("Unknown age group: showing all ages."))
        stage = None
    qs = selectors.opportunity_list(filters=selectors.OpportunityFilters(
        district=district, topic=topic, age=_stage_age(stage), free=True if free else None,
    ))
    paginator = Paginator(qs, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "catalogue/opportunity_list.html", {
        "page": page, "count": paginator.count, "errors": errors,
        "districts": District.objects.order_by("name_en"), "topics": Topic.objects.order_by("code"),
        "life_stages": life_stage_choices(),
        "selected": {"district": district, "topic": topic, "age_group": stage, "free": free},
        "query": query.urlencode(),
    })


def opportunity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        opportunity = selectors.opportunity_get_visible(pk=pk, actor=request.user)
    except Opportunity.DoesNotExist:
        raise Http404(_("No such opportunity."))
    runs = opportunity.public_runs
    venues = [r.venue for r in runs if r.venue_id]
    return render(request, "catalogue/opportunity_detail.html", {
        "o": opportunity, "runs": runs, "now": timezone.now(),
        "jsonld": opportunity_jsonld(opportunity, runs) if opportunity.status == Status.PUBLISHED else None,
        "points": points_json(venues), "approximate": any(v.location_approximate for v in venues),
        "language_names": [LANGUAGES.get(code, code) for code in opportunity.languages],
        "accessibility": [ACCESSIBILITY.get(code, code) for code in opportunity.accessibility],
        "target_groups": [TARGET_GROUPS.get(code, code) for code in opportunity.target_groups],
        "panels": panels_for("opportunity", request, opportunity),
        "is_preview": opportunity.status != Status.PUBLISHED,
    })


def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        run = selectors.run_get_visible(pk=pk, actor=request.user)
    except OpportunityRun.DoesNotExist:
        raise Http404(_("No such run."))
    return render(request, "catalogue/run_detail.html", {
        "run": run, "o": run.opportunity, "now": timezone.now(),
        "points": points_json([run.venue] if run.venue_id else []),
        "panels": panels_for("run", request, run),
        "is_preview": not run.is_public,
    })


def provider_list(request: HttpRequest) -> HttpResponse:
    sector = request.GET.get("sector") or None
    q = (request.GET.get("q") or "").strip()[:100]
    qs = selectors.provider_list()
    if sector in Sector.values:
        qs = qs.filter(sector=sector)
    else:
        sector = None
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(kind__icontains=q))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "catalogue/provider_list.html", {
        "page": page, "sectors": Sector.choices, "selected_sector": sector, "q": q, "query": query.urlencode(),
    })


def provider_detail(request: HttpRequest, slug: str) -> HttpResponse:
    provider = get_object_or_404(Provider.objects.select_related("district"), slug=slug)
    opportunities = selectors.opportunity_list(filters=selectors.OpportunityFilters(provider=provider.pk))
    page = Paginator(opportunities, PAGE_SIZE).get_page(request.GET.get("page"))
    venues = list(provider.venues.select_related("district"))
    return render(request, "catalogue/provider_detail.html", {
        "provider": provider, "page": page, "venues": venues, "points": points_json(venues),
    })


def venue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        venue = selectors.venue_get(pk=pk)
    except Venue.DoesNotExist:
        raise Http404(_("No such venue."))
    runs = selectors.public_runs().filter(venue=venue, end_date__gte=timezone.localdate()).order_by("start_date")
    page = Paginator(runs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "catalogue/venue_detail.html", {
        "venue": venue, "page": page, "points": points_json([venue]),
        "accessibility": [ACCESSIBILITY.get(code, code) for code in venue.accessibility],
        "panels": panels_for("venue", request, venue),
    })
