"""Reviews on pages: the form after completion, the public panel (average + list), the provider's answer and the
city office hiding a review."""

from __future__ import annotations

import pytest

from learningcity.learners.models import Review
from learningcity.learners.services.reviews import review_create
from learningcity.learners.tests.enrolment_setup import completed, enrolled, running_run
from learningcity.learners.tests.enrolment_setup import fresh_lrs_cache  # noqa: F401 - autouse fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def test_review_after_completion_appears_on_the_run_and_opportunity_pages(english, gangnam, gangnam_staff, learner):
    run = running_run(gangnam)
    e = completed(run, gangnam_staff, learner)
    english.force_login(learner)
    assert f'href="/enrolments/{e.pk}/review/"' in english.get("/enrolments/").content.decode()
    response = english.post(f"/enrolments/{e.pk}/review/", {"rating": "4", "text": "Patient teacher."})
    assert response.status_code == 302 and response["Location"] == f"/runs/{run.pk}/"
    for url in (f"/runs/{run.pk}/", f"/opportunities/{run.opportunity_id}/"):
        page = english.get(url).content.decode()
        assert "Average rating 4.0 of 5, from 1 review." in page and "Patient teacher." in page
    page = english.post(f"/enrolments/{e.pk}/review/", {"rating": "2", "text": "again"}, follow=True).content.decode()
    assert "You have already reviewed this run." in page
    assert Review.objects.filter(enrolment=e).count() == 1


def test_review_form_errors_sit_next_to_their_fields(english, gangnam, gangnam_staff, learner):
    e = completed(running_run(gangnam), gangnam_staff, learner)
    english.force_login(learner)
    page = english.post(f"/enrolments/{e.pk}/review/", {"rating": "9", "text": "x" * 2001}).content.decode()
    assert "error-summary" in page and page.count('aria-invalid="true"') >= 1
    assert not Review.objects.filter(enrolment=e).exists()


def test_no_review_before_completion(english, gangnam, learner):
    e = enrolled(running_run(gangnam), learner)
    english.force_login(learner)
    page = english.post(f"/enrolments/{e.pk}/review/", {"rating": "5"}, follow=True).content.decode()
    assert "You can review a run once the provider has marked it completed." in page
    assert not Review.objects.exists() or not Review.objects.filter(enrolment=e).exists()


def test_provider_answers_and_city_office_hides(english, gangnam, gangnam_staff, other_staff, city_office, learner):
    run = running_run(gangnam)
    review = review_create(enrolment=completed(run, gangnam_staff, learner), rating=1, text="Rude words", by=learner)
    english.force_login(other_staff)
    assert english.post(f"/enrolments/reviews/{review.pk}/reply/", {"reply": "No"}).status_code == 404
    english.force_login(gangnam_staff)
    assert english.post(f"/enrolments/reviews/{review.pk}/reply/", {"reply": "Sorry to hear it."}).status_code == 302
    assert "Sorry to hear it." in english.get(f"/runs/{run.pk}/").content.decode()
    assert english.post(f"/enrolments/reviews/{review.pk}/hide/", {"reason": "x"}).status_code == 403
    english.force_login(city_office)
    page = english.get(f"/runs/{run.pk}/").content.decode()
    assert "Hide review" in page
    english.post(f"/enrolments/reviews/{review.pk}/hide/", {"reason": "Insults", "next": f"/runs/{run.pk}/"})
    assert Review.objects.get(pk=review.pk).hidden
    assert "Rude words" not in english.get(f"/runs/{run.pk}/").content.decode()
    english.logout()
    assert english.post(f"/enrolments/reviews/{review.pk}/reply/", {"reply": "x"}).status_code == 302
