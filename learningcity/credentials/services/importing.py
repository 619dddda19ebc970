"""A learner's Open Badges 3.0 credentials from elsewhere, verified on import and kept with the result."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from learningcity.core import events
from learningcity.core.models import User
from learningcity.core.permissions import Actor, is_signed_in, require
from learningcity.core.services import audit_record
from learningcity.credentials import baking
from learningcity.credentials.documents import identity_matches
from learningcity.credentials.models import ImportedCredential
from learningcity.credentials.verification import credential_verify

OB_TYPES = {"OpenBadgeCredential", "AchievementCredential"}
MAX_BYTES = 2 * 1024 * 1024


def _text(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("@value", ""))
    if isinstance(value, list):
        return _text(value[0]) if value else ""
    return str(value or "")


def _normalise(data: Any) -> Any:
    """Accept JSON text, a JWT, a parsed object, or a baked PNG/SVG image (bytes)."""
    if isinstance(data, (bytes, bytearray)):
        if len(data) > MAX_BYTES:
            raise ValidationError({"credential": _("The file is too large (2 MB at most).")})
        baked = baking.unbake(bytes(data))
        if baked is not None:
            return baked
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValidationError({"credential": _("This file holds no credential: upload the JSON, a JWT or a "
                                                   "baked badge image (PNG or SVG).")}) from exc
    return data


@transaction.atomic
def credential_import(*, owner: User, data: Any, by: Actor) -> ImportedCredential:
    require(is_signed_in(by) and by.pk == owner.pk, _("Only you can add credentials to your passport."))
    data = _normalise(data)
    report = credential_verify(data)
    credential = report.credential
    if credential is None:
        raise ValidationError({"credential": report.reason or _("This is not a credential.")})
    types = credential.get("type")
    types = set(types if isinstance(types, list) else [types])
    if not types & OB_TYPES:
        raise ValidationError({"credential": _("This is not an Open Badges 3.0 credential (its type must include "
                                               "OpenBadgeCredential or AchievementCredential).")})
    subject = credential.get("credentialSubject") if isinstance(credential.get("credentialSubject"), dict) else {}
    identifiers = subject.get("identifier") or []
    identifiers = identifiers if isinstance(identifiers, list) else [identifiers]
    if identifiers and not any(identity_matches(i, owner.email) for i in identifiers):
        report.warn("recipient", "recipient-mismatch", _("The credential names a recipient other than your email "
                                                        "address."))
    achievement = subject.get("achievement") if isinstance(subject.get("achievement"), dict) else {}
    issuer = credential.get("issuer")
    issuer_name = _text(issuer.get("name")) if isinstance(issuer, dict) else ""
    is_jwt = report.format == "jwt"
    imported = ImportedCredential.objects.create(
        owner=owner,
        document=None if is_jwt else credential,
        jwt=(data.strip() if isinstance(data, str) else "") if is_jwt else "",
        name=(_text(achievement.get("name")) or _text(credential.get("name")))[:300],
        issuer_name=issuer_name[:300], issuer_id=(report.issuer_id or "")[:500],
        verified=report.verified, verification=report.as_dict(),
    )
    audit_record(actor=by, action="credentials.import", obj=imported, verified=report.verified)
    events.emit("credentials.import.created", imported_id=imported.pk, owner_id=owner.pk, verified=report.verified)
    return imported


@transaction.atomic
def imported_credential_delete(*, imported: ImportedCredential, by: Actor) -> None:
    require(is_signed_in(by) and by.pk == imported.owner_id, _("Only the owner can remove it."))
    audit_record(actor=by, action="credentials.import.delete", obj=imported)
    events.emit("credentials.import.deleted", imported_id=imported.pk, owner_id=imported.owner_id)
    imported.delete()


def as_json_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
