"""How credentials plug into the other apps without them knowing it.

- Domain events in: a completed enrolment (`learners.enrolment.completed`), recorded attendance
  (`learners.attendance.recorded`) and stored xAPI statements (`lrs.statement.stored`) run the award rules.
  The handlers read the ids from the event payload and tolerate the other apps being absent.
- Catalogue pages: an opportunity's page lists the achievements it leads to (`opportunity_panel`).
- The passport: `passport_section(request, user)` returns the section listing a learner's credentials; it is
  registered with the learners app's passport hook when that app offers one (see `connect`).
"""

from __future__ import annotations

import logging
from typing import Any

from learningcity.core import events

logger = logging.getLogger("learningcity.credentials")


def _user(user_id: Any):
    from learningcity.core.models import User

    return User.objects.filter(pk=user_id).first() if user_id else None


def _opportunity(payload: dict[str, Any]):
    from learningcity.catalogue.models import Opportunity, OpportunityRun

    if payload.get("opportunity_id"):
        return Opportunity.objects.filter(pk=payload["opportunity_id"]).first()
    if payload.get("run_id"):
        run = OpportunityRun.objects.select_related("opportunity").filter(pk=payload["run_id"]).first()
        return run.opportunity if run else None
    return None


def on_enrolment_completed(event) -> None:
    from learningcity.credentials.services import award_for_completion

    payload = event.payload
    user, opportunity = _user(payload.get("user_id")), _opportunity(payload)
    if user and opportunity:
        award_for_completion(user=user, opportunity=opportunity,
                             evidence_key=f"enrolment:{payload.get('enrolment_id') or payload.get('run_id')}")


def on_attendance_recorded(event) -> None:
    from learningcity.credentials.services import award_for_attendance

    payload = event.payload
    user, opportunity = _user(payload.get("user_id")), _opportunity(payload)
    share = payload.get("attended_share")
    if user and opportunity and share is not None:
        award_for_attendance(user=user, opportunity=opportunity, attended_share=float(share),
                             evidence_key=f"attendance:{payload.get('enrolment_id') or payload.get('run_id')}")


def on_statement_stored(event) -> None:
    from learningcity.core.models import User
    from learningcity.credentials.services import award_for_statement

    payload = event.payload
    email = str(payload.get("actor_mbox", "")).removeprefix("mailto:")
    user = _user(payload.get("user_id")) or (User.objects.filter(email__iexact=email).first() if email else None)
    if user and payload.get("verb") and payload.get("activity"):
        award_for_statement(user=user, verb=payload["verb"], activity=payload["activity"],
                            evidence_key=f"statement:{payload.get('statement_id', '')}")


def passport_section(request, user) -> dict[str, Any] | None:
    from learningcity.credentials.selectors import credentials_of, imported_of

    issued = list(credentials_of(user=user)[:50])
    imported = list(imported_of(user=user)[:50])
    return {"template": "credentials/_passport_section.html",
            "context": {"issued": issued, "imported": imported}}


def opportunity_panel(request, opportunity) -> dict[str, Any] | None:
    """On an opportunity's page: the badges and certificates it leads to."""
    from learningcity.credentials.selectors import achievements_for_opportunity

    achievements = list(achievements_for_opportunity(opportunity_id=opportunity.pk))
    if not achievements:
        return None
    return {"template": "credentials/_opportunity_panel.html", "context": {"achievements": achievements}}


def connect() -> None:
    from learningcity.catalogue import extensions

    extensions.add_panel("opportunity", opportunity_panel)
    events.subscribe("learners.enrolment.completed", on_enrolment_completed)
    events.subscribe("learners.attendance.recorded", on_attendance_recorded)
    events.subscribe("lrs.statement.stored", on_statement_stored)
    try:  # the learners app's passport hook, once it exists
        from learningcity.learners import passport  # type: ignore[attr-defined]
    except ImportError:
        return
    register = getattr(passport, "register_section", None)
    if register is not None:
        register("credentials", passport_section)
