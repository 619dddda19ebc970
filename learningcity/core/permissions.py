"""Roles and the one way services refuse: `require(condition, message)` raises PermissionDenied.

Object-level rules belong to the app that owns the object (e.g. `catalogue.permissions`); this module holds
what every app shares.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from learningcity.core.models import User

Actor = User | AnonymousUser | None


def is_signed_in(actor: Actor) -> bool:
    return bool(actor is not None and actor.is_authenticated and actor.is_active)


def is_site_admin(actor: Actor) -> bool:
    return is_signed_in(actor) and bool(actor.is_superuser)


def is_city_office(actor: Actor) -> bool:
    """The learning-city office; site admins hold its powers too."""
    return is_signed_in(actor) and bool(actor.is_city_office or actor.is_superuser)


def require(condition: bool, message: str = "You do not have permission to do this.") -> None:
    if not condition:
        raise PermissionDenied(message)
