"""The passport read: enrolments, self-reports, other apps' sections and external xAPI statements; totals,
timeline and the JSON export; and an external tool's statement posted to /xapi/statements."""

from __future__ import annotations

import base64
import datetime
import json

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from learningcity.learners import hooks
from learningcity.learners.selectors import passport as selectors
from learningcity.learners.services import passport as services
from learningcity.learners.tests.enrolment_setup import completed, enrolled, future_run, running_run
from learningcity.lrs.services import client_create
from learningcity.testing import factories


def xapi_client(city_office, scopes=("statements/write", "statements/read")):
    client, secret = client_create(name="Language app", scopes=list(scopes), by=city_office)
    auth = "Basic " + base64.b64encode(f"{client.key}:{secret}".encode()).decode()
    return Client(HTTP_AUTHORIZATION=auth, HTTP_X_EXPERIENCE_API_VERSION="1.0.3")


def external_statement(user, *, by_email=False, minutes=90, verb="completed"):
    actor = ({"objectType": "Agent", "mbox": f"mailto:{user.email}"} if by_email else
             {"objectType": "Agent", "account": {"homePage": settings.BASE_URL, "name": str(user.pk)}})
    return {
        "actor": actor,
        "verb": {"id": f"http://adlnet.gov/expapi/verbs/{verb}", "display": {"en-US": verb, "ko-KR": "완료함"}},
        "object": {"objectType": "Activity", "id": f"https://lingo.example/lessons/{minutes}",
                   "definition": {"name": {"en-US": "Spanish, lesson 3", "ko-KR": "스페인어 3과"}}},
        "result": {"duration": f"PT{minutes}M"},
        "timestamp": "2026-02-10T09:00:00Z",
    }


def test_an_external_tools_statement_appears_in_the_passport(learner, city_office):
    xapi = xapi_client(city_office)
    response = xapi.post("/xapi/statements", data=json.dumps([external_statement(learner),
                                                               external_statement(learner, by_email=True,
                                                                                  minutes=30)]),
                         content_type="application/json")
    assert response.status_code == 200, response.content
    with translation.override("en"):  # the request above left its language active
        passport = selectors.passport_of(learner)
    section = next(s for s in passport.sections if s.key == "statements")
    assert len(section.items) == 2
    item = section.items[0]
    assert item.title == "Spanish, lesson 3"  # the reader's language
    with translation.override("ko"):
        assert selectors.passport_of(learner).sections[-1].items[0].title == "스페인어 3과"
    assert item.detail.startswith("completed") and "Language app" in item.detail
    assert item.date == datetime.date(2026, 2, 10)
    assert passport.hours == 2.0  # 90 + 30 minutes
    assert any(month == datetime.date(2026, 2, 1) for month, _ in passport.timeline)


def test_the_platforms_own_statements_are_not_shown_twice(learner, gangnam, gangnam_staff):
    run = running_run(gangnam, capacity=5)
    completed(run, gangnam_staff, learner)
    services.self_report_create(user=learner, by=learner, title="Reading club", learned_on="2026-01-05", hours=2)
    passport = selectors.passport_of(learner)
    keys = {s.key: s for s in passport.sections}
    assert [i.kind for i in keys["enrolments"].items] == ["completion"]
    assert [i.title for i in keys["self-reported"].items] == ["Reading club"]
    assert keys["statements"].items == []  # the platform's statements repeat the two above
    assert len(selectors.lrs_statements_of(learner, external_only=False)) >= 2


def test_other_peoples_records_never_appear(learner, gangnam, city_office):
    other = factories.user()
    enrolled(future_run(gangnam), other)
    services.self_report_create(user=other, by=other, title="Not mine", learned_on="2026-01-05", hours=2)
    xapi_client(city_office).post("/xapi/statements", data=json.dumps(external_statement(other)),
                                  content_type="application/json")
    passport = selectors.passport_of(learner)
    assert passport.is_empty and passport.hours == 0


def test_totals_by_setting_and_field_and_the_timeline_newest_first(learner):
    from learningcity.catalogue.models import Topic

    topic = Topic.objects.exclude(isced_field="").first()
    services.self_report_create(user=learner, by=learner, title="A", learned_on="2026-01-05", hours="1.5",
                                setting="informal", topic=topic)
    services.self_report_create(user=learner, by=learner, title="B", learned_on="2026-03-01", hours=2,
                                setting="non_formal")
    services.self_report_create(user=learner, by=learner, title="C", learned_on="2026-03-20", hours=1,
                                setting="informal")
    passport = selectors.passport_of(learner)
    assert passport.hours == 4.5
    assert {code: hours for code, _label, hours in passport.by_setting} == {"informal": 2.5, "non_formal": 2.0}
    assert {code: hours for code, _label, hours in passport.by_field} == {topic.isced_field[:2]: 1.5, "": 3.0}
    months = [month for month, _items in passport.timeline]
    assert months == [datetime.date(2026, 3, 1), datetime.date(2026, 1, 1)]
    assert [i.title for i in passport.timeline[0][1]] == ["C", "B"]


def test_sections_from_other_apps_count_their_hours_only_if_they_say_so(learner, monkeypatch):
    section = hooks.PassportSection(key="zz-test", title="Test", counts_hours=False, items=[
        hooks.PassportItem(title="Badge", date=datetime.date(2026, 1, 1), kind="credential", hours=10)])
    monkeypatch.setitem(hooks._sections, "zz-test", lambda user: section)
    passport = selectors.passport_of(learner)
    assert any(s.key == "zz-test" for s in passport.sections) and passport.hours == 0


def test_export_has_the_documented_shape(learner):
    services.self_report_create(user=learner, by=learner, title="A", learned_on="2026-01-05", hours="1.5")
    data = selectors.passport_export(learner)
    assert data["format"] == "learningcity-passport/1"
    assert data["totals"] == {"hours": 1.5, "by_setting": {"informal": 1.5}, "by_field": {"": 1.5}}
    section = next(s for s in data["sections"] if s["key"] == "self-reported")
    assert set(section) == {"key", "title", "counts_hours", "items"}
    assert section["items"][0]["date"] == "2026-01-05"
    assert set(section["items"][0]) == {"title", "date", "kind", "detail", "url", "hours", "setting",
                                        "isced_field", "data"}
    json.dumps(data)


@pytest.mark.parametrize("value, hours", [("PT1H30M", 1.5), ("PT45M", 0.75), ("P1D", 24.0), ("PT3600S", 1.0),
                                          ("PT0.5H", 0.5), ("", 0.0), (None, 0.0), ("nonsense", 0.0)])
def test_duration_hours(value, hours):
    assert selectors.duration_hours(value) == hours


def test_passport_read_costs_a_bounded_number_of_queries(learner, gangnam, gangnam_staff,
                                                         django_assert_max_num_queries):
    for _ in range(3):
        completed(running_run(gangnam, capacity=5), gangnam_staff, learner)
    services.self_report_create(user=learner, by=learner, title="A", learned_on="2026-01-05", hours=1)
    with django_assert_max_num_queries(20):
        selectors.passport_of(learner)
