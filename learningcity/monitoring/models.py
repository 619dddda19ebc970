"""Monitoring models: stored results and what the city office enters by hand.

- `Snapshot` is one dated recomputation (`learningcity monitoring compute`); its results are stored as
  `SnapshotPart`s (one JSON document per page-sized piece: the city, each district, the access map...), so
  pages and the open-data API are served from stored results and never recompute.
- `ExternalStatistic` is a figure from outside the platform (literacy, employment, budgets...) with its
  source and year, entered by the city office against an indicator of the framework.
- `Staged*` are monitoring's own staging tables for learner and LRS records, used **until the `learners`
  and `lrs` apps land** and by the benchmark. They have exactly the shapes those apps' selectors will return
  (see `inputs.py`), so the compute path is the same; once the apps exist, `inputs.py` reads them instead.
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


class StagedLearner(models.Model):
    """Staging (until `learners` lands): a consenting learner as `learners.selectors` will describe one."""

    key = models.BigIntegerField(primary_key=True, help_text="Opaque learner key.")
    district_code = models.CharField(max_length=10, blank=True)
    birth_year = models.PositiveSmallIntegerField(null=True)
    sex = models.CharField(max_length=1, blank=True)


class StagedEnrolment(models.Model):
    """Staging (until `learners` lands): one row of `learners.selectors.enrolments_for_statistics()`."""

    learner_key = models.BigIntegerField()
    district_code = models.CharField(max_length=10, blank=True)
    birth_year = models.PositiveSmallIntegerField(null=True)
    sex = models.CharField(max_length=1, blank=True)
    run_id = models.BigIntegerField()
    opportunity_id = models.BigIntegerField()
    status = models.CharField(max_length=16)
    enrolled_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True)
    attended_hours = models.FloatField(default=0)
    credential_issued = models.BooleanField(default=False)
    modified_at = models.DateTimeField(auto_now=True, db_index=True,
                                       help_text="Changes since the last compute are all monitoring re-reads.")


class StagedSelfReport(models.Model):
    """Staging (until `learners` lands): one row of `learners.selectors.self_reported_for_statistics()`."""

    learner_key = models.BigIntegerField()
    district_code = models.CharField(max_length=10, blank=True)
    birth_year = models.PositiveSmallIntegerField(null=True)
    sex = models.CharField(max_length=1, blank=True)
    setting = models.CharField(max_length=12)
    learned_on = models.DateField()
    hours = models.FloatField(default=0)
    recognised = models.BooleanField(default=False)


class StagedReview(models.Model):
    """Staging (until `learners` lands): a learner's rating of a run (1–5)."""

    run_id = models.BigIntegerField()
    rating = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField()


class StagedStatement(models.Model):
    """Staging (until `lrs` lands): the narrow read of an xAPI statement monitoring needs.

    `id` is the LRS's stored order (append-only), `learner_key` the learner behind the actor (None for actors
    who are not consenting platform learners), `verb` the verb IRI, `voids_id` the id of the statement a
    voiding statement voids.
    """

    id = models.BigIntegerField(primary_key=True)
    learner_key = models.BigIntegerField(null=True)
    verb = models.CharField(max_length=200)
    timestamp = models.DateTimeField()
    duration_s = models.IntegerField(default=0)
    voids_id = models.BigIntegerField(null=True)
