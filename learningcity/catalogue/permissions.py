"""Who may change which catalogue record. Services call these; views only use them to hide buttons."""

from __future__ import annotations

from learningcity.catalogue.models import Provider, ProviderMembership
from learningcity.core.permissions import Actor, is_city_office, is_signed_in


def is_system(actor: Actor) -> bool:
    """Loaders and importers run as the system (actor None); requests always carry a user or AnonymousUser."""
    return actor is None


def provider_ids_of(actor: Actor) -> set[int]:
    if not is_signed_in(actor):
        return set()
    return set(ProviderMembership.objects.filter(user=actor).values_list("provider_id", flat=True))


def can_edit_provider_records(actor: Actor, provider: Provider) -> bool:
    """Create and edit the provider's opportunities, runs and venues."""
    if is_system(actor) or is_city_office(actor):
        return True
    return is_signed_in(actor) and ProviderMembership.objects.filter(user=actor, provider=provider).exists()


def can_admin_provider(actor: Actor, provider: Provider) -> bool:
    """Change the provider's own profile and its members."""
    if is_system(actor) or is_city_office(actor):
        return True
    return is_signed_in(actor) and ProviderMembership.objects.filter(
        user=actor, provider=provider, role=ProviderMembership.Role.ADMIN
    ).exists()


def can_create_provider(actor: Actor) -> bool:
    return is_system(actor) or is_city_office(actor)
