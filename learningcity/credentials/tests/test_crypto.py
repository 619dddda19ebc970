"""The building blocks on their own: contexts offline, RDFC-1.0 proofs, JWS, status bits, baking, multibase."""

from __future__ import annotations

import copy
from datetime import datetime, timezone

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pyld.jsonld import JsonLdError

from learningcity.credentials import baking, jsonld, statuslist
from learningcity.credentials.integrity import ProofError, proof_add, proof_verify
from learningcity.credentials.jose import jwt_sign, jwt_verify
from learningcity.credentials.multibase import b58decode, b58encode, ed25519_from_multikey, ed25519_multikey

DOC = {
    "@context": [jsonld.VC_V2, jsonld.VC_EXAMPLES_V2],
    "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
    "type": ["VerifiableCredential", "AlumniCredential"],
    "name": "Alumni Credential",
    "issuer": "https://vc.example/issuers/5678",
    "validFrom": "2023-01-01T00:00:00Z",
    "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"},
}


def test_loader_serves_shipped_contexts_and_refuses_everything_else():
    for url in jsonld.CONTEXT_FILES:
        assert "@context" in jsonld.document_loader(url)["document"]
    with pytest.raises(JsonLdError):
        jsonld.document_loader("https://example.org/some/context")


def test_unknown_context_is_named():
    doc = {**DOC, "@context": [jsonld.VC_V2, "https://evil.example/ctx.jsonld"]}
    with pytest.raises(jsonld.UnknownContext, match="evil.example"):
        jsonld.canonize(doc)


def test_undefined_property_and_unmapped_type_are_refused_not_dropped():
    with pytest.raises(jsonld.JsonLdProblem, match="notDefined"):
        jsonld.canonize({"@context": [jsonld.VC_V2], "type": ["VerifiableCredential"], "issuer": "https://a.example",
                         "credentialSubject": {"id": "did:example:1"}, "notDefined": 1})
    with pytest.raises(jsonld.JsonLdProblem, match="ExampleTestCredential"):
        jsonld.expand({"@context": [jsonld.VC_V2], "type": ["VerifiableCredential", "ExampleTestCredential"]})
    with pytest.raises(jsonld.JsonLdProblem):  # pyld fails on "@vocab": null without a vocabulary: still refused
        jsonld.expand({"@context": [jsonld.VC_V2, {"@vocab": None}], "type": ["VerifiableCredential"]})


def test_canonical_form_is_the_rdfc_one():
    nquads = jsonld.canonize(DOC)
    assert '<urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33> <https://www.w3.org/2018/credentials#issuer> ' \
           '<https://vc.example/issuers/5678> .' in nquads
    assert nquads == jsonld.canonize(copy.deepcopy(DOC))  # deterministic


def test_proof_round_trip_and_every_change_breaks_it():
    key = Ed25519PrivateKey.generate()
    signed = proof_add(DOC, private_key=key, verification_method="did:example:1#k",
                       created=datetime(2024, 1, 1, tzinfo=timezone.utc))
    assert signed["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert signed["proof"]["proofValue"].startswith("z")
    proof_verify(signed, resolve=lambda vm: key.public_key())
    for path, value in [(("name",), "Other"), (("credentialSubject", "alumniOf"), "Elsewhere"),
                        (("validFrom",), "2022-01-01T00:00:00Z"), (("issuer",), "https://vc.example/x"),
                        (("proof", "created"), "2020-01-01T00:00:00Z")]:
        tampered = copy.deepcopy(signed)
        target = tampered
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value
        with pytest.raises(ProofError):
            proof_verify(tampered, resolve=lambda vm: key.public_key())
    other = Ed25519PrivateKey.generate()
    with pytest.raises(ProofError, match="signature"):
        proof_verify(signed, resolve=lambda vm: other.public_key())


def test_jwt_round_trip_and_tamper():
    key = Ed25519PrivateKey.generate()
    token = jwt_sign(DOC, private_key=key, kid="did:example:1#k")
    credential, kid = jwt_verify(token, resolve=lambda vm: key.public_key())
    assert credential == DOC and kid == "did:example:1#k"
    head, body, sig = token.split(".")
    with pytest.raises(ProofError):
        jwt_verify(f"{head}.{body[:-2]}AA.{sig}", resolve=lambda vm: key.public_key())
    with pytest.raises(ProofError, match="well-formed"):
        jwt_verify("a.b", resolve=lambda vm: key.public_key())


def test_status_bits_left_most_first_and_encoding_round_trip():
    bits = statuslist.empty(131072)
    statuslist.bit_set(bits, 0, True)
    statuslist.bit_set(bits, 131071, True)
    assert bits[0] == 0x80 and bits[-1] == 0x01
    decoded = statuslist.decode(statuslist.encode(bits))
    assert statuslist.bit_get(decoded, 0) and statuslist.bit_get(decoded, 131071)
    assert not statuslist.bit_get(decoded, 1)
    assert statuslist.encode(bits).startswith("u")


def test_multibase_and_multikey():
    assert b58decode(b58encode(b"\0\0hello")) == b"\0\0hello"
    raw = bytes(range(32))
    mk = ed25519_multikey(raw)
    assert mk.startswith("z6Mk") and ed25519_from_multikey(mk) == raw


def test_png_and_svg_baking_round_trip():
    png = baking.badge_png("#336699")
    baked = baking.bake_png(png, DOC)
    assert baked.startswith(baking.PNG_SIGNATURE) and b"iTXt" in baked
    assert baking.unbake(baked) is not None and '"AlumniCredential"' in baking.unbake(baked)
    rebaked = baking.bake_png(baked, "a.b.c")
    assert rebaked.count(b"openbadgecredential") == 1 and baking.unbake(rebaked) == "a.b.c"
    svg = baking.bake_svg(baking.badge_svg(colour="#336699", title="T"), DOC)
    assert 'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"' in svg
    assert '"AlumniCredential"' in baking.unbake(svg.encode())
    assert baking.unbake(baking.bake_svg(baking.badge_svg(colour="#336699", title="T"), "x.y.z").encode()) == "x.y.z"
    assert baking.unbake(b"not an image") is None
