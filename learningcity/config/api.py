"""The JSON API at /api/v1/: one Ninja instance, one router per app, one error shape (RFC 9457)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError as DjangoValidationError
from django.http import Http404
from ninja.renderers import JSONRenderer
from ninja.errors import AuthenticationError, HttpError, ValidationError as NinjaValidationError

from learningcity.core import problems

class UnicodeJSONRenderer(JSONRenderer):
    """Korean stays readable in responses (UTF-8), not \\uXXXX escapes."""

    json_dumps_params = {"ensure_ascii": False}


api = problems.ProblemAPI(
    renderer=UnicodeJSONRenderer(),
    title="Learning City API",
    version="1",
    description=(
        "Read the city's learning catalogue, geography and open data; write with an API token and the right "
        "role. Errors are RFC 9457 problem details. The xAPI Learning Record Store lives at /xapi/ and follows "
        "the xAPI specification instead."
    ),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


@api.exception_handler(NinjaValidationError)
def _invalid(request, exc: NinjaValidationError):
    errors = []
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path", "payload")]
        errors.append({"field": ".".join(loc), "message": error.get("msg", "invalid")})
    detail = "; ".join(f"{e['field']}: {e['message']}" if e["field"] else e["message"] for e in errors)
    return problems.problem(400, "The request is not valid.", detail, kind="validation", errors=errors)


@api.exception_handler(DjangoValidationError)
def _invalid_domain(request, exc: DjangoValidationError):
    return problems.validation_problem(request, exc)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc: PermissionDenied):
    return problems.problem(403, "Forbidden.", str(exc) or "You do not have permission to do this.", kind="forbidden")


@api.exception_handler(AuthenticationError)
def _unauthorised(request, exc):
    response = problems.problem(
        401, "Sign-in required.", "Send 'Authorization: Bearer <API token>' or sign in.", kind="unauthorised"
    )
    response["WWW-Authenticate"] = 'Bearer realm="learningcity"'
    return response


@api.exception_handler(Http404)
def _not_found(request, exc):
    return problems.problem(404, "Not found.", str(exc) or "There is nothing at this address.", kind="not-found")


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return problems.problem(exc.status_code, str(exc.message) if hasattr(exc, "message") else str(exc))


def _register_routers() -> None:
    # Each app owns its router; importing here keeps the list of API areas in one visible place.
    from learningcity.catalogue.api import router as catalogue_router
    from learningcity.core.api import router as core_router

    api.add_router("/", core_router)
    api.add_router("/", catalogue_router)
    for module in (
        "learningcity.search.api",
        "learningcity.exchange.api",
        "learningcity.learners.api",
        "learningcity.credentials.api",
        "learningcity.monitoring.api",
    ):
        try:
            router = __import__(module, fromlist=["router"]).router
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            continue
        api.add_router("/", router)


_register_routers()
