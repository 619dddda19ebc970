"""Catalogue reads: what the public sees, what staff see, and that listings cost a fixed number of queries."""

from __future__ import annotations

import datetime

import pytest

from learningcity.catalogue import selectors, services
from learningcity.catalogue.models import Opportunity, OpportunityRun
from learningcity.catalogue.serializers import opportunity_out, opportunity_summary
from learningcity.catalogue.vocab import Status
from learningcity.core.models import District
from learningcity.testing import factories

TODAY = datetime.date.today()


def test_public_list_shows_only_published(gangnam):
    draft = factories.opportunity(provider=gangnam, published=False, title="초안 강좌")
    published = factories.opportunity(provider=gangnam, title="공개 강좌")
    ids = set(selectors.opportunity_list().values_list("pk", flat=True))
    assert published.pk in ids and draft.pk not in ids
    assert not selectors.opportunity_list().exclude(status=Status.PUBLISHED).exists()


def test_gangnam_courses_are_listed_in_gangnam(db):
    in_gangnam = selectors.opportunity_list(filters=selectors.OpportunityFilters(district="gangnam-gu"))
    published = Opportunity.objects.filter(source_id__startswith="kr-lll:", status=Status.PUBLISHED).count()
    assert in_gangnam.count() == published > 300
    assert not selectors.opportunity_list(filters=selectors.OpportunityFilters(district="jongno-gu")).filter(
        source_id__startswith="kr-lll:").exists()


def test_district_filter_ignores_cancelled_runs(gangnam):
    jongno = District.objects.get(slug="jongno-gu")
    o = factories.opportunity(provider=gangnam)
    run = factories.run(opportunity=o, venue=factories.venue(provider=gangnam, district=jongno))
    jongno_list = lambda: selectors.opportunity_list(filters=selectors.OpportunityFilters(district="jongno-gu"))  # noqa
    assert o in jongno_list()
    services.run_cancel(run=run, by=None)
    assert o not in jongno_list()


def test_filters_age_topic_free_provider_upcoming(gangnam, other_provider):
    kids = factories.opportunity(provider=other_provider, age_min=7, age_max=12, topics=["music"])
    elders = factories.opportunity(provider=other_provider, age_min=65, is_free=False, cost=10000)
    f = selectors.OpportunityFilters
    assert set(selectors.opportunity_list(filters=f(provider=other_provider.pk))) == {kids, elders}
    assert set(selectors.opportunity_list(filters=f(provider=other_provider.pk, age=9))) == {kids}
    assert set(selectors.opportunity_list(filters=f(provider=other_provider.pk, age=70))) == {elders}
    assert set(selectors.opportunity_list(filters=f(provider=other_provider.pk, topic="music"))) == {kids}
    assert set(selectors.opportunity_list(filters=f(provider=other_provider.pk, free=False))) == {elders}
    factories.run(opportunity=kids, start=TODAY - datetime.timedelta(days=60), days=10)  # over
    assert set(selectors.opportunity_list(filters=f(provider=other_provider.pk, upcoming_only=True))) == set()
    factories.run(opportunity=elders)
    assert set(selectors.opportunity_list(filters=f(provider=other_provider.pk, upcoming_only=True))) == {elders}


def test_list_is_sorted_by_next_start_and_has_no_duplicates(other_provider):
    later = factories.opportunity(provider=other_provider)
    sooner = factories.opportunity(provider=other_provider)
    factories.run(opportunity=later, start=TODAY + datetime.timedelta(days=30))
    factories.run(opportunity=later, start=TODAY + datetime.timedelta(days=40))
    factories.run(opportunity=sooner, start=TODAY + datetime.timedelta(days=3))
    rows = list(selectors.opportunity_list(filters=selectors.OpportunityFilters(provider=other_provider.pk)))
    assert rows == [sooner, later]
    assert rows[1].next_start == TODAY + datetime.timedelta(days=30)


def test_listing_costs_a_fixed_number_of_queries(db, django_assert_max_num_queries):
    qs = selectors.opportunity_list(filters=selectors.OpportunityFilters(district="gangnam-gu"))
    with django_assert_max_num_queries(4):  # opportunities, topics, runs (with venues and districts)
        rows = [opportunity_summary(o) for o in qs[:100]]
    assert len(rows) == 100 and all(r["districts"] == ["gangnam-gu"] for r in rows)


def test_opportunity_detail_costs_a_fixed_number_of_queries(db, django_assert_max_num_queries):
    pk = selectors.opportunity_list().first().pk
    with django_assert_max_num_queries(4):
        out = opportunity_out(selectors.opportunity_get_public(pk=pk))
    assert out["runs"] and out["runs"][0]["venue"]["location_approximate"] is True


def test_visible_to_staff_and_city_office_only(gangnam, gangnam_staff, other_staff, city_office, learner):
    draft = factories.opportunity(provider=gangnam, published=False)
    for actor in (gangnam_staff, city_office):
        assert selectors.opportunity_get_visible(pk=draft.pk, actor=actor) == draft
    for actor in (other_staff, learner, None):
        with pytest.raises(Opportunity.DoesNotExist):
            selectors.opportunity_get_visible(pk=draft.pk, actor=actor)


def test_run_visibility(gangnam, gangnam_staff, other_staff):
    o = factories.opportunity(provider=gangnam)
    run = factories.run(opportunity=o, published=False)
    assert selectors.run_get_visible(pk=run.pk, actor=gangnam_staff) == run
    with pytest.raises(OpportunityRun.DoesNotExist):
        selectors.run_get_visible(pk=run.pk, actor=other_staff)
    services.run_publish(run=run, by=gangnam_staff)
    assert selectors.run_get_visible(pk=run.pk, actor=None) == run


def test_staff_lists(gangnam, gangnam_staff, other_staff):
    o = factories.opportunity(provider=gangnam, published=False)
    assert o in selectors.opportunity_list_for_staff(actor=gangnam_staff, provider=gangnam)
    assert not selectors.opportunity_list_for_staff(actor=other_staff, provider=gangnam).exists()
    assert not selectors.runs_for_staff(actor=other_staff, opportunity=o).exists()
    assert list(selectors.providers_of(actor=gangnam_staff)) == [gangnam]


def test_district_summary_and_upcoming(db):
    gangnam_gu = District.objects.get(slug="gangnam-gu")
    summary = selectors.district_summary(district_id=gangnam_gu.pk)
    assert summary["venue_count"] > 100  # libraries, schools and the learning centres
    assert summary["run_count"] >= summary["upcoming_run_count"]
    assert summary["opportunity_count"] == selectors.opportunity_list(
        filters=selectors.OpportunityFilters(district="gangnam-gu")).count()
    for run in selectors.upcoming_runs(days=365, limit=5):
        assert run.is_public and run.end_date >= TODAY


def test_topic_and_provider_counts(db):
    topics = {t.code: t.published for t in selectors.topic_list_with_counts()}
    assert topics["arts-crafts"] > 0
    gangnam = selectors.provider_list().get(source_id="kr-operator:서울특별시 강남구청")
    assert gangnam.published == Opportunity.objects.filter(provider=gangnam, status=Status.PUBLISHED).count()


def test_venue_list_by_district(db, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        venues = list(selectors.venue_list(district_slug="jongno-gu"))
        names = [(v.district.slug, v.provider and v.provider.name) for v in venues]
    assert venues and {slug for slug, _ in names} == {"jongno-gu"}
