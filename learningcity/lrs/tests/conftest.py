"""Shared fixtures for the LRS tests: credentials, an in-process xAPI client, statement factories."""

from __future__ import annotations

import base64
import copy
import hashlib
import itertools
import json
import uuid
from pathlib import Path
from typing import Any

import orjson
import pytest
from django.test import Client as DjangoClient

from learningcity.lrs.services import client_create
from learningcity.lrs.storage.statements import cache_clear

FIXTURES = Path(__file__).parent / "fixtures"
_counter = itertools.count()


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


@pytest.fixture(autouse=True)
def _fresh_intern_cache():
    # Interned ids are cached per process; each test's rows are rolled back, so forget them both ways.
    cache_clear()
    yield
    cache_clear()


def make_statement(**overrides: Any) -> dict:
    """A valid statement with a unique actor unless overridden."""
    n = next(_counter)
    statement = {
        "actor": {"objectType": "Agent", "name": f"Learner {n}", "mbox": f"mailto:learner{n}@example.org"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"en-US": "completed"}},
        "object": {
            "objectType": "Activity",
            "id": f"https://learning.example/activities/{n}",
            "definition": {"name": {"en": f"Activity {n}"}},
        },
    }
    statement.update(copy.deepcopy(overrides))
    return statement


class XAPI:
    """Django's test client speaking xAPI: Basic credentials and the version header on every request."""

    def __init__(self, key: str, secret: str, version: str = "1.0.3") -> None:
        self.http = DjangoClient()
        self.auth = "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()
        self.version = version

    def headers(self, extra: dict | None = None, *, version: str | None = None) -> dict:
        headers = {"HTTP_AUTHORIZATION": self.auth}
        if (version or self.version) != "none":
            headers["HTTP_X_EXPERIENCE_API_VERSION"] = version or self.version
        for name, value in (extra or {}).items():
            headers["HTTP_" + name.upper().replace("-", "_")] = value
        return headers

    def get(self, path: str, params: dict | None = None, **kw):
        return self.http.get(
            path, params or {}, **self.headers(kw.pop("headers", None), version=kw.pop("version", None))
        )

    def send(self, method: str, path: str, body: Any, content_type: str = "application/json", **kw):
        data = body if isinstance(body, (bytes, str)) else orjson.dumps(body)
        headers = self.headers(kw.pop("headers", None), version=kw.pop("version", None))
        return self.http.generic(method, path, data, content_type=content_type, **headers)

    def post(self, path: str, body: Any, content_type: str = "application/json", **kw):
        return self.send("POST", path, body, content_type, **kw)

    def put(self, path: str, body: Any, content_type: str = "application/json", **kw):
        return self.send("PUT", path, body, content_type, **kw)

    def delete(self, path: str, **kw):
        return self.http.generic(
            "DELETE", path, b"", **self.headers(kw.pop("headers", None), version=kw.pop("version", None))
        )


@pytest.fixture
def lrs_client(db):
    client, secret = client_create(name="Test tool", scopes=["all"], by=None, key="tool", secret="s3cret")
    return client


@pytest.fixture
def xapi(lrs_client) -> XAPI:
    return XAPI("tool", "s3cret")


@pytest.fixture
def xapi2(lrs_client) -> XAPI:
    return XAPI("tool", "s3cret", version="2.0.0")


def with_attachment(
    statement: dict, content: bytes, *, usage_type: str, content_type: str
) -> tuple[bytes, str]:
    """A multipart/mixed body (and its Content-Type) carrying `statement` with `content` attached."""
    from learningcity.lrs.views.multipart import multipart_build

    sha2 = hashlib.sha256(content).hexdigest()
    statement = {
        **copy.deepcopy(statement),
        "attachments": [
            {
                "usageType": usage_type,
                "display": {"en-US": "attachment"},
                "contentType": content_type,
                "length": len(content),
                "sha2": sha2,
            }
        ],
    }
    return multipart_build(orjson.dumps(statement), {sha2: (content_type, content)})


def new_id() -> str:
    return str(uuid.uuid4())
