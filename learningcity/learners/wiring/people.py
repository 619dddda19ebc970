"""What the people side plugs into other apps at start-up: the account menu (passport, profile, privacy) and
the personal calendar feed (exchange serves it; we say whose runs a token stands for)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def resolve_personal_calendar(token: str):
    """The learner behind a calendar token and their live enrolments' runs; None for an unknown token."""
    from django.utils.translation import gettext

    from learningcity.exchange.calendars import PersonalCalendar
    from learningcity.learners.selectors.people import calendar_owner, calendar_enrolments_of

    profile = calendar_owner(token)
    if profile is None:
        return None
    runs = [enrolment.run for enrolment in calendar_enrolments_of(profile.user)]
    return PersonalCalendar(title=gettext("My learning"), runs=runs)


def connect() -> None:
    from learningcity.core import navigation
    from learningcity.exchange.calendars import register_personal_calendar

    navigation.register("passport", _("My learning passport"), "learners:passport", order=10, menu="account")
    navigation.register("profile", _("My profile"), "learners:profile", order=20, menu="account")
    navigation.register("privacy", _("Privacy and my data"), "learners:privacy", order=30, menu="account")
    register_personal_calendar(resolve_personal_calendar)
