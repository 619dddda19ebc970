"""RFC 9457 problem details: the one error shape of the JSON API (xAPI keeps its own rules).

Services raise Django's `ValidationError` (with a message per field where they can) or `PermissionDenied`;
`learningcity.config.api` turns those, and the API's own parsing errors, into problem responses here.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, JsonResponse

PROBLEM_BASE = "https://learningcity.example/problems/"
CONTENT_TYPE = "application/problem+json"


def problem(status: int, title: str, detail: str = "", *, kind: str = "", **extra: Any) -> JsonResponse:
    body: dict[str, Any] = {"type": PROBLEM_BASE + (kind or str(status)), "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    return JsonResponse(body, status=status, content_type=CONTENT_TYPE, json_dumps_params={"ensure_ascii": False})


def field_errors(exc: ValidationError) -> list[dict[str, str]]:
    """[{field, message}] from a Django ValidationError, field '' for non-field errors."""
    if hasattr(exc, "error_dict"):
        return [
            {"field": "" if field == "__all__" else field, "message": str(message)}
            for field, errors in exc.error_dict.items()
            for error in errors
            for message in error.messages
        ]
    return [{"field": "", "message": str(message)} for message in exc.messages]


def validation_problem(request: HttpRequest | None, exc: ValidationError) -> JsonResponse:
    errors = field_errors(exc)
    detail = "; ".join(f"{e['field']}: {e['message']}" if e["field"] else e["message"] for e in errors)
    return problem(400, "The request is not valid.", detail, kind="validation", errors=errors)
