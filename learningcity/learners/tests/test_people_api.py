"""The people API (/api/v1/me/...): profile, consent, passport, self-reported learning, personal data,
erasure; validation as 400 with per-field errors; every other caller refused."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from learningcity.core.models import User
from learningcity.learners.models import LearnerProfile, SelfReportedLearning
from learningcity.learners.services import passport
from learningcity.testing import factories

API = "/api/v1"


def send(client, method, path, body=None):
    kwargs = {"content_type": "application/json"}
    if body is not None:
        kwargs["data"] = json.dumps(body)
    return getattr(client, method)(API + path, **kwargs)


def fields(response) -> set[str]:
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    return {e["field"] for e in response.json()["errors"]}


@pytest.fixture
def me(learner, token_client):
    return token_client(learner)


@pytest.fixture
def entry(learner):
    return passport.self_report_create(user=learner, by=learner, title="Knitting", learned_on="2026-01-02", hours=2)


def test_profile_get_and_patch(me, learner):
    assert send(me, "get", "/me/profile").json()["statistics_consent"] is False
    response = send(me, "patch", "/me/profile", {"birth_year": 1984, "sex": "F", "district": "gangnam-gu",
                                                 "languages": ["ko"], "interests": []})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["age_band"] and body["district"] == "gangnam-gu" and body["sex"] == "F"
    assert send(me, "patch", "/me/profile", {"sex": ""}).json()["birth_year"] == 1984


@pytest.mark.parametrize("body, field", [
    ({"birth_year": 1800}, "birth_year"), ({"sex": "Q"}, "sex"), ({"district": "atlantis"}, "district"),
    ({"languages": ["xx"]}, "languages"), ({"interests": ["nope"]}, "interests"),
    ({"languages": None}, "languages"), ({"birth_year": "old"}, "birth_year"),
])
def test_profile_validation_is_a_400_per_field(me, learner, body, field):
    assert field in fields(send(me, "patch", "/me/profile", body))


def test_consent(me, learner):
    assert send(me, "put", "/me/consent", {"statistics_consent": True}).json()["statistics_consent"] is True
    assert LearnerProfile.objects.get(user=learner).statistics_consent is True
    assert send(me, "put", "/me/consent", {"statistics_consent": False}).json()["statistics_consent"] is False
    assert "statistics_consent" in fields(send(me, "put", "/me/consent", {}))


def test_self_reported_crud(me, learner):
    created = send(me, "post", "/me/self-reported", {"title": "Gardening", "learned_on": "2026-02-03",
                                                      "hours": 1.5, "field": None})
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    listing = send(me, "get", "/me/self-reported").json()
    assert listing["count"] == 1 and listing["items"][0]["title"] == "Gardening"
    assert send(me, "patch", f"/me/self-reported/{pk}", {"hours": 3}).json()["hours"] == 3.0
    assert send(me, "get", f"/me/self-reported/{pk}").json()["hours"] == 3.0
    assert send(me, "delete", f"/me/self-reported/{pk}").status_code == 204
    assert not SelfReportedLearning.objects.filter(pk=pk).exists()


@pytest.mark.parametrize("body, field", [
    ({"hours": -1}, "hours"), ({"hours": 0}, "hours"), ({"hours": 100000}, "hours"),
    ({"learned_on": "2999-01-01"}, "learned_on"), ({"learned_on": "yesterday"}, "learned_on"),
    ({"evidence_url": "javascript:alert(1)"}, "evidence_url"), ({"title": ""}, "title"),
    ({"setting": "space"}, "setting"), ({"field": "no-such-topic"}, "field"),
])
def test_self_reported_validation_is_a_400_per_field(me, learner, body, field):
    base = {"title": "Gardening", "learned_on": "2026-02-03", "hours": 1.5}
    assert field in fields(send(me, "post", "/me/self-reported", {**base, **body}))
    assert not SelfReportedLearning.objects.filter(user=learner).exists()


def test_passport_and_personal_data(me, learner, entry):
    data = send(me, "get", "/me/passport").json()
    assert data["format"] == "learningcity-passport/1" and data["totals"]["hours"] == 2.0
    personal = send(me, "get", "/me/personal-data").json()
    assert personal["account"]["email"] == learner.email
    assert personal["self_reported_learning"][0]["title"] == "Knitting"


def test_erasure(me, learner):
    assert "confirmation" in fields(send(me, "delete", "/me", {"confirmation": "wrong"}))
    assert User.objects.filter(pk=learner.pk).exists()
    assert send(me, "delete", "/me", {"confirmation": learner.email}).status_code == 204
    assert not User.objects.filter(pk=learner.pk).exists()
    assert send(me, "get", "/me/profile").status_code == 401  # the token went with the account


PATHS = [("get", "/me/profile", None), ("patch", "/me/profile", {"birth_year": 1990}),
         ("put", "/me/consent", {"statistics_consent": True}), ("get", "/me/passport", None),
         ("get", "/me/self-reported", None),
         ("post", "/me/self-reported", {"title": "x", "learned_on": "2026-01-01", "hours": 1}),
         ("get", "/me/personal-data", None), ("delete", "/me", {"confirmation": "x"})]


@pytest.mark.parametrize("method, path, body", PATHS)
def test_anonymous_callers_get_401(client, db, method, path, body):
    response = send(Client(), method, path, body)
    assert response.status_code == 401


@pytest.mark.parametrize("who", ["another learner", "provider staff", "city office"])
def test_nobody_else_reaches_an_entry(token_client, entry, gangnam_staff, city_office, who):
    other = {"another learner": factories.user(), "provider staff": gangnam_staff, "city office": city_office}[who]
    api = token_client(other)
    path = f"/me/self-reported/{entry.pk}"
    assert send(api, "get", path).status_code == 404
    assert send(api, "patch", path, {"title": "mine"}).status_code == 404
    assert send(api, "delete", path).status_code == 404
    for own in ("/me/passport", "/me/personal-data", "/me/self-reported"):
        assert "Knitting" not in send(api, "get", own).content.decode()
    entry.refresh_from_db()
    assert entry.title == "Knitting"


def test_session_callers_need_csrf_for_writes(learner, entry):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(learner)
    assert send(browser, "get", "/me/profile").status_code == 200
    assert send(browser, "delete", f"/me/self-reported/{entry.pk}").status_code in (401, 403)
    assert SelfReportedLearning.objects.filter(pk=entry.pk).exists()
