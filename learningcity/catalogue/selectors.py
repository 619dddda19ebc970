"""Catalogue reads. Public lists show only published opportunities and runs; provider staff see their own
drafts through the `*_for_staff` selectors. Every list selects its relations up front (no N+1 in templates).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, F, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from learningcity.catalogue.models import Opportunity, OpportunityRun, Provider, Topic, Venue
from learningcity.catalogue.permissions import provider_ids_of
from learningcity.catalogue.vocab import Status
from learningcity.core.permissions import Actor, is_city_office

PUBLIC_RUNS = Q(status=Status.PUBLISHED, is_cancelled=False, opportunity__status=Status.PUBLISHED)
# A run shown on its (published) opportunity's page: published and not cancelled.
LISTED_RUN = Q(status=Status.PUBLISHED, is_cancelled=False)


def public_runs() -> QuerySet[OpportunityRun]:
    return OpportunityRun.objects.filter(PUBLIC_RUNS).select_related(
        "opportunity", "opportunity__provider", "venue", "venue__district", "venue__neighbourhood"
    )


def _with_public_runs(qs: QuerySet[Opportunity]) -> QuerySet[Opportunity]:
    runs = OpportunityRun.objects.filter(LISTED_RUN).select_related(
        "venue", "venue__district", "venue__neighbourhood"
    )
    return qs.select_related("provider").prefetch_related("topics", Prefetch("runs", queryset=runs,
                                                                              to_attr="public_runs"))


@dataclass
class OpportunityFilters:
    district: str | None = None  # district slug
    topic: str | None = None  # topic code
    age: int | None = None  # learner's age: inside [age_min, age_max]
    provider: int | None = None
    venue: int | None = None
    free: bool | None = None
    upcoming_only: bool = False


def opportunity_list(*, filters: OpportunityFilters | None = None) -> QuerySet[Opportunity]:
    """Published opportunities matching simple browse filters (full discovery lives in `search`).

    Run conditions are `EXISTS` subqueries on listed runs (published, not cancelled): no duplicate rows, no
    DISTINCT, and a cancelled run never puts an opportunity in a district. Sorted by the next listed start.
    """
    f = filters or OpportunityFilters()
    qs = Opportunity.objects.filter(status=Status.PUBLISHED)
    runs = OpportunityRun.objects.filter(LISTED_RUN, opportunity=OuterRef("pk"))
    if f.district:
        qs = qs.filter(Exists(runs.filter(venue__district__slug=f.district)))
    if f.venue:
        qs = qs.filter(Exists(runs.filter(venue_id=f.venue)))
    if f.upcoming_only:
        qs = qs.filter(Exists(runs.filter(end_date__gte=timezone.localdate())))
    if f.topic:
        qs = qs.filter(Exists(Opportunity.topics.through.objects.filter(opportunity_id=OuterRef("pk"),
                                                                          topic__code=f.topic)))
    if f.age is not None:
        qs = qs.filter(Q(age_min__isnull=True) | Q(age_min__lte=f.age)).filter(
            Q(age_max__isnull=True) | Q(age_max__gte=f.age)
        )
    if f.provider:
        qs = qs.filter(provider_id=f.provider)
    if f.free is not None:
        qs = qs.filter(is_free=f.free)
    next_start = runs.order_by().values("opportunity").annotate(first=Min("start_date")).values("first")
    qs = qs.annotate(next_start=Subquery(next_start[:1]))
    return _with_public_runs(qs).order_by(F("next_start").asc(nulls_last=True), "title", "id")


def opportunity_get_public(*, pk: int) -> Opportunity:
    return _with_public_runs(Opportunity.objects.filter(status=Status.PUBLISHED)).get(pk=pk)


def opportunity_get_visible(*, pk: int, actor: Actor) -> Opportunity:
    """Published ones for everyone; drafts and archived ones for their provider's staff and the city office."""
    qs = Opportunity.objects.all()
    if not is_city_office(actor):
        qs = qs.filter(Q(status=Status.PUBLISHED) | Q(provider_id__in=provider_ids_of(actor)))
    return _with_public_runs(qs).get(pk=pk)


def run_get_visible(*, pk: int, actor: Actor) -> OpportunityRun:
    """A public run for everyone; any run of their own provider for its staff, and any run for the city office."""
    run = OpportunityRun.objects.select_related(
        "opportunity", "opportunity__provider", "venue", "venue__district", "venue__neighbourhood"
    ).get(pk=pk)
    if run.is_public or is_city_office(actor) or run.opportunity.provider_id in provider_ids_of(actor):
        return run
    raise OpportunityRun.DoesNotExist


