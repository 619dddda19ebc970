"""Catalogue models, named after schema.org: an `Opportunity` is the specification of what one can learn
(schema.org `Course`, or `EducationEvent` for one-off events) and an `OpportunityRun` is one dated instance of
it (`CourseInstance`). `Provider` is the organisation or person offering it; `Venue` is a `Place`.

Every imported row keeps `source_id` = "<source>:<origin id>", so re-imports update instead of duplicating.
Writes go through `catalogue.services`; reads through `catalogue.selectors`.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from learningcity.catalogue.vocab import DeliveryMode, Kind, Sector, Setting, Status, WEEKDAYS


class SourcedModel(models.Model):
    source_id = models.CharField(
        max_length=200, unique=True, null=True, blank=True,
        help_text='"<source>:<origin id>" for imported records; empty for records made here.',
    )
    edited_fields = models.JSONField(
        default=list, blank=True,
        help_text="Fields a person edited after import; importers leave these alone and report the conflict.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        abstract = True


class Topic(models.Model):
    """What an opportunity is about, from the city's own list (browse pages, facets)."""

    code = models.SlugField(max_length=50, unique=True)
    name_ko = models.CharField(max_length=80)
    name_en = models.CharField(max_length=80)
    isced_field = models.CharField(max_length=4, blank=True, help_text="Default ISCED-F field for this topic.")

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name_en

    def name(self, language: str | None = None) -> str:
        from django.utils.translation import get_language

        return self.name_ko if (language or get_language() or "ko").startswith("ko") else self.name_en


class Provider(SourcedModel):
    """Anyone who offers learning: a school, university, library, museum, NGO, employer, group or person."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(max_length=220, unique=True, allow_unicode=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    kind = models.CharField(_("type"), max_length=100, blank=True, help_text=_("e.g. public library, middle school"))
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True, max_length=500)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    district = models.ForeignKey(
        "core.District", null=True, blank=True, on_delete=models.SET_NULL, related_name="providers",
        verbose_name=_("district"),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="ProviderMembership", related_name="providers", blank=True
    )

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProviderMembership(models.Model):
    """A user working for a provider. Admins also manage the provider's members."""

    class Role(models.TextChoices):
        STAFF = "staff", _("Staff")
        ADMIN = "admin", _("Provider admin")

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.STAFF)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("provider membership")
        verbose_name_plural = _("provider memberships")
        constraints = [models.UniqueConstraint(fields=["provider", "user"], name="membership_unique")]


