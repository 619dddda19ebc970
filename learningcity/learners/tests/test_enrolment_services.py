"""Enrolling, the waiting list, cancelling with promotion, completion and attendance: every rule and refusal."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from learningcity.catalogue import services as catalogue_services
from learningcity.core.models import AuditEntry, DomainEvent
from learningcity.learners.models import Attendance, Enrolment
from learningcity.learners.selectors import enrolments as selectors
from learningcity.learners.services.attendance import attendance_record, attendance_record_session
from learningcity.learners.services.enrolments import (
    enrolment_cancel, enrolment_complete, enrolment_create, enrolment_promote_waiting,
)
from learningcity.learners.tests.enrolment_setup import (
    enrolled, future_run, future_session, past_session, running_run,
)
from learningcity.learners.tests.enrolment_setup import fresh_lrs_cache  # noqa: F401 - autouse fixture
from learningcity.testing import factories

pytestmark = pytest.mark.django_db
Status = Enrolment.Status


def _events(name: str) -> list[dict]:
    return [e.payload for e in DomainEvent.objects.filter(name=name).order_by("id")]


# --- enrolling ----------------------------------------------------------------------------------------------------

def test_enrol_takes_a_seat_then_the_waiting_list(gangnam, learner):
    run = future_run(gangnam, capacity=1)
    first = enrolment_create(user=learner, run=run, by=learner)
    assert first.status == Status.ENROLLED and first.enrolled_at and first.waitlisted_at is None
    second_user = factories.user()
    second = enrolment_create(user=second_user, run=run, by=second_user)
    assert second.status == Status.WAITLISTED and second.enrolled_at is None and second.waitlisted_at
    assert selectors.seats_left(run=run) == 0
    assert selectors.waiting_position(enrolment=second) == 1
    assert AuditEntry.objects.filter(action="enrolment.created", object_id=str(first.pk)).exists()
    created = _events("learners.enrolment.created")
    assert [p["status"] for p in created[-2:]] == ["enrolled", "waitlisted"]
    assert created[-1] == {"enrolment_id": second.pk, "user_id": second_user.pk, "run_id": run.pk,
                           "opportunity_id": run.opportunity_id, "status": "waitlisted"}


def test_no_capacity_means_no_limit(gangnam):
    run = future_run(gangnam, capacity=None)
    statuses = {enrolled(run).status for _ in range(5)}
    assert statuses == {Status.ENROLLED}
    assert selectors.seats_left(run=run) is None


def test_enrolling_twice_is_refused(gangnam, learner):
    run = future_run(gangnam, capacity=1)
    enrolment_create(user=learner, run=run, by=learner)
    with pytest.raises(ValidationError) as exc:
        enrolment_create(user=learner, run=run, by=learner)
    assert exc.value.message_dict["run"] == ["You are already enrolled in this run."]
    waiting = factories.user()
    enrolment_create(user=waiting, run=run, by=waiting)
    with pytest.raises(ValidationError) as exc:
        enrolment_create(user=waiting, run=run, by=waiting)
    assert exc.value.message_dict["run"] == ["You are already on the waiting list for this run."]
    assert Enrolment.objects.filter(run=run).count() == 2


def test_enrolling_again_after_cancelling_is_allowed(gangnam, learner):
    run = future_run(gangnam)
    enrolment_cancel(enrolment=enrolled(run, learner), by=learner)
    assert enrolled(run, learner).status == Status.ENROLLED


@pytest.mark.parametrize("case, message", [
    ("draft", "This run is not published, so no one can enrol yet."),
    ("cancelled", "This run is cancelled."),
    ("ended", "This run has already ended."),
    ("not_open", "Enrolment opens on"),
    ("closed", "Enrolment closed on"),
])
def test_enrolment_refused_outside_its_window(gangnam, learner, case, message):
    now = timezone.now()
    data = {}
    if case == "not_open":
        data["enrolment_opens"] = now + datetime.timedelta(days=2)
    if case == "closed":
        data["enrolment_opens"], data["enrolment_closes"] = now - datetime.timedelta(days=5), now - datetime.timedelta(days=1)
    if case == "ended":
        run = future_run(gangnam, start_in_days=-40, days=10)
    else:
        run = future_run(gangnam, published=case != "draft", **data)
    if case == "cancelled":
        run = catalogue_services.run_cancel(run=run, by=None)
    with pytest.raises(ValidationError) as exc:
        enrolment_create(user=learner, run=run, by=learner)
    assert exc.value.message_dict["run"][0].startswith(message)
    assert not Enrolment.objects.filter(run=run).exists()


def test_enrolling_someone_else(gangnam, learner, gangnam_staff, other_staff, city_office):
    run = future_run(gangnam)
    stranger = factories.user()
    with pytest.raises(PermissionDenied):
        enrolment_create(user=learner, run=run, by=stranger)
    with pytest.raises(PermissionDenied):
        enrolment_create(user=learner, run=run, by=other_staff)
    from django.contrib.auth.models import AnonymousUser
    with pytest.raises(PermissionDenied):
        enrolment_create(user=learner, run=run, by=AnonymousUser())
    assert enrolment_create(user=learner, run=run, by=gangnam_staff).status == Status.ENROLLED
    with pytest.raises(ValidationError) as exc:
        enrolment_create(user=learner, run=run, by=city_office)
    assert exc.value.message_dict["run"] == ["This person is already enrolled in this run."]


# --- cancelling and the waiting list ------------------------------------------------------------------------------

def test_cancelling_promotes_the_next_person_and_tells_them(gangnam, learner, django_capture_on_commit_callbacks):
    run = future_run(gangnam, capacity=1)
    mine = enrolled(run, learner)
    first_waiting, second_waiting = enrolled(run), enrolled(run)
    assert selectors.waiting_position(enrolment=second_waiting) == 2
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = enrolment_cancel(enrolment=mine, by=learner)
    assert cancelled.status == Status.CANCELLED and cancelled.cancelled_at
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.status == Status.ENROLLED and first_waiting.enrolled_at
    assert second_waiting.status == Status.WAITLISTED
    assert selectors.waiting_position(enrolment=second_waiting) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [first_waiting.user.email]
    assert run.opportunity.title in message.subject
    assert f"/runs/{run.pk}/" in message.body and "/enrolments/" in message.body
    assert _events("learners.enrolment.promoted")[-1]["enrolment_id"] == first_waiting.pk


def test_leaving_the_waiting_list_promotes_no_one(gangnam, django_capture_on_commit_callbacks):
    run = future_run(gangnam, capacity=1)
    enrolled(run)
    waiting, behind = enrolled(run), enrolled(run)
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_cancel(enrolment=waiting, by=waiting.user)
    behind.refresh_from_db()
    assert behind.status == Status.WAITLISTED and selectors.waiting_position(enrolment=behind) == 1
    assert mail.outbox == []


def test_a_run_cancelled_by_its_provider_is_told_to_everyone_enrolled_or_waiting(
        gangnam, gangnam_staff, django_capture_on_commit_callbacks):
    run = future_run(gangnam, capacity=1)
    seated, waiting, gone = enrolled(run), enrolled(run), enrolled(run)
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_cancel(enrolment=gone, by=gone.user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        catalogue_services.run_cancel(run=run, by=gangnam_staff)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([seated.user.email, waiting.user.email])
    message = mail.outbox[0]
    assert run.opportunity.title in message.subject and "취소" in message.subject
    assert "cancelled by its provider" in message.body and "운영 기관이 취소했습니다" in message.body
    assert f"/runs/{run.pk}/" in message.body
    with django_capture_on_commit_callbacks(execute=True):
        catalogue_services.run_cancel(run=run, by=gangnam_staff)  # already cancelled: no second message
    assert len(mail.outbox) == 2


def test_cancelling_someone_elses_enrolment(gangnam, learner, gangnam_staff, other_staff, city_office):
    run = future_run(gangnam)
    mine = enrolled(run, learner)
    for intruder in (factories.user(), other_staff):
        with pytest.raises(PermissionDenied):
            enrolment_cancel(enrolment=mine, by=intruder)
    mine.refresh_from_db()
    assert mine.status == Status.ENROLLED
    assert enrolment_cancel(enrolment=mine, by=gangnam_staff).status == Status.CANCELLED
    assert enrolment_cancel(enrolment=enrolled(run), by=city_office).status == Status.CANCELLED


def test_cancelling_twice_or_after_completion_is_refused(gangnam, learner, gangnam_staff):
    run = running_run(gangnam)
    e = enrolled(run, learner)
    enrolment_complete(enrolment=e, by=gangnam_staff)
    with pytest.raises(ValidationError) as exc:
        enrolment_cancel(enrolment=e, by=learner)
    assert "status" in exc.value.message_dict
    other = enrolled(run)
    enrolment_cancel(enrolment=other, by=other.user)
    with pytest.raises(ValidationError):
        enrolment_cancel(enrolment=other, by=other.user)


def test_raising_the_capacity_fills_seats_from_the_waiting_list(gangnam, gangnam_staff, django_capture_on_commit_callbacks):
    run = future_run(gangnam, capacity=1)
    enrolled(run)
    waiting = [enrolled(run) for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        catalogue_services.run_update(run=run, by=gangnam_staff, capacity=3)
    statuses = [Enrolment.objects.get(pk=e.pk).status for e in waiting]
    assert statuses == [Status.ENROLLED, Status.ENROLLED, Status.WAITLISTED]
    assert len(mail.outbox) == 2
    with pytest.raises(PermissionDenied):
        enrolment_promote_waiting(run=run, by=factories.user())


# --- completion ---------------------------------------------------------------------------------------------------

def test_completion_by_staff_emits_the_event_credentials_listen_to(gangnam, learner, gangnam_staff):
    run = running_run(gangnam)
    e = enrolled(run, learner)
    done = enrolment_complete(enrolment=e, by=gangnam_staff, completed=True)
    assert done.status == Status.COMPLETED and done.completed_at
    assert _events("learners.enrolment.completed")[-1] == {
        "enrolment_id": e.pk, "user_id": learner.pk, "run_id": run.pk, "opportunity_id": run.opportunity_id,
        "status": "completed"}
    not_done = enrolment_complete(enrolment=e, by=gangnam_staff, completed=False)
    assert not_done.status == Status.NOT_COMPLETED and not_done.completed_at is None
    assert AuditEntry.objects.filter(action="enrolment.not_completed", object_id=str(e.pk)).exists()


def test_completion_refusals(gangnam, learner, gangnam_staff, other_staff):
    run = running_run(gangnam, capacity=1)
    e = enrolled(run, learner)
    for intruder in (learner, other_staff, factories.user()):
        with pytest.raises(PermissionDenied):
            enrolment_complete(enrolment=e, by=intruder)
    waiting = enrolled(run)
    with pytest.raises(ValidationError) as exc:
        enrolment_complete(enrolment=waiting, by=gangnam_staff)
    assert "status" in exc.value.message_dict
    upcoming = future_run(gangnam)
    with pytest.raises(ValidationError) as exc:
        enrolment_complete(enrolment=enrolled(upcoming), by=gangnam_staff)
    assert exc.value.message_dict["status"] == ["The run has not started yet."]


# --- attendance ---------------------------------------------------------------------------------------------------

def test_attendance_updates_hours_and_emits_the_share(gangnam, learner, gangnam_staff):
    run = running_run(gangnam)
    e = enrolled(run, learner)
    sessions = [d for d in run.session_dates() if d <= timezone.localdate()]
    attendance_record(enrolment=e, session_date=sessions[0], present=True, by=gangnam_staff)
    e = attendance_record(enrolment=e, session_date=sessions[1], present=True, by=gangnam_staff)
    assert e.attended_hours == Decimal("4.00")
    payload = _events("learners.attendance.recorded")[-1]
    assert payload["user_id"] == learner.pk and payload["enrolment_id"] == e.pk and payload["run_id"] == run.pk
    assert payload["attended_share"] == round(2 / len(run.session_dates()), 4)
    e = attendance_record(enrolment=e, session_date=sessions[1], present=False, by=gangnam_staff)
    assert e.attended_hours == Decimal("2.00")
    assert Attendance.objects.filter(enrolment=e).count() == 2
    count = DomainEvent.objects.filter(name="learners.attendance.recorded").count()
    attendance_record(enrolment=e, session_date=sessions[1], present=False, by=gangnam_staff)  # no change
    assert DomainEvent.objects.filter(name="learners.attendance.recorded").count() == count


def test_attendance_refusals(gangnam, learner, gangnam_staff, other_staff):
    run = running_run(gangnam, capacity=1)
    e = enrolled(run, learner)
    day = past_session(run)
    for intruder in (learner, other_staff):
        with pytest.raises(PermissionDenied):
            attendance_record(enrolment=e, session_date=day, present=True, by=intruder)
    not_a_session = next(d for d in (day - datetime.timedelta(days=n) for n in range(1, 7))
                         if d not in run.session_dates())
    cases = [(future_session(run), "This session has not happened yet."),
             (not_a_session, f"{not_a_session.isoformat()} is not a session of this run.")]
    for bad_day, message in cases:
        with pytest.raises(ValidationError) as exc:
            attendance_record(enrolment=e, session_date=bad_day, present=True, by=gangnam_staff)
        assert exc.value.message_dict["session_date"] == [message]
    waiting = enrolled(run)
    with pytest.raises(ValidationError) as exc:
        attendance_record(enrolment=waiting, session_date=day, present=True, by=gangnam_staff)
    assert "enrolment" in exc.value.message_dict
    assert not Attendance.objects.filter(enrolment__run=run).exists()


def test_attendance_for_a_whole_session(gangnam, gangnam_staff):
    run = running_run(gangnam)
    a, b = enrolled(run), enrolled(run)
    day = past_session(run)
    attendance_record_session(run=run, session_date=day, present={a.pk: True, b.pk: False}, by=gangnam_staff)
    assert dict(Attendance.objects.filter(session_date=day, enrolment__run=run).values_list(
        "enrolment_id", "present")) == {a.pk: True, b.pk: False}
    elsewhere = enrolled(running_run(gangnam))
    with pytest.raises(ValidationError) as exc:
        attendance_record_session(run=run, session_date=day, present={a.pk: False, elsewhere.pk: True},
                                  by=gangnam_staff)
    assert "present" in exc.value.message_dict
    assert Attendance.objects.get(enrolment=a, session_date=day).present is True  # all or nothing


def test_credential_awarded_for_an_enrolment_is_noted(gangnam, learner, gangnam_staff,
                                                      django_capture_on_commit_callbacks):
    from learningcity.credentials.models import AwardRule, Issuer
    from learningcity.credentials.services import achievement_create, award_rule_create, issuer_create

    run = running_run(gangnam)
    issuer = Issuer.objects.filter(provider=gangnam).first() or issuer_create(
        by=None, name="Gangnam-gu", provider=gangnam, url="https://www.gangnam.go.kr")
    achievement = achievement_create(issuer=issuer, by=None, opportunities=[run.opportunity], name="Pottery",
                                     description="Made a pot.", criteria="Completed the course.")
    award_rule_create(achievement=achievement, by=None, trigger=AwardRule.Trigger.COMPLETED)
    e = enrolled(run, learner)
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_complete(enrolment=e, by=gangnam_staff)
    e.refresh_from_db()
    assert e.credential_issued is True
