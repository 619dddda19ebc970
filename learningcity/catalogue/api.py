"""Catalogue API: public reads; writes with an API token (or session) by the provider's staff or the city office.

Every write calls one service; permission, validation, audit and events happen there.
"""

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from learningcity.catalogue import selectors, services
from learningcity.catalogue.jsonld import opportunity_jsonld
from learningcity.catalogue.models import Opportunity, OpportunityRun, Provider, Venue
from learningcity.catalogue.schemas import (
    OpportunityIn, OpportunityOut, OpportunityPatch, OpportunitySummary, ProviderOut, RunIn, RunOut, RunPatch,
    SectorCode, TopicOut, VenueIn, VenueOut,
)
from learningcity.catalogue.serializers import (
    opportunity_out, opportunity_summary, provider_out, run_out, venue_out,
)
from learningcity.core.api_auth import API_AUTH
from learningcity.core.api_pagination import PageParams, page_of, page_schema
from learningcity.core.models import District
from learningcity.core.problems import problem

router = Router(tags=["catalogue"])
WRITE_RESPONSES = {400: dict, 401: dict, 403: dict, 404: dict}


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str | None = None


class OpportunityQuery(PageParams):
    district: str | None = None
    topic: str | None = None
    age: int | None = None
    provider: int | None = None
    free: bool | None = None
    upcoming: bool = False


def _opportunity_for(request, pk: int) -> Opportunity:
    try:
        return selectors.opportunity_get_visible(pk=pk, actor=request.user)
    except Opportunity.DoesNotExist:
        from django.http import Http404

        raise Http404("No such opportunity.")


@router.get("/opportunities", response={200: page_schema(OpportunitySummary), 400: Problem},
            summary="Browse published opportunities")
def opportunity_list(request, filters: Query[OpportunityQuery]):
    if filters.age is not None and not 0 <= filters.age <= 120:
        from django.core.exceptions import ValidationError

        raise ValidationError({"age": ["Ages run from 0 to 120."]})
    qs = selectors.opportunity_list(filters=selectors.OpportunityFilters(
        district=filters.district, topic=filters.topic, age=filters.age, provider=filters.provider,
        free=filters.free, upcoming_only=filters.upcoming,
    ))
    return page_of(qs, filters, opportunity_summary)


@router.get("/opportunities/{pk}", response={200: OpportunityOut, 404: Problem}, summary="One opportunity with its runs")
def opportunity_detail(request, pk: int):
    return opportunity_out(_opportunity_for(request, pk))


@router.get("/opportunities/{pk}/jsonld", response={200: dict, 404: Problem},
            summary="schema.org Course / CourseInstance JSON-LD")
def opportunity_jsonld_view(request, pk: int):
    return opportunity_jsonld(_opportunity_for(request, pk))


@router.post("/opportunities", response={201: OpportunityOut, **WRITE_RESPONSES}, auth=API_AUTH,
             summary="Create a draft opportunity for a provider you work for")
def opportunity_create(request, payload: OpportunityIn):
    provider = get_object_or_404(Provider, pk=payload.provider_id)
    data = payload.dict(exclude={"provider_id", "topics"})
    o = services.opportunity_create(provider=provider, by=request.user, topics=payload.topics, **data)
    return 201, opportunity_out(o, runs=[])


@router.patch("/opportunities/{pk}", response={200: OpportunityOut, **WRITE_RESPONSES}, auth=API_AUTH,
              summary="Change an opportunity")
def opportunity_update(request, pk: int, payload: OpportunityPatch):
    o = get_object_or_404(Opportunity, pk=pk)
    data = payload.dict(exclude_unset=True)
    topics = data.pop("topics", None)
    o = services.opportunity_update(opportunity=o, by=request.user, topics=topics, **data)
    return opportunity_out(o)


@router.post("/opportunities/{pk}/publish", response={200: OpportunityOut, **WRITE_RESPONSES}, auth=API_AUTH)
def opportunity_publish(request, pk: int):
    o = get_object_or_404(Opportunity, pk=pk)
    return opportunity_out(services.opportunity_publish(opportunity=o, by=request.user))


@router.post("/opportunities/{pk}/archive", response={200: OpportunityOut, **WRITE_RESPONSES}, auth=API_AUTH)
def opportunity_archive(request, pk: int):
    o = get_object_or_404(Opportunity, pk=pk)
    return opportunity_out(services.opportunity_archive(opportunity=o, by=request.user))


@router.delete("/opportunities/{pk}", response={204: None, **WRITE_RESPONSES}, auth=API_AUTH,
               summary="Delete a draft (published ones are archived instead)")
def opportunity_delete(request, pk: int):
    o = get_object_or_404(Opportunity, pk=pk)
    services.opportunity_delete(opportunity=o, by=request.user)
    return 204, None


def _run_data(payload, request) -> dict:
    data = payload.dict(exclude_unset=True)
    if "venue_id" in data:
        venue_id = data.pop("venue_id")
        data["venue"] = get_object_or_404(Venue, pk=venue_id) if venue_id else None
    return data


