"""Every crossing attempted: another provider's staff, learners and anonymous visitors try to change Gangnam-gu's
records through the services, the pages and the API; the city office may."""

from __future__ import annotations

import datetime
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from learningcity.catalogue import services
from learningcity.catalogue.models import Opportunity, OpportunityRun, Venue
from learningcity.catalogue.vocab import Status
from learningcity.testing import factories

API = "/api/v1"
TODAY = datetime.date.today()


@pytest.fixture
def records(gangnam):
    """A draft opportunity with a draft run at Gangnam-gu's own venue."""
    venue = factories.venue(provider=gangnam, name="강남구 교실")
    o = factories.opportunity(provider=gangnam, published=False, title="강남구 초안")
    run = factories.run(opportunity=o, venue=venue, published=False)
    return {"opportunity": o, "run": run, "venue": venue}


def service_calls(records, provider):
    o, run, venue = records["opportunity"], records["run"], records["venue"]
    return {
        "opportunity_create": lambda by: services.opportunity_create(provider=provider, by=by, title="x"),
        "opportunity_update": lambda by: services.opportunity_update(opportunity=o, by=by, title="taken"),
        "opportunity_publish": lambda by: services.opportunity_publish(opportunity=o, by=by),
        "opportunity_archive": lambda by: services.opportunity_archive(opportunity=o, by=by),
        "opportunity_delete": lambda by: services.opportunity_delete(opportunity=o, by=by),
        "run_create": lambda by: services.run_create(opportunity=o, by=by, venue=venue, start_date=TODAY,
                                                     end_date=TODAY),
        "run_update": lambda by: services.run_update(run=run, by=by, room="taken"),
        "run_publish": lambda by: services.run_publish(run=run, by=by),
        "run_archive": lambda by: services.run_archive(run=run, by=by),
        "run_cancel": lambda by: services.run_cancel(run=run, by=by),
        "run_delete": lambda by: services.run_delete(run=run, by=by),
        "venue_create": lambda by: services.venue_create(by=by, provider=provider, name="x",
                                                         district=venue.district),
        "venue_update": lambda by: services.venue_update(venue=venue, by=by, name="taken"),
        "provider_update": lambda by: services.provider_update(provider=provider, by=by, name="taken"),
        "provider_member_add": lambda by: services.provider_member_add(provider=provider, user=factories.user(),
                                                                       by=by),
    }


CALLS = list(service_calls({"opportunity": None, "run": None, "venue": None}, None))


@pytest.mark.parametrize("call", CALLS)
@pytest.mark.parametrize("who", ["other_staff", "learner", "anonymous"])
def test_services_refuse_crossings(request, records, gangnam, call, who):
    actor = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        service_calls(records, gangnam)[call](actor)
    o, run, venue = records["opportunity"], records["run"], records["venue"]
    o.refresh_from_db(), run.refresh_from_db(), venue.refresh_from_db()
    assert (o.title, o.status, run.room, run.status, run.is_cancelled, venue.name) == (
        "강남구 초안", Status.DRAFT, "", Status.DRAFT, False, "강남구 교실")


@pytest.mark.parametrize("call", CALLS)
def test_city_office_may(records, gangnam, city_office, call):
    service_calls(records, gangnam)[call](city_office)


def test_provider_staff_cannot_create_providers_or_admin_their_own(gangnam, gangnam_staff):
    with pytest.raises(PermissionDenied):
        services.provider_create(by=gangnam_staff, name="x", sector="library")
    with pytest.raises(PermissionDenied):  # staff, not provider admin
        services.provider_member_add(provider=gangnam, user=factories.user(), by=gangnam_staff)


def test_staff_cannot_hand_their_venue_to_another_provider(records, gangnam_staff, other_provider):
    with pytest.raises(PermissionDenied):
        services.venue_update(venue=records["venue"], by=gangnam_staff, provider=other_provider)


# --- pages -----------------------------------------------------------------------------------------------------

def page_urls(records, gangnam):
    o, run, venue = records["opportunity"], records["run"], records["venue"]
    return [
        (f"/manage/providers/{gangnam.slug}/", "get"),
        (f"/manage/providers/{gangnam.slug}/new/", "post"),
        (f"/manage/providers/{gangnam.slug}/venues/new/", "post"),
        (f"/manage/opportunities/{o.pk}/", "post"),
        (f"/manage/opportunities/{o.pk}/publish/", "post"),
        (f"/manage/opportunities/{o.pk}/archive/", "post"),
        (f"/manage/opportunities/{o.pk}/runs/new/", "post"),
        (f"/manage/runs/{run.pk}/", "post"),
        (f"/manage/runs/{run.pk}/publish/", "post"),
        (f"/manage/runs/{run.pk}/cancel/", "post"),
        (f"/manage/venues/{venue.pk}/", "post"),
    ]


FORM = {"title": "taken", "kind": "course", "setting": "non_formal", "delivery_mode": "in_person", "name": "taken",
        "start_date": TODAY.isoformat(), "end_date": TODAY.isoformat(), "district": "gangnam-gu"}


