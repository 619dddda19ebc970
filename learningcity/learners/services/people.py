"""People: signing up, the learner profile, consent to statistics and the personal calendar's secret.

Every write checks that the person acts on their own account (`by` is the user; `None` is the system).
"""

from __future__ import annotations

import datetime
from typing import Any, Iterable

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learningcity.catalogue.models import Topic
from learningcity.catalogue.vocab import ACCESSIBILITY, LANGUAGES
from learningcity.core import events
from learningcity.core.models import District, User
from learningcity.core.permissions import Actor, is_signed_in, require
from learningcity.core.services import audit_record, user_create
from learningcity.learners.models import LearnerProfile, Sex, new_token

UNSET: Any = object()
OLDEST_BIRTH_YEAR = 1900
DISPLAY_NAME_MAX = 120


def require_self(user: User, by: Actor) -> None:
    """A person's own data: only they (or the system, by=None) may change it."""
    require(by is None or (is_signed_in(by) and by.pk == user.pk), _("You can only change your own account."))


def profile_ensure(user: User) -> LearnerProfile:
    """The person's profile, created empty (no consent, nothing said) the first time it is needed."""
    profile, _created = LearnerProfile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def account_signup(*, email: str, password: str, display_name: str = "") -> User:
    """A new inhabitant's account and empty profile; a welcome email goes out once the account exists."""
    email = (email or "").strip().lower()
    display_name = (display_name or "").strip()
    errors: dict[str, list[str]] = {}
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = [_("Enter a valid email address, like name@example.org.")]
    else:
        if User.objects.filter(email__iexact=email).exists():
            errors["email"] = [_("An account with this email address already exists. Sign in instead.")]
    if len(display_name) > DISPLAY_NAME_MAX:
        errors["display_name"] = [_("Use at most %(max)d characters.") % {"max": DISPLAY_NAME_MAX}]
    try:
        validate_password(password or "", user=User(email=email, display_name=display_name))
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    if errors:
        raise ValidationError(errors)
    user = user_create(email=email, password=password, display_name=display_name)
    profile_ensure(user)
    audit_record(actor=user, action="learners.account.signup", obj=user)
    events.emit("learners.account.created", user_id=user.pk)
    transaction.on_commit(lambda: _send_welcome(user))
    return user


def _send_welcome(user: User) -> None:
    subject = _("Welcome to Learning City %(city)s") % {"city": settings.CITY_NAME}
    body = _(
        "Hello %(name)s,\n\nyour account is ready. Find learning near you: %(base)s/\n"
        "Your learning passport keeps everything you learn: %(base)s/passport/\n"
        "What we store about you, and how to erase it: %(base)s/account/privacy/\n"
    ) % {"name": user.display_name or user.email, "base": settings.BASE_URL}
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=True)


def _codes(values: Iterable[str] | None, allowed: dict, field: str, errors: dict) -> list[str]:
    values = list(values or [])
    if not all(isinstance(v, str) for v in values):
        errors[field] = [_("Choose from the list.")]
        return []
    unknown = [v for v in values if v not in allowed]
    if unknown:
        errors[field] = [_("Unknown choice: %(codes)s.") % {"codes": ", ".join(unknown[:5])}]
    return list(dict.fromkeys(values))


def _topics(values: Iterable[Any] | None, errors: dict) -> list[Topic]:
    values = list(values or [])
    topics = [v for v in values if isinstance(v, Topic)]
    codes = [v for v in values if not isinstance(v, Topic)]
    if codes:
        found = {t.code: t for t in Topic.objects.filter(code__in=[str(c) for c in codes])}
        unknown = [str(c) for c in codes if str(c) not in found]
        if unknown:
            errors["interests"] = [_("Unknown topic: %(codes)s.") % {"codes": ", ".join(unknown[:5])}]
        topics += list(found.values())
    return topics


