"""Monitoring models: stored results and what the city office enters by hand.

- `Snapshot` is one dated recomputation (`learningcity monitoring compute`); its results are stored as
  `SnapshotPart`s (one JSON document per page-sized piece: the city, each district, the access map...), so
  pages and the open-data API are served from stored results and never recompute.
- `ExternalStatistic` is a figure from outside the platform (literacy, employment, budgets...) with its
  source and year, entered by the city office against an indicator of the framework.
- Learner and LRS records are not copied here: `inputs.py` reads them through those apps' selectors.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Snapshot(models.Model):
    """One full recomputation of every indicator, stored for pages, reports, open data and trends."""

    computed_at = models.DateTimeField(auto_now_add=True, db_index=True)
    reference_date = models.DateField(help_text="Indicators describe the 12 months ending on this date.")
    duration_s = models.FloatField(default=0)
    suppression_k = models.PositiveSmallIntegerField()
    counts = models.JSONField(default=dict, help_text="How many input rows each source gave.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-computed_at", "-id"]
        get_latest_by = "computed_at"

    def __str__(self) -> str:
        return f"snapshot {self.pk} ({self.reference_date})"


class SnapshotPart(models.Model):
    """One stored JSON document of a snapshot, read whole by one page or endpoint."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="parts")
    key = models.CharField(max_length=60)
    data = models.JSONField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["snapshot", "key"], name="snapshot_part_unique")]


class ExternalStatistic(models.Model):
    """A statistic from outside the platform, entered by the city office with its source and year."""

    indicator = models.CharField(_("indicator"), max_length=40,
                                 help_text=_("Code of an external indicator of the framework, e.g. EXT-LIT."))
    area_code = models.CharField(_("area"), max_length=10,
                                 help_text=_("The city's or a district's administrative code."))
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.FloatField(_("value"))
    source = models.CharField(_("source"), max_length=300)
    note = models.CharField(_("note"), max_length=300, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator", "area_code", "-year"]
        constraints = [models.UniqueConstraint(fields=["indicator", "area_code", "year"],
                                               name="external_statistic_unique")]
