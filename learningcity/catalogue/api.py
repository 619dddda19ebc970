"""Catalogue API: public reads; writes with an API token (or session) by the provider's staff or the city office.

Every write calls one service; permission, validation, audit and events happen there.
"""

import contextlib

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Status

from learningcity.catalogue import selectors, services
from learningcity.catalogue.jsonld import opportunity_jsonld
from learningcity.catalogue.models import Opportunity, OpportunityRun, Provider, Venue
from learningcity.catalogue.schemas import (
    OpportunityIn, OpportunityOut, OpportunityPatch, OpportunitySummary, ProviderOut, RunIn, RunOut, RunPatch,
    SectorCode, TopicOut, VenueIn, VenueOut, VenuePatch,
)
from learningcity.catalogue.serializers import (
    opportunity_out, opportunity_summary, provider_out, run_out, venue_out,
)
from learningcity.core.api_auth import API_AUTH, request_actor
from learningcity.core.api_pagination import PageParams, page_of, page_schema
from learningcity.core.api_types import RecordId
from learningcity.core.models import District
from learningcity.core.problems import READ_ERRORS, WRITE_ERRORS as WRITE_RESPONSES, Problem

router = Router(tags=["catalogue"])
# The API names relations by id (`venue_id`); the services name them by the relation (`venue`).
API_FIELD_NAMES = {"venue": "venue_id", "provider": "provider_id"}


@contextlib.contextmanager
def api_field_names():
    """Re-label a service's ValidationError with the API's field names, so each error points at what was sent."""
    try:
        yield
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        raise ValidationError({API_FIELD_NAMES.get(f, f): errors for f, errors in exc.error_dict.items()}) from exc


def _related(model, pk, field: str):
    """The row a payload refers to by id, or a 400 naming the field (not a 404 for the whole request)."""
    if pk is None:
        return None
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        raise ValidationError({field: [f"There is no {model._meta.verbose_name} with id {pk}."]})
    return obj


class OpportunityQuery(PageParams):
    district: str | None = Field(None, description="District slug, see /districts")
    topic: str | None = Field(None, description="Topic code, see /topics")
    age: int | None = Field(None, ge=0, le=120, description="A learner's age: opportunities that admit it")
    provider: RecordId | None = Field(None, description="Provider id")
    free: bool | None = None
    upcoming: bool = Field(False, description="Only opportunities with a run that has not ended")


def _opportunity_for(request, pk: int) -> Opportunity:
    try:
        return selectors.opportunity_get_visible(pk=pk, actor=request_actor(request))
    except Opportunity.DoesNotExist:
        raise Http404("No such opportunity.")


@router.get("/opportunities", response={200: page_schema(OpportunitySummary), 400: Problem},
            summary="Browse published opportunities")
def opportunity_list(request, filters: Query[OpportunityQuery]):
    qs = selectors.opportunity_list(filters=selectors.OpportunityFilters(
        district=filters.district, topic=filters.topic, age=filters.age, provider=filters.provider,
        free=filters.free, upcoming_only=filters.upcoming,
    ))
    return page_of(qs, filters, opportunity_summary)


@router.get("/opportunities/{pk}", response={200: OpportunityOut, **READ_ERRORS}, summary="One opportunity with its runs")
def opportunity_detail(request, pk: RecordId):
    return opportunity_out(_opportunity_for(request, pk))


@router.get("/opportunities/{pk}/jsonld", response={200: dict, **READ_ERRORS},
            summary="schema.org Course / CourseInstance JSON-LD")
def opportunity_jsonld_view(request, pk: RecordId):
    return opportunity_jsonld(_opportunity_for(request, pk))


@router.post("/opportunities", response={201: OpportunityOut, **WRITE_RESPONSES}, auth=API_AUTH,
             summary="Create a draft opportunity for a provider you work for")
def opportunity_create(request, payload: OpportunityIn):
    provider = _related(Provider, payload.provider_id, "provider_id")
    data = payload.dict(exclude={"provider_id", "topics"})
    with api_field_names():
        o = services.opportunity_create(provider=provider, by=request.user, topics=payload.topics, **data)
    return Status(201, opportunity_out(o, runs=[]))


@router.patch("/opportunities/{pk}", response={200: OpportunityOut, **WRITE_RESPONSES}, auth=API_AUTH,
              summary="Change an opportunity")
def opportunity_update(request, pk: RecordId, payload: OpportunityPatch):
    o = get_object_or_404(Opportunity, pk=pk)
    data = payload.dict(exclude_unset=True)
    topics = data.pop("topics", None)
    with api_field_names():
        o = services.opportunity_update(opportunity=o, by=request.user, topics=topics, **data)
    return opportunity_out(selectors.opportunity_get_visible(pk=o.pk, actor=request_actor(request)))


@router.post("/opportunities/{pk}/publish", response={200: OpportunityOut, **WRITE_RESPONSES}, auth=API_AUTH)
def opportunity_publish(request, pk: RecordId):
    o = get_object_or_404(Opportunity, pk=pk)
    return opportunity_out(services.opportunity_publish(opportunity=o, by=request.user))


@router.post("/opportunities/{pk}/archive", response={200: OpportunityOut, **WRITE_RESPONSES}, auth=API_AUTH)
def opportunity_archive(request, pk: RecordId):
    o = get_object_or_404(Opportunity, pk=pk)
    return opportunity_out(services.opportunity_archive(opportunity=o, by=request.user))


@router.delete("/opportunities/{pk}", response={204: None, **WRITE_RESPONSES}, auth=API_AUTH,
               summary="Delete a draft (published ones are archived instead)")
