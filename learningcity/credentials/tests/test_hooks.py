"""What other apps see of credentials: the passport section, personal data, erasure, opportunity panels."""

from __future__ import annotations

import pytest

from learningcity.credentials import hooks
from learningcity.credentials.models import IssuedCredential
from learningcity.credentials.services import credential_import
from learningcity.credentials.verification import credential_verify


def test_personal_data_lists_issued_and_imported(issued, learner):
    credential_import(owner=learner, data=issued.jwt, by=learner)
    data = hooks.personal_data(learner)
    assert data["credentials"][0]["id"] == issued.credential_id
    assert data["imported_credentials"][0]["verified"] is True


def test_erasure_unlinks_issued_and_deletes_imported(issued, learner):
    learner_id = learner.pk
    credential_import(owner=learner, data=issued.document, by=learner)
    hooks.erase(learner)
    issued.refresh_from_db()
    assert issued.recipient_id is None and issued.share_token == ""
    assert not learner.imported_credentials.exists()
    assert credential_verify(issued.document).verified  # the issuer's record and the credential stay valid
    assert IssuedCredential.objects.filter(recipient_id=learner_id).count() == 0


def test_passport_section_when_the_learners_app_offers_it(issued, learner):
    pytest.importorskip("learningcity.learners.hooks")
    section = hooks.passport_section(learner)
    assert section.key == "credentials" and section.items[0].title == "Smartphone basics"
    assert section.items[0].data["credential_id"] == issued.credential_id
    from learningcity.learners.hooks import passport_sections

    assert any(s.key == "credentials" for s in passport_sections(learner))


def test_an_award_is_recorded_in_the_lrs(issued, learner):
    from django.conf import settings

    from learningcity.lrs.selectors import statements_for_agent

    agent = {"objectType": "Agent", "account": {"homePage": settings.BASE_URL, "name": str(learner.pk)}}
    statements = statements_for_agent(agent, verb="http://specification.openbadges.org/xapi/verbs/earned")
    assert [s["id"] for s in statements] == [str(issued.uuid)]
    assert statements[0]["object"]["id"].endswith(f"/credentials/achievements/{issued.achievement.uuid}/")


def test_a_statement_from_any_tool_runs_the_statement_rules(achievement, learner,
                                                             django_capture_on_commit_callbacks):
    from learningcity.credentials.services import award_rule_create
    from learningcity.lrs.services import platform_statement_record

    verb, activity = "http://adlnet.gov/expapi/verbs/completed", "https://lms.example/activities/phone-101"
    award_rule_create(achievement=achievement, by=None, trigger="statement", verb=verb, activity=activity)
    with django_capture_on_commit_callbacks(execute=True):
        platform_statement_record(actor={"objectType": "Agent", "mbox": f"mailto:{learner.email}"}, verb=verb,
                                  object={"objectType": "Activity", "id": activity})
        platform_statement_record(actor={"objectType": "Agent", "mbox": f"mailto:{learner.email}"}, verb=verb,
                                  object={"objectType": "Activity", "id": "https://lms.example/other"})
    awarded = IssuedCredential.objects.filter(recipient=learner, source="rule")
    assert awarded.count() == 1 and awarded.get().evidence_key.startswith("statement:")
