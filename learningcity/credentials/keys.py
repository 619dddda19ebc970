"""Issuers' Ed25519 signing keys and how they are kept at rest.

Two ways, chosen by settings:
- `KEY_ENCRYPTION_KEY` set (urlsafe base64 of 32 bytes): the private key is sealed with AES-256-GCM under it
  and stored in the database; the key's id is the associated data, so a sealed key copied onto another key's
  row does not open.
- not set: the private key never enters the database; it lives in `<VAR_DIR>/credential-keys/<id>.key`
  (mode 0600). Fine for one machine; several app servers must share the folder or set the encryption key.

Public keys are always in the database (they are public and must outlive rotation).
"""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

STORAGE_SEALED = "sealed"
STORAGE_FILE = "file"


class KeyUnavailable(RuntimeError):
    """The private key cannot be opened (wrong encryption key, missing file, destroyed after retirement)."""


def _kek() -> bytes | None:
    raw = getattr(settings, "KEY_ENCRYPTION_KEY", "") or ""
    if not raw:
        return None
    try:
        key = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured("LEARNINGCITY_KEY_ENCRYPTION_KEY is not urlsafe base64.") from exc
    if len(key) != 32:
        raise ImproperlyConfigured("LEARNINGCITY_KEY_ENCRYPTION_KEY must decode to exactly 32 bytes.")
    return key


def key_dir() -> Path:
    return Path(settings.VAR_DIR) / "credential-keys"


def generate() -> tuple[bytes, bytes]:
    """(private seed, public key), 32 bytes each."""
    private = Ed25519PrivateKey.generate()
    seed = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return seed, private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def seal(*, seed: bytes, key_id: str) -> tuple[str, bytes]:
    """Keep `seed` at rest; returns (storage kind, bytes for the database row)."""
    kek = _kek()
    if kek is not None:
        nonce = secrets.token_bytes(12)
        return STORAGE_SEALED, nonce + AESGCM(kek).encrypt(nonce, seed, key_id.encode())
    folder = key_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / f"{key_id}.key"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(seed)
    return STORAGE_FILE, b""


def open_private(*, storage: str, sealed: bytes, key_id: str) -> Ed25519PrivateKey:
    if storage == STORAGE_SEALED:
        kek = _kek()
        if kek is None:
            raise KeyUnavailable("This key is encrypted, but LEARNINGCITY_KEY_ENCRYPTION_KEY is not set.")
        blob = bytes(sealed)
        try:
            seed = AESGCM(kek).decrypt(blob[:12], blob[12:], key_id.encode())
        except Exception as exc:  # InvalidTag: wrong key or tampered row
            raise KeyUnavailable("The signing key does not open with the configured encryption key.") from exc
    elif storage == STORAGE_FILE:
        try:
            seed = (key_dir() / f"{key_id}.key").read_bytes()
        except OSError as exc:
            raise KeyUnavailable(f"The signing key file for {key_id} is missing.") from exc
    else:
        raise KeyUnavailable("This key has been destroyed; it can only verify, not sign.")
    return Ed25519PrivateKey.from_private_bytes(seed)


def destroy(*, storage: str, key_id: str) -> None:
    """Forget a retired private key for good (the public key stays, so old credentials still verify)."""
    if storage == STORAGE_FILE:
        path = key_dir() / f"{key_id}.key"
        if path.exists():
            path.write_bytes(secrets.token_bytes(32))
            path.unlink()


def public_key(raw: bytes) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(bytes(raw))
