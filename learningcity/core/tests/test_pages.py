"""Core pages: about the data, sign-in (with its limit), the account page with API tokens, the admin door."""

from __future__ import annotations

import re

import pytest

from learningcity.core.models import ApiToken
from learningcity.core.sources import SOURCES
from learningcity.testing.factories import PASSWORD

pytestmark = pytest.mark.django_db


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_about_data_shows_every_attribution(client):
    text = html(client.get("/about/data/"))
    for source in SOURCES:
        assert source["file"] in text
        assert source["attribution"].replace("&", "&amp;") in text


def test_sign_in_and_out(client, learner):
    text = html(client.get("/accounts/login/"))
    assert 'autocomplete="email"' in text
    response = client.post("/accounts/login/", {"username": learner.email.upper(), "password": PASSWORD,
                                                "next": "/account/"})
    assert response.status_code == 302 and response["Location"] == "/account/"
    assert learner.email in html(client.get("/account/"))
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/account/").status_code == 302


def test_wrong_password_is_explained_next_to_the_form(client, learner):
    text = html(client.post("/accounts/login/", {"username": learner.email, "password": "wrong"}))
    assert 'role="alert"' in text and "errorlist" in text


def test_sign_in_is_refused_after_too_many_failures(client, learner, settings):
    settings.LOGIN_RATE = "3/5m"
    for _ in range(3):
        client.post("/accounts/login/", {"username": learner.email, "password": "wrong"})
    response = client.post("/accounts/login/", {"username": learner.email, "password": PASSWORD})
    assert response.status_code == 200  # the right password is refused for now
    assert "_auth_user_id" not in client.session


def test_account_tokens(client, learner):
    client.force_login(learner)
    text = html(client.post("/account/", {"name": "my script"}))
    raw = re.search(r"<code>(lc_[^<]+)</code>", text).group(1)
    token = ApiToken.objects.get(user=learner)
    assert token.prefix == raw[:11] and raw not in token.key_hash
    assert client.get("/api/v1/opportunities", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    assert raw not in html(client.get("/account/"))  # shown once only
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_nobody_revokes_someone_elses_token(client, learner, other_staff):
    from learningcity.core.services import api_token_create

    token, _ = api_token_create(user=other_staff, name="theirs", by=other_staff)
    client.force_login(learner)
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_admin_is_for_the_city_office(client, learner, city_office):
    client.force_login(learner)
    assert client.get("/admin/").status_code == 302  # to the admin's sign-in
    client.force_login(city_office)
    text = html(client.get("/admin/"))
    assert "/admin/catalogue/opportunity/" in text and "/admin/core/district/" in text
    assert client.get("/admin/catalogue/venue/").status_code == 200
    assert client.get("/admin/core/auditentry/").status_code == 200


def test_admin_save_audits_and_emits(client, city_office):
    from learningcity.catalogue.models import Provider
    from learningcity.core.models import AuditEntry, DomainEvent

    client.force_login(city_office)
    provider = Provider.objects.filter(sector="library").first()
    response = client.post(f"/admin/catalogue/provider/{provider.pk}/change/", {
        "name": provider.name + " (개명)", "slug": provider.slug, "sector": provider.sector, "kind": provider.kind,
        "description": "", "website": provider.website, "email": "", "phone": provider.phone,
        "district": provider.district_id or "",
        "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0", "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert AuditEntry.objects.filter(action="provider.admin_updated", object_id=str(provider.pk)).exists()
    assert DomainEvent.objects.filter(name="catalogue.provider.updated", payload__provider_id=provider.pk).exists()
