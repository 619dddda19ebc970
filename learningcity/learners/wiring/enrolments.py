"""What the enrolment side plugs into other apps at start-up: the enrol and review panels on run and opportunity
pages, the roster link on the staff's run page, "My enrolments" in the account menu, and event subscribers
(credentials awarded for an enrolment; a run's capacity raised, which frees seats for the waiting list; a run
cancelled by its provider, which the people enrolled or waiting are told by e-mail)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

EVIDENCE_PREFIXES = ("enrolment:", "attendance:")


def on_credential_issued(event) -> None:
    """The credentials app awarded something; when its evidence is one of our enrolments, note it there."""
    from learningcity.credentials.selectors import credentials_of
    from learningcity.core.models import User
    from learningcity.learners.models import Enrolment
    from learningcity.learners.services.enrolments import enrolment_mark_credential

    recipient = User.objects.filter(pk=event.payload.get("recipient_id") or 0).first()
    if recipient is None:
        return
    credential = credentials_of(user=recipient).filter(pk=event.payload.get("credential_id") or 0).first()
    key = getattr(credential, "evidence_key", "") or ""
    for prefix in EVIDENCE_PREFIXES:
        if key.startswith(prefix) and key[len(prefix):].isdigit():
            enrolment = Enrolment.objects.filter(pk=int(key[len(prefix):]), user=recipient).first()
            if enrolment is not None:
                enrolment_mark_credential(enrolment=enrolment, by=None)


def on_run_updated(event) -> None:
    """A run changed (perhaps more places): give any seat that came free to the waiting list."""
    from learningcity.catalogue.models import OpportunityRun
    from learningcity.learners.models import Enrolment
    from learningcity.learners.services.enrolments import enrolment_promote_waiting

    run = OpportunityRun.objects.filter(pk=event.payload.get("run_id") or 0).first()
    if run is not None and Enrolment.objects.filter(run=run, status=Enrolment.Status.WAITLISTED).exists():
        enrolment_promote_waiting(run=run, by=None)


def on_run_cancelled(event) -> None:
    """The provider cancelled a run: tell the people who had a place or were waiting for one."""
    from learningcity.catalogue.models import OpportunityRun
    from learningcity.learners.services.enrolments import tell_run_cancelled

    run = OpportunityRun.objects.select_related("opportunity").filter(pk=event.payload.get("run_id") or 0).first()
    if run is not None and run.is_cancelled:
        tell_run_cancelled(run=run)


def connect() -> None:
    from learningcity.catalogue import extensions
    from learningcity.core import events, navigation
    from learningcity.core.permissions import is_signed_in
    from learningcity.learners.views import panels

    extensions.add_panel("run", panels.run_enrol_panel)
    extensions.add_panel("run", panels.run_reviews_panel)
    extensions.add_panel("opportunity", panels.opportunity_enrol_panel)
    extensions.add_panel("opportunity", panels.opportunity_reviews_panel)
    extensions.add_panel("manage-run", panels.manage_run_panel)
    navigation.register("my-enrolments", _("My enrolments"), "learners:my-enrolments", order=20, menu="account",
                        visible=is_signed_in)
    events.subscribe("credentials.credential.issued", on_credential_issued)
    events.subscribe("catalogue.run.updated", on_run_updated)
    events.subscribe("catalogue.run.cancelled", on_run_cancelled)
