"""The provider staff's roster page: people, waiting list, attendance per session, completion, CSV export; linked
from the staff's run page; closed to other providers' staff, learners and anonymous visitors."""

from __future__ import annotations

import csv
import io

import pytest

from learningcity.learners.models import Attendance, Enrolment
from learningcity.learners.tests.enrolment_setup import enrolled, past_session, running_run
from learningcity.learners.tests.enrolment_setup import fresh_lrs_cache  # noqa: F401 - autouse fixture

pytestmark = pytest.mark.django_db
Status = Enrolment.Status


@pytest.fixture
def run_with_people(gangnam):
    run = running_run(gangnam, capacity=2)
    people = [enrolled(run) for _ in range(3)]  # two places and one waiting
    return run, people


def test_staff_see_the_roster_from_their_run_page(client, gangnam_staff, run_with_people):
    run, people = run_with_people
    client.force_login(gangnam_staff)
    client.cookies["django_language"] = "en"
    manage = client.get(f"/manage/runs/{run.pk}/").content.decode()
    assert f'href="/enrolments/runs/{run.pk}/roster/"' in manage and "2 with a place, 1 waiting" in manage
    page = client.get(f"/enrolments/runs/{run.pk}/roster/").content.decode()
    for person in people:
        assert person.user.email in page
    assert "number 1" in page and "Save attendance" in page


def test_attendance_for_a_session_and_completion(client, gangnam_staff, run_with_people):
    run, (a, b, waiting) = run_with_people
    day = past_session(run)
    client.force_login(gangnam_staff)
    response = client.post(f"/enrolments/runs/{run.pk}/attendance/",
                           {"session_date": day.isoformat(), f"present-{a.pk}": "on"})
    assert response.status_code == 302 and f"session={day.isoformat()}" in response["Location"]
    assert dict(Attendance.objects.filter(enrolment__run=run).values_list("enrolment_id", "present")) == {
        a.pk: True, b.pk: False}
    assert Enrolment.objects.get(pk=a.pk).attended_hours == 2
    page = client.get(f"/enrolments/runs/{run.pk}/roster/?session={day.isoformat()}").content.decode()
    assert f'id="present-{a.pk}" name="present-{a.pk}" checked' in page
    assert client.post(f"/enrolments/{a.pk}/complete/", {"completed": "1"}).status_code == 302
    assert client.post(f"/enrolments/{b.pk}/complete/", {"completed": "0"}).status_code == 302
    assert [Enrolment.objects.get(pk=e.pk).status for e in (a, b)] == [Status.COMPLETED, Status.NOT_COMPLETED]
    client.post(f"/enrolments/{waiting.pk}/complete/", {"completed": "1"})
    assert Enrolment.objects.get(pk=waiting.pk).status == Status.WAITLISTED


def test_future_session_is_refused_with_a_message(client, gangnam_staff, run_with_people):
    run, (a, _b, _w) = run_with_people
    future = [d for d in run.session_dates() if d > past_session(run)][0]
    client.force_login(gangnam_staff)
    client.cookies["django_language"] = "en"
    page = client.post(f"/enrolments/runs/{run.pk}/attendance/",
                       {"session_date": future.isoformat(), f"present-{a.pk}": "on"}, follow=True).content.decode()
    assert "This session has not happened yet." in page
    assert not Attendance.objects.filter(enrolment__run=run).exists()


def test_roster_csv(client, gangnam_staff, run_with_people):
    run, (a, b, waiting) = run_with_people
    client.force_login(gangnam_staff)
    response = client.get(f"/enrolments/runs/{run.pk}/roster.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_id = {int(r["enrolment_id"]): (r["status"], r["waiting_position"]) for r in rows}
    assert by_id == {a.pk: ("enrolled", ""), b.pk: ("enrolled", ""), waiting.pk: ("waitlisted", "1")}
    assert rows[-1]["enrolment_id"] == str(waiting.pk)  # the waiting list after the places
    assert rows[0]["email"].endswith("@example.org") and rows[0]["sessions_total"] == str(len(run.session_dates()))


@pytest.mark.parametrize("who", ["other_staff", "learner", "anonymous"])
def test_other_providers_staff_learners_and_anonymous_are_refused(client, request, who, run_with_people):
    run, (a, _b, _w) = run_with_people
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    expected = 302 if who == "anonymous" else 404  # anonymous: to the sign-in page
    day = past_session(run)
    assert client.get(f"/enrolments/runs/{run.pk}/roster/").status_code == expected
    assert client.get(f"/enrolments/runs/{run.pk}/roster.csv").status_code == expected
    assert client.post(f"/enrolments/runs/{run.pk}/attendance/",
                       {"session_date": day.isoformat(), f"present-{a.pk}": "on"}).status_code == expected
    assert client.post(f"/enrolments/{a.pk}/complete/", {"completed": "1"}).status_code == expected
    assert not Attendance.objects.filter(enrolment__run=run).exists()
    assert Enrolment.objects.get(pk=a.pk).status == Status.ENROLLED
