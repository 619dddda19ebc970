"""Issuing, revoking and sharing credentials, and publishing issuers' status lists."""

from __future__ import annotations

import copy
import secrets
import uuid
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learningcity.core import events
from learningcity.core.models import User
from learningcity.core.permissions import Actor, is_signed_in, require
from learningcity.core.services import audit_record
from learningcity.credentials import documents, jsonld, statuslist, vcdm
from learningcity.credentials import keys as keystore
from learningcity.credentials.integrity import proof_add
from learningcity.credentials.jose import jwt_sign
from learningcity.credentials.models import (
    Achievement,
    AwardRule,
    IssuedCredential,
    Issuer,
    SigningKey,
    StatusList,
)
from learningcity.credentials.permissions import can_issue_for
from learningcity.credentials.services.issuers import active_key

OB_TYPES = {"OpenBadgeCredential", "AchievementCredential"}


def sign(document: dict[str, Any], *, issuer: Issuer, key: SigningKey | None = None) -> tuple[dict[str, Any], str,
                                                                                            SigningKey]:
    """(document with eddsa-rdfc-2022 proof, VC-JOSE JWT, key used)."""
    key = key or active_key(issuer)
    private = keystore.open_private(storage=key.storage, sealed=key.sealed_private_key, key_id=str(key.key_id))
    vm = documents.verification_method_id(issuer, key)
    types = document.get("type")
    is_badge = bool(set(types if isinstance(types, list) else [types]) & OB_TYPES)
    signed = proof_add(document, private_key=private, verification_method=vm, created=timezone.now(),
                       as_list=is_badge)
    return signed, jwt_sign(document, private_key=private, kid=vm), key


def _status_list_for(issuer: Issuer) -> StatusList:
    status_list = (StatusList.objects.select_for_update().filter(issuer=issuer, purpose="revocation")
                   .order_by("-number").first())
    if status_list is None or IssuedCredential.objects.filter(status_list=status_list).count() >= status_list.size:
        # The first list, or the next one once a list is full (131,072 credentials).
        number = status_list.number + 1 if status_list else 1
        status_list = StatusList.objects.create(issuer=issuer, number=number, purpose="revocation",
                                                size=statuslist.DEFAULT_SIZE, bits=bytes(statuslist.empty()))
        status_list_publish(status_list=status_list)
    return status_list


def _free_index(status_list: StatusList) -> int:
    # Random slots, so a credential's index says nothing about when it was issued or to whom.
    used = set(IssuedCredential.objects.filter(status_list=status_list).values_list("status_index", flat=True))
    if len(used) >= status_list.size:
        raise ValidationError(_("This issuer's status list is full."))
    while True:
        index = secrets.randbelow(status_list.size)
        if index not in used:
            return index


def status_list_publish(*, status_list: StatusList) -> StatusList:
    """Re-sign the status list credential from its bits (after a revocation or a key rotation)."""
    encoded = statuslist.encode(bytes(status_list.bits))
    doc = documents.status_list_credential(status_list, encoded, valid_from=timezone.now())
    status_list.document, _jwt, _key = sign(doc, issuer=status_list.issuer)
    status_list.save()
    return status_list


def _store(*, issuer: Issuer, document: dict[str, Any], source: str, by: Actor, status_list: StatusList | None,
           index: int | None, credential_uuid: uuid.UUID, valid_from: datetime, valid_until: datetime | None,
           **extra: Any) -> IssuedCredential:
    signed, token, key = sign(document, issuer=issuer)
    return IssuedCredential.objects.create(
        uuid=credential_uuid, issuer=issuer, signing_key=key, document=signed, jwt=token, status_list=status_list,
        status_index=index, source=source, issued_by=by if is_signed_in(by) else None, issued_at=timezone.now(),
        valid_from=valid_from, valid_until=valid_until, **extra)


