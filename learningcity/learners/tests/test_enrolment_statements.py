"""The enrolment side's xAPI statements reach the LRS: enrolled, waitlisted, attended, completed, withdrew."""

from __future__ import annotations

import pytest
from django.conf import settings

from learningcity.learners.services import statements
from learningcity.learners.services.attendance import attendance_record
from learningcity.learners.services.enrolments import enrolment_cancel, enrolment_complete
from learningcity.learners.tests.enrolment_setup import enrolled, past_session, running_run
from learningcity.learners.tests.enrolment_setup import fresh_lrs_cache  # noqa: F401 - autouse fixture
from learningcity.lrs import profile
from learningcity.lrs.selectors import statement_get, statements_for_agent

pytestmark = pytest.mark.django_db


def _verbs(user) -> list[str]:
    agent = statements.actor(user.pk)
    return sorted(s["verb"]["id"] for s in statements_for_agent(agent, limit=50))


def test_each_event_is_a_statement_about_the_run(gangnam, learner, gangnam_staff):
    run = running_run(gangnam, capacity=1)
    e = enrolled(run, learner)
    waiting = enrolled(run)
    day = past_session(run)
    attendance_record(enrolment=e, session_date=day, present=True, by=gangnam_staff)
    enrolment_complete(enrolment=e, by=gangnam_staff)
    assert _verbs(learner) == sorted([profile.VERBS["enrolled"].iri, profile.VERBS["attended"].iri,
                                      profile.VERBS["completed"].iri])
    assert _verbs(waiting.user) == [profile.VERBS["waitlisted"].iri]

    completed = statements_for_agent(statements.actor(learner.pk), verb=profile.VERBS["completed"].iri)[0]
    assert completed["actor"]["account"] == {"homePage": settings.BASE_URL, "name": str(learner.pk)}
    assert completed["object"]["id"] == f"{settings.BASE_URL}/runs/{run.pk}"
    assert completed["object"]["definition"]["type"] == profile.ACTIVITY_TYPES["run"]
    assert completed["result"] == {"completion": True}
    parents = completed["context"]["contextActivities"]["parent"]
    assert parents[0]["id"] == f"{settings.BASE_URL}/opportunities/{run.opportunity_id}"
    attended = statements_for_agent(statements.actor(learner.pk), verb=profile.VERBS["attended"].iri)[0]
    assert attended["object"]["id"] == f"{settings.BASE_URL}/runs/{run.pk}/sessions/{day.isoformat()}"
    assert attended["context"]["registration"] == completed["context"]["registration"]


def test_statement_ids_are_deterministic_and_a_retry_stores_nothing_twice(gangnam, learner):
    run = running_run(gangnam)
    e = enrolled(run, learner)
    sid = statements.statement_id(e, "enrolled", e.enrolled_at)
    assert statement_get(statement_id=str(sid), voided=False)
    assert statements.record(e, "enrolled", e.enrolled_at) == sid  # the retry: same id, nothing new
    assert len(statements_for_agent(statements.actor(learner.pk))) == 1


def test_corrected_attendance_voids_the_statement_and_marking_again_records_anew(gangnam, learner, gangnam_staff):
    run = running_run(gangnam)
    e = enrolled(run, learner)
    day = past_session(run)
    attended = profile.VERBS["attended"].iri

    def attendance_statements():  # the voiding statement refers to the voided one, so the query returns it too
        found = statements_for_agent(statements.actor(learner.pk), verb=attended)
        return [s for s in found if s["verb"]["id"] == attended]

    attendance_record(enrolment=e, session_date=day, present=True, by=gangnam_staff)
    assert len(attendance_statements()) == 1
    attendance_record(enrolment=e, session_date=day, present=False, by=gangnam_staff)
    assert attendance_statements() == []
    assert statement_get(statement_id=str(statements.statement_id(e, "attended", day)), voided=True)
    attendance_record(enrolment=e, session_date=day, present=True, by=gangnam_staff)
    assert len(attendance_statements()) == 1


def test_cancelling_says_withdrew(gangnam, learner):
    run = running_run(gangnam)
    enrolment_cancel(enrolment=enrolled(run, learner), by=learner)
    assert profile.VERBS["withdrew"].iri in _verbs(learner)


def test_a_failed_enrolment_leaves_no_statement(gangnam, learner):
    run = running_run(gangnam)
    enrolled(run, learner)
    with pytest.raises(Exception):
        enrolled(run, learner)
    assert len(statements_for_agent(statements.actor(learner.pk))) == 1
