"""Catalogue services: the one write path. Validation per field, the publication workflow, audit and events."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from learningcity.catalogue import services
from learningcity.catalogue.models import Deletion, Opportunity, OpportunityRun, Venue
from learningcity.catalogue.vocab import Status
from learningcity.core.models import AuditEntry, District, DomainEvent
from learningcity.testing import factories

TODAY = datetime.date.today()


def errors_of(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


# --- opportunities -------------------------------------------------------------------------------------------

def test_create_writes_audit_and_event(gangnam, gangnam_staff):
    o = services.opportunity_create(provider=gangnam, by=gangnam_staff, title="수채화 기초", topics=["arts-crafts"],
                                    age_min=19)
    assert o.status == Status.DRAFT and o.published_at is None
    assert [t.code for t in o.topics.all()] == ["arts-crafts"]
    entry = AuditEntry.objects.filter(action="opportunity.created", object_id=str(o.pk)).get()
    assert entry.actor == gangnam_staff
    assert DomainEvent.objects.filter(name="catalogue.opportunity.created", payload__opportunity_id=o.pk).exists()


def test_age_range_reversed_is_an_error_on_age_max(gangnam, gangnam_staff):
    with pytest.raises(ValidationError) as excinfo:
        services.opportunity_create(provider=gangnam, by=gangnam_staff, title="x", age_min=65, age_max=12)
    errors = errors_of(excinfo)
    assert list(errors) == ["age_max"]
    assert "65" in errors["age_max"][0] and "12" in errors["age_max"][0]


@pytest.mark.parametrize("field,value,expected", [
    ("title", "  ", "title"),
    ("age_min", 130, "age_min"),
    ("age_max", "many", "age_max"),
    ("cost", -1, "cost"),
    ("setting", "school", "setting"),
    ("delivery_mode", "telepathy", "delivery_mode"),
    ("isced_level", 9, "isced_level"),
    ("isced_field", "99", "isced_field"),
    ("languages", ["klingon"], "languages"),
    ("accessibility", ["ramp-ish"], "accessibility"),
    ("target_groups", "adults", "target_groups"),
    ("skills", ["https://example.org/skill"], "skills"),
])
def test_each_bad_field_is_named(gangnam, gangnam_staff, field, value, expected):
    data = {"title": "A course", field: value}
    with pytest.raises(ValidationError) as excinfo:
        services.opportunity_create(provider=gangnam, by=gangnam_staff, **data)
    assert expected in errors_of(excinfo)


def test_free_with_a_cost_and_isced_level_outside_formal(gangnam, gangnam_staff):
    with pytest.raises(ValidationError) as excinfo:
        services.opportunity_create(provider=gangnam, by=gangnam_staff, title="x", is_free=True, cost=5000,
                                    isced_level=3, setting="non_formal")
    assert set(errors_of(excinfo)) == {"is_free", "isced_level"}


def test_unknown_topic(gangnam, gangnam_staff):
    with pytest.raises(ValidationError) as excinfo:
        services.opportunity_create(provider=gangnam, by=gangnam_staff, title="x", topics=["astrology"])
    assert "astrology" in errors_of(excinfo)["topics"][0]
    assert not Opportunity.objects.filter(title="x").exists()  # atomic: the row went with the error


def test_update_validates_the_merged_values(gangnam, gangnam_staff):
    o = factories.opportunity(provider=gangnam, age_min=20, published=False)
    with pytest.raises(ValidationError) as excinfo:
        services.opportunity_update(opportunity=o, by=gangnam_staff, age_max=10)
    assert "age_max" in errors_of(excinfo)
    o.refresh_from_db()
    assert o.age_max is None


def test_update_records_changed_fields_and_cannot_move_provider(gangnam, gangnam_staff, other_provider):
    o = factories.opportunity(provider=gangnam, published=False)
    services.opportunity_update(opportunity=o, by=gangnam_staff, title="New title", topics=["music"])
    entry = AuditEntry.objects.filter(action="opportunity.updated", object_id=str(o.pk)).get()
    assert sorted(entry.detail["fields"]) == ["title", "topics"]
    with pytest.raises(ValidationError):
        services.opportunity_update(opportunity=o, by=gangnam_staff, provider=other_provider)


def test_editing_an_imported_record_marks_the_fields_kept(gangnam, gangnam_staff):
    o = Opportunity.objects.filter(source_id__startswith="kr-lll:", status=Status.PUBLISHED).first()
    services.opportunity_update(opportunity=o, by=gangnam_staff, description="손으로 고친 설명")
    o.refresh_from_db()
    assert o.edited_fields == ["description"]
    result = services.opportunity_upsert(source_id=o.source_id, provider=gangnam, title=o.title,
                                         description="from the file")
    assert result.kept_local_edits == ["description"]
    o.refresh_from_db()
    assert o.description == "손으로 고친 설명"


def test_publication_workflow(gangnam, gangnam_staff):
    o = factories.opportunity(provider=gangnam, published=False)
    assert o.status == Status.DRAFT
    services.opportunity_publish(opportunity=o, by=gangnam_staff)
    assert o.status == Status.PUBLISHED and o.published_at is not None
    assert timezone.is_aware(o.published_at)
    with pytest.raises(ValidationError):
        services.opportunity_delete(opportunity=o, by=gangnam_staff)
    services.opportunity_archive(opportunity=o, by=gangnam_staff)
    o.refresh_from_db()
    assert o.status == Status.ARCHIVED
    names = list(DomainEvent.objects.filter(payload__opportunity_id=o.pk).values_list("name", flat=True))
    assert names == ["catalogue.opportunity.created", "catalogue.opportunity.published",
                     "catalogue.opportunity.archived"]
    # Publishing twice is harmless and emits nothing more.
    services.opportunity_archive(opportunity=o, by=gangnam_staff)
    assert DomainEvent.objects.filter(payload__opportunity_id=o.pk).count() == 3


def test_deleting_a_draft_leaves_tombstones(gangnam, gangnam_staff):
    o = factories.opportunity(provider=gangnam, published=False)
    run = factories.run(opportunity=o, published=False)
    pk, run_pk = o.pk, run.pk
    services.opportunity_delete(opportunity=o, by=gangnam_staff)
    assert not Opportunity.objects.filter(pk=pk).exists()
    assert Deletion.objects.filter(kind="opportunity", record_id=pk).exists()
    assert Deletion.objects.filter(kind="run", record_id=run_pk).exists()


# --- runs ------------------------------------------------------------------------------------------------------

@pytest.fixture
def draft(gangnam):
    return factories.opportunity(provider=gangnam, published=False)


@pytest.fixture
def place(gangnam):
    return factories.venue(provider=gangnam)


def test_run_ending_before_it_starts(draft, place, gangnam_staff):
    with pytest.raises(ValidationError) as excinfo:
        services.run_create(opportunity=draft, by=gangnam_staff, venue=place, start_date=TODAY,
                            end_date=TODAY - datetime.timedelta(days=1))
    assert list(errors_of(excinfo)) == ["end_date"]


@pytest.mark.parametrize("data,field", [
    ({"start_time": datetime.time(10), "end_time": datetime.time(9)}, "end_time"),
    ({"start_time": datetime.time(10)}, "end_time"),
    ({"start_time": datetime.time(10, tzinfo=datetime.timezone.utc), "end_time": datetime.time(12)}, "start_time"),
    ({"capacity": 0}, "capacity"),
    ({"weekdays": ["XX"]}, "weekdays"),
    ({"venue": None}, "venue"),
    ({"enrolment_opens": datetime.datetime(2026, 5, 2, 9), "enrolment_closes": datetime.datetime(2026, 5, 1, 9)},
     "enrolment_closes"),
])
def test_run_field_errors(draft, place, gangnam_staff, data, field):
    values = {"venue": place, "start_date": TODAY, "end_date": TODAY} | data
    with pytest.raises(ValidationError) as excinfo:
        services.run_create(opportunity=draft, by=gangnam_staff, **values)
    assert field in errors_of(excinfo)


def test_online_run_needs_its_address(gangnam, gangnam_staff):
    o = factories.opportunity(provider=gangnam, delivery_mode="online", published=False)
    with pytest.raises(ValidationError) as excinfo:
        services.run_create(opportunity=o, by=gangnam_staff, start_date=TODAY, end_date=TODAY)
    assert "online_url" in errors_of(excinfo)
    run = services.run_create(opportunity=o, by=gangnam_staff, start_date=TODAY, end_date=TODAY,
                              online_url="https://meet.example.org/class")
    assert run.venue is None


def test_naive_enrolment_times_are_read_as_city_time(draft, place, gangnam_staff):
    run = services.run_create(opportunity=draft, by=gangnam_staff, venue=place, start_date=TODAY, end_date=TODAY,
                              enrolment_opens=datetime.datetime(2026, 5, 1, 9, 0))
    run.refresh_from_db()
    assert timezone.is_aware(run.enrolment_opens)
    assert timezone.localtime(run.enrolment_opens).hour == 9  # 09:00 in Seoul, not 09:00 UTC
    # Comparing a naive new value with the stored aware one must not crash.
    with pytest.raises(ValidationError) as excinfo:
        services.run_update(run=run, by=gangnam_staff, enrolment_closes=datetime.datetime(2026, 4, 30, 9, 0))
    assert "enrolment_closes" in errors_of(excinfo)


def test_run_workflow_and_public_visibility(draft, place, gangnam_staff):
    run = services.run_create(opportunity=draft, by=gangnam_staff, venue=place, start_date=TODAY,
                              end_date=TODAY + datetime.timedelta(days=7), weekdays=["TU"])
    assert run.status == Status.DRAFT and not run.is_public
    services.run_publish(run=run, by=gangnam_staff)
    assert not run.is_public  # the opportunity is still a draft
    services.opportunity_publish(opportunity=draft, by=gangnam_staff)
    run.refresh_from_db()
    assert run.is_public
    with pytest.raises(ValidationError):
        services.run_delete(run=run, by=gangnam_staff)
    services.run_cancel(run=run, by=gangnam_staff)
    run.refresh_from_db()
    assert run.is_cancelled and not run.is_public
    services.run_archive(run=run, by=gangnam_staff)
    assert run.status == Status.ARCHIVED
    kinds = list(AuditEntry.objects.filter(object_type="catalogue.opportunityrun", object_id=str(run.pk))
                 .order_by("id").values_list("action", flat=True))
    assert kinds == ["run.created", "run.published", "run.cancelled", "run.archived"]


def test_run_cannot_move_to_another_opportunity(draft, place, gangnam, gangnam_staff):
    run = factories.run(opportunity=draft, venue=place, published=False)
    other = factories.opportunity(provider=gangnam, published=False)
    with pytest.raises(ValidationError):
        services.run_update(run=run, by=gangnam_staff, opportunity=other)


def test_deleting_a_draft_run(draft, place, gangnam_staff):
    run = factories.run(opportunity=draft, venue=place, published=False)
    pk = run.pk
    services.run_delete(run=run, by=gangnam_staff)
    assert not OpportunityRun.objects.filter(pk=pk).exists()
    assert Deletion.objects.filter(kind="run", record_id=pk).exists()


# --- venues ----------------------------------------------------------------------------------------------------

GANGNAM_STATION = (37.5116, 127.0595)  # COEX, Samseong-dong, Gangnam-gu


def test_coordinates_decide_the_district_and_neighbourhood(gangnam, gangnam_staff):
    venue = services.venue_create(by=gangnam_staff, provider=gangnam, name="강남역 교실",
                                  latitude=GANGNAM_STATION[0], longitude=GANGNAM_STATION[1])
    assert venue.district.slug == "gangnam-gu"
    assert venue.neighbourhood is not None and venue.neighbourhood.district == venue.district
    assert not venue.location_approximate


def test_coordinates_outside_the_city(gangnam, gangnam_staff):
    for language, words in (("en", "outside the city"), ("ko", "자치구 밖에")):
        with translation.override(language), pytest.raises(ValidationError) as excinfo:
            # Busan: a real place, not in Seoul.
            services.venue_create(by=gangnam_staff, provider=gangnam, name="x", latitude=35.1796,
                                  longitude=129.0756)
        message = errors_of(excinfo)["latitude"][0]
        assert words in message and "(35.17960, 129.07560)" in message


def test_swapped_coordinates_are_outside_the_city(gangnam, gangnam_staff):
    with pytest.raises(ValidationError) as excinfo:
        services.venue_create(by=gangnam_staff, provider=gangnam, name="x", latitude=GANGNAM_STATION[1],
                              longitude=GANGNAM_STATION[0])
    assert "latitude" in errors_of(excinfo)


def test_unknown_or_disagreeing_district(gangnam, gangnam_staff):
    with pytest.raises(ValidationError) as excinfo:
        services.venue_create(by=gangnam_staff, provider=gangnam, name="x", district="atlantis-gu")
    assert "district" in errors_of(excinfo)
    jongno = District.objects.get(slug="jongno-gu")
    with pytest.raises(ValidationError) as excinfo:
        services.venue_create(by=gangnam_staff, provider=gangnam, name="x", district=jongno,
                              latitude=GANGNAM_STATION[0], longitude=GANGNAM_STATION[1])
    assert "district" in errors_of(excinfo)


def test_only_one_coordinate(gangnam, gangnam_staff):
    with pytest.raises(ValidationError) as excinfo:
        services.venue_create(by=gangnam_staff, provider=gangnam, name="x", latitude=37.5)
    assert "longitude" in errors_of(excinfo)


def test_no_coordinates_means_district_centre_marked_approximate(gangnam, gangnam_staff):
    gangnam_gu = District.objects.get(slug="gangnam-gu")
    venue = services.venue_create(by=gangnam_staff, provider=gangnam, name="x", district=gangnam_gu)
    assert venue.location_approximate
    assert (venue.latitude, venue.longitude) == (gangnam_gu.centroid_lat, gangnam_gu.centroid_lon)


def test_venue_update_moves_and_keeps_place(gangnam, gangnam_staff):
    venue = services.venue_create(by=gangnam_staff, provider=gangnam, name="x",
                                  district=District.objects.get(slug="gangnam-gu"))
    services.venue_update(venue=venue, by=gangnam_staff, latitude=GANGNAM_STATION[0], longitude=GANGNAM_STATION[1])
    assert not venue.location_approximate and venue.latitude == GANGNAM_STATION[0]
    services.venue_update(venue=venue, by=gangnam_staff, name="renamed")  # place untouched
    venue.refresh_from_db()
    assert venue.name == "renamed" and venue.latitude == GANGNAM_STATION[0]
    with pytest.raises(ValidationError) as excinfo:
        services.venue_update(venue=venue, by=gangnam_staff, name="")
    assert "name" in errors_of(excinfo)
    jongno = District.objects.get(slug="jongno-gu")
    services.venue_update(venue=venue, by=gangnam_staff, district=jongno)
    assert venue.district == jongno and venue.location_approximate


def test_a_venue_from_the_loader_stays_put_when_renamed(gangnam_staff):
    # Loaded schools near the edge of the simplified boundaries were kept in their named district; a rename must
    # not re-run point-in-polygon on them.
    venue = Venue.objects.filter(source_id__startswith="kr-school:", location_approximate=False).first()
    services.venue_update(venue=venue, by=None, name=venue.name + " (renamed)")
    venue.refresh_from_db()
    assert venue.name.endswith("(renamed)")


# --- providers -------------------------------------------------------------------------------------------------

def test_provider_create_and_slug(city_office):
    a = services.provider_create(by=city_office, name="마포 배움터", sector="community_group")
    b = services.provider_create(by=city_office, name="마포 배움터", sector="community_group")
    assert a.slug != b.slug
    with pytest.raises(ValidationError) as excinfo:
        services.provider_create(by=city_office, name="", sector="guild")
    assert set(errors_of(excinfo)) == {"name", "sector"}


def test_provider_members(gangnam, city_office, learner):
    services.provider_member_add(provider=gangnam, user=learner, by=city_office)
    assert gangnam.memberships.filter(user=learner, role="staff").exists()
    with pytest.raises(ValidationError):
        services.provider_member_add(provider=gangnam, user=learner, role="owner", by=city_office)
    services.provider_member_remove(provider=gangnam, user=learner, by=city_office)
    assert not gangnam.memberships.filter(user=learner).exists()


def test_services_refuse_the_wrong_person(gangnam, other_staff, learner):
    o = factories.opportunity(provider=gangnam, published=False)
    for actor in (other_staff, learner):
        with pytest.raises(PermissionDenied):
            services.opportunity_update(opportunity=o, by=actor, title="mine now")
