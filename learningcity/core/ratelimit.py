"""Failed sign-in limiting, shared by every server process through the database cache.

`LEARNINGCITY_LOGIN_RATE` ("10/5m") allows that many failures per account and per address within the window;
after that, sign-in is refused until the window passes, even with the right password. Behind reverse proxies
(`LEARNINGCITY_PROXY_HOPS`), the address is the one the nearest proxy saw, not the proxy's own (else one
person's typos would lock the whole city out) and not one the client wrote into X-Forwarded-For itself.
"""

from __future__ import annotations

import hashlib
import re

from django.conf import settings
from django.core.cache import cache

_UNITS = {"s": 1, "m": 60, "h": 3600}


def _parse(rate: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d+)/(\d*)([smh])", rate.strip())
    if not match:
        raise ValueError(f"LEARNINGCITY_LOGIN_RATE must look like 10/5m, not {rate!r}")
    count, amount, unit = match.groups()
    return int(count), int(amount or 1) * _UNITS[unit]


def client_address(request) -> str:
    """The client's address: the connection's, or with N trusted proxies the Nth entry of X-Forwarded-For from
    the right (each proxy appends what it saw; entries further left are the client's own say)."""
    if request is None:
        return ""
    hops = settings.PROXY_HOPS
    if hops > 0:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def _keys(email: str, address: str) -> list[str]:
    digest = lambda s: hashlib.sha256(s.lower().encode()).hexdigest()[:24]  # noqa: E731
    return [f"login-fail:account:{digest(email)}", f"login-fail:address:{digest(address)}"]


def is_blocked(email: str, address: str) -> bool:
    limit, _ = _parse(settings.LOGIN_RATE)
    return any((cache.get(key) or 0) >= limit for key in _keys(email, address))


def record_failure(email: str, address: str) -> None:
    _, window = _parse(settings.LOGIN_RATE)
    for key in _keys(email, address):
        if not cache.add(key, 1, timeout=window):
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, timeout=window)


def clear(email: str, address: str) -> None:
    """After a successful sign-in: the account's count starts again. The address's count does not: otherwise
    one could guess at other people's accounts, sign in to one's own, and guess again."""
    cache.delete(_keys(email, address)[0])
