"""multipart/mixed bodies for statements with attachments (xAPI 1.0.3 Part 3 §1.5.2), both directions.

Parsing is strict on purpose: the specification lists exactly what makes such a request invalid (no
boundary, a first part that is not the application/json statements, parts without X-Experience-API-Hash or
without binary transfer encoding), and each of those is a 400, never a guess.
"""

from __future__ import annotations

import hashlib
import re
import secrets

from learningcity.lrs.errors import BadRequest

BOUNDARY_RE = re.compile(r'boundary="?([^";]+)"?', re.IGNORECASE)


def _headers(block: bytes) -> dict[str, str]:
    headers: dict[str, str] = {}
    for line in block.decode("latin-1").split("\r\n"):
        if not line.strip():
            continue
        name, sep, value = line.partition(":")
        if not sep:
            raise BadRequest("A multipart part has a malformed header line.")
        headers[name.strip().lower()] = value.strip()
    return headers


def multipart_parse(body: bytes, content_type: str) -> tuple[bytes, dict[str, tuple[str, bytes]]]:
    """The statements JSON and {sha2: (content type, content)} from a multipart/mixed body."""
    match = BOUNDARY_RE.search(content_type)
    if not match:
        raise BadRequest("multipart/mixed needs a boundary parameter.")
    delimiter = b"--" + match.group(1).strip().encode("latin-1")
    chunks = body.split(delimiter)
    if len(chunks) < 3 or not chunks[-1].startswith(b"--"):
        raise BadRequest("The multipart body does not use the boundary its Content-Type declares.")
    parts = []
    for chunk in chunks[1:-1]:
        chunk = chunk.removeprefix(b"\r\n")
        chunk = chunk.removesuffix(b"\r\n")
        head, sep, content = chunk.partition(b"\r\n\r\n")
        if not sep:
            head, content = (b"", chunk[2:]) if chunk.startswith(b"\r\n") else (chunk, b"")
        parts.append((_headers(head), content))
    first_headers, statements = parts[0]
    if first_headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        raise BadRequest("The first multipart part must be the application/json statements.")
    attachments: dict[str, tuple[str, bytes]] = {}
    for headers, content in parts[1:]:
        sha2 = headers.get("x-experience-api-hash")
        if not sha2:
            raise BadRequest("Every attachment part needs an X-Experience-API-Hash header.")
        if headers.get("content-transfer-encoding", "").lower() != "binary":
            raise BadRequest("Attachment parts must use Content-Transfer-Encoding: binary.")
        if hashlib.sha256(content).hexdigest() != sha2.lower() and not _other_sha2_matches(content, sha2):
            raise BadRequest("An attachment's content does not match its X-Experience-API-Hash.")
        attachments[sha2] = (headers.get("content-type", "application/octet-stream"), content)
    return statements, attachments


def _other_sha2_matches(content: bytes, sha2: str) -> bool:
    sha2 = sha2.lower()
    return any(hashlib.new(name, content).hexdigest() == sha2 for name in ("sha224", "sha384", "sha512"))


def multipart_build(document: bytes, attachments: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    """A multipart/mixed body: the JSON document, then each attachment. Returns (body, content type)."""
    boundary = "xapi-" + secrets.token_hex(12)
    out = [f"--{boundary}\r\nContent-Type: application/json\r\n\r\n".encode(), document, b"\r\n"]
    for sha2, (content_type, content) in attachments.items():
        out.append(
            f"--{boundary}\r\nContent-Type: {content_type}\r\nContent-Transfer-Encoding: binary\r\n"
            f"X-Experience-API-Hash: {sha2}\r\n\r\n".encode()
        )
        out += [content, b"\r\n"]
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out), f'multipart/mixed; boundary="{boundary}"'
