"""The enrolment pages: enrol panel on run and opportunity pages, My enrolments, cancelling, and every crossing
(anonymous posting, someone else's enrolment) refused."""

from __future__ import annotations

import pytest
from django.core import mail

from learningcity.catalogue import services as catalogue_services
from learningcity.learners.models import Enrolment
from learningcity.learners.tests.enrolment_setup import enrolled, future_run, running_run
from learningcity.learners.tests.enrolment_setup import fresh_lrs_cache  # noqa: F401 - autouse fixture
from learningcity.testing import factories

pytestmark = pytest.mark.django_db
Status = Enrolment.Status


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_anonymous_visitors_browse_and_are_asked_to_sign_in(english, gangnam):
    run = future_run(gangnam, capacity=3)
    page = text(english.get(f"/runs/{run.pk}/"))
    assert "3 places left." in page and "Sign in to enrol" in page and f"/login/?next=%2Fruns%2F{run.pk}%2F" in page
    response = english.post(f"/enrolments/runs/{run.pk}/enrol/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not Enrolment.objects.filter(run=run).exists()


def test_enrol_from_the_run_page_then_the_waiting_list(english, gangnam, learner):
    run = future_run(gangnam, capacity=1)
    english.force_login(learner)
    response = english.post(f"/enrolments/runs/{run.pk}/enrol/", {"next": f"/runs/{run.pk}/"}, follow=True)
    page = text(response)
    assert "You are enrolled." in page and "You have a place on this run." in page and "Cancel my place" in page
    other = factories.user()
    english.force_login(other)
    page = text(english.get(f"/runs/{run.pk}/"))
    assert "All places are taken; 0 people are on the waiting list." in page and "Join the waiting list" in page
    page = text(english.post(f"/enrolments/runs/{run.pk}/enrol/", follow=True))
    assert "you are on the waiting list, number 1" in page
    assert "You are on the waiting list: number 1." in page and "Leave the waiting list" in page
    page = text(english.post(f"/enrolments/runs/{run.pk}/enrol/", follow=True))  # twice
    assert "You are already on the waiting list for this run." in page
    assert Enrolment.objects.filter(run=run, user=other).count() == 1


def test_opportunity_page_lists_places_per_run(english, gangnam, learner):
    run = future_run(gangnam, capacity=2)
    english.force_login(learner)
    enrolled(run, learner)
    page = text(english.get(f"/opportunities/{run.opportunity_id}/"))
    assert "Places and enrolment" in page and "1 place left." in page and "You have a place on this run." in page


def test_closed_and_ended_runs_say_why(english, gangnam, learner):
    ended = future_run(gangnam, start_in_days=-40, days=10)
    english.force_login(learner)
    assert "This run has ended." in text(english.get(f"/runs/{ended.pk}/"))
    page = text(english.post(f"/enrolments/runs/{ended.pk}/enrol/", follow=True))
    assert "This run has already ended." in page
    assert not Enrolment.objects.filter(run=ended).exists()


def test_my_enrolments_and_cancelling(english, gangnam, learner, django_capture_on_commit_callbacks):
    run = future_run(gangnam, capacity=1)
    mine = enrolled(run, learner)
    waiting = enrolled(run)
    english.force_login(learner)
    page = text(english.get("/enrolments/"))
    assert run.opportunity.title in page and "Enrolled" in page
    with django_capture_on_commit_callbacks(execute=True):
        page = text(english.post(f"/enrolments/{mine.pk}/cancel/", follow=True))
    assert "Cancelled." in page
    assert Enrolment.objects.get(pk=waiting.pk).status == Status.ENROLLED
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [waiting.user.email]


def test_my_enrolments_say_when_the_provider_cancelled_the_run(english, gangnam, gangnam_staff, learner):
    run = future_run(gangnam)
    enrolled(run, learner)
    english.force_login(learner)
    assert "The provider cancelled this run." not in text(english.get("/enrolments/"))
    catalogue_services.run_cancel(run=run, by=gangnam_staff)
    assert "The provider cancelled this run." in text(english.get("/enrolments/"))


def test_someone_elses_enrolment_is_not_found(client, gangnam, learner, other_staff):
    run = future_run(gangnam)
    theirs = enrolled(run)
    for intruder in (learner, other_staff):
        client.force_login(intruder)
        assert client.post(f"/enrolments/{theirs.pk}/cancel/").status_code == 404
        assert client.get(f"/enrolments/{theirs.pk}/review/").status_code == 404
    assert Enrolment.objects.get(pk=theirs.pk).status == Status.ENROLLED
    client.logout()
    assert client.post(f"/enrolments/{theirs.pk}/cancel/").status_code == 302  # to the sign-in page


def test_my_enrolments_needs_an_account_and_is_in_the_account_menu(client, learner):
    assert client.get("/enrolments/").status_code == 302
    client.force_login(learner)
    client.cookies["django_language"] = "en"
    assert 'href="/enrolments/"' in text(client.get("/account/"))


def test_pages_in_korean(client, gangnam, learner):
    run = running_run(gangnam, capacity=1)
    enrolled(run)
    client.force_login(learner)
    page = text(client.get(f"/runs/{run.pk}/"))
    assert "대기자 명단에 등록" in page
