"""Schemathesis (property-based, from our OpenAPI document) on the public VC-API endpoints: whatever it
sends, the answer is 200 or a documented 4xx, never a 500."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from learningcity.config.wsgi import application

PATHS = ["/api/v1/credentials/verify", "/api/v1/presentations/verify"]


@pytest.mark.parametrize("path", PATHS)
def test_verify_endpoints_never_fail_on_any_input(db, path):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operation = schema[path]["POST"]

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def check(case):
        response = case.call()
        assert response.status_code in (200, 400), (response.status_code, response.text[:500])

    check()
