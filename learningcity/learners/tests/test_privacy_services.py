"""Account erasure (what goes, what stays detached, atomicity), the personal-data download, and consent
deciding what monitoring sees."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError

from learningcity.core.models import ApiToken, AuditEntry, District, User
from learningcity.core.services import api_token_create
from learningcity.learners import hooks
from learningcity.learners.models import Enrolment, LearnerProfile, Review, SelfReportedLearning
from learningcity.learners.selectors import enrolments_for_statistics, learners_for_statistics
from learningcity.learners.selectors import self_reported_for_statistics
from learningcity.learners.selectors.passport import lrs_statements_of
from learningcity.learners.selectors.people import personal_data
from learningcity.learners.services import passport, people, privacy
from learningcity.learners.services.reviews import review_create
from learningcity.learners.tests.enrolment_setup import completed, enrolled, future_run, running_run
from learningcity.lrs.models import Agent, Statement
from learningcity.lrs.services import platform_statement_record
from learningcity.lrs.storage.statements import cache_clear
from learningcity.testing import factories

PASSWORD = factories.PASSWORD


@pytest.fixture
def person(db):
    user = factories.user(email="erase.me@example.org")
    people.profile_update(user=user, by=user, birth_year=1984, sex="F",
                          district=District.objects.get(code="1168000000"), languages=["ko"])
    return user


def external_statement_by_email(user):
    platform_statement_record(actor={"objectType": "Agent", "mbox": f"mailto:{user.email}"},
                              verb="http://adlnet.gov/expapi/verbs/experienced",
                              object={"objectType": "Activity", "id": "https://lingo.example/lesson/1"})


@pytest.fixture
def history(person, gangnam, gangnam_staff):
    """A person with a seat on a full future run (someone waiting), a completed run with a review, a
    self-report, an API token and statements from the platform and from a tool that knows their email."""
    full = future_run(gangnam, capacity=1)
    seat = enrolled(full, person)
    waiting = enrolled(full)
    done = completed(running_run(gangnam, capacity=5), gangnam_staff, person)
    review_create(enrolment=done, rating=5, text="Lovely teacher", by=person)
    passport.self_report_create(user=person, by=person, title="Knitting", learned_on="2026-01-02", hours=2)
    api_token_create(user=person, name="script", by=person)
    external_statement_by_email(person)
    return {"seat": seat, "waiting": waiting, "done": done}


def test_erasure_with_consent(person, history):
    people.consent_set(user=person, value=True, by=person)
    user_id, profile_pk = person.pk, person.learner_profile.pk
    assert len(lrs_statements_of(person, external_only=False)) >= 4
    counts = privacy.account_erase(user=person, by=person, confirmation="ERASE.ME@example.org")
    assert counts["enrolments_cancelled"] == 1 and counts["enrolments_detached"] == 2
    assert not User.objects.filter(pk=user_id).exists()
    assert not LearnerProfile.objects.filter(pk=profile_pk).exists()
    # The seat went to the person waiting.
    history["waiting"].refresh_from_db()
    assert history["waiting"].status == Enrolment.Status.ENROLLED
    # Enrolments stay, detached, with the coarse cells and one shared negative key.
    rows = list(Enrolment.objects.filter(pk__in=[history["seat"].pk, history["done"].pk]))
    assert all(e.user_id is None and e.stat_consent for e in rows)
    assert {e.stat_learner_key for e in rows} == {rows[0].stat_learner_key} and rows[0].stat_learner_key < 0
    assert {(e.stat_district_code, e.stat_birth_year, e.stat_sex) for e in rows} == {("1168000000", 1984, "F")}
    assert {e.status for e in rows} == {Enrolment.Status.CANCELLED, Enrolment.Status.COMPLETED}
    # Monitoring still counts the completion, under the anonymous key.
    keys = set(enrolments_for_statistics().filter(id__in=[e.pk for e in rows]).values_list("learner_key",
                                                                                            flat=True))
    assert keys == {rows[0].stat_learner_key}
    assert not Review.objects.filter(enrolment=history["done"]).exists()
    assert not SelfReportedLearning.objects.filter(user_id=user_id).exists()
    assert not ApiToken.objects.filter(user_id=user_id).exists()
    # The LRS forgot the person's account and email address, and every statement about them.
    assert not Agent.objects.filter(ifi__contains="erase.me@example.org").exists()
    assert not Agent.objects.filter(ifi=f"A|account:{settings.BASE_URL}\x1f{user_id}").exists()
    assert not Statement.objects.filter(payload__contains="erase.me@example.org").exists()
    assert not Statement.objects.filter(payload__contains=f'"name":"{user_id}"').exists()
    # Audit entries keep no name or address.
    assert not AuditEntry.objects.filter(actor_label__in=["erase.me@example.org", person.display_name]).exists()
    entry = AuditEntry.objects.filter(action="learners.account.erase").latest("id")
    assert entry.object_id == "" and "erase.me" not in json.dumps(entry.detail)


def test_erasure_without_consent_keeps_no_cells(person, history):
    privacy.account_erase(user=person, by=person, confirmation=PASSWORD)
    rows = Enrolment.objects.filter(pk__in=[history["seat"].pk, history["done"].pk])
    assert all(e.user_id is None and e.stat_learner_key is None and not e.stat_consent
               and e.stat_district_code == "" and e.stat_birth_year is None and e.stat_sex == "" for e in rows)
    assert not enrolments_for_statistics().filter(id__in=[e.pk for e in rows]).exists()


@pytest.mark.parametrize("failing", ["another app's eraser", "the last step"])
def test_a_failing_step_erases_nothing(person, history, monkeypatch, failing):
    def broken(*args, **kwargs):
        raise RuntimeError("down")

    if failing == "the last step":  # after the LRS deleted its statements and the account was deleted
        monkeypatch.setattr(privacy, "audit_record", broken)
    else:
        monkeypatch.setitem(hooks._erasers, "zz-broken", broken)
    statements_before = len(lrs_statements_of(person, external_only=False))
    with pytest.raises(RuntimeError):
        privacy.account_erase(user=person, by=person, confirmation=person.email)
    assert User.objects.filter(pk=person.pk).exists()
    assert LearnerProfile.objects.filter(user=person).exists()
    for key in ("seat", "done"):
        history[key].refresh_from_db()
        assert history[key].user_id == person.pk
    assert history["seat"].status == Enrolment.Status.ENROLLED
    history["waiting"].refresh_from_db()
    assert history["waiting"].status == Enrolment.Status.WAITLISTED
    assert Review.objects.filter(enrolment=history["done"]).exists()
    assert SelfReportedLearning.objects.filter(user=person).count() == 1
    assert ApiToken.objects.filter(user=person).count() == 1
    cache_clear()
    assert len(lrs_statements_of(person, external_only=False)) == statements_before


@pytest.mark.parametrize("confirmation", ["", "   ", "someone.else@example.org", "wrong password"])
def test_erasure_needs_the_email_or_password(person, confirmation):
    with pytest.raises(ValidationError) as info:
        privacy.account_erase(user=person, by=person, confirmation=confirmation)
    assert "confirmation" in info.value.message_dict
    assert User.objects.filter(pk=person.pk).exists()


def test_nobody_else_erases_an_account(person, city_office, gangnam_staff):
    for other in (city_office, gangnam_staff, factories.user()):
        with pytest.raises(PermissionDenied):
            privacy.account_erase(user=person, by=other, confirmation=person.email)
    assert User.objects.filter(pk=person.pk).exists()


def test_personal_data_lists_every_kind(person, history):
    data = personal_data(person)
    assert data["account"]["email"] == "erase.me@example.org"
    assert data["profile"]["birth_year"] == 1984 and data["profile"]["district"] == "1168000000"
    assert {e["status"] for e in data["enrolments"]} == {"enrolled", "completed"}
    assert data["reviews"][0]["text"] == "Lovely teacher"
    assert data["self_reported_learning"][0]["title"] == "Knitting"
    assert data["api_tokens"][0]["name"] == "script"
    assert "credentials" in data["other_apps"]
    assert len(data["xapi_statements"]) >= 4
    json.dumps(data)


def test_consent_decides_what_monitoring_sees(person):
    passport.self_report_create(user=person, by=person, title="Evidence", learned_on="2026-01-02", hours=2,
                                evidence_url="https://example.org/cert")
    passport.self_report_create(user=person, by=person, title="No evidence", learned_on="2026-01-03", hours=1)
    learners = learners_for_statistics().values_list("learner_key", "district_code", "birth_year", "sex")
    reports = self_reported_for_statistics().values_list("learner_key", "district_code", "birth_year", "sex",
                                                         "setting", "learned_on", "hours", "recognised")
    assert person.pk not in [row[0] for row in learners]
    assert not [row for row in reports if row[0] == person.pk]
    people.consent_set(user=person, value=True, by=person)
    assert (person.pk, "1168000000", 1984, "F") in list(learners.all())
    mine = sorted((row for row in reports.all() if row[0] == person.pk), key=lambda r: r[5])
    assert [(r[1], r[2], r[3], r[4], float(r[6]), bool(r[7])) for r in mine] == [
        ("1168000000", 1984, "F", "informal", 2.0, True), ("1168000000", 1984, "F", "informal", 1.0, False)]
    people.consent_set(user=person, value=False, by=person)
    assert person.pk not in [row[0] for row in learners.all()]
    assert not [row for row in reports.all() if row[0] == person.pk]


def test_monitoring_reads_learners_through_its_inputs(person):
    from learningcity.monitoring import inputs

    people.consent_set(user=person, value=True, by=person)
    passport.self_report_create(user=person, by=person, title="Evidence", learned_on="2026-01-02", hours=2)
    table = inputs.learners().to_pylist()
    assert {"learner_key": person.pk, "district_code": "1168000000", "birth_year": 1984, "sex": "F"} in table
    reports = [r for r in inputs.self_reports().to_pylist() if r["learner_key"] == person.pk]
    assert len(reports) == 1 and reports[0]["hours"] == 2.0 and reports[0]["recognised"] is False
