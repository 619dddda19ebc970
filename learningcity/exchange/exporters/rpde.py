"""The catalogue as OpenActive RPDE change feeds ("Modified Timestamp and ID" ordering).

Two feeds: opportunities (kind `Course`) and runs (kind `CourseInstance`). Items are ordered by
(`modified`, `id`); `modified` is the record's change time in integer microseconds since 1970 (an exact copy
of the stored timestamp, so the `afterTimestamp` filter and the published value are the same number), and
`id` is the record's integer id. A page after (T, I) holds the items with modified > T, or = T and id > I.

- Runs: a run's item also changes when its opportunity or venue changes (title, status, place), so its
  `modified` is the latest of the three change times.
- Tombstones: a record that is not public (draft, archived, unpublished, or its opportunity not published)
  is a "deleted" item with no data; a deleted record (`catalogue.Deletion`) too. A cancelled run stays
  "updated" with `eventStatus` EventCancelled, as OpenActive asks.
- The last page (no items) points to itself; a page with items points after its last item.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, Callable

from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce, Greatest

from learningcity.catalogue.jsonld import opportunity_openactive, run_openactive
from learningcity.catalogue.models import Deletion, Opportunity, OpportunityRun
from learningcity.catalogue.vocab import Status

PAGE_SIZE = 500
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def to_micros(moment: datetime.datetime) -> int:
    delta = moment - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def from_micros(value: int) -> datetime.datetime:
    return EPOCH + datetime.timedelta(microseconds=value)


@dataclass(frozen=True)
class Feed:
    name: str  # URL segment
    kind: str  # RPDE kind
    deletion_kind: str  # catalogue.Deletion.kind
    rows: Callable[[], QuerySet]  # annotated with feed_modified
    is_public: Callable[[Any], bool]
    data: Callable[[Any], dict]


def _opportunities() -> QuerySet:
    return Opportunity.objects.select_related("provider").prefetch_related("topics").annotate(
        feed_modified=F("modified_at"))


def _runs() -> QuerySet:
    return OpportunityRun.objects.select_related(
        "opportunity", "opportunity__provider", "venue", "venue__district",
    ).prefetch_related("opportunity__topics").annotate(
        feed_modified=Greatest("modified_at", "opportunity__modified_at",
                               Coalesce("venue__modified_at", "modified_at")))


FEEDS = {
    "opportunities": Feed("opportunities", "Course", "opportunity", _opportunities,
                          lambda o: o.status == Status.PUBLISHED, opportunity_openactive),
    "runs": Feed("runs", "CourseInstance", "run", _runs,
                 lambda r: r.status == Status.PUBLISHED and r.opportunity.status == Status.PUBLISHED,
                 run_openactive),
}


def feed_page(feed: Feed, *, after_timestamp: int | None, after_id: int | None,
              limit: int = PAGE_SIZE) -> list[dict]:
    """Up to `limit` RPDE items after (after_timestamp, after_id), live records and tombstones merged."""
    rows = feed.rows()
    deletions = Deletion.objects.filter(kind=feed.deletion_kind).annotate(feed_modified=F("deleted_at"))
    if after_timestamp is not None:
        moment = from_micros(after_timestamp)
        rows = rows.filter(Q(feed_modified__gt=moment) | Q(feed_modified=moment, id__gt=after_id or 0))
        deletions = deletions.filter(Q(deleted_at__gt=moment) | Q(deleted_at=moment, record_id__gt=after_id or 0))
    live = list(rows.order_by("feed_modified", "id")[:limit])
    gone = list(deletions.order_by("deleted_at", "record_id")[:limit])
    merged = sorted([(to_micros(r.feed_modified), r.pk, r) for r in live] +
                    [(to_micros(d.deleted_at), d.record_id, None) for d in gone], key=lambda t: (t[0], t[1]))
    items = []
    for modified, pk, record in merged[:limit]:
        if record is not None and feed.is_public(record):
            items.append({"state": "updated", "kind": feed.kind, "id": pk, "modified": modified,
                          "data": feed.data(record)})
        else:
            items.append({"state": "deleted", "kind": feed.kind, "id": pk, "modified": modified})
    return items
