"""Sign-up, profile, consent and the calendar secret: every rule and every bad input."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from learningcity.catalogue.models import Topic
from learningcity.core.models import AuditEntry, DomainEvent, District, User
from learningcity.learners.models import LearnerProfile
from learningcity.learners.services import people
from learningcity.testing import factories

GOOD_PASSWORD = "correct horse battery staple 42"


def test_signup_creates_the_account_and_profile_and_sends_a_welcome(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = people.account_signup(email=" New.Person@Example.org ", password=GOOD_PASSWORD,
                                     display_name="  New Person ")
    assert user.email == "new.person@example.org" and user.display_name == "New Person"
    assert user.check_password(GOOD_PASSWORD)
    profile = LearnerProfile.objects.get(user=user)
    assert profile.statistics_consent is False and profile.consent_changed_at is None
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new.person@example.org"]
    assert "/passport/" in mail.outbox[0].body
    assert DomainEvent.objects.filter(name="learners.account.created", payload__user_id=user.pk).exists()


@pytest.mark.parametrize("email, password, name, field", [
    ("not-an-email", GOOD_PASSWORD, "", "email"),
    ("", GOOD_PASSWORD, "", "email"),
    ("ok@example.org", "short", "", "password"),
    ("ok@example.org", "12345678901", "", "password"),  # entirely numeric
    ("ok@example.org", "password", "", "password"),  # too common
    ("ok@example.org", GOOD_PASSWORD, "x" * 121, "display_name"),
])
def test_signup_refuses_bad_input_per_field(db, email, password, name, field):
    before = User.objects.count()
    with pytest.raises(ValidationError) as info:
        people.account_signup(email=email, password=password, display_name=name)
    assert field in info.value.message_dict
    assert User.objects.count() == before


def test_signup_refuses_an_email_already_used_in_any_case(learner):
    with pytest.raises(ValidationError) as info:
        people.account_signup(email=learner.email.upper(), password=GOOD_PASSWORD)
    assert "already exists" in info.value.message_dict["email"][0]


def test_profile_update_sets_every_field(learner):
    district = District.objects.first()
    topics = list(Topic.objects.all()[:2])
    profile = people.profile_update(user=learner, by=learner, birth_year=1984, sex="F", district=district,
                                    languages=["ko", "en"], accessibility_needs=["wheelchair"],
                                    interests=[topics[0], topics[1].code], display_name="Kim")
    profile.refresh_from_db()
    assert (profile.birth_year, profile.sex, profile.district) == (1984, "F", district)
    assert profile.languages == ["ko", "en"] and profile.accessibility_needs == ["wheelchair"]
    assert set(profile.interests.all()) == set(topics)
    learner.refresh_from_db()
    assert learner.display_name == "Kim"
    entry = AuditEntry.objects.get(action="learners.profile.update", object_id=str(profile.pk))
    assert "1984" not in str(entry.detail)  # the audit names fields, not values


def test_profile_update_leaves_out_what_is_not_given(learner):
    people.profile_update(user=learner, by=learner, birth_year=1990, languages=["ko"])
    profile = people.profile_update(user=learner, by=learner, sex="M")
    assert profile.birth_year == 1990 and profile.languages == ["ko"] and profile.sex == "M"


@pytest.mark.parametrize("kwargs, field", [
    ({"birth_year": 1899}, "birth_year"),
    ({"birth_year": 3000}, "birth_year"),
    ({"birth_year": "1980"}, "birth_year"),
    ({"birth_year": True}, "birth_year"),
    ({"sex": "X"}, "sex"),
    ({"district": "gangnam-gu"}, "district"),
    ({"languages": ["klingon"]}, "languages"),
    ({"languages": [1]}, "languages"),
    ({"accessibility_needs": ["jetpack"]}, "accessibility_needs"),
    ({"interests": ["no-such-topic"]}, "interests"),
    ({"display_name": "y" * 200}, "display_name"),
])
def test_profile_update_refuses_bad_input_and_changes_nothing(learner, kwargs, field):
    people.profile_update(user=learner, by=learner, birth_year=1970, sex="F", languages=["en"])
    with pytest.raises(ValidationError) as info:
        people.profile_update(user=learner, by=learner, **{"sex": "M", **kwargs})
    assert field in info.value.message_dict
    profile = LearnerProfile.objects.get(user=learner)
    assert (profile.birth_year, profile.sex, profile.languages) == (1970, "F", ["en"])


def test_only_the_person_changes_their_profile(learner, city_office, gangnam_staff):
    for other in (city_office, gangnam_staff, factories.user()):
        with pytest.raises(PermissionDenied):
            people.profile_update(user=learner, by=other, birth_year=1980)
        with pytest.raises(PermissionDenied):
            people.consent_set(user=learner, value=True, by=other)
        with pytest.raises(PermissionDenied):
            people.calendar_token_renew(user=learner, by=other)
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        people.profile_update(user=learner, by=AnonymousUser(), birth_year=1980)


def test_consent_is_off_by_default_explicit_and_revocable(learner):
    profile = people.profile_ensure(learner)
    assert profile.statistics_consent is False
    profile = people.consent_set(user=learner, value=True, by=learner)
    first = profile.consent_changed_at
    assert profile.statistics_consent is True and first is not None
    people.consent_set(user=learner, value=True, by=learner)  # no change, no new record
    assert AuditEntry.objects.filter(action="learners.consent.set", object_id=str(profile.pk)).count() == 1
    profile = people.consent_set(user=learner, value=False, by=learner)
    assert profile.statistics_consent is False and profile.consent_changed_at >= first
    assert DomainEvent.objects.filter(name="learners.consent.changed", payload__user_id=learner.pk).count() == 2
    with pytest.raises(ValidationError):
        people.consent_set(user=learner, value="yes", by=learner)


def test_renewing_the_calendar_token_revokes_the_old_one(learner):
    from learningcity.learners.selectors.people import calendar_owner

    old = people.profile_ensure(learner).calendar_token
    assert calendar_owner(old).user == learner
    new = people.calendar_token_renew(user=learner, by=learner).calendar_token
    assert new != old and len(new) >= 40
    assert calendar_owner(old) is None and calendar_owner(new).user == learner


@pytest.mark.parametrize("birth_year, band", [(1984, "40–44"), (1986, "40–44"), (2026, "0–4"), (1920, "100+")])
def test_age_band(birth_year, band):
    import datetime

    assert people.age_band(birth_year, today=datetime.date(2026, 6, 1)) == band
    assert people.age_band(None) == ""
