"""Two learners racing for the last seat, on real concurrent connections: exactly one gets it.

Transactional (each thread commits on its own connection), so it runs after the other tests on a database
that may be empty: it builds the provider and run it needs.
"""

from __future__ import annotations

import threading

import pytest
from django.db import close_old_connections, connection

from learningcity.learners.models import Enrolment
from learningcity.learners.services.enrolments import enrolment_create
from learningcity.learners.tests.enrolment_setup import future_run
from learningcity.testing import factories

RACERS = 6


@pytest.mark.django_db(transaction=True)
def test_racing_for_the_last_seat(city_geography_tx):
    provider = factories.provider(name="Race provider")
    run = future_run(provider, capacity=2)
    enrolment_create(user=factories.user(), run=run, by=None)  # one seat left
    people = [factories.user() for _ in range(RACERS)]
    start = threading.Barrier(RACERS)
    results, errors = {}, []

    def race(person):
        try:
            start.wait()
            results[person.pk] = enrolment_create(user=person, run=run, by=person).status
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(repr(exc))
        finally:
            connection.close()  # each thread has its own connection; leave none open

    threads = [threading.Thread(target=race, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    close_old_connections()
    assert errors == []
    assert sorted(results.values()) == ["enrolled"] + ["waitlisted"] * (RACERS - 1)
    assert Enrolment.objects.filter(run=run, status__in=Enrolment.SEAT_STATUSES).count() == 2
    waiting = Enrolment.objects.filter(run=run, status=Enrolment.Status.WAITLISTED).order_by("waitlisted_at", "id")
    assert waiting.count() == RACERS - 1