def test_pages_answer_404_to_other_staff_and_learners(client, records, gangnam, other_staff, learner):
    for user in (other_staff, learner):
        client.force_login(user)
        for url, method in page_urls(records, gangnam):
            response = client.post(url, FORM) if method == "post" else client.get(url)
            assert response.status_code == 404, (user, url)
    assert Opportunity.objects.filter(provider=gangnam, title="taken").count() == 0
    records["opportunity"].refresh_from_db()
    assert records["opportunity"].status == Status.DRAFT


def test_pages_send_anonymous_visitors_to_sign_in(client, records, gangnam):
    for url, method in page_urls(records, gangnam):
        response = client.post(url, FORM) if method == "post" else client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url


def test_drafts_are_not_public_pages(client, records, other_staff):
    o, run = records["opportunity"], records["run"]
    for user in (None, other_staff):
        if user:
            client.force_login(user)
        assert client.get(f"/opportunities/{o.pk}/").status_code == 404
        assert client.get(f"/runs/{run.pk}/").status_code == 404


def test_city_office_can_use_the_staff_pages(client, records, gangnam, city_office):
    client.force_login(city_office)
    response = client.post(f"/manage/opportunities/{records['opportunity'].pk}/publish/")
    assert response.status_code == 302
    records["opportunity"].refresh_from_db()
    assert records["opportunity"].status == Status.PUBLISHED


def test_get_on_an_action_url_changes_nothing(client, records, gangnam_staff):
    client.force_login(gangnam_staff)
    assert client.get(f"/manage/opportunities/{records['opportunity'].pk}/publish/").status_code == 405


def test_forms_need_the_csrf_token(records, gangnam_staff):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(gangnam_staff)
    assert strict.post(f"/manage/opportunities/{records['opportunity'].pk}/publish/").status_code == 403


# --- API -------------------------------------------------------------------------------------------------------

def api_calls(records, gangnam):
    o, run, venue = records["opportunity"], records["run"], records["venue"]
    return [
        ("post", f"{API}/opportunities", {"provider_id": gangnam.pk, "title": "taken"}),
        ("patch", f"{API}/opportunities/{o.pk}", {"title": "taken"}),
        ("post", f"{API}/opportunities/{o.pk}/publish", {}),
        ("post", f"{API}/opportunities/{o.pk}/archive", {}),
        ("delete", f"{API}/opportunities/{o.pk}", None),
        ("post", f"{API}/opportunities/{o.pk}/runs", {"venue_id": venue.pk, "start_date": str(TODAY),
                                                       "end_date": str(TODAY)}),
        ("patch", f"{API}/runs/{run.pk}", {"room": "taken"}),
        ("post", f"{API}/runs/{run.pk}/publish", {}),
        ("post", f"{API}/runs/{run.pk}/cancel", {}),
        ("delete", f"{API}/runs/{run.pk}", None),
        ("post", f"{API}/venues", {"name": "x", "provider_id": gangnam.pk, "district": "gangnam-gu"}),
        ("patch", f"{API}/venues/{venue.pk}", {"name": "taken"}),
    ]


def call(client, method, url, data):
    kwargs = {"content_type": "application/json"}
    if data is not None:
        kwargs["data"] = json.dumps(data)
    return getattr(client, method)(url, **kwargs)


def test_api_anonymous_writes_are_401(client, records, gangnam):
    for method, url, data in api_calls(records, gangnam):
        response = call(client, method, url, data)
        assert response.status_code == 401, (method, url)
        assert response["Content-Type"] == "application/problem+json"
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_api_other_staff_and_learners_are_refused(token_client, records, gangnam, other_staff, learner):
    for user in (other_staff, learner):
        api = token_client(user)
        for method, url, data in api_calls(records, gangnam):
            response = call(api, method, url, data)
            assert response.status_code in (403, 404), (user, method, url, response.content)
            assert response["Content-Type"] == "application/problem+json"
    o, run, venue = records["opportunity"], records["run"], records["venue"]
    assert Opportunity.objects.get(pk=o.pk).title == "강남구 초안"
    assert OpportunityRun.objects.get(pk=run.pk).room == ""
    assert Venue.objects.get(pk=venue.pk).name == "강남구 교실"


def test_api_session_writes_need_csrf(records, gangnam_staff):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(gangnam_staff)
    response = call(strict, "post", f"{API}/opportunities/{records['opportunity'].pk}/publish", {})
    assert response.status_code in (401, 403)
    records["opportunity"].refresh_from_db()
    assert records["opportunity"].status == Status.DRAFT


def test_api_city_office_may(token_client, records, gangnam, city_office):
    api = token_client(city_office)
    for method, url, data in api_calls(records, gangnam):
        if method == "delete":
            continue  # would remove the records the next calls use
        response = call(api, method, url, data)
        assert response.status_code in (200, 201), (method, url, response.content)


def test_a_revoked_token_is_401(client, records, gangnam_staff):
    from learningcity.core.services import api_token_create, api_token_revoke

    token, raw = api_token_create(user=gangnam_staff, name="x", by=gangnam_staff)
    api_token_revoke(token=token, by=gangnam_staff)
    response = client.post(f"{API}/opportunities/{records['opportunity'].pk}/publish",
                           HTTP_AUTHORIZATION=f"Bearer {raw}", content_type="application/json")
    assert response.status_code == 401