def opportunity_list_for_staff(*, actor: Actor, provider: Provider) -> QuerySet[Opportunity]:
    if not (is_city_office(actor) or provider.pk in provider_ids_of(actor)):
        return Opportunity.objects.none()
    return (
        Opportunity.objects.filter(provider=provider)
        .select_related("provider")
        .annotate(run_count=Count("runs"))
        .order_by("-modified_at")
    )


def runs_for_staff(*, actor: Actor, opportunity: Opportunity) -> QuerySet[OpportunityRun]:
    if not (is_city_office(actor) or opportunity.provider_id in provider_ids_of(actor)):
        return OpportunityRun.objects.none()
    return opportunity.runs.select_related("venue", "venue__district").order_by("start_date", "id")


def providers_of(*, actor: Actor) -> QuerySet[Provider]:
    if is_city_office(actor):
        return Provider.objects.none()  # the city office works through the admin, not a staff dashboard
    return Provider.objects.filter(pk__in=provider_ids_of(actor)).order_by("name")


def provider_list() -> QuerySet[Provider]:
    return Provider.objects.select_related("district").annotate(
        published=Count("opportunities", filter=Q(opportunities__status=Status.PUBLISHED))
    ).order_by("name")


def provider_get(*, slug: str) -> Provider:
    return Provider.objects.select_related("district").get(slug=slug)


def venue_list(*, district_slug: str | None = None) -> QuerySet[Venue]:
    qs = Venue.objects.select_related("district", "neighbourhood", "provider")
    if district_slug:
        qs = qs.filter(district__slug=district_slug)
    return qs.order_by("name")


def venue_get(*, pk: int) -> Venue:
    return Venue.objects.select_related("district", "neighbourhood", "provider").get(pk=pk)


def topic_list_with_counts() -> QuerySet[Topic]:
    return Topic.objects.annotate(
        published=Count("opportunities", filter=Q(opportunities__status=Status.PUBLISHED), distinct=True)
    ).order_by("code")


def district_summary(*, district_id: int) -> dict:
    today = timezone.localdate()
    venues = Venue.objects.filter(district_id=district_id)
    runs = public_runs().filter(venue__district_id=district_id)
    return {
        "venue_count": venues.count(),
        "venues_by_kind": list(venues.values("kind").annotate(n=Count("id")).order_by("-n")),
        "run_count": runs.count(),
        "upcoming_run_count": runs.filter(end_date__gte=today).count(),
        "opportunity_count": runs.values("opportunity_id").distinct().count(),
    }


def upcoming_runs(*, days: int = 90, limit: int = 20) -> QuerySet[OpportunityRun]:
    today = timezone.localdate()
    return public_runs().filter(end_date__gte=today, start_date__lte=today + datetime.timedelta(days=days))[:limit]


# --- Reads for statistics (used by `monitoring` through its input interface). Plain values, no objects. ---

STATISTICS_RUN_FIELDS = (
    "id", "opportunity_id", "venue_id", "venue__district__code", "start_date", "end_date", "start_time",
    "end_time", "weekdays", "capacity", "venue__capacity", "opportunity__setting", "opportunity__age_min",
    "opportunity__age_max", "opportunity__delivery_mode", "opportunity__credential_awarded",
    "opportunity__is_free", "opportunity__provider__sector",
)


def runs_for_statistics() -> QuerySet:
    """Public runs (published, not cancelled, of a published opportunity) as `values()` rows."""
    return OpportunityRun.objects.filter(PUBLIC_RUNS).order_by("id").values(*STATISTICS_RUN_FIELDS)


def opportunities_for_statistics() -> QuerySet:
    """Published opportunities with their last run end and last modification, as `values()` rows."""
    from django.db.models import Max

    return (
        Opportunity.objects.filter(status=Status.PUBLISHED).order_by("id")
        .annotate(last_end=Max("runs__end_date", filter=Q(runs__status=Status.PUBLISHED, runs__is_cancelled=False)))
        .values("id", "modified_at", "last_end", "setting", "credential_awarded", "provider__district__code")
    )


def venues_for_statistics() -> QuerySet:
    """Every venue with its place and seats, as `values()` rows."""
    return Venue.objects.order_by("id").values(
        "id", "name", "kind", "district__code", "neighbourhood__code", "latitude", "longitude",
        "location_approximate", "capacity",
    )
