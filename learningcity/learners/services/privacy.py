"""Erasing an account (the right to erasure), in one transaction: if any step fails, nothing is erased.

What happens to each kind of data:
- live enrolments (a seat or a waiting-list place on a run that has not ended) are cancelled through
  `enrolment_cancel`, so the next person on the waiting list gets the seat;
- every enrolment is then detached (`user` empty): seat counts and rosters stay right. Only if the person
  had consented to statistics do the rows keep coarse cells (district code, birth year, sex) and one random
  `stat_learner_key` shared by that person's rows; it is negative, so it never equals a living learner's key
  (their user id). Without consent the cells are blank;
- reviews are deleted (a review without its author is unaccountable text), as are self-reported learning,
  the profile (with the calendar token) and API tokens;
- other apps erase their own data through `hooks.run_erasers` (credentials: imported ones deleted, issued ones
  unlinked);
- the LRS deletes every statement and document about the person's platform account and email address;
- audit entries the person made lose the name they were written under (`actor_label`);
- the account is deleted. One audit entry remains, with counts only.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learningcity.core import events
from learningcity.core.models import ApiToken, AuditEntry, User
from learningcity.core.permissions import Actor
from learningcity.core.services import audit_record
from learningcity.learners import hooks
from learningcity.learners.models import Enrolment, LearnerProfile, Review, SelfReportedLearning
from learningcity.learners.services.passport import platform_agent
from learningcity.learners.services.people import require_self

ERASED_LABEL = "erased account"
LIVE_TO_CANCEL = (Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED)


def erasure_confirmed(user: User, confirmation: str) -> bool:
    """The person typed their email address (any case) or their password."""
    confirmation = (confirmation or "").strip()
    if not confirmation:
        return False
    return confirmation.lower() == user.email.lower() or user.check_password(confirmation)


def _new_learner_key() -> int:
    return -(secrets.randbelow(2**62) + 1)


@transaction.atomic
def account_erase(*, user: User, by: Actor, confirmation: str) -> dict[str, int]:
    """Erase the person's account and everything that points back to them. Returns what was done (counts)."""
    require_self(user, by)
    if not erasure_confirmed(user, confirmation):
        raise ValidationError({"confirmation": [_("Type your email address or your password to confirm.")]})
    from learningcity.learners.services.enrolments import enrolment_cancel
    from learningcity.lrs.services import agent_erase

    user = User.objects.select_for_update().get(pk=user.pk)
    today = timezone.localdate()
    counts: dict[str, int] = {}
    live = Enrolment.objects.select_related("run").filter(user=user, status__in=LIVE_TO_CANCEL,
                                                          run__end_date__gte=today)
    counts["enrolments_cancelled"] = 0
    for enrolment in live:
        enrolment_cancel(enrolment=enrolment, by=by if by is not None else user)
        counts["enrolments_cancelled"] += 1
    counts["reviews"] = Review.objects.filter(enrolment__user=user).delete()[0]

    profile = LearnerProfile.objects.select_related("district").filter(user=user).first()
    cells = {"stat_learner_key": None, "stat_district_code": "", "stat_birth_year": None, "stat_sex": "",
             "stat_consent": False}
    if profile is not None and profile.statistics_consent:
        cells = {"stat_learner_key": _new_learner_key(),
                 "stat_district_code": profile.district.code if profile.district else "",
                 "stat_birth_year": profile.birth_year, "stat_sex": profile.sex, "stat_consent": True}
    counts["enrolments_detached"] = Enrolment.objects.filter(user=user).update(
        user=None, modified_at=timezone.now(), **cells)

    counts["self_reported"] = SelfReportedLearning.objects.filter(user=user).delete()[0]
    counts["api_tokens"] = ApiToken.objects.filter(user=user).delete()[0]
    if profile is not None:
        profile.interests.clear()
        profile.delete()
    hooks.run_erasers(user)
    lrs = agent_erase(agents=[platform_agent(user), {"objectType": "Agent", "mbox": f"mailto:{user.email}"}],
                      by=None)
    counts["statements"] = lrs["statements"]
    counts["documents"] = lrs["documents"]
    AuditEntry.objects.filter(actor=user).update(actor=None, actor_label=ERASED_LABEL)
    user_id = user.pk
    user.delete()
    audit_record(actor=None, action="learners.account.erase", object_type="core.user", object_id="", **counts)
    events.emit("learners.account.erased", user_id=user_id, **counts)
    return counts
