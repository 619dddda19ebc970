"""Attacks and bad input: each fails with its reason, none raises."""

from __future__ import annotations

import copy
import json
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from learningcity.credentials import documents, jsonld, services
from learningcity.credentials.integrity import proof_add
from learningcity.credentials.jose import jwt_sign
from learningcity.credentials.multibase import ed25519_multikey
from learningcity.credentials.verification import credential_verify


def _leaves(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _leaves(value, path + (i,))
    else:
        yield path, node


def _changed(value):
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, float)):
        return value + 1
    return str(value) + "x" if not str(value).endswith("Z") else "2001-01-01T00:00:00Z"


def test_any_changed_field_fails(issued):
    """Change every leaf of the signed credential, one at a time: none still verifies."""
    checked = 0
    for path, value in _leaves(issued.document):
        tampered = copy.deepcopy(issued.document)
        target = tampered
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = _changed(value)
        report = credential_verify(tampered)
        assert not report.verified, f"changing {path} went unnoticed"
        assert report.reason
        checked += 1
    assert checked > 25


def test_added_or_removed_field_fails(issued):
    added = copy.deepcopy(issued.document)
    added["credentialSubject"]["achievement"]["description"] += " and brain surgery"
    assert credential_verify(added).errors[0]["code"] == "signature"
    removed = copy.deepcopy(issued.document)
    del removed["credentialStatus"]
    assert not credential_verify(removed).verified


def test_wrong_signature_bytes(issued):
    forged = copy.deepcopy(issued.document)
    forged["proof"][0]["proofValue"] = "z" + "1" * 86
    assert not credential_verify(forged).verified


def _resign(document, key, vm):
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    return proof_add(unsigned, private_key=key, verification_method=vm, created=datetime.now(timezone.utc))


def test_claiming_our_issuer_but_signed_by_another_key(issued, gangnam_issuer):
    attacker = Ed25519PrivateKey.generate()
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    pub = attacker.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    # 1. A key id under our issuer that the issuer never had.
    forged = _resign(issued.document, attacker, f"{documents.issuer_uri(gangnam_issuer)}#{ed25519_multikey(pub)}")
    report = credential_verify(forged)
    assert not report.verified and report.errors[0]["code"] == "wrong-key"
    # 2. The attacker's own did:key, with our issuer still named as the issuer.
    did = f"did:key:{ed25519_multikey(pub)}"
    report = credential_verify(_resign(issued.document, attacker, f"{did}#{ed25519_multikey(pub)}"))
    assert not report.verified and report.errors[0]["code"] == "wrong-issuer-key"
    # 3. A JWT claiming our issuer, signed by the attacker.
    token = jwt_sign(issued.document, private_key=attacker, kid=f"{documents.issuer_uri(gangnam_issuer)}#k")
    assert not credential_verify(token).verified


def test_another_issuers_real_key_does_not_count(issued, other_issuer):
    from learningcity.credentials.services.issuing import sign

    unsigned = {k: v for k, v in issued.document.items() if k != "proof"}
    forged, token, _key = sign(unsigned, issuer=other_issuer)
    for form in (forged, token):
        report = credential_verify(form)
        assert not report.verified and report.errors[0]["code"] == "wrong-issuer-key"


def test_did_key_credentials_from_elsewhere_verify_offline():
    key = Ed25519PrivateKey.generate()
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    mk = ed25519_multikey(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))
    doc = {"@context": [documents.jsonld.VC_V2, documents.jsonld.OB_V3], "id": "urn:uuid:1b2c",
           "type": ["VerifiableCredential", "OpenBadgeCredential"], "issuer": {"id": f"did:key:{mk}",
                                                                               "type": ["Profile"], "name": "Elsewhere"},
           "validFrom": "2024-01-01T00:00:00Z", "name": "Elsewhere badge",
           "credentialSubject": {"type": ["AchievementSubject"], "id": "did:example:learner",
                                 "achievement": {"id": "https://elsewhere.example/a/1", "type": ["Achievement"],
                                                 "name": "A", "description": "d", "criteria": {"narrative": "n"}}}}
    signed = proof_add(doc, private_key=key, verification_method=f"did:key:{mk}#{mk}",
                       created=datetime.now(timezone.utc))
    assert credential_verify(signed).verified


def test_expired_and_not_yet_valid(issued, achievement, learner, gangnam_staff):
    from django.utils import timezone as dj

    future = services.credential_issue(achievement=achievement, recipient=learner, by=gangnam_staff,
                                       valid_until=dj.now() + timedelta(days=1))
    assert credential_verify(future.document).verified
    later = datetime.now(timezone.utc) + timedelta(days=2)
    report = credential_verify(future.document, now=later)
    assert not report.verified and report.errors[0]["code"] == "expired"
    earlier = datetime.now(timezone.utc) - timedelta(days=2)
    report = credential_verify(issued.document, now=earlier)
    assert not report.verified and report.errors[0]["code"] == "not-yet-valid"


@pytest.mark.parametrize("data, code", [
    ("", "malformed"),
    ("{", "malformed"),
    ("[1, 2]", "malformed"),
    (b"\xff\xfe", "malformed"),
    ({"@context": "https://www.w3.org/ns/credentials/v2"}, "data-model"),
    ({"type": "VerifiableCredential"}, "data-model"),
    ("eyJhbGciOiJub25lIn0.eyJ9.", "malformed"),
    ("eyJhbGciOiJub25lIn0.e30.c2ln", "unsupported-proof"),
])
def test_malformed_input_is_explained(data, code):
    report = credential_verify(data)
    assert not report.verified and report.errors[0]["code"] == code and report.reason


