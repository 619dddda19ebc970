"""Reviews: by the learner after completion, once; the provider answers; the city office hides."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from learningcity.core.models import AuditEntry, DomainEvent
from learningcity.learners.models import REVIEW_TEXT_MAX, Review
from learningcity.learners.selectors import enrolments as selectors
from learningcity.learners.selectors import reviews_for_statistics
from learningcity.learners.services.reviews import review_create, review_hide, review_reply
from learningcity.learners.tests.enrolment_setup import completed, enrolled, running_run
from learningcity.learners.tests.enrolment_setup import fresh_lrs_cache  # noqa: F401 - autouse fixture

pytestmark = pytest.mark.django_db


def test_review_after_completion(gangnam, learner, gangnam_staff):
    run = running_run(gangnam)
    e = completed(run, gangnam_staff, learner)
    review = review_create(enrolment=e, rating=4, text="  Friendly teacher.  ", by=learner)
    assert (review.rating, review.text) == (4, "Friendly teacher.")
    assert AuditEntry.objects.filter(action="review.created", object_id=str(review.pk)).exists()
    assert DomainEvent.objects.filter(name="learners.review.created", payload__review_id=review.pk).exists()
    assert selectors.review_summary(selectors.visible_reviews(run=run)) == {"count": 1, "average": 4.0}


def test_review_refusals(gangnam, learner, gangnam_staff):
    run = running_run(gangnam)
    e = enrolled(run, learner)
    with pytest.raises(ValidationError) as exc:
        review_create(enrolment=e, rating=5, text="", by=learner)
    assert exc.value.message_dict["enrolment"] == ["You can review a run once the provider has marked it completed."]
    e = completed(run, gangnam_staff)
    with pytest.raises(PermissionDenied):
        review_create(enrolment=e, rating=5, text="", by=learner)  # someone else's enrolment
    with pytest.raises(PermissionDenied):
        review_create(enrolment=e, rating=5, text="", by=gangnam_staff)
    for rating in (0, 6, "5", None, True):
        with pytest.raises(ValidationError) as exc:
            review_create(enrolment=e, rating=rating, text="", by=e.user)
        assert "rating" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        review_create(enrolment=e, rating=5, text="x" * (REVIEW_TEXT_MAX + 1), by=e.user)
    assert exc.value.message_dict["text"] == [f"At most {REVIEW_TEXT_MAX} characters (this has {REVIEW_TEXT_MAX + 1})."]
    assert not Review.objects.filter(enrolment=e).exists()
    review_create(enrolment=e, rating=5, text="", by=e.user)
    with pytest.raises(ValidationError) as exc:
        review_create(enrolment=e, rating=3, text="again", by=e.user)
    assert exc.value.message_dict["enrolment"] == ["You have already reviewed this run."]
    assert Review.objects.filter(enrolment=e).count() == 1


def test_reply_by_the_providers_staff_only(gangnam, learner, gangnam_staff, other_staff):
    run = running_run(gangnam)
    review = review_create(enrolment=completed(run, gangnam_staff, learner), rating=2, text="Too fast.", by=learner)
    for intruder in (learner, other_staff):
        with pytest.raises(PermissionDenied):
            review_reply(review=review, text="Thanks", by=intruder)
    with pytest.raises(ValidationError) as exc:
        review_reply(review=review, text="   ", by=gangnam_staff)
    assert "reply" in exc.value.message_dict
    review = review_reply(review=review, text="We will slow down next term.", by=gangnam_staff)
    assert review.reply == "We will slow down next term." and review.replied_by == gangnam_staff


def test_hide_by_the_city_office_only(gangnam, learner, gangnam_staff, city_office):
    run = running_run(gangnam)
    review = review_create(enrolment=completed(run, gangnam_staff, learner), rating=1, text="Insults", by=learner)
    for intruder in (learner, gangnam_staff):
        with pytest.raises(PermissionDenied):
            review_hide(review=review, reason="abuse", by=intruder)
    with pytest.raises(ValidationError) as exc:
        review_hide(review=review, reason="", by=city_office)
    assert "reason" in exc.value.message_dict
    review_hide(review=review, reason="Insults a teacher by name", by=city_office)
    assert list(selectors.visible_reviews(run=run)) == []
    assert not reviews_for_statistics().filter(pk=review.pk).exists()
    assert list(selectors.reviews_for_staff(run=run, actor=gangnam_staff)) == [review]
