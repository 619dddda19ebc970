"""District pages: the map of districts, and one district with its population, venues and learning."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from learningcity.catalogue import selectors
from learningcity.catalogue.extensions import panels_for
from learningcity.catalogue.models import Venue
from learningcity.catalogue.views.public import PAGE_SIZE, points_json
from learningcity.core import selectors as core_selectors
from learningcity.core.charts import population_pyramid
from learningcity.core.models import District, PopulationCount


def district_list(request: HttpRequest) -> HttpResponse:
    population = dict(
        PopulationCount.objects.filter(level=PopulationCount.Level.DISTRICT)
        .values_list("area_code").annotate(total=Sum("population")).values_list("area_code", "total")
    )
    venues = dict(Venue.objects.values_list("district_id").annotate(n=Count("id")).values_list("district_id", "n"))
    runs = dict(
        selectors.public_runs().values_list("venue__district_id").annotate(n=Count("id"))
        .values_list("venue__district_id", "n")
    )
    rows = [
        {"district": d, "population": population.get(d.code, 0), "venues": venues.get(d.pk, 0),
         "runs": runs.get(d.pk, 0)}
        for d in District.objects.order_by("name_en")
    ]
    return render(request, "catalogue/district_list.html", {
        "rows": rows, "total_population": sum(r["population"] for r in rows),
    })


def district_detail(request: HttpRequest, slug: str) -> HttpResponse:
    district = get_object_or_404(District, slug=slug)
    bands = core_selectors.population_by_band(area_code=district.code)
    venues = selectors.venue_list(district_slug=slug)
    kind = request.GET.get("kind") or None
    if kind:
        venues = venues.filter(kind=kind)
    venue_page = Paginator(venues, 50).get_page(request.GET.get("vpage"))
    opportunities = selectors.opportunity_list(filters=selectors.OpportunityFilters(district=slug))
    return render(request, "catalogue/district_detail.html", {
        "district": district,
        "bands": [{"band": b, "male": v["M"], "female": v["F"], "total": v["M"] + v["F"]} for b, v in bands.items()],
        "population_total": sum(v["M"] + v["F"] for v in bands.values()),
        "pyramid": population_pyramid(bands),
        "summary": selectors.district_summary(district_id=district.pk),
        "venue_page": venue_page, "kinds": Venue.objects.filter(district=district).values_list("kind", flat=True)
        .distinct().order_by("kind"), "selected_kind": kind,
        "points": points_json(venue_page.object_list),
        "opportunities": Paginator(opportunities, PAGE_SIZE).get_page(request.GET.get("page")),
        "neighbourhoods": district.neighbourhoods.annotate(
            residents=Sum("population__population", filter=Q(population__level="neighbourhood"))
        ).order_by("name_ko"),
        "panels": panels_for("district", request, district),
    })
