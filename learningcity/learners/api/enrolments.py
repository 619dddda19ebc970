"""Enrolment API: my enrolments (list, enrol, cancel), a run's roster, attendance and completion (the provider's
staff), reviews (write, answer, hide; a run's visible reviews are public).

Every write calls one service: permission, validation, audit, events and xAPI statements happen there.
Someone else's enrolment, or a roster of a provider you do not work for, answers 404.
"""

import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status

from learningcity.catalogue.models import OpportunityRun
from learningcity.catalogue.selectors import run_get_visible
from learningcity.core.api_auth import API_AUTH, request_actor
from learningcity.core.api_pagination import PageParams, page_of, page_schema
from learningcity.core.api_types import InputSchema, RecordId
from learningcity.core.problems import READ_ERRORS, WRITE_ERRORS, Problem
from learningcity.learners.models import REVIEW_TEXT_MAX, Enrolment, Review
from learningcity.learners.selectors import enrolments as selectors
from learningcity.learners.services import attendance as attendance_services
from learningcity.learners.services import enrolments as services
from learningcity.learners.services import reviews as review_services
from learningcity.learners.services.reviews import HIDE_REASON_MAX

router = Router(tags=["learners"])
StatusCode = Literal["enrolled", "waitlisted", "cancelled", "completed", "not_completed"]
AUTH_READ_ERRORS = {**READ_ERRORS, 401: Problem, 403: Problem}


class EnrolmentOut(Schema):
    id: int
    run_id: int
    opportunity_id: int
    title: str
    start_date: datetime.date
    end_date: datetime.date
    status: StatusCode
    waiting_position: int | None = Field(None, description="1 = next to get a place; only while waiting")
    enrolled_at: datetime.datetime | None
    waitlisted_at: datetime.datetime | None
    cancelled_at: datetime.datetime | None
    completed_at: datetime.datetime | None
    attended_hours: float
    credential_issued: bool


class RosterEntryOut(EnrolmentOut):
    user_id: int | None = Field(None, description="Empty once the person erased their account")
    name: str
    email: str
    sessions_present: list[datetime.date]


class RosterOut(Schema):
    run_id: int
    capacity: int | None
    seats_left: int | None
    waiting: int
    session_dates: list[datetime.date]
    entries: list[RosterEntryOut]


class EnrolIn(InputSchema):
    run_id: RecordId


class AttendanceIn(InputSchema):
    session_date: datetime.date
    present: bool


class SessionMark(InputSchema):
    enrolment_id: RecordId
    present: bool


class SessionAttendanceIn(InputSchema):
    session_date: datetime.date
    marks: list[SessionMark] = Field(..., max_length=10_000)


class CompletionIn(InputSchema):
    completed: bool = True


class ReviewIn(InputSchema):
    rating: int = Field(..., ge=1, le=5)
    text: str = Field("", max_length=REVIEW_TEXT_MAX)


class ReplyIn(InputSchema):
    text: str = Field(..., min_length=1, max_length=REVIEW_TEXT_MAX)


class HideIn(InputSchema):
    reason: str = Field(..., min_length=1, max_length=HIDE_REASON_MAX)


class ReviewOut(Schema):
    id: int
    run_id: int
    rating: int
    text: str
    created_at: datetime.datetime
    reply: str
    replied_at: datetime.datetime | None


class ReviewStaffOut(ReviewOut):
    hidden: bool
    hidden_reason: str


class ReviewsOut(Schema):
    count: int
    average: float | None
    items: list[ReviewOut]


def _enrolment_out(e: Enrolment, *, position: int | None = None) -> dict:
    run = e.run
    return {
        "id": e.pk, "run_id": run.pk, "opportunity_id": run.opportunity_id, "title": run.opportunity.title,
        "start_date": run.start_date, "end_date": run.end_date, "status": e.status,
        "waiting_position": position if position is not None else selectors.waiting_position(enrolment=e),
        "enrolled_at": e.enrolled_at, "waitlisted_at": e.waitlisted_at, "cancelled_at": e.cancelled_at,
        "completed_at": e.completed_at, "attended_hours": float(e.attended_hours),
        "credential_issued": e.credential_issued,
    }


