"""Data Integrity proofs with the `eddsa-rdfc-2022` cryptosuite (W3C VC Data Integrity EdDSA Cryptosuites v1.0).

create: canonicalise the credential and the proof options (RDFC-1.0), hash both with SHA-256, sign
sha256(proofConfig) ‖ sha256(document) with Ed25519, put the signature in `proofValue` (multibase base58btc).
verify: the same in reverse. Key resolution is the caller's (`resolve(verificationMethod) -> public key`), so
this module stays free of the database and of the network.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.utils.translation import gettext as _

from learningcity.credentials import jsonld
from learningcity.credentials.multibase import decode_z, encode_z

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"


class ProofError(ValueError):
    """Why a proof does not verify, as a sentence for a person; `code` for machines."""

    def __init__(self, message: str, code: str = "proof"):
        super().__init__(message)
        self.code = code


def xsd_datetime(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _hash_data(document: dict[str, Any], proof_config: dict[str, Any]) -> bytes:
    return (hashlib.sha256(jsonld.canonize(proof_config).encode()).digest()
            + hashlib.sha256(jsonld.canonize(document).encode()).digest())


def proof_add(document: dict[str, Any], *, private_key: Ed25519PrivateKey, verification_method: str,
              created: datetime, proof_purpose: str = "assertionMethod", as_list: bool = False) -> dict[str, Any]:
    """A copy of `document` with an eddsa-rdfc-2022 proof appended (`as_list`: `proof` as a one-item array,
    which Open Badges 3.0's JSON Schema requires; JSON-LD reads both forms the same)."""
    unsecured = {k: v for k, v in copy.deepcopy(document).items() if k != "proof"}
    proof = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": xsd_datetime(created),
        "verificationMethod": verification_method,
        "proofPurpose": proof_purpose,
    }
    config = {"@context": unsecured["@context"], **proof}
    proof["proofValue"] = encode_z(private_key.sign(_hash_data(unsecured, config)))
    return {**unsecured, "proof": [proof] if as_list else proof}


@dataclass(frozen=True)
class VerifiedProof:
    verification_method: str
    created: str
    proof_purpose: str


def proofs_of(document: dict[str, Any]) -> list[dict[str, Any]]:
    proof = document.get("proof")
    if proof is None:
        return []
    return [p for p in (proof if isinstance(proof, list) else [proof])]


def proof_verify(document: dict[str, Any], *, resolve: Callable[[str], Ed25519PublicKey],
                 expected_purpose: str = "assertionMethod") -> VerifiedProof:
    """Check the document's eddsa-rdfc-2022 proof; raises ProofError with the reason."""
    proofs = proofs_of(document)
    if not proofs:
        raise ProofError(_("The credential carries no proof (it is not signed)."), "no-proof")
    candidates = [p for p in proofs if isinstance(p, dict) and p.get("type") == PROOF_TYPE
                  and p.get("cryptosuite") == CRYPTOSUITE]
    if not candidates:
        raise ProofError(_("The credential's proof is not a DataIntegrityProof with the eddsa-rdfc-2022 "
                         "cryptosuite, the only one this site checks."), "unsupported-proof")
    proof = candidates[0]
    for field in ("verificationMethod", "proofPurpose", "proofValue"):
        if not isinstance(proof.get(field), str) or not proof[field]:
            raise ProofError(_("The proof has no %(field)s.") % {"field": field}, "malformed-proof")
    if proof["proofPurpose"] != expected_purpose:
        raise ProofError(_("The proof's purpose is %(purpose)s, not %(expected)s.")
                         % {"purpose": proof["proofPurpose"], "expected": expected_purpose}, "proof-purpose")
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    if "@context" not in unsecured:
        raise ProofError(_("The credential has no @context."), "malformed")
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    if "@context" in options:
        doc_ctx = unsecured["@context"] if isinstance(unsecured["@context"], list) else [unsecured["@context"]]
        proof_ctx = options["@context"] if isinstance(options["@context"], list) else [options["@context"]]
        if doc_ctx[: len(proof_ctx)] != proof_ctx:
            raise ProofError(_("The proof's @context does not match the credential's."), "malformed-proof")
    options["@context"] = unsecured["@context"]
    try:
        signature = decode_z(proof["proofValue"])
    except ValueError as exc:
        raise ProofError(_("The proof value is not multibase base58btc."), "malformed-proof") from exc
    key = resolve(proof["verificationMethod"])
    try:
        key.verify(signature, _hash_data(unsecured, options))
    except InvalidSignature as exc:
        raise ProofError(_("The signature does not match: the credential was changed after it was signed, or "
                         "it was signed with a different key."), "signature") from exc
    return VerifiedProof(proof["verificationMethod"], str(proof.get("created", "")), proof["proofPurpose"])
