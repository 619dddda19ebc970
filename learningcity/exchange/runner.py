"""Run an importer atomically: one transaction per file, rolled back on any error or on --dry-run."""

from __future__ import annotations

from django.db import transaction

from learningcity.core.reports import Report
from learningcity.exchange import importers


class DryRunRollback(Exception):
    pass


def run_import(source_name: str, location: str, *, provider=None, dry_run: bool = False,
               progress=lambda *a: None) -> Report:
    importer = importers.get(source_name)
    report = Report(f"{source_name} ← {location}" + (" (dry run: nothing saved)" if dry_run else ""))
    try:
        with transaction.atomic():
            importer.run(location, provider=provider, progress=progress, report=report)
            if dry_run:
                raise DryRunRollback
    except DryRunRollback:
        pass
    return report
