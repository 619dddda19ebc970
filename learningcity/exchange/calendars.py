"""The personal calendar feed hook: the learners app tells exchange whose runs a calendar token stands for.

    # learners/apps.py, in ready():
    from learningcity.exchange.calendars import register_personal_calendar
    register_personal_calendar(resolve)   # resolve(token: str) -> PersonalCalendar | None

`resolve` looks the secret token up (a calendar URL is a bearer secret: make it long, random and revocable)
and returns the title and the learner's runs (their enrolments). Exchange then serves
`/feeds/calendar/<token>.ics` as a subscribable iCalendar feed with no sign-in (calendar apps cannot sign in);
an unknown token, or no resolver registered, is a 404 that reveals nothing. `personal_calendar_url(token)`
gives the address to show the learner.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from django.conf import settings
from django.urls import reverse

from learningcity.catalogue.models import OpportunityRun


@dataclass
class PersonalCalendar:
    title: str
    runs: Iterable[OpportunityRun]


_resolver: Callable[[str], PersonalCalendar | None] | None = None


def register_personal_calendar(
        resolve: Callable[[str], PersonalCalendar | None] | None) -> Callable[[str], PersonalCalendar | None] | None:
    """Make `resolve` the resolver; returns the one it replaces (so a test can put it back)."""
    global _resolver
    previous, _resolver = _resolver, resolve
    return previous


def resolve_personal_calendar(token: str) -> PersonalCalendar | None:
    if _resolver is None or not token:
        return None
    return _resolver(token)


def personal_calendar_url(token: str) -> str:
    return settings.BASE_URL + reverse("exchange:personal-calendar", args=[token])
