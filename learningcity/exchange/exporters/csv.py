"""CSV export of runs (browse and search results): one row per run, in the columns people expect.

`runs_to_csv(runs)` is what the search app calls for its results; the catalogue browse page's export link
uses the same function. Cells that a spreadsheet would run as a formula (starting with = + - @) are
prefixed with an apostrophe (CSV injection).
"""

from __future__ import annotations

import csv
import io
from typing import Iterable, Iterator

from django.conf import settings
from django.urls import reverse

from learningcity.catalogue.models import OpportunityRun

HEADER = (
    "run_id", "opportunity_id", "title", "provider", "topics", "start_date", "end_date", "start_time", "end_time",
    "weekdays", "venue", "address", "district", "latitude", "longitude", "location_approximate", "online_url",
    "age_min", "age_max", "cost", "currency", "is_free", "languages", "delivery_mode", "capacity", "cancelled",
    "url",
)


def _safe(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def run_row(run: OpportunityRun) -> list[str]:
    o, v = run.opportunity, run.venue
    return [_safe(x) for x in (
        run.pk, o.pk, o.title, o.provider.name, ";".join(t.code for t in o.topics.all()), run.start_date,
        run.end_date, run.start_time.strftime("%H:%M") if run.start_time else "",
        run.end_time.strftime("%H:%M") if run.end_time else "", ";".join(run.weekdays), v.name if v else "",
        v.address if v else "", v.district.name_en if v and v.district_id else "",
        round(v.latitude, 6) if v else "", round(v.longitude, 6) if v else "",
        "Y" if v and v.location_approximate else "N" if v else "", run.online_url, o.age_min, o.age_max,
        o.cost.normalize() if o.cost else 0, o.currency, "Y" if o.is_free else "N", ";".join(o.languages),
        o.delivery_mode, run.capacity, "Y" if run.is_cancelled else "N",
        settings.BASE_URL + reverse("catalogue:run", args=[run.pk]),
    )]


def iter_csv(runs: Iterable[OpportunityRun]) -> Iterator[str]:
    """The CSV line by line (for streaming responses); UTF-8 BOM first so Excel reads Korean correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)
        return text

    writer.writerow(HEADER)
    yield "\ufeff" + flush()
    for run in runs:
        writer.writerow(run_row(run))
        yield flush()


def runs_to_csv(runs: Iterable[OpportunityRun]) -> str:
    return "".join(iter_csv(runs))