def _review_out(r: Review, *, staff: bool = False) -> dict:
    out = {"id": r.pk, "run_id": r.enrolment.run_id, "rating": r.rating, "text": r.text, "created_at": r.created_at,
           "reply": r.reply, "replied_at": r.replied_at}
    if staff:
        out.update(hidden=r.hidden, hidden_reason=r.hidden_reason)
    return out


def _own(request, pk: int) -> Enrolment:
    try:
        return selectors.enrolment_get_own(pk=pk, user=request.user)
    except Enrolment.DoesNotExist:
        raise Http404("No such enrolment among yours.")


def _staff_run(request, pk: int) -> OpportunityRun:
    try:
        return selectors.run_for_staff(pk=pk, actor=request.user)
    except OpportunityRun.DoesNotExist:
        raise Http404("No such run among yours.")


def _staff_enrolment(request, pk: int) -> Enrolment:
    enrolment = Enrolment.objects.select_related("run__opportunity__provider").filter(pk=pk).first()
    if enrolment is None or not selectors.can_see_roster(request.user, enrolment.run):
        raise Http404("No such enrolment among your runs.")
    return enrolment


def _staff_review(request, pk: int) -> Review:
    review = Review.objects.select_related("enrolment__run__opportunity__provider").filter(pk=pk).first()
    if review is None or not selectors.can_see_roster(request.user, review.enrolment.run):
        raise Http404("No such review among your runs.")
    return review


def _relabel(exc: ValidationError) -> ValidationError:
    """The services name the run `run`; the API sends `run_id`."""
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError({{"run": "run_id", "enrolment": "enrolment_id"}.get(f, f): e
                            for f, e in exc.error_dict.items()})


# --- my enrolments -----------------------------------------------------------------------------------------------

@router.get("/me/enrolments", response={200: page_schema(EnrolmentOut), 400: Problem, 401: Problem}, auth=API_AUTH,
            summary="My enrolments, newest run first")
def my_enrolments(request, params: Query[PageParams]):
    return page_of(selectors.enrolments_of(user=request.user), params, _enrolment_out)


@router.post("/me/enrolments", response={201: EnrolmentOut, **WRITE_ERRORS}, auth=API_AUTH,
             summary="Enrol in a run (a place, or the waiting list when it is full)")
def enrol(request, payload: EnrolIn):
    try:
        run = run_get_visible(pk=payload.run_id, actor=request.user)
    except OpportunityRun.DoesNotExist:
        raise ValidationError({"run_id": [f"There is no run with id {payload.run_id}."]})
    try:
        enrolment = services.enrolment_create(user=request.user, run=run, by=request.user)
    except ValidationError as exc:
        raise _relabel(exc) from exc
    return Status(201, _enrolment_out(enrolment))


@router.get("/me/enrolments/{pk}", response={200: EnrolmentOut, **AUTH_READ_ERRORS}, auth=API_AUTH,
            summary="One of my enrolments")
def my_enrolment(request, pk: RecordId):
    return _enrolment_out(_own(request, pk))


@router.post("/me/enrolments/{pk}/cancel", response={200: EnrolmentOut, **WRITE_ERRORS}, auth=API_AUTH,
             summary="Cancel my place or leave the waiting list")
def cancel(request, pk: RecordId):
    return _enrolment_out(services.enrolment_cancel(enrolment=_own(request, pk), by=request.user))


@router.post("/me/enrolments/{pk}/review", response={201: ReviewOut, **WRITE_ERRORS}, auth=API_AUTH,
             summary="Review a run I completed (once)")
def review_create(request, pk: RecordId, payload: ReviewIn):
    try:
        review = review_services.review_create(enrolment=_own(request, pk), rating=payload.rating, text=payload.text,
                                               by=request.user)
    except ValidationError as exc:
        raise _relabel(exc) from exc
    return Status(201, _review_out(review))


# --- provider staff ------------------------------------------------------------------------------------------------

@router.get("/runs/{pk}/roster", response={200: RosterOut, **AUTH_READ_ERRORS}, auth=API_AUTH,
            summary="A run's roster and waiting list (the provider's staff)")
