"""RFC 9457 problem details: the one error shape of the JSON API (xAPI keeps its own rules).

Services raise Django's `ValidationError` (with a message per field where they can) or `PermissionDenied`;
`learningcity.config.api` turns those, and the API's own parsing errors, into problem responses here.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, JsonResponse
from ninja import NinjaAPI, Schema

PROBLEM_BASE = "https://learningcity.example/problems/"
CONTENT_TYPE = "application/problem+json"


class FieldError(Schema):
    field: str
    message: str


class Problem(Schema):
    """The documented shape of every error response (RFC 9457); validation errors add `errors`."""

    type: str
    title: str
    status: int
    detail: str | None = None
    errors: list[FieldError] | None = None


# Responses endpoints may give besides success (for OpenAPI): reads of one record, and writes.
READ_ERRORS = {400: Problem, 404: Problem}
WRITE_ERRORS = {400: Problem, 401: Problem, 403: Problem, 404: Problem}


class ProblemAPI(NinjaAPI):
    """A NinjaAPI whose OpenAPI document says what is really sent: error responses (4xx, 5xx) are
    `application/problem+json`, not the renderer's `application/json` (checked by schemathesis)."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, response in (operation.get("responses") or {}).items():
                    content = response.get("content") or {}
                    if int(status) >= 400 and self.renderer.media_type in content:
                        content[CONTENT_TYPE] = content.pop(self.renderer.media_type)
        return schema


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


def validation_problem(request: HttpRequest | None, exc: ValidationError,
                       rename: dict[str, str] | None = None) -> JsonResponse:
    """400 with one {field, message} per problem; `rename` maps service field names to the API's."""
    errors = field_errors(exc)
    for e in errors:
        e["field"] = (rename or {}).get(e["field"], e["field"])
    detail = "; ".join(f"{e['field']}: {e['message']}" if e["field"] else e["message"] for e in errors)
    return problem(400, "The request is not valid.", detail, kind="validation", errors=errors)