@transaction.atomic
def credential_issue(*, achievement: Achievement, recipient: User, by: Actor, source: str = "manual",
                     rule: AwardRule | None = None, evidence_key: str = "",
                     valid_until: datetime | None = None) -> IssuedCredential:
    """Award `achievement` to `recipient`: sign an OpenBadgeCredential and keep it in their passport."""
    issuer = achievement.issuer
    require(can_issue_for(by, issuer), _("Only %(issuer)s's staff can issue its credentials.")
            % {"issuer": issuer.name})
    if not achievement.is_active:
        raise ValidationError({"achievement": _("This achievement can no longer be awarded.")})
    if not recipient.email:
        raise ValidationError({"recipient": _("The recipient has no email address to put in the credential.")})
    now = timezone.now()
    if valid_until is not None and valid_until <= now:
        raise ValidationError({"valid_until": _("The end of validity must be in the future.")})
    if evidence_key and IssuedCredential.objects.filter(achievement=achievement, recipient=recipient,
                                                        evidence_key=evidence_key).exists():
        raise ValidationError({"recipient": _("This person already has this credential for the same reason.")})
    status_list = _status_list_for(issuer)
    index = _free_index(status_list)
    credential_uuid = uuid.uuid4()
    document = documents.achievement_credential(
        credential_id=f"urn:uuid:{credential_uuid}", achievement=achievement, email=recipient.email,
        issued_at=now, valid_from=now, valid_until=valid_until,
        status=documents.status_entry(status_list, index))
    try:
        with transaction.atomic():
            credential = _store(issuer=issuer, document=document, source=source, by=by, status_list=status_list,
                                index=index, credential_uuid=credential_uuid, valid_from=now,
                                valid_until=valid_until, achievement=achievement, recipient=recipient, rule=rule,
                                evidence_key=evidence_key)
    except IntegrityError as exc:
        raise ValidationError({"recipient": _("This person already has this credential for the same reason.")}) \
            from exc
    _record_statement(credential)
    audit_record(actor=by, action="credentials.credential.issue", obj=credential, achievement=achievement.pk,
                 recipient=recipient.pk, source=source)
    events.emit("credentials.credential.issued", credential_id=credential.pk, recipient_id=recipient.pk,
                achievement_id=achievement.pk, issuer_id=issuer.pk, source=source)
    return credential


def _record_statement(credential: IssuedCredential) -> None:
    """The award as an xAPI statement in the LRS (verb "earned", Open Badges xAPI recipe), so learning
    records and monitoring see it; the statement id is the credential's, so a retry does not duplicate it."""
    from django.conf import settings

    from learningcity.lrs.services import platform_statement_record

    achievement = credential.achievement
    platform_statement_record(
        actor={"objectType": "Agent", "account": {"homePage": settings.BASE_URL, "name": str(credential.recipient_id)}},
        verb="credential-awarded",
        object={"objectType": "Activity", "id": documents.achievement_uri(achievement),
                "definition": {"name": {"und": achievement.name}, "description": {"und": achievement.description}}},
        timestamp=credential.issued_at, statement_id=credential.uuid,
    )


def _issuer_from(credential: dict[str, Any]) -> Issuer:
    issuer_uri = vcdm.issuer_id(credential)
    prefix = documents.absolute(documents.ISSUERS_PATH)
    slug = issuer_uri[len(prefix):].strip("/") if issuer_uri and issuer_uri.startswith(prefix) else None
    issuer = Issuer.objects.filter(slug=slug).first() if slug else None
    if issuer is None:
        raise ValidationError({"credential.issuer": _("The issuer %(id)s is not an issuer on this site; use the id "
                                                      "of your issuer profile.") % {"id": issuer_uri}})
    return issuer


