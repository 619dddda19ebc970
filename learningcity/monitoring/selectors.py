"""Monitoring reads: stored snapshots and their parts (pages and the API never recompute), and the
external statistics the city office entered."""

from __future__ import annotations

from django.db.models import QuerySet

from learningcity.monitoring.models import ExternalStatistic, Snapshot, SnapshotPart


def snapshot_latest() -> Snapshot | None:
    return Snapshot.objects.order_by("-computed_at", "-id").first()


def snapshot_list() -> QuerySet[Snapshot]:
    return Snapshot.objects.order_by("-computed_at", "-id")


def snapshot_part(*, snapshot: Snapshot | None, key: str) -> dict | list | None:
    if snapshot is None:
        return None
    return SnapshotPart.objects.filter(snapshot=snapshot, key=key).values_list("data", flat=True).first()


def snapshot_parts(*, snapshot: Snapshot | None, keys: list[str]) -> dict:
    if snapshot is None:
        return {}
    return dict(SnapshotPart.objects.filter(snapshot=snapshot, key__in=keys).values_list("key", "data"))


def trend(*, key: str = "framework", limit: int = 24) -> list[tuple[Snapshot, dict]]:
    """(snapshot, part) for the latest `limit` snapshots, oldest first: the time series of a stored part."""
    snapshots = list(snapshot_list()[:limit])
    parts = dict(SnapshotPart.objects.filter(snapshot__in=snapshots, key=key).values_list("snapshot_id", "data"))
    return [(s, parts[s.pk]) for s in reversed(snapshots) if s.pk in parts]


def external_statistic_list() -> QuerySet[ExternalStatistic]:
    return ExternalStatistic.objects.select_related("entered_by").order_by("indicator", "area_code", "-year")


def external_latest() -> dict[str, dict[str, float]]:
    """{indicator: {area code: value of its latest year}} for the framework scores."""
    out: dict[str, dict[str, float]] = {}
    seen: set[tuple[str, str]] = set()
    for s in ExternalStatistic.objects.order_by("indicator", "area_code", "-year"):
        if (s.indicator, s.area_code) in seen:
            continue
        seen.add((s.indicator, s.area_code))
        out.setdefault(s.indicator, {})[s.area_code] = s.value
    return out