def test_malformed_json_ld_and_unknown_context(issued):
    unknown = copy.deepcopy(issued.document)
    unknown["@context"].append("https://evil.example/context.jsonld")
    report = credential_verify(unknown)
    assert report.errors[0]["code"] == "unknown-context" and "evil.example" in report.reason
    bad = copy.deepcopy(issued.document)
    bad["@context"].append({"@version": 2.0})
    assert not credential_verify(bad).verified
    undefined = copy.deepcopy(issued.document)
    undefined["secretClaim"] = "admin"
    report = credential_verify(undefined)
    assert report.errors[0]["code"] == "jsonld" and "secretClaim" in report.reason
    bad_type = copy.deepcopy(issued.document)
    bad_type["credentialSubject"]["type"] = 5
    assert not credential_verify(bad_type).verified


def test_unresolvable_key_elsewhere_is_explained(issued):
    other = _resign(issued.document, Ed25519PrivateKey.generate(), "https://elsewhere.example/keys#1")
    other["issuer"]["id"] = "https://elsewhere.example/issuer"
    report = credential_verify(_resign(other, Ed25519PrivateKey.generate(), "https://elsewhere.example/keys#1"))
    assert report.errors[0]["code"] == "key-unresolvable"


def test_json_text_and_jwt_both_verify(issued):
    assert credential_verify(json.dumps(issued.document)).verified
    assert credential_verify(issued.jwt.encode()).verified
    assert credential_verify({"type": "EnvelopedVerifiableCredential",
                              "id": "data:application/vc+jwt," + issued.jwt}).verified



JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3),
    max_leaves=8,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_damage_is_refused_with_a_reason_never_a_crash(issued, data):
    """Replace any part of a real credential with arbitrary JSON: it fails with a reason, never internally."""
    leaves = list(_leaves(issued.document))
    path, old = data.draw(st.sampled_from(leaves))
    damaged = copy.deepcopy(issued.document)
    target = damaged
    for part in path[:-1]:
        target = target[part]
    new = data.draw(JSON_VALUES)
    target[path[-1]] = new
    report = credential_verify(damaged)
    assert all(e["code"] != "internal" for e in report.errors), report.errors
    if damaged != issued.document and new != [old]:  # x and [x] are the same value in JSON-LD
        assert not report.verified and report.reason


@pytest.mark.parametrize("value", [None, [], [[True]]])
def test_values_json_ld_reads_as_absent_or_flat_are_refused(issued, value):
    """Found by the property test: JSON-LD reads null and [] as "absent" and [[x]] as [x], so a field set to them
    could leave the signed graph unchanged (notably where two objects share one id). They are refused."""
    damaged = copy.deepcopy(issued.document)
    damaged["issuer"]["url"] = value
    report = credential_verify(damaged)
    assert not report.verified and report.errors[0]["code"] == "data-model"


def test_a_repeated_value_is_refused(issued):
    """Found by the property test: JSON-LD reads [x, x] as x, so `"hashed": [true, true]` left the signed graph
    unchanged and the credential still verified. A list repeating a plain value is refused."""
    damaged = copy.deepcopy(issued.document)
    damaged["credentialSubject"]["identifier"][0]["hashed"] = [True, True]
    report = credential_verify(damaged)
    assert not report.verified and report.errors[0]["code"] == "data-model"
    # Values equal in Python but not in JSON are distinct: true and 1 may stand side by side.
    damaged["credentialSubject"]["identifier"][0]["hashed"] = [True, 1]
    assert not any("repeats" in e["message"] for e in credential_verify(damaged).errors)


def test_the_achievement_does_not_repeat_the_issuer_node(issued):
    """A `creator` copy of the issuer (same id) let a field deleted from one copy stay signed via the other."""
    assert "creator" not in issued.document["credentialSubject"]["achievement"]


def _clique(n: int) -> dict:
    """A "poison graph": n unnamed nodes that all know each other, which canonicalisation cannot tell apart."""
    nodes = [{"id": f"_:b{i}", "knows": [{"id": f"_:b{j}"} for j in range(n) if j != i]} for i in range(n)]
    return {"@context": [jsonld.VC_V2, jsonld.VC_EXAMPLES_V2], "type": ["VerifiableCredential"],
            "issuer": "https://a.example/i", "credentialSubject": {"id": "did:example:x", "knows": nodes}}


def test_poison_graphs_are_refused_quickly(issued):
    """Without a bound, a 2 KB credential with an 8-node clique kept a worker busy for minutes."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    mk = ed25519_multikey(Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))
    # The attacker's own did:key passes the cheap checks, so canonicalisation is reached.
    signed = {**_clique(9), "issuer": f"did:key:{mk}",
              "proof": {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022",
                        "proofPurpose": "assertionMethod", "proofValue": "z" + "2" * 86,
                        "verificationMethod": f"did:key:{mk}#{mk}"}}
    report = credential_verify(signed)
    assert not report.verified and report.errors[0]["code"] == "too-complex"
    assert jsonld.canonize(_clique(4))  # small look-alike groups are still fine


def test_oversized_input_is_refused(issued):
    huge = copy.deepcopy(issued.document)
    huge["credentialSubject"]["achievement"]["description"] = "x" * (300 * 1024)
    assert credential_verify(huge).errors[0]["code"] == "too-large"
