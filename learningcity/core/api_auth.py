"""How API callers prove who they are: a bearer token (`Authorization: Bearer lc_…`) or the browser session.

Session callers must send the CSRF token on unsafe methods, as pages do; token callers need no CSRF because
a browser never attaches a bearer token by itself.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer

from learningcity.core.services import api_token_authenticate


class TokenAuth(HttpBearer):
    openapi_description = "API token created on your account page or with `learningcity token create`."

    def authenticate(self, request: HttpRequest, token: str):
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The signed-in browser session (CSRF checked on unsafe methods)."""

    param_name = "sessionid"

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def authenticate(self, request: HttpRequest, key: str | None):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        return None


API_AUTH = [TokenAuth(), SessionAuth()]


def request_actor(request: HttpRequest):
    """Who is asking, on endpoints that anyone may read: the bearer token's user when one is sent, else the
    session's user (or AnonymousUser). Lets a provider's script read its own drafts with its token."""
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        user = api_token_authenticate(header[7:].strip())
        if user is not None:
            return user
    return getattr(request, "user", None)
