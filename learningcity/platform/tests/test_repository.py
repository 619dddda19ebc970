"""Tests that keep the repository honest: migrations, the OpenAPI snapshot, the settings page, the dependency
rule between apps, and the data files the demo city is built from."""

from __future__ import annotations

import ast
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from learningcity.config import env
from learningcity.config.env import BASE_DIR
from learningcity.platform.management.commands.openapi import SNAPSHOT, render
from learningcity.platform.management.commands.settings import PAGE, settings_page

PACKAGE = BASE_DIR / "learningcity"
APPS = ("core", "catalogue", "search", "exchange", "learners", "lrs", "credentials", "monitoring", "platform")


def test_no_model_change_lacks_a_migration(db):
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exc:
        pytest.fail(f"a model change has no migration (run `learningcity makemigrations`):\n{out.getvalue()}"
                    f" (exit {exc.code})")


def test_committed_openapi_schema_is_the_generated_one(client):
    served = client.get("/api/v1/openapi.json", HTTP_ACCEPT_LANGUAGE="en")
    assert served.status_code == 200
    committed = SNAPSHOT.read_text(encoding="utf-8")
    assert render(served.json()) == committed, (
        "docs/openapi.json differs from the API the code serves. Regenerate it with "
        "`learningcity openapi --write` and commit it with the change to the endpoints."
    )


def test_openapi_is_3_1_with_every_catalogue_path():
    schema = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert schema["openapi"].startswith("3.1")
    for path in ("/api/v1/opportunities", "/api/v1/opportunities/{pk}/runs", "/api/v1/venues", "/api/v1/districts"):
        assert path in schema["paths"]


def test_every_setting_is_documented():
    page = PAGE.read_text(encoding="utf-8")
    assert page == settings_page(), (
        "docs/settings.md differs from config/env.py. Regenerate it with `learningcity settings --markdown --write`."
    )
    for setting in env.INVENTORY:
        assert f"`{setting.name}`" in page


def test_settings_read_only_through_the_inventory():
    """Every os.environ read in the package names a declared setting (or is the test/CLI plumbing)."""
    declared = {s.name for s in env.INVENTORY}
    allowed = declared | {"DJANGO_SETTINGS_MODULE", "LEARNINGCITY_TESTING"}
    for path in PACKAGE.rglob("*.py"):
        if "/tests/" in str(path) or path.parts[-2] == "testing":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("get", "getenv", "setdefault") and node.args
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
                    and ast.unparse(node.func.value) in ("os.environ", "os")):
                assert node.args[0].value in allowed, f"{path.relative_to(BASE_DIR)} reads {node.args[0].value}"


# --- the dependency rule -------------------------------------------------------------------------------------

def imports_of(path: Path) -> list[tuple[str, int]]:
    """Modules a file imports (absolute names), with line numbers; relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(BASE_DIR).with_suffix("").parts[:-1])
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            out.append((base, node.lineno))
            out += [(f"{base}.{alias.name}", node.lineno) for alias in node.names]
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__" and node.args:
            if isinstance(node.args[0], ast.Constant):
                out.append((node.args[0].value, node.lineno))
    return out


def app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "learningcity" and parts[1] in APPS else None


def violations(app: str, allowed) -> list[str]:
    found = []
    for path in sorted((PACKAGE / app).rglob("*.py")):
        if "tests" in path.relative_to(PACKAGE / app).parts:
            continue  # tests may build state through any app's services
        for module, line in imports_of(path):
            other = app_of(module)
            if other and other != app and not allowed(other, module):
                found.append(f"{path.relative_to(BASE_DIR)}:{line} imports {module}")
    return found


def test_core_imports_no_other_app():
    assert violations("core", lambda other, module: False) == []


def test_lrs_imports_only_core():
    assert violations("lrs", lambda other, module: other == "core") == []


def test_monitoring_reads_other_apps_only_through_selectors():
    def allowed(other, module):
        parts = module.split(".")
        return other == "core" or (len(parts) >= 3 and parts[2] == "selectors")

    assert violations("monitoring", allowed) == []


def test_the_rule_checker_catches_a_violation(tmp_path, monkeypatch):
    """The checker itself can fail: a core module importing the catalogue is caught."""
    fake = tmp_path / "learningcity" / "core"
    fake.mkdir(parents=True)
    (fake / "bad.py").write_text("from learningcity.catalogue.models import Venue\nfrom . import geo\n")
    (tmp_path / "learningcity" / "monitoring").mkdir()
    (tmp_path / "learningcity" / "monitoring" / "ok.py").write_text(
        "from learningcity.catalogue.selectors import opportunity_list\nfrom learningcity.learners import models\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["x"]), "PACKAGE", tmp_path / "learningcity")
    monkeypatch.setattr(__import__(__name__, fromlist=["x"]), "BASE_DIR", tmp_path)
    assert violations("core", lambda o, m: False) == ["learningcity/core/bad.py:1 imports learningcity.catalogue.models",
                                                      "learningcity/core/bad.py:1 imports "
                                                      "learningcity.catalogue.models.Venue"]
    bad = violations("monitoring", lambda o, m: m.split(".")[2:3] == ["selectors"])
    assert bad == ["learningcity/monitoring/ok.py:2 imports learningcity.learners",
                   "learningcity/monitoring/ok.py:2 imports learningcity.learners.models"]


# --- data ------------------------------------------------------------------------------------------------------

def test_every_listed_data_file_exists_and_is_attributed():
    from learningcity.core.sources import SOURCES
    from learningcity.platform.demo_city import DEMO_FILES

    sources_md = (BASE_DIR / "data" / "SOURCES.md").read_text(encoding="utf-8")
    for source in SOURCES:
        path = BASE_DIR / "data" / source["file"]
        assert path.is_file() and path.stat().st_size > 0, source["file"]
        assert Path(source["file"]).name in sources_md
        assert source["attribution"] and source["licence"] and source["publisher"]
    listed = {Path(s["file"]).name for s in SOURCES}
    assert set(DEMO_FILES) <= listed, "every file the demo loads is on the About the data page"
