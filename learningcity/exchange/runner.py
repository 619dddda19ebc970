"""Run an importer: each file one transaction (feeds: each page), a report at the end, the run recorded.

Outcomes (`ImportRun.Outcome`):
- saved: every row was valid and is in the catalogue;
- rolled_back: some rows were rejected, so *nothing* from the file was saved (fix them and import again, or
  pass `skip_invalid=True` / `--skip-invalid` to save the valid rows and list the others): this is "all or
  nothing per file";
- saved_partly: `skip_invalid` was given; the valid rows were saved, the rejected ones are listed;
- failed: the file could not be read at all (missing, too big, wrong encoding, broken JSON, feed errors);
- dry_run: everything was checked and then rolled back.
Every run except a dry run is stored as an `ImportRun` with its report (the feed-health page reads them).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from learningcity.core.permissions import Actor
from learningcity.exchange import importers
from learningcity.exchange.context import ImportContext, ImportReport
from learningcity.exchange.sources import DEFAULT_MAX_BYTES, SourceError


def run_import(source_name: str, location: str, *, provider=None, dry_run: bool = False,
               skip_invalid: bool = False, max_bytes: int = DEFAULT_MAX_BYTES, by: Actor = None,
               progress=lambda *a: None, record: bool = True, **options) -> ImportReport:
    from learningcity.exchange.models import ImportRun
    from learningcity.exchange.services import import_run_record

    importer = importers.get(source_name)
    report = ImportReport(f"{source_name} ← {location}" + (" (dry run: nothing saved)" if dry_run else ""))
    ctx = ImportContext(report=report, provider=provider, by=by, dry_run=dry_run, skip_invalid=skip_invalid,
                        max_bytes=max_bytes, progress=progress, options=options)
    started = timezone.now()
    try:
        if importer.scope == "page":
            importer.run(location, ctx)  # the importer opens one ctx.unit() per page
        else:
            with ctx.unit():
                importer.run(location, ctx)
    except SourceError as exc:
        report.reject(location.rsplit("/", 1)[-1] if not location.startswith("http") else location, "", "",
                      str(exc))
        report.outcome = ImportRun.Outcome.FAILED
        report.message = str(exc)
    if not report.outcome:
        report.outcome, report.message = _outcome(ctx)
    if record and not dry_run:
        with transaction.atomic():
            run = import_run_record(source=source_name, location=location, provider=ctx.record_provider(), by=by,
                                    started_at=started, report=report)
        report.import_run_id = run.pk
    return report


def _outcome(ctx: ImportContext) -> tuple[str, str]:
    from learningcity.exchange.models import ImportRun

    report = ctx.report
    if ctx.dry_run:
        return ImportRun.Outcome.DRY_RUN, "Everything was checked; nothing was saved."
    if ctx.options.get("stopped"):
        # A feed that stopped part-way: the pages before the stop are saved (atomic per page).
        return ImportRun.Outcome.FAILED if not ctx.units_committed else ImportRun.Outcome.SAVED_PARTLY, \
            ctx.options["stopped"]
    if ctx.units_rolled_back:
        n = len(report.rejected)
        return ImportRun.Outcome.ROLLED_BACK, (
            f"Nothing was saved: {n} row{'s' if n != 1 else ''} rejected. Fix them and import again, or use "
            "--skip-invalid to save the valid rows only."
        )
    if report.rejected:
        return ImportRun.Outcome.SAVED_PARTLY, f"Saved the valid rows; {len(report.rejected)} rejected rows skipped."
    return ImportRun.Outcome.SAVED, "Saved."
