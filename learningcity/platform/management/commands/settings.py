"""`learningcity settings`: every environment variable the platform reads, from `config/env.py`'s inventory.

`--markdown` prints the page docs/settings.md is made of (`--write` writes it); without it, a table of the
values in force here, with secrets hidden.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from learningcity.config import env
from learningcity.config.env import BASE_DIR

PAGE = BASE_DIR / "docs" / "settings.md"
INTRO = """# Settings

Every environment variable Learning City reads, generated from `learningcity/config/env.py` by
`learningcity settings --markdown --write` (a test fails when this page and the inventory disagree).
Secrets come only from the environment; `learningcity demo` writes its own into `var/secrets.env`, which the
`learningcity` command reads before anything else (values already in the environment win).

"""


def settings_page() -> str:
    return INTRO + env.markdown()


class Command(BaseCommand):
    help = "List the environment variables the platform reads (--markdown for docs/settings.md)."

    def add_arguments(self, parser):
        parser.add_argument("--markdown", action="store_true", help="The documentation page, in Markdown.")
        parser.add_argument("--write", action="store_true", help=f"With --markdown: write {PAGE.relative_to(BASE_DIR)}.")

    def handle(self, *args, markdown: bool, write: bool, **options):
        if markdown:
            if write:
                PAGE.write_text(settings_page(), encoding="utf-8")
                self.stdout.write(f"wrote {PAGE}")
            else:
                self.stdout.write(settings_page(), ending="")
            return
        import os

        for s in env.INVENTORY:
            value = "(set)" if s.secret and os.environ.get(s.name) else env.env(s.name)
            source = "environment" if s.name in os.environ else "default"
            self.stdout.write(f"{s.name:<34} {value!s:<40} ({source})")
