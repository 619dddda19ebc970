"""Writes: snapshots and external statistics, with their permission checks and real-data totals."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from django.conf import settings

from learningcity.core.models import AuditEntry, DomainEvent
from learningcity.lrs.models import Statement, StatementRef
from learningcity.lrs.services.platform import platform_statement_record
from learningcity.monitoring import selectors, services
from learningcity.learners.models import Enrolment
from learningcity.monitoring.tests.learner_rows import consenting_enrolment

ATTENDED = "http://adlnet.gov/expapi/verbs/attended"


def stored_statement(*, learner_key: int, when: datetime.datetime, duration: str = "PT1H") -> int:
    """A real statement in the LRS about the platform account `learner_key`; returns its stored id."""
    statement_id = platform_statement_record(
        actor={"objectType": "Agent", "account": {"homePage": settings.BASE_URL, "name": str(learner_key)}},
        verb=ATTENDED, object={"objectType": "Activity", "id": "https://example.org/activities/pottery"},
        result={"duration": duration}, timestamp=when)
    return Statement.objects.get(statement_id=statement_id).pk

SEOUL = "1100000000"


@pytest.fixture
def snapshot(db, tmp_path):
    return services.snapshot_create(by=None, reference_date=datetime.date(2026, 4, 30),
                                    mirror=tmp_path / "mirror.duckdb")


def test_real_population_totals_match_the_source(snapshot):
    summary = selectors.snapshot_part(snapshot=snapshot, key="summary")
    # MOIS April 2025 (data/SOURCES.md): the city, the sum of the districts and of the neighbourhoods.
    assert summary[SEOUL]["population"] == 9_331_860
    assert sum(v["population"] for code, v in summary.items() if code != SEOUL) == 9_331_860
    access = selectors.snapshot_part(snapshot=snapshot, key="access")
    assert sum(n["population"]["all"] for n in access["neighbourhoods"]) == 9_331_860
    assert len(access["neighbourhoods"]) == 426
    cube = selectors.snapshot_part(snapshot=snapshot, key=f"cube:{SEOUL}")
    assert cube["all"]["M"]["population"] + cube["all"]["F"]["population"] == 9_331_860


def test_supply_of_the_real_catalogue(snapshot):
    summary = selectors.snapshot_part(snapshot=snapshot, key="summary")
    gangnam = summary["1168000000"]
    from learningcity.catalogue.selectors import public_runs

    in_window = public_runs().filter(start_date__lte="2026-04-30", end_date__gte="2025-05-01",
                                     venue__district__code="1168000000").count()
    assert gangnam["runs"] == in_window > 100 and gangnam["venues"] > 0
    assert summary[SEOUL]["venues"] == sum(v["venues"] for c, v in summary.items() if c != SEOUL)


def test_snapshot_is_audited_and_announced(snapshot):
    assert AuditEntry.objects.filter(action="monitoring.snapshot.create", object_id=str(snapshot.pk)).exists()
    assert DomainEvent.objects.filter(name="monitoring.snapshot.created").exists()
    assert selectors.snapshot_latest() == snapshot


def test_only_the_city_office_computes(learner, tmp_path):
    with pytest.raises(PermissionDenied):
        services.snapshot_create(by=learner, mirror=tmp_path / "m.duckdb")


def test_learners_flow_through_the_real_compute_path(db, tmp_path):
    when = datetime.datetime(2026, 3, 1, tzinfo=datetime.timezone.utc)
    enrolment = consenting_enrolment(district_code="1168000000", birth_year=1990, sex="F", status="completed",
                                     enrolled_at=when, completed_at=when)
    key = enrolment.user_id  # the learner key monitoring sees (the consenting learner comes from learners too)
    stored_statement(learner_key=key, when=when)
    mirror = tmp_path / "mirror.duckdb"
    snap = services.snapshot_create(by=None, reference_date=datetime.date(2026, 4, 30), mirror=mirror)
    cube = selectors.snapshot_part(snapshot=snap, key="cube:1168000000")
    assert cube["35-39"]["F"]["learners"] == 1 and cube["35-39"]["F"]["completed"] == 1
    assert cube["all"]["all"]["active_learners"] == 1
    # Incremental: a new statement is appended, the old ones are not read again.
    stored_statement(learner_key=key, when=when, duration="PT1M")
    snap2 = services.snapshot_create(by=None, reference_date=datetime.date(2026, 4, 30), mirror=mirror)
    assert snap2.counts["statements_added"] == 1 and snap2.counts["statements"] == 2
    # Open data hides the single learner (and the cells that would give them away).
    rows = selectors.snapshot_part(snapshot=snap2, key="opendata")["rows"]
    cell = next(r for r in rows if (r["area"], r["age_band"], r["sex"]) == ("1168000000", "35-39", "F"))
    assert cell["learners"] is None and cell["participation_rate"] is None and "learners" in cell["suppressed"]


def test_enrolment_changes_and_erasure_reach_the_next_compute(db, tmp_path):
    when = datetime.datetime(2026, 3, 1, tzinfo=datetime.timezone.utc)
    rows = [consenting_enrolment(district_code="1168000000", birth_year=1990, sex="F", status="enrolled",
                                 enrolled_at=when) for _ in range(12)]
    mirror = tmp_path / "mirror.duckdb"
    ref = datetime.date(2026, 4, 30)
    first = services.snapshot_create(by=None, reference_date=ref, mirror=mirror)
    assert first.counts["enrolments_changed"] == 12
    Enrolment.objects.filter(pk=rows[0].pk).update(status="completed", completed_at=when,
                                                   modified_at=datetime.datetime.now(datetime.timezone.utc))
    profile = rows[1].user.learner_profile  # consent withdrawn: the row leaves the statistics
    profile.statistics_consent = False
    profile.save(update_fields=["statistics_consent"])
    rows[2].user.delete()  # the account erased (without kept statistical cells): the row leaves too
    snap = services.snapshot_create(by=None, reference_date=ref, mirror=mirror)
    cube = selectors.snapshot_part(snapshot=snap, key="cube:1168000000")["all"]["all"]
    assert (snap.counts["enrolments"], cube["learners"], cube["completed"]) == (10, 10, 1)


def test_mirror_rebuilds_when_the_source_changed(db, tmp_path):
    when = datetime.datetime(2026, 3, 1, tzinfo=datetime.timezone.utc)
    first = stored_statement(learner_key=99, when=when)
    mirror = tmp_path / "mirror.duckdb"
    services.snapshot_create(by=None, mirror=mirror)
    # The LRS restored from an older backup: the statement and its lookup rows are gone, and the next stored
    # statement may even reuse its id.
    Statement.objects.filter(pk=first).delete()
    StatementRef.objects.filter(statement=first).delete()
    stored_statement(learner_key=99, when=when + datetime.timedelta(days=1))
    snap = services.snapshot_create(by=None, mirror=mirror)
    assert snap.counts["mirror_rebuilt"] is True and snap.counts["statements"] == 1


def test_external_statistics(city_office, learner):
    stat = services.external_statistic_save(by=city_office, indicator="EXT-LIT", area_code=SEOUL, year=2024,
                                            value=98.5, source="KOSIS, adult literacy survey 2024")
    assert selectors.external_latest() == {"EXT-LIT": {SEOUL: 98.5}}
    services.external_statistic_save(by=city_office, indicator="EXT-LIT", area_code=SEOUL, year=2024, value=97.0,
                                     source="corrected")
    assert selectors.external_statistic_list().count() == 1
    with pytest.raises(PermissionDenied):
        services.external_statistic_save(by=learner, indicator="EXT-LIT", area_code=SEOUL, year=2024, value=1,
                                         source="x")
    with pytest.raises(ValidationError) as exc:
        services.external_statistic_save(by=city_office, indicator="NOPE", area_code="zz", year=1200, value=1,
                                         source=" ")
    assert set(exc.value.error_dict) == {"indicator", "area_code", "year", "source"}
    with pytest.raises(PermissionDenied):
        services.external_statistic_delete(by=learner, statistic=stat)
    services.external_statistic_delete(by=city_office, statistic=selectors.external_statistic_list().get())
    assert selectors.external_statistic_list().count() == 0
