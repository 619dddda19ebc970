"""Rules that keep the LRS a standalone component: it imports no other app but core, and its migrations
match its models."""

from __future__ import annotations

import ast
from io import StringIO
from pathlib import Path

from django.core.management import call_command

LRS = Path(__file__).resolve().parents[1]
ALLOWED = ("learningcity.lrs", "learningcity.core")


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_lrs_imports_only_core():
    offenders = {}
    for path in LRS.rglob("*.py"):
        if "tests" in path.parts:
            continue
        bad = {
            name
            for name in _imports(path)
            if name.startswith("learningcity") and not name.startswith(ALLOWED)
        }
        if bad:
            offenders[str(path.relative_to(LRS))] = sorted(bad)
    assert offenders == {}


def test_migrations_match_models(db):
    out = StringIO()
    call_command("makemigrations", "lrs", "--check", "--dry-run", stdout=out)
