"""Passport pages: the passport, print view, JSON export, self-reported learning forms, the calendar link;
and nobody but the person reaches any of it."""

from __future__ import annotations

import json

import pytest

from learningcity.learners.models import SelfReportedLearning
from learningcity.learners.selectors.people import profile_of
from learningcity.learners.services import passport, people
from learningcity.testing import factories


@pytest.fixture
def entry(learner):
    return passport.self_report_create(user=learner, by=learner, title="Learned to knit", learned_on="2026-03-14",
                                       hours="3.5")


def test_passport_shows_entries_totals_chart_table_and_calendar(client, learner, entry):
    client.force_login(learner)
    page = client.get("/passport/").content.decode()
    assert "Learned to knit" in page
    assert "<svg" in page and "<table" in page  # a chart and its data table
    assert "/feeds/calendar/" in page and profile_of(learner).calendar_token in page
    assert 'href="/passport/print/"' in page and 'href="/passport/passport.json"' in page


def test_print_view_has_print_css_and_no_chart(client, learner, entry):
    client.force_login(learner)
    page = client.get("/passport/print/").content.decode()
    assert "learners/passport.css" in page and "Learned to knit" in page and "role=\"img\"" not in page


def test_export_downloads_json(client, learner, entry):
    client.force_login(learner)
    response = client.get("/passport/passport.json")
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["format"] == "learningcity-passport/1" and data["totals"]["hours"] == 3.5


def test_adding_learning_through_the_form(client, learner):
    client.force_login(learner)
    response = client.post("/passport/self-reported/new/", {
        "title": "Cooking with grandmother", "learned_on": "2026-02-01", "hours": "2.5", "setting": "informal",
        "topic": "", "description": "", "evidence_url": ""})
    assert response.status_code == 302
    assert SelfReportedLearning.objects.get(user=learner).title == "Cooking with grandmother"


def test_form_shows_each_error_next_to_its_field(client, learner):
    client.force_login(learner)
    response = client.post("/passport/self-reported/new/", {
        "title": "X", "learned_on": "2999-01-01", "hours": "-4", "setting": "informal",
        "evidence_url": "javascript:alert(1)"})
    page = response.content.decode()
    assert response.status_code == 200 and page.count('aria-invalid="true"') == 3
    assert not SelfReportedLearning.objects.filter(user=learner).exists()


def test_editing_and_removing_an_entry(client, learner, entry):
    client.force_login(learner)
    url = f"/passport/self-reported/{entry.pk}/"
    assert "Learned to knit" in client.get(url).content.decode()
    client.post(url, {"title": "Knitting", "learned_on": "2026-03-14", "hours": "4", "setting": "informal"})
    entry.refresh_from_db()
    assert entry.title == "Knitting"
    assert client.get(url + "delete/").status_code == 405
    client.post(url + "delete/")
    assert not SelfReportedLearning.objects.filter(pk=entry.pk).exists()


def test_renewing_the_calendar_link(client, learner):
    client.force_login(learner)
    client.get("/passport/")
    old = profile_of(learner).calendar_token
    assert client.get(f"/feeds/calendar/{old}.ics").status_code == 200
    client.post("/passport/calendar/renew/")
    new = profile_of(learner).calendar_token
    assert new != old
    assert client.get(f"/feeds/calendar/{old}.ics").status_code == 404
    assert client.get(f"/feeds/calendar/{new}.ics").status_code == 200


def test_the_calendar_lists_the_persons_runs(client, learner, gangnam):
    from learningcity.learners.tests.enrolment_setup import enrolled, future_run

    run = future_run(gangnam, title="Pottery for beginners")
    enrolled(run, learner)
    token = people.profile_ensure(learner).calendar_token
    feed = client.get(f"/feeds/calendar/{token}.ics").content.decode()
    assert "Pottery for beginners" in feed


@pytest.mark.parametrize("who", ["another learner", "provider staff", "city office"])
def test_nobody_else_reaches_an_entry(client, learner, entry, gangnam_staff, city_office, who):
    other = {"another learner": factories.user(), "provider staff": gangnam_staff, "city office": city_office}[who]
    client.force_login(other)
    url = f"/passport/self-reported/{entry.pk}/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"title": "mine", "learned_on": "2026-01-01", "hours": "1",
                             "setting": "informal"}).status_code == 404
    assert client.post(url + "delete/").status_code == 404
    # Their own passport, print view and export show nothing of the learner's.
    for path in ("/passport/", "/passport/print/", "/passport/passport.json"):
        assert "Learned to knit" not in client.get(path).content.decode()
    entry.refresh_from_db()
    assert entry.title == "Learned to knit"


def test_anonymous_cannot_write(client, entry):
    assert client.post(f"/passport/self-reported/{entry.pk}/delete/").status_code == 302
    assert client.post("/passport/calendar/renew/").status_code == 302
    assert SelfReportedLearning.objects.filter(pk=entry.pk).exists()
