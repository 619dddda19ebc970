"""Reviews: a learner rates a run they completed; the provider answers; the city office hides abuse."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learningcity.core import events
from learningcity.core.permissions import Actor, is_city_office, is_signed_in, require
from learningcity.core.services import audit_record
from learningcity.learners.models import REVIEW_TEXT_MAX, Enrolment, Review
from learningcity.learners.services.enrolments import is_run_staff

HIDE_REASON_MAX = 200


def _text(value, field: str, *, required: bool, limit: int = REVIEW_TEXT_MAX) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else None
    if text is None:
        raise ValidationError({field: [_("Write text here.")]})
    if required and not text:
        raise ValidationError({field: [_("This cannot be empty.")]})
    if len(text) > limit:
        raise ValidationError({field: [_("At most %(limit)d characters (this has %(count)d).")
                                       % {"limit": limit, "count": len(text)}]})
    return text


def _emit(action: str, review: Review, by: Actor, **detail) -> None:
    enrolment = review.enrolment
    audit_record(actor=by, action=f"review.{action}", obj=review, run=enrolment.run_id, **detail)
    events.emit(f"learners.review.{action}", review_id=review.pk, enrolment_id=enrolment.pk,
                run_id=enrolment.run_id, opportunity_id=enrolment.run.opportunity_id)


@transaction.atomic
def review_create(*, enrolment: Enrolment, rating, text: str, by: Actor) -> Review:
    """One review per enrolment, by its learner, once they completed the run."""
    require(is_signed_in(by) and by.pk == enrolment.user_id, _("Only the learner can review their own run."))
    if enrolment.status != Enrolment.Status.COMPLETED:
        raise ValidationError({"enrolment": [_("You can review a run once the provider has marked it completed.")]})
    if Review.objects.filter(enrolment=enrolment).exists():
        raise ValidationError({"enrolment": [_("You have already reviewed this run.")]})
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationError({"rating": [_("Choose a rating from 1 to 5.")]})
    text = _text(text, "text", required=False)
    try:
        with transaction.atomic():
            review = Review.objects.create(enrolment=enrolment, rating=rating, text=text)
    except IntegrityError as exc:  # the same person sent the form twice at once
        raise ValidationError({"enrolment": [_("You have already reviewed this run.")]}) from exc
    _emit("created", review, by, rating=rating)
    return review


@transaction.atomic
def review_reply(*, review: Review, text: str, by: Actor) -> Review:
    """The provider's public answer under the review (replaces an earlier answer)."""
    require(is_run_staff(by, review.enrolment.run), _("Only the provider's staff can answer reviews of its runs."))
    review.reply = _text(text, "reply", required=True)
    review.replied_at, review.replied_by = timezone.now(), by
    review.save(update_fields=["reply", "replied_at", "replied_by", "modified_at"])
    _emit("replied", review, by)
    return review


@transaction.atomic
def review_hide(*, review: Review, reason: str, by: Actor) -> Review:
    """Hide a review from the public (abuse, personal data...); the reason is kept for the record."""
    require(is_city_office(by), _("Only the city office can hide reviews."))
    review.hidden_reason = _text(reason, "reason", required=True, limit=HIDE_REASON_MAX)
    review.hidden = True
    review.save(update_fields=["hidden", "hidden_reason", "modified_at"])
    _emit("hidden", review, by, reason=review.hidden_reason)
    return review
