"""How credentials plug into the other apps without them knowing it.

- Domain events in: a completed enrolment (`learners.enrolment.completed`), recorded attendance
  (`learners.attendance.recorded`) and stored xAPI statements (`lrs.statements.stored`, read back through
  `lrs.selectors`) run the award rules.
  The handlers read the ids from the event payload and tolerate the other apps being absent.
- Catalogue pages: an opportunity's page lists the achievements it leads to (`opportunity_panel`).
- The learners app (when present): `passport_section(user)` is the passport's section of credentials,
  `personal_data(user)` what we keep about a person, `erase(user)` what account erasure does here; all three
  are registered through `learningcity.learners.hooks` in `connect`.
"""

from __future__ import annotations

import logging
from typing import Any

from django.utils.translation import gettext_lazy as _

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


def _user_for_actor(actor: dict[str, Any]):
    """The person behind an xAPI actor: an `mbox` of a known email, or the platform's own account
    (`{"homePage": BASE_URL, "name": "<user id>"}`)."""
    from django.conf import settings

    from learningcity.core.models import User

    if not isinstance(actor, dict):
        return None
    mbox = str(actor.get("mbox", ""))
    if mbox.startswith("mailto:"):
        return User.objects.filter(email__iexact=mbox.removeprefix("mailto:")).first()
    account = actor.get("account") or {}
    if isinstance(account, dict) and account.get("homePage") == settings.BASE_URL and str(account.get("name", "")).isdigit():
        return User.objects.filter(pk=int(account["name"])).first()
    return None


def on_statements_stored(event) -> None:
    """A batch reached the LRS (row ids first_id..last_id): award achievements whose statement rule matches."""
    import orjson

    from learningcity.credentials.selectors import statement_rules
    from learningcity.credentials.services import award_for_statement
    from learningcity.lrs.selectors import StatementQuery, statements_query

    first, last = int(event.payload.get("first_id", 0)), int(event.payload.get("last_id", 0))
    for verb, activity in statement_rules():
        query = StatementQuery(verb=verb, activity=activity, ascending=True, cursor=first - 1, ceiling=last,
                               limit=100)
        while query is not None:
            payloads, query = statements_query(query)
            for payload in payloads:
                statement = orjson.loads(payload)
                user = _user_for_actor(statement.get("actor"))
                if user is not None:
                    award_for_statement(user=user, verb=verb, activity=activity,
                                        evidence_key=f"statement:{statement.get('id', '')}")


def passport_section(user):
    """The passport's "recognised achievements": credentials earned here and imported ones, as the learners
    app's `PassportSection` (its items reach the passport page, print view, JSON export and timeline)."""
    from learningcity.credentials.selectors import credentials_of, imported_of
    from learningcity.learners.hooks import PassportItem, PassportSection

    items = [PassportItem(
        title=c.achievement.name if c.achievement else str(c.uuid), date=c.issued_at.date(), kind="credential",
        detail=c.issuer.name + (" · revoked" if c.revoked_at else ""), url=c.get_absolute_url(),
        isced_field=(c.achievement.isced_fields or [""])[0] if c.achievement else "",
        data={"credential_id": c.credential_id, "revoked": c.revoked_at is not None},
    ) for c in credentials_of(user=user)]
    items += [PassportItem(
        title=i.name or str(i.uuid), date=i.imported_at.date(), kind="imported credential",
        detail=i.issuer_name, url=f"/credentials/imported/{i.uuid}/", data={"verified_on_import": i.verified},
    ) for i in imported_of(user=user)]
    if not items:
        return None
    return PassportSection(key="credentials", title=str(_("Recognised achievements")), items=items,
                           counts_hours=False)


def personal_data(user) -> dict[str, Any]:
    """What this app keeps about a person, for the "everything stored about me" page and download."""
    from learningcity.credentials.selectors import credentials_of, imported_of

    return {
        "credentials": [c.document for c in credentials_of(user=user)],
        "imported_credentials": [{"name": i.name, "issuer": i.issuer_name, "verified": i.verified,
                                  "document": i.document, "jwt": i.jwt} for i in imported_of(user=user)],
    }


def erase(user) -> None:
    """On account erasure: imported credentials go; issued ones stay with the issuer (they hold only a salted
    hash of the email, and the issuer must still be able to revoke them), unlinked from the person."""
    from learningcity.credentials.models import ImportedCredential, IssuedCredential

    ImportedCredential.objects.filter(owner=user).delete()
    IssuedCredential.objects.filter(recipient=user).update(recipient=None, share_token="")


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
    events.subscribe("lrs.statements.stored", on_statements_stored)
    try:  # the learners app's hooks, once that app is there
        from learningcity.learners import hooks as learners_hooks
    except ImportError:
        return
    learners_hooks.register_passport_section("credentials", passport_section)
    learners_hooks.register_personal_data("credentials", personal_data)
    learners_hooks.register_eraser("credentials", erase)
