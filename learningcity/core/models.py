"""Core models: the city's geography and population, the people who use the platform, the audit log and the
domain-event outbox. Geography follows the statistics office's own nouns (district = gu, neighbourhood =
haengjeong-dong) and codes (MOIS 10-digit administrative codes).

`core` depends on no other app.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person with an account. Signs in with an email address.

    Roles: any user is an inhabitant; `is_city_office` marks the learning-city office (coordinators and
    analysts, who also reach the admin); `is_superuser` is the site admin. Provider staff are users with a
    `catalogue.ProviderMembership`.
    """

    username = None
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=120, blank=True)
    is_city_office = models.BooleanField(
        _("city office"), default=False, help_text=_("Member of the learning-city office.")
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()

    def __str__(self) -> str:
        return self.display_name or self.email


class District(models.Model):
    """A district (gu): the unit the city plans and reports by."""

    code = models.CharField(max_length=10, unique=True, help_text="MOIS 10-digit administrative code.")
    short_code = models.CharField(max_length=5, unique=True, help_text="5-digit SIG code of the boundary file.")
    name_ko = models.CharField(max_length=50)
    name_en = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, unique=True)
    boundary = models.JSONField(help_text="GeoJSON geometry (RFC 7946, WGS84).")
    centroid_lat = models.FloatField()
    centroid_lon = models.FloatField()
    area_km2 = models.FloatField(default=0)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name_ko

    def name(self, language: str | None = None) -> str:
        from django.utils.translation import get_language

        return self.name_ko if (language or get_language() or "ko").startswith("ko") else self.name_en


class Neighbourhood(models.Model):
    """A neighbourhood (haengjeong-dong), the finest unit with population by age and sex."""

    code = models.CharField(max_length=10, unique=True, help_text="MOIS 10-digit administrative code.")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="neighbourhoods")
    name_ko = models.CharField(max_length=50)
    name_en = models.CharField(max_length=80, blank=True)
    boundary = models.JSONField(null=True, blank=True, help_text="GeoJSON geometry, when a boundary is known.")
    centroid_lat = models.FloatField()
    centroid_lon = models.FloatField()
    centroid_approximate = models.BooleanField(
        default=False, help_text="No boundary of its own: the centroid is borrowed (see boundary_note)."
    )
    boundary_note = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        ordering = ["district__name_en", "name_ko"]

    def __str__(self) -> str:
        return f"{self.district.name_ko} {self.name_ko}"

    def name(self, language: str | None = None) -> str:
        from django.utils.translation import get_language

        lang = language or get_language() or "ko"
        return self.name_ko if lang.startswith("ko") or not self.name_en else self.name_en


class PopulationCount(models.Model):
    """Resident population of one area, sex and 5-year age band at a reference date."""

    class Level(models.TextChoices):
        CITY = "city", _("city")
        DISTRICT = "district", _("district")
        NEIGHBOURHOOD = "neighbourhood", _("neighbourhood")

    class Sex(models.TextChoices):
        MALE = "M", _("male")
        FEMALE = "F", _("female")

    level = models.CharField(max_length=13, choices=Level.choices)
    area_code = models.CharField(max_length=10, db_index=True)
    district = models.ForeignKey(District, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    neighbourhood = models.ForeignKey(
        Neighbourhood, null=True, blank=True, on_delete=models.CASCADE, related_name="population"
    )
    sex = models.CharField(max_length=1, choices=Sex.choices)
    age_band = models.CharField(max_length=6, help_text='"0-4" … "95-99", "100+"')
    age_min = models.PositiveSmallIntegerField()
    age_max = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Empty for the open band.")
    population = models.PositiveIntegerField()
    reference_date = models.DateField()
    source = models.CharField(max_length=200)

    class Meta:
        verbose_name = _("population count")
        verbose_name_plural = _("population counts")
        constraints = [
            models.UniqueConstraint(
                fields=["area_code", "sex", "age_band", "reference_date"], name="population_unique_cell"
            )
        ]
        indexes = [models.Index(fields=["level", "reference_date"], name="population_level_date")]


class AuditEntry(models.Model):
    """Who did what to which record, written by services in the same transaction as the change."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField(max_length=200, blank=True, help_text="Kept when the actor is erased.")
    action = models.CharField(max_length=100, db_index=True)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=100)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]


class DomainEvent(models.Model):
    """The outbox: every domain event, in commit order. Other processes (the search indexer, feeds) tail it by id."""

    at = models.DateTimeField(auto_now_add=True)
    name = models.CharField(max_length=100, db_index=True)
    payload = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("domain event")
        verbose_name_plural = _("domain events")
        ordering = ["id"]


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only a hash is stored; the token is shown once when created."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
