"""The HTTP surface, through Django's full request path: status codes the specification prescribes, headers,
the alternate request syntax, multipart attachments, paging, documents and CORS."""

from __future__ import annotations

import hashlib
from urllib.parse import urlencode

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learningcity.lrs.services import client_create
from learningcity.lrs.tests.conftest import XAPI, make_statement, new_id, with_attachment
from learningcity.lrs.views import http as http_module
from learningcity.lrs.views.multipart import multipart_parse

S = "/xapi/statements"


def test_post_get_round_trip_with_headers(xapi):
    response = xapi.post(S, make_statement())
    assert response.status_code == 200
    [sid] = response.json()
    got = xapi.get(S, {"statementId": sid})
    assert got.status_code == 200 and got.json()["id"] == sid
    assert got["X-Experience-API-Version"] == "1.0.3"
    assert got["X-Experience-API-Consistent-Through"].endswith("Z")
    assert got["Last-Modified"]
    assert got["Access-Control-Allow-Origin"] == "*"


def test_put_needs_statement_id_and_returns_204(xapi):
    assert xapi.put(S, make_statement()).status_code == 400
    sid = new_id()
    assert xapi.put(f"{S}?statementId={sid}", make_statement()).status_code == 204
    assert xapi.put(f"{S}?statementId={sid}", make_statement()).status_code == 409


@pytest.mark.parametrize(
    "version,status",
    [("none", 400), ("0.9", 400), ("1.1.0", 400), ("1.0", 200), ("1.0.1", 200), ("2.0.0", 200)],
)
def test_version_header(xapi, version, status):
    assert xapi.get(S, version=version).status_code == status


def test_missing_version_is_answered_in_the_clients_version(db):
    client_create(name="old lms", scopes=["all"], by=None, key="old", secret="pw", xapi_version="1.0.3")
    response = XAPI("old", "pw").get(S, version="none")
    assert response.status_code == 400 and response["X-Experience-API-Version"] == "1.0.3"


def test_auth_failures(db, xapi):
    assert XAPI("tool", "wrong").get(S).status_code == 401
    client_create(name="writer", scopes=["statements/write"], by=None, key="w", secret="pw")
    assert XAPI("w", "pw").get(S).status_code == 403
    response = xapi.http.get(S, HTTP_X_EXPERIENCE_API_VERSION="1.0.3")
    assert response.status_code == 401 and "Basic" in response["WWW-Authenticate"]


def test_unknown_and_conflicting_parameters_are_400(xapi):
    assert xapi.get(S, {"Verb": "http://adlnet.gov/expapi/verbs/attended"}).status_code == 400
    assert xapi.get(S, {"statementId": new_id(), "limit": "1"}).status_code == 400
    assert xapi.get(S, {"agent": "not json"}).status_code == 400
    assert xapi.get(S, {"limit": "²"}).status_code == 400  # a Unicode digit, not a number
    assert xapi.post(f"{S}?statementId={new_id()}", make_statement()).status_code == 400
    response = xapi.get(S, {"since": "yesterday"})
    assert response.status_code == 400 and response["X-Experience-API-Consistent-Through"]


def test_invalid_bodies_are_400_never_500(xapi):
    assert xapi.post(S, b"{not json").status_code == 400
    assert xapi.post(S, b"[]").status_code == 400
    assert xapi.post(S, make_statement(), content_type="text/plain").status_code == 400
    assert xapi.post(S, [make_statement(), 7]).status_code == 400
    assert xapi.post(S, b'{"actor": 123456789012345678901234567890}').status_code == 400


