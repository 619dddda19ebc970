"""Credentials models, named after Open Badges 3.0 and the W3C VC nouns they hold.

- `Issuer` is an OB 3.0 issuer `Profile`: a catalogue provider or the city itself. Its id (a URL under our
  base URL) dereferences to a controller document listing every verification method it ever used.
- `SigningKey` is one Ed25519 verification method (`Multikey`) of an issuer. Rotation retires the active key
  and makes a new one; retired keys stay listed so credentials they signed still verify.
- `Achievement` is an OB 3.0 `Achievement` (criteria, image, alignments to ESCO skills and ISCED-F fields),
  linked to the catalogue opportunities that lead to it.
- `AwardRule` says when an achievement is awarded by itself (completion, attendance, an xAPI statement).
- `IssuedCredential` is one signed `AchievementCredential` (OpenBadgeCredential) as issued, with its place in
  the issuer's status list. `StatusList` is the issuer's `BitstringStatusListCredential`.
- `ImportedCredential` is a credential from elsewhere that a learner keeps in their passport, with the result
  of verifying it on import.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Issuer(models.Model):
    """An OB 3.0 Profile that issues credentials."""

    class Kind(models.TextChoices):
        PROVIDER = "provider", _("Learning provider")
        CITY = "city", _("The city")

    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    provider = models.OneToOneField("catalogue.Provider", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="issuer")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("web site"), blank=True, max_length=500)
    email = models.EmailField(_("email"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="city", provider__isnull=True)
                | models.Q(kind="provider", provider__isnull=False),
                name="credentials_issuer_kind_matches_provider",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("credentials:issuer", args=[self.slug])


class SigningKey(models.Model):
    """One Ed25519 key of an issuer (a Multikey verification method)."""

    issuer = models.ForeignKey(Issuer, on_delete=models.CASCADE, related_name="keys")
    key_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    public_key = models.BinaryField()
    public_key_multibase = models.CharField(max_length=64, unique=True)
    storage = models.CharField(max_length=10, help_text="sealed (encrypted in the database), file or destroyed")
    sealed_private_key = models.BinaryField(default=b"", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.issuer.slug}#{self.public_key_multibase[:12]}…"

    @property
    def is_active(self) -> bool:
        return self.retired_at is None


class Achievement(models.Model):
    """An OB 3.0 Achievement: what a credential says someone accomplished."""

    class AchievementType(models.TextChoices):
        # A subset of the OB 3.0 AchievementType enumeration that fits city learning.
        BADGE = "Badge", _("Badge")
        CERTIFICATE = "Certificate", _("Certificate")
        COURSE = "Course", _("Course")
        COMPETENCY = "Competency", _("Competency")
        AWARD = "Award", _("Award")
        ACHIEVEMENT = "Achievement", _("Achievement")
        COMMUNITY_SERVICE = "CommunityService", _("Community service")
        MICRO_CREDENTIAL = "MicroCredential", _("Micro-credential")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    issuer = models.ForeignKey(Issuer, on_delete=models.PROTECT, related_name="achievements")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"))
    criteria = models.TextField(_("criteria"), help_text=_("What a person must do to earn it."))
    achievement_type = models.CharField(_("type"), max_length=20, choices=AchievementType.choices,
                                        default=AchievementType.BADGE)
    image_alt = models.CharField(_("image description"), max_length=200, blank=True)
    colour = models.CharField(_("badge colour"), max_length=7, default="#1f5fa8")
    skills = models.JSONField(_("ESCO skills"), default=list, blank=True,
                              help_text="ESCO skill concept URIs.")
    isced_fields = models.JSONField(_("ISCED-F fields"), default=list, blank=True)
    opportunities = models.ManyToManyField("catalogue.Opportunity", blank=True, related_name="achievements",
                                           verbose_name=_("opportunities that lead to it"))
    is_active = models.BooleanField(_("can be awarded"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["issuer__name", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("credentials:achievement", args=[self.uuid])


class AwardRule(models.Model):
    """Award an achievement automatically when something happens."""

    class Trigger(models.TextChoices):
        COMPLETED = "completed", _("Completed a linked opportunity")
        ATTENDANCE = "attendance", _("Attended at least a share of sessions of a linked opportunity")
        STATEMENT = "statement", _("An xAPI statement with this verb and activity")

    achievement = models.ForeignKey(Achievement, on_delete=models.CASCADE, related_name="rules")
    trigger = models.CharField(_("when"), max_length=12, choices=Trigger.choices)
    min_attendance = models.PositiveSmallIntegerField(_("minimum attendance (%)"), default=80)
    verb = models.URLField(_("xAPI verb"), blank=True, max_length=500)
    activity = models.URLField(_("xAPI activity id"), blank=True, max_length=500)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]


class StatusList(models.Model):
    """An issuer's BitstringStatusListCredential (purpose: revocation)."""

    issuer = models.ForeignKey(Issuer, on_delete=models.CASCADE, related_name="status_lists")
    number = models.PositiveIntegerField(default=1)
    purpose = models.CharField(max_length=20, default="revocation")
    size = models.PositiveIntegerField()
    bits = models.BinaryField()
    document = models.JSONField(null=True, blank=True, help_text="The signed status list credential.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "number"], name="credentials_statuslist_unique")]

    def get_absolute_url(self) -> str:
        return reverse("credentials:status_list", args=[self.issuer.slug, self.number])


class IssuedCredential(models.Model):
    """A signed AchievementCredential as issued (or any VC issued through the VC-API)."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("By hand")
        RULE = "rule", _("By a rule")
        API = "api", _("Through the VC-API")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    issuer = models.ForeignKey(Issuer, on_delete=models.PROTECT, related_name="credentials")
    achievement = models.ForeignKey(Achievement, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="credentials")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="credentials")
    signing_key = models.ForeignKey(SigningKey, on_delete=models.PROTECT, related_name="credentials")
    document = models.JSONField(help_text="The credential with its Data Integrity proof.")
    jwt = models.TextField(blank=True, help_text="The same credential secured as a VC-JOSE JWT.")
    status_list = models.ForeignKey(StatusList, null=True, blank=True, on_delete=models.PROTECT)
    status_index = models.PositiveIntegerField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    rule = models.ForeignKey(AwardRule, null=True, blank=True, on_delete=models.SET_NULL)
    evidence_key = models.CharField(max_length=200, blank=True,
                                    help_text="What led to the award (e.g. enrolment:42), so rules award once.")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    issued_at = models.DateTimeField()
    valid_from = models.DateTimeField()
    valid_until = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_reason = models.CharField(max_length=300, blank=True)
    share_token = models.CharField(max_length=40, blank=True, db_index=True,
                                   help_text="Set while the learner shares a public link.")

    class Meta:
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["status_list", "status_index"], name="credentials_status_slot_unique"),
            models.UniqueConstraint(fields=["achievement", "recipient", "evidence_key"],
                                    condition=~models.Q(evidence_key=""), name="credentials_award_once"),
        ]
        indexes = [models.Index(fields=["recipient", "-issued_at"], name="credentials_recipient_idx")]

    def __str__(self) -> str:
        return f"{self.achievement or 'credential'} → {self.recipient or '?'}"

    @property
    def credential_id(self) -> str:
        return f"urn:uuid:{self.uuid}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def get_absolute_url(self) -> str:
        return reverse("credentials:credential", args=[self.uuid])


class ImportedCredential(models.Model):
    """An OB 3.0 credential from elsewhere in a learner's passport, with its verification on import."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="imported_credentials")
    document = models.JSONField(null=True, blank=True)
    jwt = models.TextField(blank=True)
    name = models.CharField(max_length=300, blank=True)
    issuer_name = models.CharField(max_length=300, blank=True)
    issuer_id = models.CharField(max_length=500, blank=True)
    verified = models.BooleanField(default=False)
    verification = models.JSONField(default=dict, help_text="The verification report at import.")
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return self.name or str(self.uuid)