@router.get("/runs/{pk}", response={200: RunOut, 404: Problem}, summary="One run")
def run_detail(request, pk: int):
    run = get_object_or_404(OpportunityRun.objects.select_related("venue", "venue__district"), pk=pk)
    _opportunity_for(request, run.opportunity_id)
    return run_out(run)


@router.post("/opportunities/{pk}/runs", response={201: RunOut, **WRITE_RESPONSES}, auth=API_AUTH,
             summary="Add a draft run to an opportunity")
def run_create(request, pk: int, payload: RunIn):
    o = get_object_or_404(Opportunity, pk=pk)
    run = services.run_create(opportunity=o, by=request.user, **_run_data(payload, request))
    return 201, run_out(run)


@router.patch("/runs/{pk}", response={200: RunOut, **WRITE_RESPONSES}, auth=API_AUTH)
def run_update(request, pk: int, payload: RunPatch):
    run = get_object_or_404(OpportunityRun, pk=pk)
    return run_out(services.run_update(run=run, by=request.user, **_run_data(payload, request)))


@router.post("/runs/{pk}/publish", response={200: RunOut, **WRITE_RESPONSES}, auth=API_AUTH)
def run_publish(request, pk: int):
    return run_out(services.run_publish(run=get_object_or_404(OpportunityRun, pk=pk), by=request.user))


@router.post("/runs/{pk}/archive", response={200: RunOut, **WRITE_RESPONSES}, auth=API_AUTH)
def run_archive(request, pk: int):
    return run_out(services.run_archive(run=get_object_or_404(OpportunityRun, pk=pk), by=request.user))


@router.post("/runs/{pk}/cancel", response={200: RunOut, **WRITE_RESPONSES}, auth=API_AUTH)
def run_cancel(request, pk: int):
    return run_out(services.run_cancel(run=get_object_or_404(OpportunityRun, pk=pk), by=request.user))


@router.delete("/runs/{pk}", response={204: None, **WRITE_RESPONSES}, auth=API_AUTH)
def run_delete(request, pk: int):
    services.run_delete(run=get_object_or_404(OpportunityRun, pk=pk), by=request.user)
    return 204, None


class ProviderQuery(PageParams):
    sector: SectorCode | None = None


@router.get("/providers", response={200: page_schema(ProviderOut), 400: Problem},
            summary="Providers of learning in the city")
def provider_list(request, params: Query[ProviderQuery]):
    qs = selectors.provider_list()
    if params.sector:
        qs = qs.filter(sector=params.sector)
    return page_of(qs, params, provider_out)


@router.get("/providers/{slug}", response={200: ProviderOut, 404: Problem})
def provider_detail(request, slug: str):
    return provider_out(get_object_or_404(Provider.objects.select_related("district"), slug=slug))


class VenueQuery(PageParams):
    district: str | None = Field(None, description="District slug, see /districts")


@router.get("/venues", response={200: page_schema(VenueOut), 400: Problem},
            summary="Venues, optionally of one district")
def venue_list(request, params: Query[VenueQuery]):
    return page_of(selectors.venue_list(district_slug=params.district), params, venue_out)


@router.get("/venues/{pk}", response={200: VenueOut, 404: Problem})
def venue_detail(request, pk: int):
    return venue_out(get_object_or_404(Venue.objects.select_related("district", "neighbourhood"), pk=pk))


def _venue_data(payload: VenueIn | dict) -> dict:
    data = payload.dict(exclude_unset=True) if hasattr(payload, "dict") else dict(payload)
    if "provider_id" in data:
        pid = data.pop("provider_id")
        data["provider"] = get_object_or_404(Provider, pk=pid) if pid else None
    if "district" in data:
        slug = data.pop("district")
        if slug:
            district = District.objects.filter(slug=slug).first()
            if district is None:
                from django.core.exceptions import ValidationError

                raise ValidationError({"district": [f"Unknown district {slug!r}; see /api/v1/districts."]})
            data["district"] = district
    return data


@router.post("/venues", response={201: VenueOut, **WRITE_RESPONSES}, auth=API_AUTH,
             summary="Add a venue (coordinates decide its district)")
def venue_create(request, payload: VenueIn):
    return 201, venue_out(services.venue_create(by=request.user, **_venue_data(payload)))


@router.patch("/venues/{pk}", response={200: VenueOut, **WRITE_RESPONSES}, auth=API_AUTH)
def venue_update(request, pk: int, payload: VenueIn):
    venue = get_object_or_404(Venue, pk=pk)
    return venue_out(services.venue_update(venue=venue, by=request.user, **_venue_data(payload)))


@router.get("/topics", response=list[TopicOut], summary="The city's topic list with counts of published opportunities")
def topic_list(request):
    return [{"code": t.code, "name_ko": t.name_ko, "name_en": t.name_en, "isced_field": t.isced_field,
             "published": t.published} for t in selectors.topic_list_with_counts()]
