"""`learningcity credentials_verify FILE…`: check credentials (JSON, JWT, baked PNG/SVG) and say why one fails.

Exit status 0 when every file verified, 1 otherwise. Nothing is fetched: keys of this site's issuers come from
the database, `did:key` keys from the identifier.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console

from learningcity.credentials import baking
from learningcity.credentials.verification import credential_verify


class Command(BaseCommand):
    help = "Verify Open Badges 3.0 / W3C Verifiable Credentials from files and explain the result."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)

    def handle(self, *args, files, **options):
        console = Console()
        failed = 0
        for path in files:
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise CommandError(f"{path}: {exc.strerror}") from exc
            report = credential_verify(baking.unbake(data) or data)
            mark = "[green]✔ verified[/green]" if report.verified else "[red]✘ not verified[/red]"
            console.print(f"{path}: {mark}")
            for check in report.checks:
                console.print(f"  {'✔' if check.ok else '✘'} {check.name}: {check.message}")
            for warning in report.warnings:
                console.print(f"  ! {warning['message']}")
            failed += not report.verified
        if failed:
            raise SystemExit(1)
