"""Schemathesis over the whole API (every tag, every operation the served schema lists): whatever it sends, the
answer is documented and never a server error. Writes go with a real token of Gangnam-gu's admin (who may write
most of what the API offers), inside the test's transaction, against the real demo city and its search index.

The catalogue's and credentials' own fuzz tests go deeper on their endpoints; this one makes sure no operation
is left out, including those added later (a test below fails if an operation is not reached). The xAPI at /xapi/
is not in this schema: it has its own conformance suite.

Erasing one's account (`DELETE /api/v1/me`) stays in: it takes the caller's email address or password as its
confirmation, which the fuzzer cannot guess, so here it only meets its refusals (400); were it ever to erase the
admin, the operation's later examples would get the documented 401, and the test's transaction is rolled back.
The erasure itself is tested in the permission matrix and in the learners' privacy tests.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

from learningcity.platform.tests.matrix_world import TEST_KEK
from learningcity.testing.fuzz import api_schema, call_and_check, token_for

schema = api_schema()
# Few examples each: the suite runs twice in CI (SQLite, PostgreSQL) on two cores; the app fuzz tests go deeper.
EXAMPLES = 8


@pytest.fixture
def admin_token(settings, tmp_path, gangnam, demo_index):
    from learningcity.credentials.services import issuer_create
    from learningcity.testing import factories

    settings.KEY_ENCRYPTION_KEY = TEST_KEK
    settings.VAR_DIR = tmp_path
    user = factories.staff(gangnam, role="admin")
    issuer_create(by=None, provider=gangnam)
    with token_for(user) as token:
        yield token


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_documented(case, admin_token):
    call_and_check(case, admin_token)


def test_the_fuzzing_reaches_every_operation():
    from learningcity.platform.tests.permission_table import api_operations

    reached = {f"{op.method.upper()} {op.full_path}" for op in (result.ok() for result in schema.get_all_operations())}
    assert reached == set(api_operations())