class Venue(SourcedModel):
    """A place where learning happens."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=100, blank=True)
    provider = models.ForeignKey(
        Provider, null=True, blank=True, on_delete=models.SET_NULL, related_name="venues",
        verbose_name=_("operated by"),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    district = models.ForeignKey("core.District", on_delete=models.PROTECT, related_name="venues",
                                 verbose_name=_("district"))
    neighbourhood = models.ForeignKey(
        "core.Neighbourhood", null=True, blank=True, on_delete=models.SET_NULL, related_name="venues"
    )
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    location_approximate = models.BooleanField(
        _("approximate location"), default=False,
        help_text=_("The source gave no coordinates: the venue is shown at its district's centre."),
    )
    accessibility = models.JSONField(_("accessibility"), default=list, blank=True)
    opening_hours = models.JSONField(
        _("opening hours"), default=dict, blank=True,
        help_text='{"weekday": ["09:00", "18:00"], "saturday": [...], "holiday": [...], "closed": "text"}',
    )
    capacity = models.PositiveIntegerField(_("seats"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True, max_length=500)

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]
        indexes = [models.Index(fields=["district", "name"], name="venue_district_name")]

    def __str__(self) -> str:
        return self.name


class Opportunity(SourcedModel):
    """What one can learn: the specification shared by all its runs (schema.org Course / EducationEvent)."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="opportunities",
                                 verbose_name=_("provider"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.COURSE)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="opportunities", verbose_name=_("topics"))
    skills = models.JSONField(_("skills"), default=list, blank=True, help_text="ESCO skill concept URIs.")
    setting = models.CharField(_("setting"), max_length=12, choices=Setting.choices, default=Setting.NON_FORMAL)
    isced_level = models.PositiveSmallIntegerField(_("ISCED level"), null=True, blank=True)
    isced_field = models.CharField(_("ISCED-F field"), max_length=4, blank=True)
    age_min = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    cost = models.DecimalField(_("cost"), max_digits=12, decimal_places=2, default=Decimal("0"))
    currency = models.CharField(_("currency"), max_length=3, default="KRW")
    is_free = models.BooleanField(_("free"), default=True)
    delivery_mode = models.CharField(_("delivery mode"), max_length=10, choices=DeliveryMode.choices,
                                     default=DeliveryMode.IN_PERSON)
    accessibility = models.JSONField(_("accessibility support"), default=list, blank=True)
    family_friendly = models.BooleanField(_("family and intergenerational"), default=False)
    workplace = models.BooleanField(_("for or in the workplace"), default=False)
    sustainability_tags = models.JSONField(_("sustainability"), default=list, blank=True)
    credential_awarded = models.CharField(_("credential awarded"), max_length=200, blank=True)
    url = models.URLField(_("web page"), blank=True, max_length=500)
    enrolment_method = models.CharField(_("how to enrol"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["title"]
        indexes = [models.Index(fields=["status", "provider"], name="opportunity_status_provider")]

    def __str__(self) -> str:
        return self.title


class OpportunityRun(SourcedModel):
    """One dated instance of an opportunity (schema.org CourseInstance): when, where, how many seats."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="runs")
    venue = models.ForeignKey(Venue, null=True, blank=True, on_delete=models.PROTECT, related_name="runs",
                              verbose_name=_("venue"))
    room = models.CharField(_("room"), max_length=200, blank=True)
    online_url = models.URLField(_("online address"), blank=True, max_length=500)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    weekdays = models.JSONField(_("weekdays"), default=list, blank=True, help_text='e.g. ["TU", "TH"]')
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True, help_text=_("Empty: no limit."))
    enrolment_opens = models.DateTimeField(_("enrolment opens"), null=True, blank=True)
    enrolment_closes = models.DateTimeField(_("enrolment closes"), null=True, blank=True)
    instructor = models.CharField(_("instructor"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)

    class Meta:
        verbose_name = _("run")
        verbose_name_plural = _("runs")
        ordering = ["start_date", "start_time", "id"]
        indexes = [models.Index(fields=["status", "start_date"], name="run_status_start")]

    def __str__(self) -> str:
        return f"{self.opportunity.title} ({self.start_date:%Y-%m-%d})"

    @property
    def is_public(self) -> bool:
        return (
            self.status == Status.PUBLISHED
            and not self.is_cancelled
            and self.opportunity.status == Status.PUBLISHED
        )

    def session_dates(self) -> list[datetime.date]:
        """The dates the run meets: every listed weekday between start and end (every day if none listed)."""
        days = {WEEKDAYS.index(d) for d in self.weekdays if d in WEEKDAYS}
        out = []
        day = self.start_date
        while day <= self.end_date and len(out) < 1000:
            if not days or day.weekday() in days:
                out.append(day)
            day += datetime.timedelta(days=1)
        return out

    def session_hours(self) -> float:
        if self.start_time and self.end_time:
            start = datetime.datetime.combine(self.start_date, self.start_time)
            end = datetime.datetime.combine(self.start_date, self.end_time)
            return max((end - start).total_seconds() / 3600, 0.0)
        return 0.0

    def total_hours(self) -> float:
        return round(self.session_hours() * len(self.session_dates()), 2)

    def enrolment_is_open(self, now: datetime.datetime) -> bool:
        if self.enrolment_opens and now < self.enrolment_opens:
            return False
        if self.enrolment_closes and now > self.enrolment_closes:
            return False
        return self.is_public


class Deletion(models.Model):
    """A tombstone: a catalogue record that no longer exists, so feeds can tell harvesters to drop it."""

    kind = models.CharField(max_length=20, help_text='"opportunity" or "run"')
    record_id = models.BigIntegerField()
    source_id = models.CharField(max_length=200, blank=True)
    deleted_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("deletion")
        verbose_name_plural = _("deletions")
        constraints = [models.UniqueConstraint(fields=["kind", "record_id"], name="deletion_unique")]
