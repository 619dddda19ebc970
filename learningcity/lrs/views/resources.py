"""The About, Activities and Agents resources."""

from __future__ import annotations

from django.http import HttpResponse

from learningcity.lrs import scopes as scope_rules
from learningcity.lrs.errors import BadRequest, Forbidden
from learningcity.lrs.selectors import activity_get, agent_person
from learningcity.lrs.validation import check_actor
from learningcity.lrs.validation.values import is_iri
from learningcity.lrs.views.http import XRequest, json_response, xapi_endpoint

SUPPORTED_VERSIONS = ["1.0.3", "2.0.0"]


def _method_not_allowed() -> HttpResponse:
    return json_response({"error": True, "message": "Method not allowed."}, status=405)


def _about(request: XRequest) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        return _method_not_allowed()
    return json_response({"version": SUPPORTED_VERSIONS, "extensions": {}})


def _require_read(request: XRequest) -> None:
    if not scope_rules.can_read_resources(request.client.scopes):
        raise Forbidden("These credentials may not read this resource.")


def _activities(request: XRequest) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        return _method_not_allowed()
    request.only({"activityId"})
    activity_id = request.require("activityId")
    if not is_iri(activity_id):
        raise BadRequest("activityId must be an IRI.")
    _require_read(request)
    return json_response(activity_get(activity_id=activity_id))


def _agents(request: XRequest) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        return _method_not_allowed()
    request.only({"agent"})
    request.require("agent")
    agent = request.json_param("agent")
    check_actor(agent, "agent")
    _require_read(request)
    return json_response(agent_person(agent=agent))


about_view = xapi_endpoint(_about, authenticate=False)
activities_view = xapi_endpoint(_activities)
agents_view = xapi_endpoint(_agents)
