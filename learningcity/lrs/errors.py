"""The xAPI error vocabulary: one exception per status the specification prescribes.

Services, selectors and parsers raise these; the view layer turns them into responses. Nothing else in the
app chooses a status code, so "400 (never 422)" and "never 500 for bad input" are decided here once.
"""

from __future__ import annotations


class XAPIError(Exception):
    """Base class: `status` is the HTTP status, the message goes into the response body."""

    status = 400

    def __init__(self, message: str = "") -> None:
        super().__init__(message or self.__class__.__doc__ or "")
        self.message = message or (self.__class__.__doc__ or "").strip()


class BadRequest(XAPIError):
    """The request is not valid xAPI."""

    status = 400


class StatementInvalid(BadRequest):
    """The statement is not valid xAPI."""


class Unauthorized(XAPIError):
    """Credentials are missing or wrong."""

    status = 401


class Forbidden(XAPIError):
    """The credentials do not carry the scope this request needs."""

    status = 403


class NotFound(XAPIError):
    """No such resource."""

    status = 404


class Conflict(XAPIError):
    """A different statement with this id is already stored."""

    status = 409


class PreconditionFailed(XAPIError):
    """The document changed since the ETag the client sent."""

    status = 412


class PayloadTooLarge(XAPIError):
    """The request body is larger than this LRS accepts."""

    status = 413
