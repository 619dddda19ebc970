"""`learningcity monitoring compute`: recompute every indicator and store a dated snapshot.

`learningcity monitoring list` shows the stored snapshots.
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError

from learningcity.monitoring import selectors, services
from learningcity.core.progress import console, progress_bar


class Command(BaseCommand):
    help = "Monitoring: `compute` recomputes every indicator and stores a dated snapshot; `list` shows them."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["compute", "list"])
        parser.add_argument("--date", help="Reference date YYYY-MM-DD (default: today). Indicators describe the "
                                           "12 months ending on it.")
        parser.add_argument("--mirror", help="Statement mirror file (default: <var>/monitoring/statements.duckdb).")
        parser.add_argument("--quiet", action="store_true", help="No progress bars.")

    def handle(self, *args, action: str, date: str | None = None, mirror: str | None = None, quiet: bool = False,
               **options):
        if action == "list":
            for s in selectors.snapshot_list()[:50]:
                console.print(f"{s.pk:>5}  {s.computed_at:%Y-%m-%d %H:%M}  reference {s.reference_date}  "
                              f"{s.duration_s:.2f} s  k={s.suppression_k}")
            return
        reference = None
        if date:
            try:
                reference = datetime.date.fromisoformat(date)
            except ValueError as exc:
                raise CommandError(f"--date must look like 2025-04-30 (got {date!r}).") from exc
        with progress_bar(quiet) as update:
            snapshot = services.snapshot_create(by=None, reference_date=reference, mirror=mirror, progress=update)
        meta = selectors.snapshot_part(snapshot=snapshot, key="meta") or {}
        counts = ", ".join(f"{k} {v:,}" for k, v in snapshot.counts.items() if isinstance(v, int)
                           and not isinstance(v, bool))
        console.print(f"[bold]Snapshot {snapshot.pk}[/bold] for the 12 months to {snapshot.reference_date} "
                      f"stored in {snapshot.duration_s:.2f} s ({counts}).")
        console.print(f"Sources: {meta.get('sources')}; timings: {meta.get('timings')}")
