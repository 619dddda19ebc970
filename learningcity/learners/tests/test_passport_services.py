"""Self-reported learning: every rule and bad input, and the xAPI statement each entry becomes."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from learningcity.catalogue.models import Topic
from learningcity.core.models import AuditEntry, DomainEvent
from learningcity.learners.models import SelfReportedLearning
from learningcity.learners.selectors.passport import lrs_statements_of
from learningcity.learners.services import passport
from learningcity.lrs.selectors import statement_get
from learningcity.testing import factories


def report(user, **overrides):
    data = {"title": "Learned to knit", "learned_on": datetime.date(2026, 3, 14), "hours": "3.5",
            "setting": "informal", "topic": None, "description": "", "evidence_url": ""}
    data.update(overrides)
    return passport.self_report_create(user=user, by=user, **data)


def test_create_stores_the_entry_and_its_statement(learner):
    topic = Topic.objects.exclude(isced_field="").first()
    entry = report(learner, topic=topic.code, evidence_url="https://example.org/certificate/1",
                   description="A scarf")
    assert entry.hours == Decimal("3.5") and entry.topic == topic
    statements = lrs_statements_of(learner, external_only=False)
    assert len(statements) == 1
    statement = statements[0]
    assert statement["id"] == str(passport.self_report_statement_id(entry))
    assert statement["verb"]["id"] == "http://adlnet.gov/expapi/verbs/experienced"
    assert statement["actor"]["account"]["name"] == str(learner.pk)
    assert statement["object"]["definition"]["name"] == {"und": "Learned to knit"}
    assert statement["result"]["duration"] == "PT3.5H"
    categories = [c["id"] for c in statement["context"]["contextActivities"]["category"]]
    assert "https://w3id.org/xapi/learningcity/categories/self-reported" in categories
    assert AuditEntry.objects.filter(action="learners.self_report.create", object_id=str(entry.pk)).exists()
    assert DomainEvent.objects.filter(name="learners.self_report.created", payload__self_report_id=entry.pk).exists()


def test_statement_id_is_deterministic(learner):
    entry = report(learner)
    assert passport.self_report_statement_id(entry) == passport.self_report_statement_id(
        SelfReportedLearning.objects.get(pk=entry.pk))
    # Recording the same revision again is idempotent (same id, same content).
    passport._record_statement(entry)
    assert len(lrs_statements_of(learner, external_only=False)) == 1


def test_update_records_a_new_statement_and_voids_the_old(learner):
    entry = report(learner)
    old_id = passport.self_report_statement_id(entry)
    entry = passport.self_report_update(report=entry, by=learner, hours="2", title="Knitting, second scarf")
    assert entry.hours == Decimal("2") and entry.title == "Knitting, second scarf"
    assert statement_get(statement_id=str(old_id), voided=True)
    current = [s for s in lrs_statements_of(learner, external_only=False)
               if s["verb"]["id"].endswith("experienced")]
    assert [s["id"] for s in current] == [str(passport.self_report_statement_id(entry))]


def test_delete_removes_the_entry_and_voids_its_statement(learner):
    entry = report(learner)
    statement_id = passport.self_report_statement_id(entry)
    passport.self_report_delete(report=entry, by=learner)
    assert not SelfReportedLearning.objects.filter(pk=entry.pk).exists()
    assert statement_get(statement_id=str(statement_id), voided=True)


@pytest.mark.parametrize("overrides, field", [
    ({"title": ""}, "title"),
    ({"title": "   "}, "title"),
    ({"title": "t" * 201}, "title"),
    ({"description": "d" * 2001}, "description"),
    ({"hours": "-1"}, "hours"),
    ({"hours": "0"}, "hours"),
    ({"hours": "5000.01"}, "hours"),
    ({"hours": "99999999"}, "hours"),
    ({"hours": "1.234"}, "hours"),
    ({"hours": "lots"}, "hours"),
    ({"hours": "NaN"}, "hours"),
    ({"hours": "Infinity"}, "hours"),
    ({"hours": None}, "hours"),
    ({"learned_on": "tomorrow"}, "learned_on"),
    ({"learned_on": None}, "learned_on"),
    ({"learned_on": datetime.date(1899, 12, 31)}, "learned_on"),
    ({"setting": "underwater"}, "setting"),
    ({"topic": "no-such-topic"}, "topic"),
    ({"evidence_url": "javascript:alert(1)"}, "evidence_url"),
    ({"evidence_url": "not a url"}, "evidence_url"),
    ({"evidence_url": "ftp://example.org/file"}, "evidence_url"),
    ({"evidence_url": "https://example.org/" + "a" * 200}, "evidence_url"),
])
def test_bad_input_is_refused_per_field_and_nothing_is_stored(learner, overrides, field):
    with pytest.raises(ValidationError) as info:
        report(learner, **overrides)
    assert field in info.value.message_dict
    assert not SelfReportedLearning.objects.filter(user=learner).exists()
    assert lrs_statements_of(learner, external_only=False) == []


def test_future_dates_are_refused(learner):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as info:
        report(learner, learned_on=tomorrow)
    assert "future" in info.value.message_dict["learned_on"][0]
    assert report(learner, learned_on=timezone.localdate()).learned_on == timezone.localdate()


def test_several_errors_are_reported_together(learner):
    with pytest.raises(ValidationError) as info:
        report(learner, title="", hours="-2", evidence_url="nope")
    assert {"title", "hours", "evidence_url"} <= set(info.value.message_dict)


def test_a_bad_update_changes_nothing(learner):
    entry = report(learner)
    with pytest.raises(ValidationError):
        passport.self_report_update(report=entry, by=learner, hours="-3", title="Changed")
    entry.refresh_from_db()
    assert entry.hours == Decimal("3.5") and entry.title == "Learned to knit"


def test_only_the_person_writes_their_entries(learner, city_office, gangnam_staff):
    entry = report(learner)
    for other in (city_office, gangnam_staff, factories.user()):
        with pytest.raises(PermissionDenied):
            passport.self_report_create(user=learner, by=other, title="x", learned_on="2026-01-01", hours=1)
        with pytest.raises(PermissionDenied):
            passport.self_report_update(report=entry, by=other, title="mine now")
        with pytest.raises(PermissionDenied):
            passport.self_report_delete(report=entry, by=other)
    assert SelfReportedLearning.objects.get(pk=entry.pk).title == "Learned to knit"
