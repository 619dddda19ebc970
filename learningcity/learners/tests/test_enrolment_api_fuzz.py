"""Schemathesis (property-based) against the enrolment API: whatever it sends, the endpoints answer with their
documented shape, never with a server error. Sent with a real provider-staff token; everything runs inside the
test's transaction, against the real demo city."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

from learningcity.testing.fuzz import api_schema, call_and_check, token_for

schema = api_schema().include(tag_regex="^learners$",
                              path_regex=r"^/api/v1/(me/enrolments|runs/|enrolments/|reviews/)")


@pytest.fixture
def staff_token(gangnam_staff):
    with token_for(gangnam_staff) as token:
        yield token


@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_never_fails_and_matches_its_schema(case, staff_token):
    call_and_check(case, staff_token)
