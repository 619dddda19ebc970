"""The Statement resource: PUT and POST store, GET reads one statement or a filtered, paged result."""

from __future__ import annotations

from typing import Any

import orjson
from django.core import signing
from django.http import HttpResponse
from django.urls import reverse
from django.utils.http import http_date

from learningcity.core.api_types import holds_nul
from learningcity.lrs import scopes as scope_rules
from learningcity.lrs.errors import BadRequest, Forbidden
from learningcity.lrs.formats import FORMATS, statement_format
from learningcity.lrs.selectors import statements as reads
from learningcity.lrs.services.statements import statements_store
from learningcity.lrs.validation import check_actor
from learningcity.lrs.validation.values import is_iri, is_uuid, parse_timestamp
from learningcity.lrs.views.http import XRequest, json_response, xapi_endpoint
from learningcity.lrs.views.multipart import multipart_build, multipart_parse

FILTERS = {
    "agent",
    "verb",
    "activity",
    "registration",
    "related_activities",
    "related_agents",
    "since",
    "until",
    "limit",
    "ascending",
}
SINGLE = {"statementId", "voidedStatementId"}
GET_PARAMS = FILTERS | SINGLE | {"format", "attachments", "more"}
MORE_SALT = "lrs.statements.more"


def _statements_in(request: XRequest) -> tuple[list[Any], dict[str, tuple[str, bytes]] | None]:
    media = request.media_type
    if media == "multipart/mixed":
        document, attachments = multipart_parse(request.body, request.content_type)
    elif media == "application/json" or (not media and request.body):
        document, attachments = request.body, None
    else:
        raise BadRequest("Statements are sent as application/json or multipart/mixed.")
    try:
        data = orjson.loads(document)
    except orjson.JSONDecodeError:
        raise BadRequest("The body is not valid JSON.") from None
    # JSON can only spell NUL as an escape, so the full check runs only when the escape is in the bytes.
    if b"\\u0000" in document and holds_nul(data):
        raise BadRequest("Statements cannot contain the NUL character (\\u0000).")
    if isinstance(data, list):
        if not data:
            raise BadRequest("The batch is empty.")
        return data, attachments
    return [data], attachments


def _put(request: XRequest) -> HttpResponse:
    request.only({"statementId"})
    statement_id = request.require("statementId")
    if not is_uuid(statement_id):
        raise BadRequest("statementId must be a UUID.")
    statements, attachments = _statements_in(request)
    if len(statements) != 1 or not isinstance(statements[0], dict):
        raise BadRequest("PUT takes exactly one statement object.")
    statements_store(
        statements=statements,
        client=request.client,
        version=request.version,
        attachments=attachments,
        statement_id=statement_id,
    )
    return HttpResponse(status=204)


def _post(request: XRequest) -> HttpResponse:
    request.only(set())
    statements, attachments = _statements_in(request)
    ids = statements_store(
        statements=statements, client=request.client, version=request.version, attachments=attachments
    )
    return json_response(ids)


def _bool(request: XRequest, name: str) -> bool:
    value = request.params.get(name, "false").lower()
    if value not in ("true", "false"):
        raise BadRequest(f"{name} must be true or false.")
    return value == "true"


def _query_from_params(request: XRequest) -> reads.StatementQuery:
    params = request.params
    query = reads.StatementQuery()
    if "agent" in params:
        agent = request.json_param("agent")
        check_actor(agent, "agent")
        query.agent = agent
    if "verb" in params:
        if not is_iri(params["verb"]):
            raise BadRequest("verb must be an IRI.")
        query.verb = params["verb"]
    if "activity" in params:
        if not is_iri(params["activity"]):
            raise BadRequest("activity must be an IRI.")
        query.activity = params["activity"]
    if "registration" in params:
        if not is_uuid(params["registration"]):
            raise BadRequest("registration must be a UUID.")
        query.registration = params["registration"]
    query.related_agents = _bool(request, "related_agents")
    query.related_activities = _bool(request, "related_activities")
    query.ascending = _bool(request, "ascending")
    for name in ("since", "until"):
        if name in params:
            moment = parse_timestamp(params[name], name)
            setattr(query, f"{name}_us", int(moment.timestamp() * 1_000_000))
    if "limit" in params:
        if not (params["limit"].isascii() and params["limit"].isdigit()):
            raise BadRequest("limit must be a non-negative integer.")
        query.limit = int(params["limit"])
    return query


