"""Run writes: the dated instances of an opportunity."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _, gettext_lazy

from learningcity.catalogue.models import Deletion, Opportunity, OpportunityRun, Venue
from learningcity.catalogue.permissions import can_edit_provider_records
from learningcity.catalogue.services._common import UpsertResult, apply_changes, note_hand_edits
from learningcity.catalogue.validation import city_aware, validate_run
from learningcity.catalogue.vocab import Status
from learningcity.core import events
from learningcity.core.permissions import Actor, require
from learningcity.core.services import audit_record

RUN_FIELDS = (
    "venue", "room", "online_url", "start_date", "end_date", "start_time", "end_time", "weekdays", "capacity",
    "enrolment_opens", "enrolment_closes", "instructor",
)
NOT_YOURS = gettext_lazy("You can only change runs of a provider you work for.")


def _normalised(data: dict[str, Any]) -> dict[str, Any]:
    """Enrolment times become aware (naive ones are read as city time), so they compare and store safely."""
    out = dict(data)
    for name in ("enrolment_opens", "enrolment_closes"):
        if name in out:
            out[name] = city_aware(out[name])
    return out


def _check_venue(data: dict[str, Any]) -> None:
    venue = data.get("venue")
    # Any venue in the city may host a run (a library hosts an NGO's class); only the venue's own data is
    # protected, by the venue services.
    if venue is not None and not isinstance(venue, Venue):
        raise ValidationError({"venue": [_("Unknown venue.")]})


def _changed(run: OpportunityRun, kind: str, by: Actor, **detail: Any) -> None:
    audit_record(actor=by, action=f"run.{kind}", obj=run, **detail)
    events.emit(f"catalogue.run.{kind}", run_id=run.pk, opportunity_id=run.opportunity_id)


@transaction.atomic
def run_create(*, opportunity: Opportunity, by: Actor, source_id: str | None = None, status: str = Status.DRAFT,
               **data: Any) -> OpportunityRun:
    require(can_edit_provider_records(by, opportunity.provider), NOT_YOURS)
    data = _normalised({"weekdays": []} | data)
    _check_venue(data)
    validate_run(data, delivery_mode=opportunity.delivery_mode)
    run = OpportunityRun(opportunity=opportunity, source_id=source_id,
                         status=status if status in Status.values else Status.DRAFT)
    apply_changes(run, data, RUN_FIELDS)
    run.save()
    _changed(run, "created", by)
    return run


@transaction.atomic
def run_update(*, run: OpportunityRun, by: Actor, **data: Any) -> OpportunityRun:
    require(can_edit_provider_records(by, run.opportunity.provider), NOT_YOURS)
    if "opportunity" in data:
        raise ValidationError({"opportunity": [_("A run cannot move to another opportunity.")]})
    data = _normalised(data)
    _check_venue(data)
    validate_run({f: getattr(run, f) for f in RUN_FIELDS} | data, delivery_mode=run.opportunity.delivery_mode)
    changed = apply_changes(run, data, RUN_FIELDS)
    if changed:
        note_hand_edits(run, changed, by)
        run.save()
        _changed(run, "updated", by, fields=changed)
    return run


def _set_status(run: OpportunityRun, by: Actor, status: str, kind: str) -> OpportunityRun:
    require(can_edit_provider_records(by, run.opportunity.provider), NOT_YOURS)
    if run.status != status:
        run.status = status
        run.save(update_fields=["status", "modified_at"])
        _changed(run, kind, by)
    return run


@transaction.atomic
def run_publish(*, run: OpportunityRun, by: Actor) -> OpportunityRun:
    require(can_edit_provider_records(by, run.opportunity.provider), NOT_YOURS)
    validate_run({f: getattr(run, f) for f in RUN_FIELDS}, delivery_mode=run.opportunity.delivery_mode)
    return _set_status(run, by, Status.PUBLISHED, "published")


@transaction.atomic
def run_archive(*, run: OpportunityRun, by: Actor) -> OpportunityRun:
    return _set_status(run, by, Status.ARCHIVED, "archived")


@transaction.atomic
def run_cancel(*, run: OpportunityRun, by: Actor) -> OpportunityRun:
    require(can_edit_provider_records(by, run.opportunity.provider), NOT_YOURS)
    if not run.is_cancelled:
        run.is_cancelled = True
        run.save(update_fields=["is_cancelled", "modified_at"])
        _changed(run, "cancelled", by)
    return run


@transaction.atomic
def run_delete(*, run: OpportunityRun, by: Actor) -> None:
    require(can_edit_provider_records(by, run.opportunity.provider), NOT_YOURS)
    if run.status == Status.PUBLISHED:
        raise ValidationError(_("A published run is archived or cancelled, not deleted."))
    Deletion.objects.update_or_create(kind="run", record_id=run.pk, defaults={"source_id": run.source_id or ""})
    pk, opportunity_id = run.pk, run.opportunity_id
    audit_record(actor=by, action="run.deleted", object_type="catalogue.opportunityrun", object_id=str(pk))
    run.delete()
    events.emit("catalogue.run.deleted", run_id=pk, opportunity_id=opportunity_id)


@transaction.atomic
def run_upsert(*, source_id: str, opportunity: Opportunity, by: Actor = None, status: str | None = None,
               **data: Any) -> UpsertResult:
    existing = OpportunityRun.objects.select_for_update().filter(source_id=source_id).first()
    if existing is None:
        return UpsertResult(
            run_create(opportunity=opportunity, by=by, source_id=source_id, status=status or Status.DRAFT, **data),
            "created",
        )
    require(can_edit_provider_records(by, existing.opportunity.provider), NOT_YOURS)
    data = _normalised(data)
    kept = [f for f in data if f in existing.edited_fields]
    incoming = {k: v for k, v in data.items() if k not in kept}
    _check_venue(incoming)
    validate_run({f: getattr(existing, f) for f in RUN_FIELDS} | incoming,
                 delivery_mode=existing.opportunity.delivery_mode)
    changed = apply_changes(existing, incoming, RUN_FIELDS)
    if status and status != existing.status and existing.status == Status.DRAFT:
        existing.status = status
        changed.append("status")
    if not changed:
        return UpsertResult(existing, "unchanged", kept)
    existing.save()
    _changed(existing, "updated", by, fields=changed, via="import")
    return UpsertResult(existing, "updated", kept)
