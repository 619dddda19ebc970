"""`learningcity compile-translations`: compile every app's .po catalogue to .mo with Babel (pure Python, so no
GNU gettext is needed to run the platform; `makemessages`, for developers, does need it)."""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.core.management.base import BaseCommand

from learningcity.config.env import BASE_DIR


def po_files() -> list[Path]:
    return sorted((BASE_DIR / "learningcity").glob("**/locale/*/LC_MESSAGES/*.po"))


class Command(BaseCommand):
    help = "Compile .po translation catalogues to .mo (Babel)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args, quiet: bool = False, **options):
        for po in po_files():
            mo = po.with_suffix(".mo")
            if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
                continue
            with po.open("rb") as fh:
                catalog = read_po(fh, locale=po.parts[-3])
            with mo.open("wb") as fh:
                write_mo(fh, catalog, use_fuzzy=False)
            if not quiet:
                self.stdout.write(f"compiled {po.relative_to(BASE_DIR)}")
