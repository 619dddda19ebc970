"""Exchange models: what was imported, when, and how far each harvested feed has been read.

`ImportRun` keeps every import's report (created, updated, unchanged, rejected rows with file, line, field
and reason), so the city office's feed-health page and the admin can show who sent what and what went wrong.
`FeedCursor` is the RPDE harvesting position of one feed URL: the (modified, id) of the last item applied,
saved in the same transaction as the page it ends, so a harvest resumes exactly where the last one committed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    class Outcome(models.TextChoices):
        SAVED = "saved", _("Saved")
        SAVED_PARTLY = "saved_partly", _("Saved, invalid rows skipped")
        ROLLED_BACK = "rolled_back", _("Nothing saved: rows rejected")
        FAILED = "failed", _("Nothing saved: the file could not be read")
        DRY_RUN = "dry_run", _("Dry run: nothing saved")

    source = models.CharField(_("source"), max_length=50, help_text=_("Importer name, e.g. kr-lifelong-courses."))
    location = models.CharField(_("file or URL"), max_length=1000)
    provider = models.ForeignKey("catalogue.Provider", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="import_runs", verbose_name=_("provider"))
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    started_at = models.DateTimeField(_("started"), db_index=True)
    finished_at = models.DateTimeField(_("finished"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    deleted = models.PositiveIntegerField(_("deleted"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    report = models.JSONField(_("report"), default=dict, help_text="core.reports.Report.as_dict() plus the outcome.")

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["provider", "-started_at"], name="importrun_provider_started")]

    def __str__(self) -> str:
        return f"{self.source} ← {self.location} ({self.started_at:%Y-%m-%d %H:%M})"

    @property
    def changed_anything(self) -> bool:
        return self.outcome in (self.Outcome.SAVED, self.Outcome.SAVED_PARTLY) and bool(
            self.created or self.updated or self.deleted
        )


class FeedCursor(models.Model):
    """Where the harvest of one RPDE feed stands: the last (modified, id) applied and the next URL to read."""

    url = models.CharField(_("feed URL"), max_length=1000, unique=True)
    source = models.CharField(max_length=50, default="openactive-rpde")
    provider = models.ForeignKey("catalogue.Provider", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="feed_cursors")
    next_url = models.CharField(_("next page"), max_length=2000)
    last_modified = models.CharField(_("last modified"), max_length=40, blank=True)
    last_id = models.CharField(_("last id"), max_length=200, blank=True)
    pages_read = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.url
