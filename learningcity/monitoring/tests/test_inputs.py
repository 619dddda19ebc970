"""The input interface against the real demo city, and the dependency rule."""

from __future__ import annotations

import ast
import datetime
from pathlib import Path

from learningcity.catalogue.models import OpportunityRun
from learningcity.catalogue.selectors import public_runs
from learningcity.monitoring import inputs, schedule

ROOT = Path(__file__).resolve().parents[1]


def test_run_hours_match_the_catalogue(db):
    runs = list(OpportunityRun.objects.all()[:400])
    assert runs
    for run in runs:
        assert schedule.run_hours(start=run.start_date, end=run.end_date, start_time=run.start_time,
                                end_time=run.end_time, weekdays=run.weekdays) == run.total_hours()


def test_run_hours_counts_weekdays_arithmetically():
    # 2025-06-02 is a Monday; Mondays and Wednesdays of two weeks = 4 sessions of 1.5 h.
    assert schedule.run_hours(start=datetime.date(2025, 6, 2), end=datetime.date(2025, 6, 15),
                            start_time=datetime.time(10), end_time=datetime.time(11, 30), weekdays=["MO", "WE"]) == 6.0
    assert schedule.run_hours(start=datetime.date(2025, 6, 2), end=datetime.date(2025, 6, 4),
                            start_time=datetime.time(10), end_time=datetime.time(12), weekdays=[]) == 6.0


def test_sources_read_through_selectors(db):
    runs = inputs.runs()
    assert runs.num_rows == public_runs().count() == 320
    assert inputs.population().num_rows == 18_984
    assert inputs.venues().num_rows > 1800
    assert inputs.source_names()["enrolments"] == "learners" and inputs.source_names()["statements"] == "lrs"


def test_monitoring_reads_other_apps_through_selectors_only():
    allowed = {"learningcity.core", "learningcity.monitoring"}
    offenders = []
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                parts = name.split(".")
                if len(parts) >= 3 and parts[0] == "learningcity" and ".".join(parts[:2]) not in allowed \
                        and parts[2] in ("models", "services"):
                    offenders.append(f"{path.name}: {name}")
    assert offenders == []
