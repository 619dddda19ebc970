"""Attendance: present or absent at each session of a run, recorded by the provider's staff."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learningcity.catalogue.models import OpportunityRun
from learningcity.core import events
from learningcity.core.permissions import Actor, require
from learningcity.core.services import audit_record
from learningcity.learners.models import Attendance, Enrolment
from learningcity.learners.services import statements
from learningcity.learners.services.enrolments import is_run_staff


def _check_session(run: OpportunityRun, session_date) -> datetime.date:
    if not isinstance(session_date, datetime.date) or isinstance(session_date, datetime.datetime):
        raise ValidationError({"session_date": [_("Give the session's date (YYYY-MM-DD).")]})
    if session_date not in run.session_dates():
        raise ValidationError({"session_date": [_("%(date)s is not a session of this run.")
                                                % {"date": session_date.isoformat()}]})
    if session_date > timezone.localdate():
        raise ValidationError({"session_date": [_("This session has not happened yet.")]})
    return session_date


def _record(enrolment: Enrolment, session_date: datetime.date, present: bool, by: Actor) -> Enrolment:
    run = enrolment.run
    if enrolment.status not in Enrolment.SEAT_STATUSES:
        raise ValidationError({"enrolment": [_("Attendance is recorded only for people with a place; this "
                                               "enrolment is %(status)s.") % {"status": enrolment.get_status_display()}]})
    if not isinstance(present, bool):
        raise ValidationError({"present": [_("Say present or absent.")]})
    mark, created = Attendance.objects.get_or_create(
        enrolment=enrolment, session_date=session_date,
        defaults={"present": present, "recorded_by": by if getattr(by, "pk", None) else None})
    if not created and mark.present == present:
        return enrolment  # nothing changed: no audit, no event, no statement
    if not created:
        mark.present, mark.recorded_by = present, by if getattr(by, "pk", None) else None
        mark.save(update_fields=["present", "recorded_by", "recorded_at"])
    sessions = run.session_dates()
    present_count = Attendance.objects.filter(enrolment=enrolment, present=True).count()
    enrolment.attended_hours = Decimal(str(round(present_count * run.session_hours(), 2)))
    enrolment.save(update_fields=["attended_hours", "modified_at"])
    statements.record_attendance(enrolment, session_date, present)
    audit_record(actor=by, action="attendance.record", obj=enrolment, session_date=session_date.isoformat(),
                 present=present)
    events.emit("learners.attendance.recorded", user_id=enrolment.user_id, run_id=run.pk,
                opportunity_id=run.opportunity_id, enrolment_id=enrolment.pk, session_date=session_date.isoformat(),
                present=present, attended_share=round(present_count / len(sessions), 4) if sessions else 0.0)
    return enrolment


@transaction.atomic
def attendance_record(*, enrolment: Enrolment, session_date: datetime.date, present: bool, by: Actor) -> Enrolment:
    """Mark one person present or absent at one session; `attended_hours` follows."""
    enrolment = Enrolment.objects.select_related("run__opportunity__provider", "run__venue__district").get(
        pk=enrolment.pk)
    require(by is None or is_run_staff(by, enrolment.run), _("Only the provider's staff can record attendance."))
    _check_session(enrolment.run, session_date)
    return _record(enrolment, session_date, present, by)


@transaction.atomic
def attendance_record_session(*, run: OpportunityRun, session_date: datetime.date, present: dict[int, bool],
                              by: Actor) -> list[Enrolment]:
    """The whole roster of one session at once: `present` maps enrolment ids to present/absent. All or
    nothing: an enrolment that is not on this run's roster refuses the whole form."""
    require(by is None or is_run_staff(by, run), _("Only the provider's staff can record attendance."))
    _check_session(run, session_date)
    enrolments = {e.pk: e for e in Enrolment.objects.select_related(
        "run__opportunity__provider", "run__venue__district").filter(run=run, pk__in=list(present))}
    strangers = [pk for pk in present if pk not in enrolments]
    if strangers:
        raise ValidationError({"present": [_("These are not enrolments of this run: %(ids)s.")
                                           % {"ids": ", ".join(str(pk) for pk in strangers)}]})
    return [_record(enrolments[pk], session_date, value, by) for pk, value in present.items()]
