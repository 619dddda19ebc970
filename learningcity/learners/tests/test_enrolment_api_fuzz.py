"""Schemathesis (property-based) against the enrolment API: whatever it sends, the endpoints
answer with their documented shape, never with a server error. Sent with a real provider-staff
token; everything runs inside the test's transaction, against the real demo city."""

from __future__ import annotations

import pytest
import schemathesis
from schemathesis.checks import ignored_auth, positive_data_acceptance
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from learningcity.config.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application).include(
    tag_regex="^learners$", path_regex=r"^/api/v1/(me/enrolments|runs/|enrolments/|reviews/)")


@pytest.fixture
def staff_token(gangnam_staff):
    from learningcity.core.services import api_token_create

    # As Django's test client does: a request must not close the test's connection (and its transaction).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield api_token_create(user=gangnam_staff, name="fuzz", by=gangnam_staff)[1]
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_never_fails_and_matches_its_schema(case, staff_token):
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {staff_token}"}
    response = case.call()
    assert response.status_code < 500, (case.method, case.formatted_path, response.text[:500])
    # Business rules the schema cannot state (a run ending before it starts, an id that does not exist, a
    # published record that is archived rather than deleted) rightly turn schema-valid requests into 400s.
    # `ignored_auth` garbles one scheme while the valid token stays: anonymous writes are tested in
    # test_permissions instead.
    case.validate_response(response, excluded_checks=[positive_data_acceptance, ignored_auth])
