"""`learningcity openapi`: print the API's OpenAPI document, or `--write` it to docs/openapi.json.

The committed copy is what people and tools read without running the platform; a test fails when it differs
from what the code generates, so whoever adds or changes an endpoint regenerates it in the same commit.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import translation

from learningcity.config.env import BASE_DIR

SNAPSHOT = BASE_DIR / "docs" / "openapi.json"


def generated_schema() -> dict:
    """The schema exactly as /api/v1/openapi.json serves it (English, the API's documentation language)."""
    from learningcity.config.api import api

    with translation.override("en"):
        return json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/"), default=str))


def render(schema: dict) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


class Command(BaseCommand):
    help = "Print the OpenAPI schema, or write it to docs/openapi.json with --write."

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help=f"Write {SNAPSHOT.relative_to(BASE_DIR)}.")
        parser.add_argument("--output", type=Path, default=SNAPSHOT, help="Where --write writes.")

    def handle(self, *args, write: bool, output: Path, **options):
        text = render(generated_schema())
        if write:
            output.write_text(text, encoding="utf-8")
            self.stdout.write(f"wrote {output}")
        else:
            self.stdout.write(text, ending="")
