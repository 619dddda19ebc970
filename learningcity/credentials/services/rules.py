"""Awarding by rule: what happened (a completion, attendance, an xAPI statement) → which achievements.

These are the entry points the event subscribers in `credentials.hooks` call. Each award is idempotent
through `evidence_key` (e.g. "enrolment:42"), so a repeated event never awards twice.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError

from learningcity.catalogue.models import Opportunity
from learningcity.core.models import User
from learningcity.credentials.models import AwardRule, IssuedCredential

logger = logging.getLogger("learningcity.credentials")


def _award(rules, *, user: User, evidence_key: str) -> list[IssuedCredential]:
    from learningcity.credentials.services.issuing import credential_issue

    issued = []
    for rule in rules.select_related("achievement__issuer"):
        if not rule.achievement.is_active:
            continue
        if IssuedCredential.objects.filter(achievement=rule.achievement, recipient=user,
                                           evidence_key=evidence_key).exists():
            continue
        try:
            issued.append(credential_issue(achievement=rule.achievement, recipient=user, by=None,
                                           source=IssuedCredential.Source.RULE, rule=rule,
                                           evidence_key=evidence_key))
        except ValidationError as exc:
            logger.warning("rule %s did not award %s to user %s: %s", rule.pk, rule.achievement_id, user.pk, exc)
    return issued


def award_for_completion(*, user: User, opportunity: Opportunity, evidence_key: str) -> list[IssuedCredential]:
    rules = AwardRule.objects.filter(is_active=True, trigger=AwardRule.Trigger.COMPLETED,
                                     achievement__opportunities=opportunity)
    return _award(rules, user=user, evidence_key=evidence_key)


def award_for_attendance(*, user: User, opportunity: Opportunity, attended_share: float,
                         evidence_key: str) -> list[IssuedCredential]:
    """`attended_share` in 0..1; rules fire when it reaches their minimum percentage."""
    rules = AwardRule.objects.filter(is_active=True, trigger=AwardRule.Trigger.ATTENDANCE,
                                     achievement__opportunities=opportunity,
                                     min_attendance__lte=round(attended_share * 100, 6))
    return _award(rules, user=user, evidence_key=evidence_key)


def award_for_statement(*, user: User, verb: str, activity: str, evidence_key: str) -> list[IssuedCredential]:
    rules = AwardRule.objects.filter(is_active=True, trigger=AwardRule.Trigger.STATEMENT, verb=verb,
                                     activity=activity)
    return _award(rules, user=user, evidence_key=evidence_key)
