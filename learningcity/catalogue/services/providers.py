"""Provider writes: create, update, members, and the import upsert."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from learningcity.catalogue.models import Provider, ProviderMembership
from learningcity.catalogue.permissions import can_admin_provider, can_create_provider
from learningcity.catalogue.services._common import UpsertResult, apply_changes, differing, note_hand_edits
from learningcity.catalogue.vocab import Sector
from learningcity.core import events
from learningcity.core.permissions import Actor, require
from learningcity.core.services import audit_record

PROVIDER_FIELDS = ("name", "sector", "kind", "description", "website", "email", "phone", "district")


def _validate(data: dict[str, Any]) -> None:
    errors = {}
    if not str(data.get("name") or "").strip():
        errors["name"] = [_("A name is required.")]
    if data.get("sector") not in Sector.values:
        errors["sector"] = [_("Choose one of: %(sectors)s.") % {"sectors": ", ".join(Sector.values)}]
    if errors:
        raise ValidationError(errors)


def _unique_slug(name: str, exclude_pk: int | None = None) -> str:
    base = slugify(name, allow_unicode=True)[:200] or "provider"
    slug, n = base, 1
    while Provider.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def provider_create(*, by: Actor, source_id: str | None = None, **data: Any) -> Provider:
    require(can_create_provider(by), "Only the city office can register providers.")
    _validate(data)
    provider = Provider(source_id=source_id, slug=_unique_slug(data["name"]))
    apply_changes(provider, data, PROVIDER_FIELDS)
    provider.save()
    audit_record(actor=by, action="provider.create", obj=provider)
    events.emit("catalogue.provider.created", provider_id=provider.pk)
    return provider


@transaction.atomic
def provider_update(*, provider: Provider, by: Actor, **data: Any) -> Provider:
    require(can_admin_provider(by, provider), "Only this provider's admins or the city office can change it.")
    merged = {f: getattr(provider, f) for f in PROVIDER_FIELDS} | data
    _validate(merged)
    changed = apply_changes(provider, data, PROVIDER_FIELDS)
    if changed:
        note_hand_edits(provider, changed, by)
        provider.save()
        audit_record(actor=by, action="provider.update", obj=provider, fields=changed)
        events.emit("catalogue.provider.updated", provider_id=provider.pk)
    return provider


@transaction.atomic
def provider_upsert(*, source_id: str, by: Actor = None, **data: Any) -> UpsertResult:
    existing = Provider.objects.select_for_update().filter(source_id=source_id).first()
    if existing is None:
        return UpsertResult(provider_create(by=by, source_id=source_id, **data), "created")
    kept = [f for f in data if f in existing.edited_fields]
    incoming = {k: v for k, v in data.items() if k not in kept}
    changed = differing(existing, incoming, PROVIDER_FIELDS)
    if not changed:
        return UpsertResult(existing, "unchanged", kept)
    require(can_admin_provider(by, existing))
    _validate({f: getattr(existing, f) for f in PROVIDER_FIELDS} | incoming)
    apply_changes(existing, incoming, PROVIDER_FIELDS)
    existing.save()
    audit_record(actor=by, action="provider.import_update", obj=existing, fields=changed)
    events.emit("catalogue.provider.updated", provider_id=existing.pk)
    return UpsertResult(existing, "updated", kept)


@transaction.atomic
def provider_member_add(*, provider: Provider, user, role: str = ProviderMembership.Role.STAFF,
                        by: Actor) -> ProviderMembership:
    require(can_admin_provider(by, provider), "Only this provider's admins or the city office manage its members.")
    if role not in ProviderMembership.Role.values:
        raise ValidationError({"role": [_("Choose staff or admin.")]})
    membership, created = ProviderMembership.objects.update_or_create(
        provider=provider, user=user, defaults={"role": role}
    )
    audit_record(actor=by, action="provider.member_add", obj=provider, user_id=user.pk, role=role)
    events.emit("catalogue.provider.member_added", provider_id=provider.pk, user_id=user.pk, role=role)
    return membership


@transaction.atomic
def provider_member_remove(*, provider: Provider, user, by: Actor) -> None:
    require(can_admin_provider(by, provider), "Only this provider's admins or the city office manage its members.")
    ProviderMembership.objects.filter(provider=provider, user=user).delete()
    audit_record(actor=by, action="provider.member_remove", obj=provider, user_id=user.pk)
    events.emit("catalogue.provider.member_removed", provider_id=provider.pk, user_id=user.pk)
