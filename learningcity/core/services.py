"""Core writes: audit entries, API tokens, user accounts and the city office role."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from learningcity.core import events
from learningcity.core.models import ApiToken, AuditEntry, User
from learningcity.core.permissions import Actor, is_city_office, is_signed_in, require

TOKEN_PREFIX = "lc_"


def audit_record(*, actor: Actor, action: str, obj: Any = None, object_type: str = "", object_id: str = "",
                 **detail: Any) -> AuditEntry:
    """Write one audit entry. Services call this inside the transaction of the change they make."""
    if obj is not None:
        object_type = object_type or f"{obj._meta.app_label}.{obj._meta.model_name}"
        object_id = object_id or str(obj.pk)
    signed_in = is_signed_in(actor)
    return AuditEntry.objects.create(
        actor=actor if signed_in else None,
        actor_label=str(actor) if signed_in else "system" if actor is None else "anonymous",
        action=action,
        object_type=object_type,
        object_id=object_id,
        detail=detail,
    )


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str, by: Actor) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns the row and the raw token, which is never stored or shown again."""
    require(is_signed_in(by) and (by == user or is_city_office(by)), "You can only create tokens for yourself.")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name.strip()[:100] or "token", prefix=raw[:11],
                                    key_hash=_hash(raw))
    audit_record(actor=by, action="api_token.create", obj=token, name=token.name)
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: Actor) -> None:
    require(is_signed_in(by) and (by == token.user or is_city_office(by)), "You cannot revoke this token.")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor=by, action="api_token.revoke", obj=token)


def api_token_authenticate(raw: str) -> User | None:
    """The active user behind a raw token, or None. Touches last_used_at at most once a minute."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=_hash(raw), revoked_at__isnull=True).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def user_create(*, email: str, password: str | None, display_name: str = "", by: Actor = None,
                **extra: Any) -> User:
    """The one way an account comes to exist (sign-up, admin, commands, tests)."""
    user = User.objects.create_user(email=email, password=password, display_name=display_name, **extra)
    audit_record(actor=by if by is not None else user, action="user.create", obj=user)
    events.emit("core.user.created", user_id=user.pk)
    return user


@transaction.atomic
def user_set_city_office(*, user: User, value: bool, by: Actor) -> User:
    require(is_city_office(by), "Only the city office can change who belongs to it.")
    user.is_city_office = value
    user.save(update_fields=["is_city_office"])
    audit_record(actor=by, action="user.set_city_office", obj=user, value=value)
    return user
