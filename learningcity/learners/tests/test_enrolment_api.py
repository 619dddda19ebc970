"""The enrolment API: my enrolments, rosters, attendance, completion, reviews; validation as 400 problems with
`errors: [{field, message}]`; every crossing refused (401 anonymous, 404 someone else's, 403 not allowed)."""

from __future__ import annotations

import json

import pytest

from learningcity.learners.models import Attendance, Enrolment, Review
from learningcity.learners.tests.enrolment_setup import completed, enrolled, future_run, past_session, running_run
from learningcity.learners.tests.enrolment_setup import fresh_lrs_cache  # noqa: F401 - autouse fixture
from learningcity.testing import factories

pytestmark = pytest.mark.django_db
API = "/api/v1"
Status = Enrolment.Status


def post(client, url, data=None):
    # In English: the API answers in the caller's language (Korean by default), and the tests read messages.
    return client.post(url, data=json.dumps(data or {}, default=str), content_type="application/json",
                       HTTP_ACCEPT_LANGUAGE="en")


def assert_problem(response, status: int, *fields: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"]
    if fields:
        assert {e["field"] for e in body["errors"]} >= set(fields), body
        assert all(e["message"] for e in body["errors"])
    return body


def test_enrol_list_and_cancel(token_client, gangnam, learner):
    run = future_run(gangnam, capacity=1)
    api = token_client(learner)
    created = post(api, f"{API}/me/enrolments", {"run_id": run.pk})
    assert created.status_code == 201
    body = created.json()
    assert (body["run_id"], body["status"], body["waiting_position"]) == (run.pk, "enrolled", None)
    other = token_client(factories.user())
    waiting = post(other, f"{API}/me/enrolments", {"run_id": run.pk}).json()
    assert (waiting["status"], waiting["waiting_position"]) == ("waitlisted", 1)
    listed = api.get(f"{API}/me/enrolments").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == body["id"]
    assert api.get(f"{API}/me/enrolments/{body['id']}").json()["title"] == run.opportunity.title
    cancelled = post(api, f"{API}/me/enrolments/{body['id']}/cancel")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert other.get(f"{API}/me/enrolments/{waiting['id']}").json()["status"] == "enrolled"  # promoted


def test_enrol_validation_problems(token_client, gangnam, learner):
    api = token_client(learner)
    run = future_run(gangnam)
    post(api, f"{API}/me/enrolments", {"run_id": run.pk})
    body = assert_problem(post(api, f"{API}/me/enrolments", {"run_id": run.pk}), 400, "run_id")
    assert body["errors"][0]["message"] == "You are already enrolled in this run."
    ended = future_run(gangnam, start_in_days=-40, days=10)
    assert_problem(post(api, f"{API}/me/enrolments", {"run_id": ended.pk}), 400, "run_id")
    assert_problem(post(api, f"{API}/me/enrolments", {"run_id": 2**62}), 400, "run_id")
    assert_problem(post(api, f"{API}/me/enrolments", {"run_id": "x"}), 400)
    assert_problem(post(api, f"{API}/me/enrolments", {}), 400)
    draft = future_run(gangnam, published=False)
    assert_problem(post(api, f"{API}/me/enrolments", {"run_id": draft.pk}), 400, "run_id")
    assert Enrolment.objects.filter(user=learner).count() == 1


def test_anonymous_is_refused(client, gangnam):
    run = future_run(gangnam)
    e = enrolled(run)
    assert_problem(client.get(f"{API}/me/enrolments"), 401)
    assert_problem(post(client, f"{API}/me/enrolments", {"run_id": run.pk}), 401)
    assert_problem(post(client, f"{API}/me/enrolments/{e.pk}/cancel"), 401)
    assert_problem(client.get(f"{API}/runs/{run.pk}/roster"), 401)
    assert not Enrolment.objects.filter(run=run).exclude(pk=e.pk).exists()


def test_someone_elses_enrolment_is_not_found(token_client, gangnam, learner):
    theirs = enrolled(future_run(gangnam))
    api = token_client(learner)
    assert_problem(api.get(f"{API}/me/enrolments/{theirs.pk}"), 404)
    assert_problem(post(api, f"{API}/me/enrolments/{theirs.pk}/cancel"), 404)
    assert_problem(post(api, f"{API}/me/enrolments/{theirs.pk}/review", {"rating": 5}), 404)
    assert Enrolment.objects.get(pk=theirs.pk).status == Status.ENROLLED


def test_roster_attendance_and_completion_by_staff(token_client, gangnam, gangnam_staff):
    run = running_run(gangnam, capacity=1)
    a, waiting = enrolled(run), enrolled(run)
    api = token_client(gangnam_staff)
    roster = api.get(f"{API}/runs/{run.pk}/roster").json()
    assert (roster["capacity"], roster["seats_left"], roster["waiting"]) == (1, 0, 1)
    assert [(e["id"], e["status"], e["waiting_position"]) for e in roster["entries"]] == [
        (a.pk, "enrolled", None), (waiting.pk, "waitlisted", 1)]
    assert roster["entries"][0]["email"] == a.user.email
    day = past_session(run)
    marked = post(api, f"{API}/runs/{run.pk}/attendance",
                  {"session_date": day, "marks": [{"enrolment_id": a.pk, "present": True}]})
    assert marked.status_code == 200 and marked.json()[0]["attended_hours"] == 2.0
    one = post(api, f"{API}/enrolments/{a.pk}/attendance", {"session_date": day, "present": False})
    assert one.json()["attended_hours"] == 0.0
    assert_problem(post(api, f"{API}/enrolments/{waiting.pk}/attendance", {"session_date": day, "present": True}),
                   400, "enrolment")
    assert_problem(post(api, f"{API}/enrolments/{a.pk}/attendance", {"session_date": "2001-01-01", "present": True}),
                   400, "session_date")
    assert_problem(post(api, f"{API}/runs/{run.pk}/attendance",
                        {"session_date": day, "marks": [{"enrolment_id": enrolled(running_run(gangnam)).pk,
                                                         "present": True}]}), 400, "present")
    done = post(api, f"{API}/enrolments/{a.pk}/completion", {"completed": True})
    assert done.json()["status"] == "completed" and done.json()["completed_at"]
    roster = api.get(f"{API}/runs/{run.pk}/roster").json()
    assert roster["entries"][0]["sessions_present"] == []


@pytest.mark.parametrize("who", ["other_staff", "learner"])
def test_other_providers_staff_and_learners_cannot_touch_a_roster(token_client, request, gangnam, who):
    run = running_run(gangnam)
    a = enrolled(run)
    api = token_client(request.getfixturevalue(who))
    day = past_session(run)
    assert_problem(api.get(f"{API}/runs/{run.pk}/roster"), 404)
    assert_problem(post(api, f"{API}/runs/{run.pk}/attendance",
                        {"session_date": day, "marks": [{"enrolment_id": a.pk, "present": True}]}), 404)
    assert_problem(post(api, f"{API}/enrolments/{a.pk}/attendance", {"session_date": day, "present": True}), 404)
    assert_problem(post(api, f"{API}/enrolments/{a.pk}/completion", {"completed": True}), 404)
    assert_problem(api.get(f"{API}/runs/{run.pk}/reviews/all"), 404)
    assert not Attendance.objects.filter(enrolment=a).exists()
    assert Enrolment.objects.get(pk=a.pk).status == Status.ENROLLED


def test_reviews(token_client, client, gangnam, gangnam_staff, other_staff, city_office, learner):
    run = running_run(gangnam)
    e = completed(run, gangnam_staff, learner)
    api = token_client(learner)
    assert_problem(post(api, f"{API}/me/enrolments/{e.pk}/review", {"rating": 6}), 400, "rating")
    assert_problem(post(api, f"{API}/me/enrolments/{e.pk}/review", {"rating": 5, "text": "x" * 2001}), 400, "text")
    created = post(api, f"{API}/me/enrolments/{e.pk}/review", {"rating": 5, "text": "Loved it"})
    assert created.status_code == 201
    review_id = created.json()["id"]
    body = assert_problem(post(api, f"{API}/me/enrolments/{e.pk}/review", {"rating": 4}), 400, "enrolment_id")
    assert body["errors"][0]["message"] == "You have already reviewed this run."
    public = client.get(f"{API}/runs/{run.pk}/reviews").json()
    assert (public["count"], public["average"], public["items"][0]["text"]) == (1, 5.0, "Loved it")
    assert_problem(post(token_client(other_staff), f"{API}/reviews/{review_id}/reply", {"text": "no"}), 404)
    replied = post(token_client(gangnam_staff), f"{API}/reviews/{review_id}/reply", {"text": "Thank you!"})
    assert replied.json()["reply"] == "Thank you!"
    assert_problem(post(token_client(gangnam_staff), f"{API}/reviews/{review_id}/hide", {"reason": "x"}), 403)
    assert_problem(post(token_client(city_office), f"{API}/reviews/{review_id}/hide", {"reason": ""}), 400, "reason")
    hidden = post(token_client(city_office), f"{API}/reviews/{review_id}/hide", {"reason": "Spam"})
    assert hidden.json()["hidden"] is True
    assert client.get(f"{API}/runs/{run.pk}/reviews").json()["count"] == 0
    staff_view = token_client(gangnam_staff).get(f"{API}/runs/{run.pk}/reviews/all").json()
    assert staff_view[0]["hidden_reason"] == "Spam"


def test_review_before_completion_is_a_400(token_client, gangnam, learner):
    e = enrolled(running_run(gangnam), learner)
    body = assert_problem(post(token_client(learner), f"{API}/me/enrolments/{e.pk}/review", {"rating": 5}), 400,
                          "enrolment_id")
    assert "completed" in body["errors"][0]["message"]
    assert not Review.objects.filter(enrolment=e).exists()
