"""Monitoring writes: storing a computed snapshot, and the external statistics the city office enters.

Each checks permission (the city office, or the system for commands), validates, writes, audits and emits.
"""

from __future__ import annotations

import datetime
import time
from pathlib import Path
from typing import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learningcity.core import events
from learningcity.core.permissions import Actor, is_city_office, require
from learningcity.core.selectors import city_area_code, district_list
from learningcity.core.services import audit_record
from learningcity.monitoring import compute, framework, selectors
from learningcity.monitoring.models import ExternalStatistic, Snapshot, SnapshotPart


def _require_office_or_system(by: Actor) -> None:
    require(by is None or is_city_office(by), _("Only the city's learning-city office can do this."))


def mirror_path() -> Path:
    return Path(settings.VAR_DIR) / "monitoring" / "statements.duckdb"


def snapshot_create(*, by: Actor, reference_date: datetime.date | None = None, mirror: Path | str | None = None,
                    progress: Callable[[str, int, int], None] = lambda *a: None) -> Snapshot:
    """Recompute every indicator and store the result as a new dated snapshot."""
    _require_office_or_system(by)
    started = time.perf_counter()
    reference_date = reference_date or timezone.localdate()
    k = int(settings.SUPPRESSION_K)
    parts, counts = compute.run(reference_date=reference_date, k=k,
                                mirror_path=mirror if mirror is not None else mirror_path(),
                                external=selectors.external_latest(), progress=progress)
    with transaction.atomic():
        snapshot = Snapshot.objects.create(reference_date=reference_date, suppression_k=k, counts=counts,
                                           duration_s=0, created_by=by if by is not None else None)
        SnapshotPart.objects.bulk_create([SnapshotPart(snapshot=snapshot, key=key, data=data)
                                          for key, data in parts.items()])
        snapshot.duration_s = round(time.perf_counter() - started, 3)
        snapshot.save(update_fields=["duration_s"])
        audit_record(actor=by, action="monitoring.snapshot.create", obj=snapshot,
                     reference_date=reference_date.isoformat())
        events.emit("monitoring.snapshot.created", snapshot_id=snapshot.pk)
    return snapshot


def _valid_area(code: str) -> bool:
    return code == city_area_code() or district_list().filter(code=code).exists()


@transaction.atomic
def external_statistic_save(*, by: Actor, indicator: str, area_code: str, year: int, value: float, source: str,
                            note: str = "") -> ExternalStatistic:
    """Enter (or correct) one external statistic; one value per indicator, area and year."""
    require(is_city_office(by), _("Only the city's learning-city office can enter statistics."))
    errors: dict[str, list[str]] = {}
    if indicator not in framework.external_indicators():
        errors["indicator"] = [_("Choose one of the framework's external indicators.")]
    if not _valid_area(area_code):
        errors["area_code"] = [_("Choose the city or one of its districts.")]
    this_year = timezone.localdate().year
    if not 1900 <= int(year) <= this_year + 1:
        errors["year"] = [_("Enter a year between 1900 and %(max)s.") % {"max": this_year + 1}]
    if not (source or "").strip():
        errors["source"] = [_("Say where the figure comes from (publisher, table, date).")]
    if indicator == "EXT-STRATEGY" and value not in (0, 1):
        errors["value"] = [_("Enter 1 (adopted) or 0 (not adopted).")]
    if errors:
        raise ValidationError(errors)
    stat, created = ExternalStatistic.objects.update_or_create(
        indicator=indicator, area_code=area_code, year=int(year),
        defaults={"value": float(value), "source": source.strip(), "note": (note or "").strip(), "entered_by": by},
    )
    audit_record(actor=by, action="monitoring.external_statistic." + ("create" if created else "update"), obj=stat,
                 indicator=indicator, area_code=area_code, year=int(year), value=float(value))
    events.emit("monitoring.external_statistic.saved", statistic_id=stat.pk)
    return stat


@transaction.atomic
def external_statistic_delete(*, by: Actor, statistic: ExternalStatistic) -> None:
    require(is_city_office(by), _("Only the city's learning-city office can remove statistics."))
    pk = statistic.pk
    audit_record(actor=by, action="monitoring.external_statistic.delete", obj=statistic,
                 indicator=statistic.indicator, area_code=statistic.area_code, year=statistic.year)
    statistic.delete()
    events.emit("monitoring.external_statistic.deleted", statistic_id=pk)
