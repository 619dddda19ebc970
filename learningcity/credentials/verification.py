"""Verifying a credential: every check in order, each with a reason a person can act on.

`credential_verify(data)` takes a parsed JSON credential (Data Integrity) or a VC-JOSE JWT string and
returns a `Report`; it never raises for bad input. Checks: well-formed JSON-LD with known contexts, the VC
data model, the proof (eddsa-rdfc-2022 or EdDSA JWT) against a key the issuer lists, validity dates, and
revocation through a Bitstring Status List. Keys and status lists are resolved offline: ours from the
database, `did:key` from the identifier itself; anything else is reported as not checkable here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from datetime import timezone as dt_timezone
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.conf import settings
from django.utils.translation import gettext as _

from learningcity.credentials import jsonld, statuslist, vcdm
from learningcity.credentials import keys as keystore
from learningcity.credentials.documents import ISSUERS_PATH
from learningcity.credentials.integrity import ProofError, proof_verify
from learningcity.credentials.jose import jwt_verify, looks_like_jwt
from learningcity.credentials.models import Issuer, SigningKey, StatusList
from learningcity.credentials.multibase import ed25519_from_multikey

logger = logging.getLogger("learningcity.credentials")


@dataclass
class Check:
    name: str
    ok: bool
    message: str


@dataclass
class Report:
    verified: bool = False
    checks: list[Check] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)
    credential: dict[str, Any] | None = None
    format: str = "ldp"
    issuer: Issuer | None = None
    issuer_id: str = ""

    def fail(self, check: str, code: str, message: str) -> "Report":
        self.checks.append(Check(check, False, message))
        self.errors.append({"code": code, "check": check, "message": message})
        self.verified = False
        return self

    def ok(self, check: str, message: str) -> None:
        self.checks.append(Check(check, True, message))

    def warn(self, check: str, code: str, message: str) -> None:
        self.warnings.append({"code": code, "check": check, "message": message})

    @property
    def reason(self) -> str:
        return self.errors[0]["message"] if self.errors else ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "verified": self.verified,
            "checks": [c.name for c in self.checks if c.ok],
            "results": [{"check": c.name, "ok": c.ok, "message": c.message} for c in self.checks],
            "errors": self.errors,
            "warnings": self.warnings,
        }


class KeyResolutionError(ProofError):
    pass


@dataclass(frozen=True)
class ResolvedKey:
    key: Ed25519PublicKey
    controller: str
    local_issuer: Issuer | None = None
    retired: bool = False


def _our_prefix() -> str:
    return settings.BASE_URL.rstrip("/") + ISSUERS_PATH


def resolve_verification_method(vm: str) -> ResolvedKey:
    """The public key behind a verification method id, without the network."""
    if not isinstance(vm, str):
        raise KeyResolutionError("The verification method is not a string.", "key")
    if vm.startswith(_our_prefix()):
        base, _sep, fragment = vm.partition("#")
        slug = base[len(_our_prefix()):].strip("/")
        issuer = Issuer.objects.filter(slug=slug).first()
        if issuer is None:
            raise KeyResolutionError(_("The key %(vm)s names an issuer this site does not have.") % {"vm": vm},
                                     "key")
        key = SigningKey.objects.filter(issuer=issuer, public_key_multibase=fragment).first()
        if key is None:
            raise KeyResolutionError(
                _("The key %(vm)s is not one of %(issuer)s's keys: the credential was not signed by this issuer.")
                % {"vm": vm, "issuer": issuer.name}, "wrong-key")
        return ResolvedKey(keystore.public_key(key.public_key), base, issuer, key.retired_at is not None)
    if vm.startswith("did:key:"):
        did, _sep, fragment = vm.partition("#")
        multikey = did[len("did:key:"):]
        if fragment and fragment != multikey:
            raise KeyResolutionError(_("The did:key verification method is malformed."), "key")
        try:
            raw = ed25519_from_multikey(multikey)
        except ValueError as exc:
            raise KeyResolutionError(_("The did:key is not an Ed25519 key."), "key") from exc
        return ResolvedKey(keystore.public_key(raw), did)
    raise KeyResolutionError(
        _("The key %(vm)s is published elsewhere; this site checks keys of its own issuers and did:key "
          "identifiers, and does not fetch keys from other sites.") % {"vm": vm}, "key-unresolvable")


MAX_CREDENTIAL_BYTES = 256 * 1024  # real credentials are a few kilobytes; JSON-LD work grows with size


def _too_large(data: Any) -> bool:
    import json

    if isinstance(data, (bytes, bytearray, str)):
        return len(data) > MAX_CREDENTIAL_BYTES
    try:
        return len(json.dumps(data, ensure_ascii=False)) > MAX_CREDENTIAL_BYTES
    except (TypeError, ValueError):
        return False


def _parse(data: Any, report: Report) -> dict[str, Any] | None:
    if _too_large(data):
        report.fail("format", "too-large", _("The credential is larger than %(kb)s KB; real credentials are a "
                                             "few kilobytes.") % {"kb": MAX_CREDENTIAL_BYTES // 1024})
        return None
    if isinstance(data, (bytes, bytearray)):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            report.fail("format", "malformed", _("This is not text: paste or upload a credential (JSON or JWT)."))
            return None
    if isinstance(data, str):
        text = data.strip()
        if looks_like_jwt(text):
            report.format = "jwt"
            return {"__jwt__": text}
        import json

        try:
            data = json.loads(text)
        except ValueError:
            report.fail("format", "malformed", _("This is neither JSON nor a JWT."))
            return None
    if isinstance(data, dict) and data.get("type") == "EnvelopedVerifiableCredential":
        envelope = str(data.get("id", ""))
        if envelope.startswith("data:application/vc+jwt,"):
            report.format = "jwt"
            return {"__jwt__": envelope.split(",", 1)[1]}
    if not isinstance(data, dict):
        report.fail("format", "malformed", _("A credential must be a JSON object."))
        return None
    return data


def credential_verify(data: Any, *, now: datetime | None = None) -> Report:
    """Verify and explain. Never raises for bad input (a bug in here is logged and reported)."""
    report = Report()
    try:
        _verify(data, report, now or datetime.now(dt_timezone.utc))
    except Exception:  # noqa: BLE001 - verification must answer, never 500; the log keeps the trace
        logger.exception("credential verification failed unexpectedly")
        report.fail("internal", "internal", _("The credential could not be checked because of an error on this "
                                               "site. It has been logged."))
    report.verified = not report.errors
    return report


def _key_for(report: Report, issuer_id: str | None):
    def resolve(vm: str) -> Ed25519PublicKey:
        resolved = resolve_verification_method(vm)
        if issuer_id is None or resolved.controller != issuer_id:
            raise ProofError(
                _("The credential claims the issuer %(issuer)s but was signed by a key that issuer does not "
                  "control (%(vm)s).") % {"issuer": issuer_id, "vm": vm}, "wrong-issuer-key")
        report.issuer = resolved.local_issuer
        if resolved.retired:
            report.warn("proof", "retired-key", _("Signed with a key the issuer has since replaced; it still "
                                                  "counts for credentials signed before the change."))
        return resolved.key
    return resolve


def _verify(data: Any, report: Report, now: datetime) -> None:
    parsed = _parse(data, report)
    if parsed is None:
        return
    if "__jwt__" in parsed:
        token = parsed["__jwt__"]
        try:
            import json

            from learningcity.credentials.multibase import b64url_decode

            claimed = json.loads(b64url_decode(token.split(".")[1]))
            claimed_issuer = vcdm.issuer_id(claimed) if isinstance(claimed, dict) else None
        except (ValueError, IndexError, UnicodeDecodeError):
            claimed_issuer = None
        try:
            credential, _kid = jwt_verify(token, resolve=_key_for(report, claimed_issuer))
        except ProofError as exc:
            report.fail("proof", exc.code, str(exc))
            return
        report.credential = credential
        report.issuer_id = claimed_issuer or ""
        if not _model_ok(credential, report):
            return
        report.ok("proof", _("The JWT signature matches the issuer's key."))
    else:
        credential = parsed
        report.credential = credential
        if not _model_ok(credential, report):
            return
        report.issuer_id = vcdm.issuer_id(credential) or ""
        if not check_proof(credential, report, _("The signature matches a key the issuer lists."),
                           resolve=_key_for(report, vcdm.issuer_id(credential))):
            return
    _dates(credential, report, now)
    _status(credential, report)


def _model_ok(credential: Any, report: Report) -> bool:
    try:
        vcdm.check_credential(credential)
        if report.format == "jwt":
            jsonld.expand(credential)
    except jsonld.JsonLdProblem as exc:
        report.fail("format", _jsonld_code(exc), str(exc))
        return False
    except vcdm.ModelError as exc:
        report.fail("format", "data-model", str(exc))
        return False
    report.ok("format", _("A well-formed Verifiable Credential (VC Data Model 2.0)."))
    return True


def check_proof(document: dict[str, Any], report: Report, ok_message: str, **options: Any) -> bool:
    """Verify the document's Data Integrity proof into `report` ("proof" check); False when it fails."""
    try:
        proof_verify(document, **options)
    except jsonld.JsonLdProblem as exc:
        report.fail("proof", _jsonld_code(exc), str(exc))
        return False
    except ProofError as exc:
        report.fail("proof", exc.code, str(exc))
        return False
    report.ok("proof", ok_message)
    return True


