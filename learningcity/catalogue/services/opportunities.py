"""Opportunity writes: create, update, publish, archive, delete, and the import upsert."""

from __future__ import annotations

from typing import Any, Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from learningcity.catalogue.models import Deletion, Opportunity, Provider, Topic
from learningcity.catalogue.permissions import can_edit_provider_records
from learningcity.catalogue.services._common import UpsertResult, apply_changes, note_hand_edits
from learningcity.catalogue.validation import validate_opportunity
from learningcity.catalogue.vocab import Status
from learningcity.core import events
from learningcity.core.permissions import Actor, require
from learningcity.core.services import audit_record

OPPORTUNITY_FIELDS = (
    "kind", "title", "description", "skills", "setting", "isced_level", "isced_field", "age_min", "age_max",
    "target_groups", "languages", "cost", "currency", "is_free", "delivery_mode", "accessibility",
    "family_friendly", "workplace", "sustainability_tags", "credential_awarded", "url", "enrolment_method",
)
_DEFAULTS = {
    "kind": "course", "setting": "non_formal", "delivery_mode": "in_person", "cost": 0, "is_free": True,
    "currency": "KRW", "skills": [], "languages": [], "accessibility": [], "target_groups": [],
    "sustainability_tags": [],
}
NOT_YOURS = gettext_lazy("You can only change opportunities of a provider you work for.")


def _set_topics(opportunity: Opportunity, topics: Iterable[Topic | str] | None) -> bool:
    if topics is None:
        return False
    wanted = []
    unknown = []
    for topic in topics:
        if isinstance(topic, Topic):
            wanted.append(topic)
        else:
            found = Topic.objects.filter(code=topic).first()
            (wanted if found else unknown).append(found or topic)
    if unknown:
        raise ValidationError({"topics": [_("Unknown topic(s): %(codes)s. See the list of topics.")
                                           % {"codes": ", ".join(map(str, unknown))}]})
    before = set(opportunity.topics.values_list("pk", flat=True))
    after = {t.pk for t in wanted}
    if before != after:
        opportunity.topics.set(wanted)
        return True
    return False


def _changed(opportunity: Opportunity, kind: str, by: Actor, **detail: Any) -> None:
    audit_record(actor=by, action=f"opportunity.{kind}", obj=opportunity, **detail)
    events.emit(f"catalogue.opportunity.{kind}", opportunity_id=opportunity.pk)


@transaction.atomic
def opportunity_create(*, provider: Provider, by: Actor, topics: Iterable[Topic | str] | None = None,
                       source_id: str | None = None, status: str = Status.DRAFT, **data: Any) -> Opportunity:
    require(can_edit_provider_records(by, provider), NOT_YOURS)
    values = _DEFAULTS | data
    validate_opportunity(values)
    opportunity = Opportunity(provider=provider, source_id=source_id)
    apply_changes(opportunity, values, OPPORTUNITY_FIELDS)
    if status == Status.PUBLISHED:
        opportunity.status, opportunity.published_at = Status.PUBLISHED, timezone.now()
    opportunity.save()
    _set_topics(opportunity, topics)
    _changed(opportunity, "created", by)
    return opportunity


@transaction.atomic
def opportunity_update(*, opportunity: Opportunity, by: Actor, topics: Iterable[Topic | str] | None = None,
                       **data: Any) -> Opportunity:
    require(can_edit_provider_records(by, opportunity.provider), NOT_YOURS)
    if "provider" in data:
        raise ValidationError({"provider": [_("An opportunity cannot move to another provider.")]})
    validate_opportunity({f: getattr(opportunity, f) for f in OPPORTUNITY_FIELDS} | data)
    changed = apply_changes(opportunity, data, OPPORTUNITY_FIELDS)
    if _set_topics(opportunity, topics):
        changed.append("topics")
    if changed:
        note_hand_edits(opportunity, changed, by)
        opportunity.save()
        _changed(opportunity, "updated", by, fields=changed)
    return opportunity


@transaction.atomic
def opportunity_publish(*, opportunity: Opportunity, by: Actor) -> Opportunity:
    require(can_edit_provider_records(by, opportunity.provider), NOT_YOURS)
    validate_opportunity({f: getattr(opportunity, f) for f in OPPORTUNITY_FIELDS})
    if opportunity.status != Status.PUBLISHED:
        opportunity.status, opportunity.published_at = Status.PUBLISHED, timezone.now()
        opportunity.save(update_fields=["status", "published_at", "modified_at"])
        _changed(opportunity, "published", by)
    return opportunity


@transaction.atomic
def opportunity_archive(*, opportunity: Opportunity, by: Actor) -> Opportunity:
    require(can_edit_provider_records(by, opportunity.provider), NOT_YOURS)
    if opportunity.status != Status.ARCHIVED:
        opportunity.status = Status.ARCHIVED
        opportunity.save(update_fields=["status", "modified_at"])
        _changed(opportunity, "archived", by)
    return opportunity


@transaction.atomic
def opportunity_delete(*, opportunity: Opportunity, by: Actor) -> None:
    """Delete a draft (published records are archived instead, so harvesters and learners keep their links)."""
    require(can_edit_provider_records(by, opportunity.provider), NOT_YOURS)
    if opportunity.status == Status.PUBLISHED:
        raise ValidationError(_("A published opportunity is archived, not deleted."))
    for run in opportunity.runs.all():
        Deletion.objects.update_or_create(kind="run", record_id=run.pk, defaults={"source_id": run.source_id or ""})
    Deletion.objects.update_or_create(kind="opportunity", record_id=opportunity.pk,
                                      defaults={"source_id": opportunity.source_id or ""})
    pk = opportunity.pk
    audit_record(actor=by, action="opportunity.deleted", object_type="catalogue.opportunity", object_id=str(pk))
    run_ids = list(opportunity.runs.values_list("pk", flat=True))
    opportunity.delete()
    events.emit("catalogue.opportunity.deleted", opportunity_id=pk, run_ids=run_ids)


@transaction.atomic
def opportunity_upsert(*, source_id: str, provider: Provider, by: Actor = None,
                       topics: Iterable[Topic | str] | None = None, status: str | None = None,
                       **data: Any) -> UpsertResult:
    """Create or update from an import. Fields a person edited since are kept and reported."""
    existing = Opportunity.objects.select_for_update().filter(source_id=source_id).first()
    if existing is None:
        created = opportunity_create(provider=provider, by=by, topics=topics, source_id=source_id,
                                     status=status or Status.DRAFT, **data)
        return UpsertResult(created, "created")
    require(can_edit_provider_records(by, existing.provider), NOT_YOURS)
    kept = [f for f in data if f in existing.edited_fields]
    incoming = {k: v for k, v in data.items() if k not in kept}
    validate_opportunity({f: getattr(existing, f) for f in OPPORTUNITY_FIELDS} | incoming)
    changed = apply_changes(existing, incoming, OPPORTUNITY_FIELDS)
    if topics is not None and "topics" not in existing.edited_fields and _set_topics(existing, topics):
        changed.append("topics")
    if status == Status.PUBLISHED and existing.status == Status.DRAFT:
        existing.status, existing.published_at = Status.PUBLISHED, timezone.now()
        changed.append("status")
    if not changed:
        return UpsertResult(existing, "unchanged", kept)
    existing.save()
    _changed(existing, "updated", by, fields=changed, via="import")
    return UpsertResult(existing, "updated", kept)
