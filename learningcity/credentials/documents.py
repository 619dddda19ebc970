"""The JSON documents we publish: issuer profiles and controller documents, achievements, credentials.

Identifiers (documented in docs/credentials.md): an issuer is `<BASE_URL>/credentials/issuers/<slug>/`, an
https (or, in development, http) URL that answers with its controller document to JSON clients and with a
human page to browsers. Each key is the verification method `<issuer id>#<publicKeyMultibase>`. We chose
URLs over `did:web` because they work on plain http in development and resolve, offline, against our own
database; the documents are the same either way.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from typing import Any, Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from learningcity.credentials import jsonld
from learningcity.credentials.integrity import xsd_datetime
from learningcity.credentials.models import Achievement, Issuer, SigningKey, StatusList

ISSUERS_PATH = "/credentials/issuers/"
ISCED_URN = "urn:unesco:isced-f:2013:"
OB_CONTEXT = [jsonld.VC_V2, jsonld.OB_V3]


def absolute(path: str) -> str:
    return settings.BASE_URL.rstrip("/") + path


def issuer_uri(issuer: Issuer) -> str:
    return absolute(reverse("credentials:issuer", args=[issuer.slug]))


def verification_method_id(issuer: Issuer, key: SigningKey) -> str:
    return f"{issuer_uri(issuer)}#{key.public_key_multibase}"


def achievement_uri(achievement: Achievement) -> str:
    return absolute(reverse("credentials:achievement", args=[achievement.uuid]))


def status_list_uri(status_list: StatusList) -> str:
    return absolute(reverse("credentials:status_list", args=[status_list.issuer.slug, status_list.number]))


def profile_json(issuer: Issuer) -> dict[str, Any]:
    """The OB 3.0 Profile embedded as a credential's issuer."""
    profile: dict[str, Any] = {"id": issuer_uri(issuer), "type": ["Profile"], "name": issuer.name}
    if issuer.url:
        profile["url"] = issuer.url
    if issuer.email:
        profile["email"] = issuer.email
    if issuer.description:
        profile["description"] = issuer.description
    return profile


def controller_document(issuer: Issuer, keys: Iterable[SigningKey]) -> dict[str, Any]:
    """Controller document (VC Data Integrity §2.3 / Controlled Identifiers) plus the OB Profile fields.

    Every key the issuer ever had is listed, so credentials signed before a rotation still verify; the
    active one comes first.
    """
    uri = issuer_uri(issuer)
    keys = sorted(keys, key=lambda k: (k.retired_at is not None, -(k.created_at.timestamp() if k.created_at else 0)))
    methods = [{
        "id": f"{uri}#{k.public_key_multibase}",
        "type": "Multikey",
        "controller": uri,
        "publicKeyMultibase": k.public_key_multibase,
    } for k in keys]
    return {
        "@context": [jsonld.DID_V1, jsonld.MULTIKEY_V1],
        "id": uri,
        "verificationMethod": methods,
        "assertionMethod": [m["id"] for m in methods],
        "name": issuer.name,
        **({"url": issuer.url} if issuer.url else {}),
    }


def esco_label(uri: str) -> str:
    from learningcity.credentials.esco import skill_label

    return skill_label(uri) or uri


def achievement_json(achievement: Achievement) -> dict[str, Any]:
    from learningcity.catalogue.vocab import ISCED_FIELDS

    uri = achievement_uri(achievement)
    data: dict[str, Any] = {
        "id": uri,
        "type": ["Achievement"],
        "achievementType": achievement.achievement_type,
        "name": achievement.name,
        "description": achievement.description,
        "criteria": {"narrative": achievement.criteria},
        "image": {"id": absolute(reverse("credentials:achievement_image", args=[achievement.uuid, "png"])),
                  "type": "Image", "caption": achievement.image_alt or achievement.name},
    }
    # No `creator`: it would repeat the issuer's node (same id), and JSON-LD merges nodes with one id, so a
    # field deleted from one copy would still be "signed" through the other.
    alignment = [{
        "type": ["Alignment"],
        "targetName": esco_label(skill)[:200],
        "targetUrl": skill,
        "targetFramework": "ESCO",
    } for skill in achievement.skills]
    for code in achievement.isced_fields:
        with translation.override("en"):  # credentials carry stable English labels, pages translate
            label = str(ISCED_FIELDS.get(code, code))
        alignment.append({"type": ["Alignment"], "targetName": label, "targetCode": code,
                          "targetUrl": ISCED_URN + code, "targetFramework": "ISCED-F 2013"})
    if alignment:
        data["alignment"] = alignment
    if achievement.isced_fields:
        data["fieldOfStudy"] = ", ".join(a["targetName"] for a in alignment if a["targetFramework"] != "ESCO")
    return data


def identity_object(email: str, salt: str | None = None) -> dict[str, Any]:
    """OB 3.0 IdentityObject: the recipient's email, salted and hashed (so the credential does not leak it)."""
    salt = salt or secrets.token_hex(8)
    digest = hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()
    return {"type": "IdentityObject", "identityHash": f"sha256${digest}", "identityType": "emailAddress",
            "hashed": True, "salt": salt}


def identity_matches(identity: dict[str, Any], email: str) -> bool:
    if not isinstance(identity, dict) or identity.get("identityType") != "emailAddress":
        return False
    value = str(identity.get("identityHash", ""))
    if not identity.get("hashed"):
        return value.strip().lower() == email.strip().lower()
    salt = str(identity.get("salt", ""))
    return value == f"sha256${hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()}"


def status_entry(status_list: StatusList, index: int) -> dict[str, Any]:
    uri = status_list_uri(status_list)
    return {"id": f"{uri}#{index}", "type": "BitstringStatusListEntry", "statusPurpose": status_list.purpose,
            "statusListIndex": str(index), "statusListCredential": uri}


def achievement_credential(*, credential_id: str, achievement: Achievement, email: str, issued_at: datetime,
                           valid_from: datetime, valid_until: datetime | None,
                           status: dict[str, Any] | None) -> dict[str, Any]:
    """An unsigned OpenBadgeCredential for one learner."""
    doc: dict[str, Any] = {
        "@context": list(OB_CONTEXT),
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": achievement.name,
        "issuer": profile_json(achievement.issuer),
        "validFrom": xsd_datetime(valid_from),
    }
    if valid_until:
        doc["validUntil"] = xsd_datetime(valid_until)
    doc["credentialSubject"] = {
        "type": ["AchievementSubject"],
        "identifier": [identity_object(email)],
        "achievement": achievement_json(achievement),
    }
    if status:
        doc["credentialStatus"] = status
    return doc


def status_list_credential(status_list: StatusList, encoded: str, *, valid_from: datetime) -> dict[str, Any]:
    uri = status_list_uri(status_list)
    return {
        "@context": [jsonld.VC_V2],
        "id": uri,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_uri(status_list.issuer),
        "validFrom": xsd_datetime(valid_from),
        "credentialSubject": {"id": f"{uri}#list", "type": "BitstringStatusList",
                              "statusPurpose": status_list.purpose, "encodedList": encoded},
    }
