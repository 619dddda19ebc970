"""Client credentials: create, revoke, authenticate. Secrets are shown once and stored only as a hash."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any, Iterable

from django.conf import settings
import orjson
from django.db import connection, transaction
from django.utils import timezone

from learningcity.core import events
from learningcity.core.permissions import Actor, is_city_office, require
from learningcity.core.services import audit_record
from learningcity.lrs import scopes as scope_rules
from learningcity.lrs.errors import Unauthorized
from learningcity.lrs.models import Client
from learningcity.lrs.validation import check_actor


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def default_authority(*, name: str, key: str) -> dict[str, Any]:
    """The Agent that stands for a client as `authority`: an account on this platform named by the key."""
    return {"objectType": "Agent", "name": name, "account": {"homePage": settings.BASE_URL, "name": key}}


@transaction.atomic
def client_create(
    *,
    name: str,
    scopes: Iterable[str],
    by: Actor,
    authority: dict | None = None,
    key: str | None = None,
    secret: str | None = None,
    xapi_version: str = "2.0.0",
) -> tuple[Client, str]:
    """Create credentials; returns the client and the raw secret (never stored, never shown again).

    `by=None` means the platform itself (the CLI run by an operator); people need the city office role.
    `key`/`secret` may be given for reproducible test set-ups; otherwise both are random. `xapi_version`
    is what responses declare when one of this client's requests names no version (e.g. a 400 for that).
    """
    require(by is None or is_city_office(by), "Only the city office can create LRS clients.")
    name = name.strip()
    if not name:
        raise ValueError("A client needs a name.")
    if xapi_version not in ("1.0.3", "2.0.0"):
        raise ValueError("The client's xAPI version is 1.0.3 or 2.0.0.")
    key = key or secrets.token_hex(10)
    secret = secret or secrets.token_urlsafe(32)
    authority = authority or default_authority(name=name, key=key)
    check_actor(authority, "authority")
    client = Client.objects.create(
        name=name[:200],
        key=key,
        secret_hash=_hash(secret),
        scopes=scope_rules.normalise(scopes),
        authority=authority,
        created_by=by,
        xapi_version=xapi_version,
    )
    audit_record(actor=by, action="lrs.client.create", obj=client, scopes=client.scopes)
    events.emit("lrs.client.created", client_id=client.pk)
    return client, secret


@transaction.atomic
def client_revoke(*, client: Client, by: Actor) -> Client:
    require(by is None or is_city_office(by), "Only the city office can revoke LRS clients.")
    if client.revoked_at is None:
        client.revoked_at = timezone.now()
        client.save(update_fields=["revoked_at"])
        audit_record(actor=by, action="lrs.client.revoke", obj=client)
        events.emit("lrs.client.revoked", client_id=client.pk)
    return client


_CLIENT_COLUMNS = ("id", "name", "key", "secret_hash", "scopes", "authority", "xapi_version")


def client_authenticate(*, key: str, secret: str) -> Client:
    """The active client with these credentials; raises Unauthorized otherwise.

    Runs on every xAPI request, so it is one indexed query without the ORM's query building; a revoked
    client is refused from its next request on.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(_CLIENT_COLUMNS)} FROM lrs_client WHERE key = %s AND revoked_at IS NULL",
            [key],
        )
        row = cursor.fetchone()
    if row is None or not hmac.compare_digest(row[3], _hash(secret)):
        raise Unauthorized("Unknown or revoked credentials.")
    values = dict(zip(_CLIENT_COLUMNS, row))
    for name in ("scopes", "authority"):
        if isinstance(values[name], (str, bytes)):
            values[name] = orjson.loads(values[name])
    return Client(**values)
