"""Who may act for an issuer. Services call these; views use them only to show or hide controls.

- Issue and revoke: the staff of the issuer's provider (any member), or the city office for the city's own
  issuer. The city office does not issue in a provider's name, and provider staff not in the city's.
- Manage the issuer (profile, keys, achievements, rules): the provider's admins, or the city office for the
  city issuer; the city office may also set up a provider's issuer profile.
- `actor=None` is the system (rules reacting to events, loaders).
"""

from __future__ import annotations

from learningcity.catalogue.models import ProviderMembership
from learningcity.core.permissions import Actor, is_city_office, is_signed_in


def _member(actor: Actor, provider_id: int, *, admin: bool = False) -> bool:
    if not is_signed_in(actor):
        return False
    qs = ProviderMembership.objects.filter(user=actor, provider_id=provider_id)
    if admin:
        qs = qs.filter(role=ProviderMembership.Role.ADMIN)
    return qs.exists()


def can_issue_for(actor: Actor, issuer) -> bool:
    if actor is None:
        return True
    if issuer.kind == "city":
        return is_city_office(actor)
    return _member(actor, issuer.provider_id)


def can_manage_issuer(actor: Actor, issuer) -> bool:
    if actor is None:
        return True
    if issuer.kind == "city":
        return is_city_office(actor)
    return _member(actor, issuer.provider_id, admin=True)


def can_create_issuer_for(actor: Actor, provider) -> bool:
    if actor is None or is_city_office(actor):
        return True
    return provider is not None and _member(actor, provider.pk, admin=True)


def issuer_ids_for(actor: Actor) -> set[int]:
    """Issuers whose credentials `actor` may issue and revoke."""
    from learningcity.credentials.models import Issuer

    if not is_signed_in(actor):
        return set()
    provider_ids = ProviderMembership.objects.filter(user=actor).values_list("provider_id", flat=True)
    ids = set(Issuer.objects.filter(provider_id__in=provider_ids).values_list("id", flat=True))
    if is_city_office(actor):
        ids |= set(Issuer.objects.filter(kind="city").values_list("id", flat=True))
    return ids
