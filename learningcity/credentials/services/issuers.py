"""Issuer profiles and their Ed25519 keys."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from learningcity.catalogue.models import Provider
from learningcity.core import events
from learningcity.core.permissions import Actor, require
from learningcity.core.services import audit_record
from learningcity.credentials import keys as keystore
from learningcity.credentials.models import Issuer, SigningKey
from learningcity.credentials.multibase import ed25519_multikey
from learningcity.credentials.permissions import can_create_issuer_for, can_manage_issuer

CITY_SLUG = "city"


def _new_key(issuer: Issuer) -> SigningKey:
    seed, public = keystore.generate()
    key = SigningKey(issuer=issuer, public_key=public, public_key_multibase=ed25519_multikey(public))
    key.storage, key.sealed_private_key = keystore.seal(seed=seed, key_id=str(key.key_id))
    key.save()
    return key


def _unique_slug(base: str, fallback: str = "issuer") -> str:
    # ASCII only: the slug is part of the issuer's URL inside every credential it signs.
    base = slugify(base)[:60] or fallback
    slug, n = base, 2
    while Issuer.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def issuer_create(*, by: Actor, provider: Provider | None = None, name: str = "", description: str = "",
                  url: str = "", email: str = "", slug: str = "") -> Issuer:
    """An issuer profile for a provider (or, with provider=None, the city itself), with its first key."""
    require(can_create_issuer_for(by, provider), _("Only the provider's admins or the city office can set up "
                                                  "this issuer."))
    if provider is not None and Issuer.objects.filter(provider=provider).exists():
        raise ValidationError({"provider": _("This provider already has an issuer profile.")})
    kind = Issuer.Kind.PROVIDER if provider is not None else Issuer.Kind.CITY
    name = (name or (provider.name if provider else "")).strip()
    if not name:
        raise ValidationError({"name": _("Give the issuer a name.")})
    if slug and Issuer.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("This address is taken.")})
    issuer = Issuer.objects.create(
        kind=kind, provider=provider, name=name[:200], slug=slug or _unique_slug(provider.slug if provider else name,
                                  f"provider-{provider.pk}" if provider else "issuer"),
        description=description or (provider.description if provider else ""),
        url=url or (provider.website if provider else ""), email=email or (provider.email if provider else ""),
    )
    key = _new_key(issuer)
    audit_record(actor=by, action="credentials.issuer.create", obj=issuer, key=key.public_key_multibase)
    events.emit("credentials.issuer.created", issuer_id=issuer.pk)
    return issuer


def issuer_ensure_city(*, by: Actor = None) -> Issuer:
    """The city's own issuer (e.g. for its learning festival), created on first use."""
    issuer = Issuer.objects.filter(kind=Issuer.Kind.CITY).first()
    if issuer is not None:
        return issuer
    city = getattr(settings, "CITY_NAME", "City")
    return issuer_create(by=by, provider=None, slug=CITY_SLUG, name=_("%(city)s Learning City") % {"city": city},
                         description=_("The learning-city office of %(city)s.") % {"city": city},
                         url=settings.BASE_URL)


@transaction.atomic
def issuer_update(*, issuer: Issuer, by: Actor, **fields) -> Issuer:
    require(can_manage_issuer(by, issuer), _("Only this issuer's admins can change its profile."))
    allowed = {"name", "description", "url", "email"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError({f: _("This field cannot be changed here.") for f in unknown})
    for name, value in fields.items():
        setattr(issuer, name, (value or "").strip())
    if not issuer.name:
        raise ValidationError({"name": _("Give the issuer a name.")})
    issuer.full_clean(exclude=["provider"])
    issuer.save()
    audit_record(actor=by, action="credentials.issuer.update", obj=issuer, fields=sorted(fields))
    events.emit("credentials.issuer.updated", issuer_id=issuer.pk)
    return issuer


def active_key(issuer: Issuer) -> SigningKey:
    key = issuer.keys.filter(retired_at__isnull=True).order_by("-created_at", "-id").first()
    if key is None:
        key = _new_key(issuer)
    return key


@transaction.atomic
def signing_key_rotate(*, issuer: Issuer, by: Actor, destroy_old: bool = False) -> SigningKey:
    """Retire the active key and make a new one. Retired public keys stay published, so every credential
    signed before still verifies; `destroy_old` also forgets the old private key (after a suspected leak)."""
    require(can_manage_issuer(by, issuer), _("Only this issuer's admins can change its keys."))
    Issuer.objects.select_for_update().filter(pk=issuer.pk).first()
    now = timezone.now()
    for old in issuer.keys.filter(retired_at__isnull=True):
        old.retired_at = now
        if destroy_old:
            keystore.destroy(storage=old.storage, key_id=str(old.key_id))
            old.storage, old.sealed_private_key = "destroyed", b""
        old.save(update_fields=["retired_at", "storage", "sealed_private_key"])
    key = _new_key(issuer)
    from learningcity.credentials.services.issuing import status_list_publish

    for status_list in issuer.status_lists.all():
        status_list_publish(status_list=status_list)
    audit_record(actor=by, action="credentials.key.rotate", obj=issuer, key=key.public_key_multibase,
                 destroyed_old=destroy_old)
    events.emit("credentials.key.rotated", issuer_id=issuer.pk, key_id=key.pk)
    return key
