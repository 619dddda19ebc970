"""Presentations, and the W3C VC 2.0 suite's findings turned into our own tests."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from learningcity.credentials import documents, jsonld, vcdm
from learningcity.credentials.presentations import presentation_verify

FIXTURE = json.loads((Path(__file__).parent / "data" / "vp_digitalbazaar_eddsa_rdfc_2022.json").read_text())
VP, OPTIONS = FIXTURE["verifiablePresentation"], FIXTURE["options"]


def test_a_presentation_signed_by_another_implementation_verifies():
    report = presentation_verify(VP, challenge=OPTIONS["challenge"], domain=OPTIONS["domain"])
    assert report.verified, report.errors
    assert [c.name for c in report.checks] == ["format", "proof", "credentials"]


def test_wrong_challenge_or_domain_fails():
    assert presentation_verify(VP, challenge="other", domain=OPTIONS["domain"]).errors[0]["code"] == "challenge"
    assert presentation_verify(VP, challenge=OPTIONS["challenge"], domain="evil.example").errors[0]["code"] == "domain"


def test_tampered_presentation_or_embedded_credential_fails():
    vp = copy.deepcopy(VP)
    vp["proof"]["proofValue"] = "z5nmMBw2u9TGKd9NxxHJtyZKgjN2Eh"  # the suite's own negative case
    assert not presentation_verify(vp).verified
    vp = copy.deepcopy(VP)
    vp["verifiableCredential"][0]["credentialSubject"]["id"] = "did:example:mallory"
    assert not presentation_verify(vp).verified


@pytest.mark.parametrize("change", [
    lambda vp: vp.pop("@context"),
    lambda vp: vp.update({"@context": [jsonld.VC_EXAMPLES_V2, jsonld.VC_V2]}),
    lambda vp: vp["@context"].append("https://example.com"),
    lambda vp: vp["@context"].append(123192875),
    lambda vp: vp.pop("type"),
    lambda vp: vp.update(type=["CredentialManagerPresentation"]),
    lambda vp: vp.update(holder="z6MkpJySvETLnxhQG9DzEdmKJtysBDjuuTeDfUj1uNNCUqcj"),
    lambda vp: vp.update(verifiableCredential=["eyJhbGciOiJFUzI1NiJ9.e30.sig"]),
    lambda vp: vp.update(verifiableCredential=[{"@context": jsonld.VC_V2, "id": "data:application/vc+jwt,a.b.c"}]),
])
def test_malformed_presentations_are_refused(change):
    vp = copy.deepcopy(VP)
    change(vp)
    report = presentation_verify(vp)
    assert not report.verified and report.reason


def test_presentation_endpoint(client):
    response = client.post("/api/v1/presentations/verify", data=json.dumps(FIXTURE), content_type="application/json")
    assert response.status_code == 200 and response.json()["verified"]
    bad = {**FIXTURE, "options": {**OPTIONS, "challenge": "replayed"}}
    response = client.post("/api/v1/presentations/verify", data=json.dumps(bad), content_type="application/json")
    assert response.status_code == 400 and response.json()["errors"][0]["code"] == "challenge"


RELATED = {"id": "https://www.w3.org/ns/credentials/v2", "mediaType": "application/ld+json",
           "digestSRI": "sha384-NSOcNpmdIVUxIJGvGUoe22FjTWrXiaXlsZ8q6912LdnR3KraQO2n75Ica4wK4Qeg",
           "digestMultibase": "uJKGMkOmFbVJhEfKTduMC2XCyvRAYLjOVmZWwIH1wQ7k"}
BASE = {"@context": [jsonld.VC_V2], "type": ["VerifiableCredential"], "issuer": "https://a.example/issuer",
        "credentialSubject": {"name": "Alice"}}


@pytest.mark.parametrize("related, ok", [
    (RELATED, True),
    ([{"id": RELATED["id"], "digestMultibase": RELATED["digestMultibase"]}], True),
    ([RELATED["id"]], False),
    ([{"digestMultibase": RELATED["digestMultibase"]}], False),
    ([{"id": RELATED["id"], "digestSRI": RELATED["digestSRI"]},
      {"id": RELATED["id"], "digestMultibase": RELATED["digestMultibase"]}], False),
    ([{"id": RELATED["id"]}], False),
    ([{"id": RELATED["id"], "digestSRI": "md5 whatever"}], False),
])
def test_related_resource_form(related, ok):
    credential = {**BASE, "relatedResource": related}
    if ok:
        vcdm.check_credential(credential)
        jsonld.expand(credential)
    else:
        with pytest.raises(vcdm.ModelError):
            vcdm.check_credential(credential)


@pytest.mark.parametrize("name", ["credential-redef-type-fail", "credential-type-unmapped-fail",
                                  "credential-missing-base-context-fail-or-inject", "credential-status-nonurl-id-fail",
                                  "credential-subject-no-claims-fail", "credential-validUntil-validFrom-fail"])
def test_issue_refusals_found_by_the_w3c_suite(token_client, city_office, city_issuer, name):
    """Shapes the W3C suite sends that an issuer must refuse (rewritten here, not copied)."""
    cases = {
        "credential-redef-type-fail": {"@context": [jsonld.VC_V2, {"VerifiableCredential": "https://example.org/#Redef"}]},
        "credential-type-unmapped-fail": {"@context": [jsonld.VC_V2, {"@vocab": None}],
                                          "type": ["VerifiableCredential", "SomeUnmappedType"]},
        "credential-missing-base-context-fail-or-inject": {"@context": [jsonld.VC_EXAMPLES_V2]},
        "credential-status-nonurl-id-fail": {"credentialStatus": {"id": "not a url", "type": "BitstringStatusListEntry"}},
        "credential-subject-no-claims-fail": {"credentialSubject": {}},
        "credential-validUntil-validFrom-fail": {"validFrom": "2025-01-01T00:00:00Z",
                                                 "validUntil": "2024-01-01T00:00:00Z"},
    }
    credential = {**BASE, "issuer": documents.issuer_uri(city_issuer), **cases[name]}
    response = token_client(city_office).post("/api/v1/credentials/issue", data=json.dumps({"credential": credential}),
                                              content_type="application/json")
    assert response.status_code == 400, response.content
