"""Signed statements (xAPI 1.0.3 Part 2 §2.6; IEEE 9274.1.1 §4.3): the JWS attached with the signature
usage type must be a well-formed compact JWS using RS256/RS384/RS512 whose payload is the statement itself.

When the JWS header carries an X.509 chain (`x5c`) the signature is verified against its first certificate;
without one the LRS cannot know the signer's key, so only structure and payload are checked, as the
specification allows.
"""

from __future__ import annotations

import base64
import copy
from typing import Any

import orjson

from learningcity.lrs.errors import BadRequest, StatementInvalid
from learningcity.lrs.validation.values import comparable_durations

SIGNATURE_USAGE = "http://adlnet.gov/expapi/attachments/signature"
ALGORITHMS = {"RS256": "SHA256", "RS384": "SHA384", "RS512": "SHA512"}
# What the LRS or the act of signing may add to a statement after the signer produced the payload.
ADDED_AFTER_SIGNING = ("id", "authority", "stored", "version", "timestamp")


def _b64decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def signature_check(statement: dict[str, Any], jws: bytes) -> None:
    """Raise BadRequest unless `jws` is a valid signature of `statement`."""
    try:
        header_b64, payload_b64, signature_b64 = jws.decode("ascii").strip().split(".")
        header = orjson.loads(_b64decode(header_b64))
        payload = orjson.loads(_b64decode(payload_b64))
        signature = _b64decode(signature_b64)
    except (ValueError, UnicodeDecodeError, orjson.JSONDecodeError) as exc:
        raise BadRequest(f"The signature is not a valid compact JWS: {exc}") from None
    if not isinstance(header, dict) or header.get("alg") not in ALGORITHMS:
        raise BadRequest("A statement signature must use RS256, RS384 or RS512.")
    if not isinstance(payload, dict) or not _same_content(payload, statement):
        raise BadRequest("The signature's payload is not this statement.")
    if "x5c" in header:
        _verify(header, f"{header_b64}.{payload_b64}".encode(), signature)


def _comparable(statement: dict[str, Any], keep: set[str]) -> dict[str, Any]:
    from learningcity.lrs.validation import statement_validate

    result = copy.deepcopy(statement)
    result.pop("attachments", None)
    for key in ADDED_AFTER_SIGNING:
        if key not in keep:
            result.pop(key, None)
    try:
        # Normalise the same way the stored statement was (e.g. context activities as arrays).
        statement_validate(result, version="2.0.0")
    except StatementInvalid:
        pass
    return comparable_durations(result)


def _same_content(payload: dict[str, Any], statement: dict[str, Any]) -> bool:
    keep = {key for key in ADDED_AFTER_SIGNING if key in payload}
    signed = _comparable(payload, keep)
    received = _comparable(statement, keep)
    received.pop("authority", None) if "authority" not in payload else None
    return orjson.dumps(signed, option=orjson.OPT_SORT_KEYS) == orjson.dumps(
        received, option=orjson.OPT_SORT_KEYS
    )


def _verify(header: dict[str, Any], signed: bytes, signature: bytes) -> None:
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding, rsa

    try:
        certificate = x509.load_der_x509_certificate(base64.b64decode(header["x5c"][0]))
        key = certificate.public_key()
        if not isinstance(key, rsa.RSAPublicKey):
            raise BadRequest("The signing certificate does not hold an RSA key.")
        key.verify(signature, signed, padding.PKCS1v15(), getattr(hashes, ALGORITHMS[header["alg"]])())
    except (InvalidSignature, ValueError, TypeError, IndexError, KeyError):
        raise BadRequest("The statement signature does not verify against its certificate.") from None
