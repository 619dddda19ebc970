"""The privacy page, the data download and the erasure form."""

from __future__ import annotations

import json

from learningcity.core.models import User
from learningcity.learners.services import passport
from learningcity.testing import factories


def test_privacy_page_lists_every_kind_of_data(client, learner):
    passport.self_report_create(user=learner, by=learner, title="Knitting", learned_on="2026-01-02", hours=2)
    client.force_login(learner)
    page = client.get("/account/privacy/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for words in ("Profile", "Enrolments", "Attendance", "Reviews", "reported yourself", "xAPI", "API tokens",
                  "Credentials"):
        assert words.lower() in page.lower(), words
    assert 'href="/account/privacy/my-data.json"' in page and 'href="/account/erase/"' in page


def test_download_holds_the_persons_data_only(client, learner):
    passport.self_report_create(user=learner, by=learner, title="Knitting", learned_on="2026-01-02", hours=2)
    other = factories.user()
    passport.self_report_create(user=other, by=other, title="Not mine", learned_on="2026-01-02", hours=2)
    client.force_login(learner)
    response = client.get("/account/privacy/my-data.json")
    assert "attachment" in response["Content-Disposition"] and response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert data["account"]["email"] == learner.email
    assert [r["title"] for r in data["self_reported_learning"]] == ["Knitting"]
    assert "Not mine" not in response.content.decode()


def test_erasure_form_needs_the_right_confirmation(client, learner):
    client.force_login(learner)
    response = client.post("/account/erase/", {"confirmation": "not-it@example.org"})
    assert response.status_code == 200 and 'aria-invalid="true"' in response.content.decode()
    assert User.objects.filter(pk=learner.pk).exists()


def test_erasure_form_erases_and_signs_out(client, learner):
    client.force_login(learner)
    response = client.post("/account/erase/", {"confirmation": learner.email})
    assert response.status_code == 302 and response["Location"] == "/"
    assert not User.objects.filter(pk=learner.pk).exists()
    assert "_auth_user_id" not in client.session
    assert client.get("/passport/").status_code == 302


def test_erasure_by_get_changes_nothing(client, learner):
    client.force_login(learner)
    assert client.get("/account/erase/", {"confirmation": learner.email}).status_code == 200
    assert User.objects.filter(pk=learner.pk).exists()


def test_a_signed_in_person_only_ever_erases_themselves(client, learner, city_office):
    client.force_login(city_office)
    client.post("/account/erase/", {"confirmation": learner.email})
    assert User.objects.filter(pk=learner.pk).exists() and User.objects.filter(pk=city_office.pk).exists()
