"""The city office manages LRS clients in the admin; statements and documents are shown read-only.

Creating a client goes through `client_create` (so the audit entry and event are written) and shows the
secret once in the success message; revoking is an admin action calling `client_revoke`.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages

from learningcity.core.admin import ReadOnlyMixin
from learningcity.lrs import scopes as scope_rules
from learningcity.lrs.models import Client, Document, Statement
from learningcity.lrs.services import client_create, client_revoke


class ClientCreateForm(forms.ModelForm):
    scope_choices = forms.MultipleChoiceField(
        choices=[(scope, scope) for scope in scope_rules.SCOPES],
        initial=list(scope_rules.DEFAULT_SCOPES),
        widget=forms.CheckboxSelectMultiple,
        label="Scopes",
    )

    class Meta:
        model = Client
        fields = ["name"]


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "scope_list", "created_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "key"]
    actions = ["revoke"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ClientCreateForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["name", "key", "scopes", "authority", "created_at", "created_by", "revoked_at"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["name", "scope_choices"]
        return self.get_readonly_fields(request, obj)

    @admin.display(description="scopes")
    def scope_list(self, obj: Client) -> str:
        return ", ".join(obj.scopes)

    def save_model(self, request, obj, form, change):
        if change:
            return  # clients are immutable: revoke and create a new one instead
        client, secret = client_create(
            name=form.cleaned_data["name"], scopes=form.cleaned_data["scope_choices"], by=request.user
        )
        obj.pk = client.pk
        messages.warning(request, f"Key: {client.key} — secret: {secret} (shown once; it is not stored).")

    @admin.action(description="Revoke the selected clients")
    def revoke(self, request, queryset):
        for client in queryset:
            client_revoke(client=client, by=request.user)

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Statements and documents: the site admin's to read (not the city office's: they are people's records)."""


@admin.register(Statement)
class StatementAdmin(ReadOnlyAdmin):
    list_display = ["statement_id", "id", "stored_us", "voided"]
    search_fields = ["statement_id"]
    show_full_result_count = False  # counting millions of rows on every page view is the expensive part


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["document_id", "kind", "activity_iri", "agent_ifi", "updated"]
    list_filter = ["kind"]
