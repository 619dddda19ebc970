"""What every xAPI resource shares: a request parsed once into `XRequest`, and the response rules.

Views are plain Django functions, CSRF-exempt (clients authenticate with HTTP Basic on every request, no
cookies are involved) and wrapped by `xapi_endpoint`, which:

- answers CORS preflights and adds CORS headers to every response, so browser-based tools can report;
- unwraps the alternate request syntax (`POST ...?method=PUT` with headers and content as form fields),
  required by xAPI 1.0.3 and refused under 2.0, which removed it;
- checks `X-Experience-API-Version` (1.0.x or 2.0.x; missing or other is 400) and authenticates the client;
- turns every `XAPIError` into its status with a JSON body. Nothing else is caught: every kind of bad input
  raises an `XAPIError` on purpose (the fuzz test in tests/test_api.py holds us to it), so anything else is
  a bug and surfaces as a logged 500 instead of being disguised as a client error.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field
from functools import wraps
from typing import Callable
from urllib.parse import parse_qsl

import orjson
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from learningcity.core.api_types import holds_nul
from learningcity.lrs.errors import BadRequest, PayloadTooLarge, Unauthorized, XAPIError
from learningcity.lrs.models import Client
from learningcity.lrs.services.clients import client_authenticate


MAX_BODY = 32 * 1024 * 1024
VERSION_RE = re.compile(r"^(1\.0|2\.0)(\.\d+)?$")
HEADER_FIELDS = {
    "authorization",
    "x-experience-api-version",
    "content-type",
    "content-length",
    "if-match",
    "if-none-match",
}
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "HEAD, GET, POST, PUT, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type, Content-Length, Authorization, X-Experience-API-Version, "
    "If-Match, If-None-Match, Accept-Language",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Content-Type, X-Experience-API-Version, "
    "X-Experience-API-Consistent-Through",
}


@dataclass
class XRequest:
    """One xAPI request after the alternate syntax is unwrapped: the method, parameters, headers, body."""

    method: str
    params: dict[str, str]
    headers: dict[str, str]  # lower-case names
    body: bytes
    version: str = "1.0.3"
    client: Client | None = None
    extra: dict = field(default_factory=dict)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    @property
    def media_type(self) -> str:
        return self.content_type.split(";")[0].strip().lower()

    @property
    def is_v2(self) -> bool:
        return self.version.startswith("2")

    def only(self, allowed: set[str]) -> None:
        unknown = set(self.params) - allowed
        if unknown:
            raise BadRequest(f"Unknown parameter(s): {', '.join(sorted(unknown))}.")

    def require(self, name: str) -> str:
        if name not in self.params:
            raise BadRequest(f"The {name} parameter is required.")
        return self.params[name]

    def json_param(self, name: str) -> object:
        try:
            value = orjson.loads(self.params[name])
        except orjson.JSONDecodeError:
            raise BadRequest(f"The {name} parameter is not valid JSON.") from None
        if holds_nul(value):
            raise BadRequest(f"The {name} parameter cannot contain the NUL character (\\u0000).")
        return value


def _query_params(raw: str) -> dict[str, str]:
    params: dict[str, str] = {}
    try:
        pairs = parse_qsl(raw, keep_blank_values=True, strict_parsing=False, errors="strict")
    except UnicodeDecodeError:
        raise BadRequest("Parameters must be UTF-8.") from None
    for name, value in pairs:
        if "\x00" in name or "\x00" in value:
            raise BadRequest("Parameters cannot contain the NUL character (%00).")
        if name in params:
            raise BadRequest(f"The {name} parameter is given more than once.")
        params[name] = value
    return params


def _read_body(request: HttpRequest) -> bytes:
    length = request.META.get("CONTENT_LENGTH") or "0"
    try:
        size = int(length)
    except ValueError:
        raise BadRequest("Content-Length is not a number.") from None
    if size > MAX_BODY:
        raise PayloadTooLarge(f"Bodies are limited to {MAX_BODY // (1024 * 1024)} MiB.")
    return request.read(size) if size else request.read()


def parse_request(request: HttpRequest) -> XRequest:
    headers = {name.lower(): value for name, value in request.headers.items()}
    params = _query_params(request.META.get("QUERY_STRING", ""))
    body = _read_body(request)
    method = request.method.upper()
    if "method" in params:
        return _alternate(method, params, headers, body)
    return XRequest(method=method, params=params, headers=headers, body=body)


def _alternate(method: str, params: dict[str, str], headers: dict[str, str], body: bytes) -> XRequest:
    """xAPI 1.0.3 Part 3 §1.3: POST ?method=X with headers, parameters and content as form fields."""
    if method != "POST":
        raise BadRequest("The alternate request syntax is only used with POST.")
    if len(params) != 1:
        raise BadRequest("With the alternate request syntax, method is the only query parameter.")
    target = params["method"].upper()
    if target not in ("GET", "HEAD", "PUT", "POST", "DELETE"):
        raise BadRequest("Unknown method for the alternate request syntax.")
    if headers.get("content-type", "").split(";")[0].strip().lower() != "application/x-www-form-urlencoded":
        raise BadRequest("The alternate request syntax needs an application/x-www-form-urlencoded body.")
    try:
        form = _query_params(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise BadRequest("The form body is not UTF-8.") from None
    inner_headers = {
        name: value for name, value in headers.items() if name not in ("content-type", "content-length")
    }
    inner_params: dict[str, str] = {}
    content = b""
    for name, value in form.items():
        lowered = name.lower()
        if lowered in HEADER_FIELDS:
            inner_headers[lowered] = value
        elif name == "content":
            content = value.encode("utf-8")
        else:
            inner_params[name] = value
    if target in ("PUT", "POST") and "content" not in form:
        raise BadRequest("The alternate request syntax sends the body as the content form field.")
    if content and "content-type" not in inner_headers:
        inner_headers["content-type"] = "application/json"
    request = XRequest(method=target, params=inner_params, headers=inner_headers, body=content)
    request.extra["alternate"] = True
    return request


def _check_version(request: XRequest) -> None:
    value = request.headers.get("x-experience-api-version")
    if value is None:
        raise BadRequest("The X-Experience-API-Version header is required.")
    if not VERSION_RE.match(value.strip()):
        request.extra["bad_version"] = True
        raise BadRequest(f"X-Experience-API-Version {value!r} is not supported (1.0.x or 2.0.x).")
    request.version = "2.0.0" if value.strip().startswith("2") else "1.0.3"
    if request.is_v2 and request.extra.get("alternate"):
        raise BadRequest("xAPI 2.0 removed the alternate request syntax.")


def _authenticate(request: XRequest) -> None:
    header = request.headers.get("authorization", "")
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic" or not encoded:
        raise Unauthorized("HTTP Basic credentials are required.")
    try:
        key, _, secret = base64.b64decode(encoded.strip(), validate=True).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        raise Unauthorized("Malformed Basic credentials.") from None
    request.client = client_authenticate(key=key, secret=secret)


def version_header(request: XRequest | None) -> str:
    if request is None:
        return "2.0.0"
    if "x-experience-api-version" not in request.headers or request.extra.get("bad_version"):
        return request.client.xapi_version if request.client is not None else "2.0.0"
    return "2.0.0" if request.is_v2 else "1.0.3"


def json_response(data: object, status: int = 200, **headers: str) -> HttpResponse:
    response = HttpResponse(orjson.dumps(data), status=status, content_type="application/json")
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def error_response(error: XAPIError) -> HttpResponse:
    response = json_response(
        {"error": True, "message": error.message, "code": error.status}, status=error.status
    )
    if error.status == 401:
        response["WWW-Authenticate"] = 'Basic realm="xAPI"'
    return response


def _finish(response: HttpResponse, request: XRequest | None) -> HttpResponse:
    response["X-Experience-API-Version"] = version_header(request)
    # The lean /xapi/ handler has no CommonMiddleware: say the length, or servers fall back to chunking.
    if not response.streaming and "Content-Length" not in response:
        response["Content-Length"] = str(len(response.content))
    for name, value in CORS_HEADERS.items():
        response[name] = value
    return response


Handler = Callable[[XRequest], HttpResponse]


def xapi_endpoint(
    handler: Handler, *, authenticate: bool = True, always: Callable[[XRequest | None], dict] | None = None
):
    """Wrap a resource handler with the shared request and response rules.

    `always(request)` gives headers a response carries whatever its status (statements:
    X-Experience-API-Consistent-Through on reads).
    """

    @csrf_exempt
    @wraps(handler)
    def view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "OPTIONS":
            return _finish(HttpResponse(status=200), None)
        xrequest: XRequest | None = None
        try:
            xrequest = parse_request(request)
            if authenticate:
                # Credentials first: a request that names no version is answered in its client's version.
                _authenticate(xrequest)
                _check_version(xrequest)
            elif "x-experience-api-version" in xrequest.headers:
                try:
                    _check_version(xrequest)
                except BadRequest:
                    xrequest.version = "1.0.3"
            response = handler(xrequest)
            if xrequest.method == "HEAD":
                response.content = b""
        except XAPIError as error:
            response = error_response(error)
        if always is not None:
            for name, value in always(xrequest).items():
                response[name] = value
        return _finish(response, xrequest)

    return view
