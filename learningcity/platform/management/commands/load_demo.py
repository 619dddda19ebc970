"""`learningcity load-demo`: load the demo city (Seoul) from the real open data in data/seoul/."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from learningcity.core.reports import LoadError
from learningcity.platform.demo_city import SEOUL, load_demo_city
from learningcity.core.progress import console, progress_bar


class Command(BaseCommand):
    help = "Load the demo city (Seoul): districts, population, libraries, schools, Gangnam-gu courses."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="No progress bars.")
        parser.add_argument("--show-notes", action="store_true", help="List every adjusted row, not only counts.")
        parser.add_argument("--data-dir", type=Path, default=SEOUL,
                            help="Folder with the city's files (default: data/seoul).")

    def handle(self, *args, quiet: bool = False, show_notes: bool = False, data_dir: Path = SEOUL, **options):
        started = time.monotonic()
        try:
            with progress_bar(quiet) as update:
                reports = load_demo_city(progress=update, data_dir=data_dir)
        except LoadError as exc:
            raise CommandError(f"Nothing was loaded: {exc}. Restore the file from the repository (git checkout "
                               f"data/) and run the command again.") from exc
        for report in reports:
            console.print(f"[bold]{report.summary()}[/bold]")
            for issue in report.rejected:
                console.print(f"  [red]rejected[/red] {issue}")
            if report.notes:
                if show_notes:
                    for note in report.notes:
                        console.print(f"  [yellow]note[/yellow] {note}")
                else:
                    console.print(f"  {len(report.notes)} rows adjusted and noted (--show-notes lists them)")
        console.print(f"Demo city loaded in {time.monotonic() - started:.1f} s.")
