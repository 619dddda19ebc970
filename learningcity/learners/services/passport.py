"""Self-reported learning: what a person learned outside the catalogue, told to their passport.

Each report is also an xAPI statement in the LRS (verb "self-reported", see docs/xapi-profile.md) with a
deterministic id: the report's id and revision (its modification time), so a retried write never duplicates
it. A changed report records a new statement and voids the previous one; a deleted report voids its last one.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learningcity.catalogue.models import Topic
from learningcity.catalogue.vocab import Setting
from learningcity.core import events
from learningcity.core.models import User
from learningcity.core.permissions import Actor
from learningcity.core.services import audit_record
from learningcity.learners.models import SelfReportedLearning
from learningcity.learners.services.people import UNSET, require_self

HOURS_MAX = Decimal("5000")  # the model's bound: about two and a half years of full-time study
OLDEST_DATE = datetime.date(1900, 1, 1)
TITLE_MAX, DESCRIPTION_MAX, URL_MAX = 200, 2000, 200
STATEMENT_NAMESPACE = uuid.UUID("5b0c3c0e-3a57-4a53-9d0c-5e1f5e1a5e1f")
VOIDED_VERB = "http://adlnet.gov/expapi/verbs/voided"


def platform_agent(user: User) -> dict[str, Any]:
    """The person as the platform names them in the LRS: an account, never an email address."""
    return {"objectType": "Agent", "account": {"homePage": settings.BASE_URL, "name": str(user.pk)}}


def self_report_activity_iri(report: SelfReportedLearning) -> str:
    return f"{settings.BASE_URL}/passport/self-reported/{report.pk}"


def self_report_statement_id(report: SelfReportedLearning) -> uuid.UUID:
    revision = int(report.modified_at.timestamp() * 1_000_000)
    return uuid.uuid5(STATEMENT_NAMESPACE, f"{self_report_activity_iri(report)}#{revision}")


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    """Check every field, collecting one message per field; returns the cleaned values."""
    errors: dict[str, list[str]] = {}
    out: dict[str, Any] = {}
    if "title" in data:
        title = str(data["title"] or "").strip()
        if not title:
            errors["title"] = [_("Say what you learned.")]
        elif len(title) > TITLE_MAX:
            errors["title"] = [_("Use at most %(max)d characters.") % {"max": TITLE_MAX}]
        out["title"] = title
    if "description" in data:
        description = str(data["description"] or "").strip()
        if len(description) > DESCRIPTION_MAX:
            errors["description"] = [_("Use at most %(max)d characters.") % {"max": DESCRIPTION_MAX}]
        out["description"] = description
    if "learned_on" in data:
        learned_on = data["learned_on"]
        if isinstance(learned_on, str):
            try:
                learned_on = datetime.date.fromisoformat(learned_on)
            except ValueError:
                learned_on = None
        if isinstance(learned_on, datetime.datetime) or not isinstance(learned_on, datetime.date):
            errors["learned_on"] = [_("Enter a date, like 2026-03-14.")]
        elif learned_on > timezone.localdate():
            errors["learned_on"] = [_("The date cannot be in the future.")]
        elif learned_on < OLDEST_DATE:
            errors["learned_on"] = [_("Enter a date after 1900.")]
        out["learned_on"] = learned_on
    if "hours" in data:
        try:
            hours = Decimal(str(data["hours"]).strip())
            if not hours.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            errors["hours"] = [_("Enter a number of hours, like 1.5.")]
            hours = None
        if hours is not None:
            if hours <= 0:
                errors["hours"] = [_("Enter a number of hours greater than zero.")]
            elif hours > HOURS_MAX:
                errors["hours"] = [_("Enter at most %(max)s hours: split longer learning into several entries.")
                                   % {"max": f"{HOURS_MAX:,}"}]
            elif hours != hours.quantize(Decimal("0.01")):
                errors["hours"] = [_("Use at most two decimals.")]
        out["hours"] = hours
    if "setting" in data:
        if data["setting"] not in Setting.values:
            errors["setting"] = [_("Choose formal, non-formal or informal.")]
        out["setting"] = data["setting"]
    if "topic" in data:
        topic = data["topic"]
        if topic is not None and not isinstance(topic, Topic):
            topic = Topic.objects.filter(code=str(topic)).first() if str(topic) else None
            if topic is None and str(data["topic"]):
                errors["topic"] = [_("Choose a field from the list.")]
        out["topic"] = topic
    if "evidence_url" in data:
        url = str(data["evidence_url"] or "").strip()
        if url:
            if len(url) > URL_MAX:
                errors["evidence_url"] = [_("Use a link of at most %(max)d characters.") % {"max": URL_MAX}]
            else:
                try:
                    URLValidator(schemes=["http", "https"])(url)
                except ValidationError:
                    errors["evidence_url"] = [_("Enter a web address starting with https:// or http://.")]
        out["evidence_url"] = url
    if errors:
        raise ValidationError(errors)
    return out


def _record_statement(report: SelfReportedLearning, *, replaces: uuid.UUID | None = None) -> uuid.UUID:
    from learningcity.lrs import profile
    from learningcity.lrs.services import platform_statement_record

    noon = datetime.datetime.combine(report.learned_on, datetime.time(12), tzinfo=timezone.get_current_timezone())
    definition: dict[str, Any] = {"type": profile.ACTIVITY_TYPES["self-reported"], "name": {"und": report.title}}
    if report.description:
        definition["description"] = {"und": report.description}
    context: dict[str, Any] = {"extensions": {profile.EXTENSIONS["setting"]: report.setting}}
    result: dict[str, Any] = {"duration": f"PT{report.hours.normalize():f}H", "completion": True}
    if report.evidence_url:
        result["extensions"] = {f"{profile.PROFILE_IRI}/extensions/evidence": report.evidence_url}
    statement_id = platform_statement_record(
        actor=platform_agent(report.user), verb="self-reported",
        object={"objectType": "Activity", "id": self_report_activity_iri(report), "definition": definition},
        result=result, context=context, timestamp=noon, statement_id=self_report_statement_id(report))
    if replaces is not None:
        _void(report.user, replaces)
    return statement_id


def _void(user: User, statement_id: uuid.UUID) -> None:
    from learningcity.lrs.services import platform_statement_record

    platform_statement_record(
        actor=platform_agent(user), verb=VOIDED_VERB,
        object={"objectType": "StatementRef", "id": str(statement_id)},
        statement_id=uuid.uuid5(STATEMENT_NAMESPACE, f"void#{statement_id}"))


@transaction.atomic
def self_report_create(*, user: User, by: Actor, title: str, learned_on: Any, hours: Any,
                       setting: str = Setting.INFORMAL, topic: Topic | str | None = None, description: str = "",
                       evidence_url: str = "") -> SelfReportedLearning:
    require_self(user, by)
    values = _clean({"title": title, "learned_on": learned_on, "hours": hours, "setting": setting, "topic": topic,
                     "description": description, "evidence_url": evidence_url})
    report = SelfReportedLearning.objects.create(user=user, **values)
    _record_statement(report)
    audit_record(actor=by, action="learners.self_report.create", obj=report)
    events.emit("learners.self_report.created", user_id=user.pk, self_report_id=report.pk)
    return report


@transaction.atomic
def self_report_update(*, report: SelfReportedLearning, by: Actor, title: str = UNSET, learned_on: Any = UNSET,
                       hours: Any = UNSET, setting: str = UNSET, topic: Topic | str | None = UNSET,
                       description: str = UNSET, evidence_url: str = UNSET) -> SelfReportedLearning:
    require_self(report.user, by)
    given = {k: v for k, v in {"title": title, "learned_on": learned_on, "hours": hours, "setting": setting,
                               "topic": topic, "description": description, "evidence_url": evidence_url}.items()
             if v is not UNSET}
    values = _clean(given)
    previous = self_report_statement_id(report)
    for name, value in values.items():
        setattr(report, name, value)
    report.save()
    _record_statement(report, replaces=previous)
    audit_record(actor=by, action="learners.self_report.update", obj=report, fields=sorted(values))
    events.emit("learners.self_report.updated", user_id=report.user_id, self_report_id=report.pk)
    return report


@transaction.atomic
def self_report_delete(*, report: SelfReportedLearning, by: Actor) -> None:
    require_self(report.user, by)
    _void(report.user, self_report_statement_id(report))
    pk, user_id = report.pk, report.user_id
    report.delete()
    audit_record(actor=by, action="learners.self_report.delete", object_type="learners.selfreportedlearning",
                 object_id=str(pk))
    events.emit("learners.self_report.deleted", user_id=user_id, self_report_id=pk)
