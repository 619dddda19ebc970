"""Shared pieces of the schemathesis tests: the served schema, a bearer token that does not end the test's
transaction, and the check every fuzzed call must pass."""

from __future__ import annotations

import contextlib
from typing import Iterator

import schemathesis
from django.core import signals
from django.db import close_old_connections
from schemathesis.checks import ignored_auth, positive_data_acceptance

from learningcity.config.wsgi import application


def api_schema():
    """The API's OpenAPI schema as the running application serves it (narrow it with `.include(...)`)."""
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@contextlib.contextmanager
def token_for(user) -> Iterator[str]:
    """A real API token of `user`, while requests keep the test's connection (and its transaction) open, as
    Django's test client does."""
    from learningcity.core.services import api_token_create

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield api_token_create(user=user, name="fuzz", by=user)[1]
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def call_and_check(case, token: str):
    """Send `case` with the token: never a server error, and the answer as the schema documents it.

    Business rules the schema cannot state (a run ending before it starts, an id that does not exist, a
    published record that is archived rather than deleted) rightly turn schema-valid requests into 400s, so
    `positive_data_acceptance` is off; `ignored_auth` garbles one scheme while the valid token stays, so
    refusals are the permission matrix's to test."""
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
    response = case.call()
    assert response.status_code < 500, (case.method, case.formatted_path, response.text[:500])
    case.validate_response(response, excluded_checks=[positive_data_acceptance, ignored_auth])
    return response