def test_the_nul_character_is_400_on_every_database(xapi):
    # PostgreSQL cannot store or compare text holding NUL, so it is refused up front on both databases alike.
    with_nul = make_statement()
    with_nul["verb"]["display"] = {"en-US": "com\x00pleted"}
    fine = make_statement()
    response = xapi.post(S, [fine, with_nul])
    assert response.status_code == 400 and "NUL" in response.json()["message"]
    kept = xapi.get(S, {"agent": orjson.dumps(fine["actor"]).decode()}).json()["statements"]
    assert kept == []  # nothing of the refused batch was stored
    assert xapi.get("/xapi/agents", {"agent": '{"openid": "https://x.example/\\u0000"}'}).status_code == 400
    refused = xapi.get(S, {"verb": "\x00"})  # the LRS's own answer, not the pages' middleware
    assert refused.status_code == 400 and refused.json()["message"].startswith("Parameters cannot contain")
    state = {"activityId": "https://learning.example/a", "agent": '{"mbox": "mailto:a@example.org"}'}
    assert xapi.get("/xapi/activities/state", state | {"stateId": "s\x00"}).status_code == 400
    escaped = make_statement()  # a backslash followed by u0000 is not NUL
    escaped["verb"]["display"] = {"en-US": "\\u0000"}
    assert xapi.post(S, escaped).status_code == 200


def test_oversized_body_is_413(xapi, monkeypatch):
    monkeypatch.setattr(http_module, "MAX_BODY", 100)
    assert xapi.post(S, make_statement()).status_code == 413


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.recursive(
        st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text(max_size=8),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "actor",
                        "verb",
                        "object",
                        "id",
                        "mbox",
                        "objectType",
                        "result",
                        "context",
                        "definition",
                        "member",
                        "account",
                    ]
                ),
                inner,
                max_size=4,
            )
        ),
        max_leaves=12,
    )
)
def test_arbitrary_json_never_crashes(xapi, body):
    assert xapi.post(S, body).status_code in (200, 400)


