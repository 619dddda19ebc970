"""Test data built through the real services (so audit entries and events exist as in production).

Plain rows may use the ORM; anything with side effects goes through services.
"""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from learningcity.catalogue import services as catalogue
from learningcity.catalogue.models import Opportunity, OpportunityRun, Provider, ProviderMembership, Venue
from learningcity.core.models import District, User
from learningcity.core.services import user_create

_seq = itertools.count(1)
PASSWORD = "correct-horse-battery-staple"


def user(*, email: str | None = None, city_office: bool = False, superuser: bool = False, **extra: Any) -> User:
    n = next(_seq)
    u = user_create(email=email or f"person{n}@example.org", password=PASSWORD, display_name=f"Person {n}",
                    is_city_office=city_office, is_staff=city_office or superuser, is_superuser=superuser, **extra)
    return u


def provider(*, name: str | None = None, sector: str = "civil_society", district: District | None = None,
             **extra: Any) -> Provider:
    return catalogue.provider_create(by=None, name=name or f"Test provider {next(_seq)}", sector=sector,
                                     district=district, **extra)


def staff(provider: Provider, *, role: str = ProviderMembership.Role.STAFF, **extra: Any) -> User:
    u = user(**extra)
    catalogue.provider_member_add(provider=provider, user=u, role=role, by=None)
    return u


def venue(*, provider: Provider | None = None, district: District | None = None, lat: float | None = None,
          lon: float | None = None, **extra: Any) -> Venue:
    if lat is None and district is None:
        district = District.objects.get(slug="gangnam-gu")
    return catalogue.venue_create(by=None, name=extra.pop("name", f"Test venue {next(_seq)}"), provider=provider,
                                  district=district, latitude=lat, longitude=lon, **extra)


def opportunity(*, provider: Provider, published: bool = True, **data: Any) -> Opportunity:
    data.setdefault("title", f"Test course {next(_seq)}")
    o = catalogue.opportunity_create(provider=provider, by=None, **data)
    if published:
        o = catalogue.opportunity_publish(opportunity=o, by=None)
    return o


def run(*, opportunity: Opportunity, venue: Venue | None = None, published: bool = True,
        start: datetime.date | None = None, days: int = 30, **data: Any) -> OpportunityRun:
    start = start or datetime.date.today() + datetime.timedelta(days=7)
    data.setdefault("end_date", start + datetime.timedelta(days=days))
    if venue is None and opportunity.delivery_mode != "online":
        venue = globals()["venue"](provider=opportunity.provider)
    r = catalogue.run_create(opportunity=opportunity, by=None, venue=venue, start_date=start, **data)
    if published:
        r = catalogue.run_publish(run=r, by=None)
    return r
