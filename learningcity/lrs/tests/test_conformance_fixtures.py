"""Every conformance-suite failure we fixed, replayed from a JSON fixture (fixtures/conformance/), so CI
guards it without the suite. A fixture lists HTTP steps: method, path, params, body (or form), headers,
the expected status and optional checks; "$<step>.<n>" stands for the n-th id a previous POST returned."""

from __future__ import annotations

import base64
import copy
import json
from pathlib import Path
from urllib.parse import urlencode

import orjson
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from learningcity.lrs.tests.conftest import FIXTURES, XAPI, with_attachment

CASES = sorted((FIXTURES / "conformance").glob("*.json"))


def _resolve(value, results):
    if isinstance(value, str) and value.startswith("$"):
        step, index = value[1:].split(".")
        return results[int(step)][int(index)]
    if isinstance(value, dict):
        return {k: _resolve(v, results) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve(v, results) for v in value]
    return value


def _dig(data, dotted):
    for part in dotted.split("."):
        data = data[part]
    return data


def _run_step(xapi: XAPI, step: dict, results: list):
    step = _resolve(step, results)
    path = step.get("path", "/xapi/statements")
    params = {
        k: (v if isinstance(v, str) else orjson.dumps(v).decode()) for k, v in step.get("params", {}).items()
    }
    url = f"{path}?{urlencode(params)}" if params else path
    kwargs = {"headers": step.get("headers"), "version": step.get("version")}
    if "form" in step:
        form = {k: (v if isinstance(v, str) else orjson.dumps(v).decode()) for k, v in step["form"].items()}
        form["X-Experience-API-Version"] = xapi.version
        return xapi.http.post(
            url,
            urlencode(form),
            content_type="application/x-www-form-urlencoded",
            HTTP_AUTHORIZATION=xapi.auth,
        )
    if step["method"] == "GET":
        return xapi.get(url, **kwargs)
    send = xapi.post if step["method"] == "POST" else xapi.put
    return send(url, step["body"], **kwargs)


@pytest.mark.parametrize("path", CASES, ids=[case.stem for case in CASES])
def test_conformance_fixture(lrs_client, path: Path):
    case = json.loads(path.read_text())
    xapi = XAPI("tool", "s3cret", version=case["version"])
    if "signed" in case:
        _check_signed(xapi, case["signed"])
    results: list = []
    for number, step in enumerate(case["steps"]):
        response = _run_step(xapi, step, results)
        assert response.status_code == step["status"], f"step {number}: {response.content[:300]!r}"
        body = (
            response.json()
            if response.content and response["Content-Type"].startswith("application/json")
            else None
        )
        results.append(body if isinstance(body, list) else [])
        step = _resolve(step, results)
        for name, value in step.get("headers_out", {}).items():
            assert response[name] == value
        for key, value in step.get("not_equal", {}).items():
            assert body[key] != value
        for key, value in step.get("equals", {}).items():
            assert body[key] == value
        for dotted, count in step.get("key_counts", {}).items():
            assert len(_dig(body, dotted)) == count, dotted
        if "statement_ids" in step:
            assert [s["id"] for s in body["statements"]] == step["statement_ids"]


def _jws(payload: dict, algorithm: str, key) -> bytes:
    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    header = b64(orjson.dumps({"alg": algorithm}))
    body = b64(orjson.dumps(payload))
    digest = {"RS256": hashes.SHA256(), "RS384": hashes.SHA384()}.get(algorithm, hashes.SHA256())
    signature = key.sign(f"{header}.{body}".encode(), padding.PKCS1v15(), digest)
    return f"{header}.{body}.{b64(signature)}".encode()


def _post_signed(xapi: XAPI, payload: dict, jws: bytes, sent: dict):
    body, content_type = with_attachment(
        sent,
        jws,
        content_type="application/octet-stream",
        usage_type="http://adlnet.gov/expapi/attachments/signature",
    )
    return xapi.post("/xapi/statements", body, content_type=content_type)


def _check_signed(xapi: XAPI, signed: dict) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    payload = signed["payload"]
    sent = copy.deepcopy(payload)
    sent["result"]["duration"] = signed["sent_duration"]
    assert _post_signed(xapi, payload, _jws(payload, "RS256", key), sent).status_code == 200
    assert _post_signed(xapi, payload, _jws(payload, "RS384", key), payload).status_code == 200
    other = {**payload, "verb": {"id": "http://adlnet.gov/expapi/verbs/failed"}}
    assert _post_signed(xapi, payload, _jws(other, "RS256", key), payload).status_code == 400
    assert _post_signed(xapi, payload, _jws(payload, "HS256", key), payload).status_code == 400
