"""The records and people the permission matrix works on, and how a route's placeholders are filled from them.

Every object route points at something Gangnam-gu owns (a *draft* opportunity with a draft run at its own venue,
its issuer and achievement) or something the learner owns (a credential), so each role's answer says whether
that role may cross into it. Built through the services, inside the test's transaction.

For the learners app: two published Gangnam-gu runs, one under way (begun two weeks ago, so it has past
sessions and can be completed) and one in the future. The learner completed the first (not yet reviewed) and
holds a place on the second; another person completed the first and reviewed it; the learner reported some
learning of their own.
"""

from __future__ import annotations

import base64
import datetime
import json
from dataclasses import dataclass, field
from typing import Any

from django.test import Client

from learningcity.testing import factories

ROLES = ("anonymous", "learner", "other_learner", "staff", "provider_admin", "other_staff", "city_office", "admin")
TEST_KEK = base64.urlsafe_b64encode(b"m" * 32).decode()
TODAY = datetime.date.today()


@dataclass
class World:
    people: dict[str, Any]
    gangnam: Any
    opportunity: Any
    run: Any
    venue: Any
    issuer: Any = None
    achievement: Any = None
    credential: Any = None
    imported: Any = None
    rule: Any = None
    statistic: Any = None
    api_token: Any = None
    live_run: Any = None  # published, under way: a roster, attendance, completion, reviews
    open_run: Any = None  # published, in the future, seats free: enrolling
    enrolment: Any = None  # the learner's, on live_run, completed (not reviewed yet)
    place: Any = None  # the learner's, on open_run: a place that can be cancelled
    review: Any = None  # another person's, of live_run
    self_report: Any = None  # the learner's own learning
    session_date: Any = None  # a past session of live_run
    tokens: dict[str, str] = field(default_factory=dict)
    share_token: str = ""

    def page_client(self, role: str) -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        if role != "anonymous":
            client.force_login(self.people[role])
        return client

    def api_client(self, role: str) -> Client:
        if role == "anonymous":
            return Client(HTTP_ACCEPT_LANGUAGE="en")
        return Client(HTTP_ACCEPT_LANGUAGE="en", HTTP_AUTHORIZATION=f"Bearer {self.tokens[role]}")


def build_world(*, gangnam, gangnam_staff, other_staff, city_office, learner, with_credentials: bool) -> World:
    from learningcity.core.services import api_token_create

    people = {
        "anonymous": None,
        "learner": learner,
        "other_learner": factories.user(),
        "staff": gangnam_staff,
        "provider_admin": factories.staff(gangnam, role="admin"),
        "other_staff": other_staff,
        "city_office": city_office,
        "admin": factories.user(superuser=True),
    }
    venue = factories.venue(provider=gangnam, name="Matrix venue")
    opportunity = factories.opportunity(provider=gangnam, published=False, title="Matrix draft")
    run = factories.run(opportunity=opportunity, venue=venue, published=False)
    world = World(people=people, gangnam=gangnam, opportunity=opportunity, run=run, venue=venue)
    for role, user in people.items():
        if user is not None:
            world.tokens[role] = api_token_create(user=user, name="matrix", by=user)[1]
    world.api_token = learner.api_tokens.first() if hasattr(learner, "api_tokens") else None
    _add_learning(world)
    if with_credentials:
        _add_credentials(world)
    return world


def _add_learning(world: World) -> None:
    from django.utils import timezone

    from learningcity.learners.services.enrolments import enrolment_complete, enrolment_create
    from learningcity.learners.services.passport import self_report_create
    from learningcity.learners.services.reviews import review_create

    today = timezone.localdate()
    times = {"start_time": datetime.time(10, 0), "end_time": datetime.time(12, 0), "weekdays": ["TU", "TH"]}
    under_way = factories.opportunity(provider=world.gangnam, title="Matrix course under way")
    to_come = factories.opportunity(provider=world.gangnam, title="Matrix course to come")
    world.live_run = factories.run(opportunity=under_way, venue=world.venue, days=28, capacity=10,
                                   start=today - datetime.timedelta(days=14), **times)
    world.open_run = factories.run(opportunity=to_come, venue=world.venue, days=30, capacity=5,
                                   start=today + datetime.timedelta(days=7), **times)
    world.session_date = [d for d in world.live_run.session_dates() if d <= today][-1]
    learner, staff, reviewer = world.people["learner"], world.people["staff"], factories.user()
    world.enrolment = enrolment_complete(
        enrolment=enrolment_create(user=learner, run=world.live_run, by=learner), by=staff, completed=True)
    world.place = enrolment_create(user=learner, run=world.open_run, by=learner)
    theirs = enrolment_complete(enrolment=enrolment_create(user=reviewer, run=world.live_run, by=reviewer),
                                by=staff)
    world.review = review_create(enrolment=theirs, rating=4, text="Patient teacher.", by=reviewer)
    world.self_report = self_report_create(user=learner, by=learner, title="Reading circle", learned_on=today,
                                           hours="2")


def _add_credentials(world: World) -> None:
    from learningcity.credentials import services as cred
    from learningcity.credentials.services import importing

    world.issuer = cred.issuer_create(by=None, provider=world.gangnam, name="Matrix issuer")
    course = world.gangnam.opportunities.filter(status="published").order_by("pk").first()
    world.achievement = cred.achievement_create(
        issuer=world.issuer, by=None, name="Matrix badge", description="Shows the matrix.",
        criteria="Attend.", achievement_type="Badge", opportunities=[course])
    world.credential = cred.credential_issue(achievement=world.achievement, recipient=world.people["learner"],
                                             by=world.people["staff"])
    world.credential = cred.credential_share(credential=world.credential, by=world.people["learner"], share=True)
    world.share_token = world.credential.share_token
    world.rule = cred.award_rule_create(achievement=world.achievement, by=None, trigger="completed")
    world.imported = importing.credential_import(owner=world.people["learner"], data=world.credential.document,
                                                by=world.people["learner"])


def vc_body(world: World) -> dict:
    from learningcity.credentials import documents, jsonld

    return {"credential": {
        "@context": [jsonld.VC_V2, jsonld.OB_V3],
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": documents.issuer_uri(world.issuer), "type": ["Profile"], "name": "Gangnam-gu"},
        "validFrom": "2026-01-01T00:00:00Z", "name": "Matrix",
        "credentialSubject": {"type": ["AchievementSubject"], "id": "did:example:matrix",
                              "achievement": {"id": "https://lms.example/a/1", "type": ["Achievement"],
                                              "name": "Matrix", "description": "Matrix.",
                                              "criteria": {"narrative": "Attend."}}}}}


def as_json(body: Any) -> dict:
    return {"data": json.dumps(body), "content_type": "application/json"}
