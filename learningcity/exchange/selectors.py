"""Exchange reads: provider feed health for the city office, and import runs."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from learningcity.catalogue.models import Provider
from learningcity.catalogue.vocab import Status
from learningcity.core.permissions import Actor, is_city_office, require
from learningcity.exchange.models import ImportRun

NOT_OFFICE = "Feed health is for the city learning office."


@dataclass
class ProviderHealth:
    provider: Provider
    last_import: ImportRun | None
    last_change: object
    rejected_last_import: int
    stale_listings: int
    live_listings: int

    @property
    def needs_attention(self) -> bool:
        return bool(self.stale_listings or self.rejected_last_import or
                    (self.last_import and self.last_import.outcome in ("failed", "rolled_back")))


def provider_health(*, actor: Actor) -> list[ProviderHealth]:
    """Providers with imports or listings: last import, last change, rows rejected, stale listings.

    A stale listing is a run still published whose last day has passed: it shows the provider stopped
    updating (the run should be archived or the next one added).
    """
    require(is_city_office(actor), NOT_OFFICE)
    today = timezone.localdate()
    live_run = Q(opportunities__status=Status.PUBLISHED, opportunities__runs__status=Status.PUBLISHED,
                 opportunities__runs__is_cancelled=False)
    latest = ImportRun.objects.filter(provider=OuterRef("pk")).order_by("-started_at", "-id")
    providers = (
        Provider.objects.annotate(
            stale=Count("opportunities__runs", filter=live_run & Q(opportunities__runs__end_date__lt=today),
                        distinct=True),
            live=Count("opportunities__runs", filter=live_run & Q(opportunities__runs__end_date__gte=today),
                       distinct=True),
            last_change=Max("opportunities__modified_at"),
            last_import_id=Subquery(latest.values("id")[:1]),
            imports=Count("import_runs", distinct=True),
        )
        .filter(Q(imports__gt=0) | Q(stale__gt=0) | Q(live__gt=0))
        .order_by("-stale", "name")
    )
    rows = list(providers)
    runs = ImportRun.objects.in_bulk([p.last_import_id for p in rows if p.last_import_id])
    return [ProviderHealth(provider=p, last_import=runs.get(p.last_import_id), last_change=p.last_change,
                           rejected_last_import=runs[p.last_import_id].rejected if p.last_import_id else 0,
                           stale_listings=p.stale, live_listings=p.live) for p in rows]


def import_runs(*, actor: Actor) -> QuerySet[ImportRun]:
    require(is_city_office(actor), NOT_OFFICE)
    return ImportRun.objects.select_related("provider", "started_by").order_by("-started_at", "-id")


def import_run_get(*, actor: Actor, pk: int) -> ImportRun:
    return import_runs(actor=actor).get(pk=pk)
