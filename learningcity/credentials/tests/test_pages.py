"""Pages through the Django test client: who sees what, forms that call the services, documents served."""

from __future__ import annotations

import json

import pytest

from learningcity.credentials import baking, documents
from learningcity.credentials.models import Achievement, IssuedCredential


def test_issuer_id_dereferences_to_a_controller_document_or_a_page(client, gangnam_issuer):
    url = documents.issuer_uri(gangnam_issuer).replace("http://127.0.0.1:8000", "")
    doc = client.get(url, HTTP_ACCEPT="application/json").json()
    assert doc["id"] == documents.issuer_uri(gangnam_issuer)
    assert doc["verificationMethod"][0]["type"] == "Multikey"
    assert doc["assertionMethod"] == [m["id"] for m in doc["verificationMethod"]]
    page = client.get(url)
    assert page.status_code == 200 and gangnam_issuer.name in page.content.decode()


def test_status_list_and_achievement_documents_are_public(client, issued):
    status_url = issued.document["credentialStatus"]["statusListCredential"].replace("http://127.0.0.1:8000", "")
    status = client.get(status_url).json()
    assert status["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    ach = client.get(f"/credentials/achievements/{issued.achievement.uuid}/", HTTP_ACCEPT="application/json").json()
    assert ach["name"] == "Smartphone basics"
    png = client.get(f"/credentials/achievements/{issued.achievement.uuid}/image.png")
    assert png["Content-Type"] == "image/png" and png.content.startswith(baking.PNG_SIGNATURE)


def test_credential_page_for_recipient_and_staff_only(client, issued, learner, gangnam_staff, other_staff):
    url = f"/credentials/c/{issued.uuid}/"
    client.force_login(other_staff)
    assert client.get(url).status_code == 404
    for person in (learner, gangnam_staff):
        client.force_login(person)
        assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302  # to sign in


@pytest.mark.parametrize("fmt, kind", [("json", "application/vc+ld+json"), ("jwt", "application/vc+jwt"),
                                       ("png", "image/png"), ("svg", "image/svg+xml")])
def test_downloads_carry_the_credential(client, issued, learner, fmt, kind):
    client.force_login(learner)
    response = client.get(f"/credentials/c/{issued.uuid}/download.{fmt}")
    assert response.status_code == 200 and response["Content-Type"].startswith(kind)
    assert "attachment" in response["Content-Disposition"]
    if fmt in ("png", "svg"):
        baked = baking.unbake(response.content)
        assert json.loads(baked)["id"] == issued.credential_id


def test_sharing_makes_a_public_verification_page(client, issued, learner):
    client.force_login(learner)
    client.post(f"/credentials/c/{issued.uuid}/share/", {"share": "1"})
    issued.refresh_from_db()
    client.logout()
    page = client.get(f"/credentials/shared/{issued.share_token}/")
    assert page.status_code == 200 and "Smartphone basics" in page.content.decode()
    assert page.context["report"].verified
    token = issued.share_token
    client.force_login(learner)
    client.post(f"/credentials/c/{issued.uuid}/share/", {"share": "0"})
    client.logout()
    assert client.get(f"/credentials/shared/{token}/").status_code == 404


def test_verify_page_paste_and_upload(client, issued):
    ok = client.post("/credentials/verify/", {"text": json.dumps(issued.document)})
    assert ok.context["report"].verified
    bad = client.post("/credentials/verify/", {"text": json.dumps({**issued.document, "name": "x"})})
    assert not bad.context["report"].verified and bad.context["report"].reason
    from django.core.files.uploadedfile import SimpleUploadedFile

    png = baking.bake_png(baking.badge_png("#123456"), issued.document)
    uploaded = client.post("/credentials/verify/", {"file": SimpleUploadedFile("badge.png", png, "image/png")})
    assert uploaded.context["report"].verified
    assert client.post("/credentials/verify/", {"text": "\x00garbage"}).status_code == 200


def test_import_page(client, issued, learner):
    client.force_login(learner)
    response = client.post("/credentials/mine/", {"text": issued.jwt}, follow=True)
    assert response.status_code == 200 and learner.imported_credentials.get().verified
    page = client.get("/credentials/mine/")
    assert "Smartphone basics" in page.content.decode()


def test_staff_award_and_revoke_pages(client, achievement, gangnam_staff, learner, other_staff):
    client.force_login(other_staff)
    assert client.get(f"/credentials/manage/achievements/{achievement.uuid}/award/").status_code == 404
    client.force_login(gangnam_staff)
    response = client.post(f"/credentials/manage/achievements/{achievement.uuid}/award/",
                           {"emails": f"{learner.email}\nnobody@example.org"})
    assert response.status_code == 200 and "nobody@example.org" in response.content.decode()
    issued = IssuedCredential.objects.get(recipient=learner)
    client.force_login(other_staff)
    assert client.post(f"/credentials/manage/credentials/{issued.uuid}/revoke/").status_code == 404
    client.force_login(gangnam_staff)
    client.post(f"/credentials/manage/credentials/{issued.uuid}/revoke/", {"reason": "test"})
    issued.refresh_from_db()
    assert issued.revoked_at is not None


def test_admin_creates_an_achievement_from_the_form(client, gangnam_issuer, gangnam_admin, gangnam_course):
    client.force_login(gangnam_admin)
    response = client.post(f"/credentials/manage/{gangnam_issuer.slug}/achievements/new/", {
        "name": "Digital citizen", "description": "Knows the basics.", "criteria": "Finish the course.",
        "achievement_type": "Badge", "colour": "#225588", "skills": "", "isced_fields": ["06"],
        "opportunities": [gangnam_course.pk], "is_active": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    achievement = Achievement.objects.get(name="Digital citizen")
    assert list(achievement.opportunities.all()) == [gangnam_course]
    search = client.get(f"/credentials/manage/achievements/{achievement.uuid}/?skill_q=teach+adults")
    assert "data.europa.eu/esco/skill" in search.content.decode()


def test_manage_index_offers_set_up_to_provider_admins(client, gangnam, gangnam_admin):
    client.force_login(gangnam_admin)
    assert f'name="provider" value="{gangnam.pk}"' in client.get("/credentials/manage/").content.decode()
    response = client.post("/credentials/manage/set-up/", {"provider": gangnam.pk})
    assert response.status_code == 302 and gangnam.issuer


def test_opportunity_page_shows_what_it_leads_to(client, achievement, gangnam_course):
    page = client.get(f"/opportunities/{gangnam_course.pk}/")
    assert page.status_code == 200 and achievement.get_absolute_url() in page.content.decode()


def test_admin_is_read_only(client, issued, city_office):
    client.force_login(city_office)
    assert client.get("/admin/credentials/issuedcredential/").status_code == 200
    assert client.get("/admin/credentials/issuedcredential/add/").status_code == 403
