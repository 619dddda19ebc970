"""The city office's back office for providers, venues and the catalogue.

Admin edits are people's edits like any other: each save writes an audit entry and emits the same domain
event the services emit (so search and feeds follow), and publishing or archiving goes through the services.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy

from learningcity.catalogue import services
from learningcity.catalogue.models import Opportunity, OpportunityRun, Provider, ProviderMembership, Topic, Venue
from learningcity.core import events
from learningcity.core.admin import CityOfficeAdmin
from learningcity.core.services import audit_record

EVENT_KEYS = {"opportunity": "opportunity_id", "opportunityrun": "run_id", "venue": "venue_id",
              "provider": "provider_id"}
EVENT_NAMES = {"opportunity": "opportunity", "opportunityrun": "run", "venue": "venue", "provider": "provider"}


class AuditedAdmin(CityOfficeAdmin):
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        name = obj._meta.model_name
        kind = "updated" if change else "created"
        audit_record(actor=request.user, action=f"{EVENT_NAMES[name]}.admin_{kind}", obj=obj,
                     fields=list(form.changed_data))
        payload = {EVENT_KEYS[name]: obj.pk}
        if name == "opportunityrun":
            payload["opportunity_id"] = obj.opportunity_id
        events.emit(f"catalogue.{EVENT_NAMES[name]}.{kind}", **payload)


class MembershipInline(admin.TabularInline):
    model = ProviderMembership
    extra = 1
    autocomplete_fields = ["user"]

    def has_view_permission(self, request, obj=None):
        return True

    has_add_permission = has_change_permission = has_delete_permission = (
        lambda self, request, obj=None: CityOfficeAdmin.has_change_permission(self, request, obj)
    )


@admin.register(Provider)
class ProviderAdmin(AuditedAdmin):
    list_display = ["name", "sector", "kind", "district", "source_id"]
    list_filter = ["sector", "district"]
    search_fields = ["name", "kind", "source_id"]
    inlines = [MembershipInline]
    readonly_fields = ["source_id", "edited_fields", "created_at", "modified_at"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Venue)
class VenueAdmin(AuditedAdmin):
    list_display = ["name", "kind", "district", "location_approximate", "source_id"]
    list_filter = ["district", "location_approximate", "kind"]
    search_fields = ["name", "address", "source_id"]
    autocomplete_fields = ["provider"]
    readonly_fields = ["source_id", "edited_fields", "created_at", "modified_at"]


class RunInline(admin.TabularInline):
    model = OpportunityRun
    extra = 0
    fields = ["start_date", "end_date", "venue", "capacity", "status", "is_cancelled"]
    autocomplete_fields = ["venue"]
    show_change_link = True

    def has_view_permission(self, request, obj=None):
        return True

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.action(description=gettext_lazy("Publish the selected opportunities"))
def publish(modeladmin, request, queryset):
    _bulk(request, queryset, services.opportunity_publish, gettext("%(n)s published."))


@admin.action(description=gettext_lazy("Archive the selected opportunities"))
def archive(modeladmin, request, queryset):
    _bulk(request, queryset, services.opportunity_archive, gettext("%(n)s archived."))


def _bulk(request, queryset, service, done: str) -> None:
    ok = 0
    for opportunity in queryset:
        try:
            service(opportunity=opportunity, by=request.user)
            ok += 1
        except ValidationError as exc:
            messages.error(request, f"{opportunity}: {' '.join(exc.messages)}")
    messages.success(request, done % {"n": ok})


@admin.register(Opportunity)
class OpportunityAdmin(AuditedAdmin):
    list_display = ["title", "provider", "status", "kind", "setting", "is_free", "modified_at"]
    list_filter = ["status", "kind", "setting", "delivery_mode", "is_free", "provider__sector"]
    search_fields = ["title", "description", "source_id", "provider__name"]
    autocomplete_fields = ["provider"]
    readonly_fields = ["status", "published_at", "source_id", "edited_fields", "created_at", "modified_at"]
    filter_horizontal = ["topics"]
    inlines = [RunInline]
    actions = [publish, archive]


@admin.register(OpportunityRun)
class OpportunityRunAdmin(AuditedAdmin):
    list_display = ["opportunity", "start_date", "end_date", "venue", "capacity", "status", "is_cancelled"]
    list_filter = ["status", "is_cancelled"]
    search_fields = ["opportunity__title", "source_id"]
    autocomplete_fields = ["opportunity", "venue"]
    readonly_fields = ["source_id", "edited_fields", "created_at", "modified_at"]


@admin.register(Topic)
class TopicAdmin(CityOfficeAdmin):
    list_display = ["code", "name_ko", "name_en", "isced_field"]
    search_fields = ["code", "name_ko", "name_en"]
