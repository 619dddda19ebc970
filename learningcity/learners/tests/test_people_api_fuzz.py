"""Schemathesis against the people endpoints (/me/...): whatever a learner's program sends, the answer has the
documented shape and is never a server error. Erasure (DELETE /me) is left out: its tests are exact."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import ignored_auth, positive_data_acceptance

from learningcity.config.wsgi import application
from learningcity.lrs.storage.statements import cache_clear

schema = (schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
          .include(tag="learners", path_regex=r"^/api/v1/me/(profile|consent|passport|self-reported|personal-data)"))


@pytest.fixture
def learner_token(learner):
    from learningcity.core.services import api_token_create

    # As Django's test client does: a request must not close the test's connection (and its transaction).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    cache_clear()
    yield api_token_create(user=learner, name="fuzz", by=learner)[1]
    cache_clear()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
def test_people_api_never_fails_and_matches_its_schema(case, learner_token):
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {learner_token}"}
    response = case.call()
    assert response.status_code < 500, (case.method, case.formatted_path, response.text[:500])
    case.validate_response(response, excluded_checks=[positive_data_acceptance, ignored_auth])
