"""Read-only views of credentials for the city office in the admin. Every change goes through the services
(and the staff pages), so the admin neither adds, edits nor deletes here."""

from django.contrib import admin

from learningcity.core.admin import ReadOnlyAdmin
from learningcity.credentials.models import Achievement, ImportedCredential, IssuedCredential, Issuer


@admin.register(Issuer)
class IssuerAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "slug", "created_at")
    list_filter = ("kind",)
    search_fields = ("name", "slug")


@admin.register(Achievement)
class AchievementAdmin(ReadOnlyAdmin):
    list_display = ("name", "issuer", "achievement_type", "is_active")
    list_filter = ("achievement_type", "is_active")
    search_fields = ("name",)
    list_select_related = ("issuer",)


@admin.register(IssuedCredential)
class IssuedCredentialAdmin(ReadOnlyAdmin):
    list_display = ("uuid", "issuer", "achievement", "source", "issued_at", "revoked_at")
    list_filter = ("source", "issuer")
    list_select_related = ("issuer", "achievement")
    exclude = ("document", "jwt", "share_token")


@admin.register(ImportedCredential)
class ImportedCredentialAdmin(ReadOnlyAdmin):
    list_display = ("name", "issuer_name", "verified", "imported_at")
    list_filter = ("verified",)
    exclude = ("document", "jwt", "owner")
