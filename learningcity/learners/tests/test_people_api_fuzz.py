"""Schemathesis against the people endpoints (/me/...): whatever a learner's program sends, the answer has the
documented shape and is never a server error. Erasure (DELETE /me) is left out: its tests are exact."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

from learningcity.lrs.storage.statements import cache_clear
from learningcity.testing.fuzz import api_schema, call_and_check, token_for

schema = api_schema().include(tag="learners",
                              path_regex=r"^/api/v1/me/(profile|consent|passport|self-reported|personal-data)")


@pytest.fixture
def learner_token(learner):
    cache_clear()
    with token_for(learner) as token:
        yield token
    cache_clear()


@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
def test_people_api_never_fails_and_matches_its_schema(case, learner_token):
    call_and_check(case, learner_token)
