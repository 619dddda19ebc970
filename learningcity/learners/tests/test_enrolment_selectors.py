"""Reads: a learner's enrolments, rosters (staff only), waiting positions, seats, and monitoring's rows."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from learningcity.catalogue.models import OpportunityRun
from learningcity.core.models import District
from learningcity.learners.models import Enrolment, LearnerProfile
from learningcity.learners.selectors import enrolments as selectors
from learningcity.learners.selectors import (
    enrolment_ids_for_statistics,
    enrolments_for_statistics,
    reviews_for_statistics,
)
from learningcity.learners.services.enrolments import enrolment_cancel
from learningcity.learners.services.reviews import review_create
from learningcity.learners.tests.enrolment_setup import completed, enrolled, future_run, running_run
from learningcity.learners.tests.enrolment_setup import fresh_lrs_cache  # noqa: F401 - autouse fixture
from learningcity.testing import factories

pytestmark = pytest.mark.django_db
STAT_COLUMNS = ["id", "learner_key", "district_code", "birth_year", "sex", "run_id", "opportunity_id", "status",
                "enrolled_at", "completed_at", "attended_hours", "credential_issued", "modified_at"]


def test_my_enrolments_are_mine_only(gangnam, learner, django_assert_max_num_queries):
    runs = [future_run(gangnam) for _ in range(3)]
    mine = [enrolled(r, learner) for r in runs]
    enrolled(runs[0])
    with django_assert_max_num_queries(1):
        listed = [(e.pk, e.run.opportunity.provider.name) for e in selectors.enrolments_of(user=learner)]
    assert sorted(pk for pk, _ in listed) == sorted(e.pk for e in mine)
    with pytest.raises(Enrolment.DoesNotExist):
        selectors.enrolment_get_own(pk=mine[0].pk, user=factories.user())


def test_roster_for_the_providers_staff_and_city_office(gangnam, gangnam_staff, other_staff, city_office, learner):
    run = future_run(gangnam, capacity=1)
    seated, first, second = enrolled(run), enrolled(run), enrolled(run)
    rows = selectors.roster(run=run, actor=gangnam_staff)
    assert [(r.enrolment.pk, r.position) for r in rows] == [(seated.pk, None), (first.pk, 1), (second.pk, 2)]
    assert len(selectors.roster(run=run, actor=city_office)) == 3
    for intruder in (other_staff, learner):
        with pytest.raises(PermissionDenied):
            selectors.roster(run=run, actor=intruder)
        with pytest.raises(OpportunityRun.DoesNotExist):
            selectors.run_for_staff(pk=run.pk, actor=intruder)
    assert selectors.seats_left(run=run) == 0 and selectors.waiting_count(run=run) == 2
    enrolment_cancel(enrolment=first, by=first.user)
    assert selectors.waiting_position(enrolment=Enrolment.objects.get(pk=second.pk)) == 1
    assert len(selectors.roster(run=run, actor=gangnam_staff, include_cancelled=True)) == 3


def test_statistics_rows_only_for_consenting_learners(gangnam, gangnam_staff):
    run = running_run(gangnam)
    district = District.objects.get(slug="gangnam-gu")
    consenting, refusing, silent = factories.user(), factories.user(), factories.user()
    LearnerProfile.objects.create(user=consenting, statistics_consent=True, birth_year=1980, sex="F", district=district)
    LearnerProfile.objects.create(user=refusing, statistics_consent=False, birth_year=1990, sex="M")
    yes = completed(run, gangnam_staff, consenting)
    enrolled(run, refusing)
    enrolled(run, silent)  # no profile at all
    detached = Enrolment.objects.create(run=run, status="completed", stat_consent=True, stat_learner_key=987654321,
                                        stat_district_code="1168000000", stat_birth_year=1950, stat_sex="M")
    Enrolment.objects.create(run=run, status="completed", stat_consent=False)  # erased without consent

    rows = {r[0]: dict(zip(STAT_COLUMNS, r)) for r in enrolments_for_statistics().values_list(*STAT_COLUMNS)}
    assert set(rows) == {yes.pk, detached.pk}
    assert set(enrolment_ids_for_statistics()) == set(rows)  # the cheap id list monitoring compares
    assert rows[yes.pk] | {"enrolled_at": None, "completed_at": None, "modified_at": None} == {
        "id": yes.pk, "learner_key": consenting.pk, "district_code": district.code, "birth_year": 1980, "sex": "F",
        "run_id": run.pk, "opportunity_id": run.opportunity_id, "status": "completed", "enrolled_at": None,
        "completed_at": None, "attended_hours": 0, "credential_issued": False, "modified_at": None}
    assert rows[yes.pk]["completed_at"] is not None
    assert (rows[detached.pk]["learner_key"], rows[detached.pk]["district_code"], rows[detached.pk]["birth_year"],
            rows[detached.pk]["sex"]) == (987654321, "1168000000", 1950, "M")


def test_review_statistics_rows(gangnam, gangnam_staff):
    run = running_run(gangnam)
    e = completed(run, gangnam_staff)
    review_create(enrolment=e, rating=5, text="", by=e.user)
    assert list(reviews_for_statistics().values_list("run_id", "rating")) == [(run.pk, 5)]


def test_monitoring_reads_these_rows(gangnam, gangnam_staff):
    from learningcity.monitoring import inputs

    assert inputs.source_names()["enrolments"] == "learners"
    run = running_run(gangnam)
    user = factories.user()
    LearnerProfile.objects.create(user=user, statistics_consent=True, birth_year=1975, sex="M",
                                  district=District.objects.get(slug="gangnam-gu"))
    e = completed(run, gangnam_staff, user)
    e.attended_hours = 6
    e.save(update_fields=["attended_hours"])
    review_create(enrolment=e, rating=3, text="", by=user)
    rows = [r for r in inputs.enrolments().to_pylist() if r["id"] == e.pk]
    assert len(rows) == 1
    assert (rows[0]["learner_key"], rows[0]["status"], rows[0]["attended_hours"], rows[0]["sex"]) == (
        user.pk, "completed", 6.0, "M")
    assert {"run_id": run.pk, "rating": 3} in [{k: r[k] for k in ("run_id", "rating")} for r in inputs.reviews().to_pylist()]


def test_roster_query_count(gangnam, gangnam_staff, django_assert_max_num_queries):
    run = running_run(gangnam, capacity=3)
    for _ in range(6):
        enrolled(run)
    with django_assert_max_num_queries(4):
        rows = selectors.roster(run=run, actor=gangnam_staff)
        labels = [selectors.person_label(r.enrolment) for r in rows]
    assert len(labels) == 6