@transaction.atomic
def profile_update(*, user: User, by: Actor, birth_year: int | None = UNSET, sex: str = UNSET,
                   district: District | None = UNSET, languages: list[str] = UNSET,
                   accessibility_needs: list[str] = UNSET, interests: list[Topic | str] = UNSET,
                   display_name: str = UNSET) -> LearnerProfile:
    """Change what the person tells the city about themselves; arguments left out stay as they are."""
    require_self(user, by)
    profile = profile_ensure(user)
    errors: dict[str, list[str]] = {}
    changed: list[str] = []
    this_year = timezone.localdate().year
    if birth_year is not UNSET:
        if birth_year is not None and (isinstance(birth_year, bool) or not isinstance(birth_year, int)):
            errors["birth_year"] = [_("Enter a year, like 1980.")]
        elif birth_year is not None and not OLDEST_BIRTH_YEAR <= birth_year <= this_year:
            errors["birth_year"] = [_("Enter a year between %(first)d and %(last)d.")
                                    % {"first": OLDEST_BIRTH_YEAR, "last": this_year}]
        else:
            profile.birth_year = birth_year
            changed.append("birth_year")
    if sex is not UNSET:
        if sex not in Sex.values:
            errors["sex"] = [_("Choose female, male or prefer not to say.")]
        else:
            profile.sex = sex
            changed.append("sex")
    if district is not UNSET:
        if district is not None and not isinstance(district, District):
            errors["district"] = [_("Choose a district of the city.")]
        else:
            profile.district = district
            changed.append("district")
    if languages is not UNSET:
        profile.languages = _codes(languages, LANGUAGES, "languages", errors)
        changed.append("languages")
    if accessibility_needs is not UNSET:
        profile.accessibility_needs = _codes(accessibility_needs, ACCESSIBILITY, "accessibility_needs", errors)
        changed.append("accessibility_needs")
    topics = _topics(interests, errors) if interests is not UNSET else None
    if display_name is not UNSET:
        display_name = (display_name or "").strip()
        if len(display_name) > DISPLAY_NAME_MAX:
            errors["display_name"] = [_("Use at most %(max)d characters.") % {"max": DISPLAY_NAME_MAX}]
    if errors:
        raise ValidationError(errors)
    profile.save()
    if topics is not None:
        profile.interests.set(topics)
        changed.append("interests")
    if display_name is not UNSET and display_name != user.display_name:
        user.display_name = display_name
        user.save(update_fields=["display_name"])
        changed.append("display_name")
    # The audit names the fields that changed, never their values (they are personal data).
    audit_record(actor=by, action="learners.profile.update", obj=profile, fields=sorted(changed))
    events.emit("learners.profile.updated", user_id=user.pk)
    return profile


@transaction.atomic
def consent_set(*, user: User, value: bool, by: Actor) -> LearnerProfile:
    """Give or withdraw consent to count this person's learning in city statistics (explicit, revocable)."""
    require_self(user, by)
    if not isinstance(value, bool):
        raise ValidationError({"statistics_consent": [_("Answer yes or no.")]})
    profile = profile_ensure(user)
    if profile.statistics_consent != value:
        profile.statistics_consent = value
        profile.consent_changed_at = timezone.now()
        profile.save(update_fields=["statistics_consent", "consent_changed_at", "modified_at"])
        audit_record(actor=by, action="learners.consent.set", obj=profile, value=value)
        events.emit("learners.consent.changed", user_id=user.pk, value=value)
    return profile


@transaction.atomic
def calendar_token_renew(*, user: User, by: Actor) -> LearnerProfile:
    """A new secret for the personal calendar feed: the old address stops working at once."""
    require_self(user, by)
    profile = profile_ensure(user)
    profile.calendar_token = new_token()
    profile.save(update_fields=["calendar_token", "modified_at"])
    audit_record(actor=by, action="learners.calendar.renew", obj=profile)
    events.emit("learners.calendar.renewed", user_id=user.pk)
    return profile


def age_band(birth_year: int | None, today: datetime.date | None = None) -> str:
    """The 5-year band a birth year falls in today ("40–44"), as the population statistics count them."""
    if birth_year is None:
        return ""
    from learningcity.core.demography import age_from_birth_year, band_of_age

    band = band_of_age(age_from_birth_year(birth_year, today))
    return band.replace("-", "–")