def test_alternate_syntax_is_103_only(xapi, xapi2):
    sid = new_id()
    form = urlencode(
        {
            "statementId": sid,
            "content": orjson.dumps(make_statement()).decode(),
            "X-Experience-API-Version": "1.0.3",
            "Authorization": xapi.auth,
        }
    )
    response = xapi.http.post(f"{S}?method=PUT", form, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 204
    assert xapi.get(S, {"statementId": sid}).status_code == 200
    form2 = form.replace("1.0.3", "2.0.0")
    assert (
        xapi2.http.post(
            f"{S}?method=PUT", form2, content_type="application/x-www-form-urlencoded"
        ).status_code
        == 400
    )
    assert xapi.get(f"{S}?method=GET").status_code == 400  # only as POST


def test_attachments_round_trip_as_multipart(xapi):
    content = b"certificate of completion"
    sha2 = hashlib.sha256(content).hexdigest()
    body, content_type = with_attachment(
        make_statement(),
        content,
        content_type="text/plain",
        usage_type="https://learning.example/usage/certificate",
    )
    [sid] = xapi.post(S, body, content_type=content_type).json()
    response = xapi.get(S, {"statementId": sid, "attachments": "true"})
    assert response["Content-Type"].startswith("multipart/mixed")
    document, parts = multipart_parse(response.content, response["Content-Type"])
    assert orjson.loads(document)["id"] == sid and parts[sha2] == ("text/plain", content)


def test_malformed_multipart_is_400(xapi):
    statement = orjson.dumps(make_statement())
    assert xapi.post(S, statement, content_type="multipart/mixed").status_code == 400
    body = (
        b"--b\r\nContent-Type: application/json\r\n\r\n"
        + statement
        + b"\r\n--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--"
    )
    assert xapi.post(S, body, content_type="multipart/mixed; boundary=b").status_code == 400


def test_more_link_pages_through_results(xapi):
    agent = {"mbox": "mailto:pager@example.org"}
    posted = xapi.post(S, [make_statement(actor=agent) for _ in range(5)]).json()
    seen, url = (
        [],
        f"{S}?{urlencode({'agent': orjson.dumps(agent).decode(), 'limit': 2, 'ascending': 'true'})}",
    )
    while url:
        page = xapi.get(url).json()
        seen += [s["id"] for s in page["statements"]]
        url = page["more"]
    assert seen == posted
    assert xapi.get(S, {"more": "tampered"}).status_code == 400


def test_formats(xapi):
    statement = make_statement(
        verb={
            "id": "http://adlnet.gov/expapi/verbs/completed",
            "display": {"en-US": "completed", "ko": "수료함"},
        }
    )
    [sid] = xapi.post(S, statement).json()
    ids = xapi.get(S, {"statementId": sid, "format": "ids"}).json()
    assert ids["verb"] == {"id": statement["verb"]["id"]} and ids["object"] == {
        "id": statement["object"]["id"]
    }
    canonical = xapi.get(
        S, {"statementId": sid, "format": "canonical"}, headers={"Accept-Language": "ko"}
    ).json()
    assert canonical["verb"]["display"] == {"ko": "수료함"}
    assert xapi.get(S, {"statementId": sid, "format": "pretty"}).status_code == 400


def test_state_documents(xapi2):
    params = {
        "activityId": "https://learning.example/a",
        "agent": orjson.dumps({"mbox": "mailto:s@example.org"}).decode(),
        "stateId": "bookmark",
    }
    path = f"/xapi/activities/state?{urlencode(params)}"
    assert xapi2.put(path, {"page": 3}).status_code == 204
    got = xapi2.get(path)
    assert got.json() == {"page": 3} and got["ETag"].startswith('"') and got["Last-Modified"]
    assert xapi2.put(path, {"page": 4}).status_code == 409  # 2.0: overwriting needs a precondition
    assert xapi2.put(path, {"page": 4}, headers={"If-Match": got["ETag"]}).status_code == 204
    assert xapi2.post(path, {"done": True}).status_code == 204
    assert xapi2.get(path).json() == {"page": 4, "done": True}
    listing = {k: v for k, v in params.items() if k != "stateId"}
    assert xapi2.get("/xapi/activities/state", listing).json() == ["bookmark"]
    assert xapi2.delete(f"/xapi/activities/state?{urlencode(listing)}").status_code == 204
    assert xapi2.get(path).status_code == 404


def test_profile_put_needs_a_precondition(xapi):
    params = {"activityId": "https://learning.example/a", "profileId": "p"}
    path = f"/xapi/activities/profile?{urlencode(params)}"
    assert xapi.put(path, {"x": 1}).status_code == 400
    assert xapi.put(path, {"x": 1}, headers={"If-None-Match": "*"}).status_code == 204
    assert xapi.put(path, {"x": 2}, headers={"If-None-Match": "*"}).status_code == 412


def test_about_activities_agents_and_cors(xapi):
    about = xapi.http.get("/xapi/about")
    assert about.status_code == 200 and "2.0.0" in about.json()["version"]
    xapi.post(
        S, make_statement(object={"id": "https://learning.example/x", "definition": {"name": {"en": "X"}}})
    )
    activity = xapi.get("/xapi/activities", {"activityId": "https://learning.example/x"}).json()
    assert activity["definition"]["name"] == {"en": "X"}
    person = xapi.get(
        "/xapi/agents", {"agent": orjson.dumps({"mbox": "mailto:p@example.org"}).decode()}
    ).json()
    assert person == {"objectType": "Person", "mbox": ["mailto:p@example.org"]}
    preflight = xapi.http.options(S)
    assert (
        preflight.status_code == 200
        and "X-Experience-API-Version" in preflight["Access-Control-Allow-Headers"]
    )
    head = xapi.http.head(S, **xapi.headers())
    assert head.status_code == 200 and head.content == b""


def test_oversized_identifiers_are_400(xapi):
    # Identifiers are indexed; PostgreSQL would refuse such index entries, so they must never reach it.
    long_iri = "https://learning.example/" + "가" * 600
    assert xapi.post(S, make_statement(verb={"id": long_iri})).status_code == 400
    assert (
        xapi.post(
            S, make_statement(actor={"account": {"homePage": "https://x.example", "name": "n" * 1300}})
        ).status_code
        == 400
    )
    params = {"activityId": "https://learning.example/a", "profileId": "p" * 1300}
    path = f"/xapi/activities/profile?{urlencode(params)}"
    assert xapi.put(path, {"x": 1}, headers={"If-None-Match": "*"}).status_code == 400
    long_ok = "https://learning.example/" + "a" * 1000
    assert xapi.post(S, make_statement(object={"id": long_ok})).status_code == 200
