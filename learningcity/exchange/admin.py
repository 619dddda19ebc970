"""Import runs and feed cursors in the city office's back office: read-only records of what came in."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html_join

from learningcity.core.admin import CityOfficeAdmin
from learningcity.exchange.models import FeedCursor, ImportRun


class ReadOnlyAdmin(CityOfficeAdmin):
    """Written only by the importers; people read them (a changed report would no longer tell the truth)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = ("started_at", "source", "provider", "outcome", "created", "updated", "unchanged", "deleted",
                    "rejected")
    list_filter = ("source", "outcome")
    search_fields = ("location", "provider__name")
    date_hierarchy = "started_at"
    readonly_fields = ("source", "location", "provider", "started_by", "started_at", "finished_at", "outcome",
                       "created", "updated", "unchanged", "deleted", "rejected", "rejected_rows", "message")
    exclude = ("report",)

    @admin.display(description="message")
    def message(self, obj):
        return obj.report.get("message", "")

    @admin.display(description="rejected rows")
    def rejected_rows(self, obj):
        rows = obj.report.get("rejected", [])[:200]
        return format_html_join("\n", "<div>{}:{} [{}] {}</div>",
                                ((r["file"], r["line"], r["field"], r["reason"]) for r in rows)) or "—"


@admin.register(FeedCursor)
class FeedCursorAdmin(CityOfficeAdmin):
    """Deleting a cursor makes the next harvest read the feed from the start (safe: imports are idempotent)."""

    list_display = ("url", "provider", "last_modified", "last_id", "pages_read", "updated_at")
    readonly_fields = ("url", "source", "provider", "next_url", "last_modified", "last_id", "pages_read")

    def has_add_permission(self, request):
        return False
