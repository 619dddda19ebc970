"""The enrolment side's events as xAPI statements in the platform's LRS (see docs/xapi-profile.md).

Statements are written **inside the caller's transaction**: the LRS lives in the same database, so an
enrolment and its statement commit or roll back together. Writing after commit would leave an enrolment
without its statement when the process stops in between (or a statement about an enrolment that never
committed when the order is reversed); the cost is that the LRS write lock is held until the enrolment
commits, which is short.

Statement ids are uuid5 of (enrolment id, verb, date), so a retried call stores nothing twice: the LRS skips
a statement whose id and content it already holds. Everything in a statement is derived from stored data
(never from the clock), so a retry is the same statement.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.conf import settings
from django.utils import timezone

from learningcity.catalogue.models import OpportunityRun
from learningcity.learners.models import Enrolment
from learningcity.lrs import profile
from learningcity.lrs.errors import NotFound
from learningcity.lrs.selectors import statement_get
from learningcity.lrs.services import platform_statement_record

NAMESPACE = uuid.UUID("6f1c3c0e-3f7e-5b8a-9d6e-2a1b4c5d6e7f")  # the platform's enrolment statements
VOIDED = "http://adlnet.gov/expapi/verbs/voided"


def statement_id(enrolment: Enrolment, verb: str, day: datetime.date | datetime.datetime | str, n: int = 0) -> uuid.UUID:
    day = day.isoformat() if hasattr(day, "isoformat") else day
    return uuid.uuid5(NAMESPACE, f"enrolment:{enrolment.pk}:{verb}:{day}" + (f":{n}" if n else ""))


def actor(user_id: int) -> dict[str, Any]:
    return {"objectType": "Agent", "account": {"homePage": settings.BASE_URL, "name": str(user_id)}}


def run_activity_id(run: OpportunityRun) -> str:
    return f"{settings.BASE_URL}/runs/{run.pk}"


def opportunity_activity_id(opportunity_id: int) -> str:
    return f"{settings.BASE_URL}/opportunities/{opportunity_id}"


def _name(run: OpportunityRun) -> dict[str, str]:
    return {"und": f"{run.opportunity.title} ({run.start_date.isoformat()})"}


def run_activity(run: OpportunityRun) -> dict[str, Any]:
    return {"objectType": "Activity", "id": run_activity_id(run),
            "definition": {"type": profile.ACTIVITY_TYPES["run"], "name": _name(run)}}


def session_activity(run: OpportunityRun, day: datetime.date) -> dict[str, Any]:
    return {"objectType": "Activity", "id": f"{run_activity_id(run)}/sessions/{day.isoformat()}",
            "definition": {"type": profile.ACTIVITY_TYPES["session"],
                           "name": {"und": f"{run.opportunity.title} ({day.isoformat()})"}}}


def _context(enrolment: Enrolment, *, session: bool = False) -> dict[str, Any]:
    run = enrolment.run
    opportunity = run.opportunity
    parents = [{"id": opportunity_activity_id(opportunity.pk),
                "definition": {"type": profile.ACTIVITY_TYPES["opportunity"], "name": {"und": opportunity.title}}}]
    if session:
        parents.insert(0, {"id": run_activity_id(run)})
    extensions = {profile.EXTENSIONS["setting"]: opportunity.setting,
                  profile.EXTENSIONS["delivery-mode"]: opportunity.delivery_mode}
    if run.venue_id and run.venue.district_id:
        extensions[profile.EXTENSIONS["district"]] = run.venue.district.code
    return {"registration": str(uuid.uuid5(NAMESPACE, f"enrolment:{enrolment.pk}")),
            "contextActivities": {"parent": parents}, "extensions": extensions}


def record(enrolment: Enrolment, verb: str, at: datetime.datetime, *, result: dict | None = None) -> uuid.UUID | None:
    """One statement about the enrolment's run (verbs enrolled, waitlisted, completed, withdrew). `at` is the
    stored time of the change (`enrolled_at`, `completed_at`...), so the same change always has the same id."""
    if enrolment.user_id is None:  # an erased person's enrolment: nothing to say about anyone
        return None
    return platform_statement_record(
        actor=actor(enrolment.user_id), verb=verb, object=run_activity(enrolment.run), result=result,
        context=_context(enrolment), timestamp=at, statement_id=statement_id(enrolment, verb, at))


def void(enrolment: Enrolment, verb: str, at: datetime.datetime) -> None:
    """Void the statement `record(enrolment, verb, at)` wrote (a completion marked by mistake)."""
    sid = statement_id(enrolment, verb, at)
    if enrolment.user_id is not None and _stored(sid):
        platform_statement_record(
            actor=actor(enrolment.user_id), verb=VOIDED, object={"objectType": "StatementRef", "id": str(sid)},
            timestamp=at, statement_id=uuid.uuid5(NAMESPACE, f"void:{sid}"))


def _session_time(run: OpportunityRun, day: datetime.date) -> datetime.datetime:
    start = run.start_time or datetime.time(12, 0)
    return timezone.make_aware(datetime.datetime.combine(day, start))


def _voided(sid: uuid.UUID) -> bool:
    try:
        statement_get(statement_id=str(sid), voided=True)
    except NotFound:
        return False
    return True


def _stored(sid: uuid.UUID) -> bool:
    try:
        statement_get(statement_id=str(sid), voided=False)
    except NotFound:
        return False
    return True


def record_attendance(enrolment: Enrolment, day: datetime.date, present: bool) -> None:
    """Present: an "attended" statement for the session. A correction to absent voids it. Marking present
    again after a correction needs a new id (a voided statement cannot come back): the revision number of the
    first id not already voided."""
    if enrolment.user_id is None:
        return
    revision = 0
    while _voided(statement_id(enrolment, "attended", day, revision)):
        revision += 1
    sid = statement_id(enrolment, "attended", day, revision)
    if present:
        platform_statement_record(
            actor=actor(enrolment.user_id), verb="attended", object=session_activity(enrolment.run, day),
            context=_context(enrolment, session=True), timestamp=_session_time(enrolment.run, day),
            statement_id=sid)
    elif _stored(sid):
        platform_statement_record(
            actor=actor(enrolment.user_id), verb=VOIDED, object={"objectType": "StatementRef", "id": str(sid)},
            timestamp=_session_time(enrolment.run, day),
            statement_id=uuid.uuid5(NAMESPACE, f"void:{sid}"))
