"""Issuing, revoking, rotating, rules and imports through the services, with the permission crossings."""

from __future__ import annotations

import copy
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from learningcity.core.models import AuditEntry, DomainEvent
from learningcity.credentials import baking, services
from learningcity.credentials import keys as keystore
from learningcity.credentials.models import IssuedCredential, SigningKey, StatusList
from learningcity.credentials.selectors import credentials_of
from learningcity.credentials.verification import credential_verify
from learningcity.testing import factories


def test_issue_signs_an_open_badge_that_verifies_and_lands_in_the_passport(issued, learner, achievement):
    doc = issued.document
    assert doc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert doc["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"
    assert doc["credentialSubject"]["achievement"]["name"] == "Smartphone basics"
    assert doc["credentialStatus"]["type"] == "BitstringStatusListEntry"
    assert learner.email not in json.dumps(doc)  # the recipient is a salted hash
    assert list(credentials_of(user=learner)) == [issued]
    for form in (doc, issued.jwt):
        report = credential_verify(form)
        assert report.verified, report.errors
    assert AuditEntry.objects.filter(action="credentials.credential.issue", object_id=str(issued.pk)).exists()
    assert DomainEvent.objects.filter(name="credentials.credential.issued",
                                      payload__credential_id=issued.pk).exists()


def test_alignment_to_esco_and_isced(issued):
    alignment = issued.document["credentialSubject"]["achievement"]["alignment"]
    assert {a["targetFramework"] for a in alignment} == {"ESCO", "ISCED-F 2013"}
    assert any(a["targetUrl"].startswith("http://data.europa.eu/esco/skill/") for a in alignment)
    assert any(a.get("targetCode") == "06" for a in alignment)


@pytest.mark.parametrize("who", ["other_staff", "city_office", "learner"])
def test_only_the_issuers_staff_can_issue(request, who, achievement, learner):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.credential_issue(achievement=achievement, recipient=learner, by=actor)


def test_city_issuer_is_the_city_offices_not_providers(city_issuer, city_office, gangnam_staff, learner):
    festival = services.achievement_create(issuer=city_issuer, by=city_office, name="Learning Festival 2026",
                                           description="Took part in the city's learning festival.",
                                           criteria="Joined three festival sessions.")
    with pytest.raises(PermissionDenied):
        services.credential_issue(achievement=festival, recipient=learner, by=gangnam_staff)
    issued = services.credential_issue(achievement=festival, recipient=learner, by=city_office)
    assert credential_verify(issued.document).verified


def test_only_admins_define_achievements(gangnam_issuer, gangnam_staff, gangnam_admin, other_staff):
    for actor in (gangnam_staff, other_staff):
        with pytest.raises(PermissionDenied):
            services.achievement_create(issuer=gangnam_issuer, by=actor, name="x", description="x", criteria="x")
    assert services.achievement_create(issuer=gangnam_issuer, by=gangnam_admin, name="x", description="x",
                                       criteria="x").pk


def test_achievement_validation(gangnam_issuer, other_provider):
    other_course = factories.opportunity(provider=other_provider)
    with pytest.raises(ValidationError) as err:
        services.achievement_create(issuer=gangnam_issuer, by=None, name="", description="d", criteria="c",
                                    skills=["http://example.org/not-esco"], isced_fields=["99"], colour="blue",
                                    opportunities=[other_course])
    assert set(err.value.message_dict) == {"name", "skills", "isced_fields", "colour", "opportunities"}


def test_revoke_sets_the_status_bit_and_verification_says_revoked(issued, gangnam_staff):
    services.credential_revoke(credential=issued, by=gangnam_staff, reason="Issued by mistake")
    report = credential_verify(issued.document)
    assert not report.verified and report.errors[0]["code"] == "revoked"
    status_list = StatusList.objects.get(issuer=issued.issuer)
    assert credential_verify(status_list.document).verified  # the published list is itself signed
    with pytest.raises(ValidationError):
        services.credential_revoke(credential=issued, by=gangnam_staff)


@pytest.mark.parametrize("who", ["other_staff", "city_office", "learner"])
def test_only_the_issuers_staff_can_revoke(request, who, issued):
    with pytest.raises(PermissionDenied):
        services.credential_revoke(credential=issued, by=request.getfixturevalue(who))
    assert credential_verify(issued.document).verified


def test_rotation_keeps_old_credentials_verifiable(issued, gangnam_issuer, gangnam_admin, gangnam_staff, learner,
                                                   achievement):
    old_vm = issued.document["proof"][0]["verificationMethod"]
    with pytest.raises(PermissionDenied):
        services.signing_key_rotate(issuer=gangnam_issuer, by=gangnam_staff)  # staff, not admin
    services.signing_key_rotate(issuer=gangnam_issuer, by=gangnam_admin, destroy_old=True)
    report = credential_verify(issued.document)
    assert report.verified and report.warnings[0]["code"] == "retired-key"
    newer = services.credential_issue(achievement=achievement, recipient=learner, by=gangnam_staff)
    assert newer.document["proof"][0]["verificationMethod"] != old_vm
    assert credential_verify(newer.document).verified
    assert SigningKey.objects.filter(issuer=gangnam_issuer).count() == 2


def test_private_keys_are_sealed_at_rest(gangnam_issuer, settings):
    key = SigningKey.objects.get(issuer=gangnam_issuer)
    assert key.storage == keystore.STORAGE_SEALED and len(bytes(key.sealed_private_key)) == 12 + 32 + 16
    keystore.open_private(storage=key.storage, sealed=key.sealed_private_key, key_id=str(key.key_id))
    settings.KEY_ENCRYPTION_KEY = "b" * 43 + "="
    with pytest.raises(keystore.KeyUnavailable):
        keystore.open_private(storage=key.storage, sealed=key.sealed_private_key, key_id=str(key.key_id))


def test_without_an_encryption_key_private_keys_stay_out_of_the_database(settings, other_provider, tmp_path):
    settings.KEY_ENCRYPTION_KEY = ""
    issuer = services.issuer_create(by=None, provider=other_provider)
    key = SigningKey.objects.get(issuer=issuer)
    assert key.storage == keystore.STORAGE_FILE and bytes(key.sealed_private_key) == b""
    path = tmp_path / "credential-keys" / f"{key.key_id}.key"
    assert path.exists() and oct(path.stat().st_mode & 0o777) == "0o600"
    course = factories.opportunity(provider=other_provider)
    achievement = services.achievement_create(issuer=issuer, by=None, name="n", description="d", criteria="c",
                                              opportunities=[course])
    issued = services.credential_issue(achievement=achievement, recipient=factories.user(), by=None)
    assert credential_verify(issued.document).verified


def test_completion_rule_awards_once(achievement, gangnam_course, learner):
    services.award_rule_create(achievement=achievement, by=None, trigger="completed")
    first = services.award_for_completion(user=learner, opportunity=gangnam_course, evidence_key="enrolment:1")
    again = services.award_for_completion(user=learner, opportunity=gangnam_course, evidence_key="enrolment:1")
    assert len(first) == 1 and again == []
    assert first[0].source == IssuedCredential.Source.RULE and credential_verify(first[0].document).verified


def test_attendance_rule_needs_the_share(achievement, gangnam_course, learner):
    services.award_rule_create(achievement=achievement, by=None, trigger="attendance", min_attendance=80)
    assert services.award_for_attendance(user=learner, opportunity=gangnam_course, attended_share=0.79,
                                         evidence_key="enrolment:2") == []
    assert len(services.award_for_attendance(user=learner, opportunity=gangnam_course, attended_share=0.8,
                                             evidence_key="enrolment:2")) == 1


def test_statement_rule(achievement, learner):
    verb, activity = "http://adlnet.gov/expapi/verbs/completed", "https://learning.example/activities/phone-101"
    services.award_rule_create(achievement=achievement, by=None, trigger="statement", verb=verb, activity=activity)
    assert services.award_for_statement(user=learner, verb=verb, activity="https://other.example/a",
                                        evidence_key="statement:1") == []
    assert len(services.award_for_statement(user=learner, verb=verb, activity=activity,
                                            evidence_key="statement:2")) == 1


def test_events_from_other_apps_run_the_rules(achievement, gangnam_course, learner, django_capture_on_commit_callbacks):
    from learningcity.core import events

    services.award_rule_create(achievement=achievement, by=None, trigger="completed")
    with django_capture_on_commit_callbacks(execute=True):
        events.emit("learners.enrolment.completed", enrolment_id=77, user_id=learner.pk,
                    opportunity_id=gangnam_course.pk)
    assert IssuedCredential.objects.filter(recipient=learner, evidence_key="enrolment:77").count() == 1


def test_import_verifies_and_marks_the_result(issued, learner):
    good = services.credential_import(owner=learner, data=json.dumps(issued.document), by=learner)
    assert good.verified and good.name == "Smartphone basics"
    tampered = copy.deepcopy(issued.document)
    tampered["credentialSubject"]["achievement"]["name"] = "Brain surgery"
    bad = services.credential_import(owner=learner, data=tampered, by=learner)
    assert not bad.verified and bad.verification["errors"][0]["code"] == "signature"
    png = baking.bake_png(baking.badge_png("#123456"), issued.document)
    assert services.credential_import(owner=learner, data=png, by=learner).verified
    assert services.credential_import(owner=learner, data=issued.jwt, by=learner).verified


def test_import_refuses_what_is_not_an_open_badge_and_others_passports(issued, learner, other_staff):
    with pytest.raises(ValidationError):
        services.credential_import(owner=learner, data="{not json", by=learner)
    vc = {k: v for k, v in issued.document.items() if k != "proof"}
    vc["type"] = ["VerifiableCredential"]
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationError, match="Open Badges"):
        services.credential_import(owner=learner, data=vc, by=learner)
    with pytest.raises(PermissionDenied):
        services.credential_import(owner=learner, data=issued.document, by=other_staff)


def test_import_notes_another_recipient(issued):
    someone = factories.user()
    imported = services.credential_import(owner=someone, data=issued.document, by=someone)
    assert imported.verified and imported.verification["warnings"][0]["code"] == "recipient-mismatch"


def test_share_only_by_the_recipient(issued, learner, gangnam_staff):
    with pytest.raises(PermissionDenied):
        services.credential_share(credential=issued, by=gangnam_staff, share=True)
    assert services.credential_share(credential=issued, by=learner, share=True).share_token
    assert services.credential_share(credential=issued, by=learner, share=False).share_token == ""


def test_a_full_status_list_makes_way_for_the_next(issued, achievement, learner, gangnam_staff):
    from learningcity.credentials.models import StatusList

    StatusList.objects.filter(pk=issued.status_list_id).update(size=1)  # the first list is now full
    second = services.credential_issue(achievement=achievement, recipient=learner, by=gangnam_staff)
    assert second.status_list.number == 2 and second.status_list_id != issued.status_list_id
    assert second.document["credentialStatus"]["statusListCredential"].endswith("/status/2")
    assert credential_verify(second.document).verified
