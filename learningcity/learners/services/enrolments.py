"""Enrolling, the waiting list, cancelling and completion.

Seats are counted under a lock on the run, so two people racing for the last seat never both get it:
PostgreSQL locks the run row (`SELECT … FOR UPDATE`); SQLite has one writer at a time and our transactions
begin IMMEDIATE (settings), and `_lock_run` writes to the run row first in case a transaction was begun
deferred, so the count always happens inside the write lock.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from learningcity.catalogue.models import OpportunityRun
from learningcity.catalogue.permissions import can_edit_provider_records
from learningcity.core import events
from learningcity.core.permissions import Actor, is_signed_in, require
from learningcity.core.services import audit_record
from learningcity.learners.models import Enrolment
from learningcity.learners.services import statements

Status = Enrolment.Status


def is_run_staff(actor: Actor, run: OpportunityRun) -> bool:
    """The run's provider staff or the city office (signed in: the system acts through `by=None` only where
    a service says so)."""
    return is_signed_in(actor) and can_edit_provider_records(actor, run.opportunity.provider)


def _lock_run(run: OpportunityRun) -> OpportunityRun:
    """The run, re-read under a lock held until the transaction ends (see the module docstring)."""
    qs = OpportunityRun.objects.select_related("opportunity", "opportunity__provider", "venue__district")
    if connection.features.has_select_for_update:
        qs = qs.select_for_update(of=("self",))
    else:
        OpportunityRun.objects.filter(pk=run.pk).update(status=F("status"))  # a write: takes SQLite's lock
    return qs.get(pk=run.pk)


def seats_taken(run: OpportunityRun) -> int:
    return Enrolment.objects.filter(run=run, status__in=Enrolment.SEAT_STATUSES).count()


def _emit(action: str, enrolment: Enrolment, by: Actor, **detail: Any) -> None:
    audit_record(actor=by, action=f"enrolment.{action}", obj=enrolment, run=enrolment.run_id,
                 user=enrolment.user_id, **detail)
    events.emit(f"learners.enrolment.{action}", enrolment_id=enrolment.pk, user_id=enrolment.user_id,
                run_id=enrolment.run_id, opportunity_id=enrolment.run.opportunity_id, status=enrolment.status)


def _check_can_enrol(run: OpportunityRun, now) -> None:
    today = timezone.localdate(now)
    if run.is_cancelled:
        raise ValidationError({"run": [_("This run is cancelled.")]})
    if not run.is_public:
        raise ValidationError({"run": [_("This run is not published, so no one can enrol yet.")]})
    if run.end_date < today:
        raise ValidationError({"run": [_("This run has already ended.")]})
    if not run.enrolment_is_open(now):
        if run.enrolment_opens and now < run.enrolment_opens:
            when = timezone.localtime(run.enrolment_opens).strftime("%Y-%m-%d %H:%M")
            raise ValidationError({"run": [_("Enrolment opens on %(when)s.") % {"when": when}]})
        when = timezone.localtime(run.enrolment_closes).strftime("%Y-%m-%d %H:%M")
        raise ValidationError({"run": [_("Enrolment closed on %(when)s.") % {"when": when}]})


@transaction.atomic
def enrolment_create(*, user, run: OpportunityRun, by: Actor) -> Enrolment:
    """A place on the run if a seat is free, else a place on its waiting list."""
    require(by is None or is_signed_in(by), _("Sign in to enrol."))
    require(by is None or by == user or is_run_staff(by, run), _("You can only enrol yourself."))
    run = _lock_run(run)
    now = timezone.now()
    _check_can_enrol(run, now)
    live = Enrolment.objects.filter(user=user, run=run, status__in=Enrolment.LIVE_STATUSES).first()
    if live is not None:
        if live.status == Status.WAITLISTED:
            message = _("You are already on the waiting list for this run.") if by is None or by == user else \
                _("This person is already on the waiting list for this run.")
        else:
            message = _("You are already enrolled in this run.") if by is None or by == user else \
                _("This person is already enrolled in this run.")
        raise ValidationError({"run": [message]})
    has_seat = run.capacity is None or seats_taken(run) < run.capacity
    enrolment = Enrolment.objects.create(
        user=user, run=run, status=Status.ENROLLED if has_seat else Status.WAITLISTED,
        enrolled_at=now if has_seat else None, waitlisted_at=None if has_seat else now)
    enrolment.run = run
    statements.record(enrolment, "enrolled" if has_seat else "waitlisted", now)
    _emit("created", enrolment, by)
    return enrolment


def _promote_waiting(run: OpportunityRun, by: Actor) -> list[Enrolment]:
    """Give free seats to the waiting list in order (joined first, then id). Call with the run locked."""
    if run.capacity is None:
        free = None
    else:
        free = run.capacity - seats_taken(run)
        if free <= 0:
            return []
    waiting = Enrolment.objects.filter(run=run, status=Status.WAITLISTED).order_by("waitlisted_at", "id")
    promoted = list(waiting if free is None else waiting[:free])
    now = timezone.now()
    for enrolment in promoted:
        enrolment.status, enrolment.enrolled_at, enrolment.run = Status.ENROLLED, now, run
        enrolment.save(update_fields=["status", "enrolled_at", "modified_at"])
        statements.record(enrolment, "enrolled", now)
        _emit("promoted", enrolment, by)
        if enrolment.user_id is not None:
            transaction.on_commit(lambda e=enrolment: _tell_promoted(e))
    return promoted


def _mail_in_both_languages(user, subject: str, body: str, values: dict[str, str]) -> None:
    """One e-mail, Korean then English (we do not know which the person reads); `subject` and `body` are the
    English source strings, translated here."""
    parts, subjects = [], []
    for language in ("ko", "en"):
        with translation.override(language):
            subjects.append(_(subject) % values)
            parts.append(_(body) % values)
    send_mail(subjects[0], "\n\n---\n\n".join(parts), None, [user.email], fail_silently=False)


def _run_values(run: OpportunityRun, user) -> dict[str, str]:
    return {"name": user.display_name or user.email, "title": run.opportunity.title,
            "start": run.start_date.isoformat(), "link": settings.BASE_URL + reverse("catalogue:run", args=[run.pk]),
            "mine": settings.BASE_URL + reverse("learners:my-enrolments")}


def _tell_promoted(enrolment: Enrolment) -> None:
    """The e-mail saying a place came free."""
    # Marked for translation here; translated in `_mail_in_both_languages`.
    _mail_in_both_languages(
        enrolment.user,
        gettext_noop("A place is yours: %(title)s"),
        gettext_noop(
            "Hello %(name)s,\n\nA place came free on %(title)s, starting %(start)s, and it is now yours: you "
            "were next on the waiting list.\n\nThe run: %(link)s\nYour enrolments (to cancel if you can no "
            "longer come): %(mine)s\n"),
        _run_values(enrolment.run, enrolment.user))


def tell_run_cancelled(*, run: OpportunityRun) -> int:
    """E-mail everyone with a place on `run`, or on its waiting list, that the provider cancelled it; returns
    how many were told. Called after the cancellation committed (the catalogue's `catalogue.run.cancelled`)."""
    told = 0
    people = (Enrolment.objects.filter(run=run, status__in=(Status.ENROLLED, Status.WAITLISTED), user__isnull=False)
              .select_related("user", "run__opportunity").order_by("id"))
    for enrolment in people:
        _mail_in_both_languages(
            enrolment.user,
            gettext_noop("Cancelled by the provider: %(title)s"),
            gettext_noop(
                "Hello %(name)s,\n\n%(title)s, which was to start %(start)s, has been cancelled by its provider. "
                "You had a place or were on the waiting list; there is nothing you need to do.\n\nThe run: "
                "%(link)s\nYour enrolments: %(mine)s\n"),
            _run_values(run, enrolment.user))
        told += 1
    return told


@transaction.atomic
def enrolment_promote_waiting(*, run: OpportunityRun, by: Actor) -> list[Enrolment]:
    """Fill seats that came free (e.g. the provider raised the capacity) from the waiting list."""
    require(by is None or is_run_staff(by, run), _("Only the provider's staff can manage this run's waiting list."))
    run = _lock_run(run)
    if run.is_cancelled or run.end_date < timezone.localdate():
        return []
    return _promote_waiting(run, by)


@transaction.atomic
def enrolment_cancel(*, enrolment: Enrolment, by: Actor) -> Enrolment:
    """Leave the run or its waiting list; a freed seat goes to the next person waiting, who is told."""
    run = enrolment.run
    require(by is None or (is_signed_in(by) and (by.pk == enrolment.user_id or is_run_staff(by, run))),
            _("You can only cancel your own enrolments."))
    run = _lock_run(run)
    enrolment = Enrolment.objects.get(pk=enrolment.pk)
    enrolment.run = run
    if enrolment.status not in (Status.ENROLLED, Status.WAITLISTED):
        raise ValidationError({"status": [_("Only a place or a place on the waiting list can be cancelled; this "
                                            "enrolment is %(status)s.") % {"status": enrolment.get_status_display()}]})
    if run.end_date < timezone.localdate():
        raise ValidationError({"status": [_("This run has already ended.")]})
    had_seat = enrolment.status == Status.ENROLLED
    now = timezone.now()
    enrolment.status, enrolment.cancelled_at = Status.CANCELLED, now
    enrolment.save(update_fields=["status", "cancelled_at", "modified_at"])
    statements.record(enrolment, "withdrew", now)
    _emit("cancelled", enrolment, by, had_seat=had_seat)
    if had_seat and not run.is_cancelled:
        _promote_waiting(run, by)
    return enrolment


@transaction.atomic
def enrolment_complete(*, enrolment: Enrolment, by: Actor, completed: bool = True) -> Enrolment:
    """The provider's verdict: completed or did not complete. Only for people who had a place."""
    run = enrolment.run
    require(by is None or is_run_staff(by, run), _("Only the provider's staff can mark completion."))
    run = _lock_run(run)
    enrolment = Enrolment.objects.get(pk=enrolment.pk)
    enrolment.run = run
    if enrolment.status not in Enrolment.SEAT_STATUSES:
        raise ValidationError({"status": [_("Only someone with a place can complete a run; this enrolment is "
                                            "%(status)s.") % {"status": enrolment.get_status_display()}]})
    if run.start_date > timezone.localdate():
        raise ValidationError({"status": [_("The run has not started yet.")]})
    target = Status.COMPLETED if completed else Status.NOT_COMPLETED
    if enrolment.status == target:
        return enrolment
    previous_completion = enrolment.completed_at if enrolment.status == Status.COMPLETED else None
    now = timezone.now()
    enrolment.status = target
    enrolment.completed_at = now if completed else None
    enrolment.save(update_fields=["status", "completed_at", "modified_at"])
    if completed:
        statements.record(enrolment, "completed", now, result={"completion": True})
    elif previous_completion is not None:
        statements.void(enrolment, "completed", previous_completion)
    _emit("completed" if completed else "not_completed", enrolment, by)
    return enrolment


@transaction.atomic
def enrolment_mark_credential(*, enrolment: Enrolment, by: Actor = None) -> Enrolment:
    """Note that a credential was awarded for this enrolment (the credentials app's event, as the system)."""
    require(by is None, _("Only the platform records awarded credentials."))
    if not enrolment.credential_issued:
        enrolment.credential_issued = True
        enrolment.save(update_fields=["credential_issued", "modified_at"])
        audit_record(actor=by, action="enrolment.credential_issued", obj=enrolment)
        events.emit("learners.enrolment.credential_issued", enrolment_id=enrolment.pk, user_id=enrolment.user_id,
                    run_id=enrolment.run_id)
    return enrolment
