"""Verifying a Verifiable Presentation (VC Data Model 2.0 §4.13): its form, its proof and its credentials.

A holder presents credentials inside a presentation signed for one verifier: the proof's purpose is
`authentication`, and `challenge` and `domain` must be the ones the verifier asked for (when it gave them).
Each embedded credential is verified on its own with `credential_verify`; an enveloped credential must be a
`data:` URL holding a VC-JOSE JWT. Keys resolve offline exactly as for credentials.
"""

from __future__ import annotations

import logging
from datetime import datetime
from datetime import timezone as dt_timezone
from typing import Any

from django.utils.translation import gettext as _

from learningcity.credentials import jsonld, vcdm
from learningcity.credentials.integrity import ProofError, proofs_of
from learningcity.credentials.verification import (
    MAX_CREDENTIAL_BYTES, Report, _jsonld_code, _too_large, check_proof, credential_verify,
    resolve_verification_method,
)

logger = logging.getLogger("learningcity.credentials")


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _holder_id(vp: dict[str, Any]) -> str | None:
    holder = vp.get("holder")
    return holder.get("id") if isinstance(holder, dict) else holder


def _check_form(vp: Any) -> None:
    if not isinstance(vp, dict):
        raise vcdm.ModelError(_("A presentation must be a JSON object."))
    context = vp.get("@context")
    if not isinstance(context, list) or not context or context[0] != jsonld.VC_V2:
        raise vcdm.ModelError(_("The first @context of a presentation must be %(url)s.") % {"url": jsonld.VC_V2})
    if "VerifiablePresentation" not in _as_list(vp.get("type")):
        raise vcdm.ModelError(_("A presentation's type must include VerifiablePresentation."))
    if "id" in vp and not vcdm.is_url(vp["id"]):
        raise vcdm.ModelError(_("A presentation's id must be a URL."))
    if "holder" in vp and not vcdm.is_url(_holder_id(vp)):
        raise vcdm.ModelError(_("holder must be a URL or an object with a URL id."))
    for item in _as_list(vp.get("verifiableCredential", [])):
        if not isinstance(item, dict):
            raise vcdm.ModelError(_("Each verifiableCredential must be an object, not a string or a number."))
        if "EnvelopedVerifiableCredential" in _as_list(item.get("type")) or str(item.get("id", "")).startswith("data:"):
            if "EnvelopedVerifiableCredential" not in _as_list(item.get("type")):
                raise vcdm.ModelError(_("An enveloped credential's type must be EnvelopedVerifiableCredential."))
            if not str(item.get("id", "")).startswith("data:"):
                raise vcdm.ModelError(_("An enveloped credential's id must be a data: URL."))


def presentation_verify(vp: Any, *, challenge: str | None = None, domain: str | None = None,
                        now: datetime | None = None) -> Report:
    report = Report()
    try:
        _verify(vp, report, challenge, domain, now or datetime.now(dt_timezone.utc))
    except Exception:  # noqa: BLE001 - never a 500; the log keeps the trace
        logger.exception("presentation verification failed unexpectedly")
        report.fail("internal", "internal", _("The presentation could not be checked because of an error on this "
                                               "site. It has been logged."))
    report.verified = not report.errors
    return report


def _verify(vp: Any, report: Report, challenge: str | None, domain: str | None, now: datetime) -> None:
    if _too_large(vp):
        report.fail("format", "too-large", _("The presentation is larger than %(kb)s KB.")
                    % {"kb": MAX_CREDENTIAL_BYTES // 1024})
        return
    try:
        _check_form(vp)
        jsonld.expand(vp)
    except jsonld.JsonLdProblem as exc:
        report.fail("format", _jsonld_code(exc), str(exc))
        return
    except vcdm.ModelError as exc:
        report.fail("format", "data-model", str(exc))
        return
    report.ok("format", _("A well-formed Verifiable Presentation."))
    holder = _holder_id(vp)
    if proofs_of(vp):
        proof = proofs_of(vp)[0] if isinstance(proofs_of(vp)[0], dict) else {}
        if challenge is not None and proof.get("challenge") != challenge:
            report.fail("proof", "challenge", _("The presentation was not made for this request (wrong challenge)."))
            return
        if domain is not None and proof.get("domain") != domain:
            report.fail("proof", "domain", _("The presentation was made for another verifier (wrong domain)."))
            return

        def resolve(vm: str):
            resolved = resolve_verification_method(vm)
            if holder is not None and resolved.controller != holder:
                raise ProofError(_("The presentation was signed by someone other than its holder."), "holder-key")
            return resolved.key

        if not check_proof(vp, report, _("The holder's signature matches."), resolve=resolve,
                           expected_purpose="authentication"):
            return
    else:
        report.warn("proof", "unsigned", _("The presentation is not signed, so who presented it is not proven."))
    for index, item in enumerate(_as_list(vp.get("verifiableCredential", []))):
        if "EnvelopedVerifiableCredential" in _as_list(item.get("type")):
            sub = credential_verify(item, now=now)
        else:
            sub = credential_verify(item, now=now)
        if not sub.verified:
            report.fail("credentials", sub.errors[0]["code"],
                        _("Credential %(n)s in the presentation did not verify: %(reason)s")
                        % {"n": index + 1, "reason": sub.reason})
            return
    report.ok("credentials", _("Every credential in the presentation verified."))
