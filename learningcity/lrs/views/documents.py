"""The document resources: activity state, activity profile and agent profile."""

from __future__ import annotations

from typing import Callable

import orjson
from django.http import HttpResponse
from django.utils.http import http_date

from learningcity.lrs.errors import BadRequest, NotFound
from learningcity.lrs.identifiers import agent_key
from learningcity.lrs.models import Document
from learningcity.lrs.selectors import document_get, document_ids
from learningcity.lrs.services import document_delete, document_write
from learningcity.lrs.services.documents import DocumentAddress
from learningcity.lrs.validation import check_actor
from learningcity.lrs.validation.values import check_identifier_size, is_iri, is_uuid, parse_timestamp
from learningcity.lrs.views.http import XRequest, json_response, xapi_endpoint

Kind = Document.Kind


def _agent(request: XRequest) -> str:
    agent = request.json_param("agent") if "agent" in request.params else None
    if agent is None:
        raise BadRequest("The agent parameter is required.")
    check_actor(agent, "agent")
    return agent_key(agent) or ""


def _activity(request: XRequest) -> str:
    activity_id = request.require("activityId")
    if not is_iri(activity_id):
        raise BadRequest("activityId must be an IRI.")
    return activity_id


def _state_address(request: XRequest) -> tuple[DocumentAddress, str | None]:
    request.only({"activityId", "agent", "registration", "stateId", "since"})
    registration = request.params.get("registration", "")
    if registration and not is_uuid(registration):
        raise BadRequest("registration must be a UUID.")
    address = DocumentAddress(
        Kind.STATE,
        activity_iri=_activity(request),
        agent_ifi=_agent(request),
        registration=registration.lower(),
    )
    return address, request.params.get("stateId")


def _activity_profile_address(request: XRequest) -> tuple[DocumentAddress, str | None]:
    request.only({"activityId", "profileId", "since"})
    return DocumentAddress(Kind.ACTIVITY_PROFILE, activity_iri=_activity(request)), request.params.get(
        "profileId"
    )


def _agent_profile_address(request: XRequest) -> tuple[DocumentAddress, str | None]:
    request.only({"agent", "profileId", "since"})
    return DocumentAddress(Kind.AGENT_PROFILE, agent_ifi=_agent(request)), request.params.get("profileId")


def _document_handler(addressing: Callable[[XRequest], tuple[DocumentAddress, str | None]], id_name: str):
    def handle(request: XRequest) -> HttpResponse:
        address, document_id = addressing(request)
        if document_id is not None:
            check_identifier_size(document_id, id_name)
        if_match = request.headers.get("if-match")
        if_none_match = request.headers.get("if-none-match")
        if request.method in ("GET", "HEAD"):
            return _get(request, address, document_id)
        if request.method in ("PUT", "POST"):
            if document_id is None:
                raise BadRequest(f"The {id_name} parameter is required.")
            if "since" in request.params:
                raise BadRequest("since is only for listing documents.")
            document_write(
                client=request.client,
                address=address,
                document_id=document_id,
                content=request.body,
                content_type=request.content_type,
                merge=request.method == "POST",
                if_match=if_match,
                if_none_match=if_none_match,
                version=request.version,
            )
            return HttpResponse(status=204)
        if request.method == "DELETE":
            if "since" in request.params:
                raise BadRequest("since is only for listing documents.")
            if document_id is None and address.kind != Kind.STATE:
                raise BadRequest(f"The {id_name} parameter is required.")
            document_delete(
                client=request.client,
                address=address,
                document_id=document_id,
                if_match=if_match,
                if_none_match=if_none_match,
            )
            return HttpResponse(status=204)
        return json_response({"error": True, "message": "Method not allowed."}, status=405)

    return handle


def _get(request: XRequest, address: DocumentAddress, document_id: str | None) -> HttpResponse:
    if document_id is not None:
        if "since" in request.params:
            raise BadRequest("since is only for listing documents.")
        document = document_get(client=request.client, address=address, document_id=document_id)
        if document is None:
            raise NotFound("No such document.")
        response = HttpResponse(bytes(document.content), content_type=document.content_type)
        response["ETag"] = f'"{document.etag}"'
        response["Last-Modified"] = http_date(document.updated.timestamp())
        return response
    since = None
    if "since" in request.params:
        since = parse_timestamp(request.params["since"], "since")
    ids, newest = document_ids(client=request.client, address=address, since=since)
    response = HttpResponse(orjson.dumps(ids), content_type="application/json")
    if newest is not None:
        response["Last-Modified"] = http_date(newest.timestamp())
    return response


state_view = xapi_endpoint(_document_handler(_state_address, "stateId"))
activity_profile_view = xapi_endpoint(_document_handler(_activity_profile_address, "profileId"))
agent_profile_view = xapi_endpoint(_document_handler(_agent_profile_address, "profileId"))
