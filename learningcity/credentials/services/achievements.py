"""Achievements (what a credential recognises) and the rules that award them automatically."""

from __future__ import annotations

import re
from typing import Any, Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from learningcity.catalogue.models import Opportunity
from learningcity.catalogue.vocab import ISCED_FIELDS
from learningcity.core import events
from learningcity.core.permissions import Actor, require
from learningcity.core.services import audit_record
from learningcity.credentials.esco import unknown_skills
from learningcity.credentials.models import Achievement, AwardRule, Issuer
from learningcity.credentials.permissions import can_manage_issuer

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
FIELDS = ("name", "description", "criteria", "achievement_type", "image_alt", "colour", "skills", "isced_fields",
          "is_active")


def _clean(issuer: Issuer, data: dict[str, Any], opportunities: Iterable[Opportunity] | None) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    for field in ("name", "description", "criteria"):
        if field in data:
            data[field] = (data[field] or "").strip()
            if not data[field]:
                errors.setdefault(field, []).append(_("This field is required."))
    if "achievement_type" in data and data["achievement_type"] not in Achievement.AchievementType.values:
        errors.setdefault("achievement_type", []).append(_("Choose one of the listed types."))
    if "colour" in data and not _COLOUR.match(data["colour"] or ""):
        errors.setdefault("colour", []).append(_("Give a colour as #rrggbb."))
    if "skills" in data:
        data["skills"] = list(dict.fromkeys(s.strip() for s in data["skills"] or [] if s.strip()))
        unknown = unknown_skills(data["skills"])
        if unknown:
            errors.setdefault("skills", []).append(_("Not ESCO skill URIs: %(uris)s") % {"uris": ", ".join(unknown)})
    if "isced_fields" in data:
        data["isced_fields"] = list(dict.fromkeys(data["isced_fields"] or []))
        bad = [c for c in data["isced_fields"] if c not in ISCED_FIELDS]
        if bad:
            errors.setdefault("isced_fields", []).append(_("Not ISCED-F fields: %(codes)s") % {"codes": ", ".join(bad)})
    if opportunities is not None and issuer.provider_id is not None:
        foreign = [o for o in opportunities if o.provider_id != issuer.provider_id]
        if foreign:
            errors.setdefault("opportunities", []).append(
                _("An achievement can only lead from the issuer's own opportunities."))
    if errors:
        raise ValidationError(errors)
    return data


@transaction.atomic
def achievement_create(*, issuer: Issuer, by: Actor, opportunities: Iterable[Opportunity] = (),
                       **data: Any) -> Achievement:
    require(can_manage_issuer(by, issuer), _("Only this issuer's admins can define its achievements."))
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise ValidationError({f: _("Unknown field.") for f in unknown})
    for field in ("name", "description", "criteria"):
        data.setdefault(field, "")
    opportunities = list(opportunities)
    data = _clean(issuer, data, opportunities)
    achievement = Achievement.objects.create(issuer=issuer, **data)
    achievement.opportunities.set(opportunities)
    audit_record(actor=by, action="credentials.achievement.create", obj=achievement)
    events.emit("credentials.achievement.created", achievement_id=achievement.pk, issuer_id=issuer.pk)
    return achievement


@transaction.atomic
def achievement_update(*, achievement: Achievement, by: Actor, opportunities: Iterable[Opportunity] | None = None,
                       **data: Any) -> Achievement:
    """Change an achievement. Credentials already issued keep the description they were signed with."""
    require(can_manage_issuer(by, achievement.issuer), _("Only this issuer's admins can change its achievements."))
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise ValidationError({f: _("Unknown field.") for f in unknown})
    opportunities = list(opportunities) if opportunities is not None else None
    data = _clean(achievement.issuer, data, opportunities)
    for name, value in data.items():
        setattr(achievement, name, value)
    achievement.save()
    if opportunities is not None:
        achievement.opportunities.set(opportunities)
    audit_record(actor=by, action="credentials.achievement.update", obj=achievement, fields=sorted(data))
    events.emit("credentials.achievement.updated", achievement_id=achievement.pk)
    return achievement


@transaction.atomic
def award_rule_create(*, achievement: Achievement, by: Actor, trigger: str, min_attendance: int = 80,
                      verb: str = "", activity: str = "") -> AwardRule:
    require(can_manage_issuer(by, achievement.issuer), _("Only this issuer's admins can set award rules."))
    errors: dict[str, list[str]] = {}
    if trigger not in AwardRule.Trigger.values:
        errors["trigger"] = [_("Choose when the achievement is awarded.")]
    if trigger == AwardRule.Trigger.ATTENDANCE and not 1 <= int(min_attendance) <= 100:
        errors["min_attendance"] = [_("Give a share between 1 and 100 per cent.")]
    if trigger == AwardRule.Trigger.STATEMENT and not (verb.strip() and activity.strip()):
        errors["verb"] = [_("A statement rule needs both a verb IRI and an activity id.")]
    if trigger in (AwardRule.Trigger.COMPLETED, AwardRule.Trigger.ATTENDANCE) and not achievement.opportunities.exists():
        errors["trigger"] = [_("Link the achievement to an opportunity first: this rule watches its runs.")]
    if errors:
        raise ValidationError(errors)
    rule = AwardRule.objects.create(achievement=achievement, trigger=trigger, min_attendance=int(min_attendance),
                                    verb=verb.strip(), activity=activity.strip())
    audit_record(actor=by, action="credentials.rule.create", obj=rule, trigger=trigger)
    events.emit("credentials.rule.created", rule_id=rule.pk, achievement_id=achievement.pk)
    return rule


@transaction.atomic
def award_rule_delete(*, rule: AwardRule, by: Actor) -> None:
    require(can_manage_issuer(by, rule.achievement.issuer), _("Only this issuer's admins can change award rules."))
    audit_record(actor=by, action="credentials.rule.delete", obj=rule)
    events.emit("credentials.rule.deleted", rule_id=rule.pk, achievement_id=rule.achievement_id)
    rule.delete()