def _jsonld_code(exc: Exception) -> str:
    if isinstance(exc, jsonld.UnknownContext):
        return "unknown-context"
    if isinstance(exc, jsonld.TooComplex):
        return "too-complex"
    return "jsonld"


def _dates(credential: dict[str, Any], report: Report, now: datetime) -> None:
    start = vcdm.parse_datetime(credential["validFrom"], "validFrom") if "validFrom" in credential else None
    end = vcdm.parse_datetime(credential["validUntil"], "validUntil") if "validUntil" in credential else None
    if start and start > now:
        report.fail("dates", "not-yet-valid", _("The credential is not valid yet: it starts on %(date)s.")
                    % {"date": credential["validFrom"]})
    elif end and end < now:
        report.fail("dates", "expired", _("The credential expired on %(date)s.") % {"date": credential["validUntil"]})
    else:
        report.ok("dates", _("Within its validity period."))


def _status(credential: dict[str, Any], report: Report) -> None:
    entries = credential.get("credentialStatus")
    if entries is None:
        report.ok("status", _("The credential has no status list: it cannot be revoked."))
        return
    for entry in entries if isinstance(entries, list) else [entries]:
        if not isinstance(entry, dict) or entry.get("type") != "BitstringStatusListEntry":
            report.warn("status", "status-unsupported", _("A status entry of a kind this site does not check."))
            continue
        url = str(entry.get("statusListCredential", ""))
        try:
            index = int(str(entry.get("statusListIndex", "")))
        except ValueError:
            report.fail("status", "status-malformed", _("The status entry's index is not a number."))
            return
        status_list = _local_status_list(url)
        if status_list is None:
            report.warn("status", "status-unchecked", _("The status list %(url)s is on another site; this site "
                                                        "does not fetch it, so revocation was not checked.")
                        % {"url": url})
            continue
        if report.issuer is not None and status_list.issuer_id != report.issuer.pk:
            report.fail("status", "status-foreign", _("The status list belongs to a different issuer."))
            return
        bits = bytes(status_list.bits)
        if not 0 <= index < len(bits) * 8:
            report.fail("status", "status-malformed", _("The status index is outside the status list."))
            return
        if statuslist.bit_get(bits, index) and entry.get("statusPurpose", "revocation") == status_list.purpose:
            report.fail("status", "revoked", _("The issuer has revoked this credential."))
            return
    report.ok("status", _("Not revoked."))


def _local_status_list(url: str) -> StatusList | None:
    prefix = _our_prefix()
    if not url.startswith(prefix):
        return None
    path = url[len(prefix):].split("#")[0].strip("/").split("/")
    if len(path) != 3 or path[1] != "status" or not path[2].isdigit():
        return None
    return StatusList.objects.select_related("issuer").filter(issuer__slug=path[0], number=int(path[2])).first()


def host_of(url: str) -> str:
    return urlsplit(url).netloc