def run_roster(request, pk: RecordId, cancelled: bool = False):
    run = _staff_run(request, pk)
    rows = selectors.roster(run=run, actor=request.user, include_cancelled=cancelled)
    entries = []
    for row in rows:
        e = row.enrolment
        entry = _enrolment_out(e, position=row.position or 0)
        entry["waiting_position"] = row.position
        entry.update(user_id=e.user_id, name=selectors.person_label(e), email=e.user.email if e.user else "",
                     sessions_present=sorted(d for d, present in row.marks.items() if present))
        entries.append(entry)
    return {"run_id": run.pk, "capacity": run.capacity, "seats_left": selectors.seats_left(run=run),
            "waiting": sum(1 for r in rows if r.position), "session_dates": run.session_dates(), "entries": entries}


@router.post("/runs/{pk}/attendance", response={200: list[EnrolmentOut], **WRITE_ERRORS}, auth=API_AUTH,
             summary="Record one session's attendance for several people at once (the provider's staff)")
def run_attendance(request, pk: RecordId, payload: SessionAttendanceIn):
    run = _staff_run(request, pk)
    marks = {m.enrolment_id: m.present for m in payload.marks}
    enrolments = attendance_services.attendance_record_session(run=run, session_date=payload.session_date,
                                                               present=marks, by=request.user)
    return [_enrolment_out(e) for e in enrolments]


@router.post("/enrolments/{pk}/attendance", response={200: EnrolmentOut, **WRITE_ERRORS}, auth=API_AUTH,
             summary="Mark one person present or absent at one session (the provider's staff)")
def enrolment_attendance(request, pk: RecordId, payload: AttendanceIn):
    enrolment = attendance_services.attendance_record(enrolment=_staff_enrolment(request, pk),
                                                      session_date=payload.session_date, present=payload.present,
                                                      by=request.user)
    return _enrolment_out(enrolment)


@router.post("/enrolments/{pk}/completion", response={200: EnrolmentOut, **WRITE_ERRORS}, auth=API_AUTH,
             summary="Mark a person as having completed the run, or not (the provider's staff)")
def enrolment_completion(request, pk: RecordId, payload: CompletionIn):
    enrolment = services.enrolment_complete(enrolment=_staff_enrolment(request, pk), by=request.user,
                                            completed=payload.completed)
    return _enrolment_out(enrolment)


@router.get("/runs/{pk}/reviews/all", response={200: list[ReviewStaffOut], **AUTH_READ_ERRORS}, auth=API_AUTH,
            summary="Every review of a run, hidden ones too (the provider's staff)")
def run_reviews_staff(request, pk: RecordId):
    run = _staff_run(request, pk)
    return [_review_out(r, staff=True) for r in selectors.reviews_for_staff(run=run, actor=request.user)]


@router.post("/reviews/{pk}/reply", response={200: ReviewStaffOut, **WRITE_ERRORS}, auth=API_AUTH,
             summary="Answer a review of one of your runs (the provider's staff)")
def review_reply(request, pk: RecordId, payload: ReplyIn):
    review = review_services.review_reply(review=_staff_review(request, pk), text=payload.text, by=request.user)
    return _review_out(review, staff=True)


@router.post("/reviews/{pk}/hide", response={200: ReviewStaffOut, **WRITE_ERRORS}, auth=API_AUTH,
             summary="Hide a review from the public (the city office)")
def review_hide(request, pk: RecordId, payload: HideIn):
    review = Review.objects.select_related("enrolment__run__opportunity").filter(pk=pk).first()
    if review is None:
        raise Http404("No such review.")
    return _review_out(review_services.review_hide(review=review, reason=payload.reason, by=request.user), staff=True)


# --- public ----------------------------------------------------------------------------------------------------------

@router.get("/runs/{pk}/reviews", response={200: ReviewsOut, **READ_ERRORS}, summary="A run's visible reviews")
def run_reviews(request, pk: RecordId, params: Query[PageParams]):
    try:
        run = run_get_visible(pk=pk, actor=request_actor(request))
    except OpportunityRun.DoesNotExist:
        raise Http404("No such run.")
    qs = selectors.visible_reviews(run=run)
    summary = selectors.review_summary(qs)
    return {**summary, "items": [_review_out(r) for r in qs[params.offset: params.offset + params.limit]]}