def _statement_attachments(statements: list[dict]) -> list[str]:
    seen: dict[str, None] = {}
    for statement in statements:
        found = list(statement.get("attachments", ()))
        if statement["object"].get("objectType") == "SubStatement":
            found += statement["object"].get("attachments", ())
        for attachment in found:
            seen.setdefault(attachment["sha2"], None)
    return list(seen)


def _respond(
    document: bytes, parsed: list[dict] | None, payloads: list[str], attachments: bool, **headers: str
) -> HttpResponse:
    if attachments:
        statements = parsed if parsed is not None else [orjson.loads(p) for p in payloads]
        body, content_type = multipart_build(
            document, reads.attachments_get(_statement_attachments(statements))
        )
        response = HttpResponse(body, content_type=content_type)
    else:
        response = HttpResponse(document, content_type="application/json")
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _get(request: XRequest) -> HttpResponse:
    request.only(GET_PARAMS)
    mode = scope_rules.statement_read_mode(request.client.scopes)
    if mode is None:
        raise Forbidden("These credentials may not read statements.")
    if "more" in request.params:
        return _get_more(request, mode)
    fmt = request.params.get("format", "exact")
    if fmt not in FORMATS:
        raise BadRequest("format must be ids, exact or canonical.")
    attachments = _bool(request, "attachments")
    accept_language = request.headers.get("accept-language", "")
    single = SINGLE & set(request.params)
    if single:
        if len(single) > 1 or set(request.params) - single - {"format", "attachments"}:
            raise BadRequest("statementId and voidedStatementId go only with format and attachments.")
        name = single.pop()
        if not is_uuid(request.params[name]):
            raise BadRequest(f"{name} must be a UUID.")
        payload = reads.statement_get(statement_id=request.params[name], voided=name == "voidedStatementId")
        statement = orjson.loads(payload)
        if mode == "mine" and statement.get("authority") != request.client.authority:
            raise Forbidden("These credentials may only read statements they stored.")
        shaped = statement_format(statement, fmt, accept_language=accept_language)
        document = payload.encode() if fmt == "exact" else orjson.dumps(shaped)
        return _respond(
            document,
            [statement],
            [],
            attachments,
            Last_Modified=http_date(parse_timestamp(statement["stored"]).timestamp()),
        )
    query = _query_from_params(request)
    if mode == "mine":
        query.mine = request.client.authority
    return _page(query, fmt, attachments, accept_language)


def _get_more(request: XRequest, mode: str) -> HttpResponse:
    if len(request.params) != 1:
        raise BadRequest("more goes alone.")
    try:
        token = signing.loads(request.params["more"], salt=MORE_SALT)
        fmt, attachments, accept_language = token.pop("_fmt"), token.pop("_att"), token.pop("_lang")
        query = reads.StatementQuery(**token)
    except (signing.BadSignature, KeyError, TypeError):
        raise BadRequest("The more link is not valid.") from None
    if mode == "mine":
        query.mine = request.client.authority
    return _page(query, fmt, attachments, accept_language)


def _page(query: reads.StatementQuery, fmt: str, attachments: bool, accept_language: str) -> HttpResponse:
    payloads, following = reads.statements_query(query)
    more = ""
    if following is not None:
        token = {**following.token(), "_fmt": fmt, "_att": attachments, "_lang": accept_language}
        more = reverse("lrs:statements") + "?more=" + signing.dumps(token, salt=MORE_SALT, compress=True)
    parsed = None
    if fmt == "exact":
        document = b'{"statements":[' + ",".join(payloads).encode() + b'],"more":' + orjson.dumps(more) + b"}"
    else:
        parsed = [orjson.loads(payload) for payload in payloads]
        shaped = [
            statement_format(orjson.loads(payload), fmt, accept_language=accept_language)
            for payload in payloads
        ]
        document = orjson.dumps({"statements": shaped, "more": more})
    return _respond(document, parsed, payloads, attachments)


def _dispatch(request: XRequest) -> HttpResponse:
    if request.method in ("GET", "HEAD"):
        return _get(request)
    if request.method == "PUT":
        return _put(request)
    if request.method == "POST":
        return _post(request)
    return json_response({"error": True, "message": "Method not allowed."}, status=405)


def _consistent_through(request: XRequest | None) -> dict[str, str]:
    # Reads must carry it whatever their status; writes do not need the extra query.
    if request is not None and request.method not in ("GET", "HEAD"):
        return {}
    return {"X-Experience-API-Consistent-Through": reads.consistent_through()}


statements_view = xapi_endpoint(_dispatch, always=_consistent_through)
