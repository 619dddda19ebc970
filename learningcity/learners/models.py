"""Learners: a person's profile, their enrolments in runs, attendance, self-reported learning, reviews.

The learning passport is not a table: it is read (selectors) from enrolments, self-reported learning, the
credentials app (through `hooks`) and the LRS (statements about the person, including external tools').

Privacy shapes the schema:
- `LearnerProfile.statistics_consent` is explicit and revocable; monitoring reads only consenting learners.
- On erasure the account goes; enrolments stay **detached** (`user` empty) so seat counts and the provider's
  roster totals stay right, and keep the coarse statistical cells (`stat_district_code`, `stat_birth_year`,
  `stat_sex`, and a random `stat_learner_key` so distinct learners still count once) only when the person had consented: anonymous counts, nothing that points back to a person.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from learningcity.catalogue.vocab import Setting

REVIEW_TEXT_MAX = 2000


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Sex(models.TextChoices):
    """As in the population statistics (so participation rates have a denominator), plus "not said"."""

    FEMALE = "F", _("Female")
    MALE = "M", _("Male")
    NOT_SAID = "", _("Prefer not to say")


class LearnerProfile(models.Model):
    """What a learner tells the city about themselves. Every field is optional except the account."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learner_profile")
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"), null=True, blank=True, validators=[MinValueValidator(1900)],
        help_text=_("Shown only as an age band."))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True, default=Sex.NOT_SAID)
    district = models.ForeignKey("core.District", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("district where I live"))
    languages = models.JSONField(_("languages"), default=list, blank=True, help_text="ISO 639-1 codes.")
    accessibility_needs = models.JSONField(
        _("accessibility needs"), default=list, blank=True, help_text="Codes of catalogue.vocab.ACCESSIBILITY.")
    interests = models.ManyToManyField("catalogue.Topic", blank=True, related_name="+", verbose_name=_("interests"))
    statistics_consent = models.BooleanField(
        _("count my learning in city statistics"), default=False,
        help_text=_("Anonymous counts by district, age band and sex only. You can withdraw at any time."))
    consent_changed_at = models.DateTimeField(null=True, blank=True)
    calendar_token = models.CharField(max_length=64, unique=True, default=new_token,
                                      help_text="Secret of the personal calendar feed; renewing it revokes the old URL.")
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("learner profile")

    def __str__(self) -> str:
        return f"profile of user {self.user_id}"


class Enrolment(models.Model):
    """A person's place on a run: confirmed, on the waiting list, cancelled, completed or not completed.

    At most one live (not cancelled) enrolment per person and run. The waiting list is ordered by
    `waitlisted_at`, then id. Seats taken = enrolments with status ENROLLED or COMPLETED/NOT_COMPLETED.
    """

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        COMPLETED = "completed", _("Completed")
        NOT_COMPLETED = "not_completed", _("Did not complete")

    SEAT_STATUSES = (Status.ENROLLED, Status.COMPLETED, Status.NOT_COMPLETED)
    LIVE_STATUSES = (Status.ENROLLED, Status.WAITLISTED, Status.COMPLETED, Status.NOT_COMPLETED)

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="enrolments", help_text="Empty once the person erased their account.")
    run = models.ForeignKey("catalogue.OpportunityRun", on_delete=models.PROTECT, related_name="enrolments")
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, db_index=True)
    enrolled_at = models.DateTimeField(_("enrolled"), null=True, blank=True, help_text="When a seat was given.")
    waitlisted_at = models.DateTimeField(_("joined the waiting list"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    attended_hours = models.DecimalField(_("hours attended"), max_digits=7, decimal_places=2, default=0)
    credential_issued = models.BooleanField(default=False, help_text="A credential was awarded for this enrolment.")
    # Coarse statistical cells, copied when the account is erased (only if the person had consented).
    stat_learner_key = models.BigIntegerField(
        null=True, blank=True, help_text="Random, shared by one erased person's enrolments (counts distinct learners).")
    stat_district_code = models.CharField(max_length=10, blank=True)
    stat_birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    stat_sex = models.CharField(max_length=1, blank=True)
    stat_consent = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("enrolment")
        constraints = [
            models.UniqueConstraint(fields=["user", "run"], condition=Q(user__isnull=False) & ~Q(status="cancelled"),
                                    name="learners_one_live_enrolment_per_run"),
        ]
        indexes = [models.Index(fields=["run", "status", "waitlisted_at"], name="learners_run_status")]

    def __str__(self) -> str:
        return f"enrolment {self.pk} ({self.status})"


class Attendance(models.Model):
    """Present or absent at one session (a date of the run's schedule)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    session_date = models.DateField(_("session"))
    present = models.BooleanField(_("present"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        constraints = [models.UniqueConstraint(fields=["enrolment", "session_date"],
                                               name="learners_one_mark_per_session")]


class SelfReportedLearning(models.Model):
    """Informal learning a person tells the passport about: what, when, how long, optional evidence."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="self_reported")
    title = models.CharField(_("what I learned"), max_length=200)
    description = models.TextField(_("notes"), blank=True, max_length=2000)
    setting = models.CharField(_("setting"), max_length=12, choices=Setting.choices, default=Setting.INFORMAL)
    topic = models.ForeignKey("catalogue.Topic", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                              verbose_name=_("field"))
    learned_on = models.DateField(_("when"))
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2,
                                validators=[MinValueValidator(0), MaxValueValidator(5000)])
    evidence_url = models.URLField(_("evidence link"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("self-reported learning")
        ordering = ["-learned_on", "-id"]


class Review(models.Model):
    """A learner's rating and review of a run they completed (one per enrolment, so one per learner and run)."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="review")
    rating = models.PositiveSmallIntegerField(_("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    text = models.TextField(_("review"), blank=True, max_length=REVIEW_TEXT_MAX)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)
    reply = models.TextField(_("provider's answer"), blank=True, max_length=REVIEW_TEXT_MAX)
    replied_at = models.DateTimeField(null=True, blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.CharField(_("why hidden"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("review")
        ordering = ["-created_at", "-id"]
