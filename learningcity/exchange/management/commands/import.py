"""`learningcity import <source> <file-or-url> [--provider SLUG] [--dry-run]`: run one importer.

Shows a progress bar while it works and ends with the report: counts (created, updated, unchanged, deleted,
rejected), every rejected row with its file, line or item, field and reason, and the notes (rows used but
adjusted). The exit status is 0 when the import saved (or a dry run found nothing wrong), 1 otherwise.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from rich.table import Table

from learningcity.catalogue.models import Provider
from learningcity.exchange import importers
from learningcity.exchange.runner import run_import
from learningcity.core.progress import console, progress_bar

SHOW_ROWS = 50


class Command(BaseCommand):
    help = "Import learning opportunities from a file or URL: " + ", ".join(sorted(importers.load_all()))

    def add_arguments(self, parser):
        parser.add_argument("source", choices=sorted(importers.load_all()), help="Which format the data is in.")
        parser.add_argument("location", help="A file path or an http(s):// URL.")
        parser.add_argument("--provider", help="The provider (slug or id) the records belong to.")
        parser.add_argument("--dry-run", action="store_true", help="Check everything, save nothing.")
        parser.add_argument("--skip-invalid", action="store_true",
                            help="Save the valid rows even if some are rejected (default: all or nothing).")
        parser.add_argument("--max-size", type=float, default=50, help="Largest file to read, in MB (default 50).")
        parser.add_argument("--from-start", action="store_true", help="Feeds: forget the saved position first.")
        parser.add_argument("--max-pages", type=int, default=None, help="Feeds: stop after this many pages.")
        parser.add_argument("--show-notes", action="store_true", help="List every note, not only how many.")
        parser.add_argument("--all", action="store_true", help=f"List every rejected row (default: first {SHOW_ROWS}).")
        parser.add_argument("--json", action="store_true", help="Print the report as JSON (for scripts).")
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args, source: str, location: str, provider: str | None = None, dry_run: bool = False,
               skip_invalid: bool = False, max_size: float = 50, from_start: bool = False,
               max_pages: int | None = None, show_notes: bool = False, json: bool = False, quiet: bool = False,
               **options):
        owner = None
        if provider:
            owner = Provider.objects.filter(slug=provider).first() or (
                Provider.objects.filter(pk=int(provider)).first() if provider.isdigit() else None)
            if owner is None:
                raise CommandError(f"No provider {provider!r}. Find its slug on /providers/ or in the admin.")
        with progress_bar(quiet or json) as update:
            report = run_import(source, location, provider=owner, dry_run=dry_run, skip_invalid=skip_invalid,
                                max_bytes=int(max_size * 1024 * 1024), progress=update, from_start=from_start,
                                max_pages=max_pages)
        if json:
            self.stdout.write(_json_dumps(report.as_dict() | {"import_run_id": report.import_run_id}))
        else:
            self._print(report, show_notes=show_notes, show_all=options.get("all", False))
        if report.outcome not in ("saved", "saved_partly", "dry_run") or (report.outcome == "dry_run" and report.rejected):
            raise SystemExit(1)

    def _print(self, report, *, show_notes: bool, show_all: bool) -> None:
        console.print(f"[bold]{report.title}[/bold]")
        counts = Table(title="What happened", show_header=True, header_style="bold")
        counts.add_column("records")
        for outcome in ("created", "updated", "unchanged", "deleted"):
            counts.add_column(outcome, justify="right")
        entities = sorted({k.rsplit(" ", 1)[0] for k in report.counts if k.rsplit(" ", 1)[-1] in
                           ("created", "updated", "unchanged", "deleted")})
        for entity in entities:
            counts.add_row(entity, *(f"{report.counts.get(f'{entity} {o}', 0):,}"
                                     for o in ("created", "updated", "unchanged", "deleted")))
        if entities:
            console.print(counts)
        others = {k: v for k, v in report.counts.items() if k.rsplit(" ", 1)[0] not in entities and k != "rejected"}
        for key, value in sorted(others.items()):
            console.print(f"{key}: {value:,}")
        if report.rejected:
            table = Table(title=f"Rejected: {len(report.rejected):,}", header_style="bold red")
            for column in ("file", "line / item", "field", "reason"):
                table.add_column(column, overflow="fold")
            for issue in report.rejected if show_all else report.rejected[:SHOW_ROWS]:
                table.add_row(str(issue.file), str(issue.line), issue.field, issue.reason)
            console.print(table)
            if not show_all and len(report.rejected) > SHOW_ROWS:
                console.print(f"… and {len(report.rejected) - SHOW_ROWS:,} more (--all lists them)")
        if report.notes:
            if show_notes:
                for note in report.notes:
                    console.print(f"  [yellow]note[/yellow] {note}")
            else:
                console.print(f"{len(report.notes):,} rows adjusted and noted (--show-notes lists them)")
        colour = {"saved": "green", "dry_run": "cyan", "saved_partly": "yellow"}.get(report.outcome, "red")
        console.print(f"[bold {colour}]{report.outcome.replace('_', ' ')}[/bold {colour}]: {report.message}")
        if report.import_run_id:
            console.print(f"Recorded as import run #{report.import_run_id} (see /feeds/health/).")


def _json_dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)
