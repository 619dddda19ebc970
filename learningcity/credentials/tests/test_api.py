"""VC-API: issue (issuer staff only), verify (anyone; reasons on failure), status (revoke). Never a 500."""

from __future__ import annotations

import copy
import json

import pytest

from learningcity.credentials import documents, jsonld
from learningcity.credentials.models import IssuedCredential

ISSUE, VERIFY, STATUS = "/api/v1/credentials/issue", "/api/v1/credentials/verify", "/api/v1/credentials/status"


def _vc(issuer_id: str) -> dict:
    return {
        "@context": [jsonld.VC_V2, jsonld.OB_V3],
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer_id, "type": ["Profile"], "name": "Gangnam-gu"},
        "validFrom": "2026-01-01T00:00:00Z",
        "name": "Coding club",
        "credentialSubject": {"type": ["AchievementSubject"], "id": "did:example:learner-1",
                              "achievement": {"id": "https://lms.example/achievements/7", "type": ["Achievement"],
                                              "name": "Coding club", "description": "Ten sessions of coding.",
                                              "criteria": {"narrative": "Attend ten sessions."}}},
    }


def _post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_issue_by_the_issuers_staff_and_verify(token_client, gangnam_staff, gangnam_issuer, client):
    response = _post(token_client(gangnam_staff), ISSUE, {"credential": _vc(documents.issuer_uri(gangnam_issuer))})
    assert response.status_code == 201, response.content
    vc = response.json()["verifiableCredential"]
    assert vc["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022" and vc["credentialStatus"]["type"] == \
        "BitstringStatusListEntry"
    verified = _post(client, VERIFY, {"verifiableCredential": vc})
    assert verified.status_code == 200 and verified.json()["verified"] is True
    assert IssuedCredential.objects.get(source="api").issued_by == gangnam_staff


@pytest.mark.parametrize("who, status", [("other_staff", 403), ("city_office", 403), ("learner", 403)])
def test_issue_crossings(request, token_client, gangnam_issuer, who, status):
    response = _post(token_client(request.getfixturevalue(who)), ISSUE,
                     {"credential": _vc(documents.issuer_uri(gangnam_issuer))})
    assert response.status_code == status and response["Content-Type"] == "application/problem+json"
    assert not IssuedCredential.objects.exists()


def test_issue_needs_a_token(client, gangnam_issuer):
    assert _post(client, ISSUE, {"credential": _vc(documents.issuer_uri(gangnam_issuer))}).status_code == 401


@pytest.mark.parametrize("mutate, field", [
    (lambda vc: vc.update(issuer="https://elsewhere.example/issuer"), "credential.issuer"),
    (lambda vc: vc.pop("credentialSubject"), "credential"),
    (lambda vc: vc.update({"@context": [jsonld.VC_V2, "https://evil.example/c"]}), "credential"),
    (lambda vc: vc.update(undefinedTerm=1), "credential"),
    (lambda vc: vc.update(validFrom="yesterday"), "credential"),
    (lambda vc: vc.update(proof={"type": "DataIntegrityProof"}), "credential.proof"),
])
def test_issue_rejects_bad_credentials_with_a_reason(token_client, gangnam_staff, gangnam_issuer, mutate, field):
    vc = _vc(documents.issuer_uri(gangnam_issuer))
    mutate(vc)
    response = _post(token_client(gangnam_staff), ISSUE, {"credential": vc})
    assert response.status_code == 400, response.content
    assert response.json()["errors"][0]["field"] == field and response.json()["detail"]


def test_verify_failure_is_400_with_reason(client, issued):
    tampered = copy.deepcopy(issued.document)
    tampered["name"] = "Something else"
    response = _post(client, VERIFY, {"verifiableCredential": tampered})
    body = response.json()
    assert response.status_code == 400 and body["verified"] is False and body["errors"][0]["code"] == "signature"
    assert body["detail"]


@pytest.mark.parametrize("raw", [b"", b"{", b"[]", b'{"verifiableCredential": 5}', b'{"verifiableCredential": "x.y"}',
                                 b'{"verifiableCredential": {"@context": {"@version": "bad"}}}',
                                 json.dumps({"verifiableCredential": {"@context": [jsonld.VC_V2, {"@vocab": None}],
                                                                      "type": ["VerifiableCredential"]}}).encode()])
def test_verify_never_500(client, raw):
    response = client.post(VERIFY, data=raw, content_type="application/json")
    assert 400 <= response.status_code < 500


def test_verify_jwt(client, issued):
    response = _post(client, VERIFY, {"verifiableCredential": issued.jwt})
    assert response.status_code == 200 and response.json()["verified"]


def test_status_revokes_for_the_issuers_staff_only(token_client, client, issued, gangnam_staff, other_staff):
    body = {"credentialId": issued.credential_id, "credentialStatus": [{"type": "BitstringStatusListEntry",
                                                                        "status": True}]}
    assert _post(token_client(other_staff), STATUS, body).status_code == 403
    assert _post(token_client(gangnam_staff), STATUS, body).status_code == 200
    response = _post(client, VERIFY, {"verifiableCredential": issued.document})
    assert response.status_code == 400 and response.json()["errors"][0]["code"] == "revoked"
    missing = {**body, "credentialId": "urn:uuid:00000000-0000-0000-0000-000000000000"}
    assert _post(token_client(gangnam_staff), STATUS, missing).status_code == 404


def test_a_nul_character_anywhere_in_a_request_is_a_400(token_client, client, issued, gangnam_staff, gangnam_issuer):
    # Found by the API fuzz test on PostgreSQL: a credential id holding NUL reached a JSON lookup (a 500).
    status = {"credentialId": "urn:x:\x00", "credentialStatus": [{"status": True}]}
    assert _post(token_client(gangnam_staff), STATUS, status).status_code == 400
    vc = {"@context": [jsonld.VC_V2], "type": ["VerifiableCredential"], "issuer": documents.issuer_uri(gangnam_issuer),
          "credentialSubject": {"id": "did:example:x", "name\x00": "x"}}
    assert _post(token_client(gangnam_staff), ISSUE, {"credential": vc}).status_code == 400
    assert _post(client, VERIFY, {"verifiableCredential": {**issued.document, "name": "a\x00"}}).status_code == 400
    assert not IssuedCredential.objects.exclude(pk=issued.pk).exists()


def test_issue_refuses_a_poison_graph(token_client, gangnam_staff, gangnam_issuer):
    nodes = [{"id": f"_:b{i}", "knows": [{"id": f"_:b{j}"} for j in range(9) if j != i]} for i in range(9)]
    vc = {"@context": [jsonld.VC_V2, jsonld.VC_EXAMPLES_V2], "type": ["VerifiableCredential"],
          "issuer": documents.issuer_uri(gangnam_issuer), "credentialSubject": {"id": "did:example:x", "knows": nodes}}
    response = _post(token_client(gangnam_staff), ISSUE, {"credential": vc})
    assert response.status_code == 400 and not IssuedCredential.objects.exists()
