"""`learningcity search rebuild|catch-up|status`."""

import re

import pytest
from django.core.management import CommandError, call_command

from learningcity.catalogue.selectors import public_runs
from learningcity.core.progress import console


def run(*args) -> str:
    with console.capture() as captured:
        call_command("search", *args)
    return captured.get()


def test_rebuild_then_status(db, search_dir):
    out = run("rebuild", "--quiet")
    assert f"{public_runs().count():,} runs" in out
    status = run("status")
    assert "runs indexed" in status and f"{public_runs().count():,}" in status
    assert re.search(r"catalogue events not applied yet\s+0\n", status)
    assert re.search(r"facet values numbered\s+\d+ of 256\n", status)  # room left: not full


def test_catch_up_builds_a_missing_index(db, search_dir):
    out = run("catch-up", "--quiet")
    assert "rebuilt" in out and "Search index current" in out


def test_status_without_an_index_says_what_to_do(db, search_dir):
    with pytest.raises(CommandError, match="search rebuild"):
        run("status")
