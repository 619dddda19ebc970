"""VC-JOSE: a credential secured as a compact JWS (`typ: vc+jwt`, `alg: EdDSA`), per W3C VC-JOSE-COSE.

The JWT claims set is the credential itself (VC 2.0 puts no `vc` wrapper around it). JWS compact form is a
few lines on top of `cryptography`, so no JOSE library is needed for the one algorithm we use.
"""

from __future__ import annotations

import json
from typing import Any, Callable

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.utils.translation import gettext as _

from learningcity.credentials.integrity import ProofError
from learningcity.credentials.multibase import b64url_decode, b64url_encode

MEDIA_TYPE = "application/vc+jwt"


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False).encode()


def jwt_sign(credential: dict[str, Any], *, private_key: Ed25519PrivateKey, kid: str) -> str:
    payload = {k: v for k, v in credential.items() if k != "proof"}
    header = {"alg": "EdDSA", "kid": kid, "typ": "vc+jwt", "cty": "vc"}
    signing_input = f"{b64url_encode(_json(header))}.{b64url_encode(_json(payload))}"
    return f"{signing_input}.{b64url_encode(private_key.sign(signing_input.encode()))}"


def looks_like_jwt(text: str) -> bool:
    parts = text.strip().split(".")
    return len(parts) == 3 and all(parts[:2]) and all(c.isalnum() or c in "-_." for c in text.strip())


def jwt_verify(token: str, *, resolve: Callable[[str], Ed25519PublicKey]) -> tuple[dict[str, Any], str]:
    """(credential, kid) when the signature holds; raises ProofError with the reason otherwise."""
    try:
        head_b64, body_b64, sig_b64 = token.strip().split(".")
        header = json.loads(b64url_decode(head_b64))
        payload = json.loads(b64url_decode(body_b64))
        signature = b64url_decode(sig_b64)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ProofError(_("This is not a well-formed JWT."), "malformed") from exc
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise ProofError(_("This is not a well-formed JWT."), "malformed")
    if header.get("alg") != "EdDSA":
        raise ProofError(_("The JWT uses algorithm %(alg)s; only EdDSA is accepted.") % {"alg": repr(header.get("alg"))},
                         "unsupported-proof")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise ProofError(_("The JWT header names no key (kid)."), "malformed-proof")
    key = resolve(kid)
    try:
        key.verify(signature, f"{head_b64}.{body_b64}".encode())
    except InvalidSignature as exc:
        raise ProofError(_("The JWT signature does not match: the credential was changed after it was signed, "
                         "or it was signed with a different key."), "signature") from exc
    return payload, kid
