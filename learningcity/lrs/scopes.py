"""The xAPI authorisation scopes a client can hold, and what each allows (xAPI 1.0.3 Part 3 §4.2)."""

from __future__ import annotations

from typing import Iterable

STATEMENTS_WRITE = "statements/write"
STATEMENTS_READ = "statements/read"
STATEMENTS_READ_MINE = "statements/read/mine"
ALL_READ = "all/read"
ALL = "all"
STATE = "state"
DEFINE = "define"
PROFILE = "profile"

SCOPES = (STATEMENTS_WRITE, STATEMENTS_READ, STATEMENTS_READ_MINE, ALL_READ, ALL, STATE, DEFINE, PROFILE)
DEFAULT_SCOPES = (STATEMENTS_WRITE, STATEMENTS_READ_MINE)  # what the specification grants when none is asked


def normalise(scopes: Iterable[str]) -> list[str]:
    """Validated, de-duplicated scopes in canonical order; raises ValueError on an unknown one."""
    wanted = {scope.strip() for scope in scopes if scope.strip()}
    unknown = wanted - set(SCOPES)
    if unknown:
        raise ValueError(f"Unknown scope(s): {', '.join(sorted(unknown))}. Known: {', '.join(SCOPES)}.")
    return [scope for scope in SCOPES if scope in wanted]


def can_write_statements(scopes: Iterable[str]) -> bool:
    return bool({STATEMENTS_WRITE, ALL} & set(scopes))


def statement_read_mode(scopes: Iterable[str]) -> str | None:
    """'all' (every statement), 'mine' (only those this client stored) or None (no statement reads)."""
    held = set(scopes)
    if {STATEMENTS_READ, ALL_READ, ALL} & held:
        return "all"
    if STATEMENTS_READ_MINE in held:
        return "mine"
    return None


def can_define(scopes: Iterable[str]) -> bool:
    return bool({DEFINE, ALL} & set(scopes))


def can_use_documents(scopes: Iterable[str], *, kind: str, write: bool) -> bool:
    """`kind` is 'state' or 'profile' (activity and agent profiles)."""
    held = set(scopes)
    if ALL in held or kind in held:
        return True
    return not write and ALL_READ in held


def can_read_resources(scopes: Iterable[str]) -> bool:
    """The Activities and Agents resources: any read-capable scope."""
    return bool(set(scopes) & {STATEMENTS_READ, STATEMENTS_READ_MINE, ALL_READ, ALL, STATE, DEFINE, PROFILE})