def opportunity_delete(request, pk: RecordId):
    o = get_object_or_404(Opportunity, pk=pk)
    services.opportunity_delete(opportunity=o, by=request.user)
    return Status(204, None)


def _run_data(payload) -> dict:
    data = payload.dict(exclude_unset=True)
    if "venue_id" in data:
        data["venue"] = _related(Venue, data.pop("venue_id"), "venue_id")
    return data


@router.get("/runs/{pk}", response={200: RunOut, **READ_ERRORS}, summary="One run")
def run_detail(request, pk: RecordId):
    try:
        return run_out(selectors.run_get_visible(pk=pk, actor=request_actor(request)))
    except OpportunityRun.DoesNotExist:
        raise Http404("No such run.")


@router.post("/opportunities/{pk}/runs", response={201: RunOut, **WRITE_RESPONSES}, auth=API_AUTH,
             summary="Add a draft run to an opportunity")
def run_create(request, pk: RecordId, payload: RunIn):
    o = get_object_or_404(Opportunity, pk=pk)
    with api_field_names():
        run = services.run_create(opportunity=o, by=request.user, **_run_data(payload))
    return Status(201, run_out(run))


@router.patch("/runs/{pk}", response={200: RunOut, **WRITE_RESPONSES}, auth=API_AUTH)
def run_update(request, pk: RecordId, payload: RunPatch):
    run = get_object_or_404(OpportunityRun, pk=pk)
    with api_field_names():
        return run_out(services.run_update(run=run, by=request.user, **_run_data(payload)))


@router.post("/runs/{pk}/publish", response={200: RunOut, **WRITE_RESPONSES}, auth=API_AUTH)
def run_publish(request, pk: RecordId):
    return run_out(services.run_publish(run=get_object_or_404(OpportunityRun, pk=pk), by=request.user))


@router.post("/runs/{pk}/archive", response={200: RunOut, **WRITE_RESPONSES}, auth=API_AUTH)
def run_archive(request, pk: RecordId):
    return run_out(services.run_archive(run=get_object_or_404(OpportunityRun, pk=pk), by=request.user))


@router.post("/runs/{pk}/cancel", response={200: RunOut, **WRITE_RESPONSES}, auth=API_AUTH)
def run_cancel(request, pk: RecordId):
    return run_out(services.run_cancel(run=get_object_or_404(OpportunityRun, pk=pk), by=request.user))


@router.delete("/runs/{pk}", response={204: None, **WRITE_RESPONSES}, auth=API_AUTH)
def run_delete(request, pk: RecordId):
    services.run_delete(run=get_object_or_404(OpportunityRun, pk=pk), by=request.user)
    return Status(204, None)


class ProviderQuery(PageParams):
    sector: SectorCode | None = None


@router.get("/providers", response={200: page_schema(ProviderOut), 400: Problem},
            summary="Providers of learning in the city")
def provider_list(request, params: Query[ProviderQuery]):
    qs = selectors.provider_list()
    if params.sector:
        qs = qs.filter(sector=params.sector)
    return page_of(qs, params, provider_out)


@router.get("/providers/{slug}", response={200: ProviderOut, **READ_ERRORS})
def provider_detail(request, slug: str):
    try:
        return provider_out(selectors.provider_get(slug=slug))
    except Provider.DoesNotExist:
        raise Http404("No such provider.")


class VenueQuery(PageParams):
    district: str | None = Field(None, description="District slug, see /districts")


@router.get("/venues", response={200: page_schema(VenueOut), 400: Problem},
            summary="Venues, optionally of one district")
def venue_list(request, params: Query[VenueQuery]):
    return page_of(selectors.venue_list(district_slug=params.district), params, venue_out)


@router.get("/venues/{pk}", response={200: VenueOut, **READ_ERRORS})
def venue_detail(request, pk: RecordId):
    try:
        return venue_out(selectors.venue_get(pk=pk))
    except Venue.DoesNotExist:
        raise Http404("No such venue.")


def _venue_data(payload: VenueIn | VenuePatch) -> dict:
    data = payload.dict(exclude_unset=True)
    if "provider_id" in data:
        data["provider"] = _related(Provider, data.pop("provider_id"), "provider_id")
    if "district" in data:
        slug = data.pop("district")
        if slug:
            district = District.objects.filter(slug=slug).first()
            if district is None:
                raise ValidationError({"district": [f"Unknown district {slug!r}; see /api/v1/districts."]})
            data["district"] = district
    return data


@router.post("/venues", response={201: VenueOut, **WRITE_RESPONSES}, auth=API_AUTH,
             summary="Add a venue (coordinates decide its district)")
def venue_create(request, payload: VenueIn):
    with api_field_names():
        return Status(201, venue_out(services.venue_create(by=request.user, **_venue_data(payload))))


@router.patch("/venues/{pk}", response={200: VenueOut, **WRITE_RESPONSES}, auth=API_AUTH)
def venue_update(request, pk: RecordId, payload: VenuePatch):
    venue = get_object_or_404(Venue, pk=pk)
    with api_field_names():
        return venue_out(services.venue_update(venue=venue, by=request.user, **_venue_data(payload)))


@router.get("/topics", response=list[TopicOut], summary="The city's topic list with counts of published opportunities")
def topic_list(request):
    return [{"code": t.code, "name_ko": t.name_ko, "name_en": t.name_en, "isced_field": t.isced_field,
             "published": t.published} for t in selectors.topic_list_with_counts()]
