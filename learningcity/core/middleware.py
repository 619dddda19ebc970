"""Security headers Django 5.2 does not set itself (a strict Content-Security-Policy and Permissions-Policy), and
the refusal of addresses holding the NUL character.

No page uses inline script or style, so the policy needs no 'unsafe-inline'. Map tiles are not fetched from
anywhere: maps draw the city's own boundaries, so img-src stays 'self' (plus data: for Leaflet's icons).
"""

from __future__ import annotations

from typing import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _

from learningcity.core.problems import problem

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), payment=(), usb=(), geolocation=(self)"


class SecureHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class RefuseNulMiddleware:
    """A NUL character in the path or query string is a 400 before any view runs. PostgreSQL cannot store or
    compare text holding it (SQLite can), so without this one rule every filter by a text parameter would be
    a 500 on PostgreSQL only. Request bodies are checked where they are parsed (forms, API schemas, the LRS,
    which is served without this middleware and checks its own parameters)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/xapi/"):  # the LRS answers in xAPI's own error format (lrs.views.http)
            return self.get_response(request)
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            detail = _("The address contains the NUL character (%00). Remove it and try again.")
            if request.path.startswith("/api/"):
                return problem(400, "The request is not valid.", detail, kind="validation")
            return HttpResponseBadRequest(detail, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
