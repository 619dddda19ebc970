"""`learningcity import …`: the end report and the exit status."""

import pytest
from django.core.management import call_command

from learningcity.platform.demo_city import COURSES_FILE

from .conftest import HELSINKI


def test_import_prints_the_report(db, capsys):
    call_command("import", "kr-lifelong-courses", str(COURSES_FILE), "--quiet")
    out = capsys.readouterr().out
    assert "unchanged" in out and "322" in out and "saved" in out and "import run #" in out


def test_rejected_rows_are_listed_and_the_exit_status_is_1(db, capsys):
    with pytest.raises(SystemExit) as exit_info:
        call_command("import", "linked-events", str(HELSINKI), "--quiet")
    assert exit_info.value.code == 1
    out = capsys.readouterr().out
    assert "Rejected: 20" in out and "tprek:7254" in out and "rolled back" in out


def test_unknown_provider_is_a_clear_error(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No provider"):
        call_command("import", "csv-template", "x.csv", "--provider", "no-such-provider")


def test_json_output(db, capsys):
    import json

    call_command("import", "kr-lifelong-courses", str(COURSES_FILE), "--json", "--dry-run")
    data = json.loads(capsys.readouterr().out)
    assert data["outcome"] == "dry_run" and data["counts"]["runs unchanged"] == 322
