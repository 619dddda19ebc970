"""Exchange writes: recording import runs and moving a feed's harvesting cursor. Catalogue records are
written only through `catalogue.services` (the importers call them)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from learningcity.core import events
from learningcity.core.permissions import Actor
from learningcity.core.services import audit_record
from learningcity.exchange.models import FeedCursor, ImportRun


@transaction.atomic
def import_run_record(*, source: str, location: str, provider, by: Actor, started_at, report) -> ImportRun:
    """Store what an import did (its report, counts and outcome); the health page and admin read these."""
    run = ImportRun.objects.create(
        source=source, location=location[:1000], provider=provider,
        started_by=by if getattr(by, "is_authenticated", False) else None,
        started_at=started_at, finished_at=timezone.now(), outcome=report.outcome,
        created=report.total("created"), updated=report.total("updated"), unchanged=report.total("unchanged"),
        deleted=report.total("deleted"), rejected=len(report.rejected), report=report.as_dict(),
    )
    audit_record(actor=by, action="import.finished", obj=run, source=source, outcome=run.outcome)
    events.emit("exchange.import.finished", import_run_id=run.pk, source=source, outcome=run.outcome)
    return run


def feed_cursor_get(*, url: str) -> FeedCursor | None:
    return FeedCursor.objects.filter(url=url).first()


def feed_cursor_advance(*, url: str, next_url: str, last_modified: str, last_id: str, provider=None) -> FeedCursor:
    """Move the cursor; called inside the page's transaction so the cursor and the page commit together."""
    cursor, _ = FeedCursor.objects.select_for_update().get_or_create(url=url, defaults={"next_url": next_url})
    cursor.next_url, cursor.last_modified, cursor.last_id = next_url, last_modified, last_id
    cursor.pages_read += 1
    if provider is not None:
        cursor.provider = provider
    cursor.save()
    return cursor


@transaction.atomic
def feed_cursor_reset(*, url: str, by: Actor) -> None:
    """Forget where a feed stands, so the next harvest reads it from the start (idempotent upserts)."""
    deleted, _ = FeedCursor.objects.filter(url=url).delete()
    if deleted:
        audit_record(actor=by, action="feed.reset", object_type="exchange.feedcursor", object_id=url[:100])
