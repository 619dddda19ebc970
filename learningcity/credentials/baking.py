"""Badge images and baking credentials into them (Open Badges 3.0 §5.3 "Baked badges").

PNG: an `iTXt` chunk with keyword `openbadgecredential`, uncompressed, holding the credential (JSON or JWT),
placed before `IEND`; a PNG holds at most one. SVG: an `<openbadges:credential>` element right after the
`<svg>` start tag, in the `https://purl.imsglobal.org/ob/v3p0` namespace, the JSON in CDATA (or, for a JWT,
`verify="<jwt>"`). The images themselves are drawn here without an imaging library: a disc in the
achievement's colour with a ring, so each achievement has a distinct, accessible badge (its name is the
image's caption/alt text).
"""

from __future__ import annotations

import json
import math
import re
import struct
import zlib
from functools import lru_cache
from html import escape
from typing import Any

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KEYWORD = b"openbadgecredential"
OB_NS = "https://purl.imsglobal.org/ob/v3p0"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _chunks(png: bytes):
    if not png.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG")
    pos = len(PNG_SIGNATURE)
    while pos + 8 <= len(png):
        (length,) = struct.unpack(">I", png[pos:pos + 4])
        kind = png[pos + 4:pos + 8]
        data = png[pos + 8:pos + 8 + length]
        if len(data) != length:
            raise ValueError("truncated PNG")
        yield pos, kind, data, pos + 12 + length
        pos += 12 + length


def _hex(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


@lru_cache(maxsize=64)
def badge_png(colour: str = "#1f5fa8", size: int = 256) -> bytes:
    """A round badge: a disc in `colour`, a white ring and a darker centre star-like dot (RGBA PNG)."""
    r0, g0, b0 = _hex(colour)
    dark = (r0 * 6 // 10, g0 * 6 // 10, b0 * 6 // 10)
    c = (size - 1) / 2
    rows = []
    for y in range(size):
        row = bytearray(b"\0")  # filter type none
        for x in range(size):
            d = math.hypot(x - c, y - c) / (size / 2)
            angle = math.atan2(y - c, x - c)
            star = 0.30 + 0.08 * math.cos(5 * angle)
            if d > 0.98:
                px = (0, 0, 0, 0)
            elif d > 0.86:
                px = (*dark, 255)
            elif d > 0.78:
                px = (255, 255, 255, 255)
            elif d < star:
                px = (255, 255, 255, 255)
            else:
                px = (r0, g0, b0, 255)
            row += bytes(px)
        rows.append(bytes(row))
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (PNG_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
            + _chunk(b"IEND", b""))


def badge_svg(*, colour: str, title: str) -> str:
    r0, g0, b0 = _hex(colour)
    dark = "#%02x%02x%02x" % (r0 * 6 // 10, g0 * 6 // 10, b0 * 6 // 10)
    points = []
    for i in range(10):
        radius = 38 if i % 2 == 0 else 17
        a = math.pi / 2 + i * math.pi / 5
        points.append(f"{128 + radius * math.cos(a):.1f},{128 - radius * math.sin(a):.1f}")
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 256 256" width="256" height="256" role="img" '
        f'aria-labelledby="badge-title"><title id="badge-title">{escape(title)}</title>'
        f'<circle cx="128" cy="128" r="125" fill="{dark}"/>'
        '<circle cx="128" cy="128" r="110" fill="#ffffff"/>'
        f'<circle cx="128" cy="128" r="100" fill="{escape(colour)}"/>'
        f'<polygon points="{" ".join(points)}" fill="#ffffff"/></svg>'
    )


def bake_png(png: bytes, credential: dict[str, Any] | str) -> bytes:
    text = credential if isinstance(credential, str) else json.dumps(credential, ensure_ascii=False)
    out = bytearray(PNG_SIGNATURE)
    for _pos, kind, data, _end in _chunks(png):
        if kind == b"iTXt" and data.split(b"\0", 1)[0] == KEYWORD:
            continue  # a PNG carries one credential: replace, never add a second
        if kind == b"IEND":
            # keyword, null, compression flag 0, method 0, empty language tag, null, empty translation, null
            out += _chunk(b"iTXt", KEYWORD + b"\0\0\0" + b"\0" + b"\0" + text.encode("utf-8"))
        out += _chunk(kind, data)
    return bytes(out)


def unbake_png(png: bytes) -> str | None:
    for _pos, kind, data, _end in _chunks(png):
        if kind == b"iTXt":
            keyword, _sep, rest = data.partition(b"\0")
            if keyword != KEYWORD or len(rest) < 2:
                continue
            compressed, rest = rest[0], rest[2:]
            _lang, _sep, rest = rest.partition(b"\0")
            _translated, _sep, text = rest.partition(b"\0")
            return (zlib.decompress(text) if compressed else text).decode("utf-8")
    return None


def bake_svg(svg: str, credential: dict[str, Any] | str) -> str:
    match = re.search(r"<svg\b[^>]*>", svg)
    if match is None:
        raise ValueError("not an SVG")
    start = match.group(0)
    if "xmlns:openbadges" not in start:
        start = start[:-1] + f' xmlns:openbadges="{OB_NS}">'
    if isinstance(credential, str):
        element = f'<openbadges:credential verify="{escape(credential)}"/>'
    else:
        body = json.dumps(credential, ensure_ascii=False).replace("]]>", "]]]]><![CDATA[>")
        element = f"<openbadges:credential><![CDATA[{body}]]></openbadges:credential>"
    return svg[:match.start()] + start + element + svg[match.end():]


_SVG_JSON = re.compile(r"<openbadges:credential[^>]*>\s*<!\[CDATA\[(.*?)\]\]>\s*</openbadges:credential>", re.S)
_SVG_JWT = re.compile(r'<openbadges:credential[^>]*\bverify="([^"]+)"')


def unbake_svg(svg: str) -> str | None:
    match = _SVG_JSON.search(svg)
    if match:
        return match.group(1).replace("]]]]><![CDATA[>", "]]>")
    match = _SVG_JWT.search(svg)
    return match.group(1) if match else None


def unbake(data: bytes) -> str | None:
    """The credential baked into a PNG or SVG file, or None if `data` is neither or holds none."""
    if data.startswith(PNG_SIGNATURE):
        try:
            return unbake_png(data)
        except (ValueError, zlib.error, UnicodeDecodeError):
            return None
    head = data[:2048].lstrip()
    if head.startswith(b"<?xml") or head.startswith(b"<svg") or b"<svg" in head:
        try:
            return unbake_svg(data.decode("utf-8"))
        except UnicodeDecodeError:
            return None
    return None
