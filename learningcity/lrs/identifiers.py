"""How the LRS names the things statements mention: agents by inverse functional identifier, statement ids
by a 64-bit key, registrations by a 64-bit key. Pure functions, shared by writes, reads and documents.
"""

from __future__ import annotations

import uuid
from typing import Any

IFI_KEYS = ("mbox", "mbox_sha1sum", "openid", "account")


def agent_key(agent: dict[str, Any]) -> str | None:
    """`A|mbox:mailto:x@y` / `G|account:<homePage> <name>`; None for an anonymous group."""
    prefix = "G|" if agent.get("objectType") == "Group" else "A|"
    if "mbox" in agent:
        return f"{prefix}mbox:{agent['mbox']}"
    if "mbox_sha1sum" in agent:
        return f"{prefix}mbox_sha1sum:{agent['mbox_sha1sum'].lower()}"
    if "openid" in agent:
        return f"{prefix}openid:{agent['openid']}"
    account = agent.get("account")
    if isinstance(account, dict):
        return f"{prefix}account:{account.get('homePage')}\x1f{account.get('name')}"
    return None


def person_from_keys(keys: list[str], names: list[str]) -> dict[str, Any]:
    """The xAPI Person object (Agents resource) for the identifiers the LRS knows of one person."""
    person: dict[str, Any] = {"objectType": "Person"}
    if names:
        person["name"] = names
    for key in keys:
        kind, _, value = key[2:].partition(":")
        if kind == "account":
            home, _, name = value.partition("\x1f")
            person.setdefault("account", []).append({"homePage": home, "name": name})
        else:
            person.setdefault(kind, []).append(value)
    return person


def uuid_key(value: uuid.UUID) -> int:
    """The first 8 bytes of a UUID as a signed 64-bit integer: what the narrow lookup indexes hold.
    (Arithmetic on `.int` rather than slicing `.bytes`: this runs several times per stored statement.)"""
    high = value.int >> 64
    return high - (1 << 64) if high >= 1 << 63 else high
