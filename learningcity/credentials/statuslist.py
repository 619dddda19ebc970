"""Bitstring Status List (W3C VC Bitstring Status List v1.0): the bits and their encoding.

`encodedList` is the GZIP-compressed bitstring in multibase base64url ('u' prefix, no padding). Index 0 is
the left-most (most significant) bit of the first byte. 131,072 entries (16 KiB) is the minimum size the
specification asks for, so one list hides which credential was looked up among many.
"""

from __future__ import annotations

import gzip

from learningcity.credentials.multibase import b64url_decode, b64url_encode

DEFAULT_SIZE = 131072


def empty(size: int = DEFAULT_SIZE) -> bytearray:
    return bytearray(size // 8)


def bit_get(bits: bytes, index: int) -> bool:
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def bit_set(bits: bytearray, index: int, value: bool) -> None:
    if value:
        bits[index // 8] |= 0x80 >> (index % 8)
    else:
        bits[index // 8] &= ~(0x80 >> (index % 8)) & 0xFF


def encode(bits: bytes) -> str:
    return "u" + b64url_encode(gzip.compress(bytes(bits), mtime=0))


def decode(encoded: str) -> bytes:
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise ValueError("encodedList must be multibase base64url (starting with 'u')")
    return gzip.decompress(b64url_decode(encoded[1:]))
