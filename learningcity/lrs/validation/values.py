"""Checks for the value types xAPI defines: IRIs, UUIDs, mailto IRIs, language maps, timestamps, durations.

Each `check_*` returns nothing and raises `StatementInvalid` naming the path of the offending value, so a
client sees which property broke the rule. The patterns are deliberately close to the text of the
specification (xAPI 1.0.3 Part 2 §4, IEEE 9274.1.1 §4.2.7) rather than to what any one client emits.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any

from learningcity.lrs.errors import StatementInvalid

UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
# An absolute IRI: a scheme, a colon, then no whitespace and none of the characters RFC 3987 excludes.
IRI_RE = re.compile(r'^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>"{}|\\^`]+$')
MBOX_RE = re.compile(r"^mailto:[^@\s]+@[^@\s]+$")
SHA1_RE = re.compile(r"^[0-9a-fA-F]{40}$")
SHA2_RE = re.compile(r"^[0-9a-fA-F]{56,128}$")
# RFC 5646: language, optional extlang/script/region/variants/extensions, or a private-use tag.
LANG_RE = re.compile(
    r"^(?:(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"
    r"(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*"
    r"(?:-[xX](?:-[A-Za-z0-9]{1,8})+)?|[xX](?:-[A-Za-z0-9]{1,8})+|i-[A-Za-z]{2,8})$"
)
TIMESTAMP_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?"
    r"(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$"
)
# ISO 8601 durations: PnYnMnDTnHnMnS (any part may be left out, the last may be fractional), or PnW alone.
DURATION_RE = re.compile(
    r"^P(?:\d+(?:[.,]\d+)?W|(?!$)(?:\d+(?:[.,]\d+)?Y)?(?:\d+(?:[.,]\d+)?M)?(?:\d+(?:[.,]\d+)?D)?"
    r"(?:T(?=\d)(?:\d+(?:[.,]\d+)?H)?(?:\d+(?:[.,]\d+)?M)?(?:\d+(?:[.,]\d+)?S)?)?)$"
)
SECONDS_RE = re.compile(r"(\d+)[.,](\d+)S$")
MEDIA_TYPE_RE = re.compile(r"^[A-Za-z0-9!#$&^_.+\-]+/[A-Za-z0-9!#$&^_.+\-]+(?:\s*;.*)?$")


def fail(path: str, what: str) -> None:
    raise StatementInvalid(f"{path}: {what}")


def check_object(value: Any, path: str) -> dict:
    if not isinstance(value, dict):
        fail(path, "must be a JSON object")
    return value


def check_keys(value: dict, path: str, allowed: frozenset[str], required: tuple[str, ...] = ()) -> None:
    extra = value.keys() - allowed
    if extra:
        fail(path, f"unknown properties {sorted(extra)}")
    for key in required:
        if key not in value:
            fail(path, f"'{key}' is required")


def check_string(value: Any, path: str) -> str:
    if not isinstance(value, str):
        fail(path, "must be a string")
    return value


def check_bool(value: Any, path: str) -> None:
    if not isinstance(value, bool):
        fail(path, "must be true or false")


def check_number(value: Any, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        fail(path, "must be a number")
    return value


def check_uuid(value: Any, path: str) -> str:
    if not isinstance(value, str) or not UUID_RE.match(value):
        fail(path, "must be a UUID in its standard string form")
    return value


def is_uuid(value: Any) -> bool:
    return isinstance(value, str) and bool(UUID_RE.match(value))


# Identifiers (IRIs, mailto IRIs, account names, document ids) are indexed; PostgreSQL refuses index entries
# over ~2.7 kB, and an agent key holds two of them. 1,200 bytes is far beyond any real identifier.
MAX_IDENTIFIER_BYTES = 1200


def check_identifier_size(value: str, path: str) -> str:
    if len(value) > MAX_IDENTIFIER_BYTES // 4 and len(value.encode("utf-8")) > MAX_IDENTIFIER_BYTES:
        fail(path, f"is longer than {MAX_IDENTIFIER_BYTES} bytes")
    return value


def check_iri(value: Any, path: str) -> str:
    if not isinstance(value, str) or not IRI_RE.match(value):
        fail(path, "must be an absolute IRI")
    return check_identifier_size(value, path)


def is_iri(value: Any) -> bool:
    return (
        isinstance(value, str) and bool(IRI_RE.match(value)) and len(value.encode()) <= MAX_IDENTIFIER_BYTES
    )


def check_mbox(value: Any, path: str) -> None:
    if not isinstance(value, str) or not MBOX_RE.match(value):
        fail(path, "must be a mailto IRI")
    check_identifier_size(value, path)


def check_sha1(value: Any, path: str) -> None:
    if not isinstance(value, str) or not SHA1_RE.match(value):
        fail(path, "must be a hex-encoded SHA-1 hash")


def check_language_tag(value: Any, path: str) -> None:
    if not isinstance(value, str) or not LANG_RE.match(value):
        fail(path, "must be an RFC 5646 language tag")


def check_language_map(value: Any, path: str) -> None:
    check_object(value, path)
    for tag, text in value.items():
        check_language_tag(tag, f"{path} key")
        check_string(text, f"{path}.{tag}")


def check_extensions(value: Any, path: str) -> None:
    # Extension values may be any JSON, null and empty objects included (xAPI 1.0.3 Data 4.1).
    check_object(value, path)
    for key in value:
        check_iri(key, f"{path} key")


def check_duration(value: Any, path: str) -> None:
    if not isinstance(value, str) or not DURATION_RE.match(value):
        fail(path, "must be an ISO 8601 duration")


def duration_truncated(value: str) -> str:
    """A duration with seconds cut (not rounded) to hundredths: xAPI 2.0 compares durations at 0.01 s."""
    return SECONDS_RE.sub(lambda m: f"{m.group(1)}.{m.group(2)[:2]}S", value)


def comparable_durations(statement: dict) -> dict:
    """`statement` with result durations (its own and a sub-statement's) truncated for comparison."""
    for holder in (statement, statement.get("object") if isinstance(statement.get("object"), dict) else None):
        result = holder.get("result") if holder else None
        if isinstance(result, dict) and isinstance(result.get("duration"), str):
            result["duration"] = duration_truncated(result["duration"])
    return statement


def check_media_type(value: Any, path: str) -> None:
    if not isinstance(value, str) or not MEDIA_TYPE_RE.match(value):
        fail(path, "must be an Internet media type")


def parse_timestamp(value: Any, path: str = "timestamp") -> datetime:
    """An aware datetime from an ISO 8601 / RFC 3339 timestamp; naive times are taken as UTC.

    The "unknown local offset" forms (-00, -0000, -00:00) are refused as the specification requires.
    """
    match = TIMESTAMP_RE.match(value) if isinstance(value, str) else None
    if not match:
        fail(path, "must be an ISO 8601 timestamp")
    year, month, day, hour, minute, second, fraction, zulu, sign, off_h, off_m = match.groups()
    if sign == "-" and int(off_h) == 0 and int(off_m or 0) == 0:
        fail(path, "must not use a negative zero offset")
    try:
        micro = int((fraction or "0")[:6].ljust(6, "0"))
        offset = timezone.utc
        if sign:
            delta = timedelta(hours=int(off_h), minutes=int(off_m or 0))
            offset = timezone(-delta if sign == "-" else delta)
        return datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second or 0), micro, tzinfo=offset
        )
    except ValueError:
        fail(path, "is not a valid date and time")
    raise AssertionError("unreachable")


def format_timestamp(moment: datetime) -> str:
    """The LRS's own timestamp form: UTC, microseconds, 'Z' (RFC 3339, keeps more than milliseconds)."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

