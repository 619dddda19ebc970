"""Shared set-up for the enrolment side's tests: runs that have not ended (the demo courses all ended), and
enrolments reached through the real services."""

from __future__ import annotations

import datetime

import pytest

from django.utils import timezone

from learningcity.catalogue.models import OpportunityRun, Provider
from learningcity.learners.models import Enrolment
from learningcity.learners.services.enrolments import enrolment_complete, enrolment_create
from learningcity.testing import factories


def future_run(provider: Provider, *, capacity: int | None = 2, start_in_days: int = 7, days: int = 30,
               weekdays: list[str] | None = None, **data) -> OpportunityRun:
    opportunity = factories.opportunity(provider=provider, title=data.pop("title", None) or "Pottery for beginners")
    return factories.run(opportunity=opportunity, start=timezone.localdate() + datetime.timedelta(days=start_in_days),
                         days=days, capacity=capacity, start_time=datetime.time(10, 0), end_time=datetime.time(12, 0),
                         weekdays=weekdays if weekdays is not None else ["TU", "TH"], **data)


def running_run(provider: Provider, *, capacity: int | None = 5, **data) -> OpportunityRun:
    """A run that began two weeks ago and goes on for another two weeks (past and future sessions)."""
    return future_run(provider, capacity=capacity, start_in_days=-14, days=28, **data)


def enrolled(run: OpportunityRun, user=None) -> Enrolment:
    user = user or factories.user()
    return enrolment_create(user=user, run=run, by=user)


def completed(run: OpportunityRun, staff, user=None) -> Enrolment:
    return enrolment_complete(enrolment=enrolled(run, user), by=staff, completed=True)


def past_session(run: OpportunityRun) -> datetime.date:
    return [d for d in run.session_dates() if d <= timezone.localdate()][-1]


def future_session(run: OpportunityRun) -> datetime.date:
    return [d for d in run.session_dates() if d > timezone.localdate()][0]


@pytest.fixture(autouse=True)
def fresh_lrs_cache():
    """The LRS caches interned ids per process after commit; a test's rows are rolled back (and ids reused), so
    forget them before and after, as the LRS's own tests do. Test modules import this fixture to use it."""
    from learningcity.lrs.storage.statements import cache_clear

    cache_clear()
    yield
    cache_clear()