@transaction.atomic
def credential_issue_vc_api(*, credential: dict[str, Any], by: Actor,
                            options: dict[str, Any] | None = None) -> IssuedCredential:
    """VC-API issue: sign a caller's credential as one of our issuers (only for that issuer's staff).

    The credential is checked against the VC data model and must expand as JSON-LD with nothing dropped;
    a BitstringStatusListEntry is added when it carries no status of its own, so it can be revoked.
    """
    if not isinstance(credential, dict):
        raise ValidationError({"credential": _("credential must be a JSON object.")})
    try:
        vcdm.check_credential(credential)
    except vcdm.ModelError as exc:
        raise ValidationError({"credential": str(exc)}) from exc
    if "proof" in credential:
        raise ValidationError({"credential.proof": _("Send the credential without a proof; this service adds it.")})
    issuer = _issuer_from(credential)
    require(can_issue_for(by, issuer), _("Only %(issuer)s's staff can issue its credentials.")
            % {"issuer": issuer.name})
    document = copy.deepcopy(credential)
    status_list = index = None
    if "credentialStatus" not in document:
        status_list = _status_list_for(issuer)
        index = _free_index(status_list)
        document["credentialStatus"] = documents.status_entry(status_list, index)
    try:
        jsonld.expand(document)
    except jsonld.JsonLdProblem as exc:
        raise ValidationError({"credential": str(exc)}) from exc
    now = timezone.now()
    valid_from = vcdm.parse_datetime(document["validFrom"], "validFrom") if "validFrom" in document else now
    valid_until = vcdm.parse_datetime(document["validUntil"], "validUntil") if "validUntil" in document else None
    try:
        issued = _store(issuer=issuer, document=document, source=IssuedCredential.Source.API, by=by,
                        status_list=status_list, index=index, credential_uuid=uuid.uuid4(), valid_from=valid_from,
                        valid_until=valid_until)
    except jsonld.JsonLdProblem as exc:  # e.g. a graph too intricate to canonicalise
        raise ValidationError({"credential": str(exc)}) from exc
    audit_record(actor=by, action="credentials.credential.issue", obj=issued, source="api")
    events.emit("credentials.credential.issued", credential_id=issued.pk, recipient_id=None, achievement_id=None,
                issuer_id=issuer.pk, source="api")
    return issued


@transaction.atomic
def credential_revoke(*, credential: IssuedCredential, by: Actor, reason: str = "") -> IssuedCredential:
    """Revoke: set the credential's bit in its issuer's status list and re-publish the list."""
    require(can_issue_for(by, credential.issuer), _("Only %(issuer)s's staff can revoke its credentials.")
            % {"issuer": credential.issuer.name})
    credential = IssuedCredential.objects.select_for_update().get(pk=credential.pk)
    if credential.revoked_at is not None:
        raise ValidationError(_("This credential is already revoked."))
    if credential.status_list_id is None:
        raise ValidationError(_("This credential carries no status list of ours, so it cannot be revoked here."))
    status_list = StatusList.objects.select_for_update().get(pk=credential.status_list_id)
    bits = bytearray(status_list.bits)
    statuslist.bit_set(bits, credential.status_index, True)
    status_list.bits = bytes(bits)
    status_list_publish(status_list=status_list)
    credential.revoked_at = timezone.now()
    credential.revocation_reason = reason.strip()[:300]
    credential.save(update_fields=["revoked_at", "revocation_reason"])
    audit_record(actor=by, action="credentials.credential.revoke", obj=credential, reason=credential.revocation_reason)
    events.emit("credentials.credential.revoked", credential_id=credential.pk, issuer_id=credential.issuer_id,
                recipient_id=credential.recipient_id)
    return credential


@transaction.atomic
def credential_share(*, credential: IssuedCredential, by: Actor, share: bool) -> IssuedCredential:
    """Turn the public link on (a new unguessable token) or off. Only the recipient decides."""
    require(is_signed_in(by) and credential.recipient_id == by.pk, _("Only the recipient can share a credential."))
    credential.share_token = secrets.token_urlsafe(18) if share else ""
    credential.save(update_fields=["share_token"])
    audit_record(actor=by, action="credentials.credential.share" if share else "credentials.credential.unshare",
                 obj=credential)
    events.emit("credentials.credential.shared", credential_id=credential.pk, shared=share)
    return credential
