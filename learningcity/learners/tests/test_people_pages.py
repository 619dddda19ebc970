"""Sign-up, profile and consent pages, and the account menu."""

from __future__ import annotations

import pytest
from django.core import mail

from learningcity.core.models import User
from learningcity.learners.models import LearnerProfile
from learningcity.learners.services import people

GOOD_PASSWORD = "correct horse battery staple 42"


def test_sign_in_page_and_header_link_to_sign_up(client, db):
    signin = client.get("/accounts/login/").content.decode()
    assert 'href="/account/signup/"' in signin
    home = client.get("/").content.decode()
    assert 'href="/account/signup/"' in home


def test_browsing_and_searching_need_no_account(client, db):
    assert client.get("/").status_code == 200
    assert client.get("/opportunities/").status_code == 200


def test_sign_up_signs_the_person_in_and_sends_a_welcome(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/account/signup/", {"email": "mina@example.org", "password": GOOD_PASSWORD,
                                                     "display_name": "Mina"})
    assert response.status_code == 302 and response["Location"] == "/account/profile/"
    user = User.objects.get(email="mina@example.org")
    assert int(client.session["_auth_user_id"]) == user.pk
    assert len(mail.outbox) == 1
    assert client.get("/account/profile/").status_code == 200


def test_sign_up_errors_sit_next_to_their_fields(client, db):
    response = client.post("/account/signup/", {"email": "nope", "password": "123", "display_name": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in page and 'aria-invalid="true"' in page
    assert "valid email" in page.lower() or "이메일" in page
    assert not User.objects.filter(email="nope").exists()


def test_sign_up_does_not_follow_an_outside_next(client, db):
    response = client.post("/account/signup/?next=https://evil.example/", {
        "email": "n@example.org", "password": GOOD_PASSWORD, "display_name": "", "next": "https://evil.example/"})
    assert response["Location"] == "/account/profile/"


@pytest.mark.parametrize("path", ["/account/profile/", "/account/privacy/", "/passport/", "/passport/print/",
                                  "/passport/passport.json", "/account/privacy/my-data.json", "/account/erase/",
                                  "/passport/self-reported/new/"])
def test_anonymous_visitors_are_sent_to_sign_in(client, db, path):
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_profile_page_saves_and_shows_an_age_band(client, learner):
    client.force_login(learner)
    response = client.post("/account/profile/", {"display_name": "Kim", "birth_year": "1984", "sex": "F",
                                                 "languages": ["ko"], "accessibility_needs": ["wheelchair"]})
    assert response.status_code == 302
    profile = LearnerProfile.objects.get(user=learner)
    assert profile.birth_year == 1984 and profile.accessibility_needs == ["wheelchair"]
    page = client.get("/account/profile/").content.decode()
    assert "–" in page and ("40–44" in page or "4" in page)


def test_profile_page_shows_service_errors_on_the_field(client, learner):
    client.force_login(learner)
    response = client.post("/account/profile/", {"birth_year": "1850"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert LearnerProfile.objects.filter(user=learner, birth_year=1850).count() == 0


def test_consent_form_gives_and_withdraws(client, learner):
    client.force_login(learner)
    client.post("/account/consent/", {"statistics_consent": "on"})
    assert LearnerProfile.objects.get(user=learner).statistics_consent is True
    client.post("/account/consent/", {})
    assert LearnerProfile.objects.get(user=learner).statistics_consent is False
    assert client.get("/account/consent/").status_code == 405


def test_account_menu_lists_passport_profile_and_privacy(client, learner):
    client.force_login(learner)
    page = client.get("/account/").content.decode()
    for url in ("/passport/", "/account/profile/", "/account/privacy/"):
        assert f'href="{url}"' in page


def test_signed_in_people_are_not_offered_sign_up_again(client, learner):
    client.force_login(learner)
    assert client.get("/account/signup/")["Location"] == "/passport/"
    people.profile_ensure(learner)
