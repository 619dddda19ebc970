"""The city office's back office for geography, people and the audit trail."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from learningcity.core.models import ApiToken, AuditEntry, District, Neighbourhood, PopulationCount, User
from learningcity.core.permissions import is_city_office


def _admin_site_permission(request) -> bool:
    """The admin is the city office's back office: its members get in without Django model permissions."""
    return is_city_office(request.user)


admin.site.has_permission = _admin_site_permission


class CityOfficeAdmin(admin.ModelAdmin):
    """Every back-office model: the city office may view and edit; apps use this base for their admins."""

    def has_module_permission(self, request):
        return is_city_office(request.user)

    def has_view_permission(self, request, obj=None):
        return is_city_office(request.user)

    def has_add_permission(self, request):
        return is_city_office(request.user)

    def has_change_permission(self, request, obj=None):
        return is_city_office(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_city_office(request.user)



class ReadOnlyMixin:
    """Records written only by their services (audit entries, statements, issued credentials): the admin
    shows them and changes nothing."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyMixin, CityOfficeAdmin):
    """Read-only records the city office may view."""


@admin.register(User)
class UserAdmin(CityOfficeAdmin, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "is_city_office", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_city_office", "is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "display_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profile"), {"fields": ("display_name", "first_name", "last_name")}),
        (_("Roles"), {"fields": ("is_active", "is_city_office", "is_staff", "is_superuser", "groups")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2", "is_city_office")}),)

    def get_readonly_fields(self, request, obj=None):
        # Only site admins make site admins.
        return () if request.user.is_superuser else ("is_superuser", "is_staff", "groups", "last_login", "date_joined")


class ReadOnlyGeometryMixin:
    readonly_fields = ["boundary"]


@admin.register(District)
class DistrictAdmin(ReadOnlyGeometryMixin, CityOfficeAdmin):
    list_display = ["name_ko", "name_en", "code", "area_km2"]
    search_fields = ["name_ko", "name_en", "code"]


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(ReadOnlyGeometryMixin, CityOfficeAdmin):
    list_display = ["name_ko", "name_en", "district", "code", "centroid_approximate"]
    list_filter = ["district", "centroid_approximate"]
    search_fields = ["name_ko", "name_en", "code"]


@admin.register(PopulationCount)
class PopulationCountAdmin(CityOfficeAdmin):
    list_display = ["area_code", "level", "sex", "age_band", "population", "reference_date"]
    list_filter = ["level", "sex", "reference_date"]
    search_fields = ["area_code"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_label", "action", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_label", "object_id", "action"]


@admin.register(ApiToken)
class ApiTokenAdmin(CityOfficeAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "key_hash", "created_at", "last_used_at"]
    search_fields = ["name", "user__email", "prefix"]
