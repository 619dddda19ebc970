"""Reads about people: a person's profile, everything stored about them, and the consenting learners the
monitoring app counts (`learners_for_statistics`, `self_reported_for_statistics`).

The statistics selectors return querysets whose `values_list` has exactly the columns monitoring reads
(see `learningcity.monitoring.inputs`): monitoring runs their SQL itself. Only learners who consented, whose
account is active and who have a profile appear; withdrawing consent removes them at the next read.
`learner_key` is the user id (erased people's enrolments carry a negative random key instead).
`recognised` (self-reported learning) means the entry has an evidence link someone else can check.
"""

from __future__ import annotations

from typing import Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from learningcity.core.models import ApiToken, User
from learningcity.learners import hooks
from learningcity.learners.models import Attendance, Enrolment, LearnerProfile, Review, SelfReportedLearning


def profile_of(user: User) -> LearnerProfile | None:
    return (LearnerProfile.objects.select_related("district").prefetch_related("interests")
            .filter(user=user).first())


def calendar_owner(token: str) -> LearnerProfile | None:
    if not token:
        return None
    return LearnerProfile.objects.select_related("user").filter(calendar_token=token, user__is_active=True).first()


def calendar_enrolments_of(user: User) -> QuerySet[Enrolment]:
    """Enrolments holding a seat (not cancelled, not only on a waiting list): the personal calendar's runs."""
    return (Enrolment.objects.select_related("run", "run__opportunity", "run__venue")
            .filter(user=user, status__in=Enrolment.SEAT_STATUSES)
            .order_by("run__start_date", "run_id"))


def self_reports_of(user: User) -> QuerySet[SelfReportedLearning]:
    return SelfReportedLearning.objects.select_related("topic").filter(user=user)


def self_report_get(*, user: User, pk: int) -> SelfReportedLearning:
    """One of the person's own entries; anyone else's raises DoesNotExist (a 404: it reveals nothing)."""
    return self_reports_of(user).get(pk=pk)


def _consenting() -> Exists:
    return Exists(LearnerProfile.objects.filter(user=OuterRef("user_id"), statistics_consent=True))


def learners_for_statistics() -> QuerySet:
    """Columns: learner_key, district_code, birth_year, sex."""
    return (LearnerProfile.objects.filter(statistics_consent=True, user__is_active=True)
            .annotate(learner_key=F("user_id"), district_code=Coalesce(F("district__code"), Value("")))
            .order_by())


def self_reported_for_statistics() -> QuerySet:
    """Columns: learner_key, district_code, birth_year, sex, setting, learned_on, hours, recognised."""
    profile = "user__learner_profile__"
    return (SelfReportedLearning.objects.filter(_consenting(), user__is_active=True)
            .annotate(learner_key=F("user_id"),
                      district_code=Coalesce(F(profile + "district__code"), Value("")),
                      birth_year=F(profile + "birth_year"), sex=F(profile + "sex"),
                      recognised=ExpressionWrapper(~Q(evidence_url=""), output_field=BooleanField()))
            .order_by())


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def personal_data(user: User) -> dict[str, Any]:
    """Everything the platform stores about the person, as JSON-serialisable data (the privacy download)."""
    from learningcity.learners.selectors.passport import lrs_statements_of

    profile = profile_of(user)
    enrolments = list(Enrolment.objects.select_related("run", "run__opportunity")
                      .prefetch_related("attendance").filter(user=user).order_by("created_at", "id"))
    reviews = Review.objects.filter(enrolment__user=user).select_related("enrolment")
    return {
        "format": "learningcity-personal-data/1",
        "account": {"email": user.email, "display_name": user.display_name,
                    "joined": _iso(user.date_joined), "last_sign_in": _iso(user.last_login)},
        "profile": None if profile is None else {
            "birth_year": profile.birth_year, "sex": profile.sex,
            "district": profile.district.code if profile.district else None,
            "languages": profile.languages, "accessibility_needs": profile.accessibility_needs,
            "interests": [t.code for t in profile.interests.all()],
            "statistics_consent": profile.statistics_consent,
            "consent_changed_at": _iso(profile.consent_changed_at),
            "created_at": _iso(profile.created_at), "modified_at": _iso(profile.modified_at)},
        "enrolments": [{
            "id": e.pk, "run_id": e.run_id, "opportunity": e.run.opportunity.title, "status": e.status,
            "enrolled_at": _iso(e.enrolled_at), "waitlisted_at": _iso(e.waitlisted_at),
            "cancelled_at": _iso(e.cancelled_at), "completed_at": _iso(e.completed_at),
            "attended_hours": float(e.attended_hours), "credential_issued": e.credential_issued,
            "attendance": [{"session_date": _iso(a.session_date), "present": a.present}
                           for a in e.attendance.all()],
        } for e in enrolments],
        "reviews": [{"run_id": r.enrolment.run_id, "rating": r.rating, "text": r.text,
                     "created_at": _iso(r.created_at), "reply": r.reply, "hidden": r.hidden} for r in reviews],
        "self_reported_learning": [{
            "id": s.pk, "title": s.title, "description": s.description, "setting": s.setting,
            "field": s.topic.code if s.topic else None, "learned_on": _iso(s.learned_on), "hours": float(s.hours),
            "evidence_url": s.evidence_url, "created_at": _iso(s.created_at),
        } for s in self_reports_of(user)],
        "api_tokens": [{"name": t.name, "starts_with": t.prefix, "created_at": _iso(t.created_at),
                        "last_used_at": _iso(t.last_used_at), "revoked_at": _iso(t.revoked_at)}
                       for t in ApiToken.objects.filter(user=user).order_by("created_at")],
        "other_apps": hooks.personal_data(user),
        "xapi_statements": lrs_statements_of(user, external_only=False),
    }


def personal_data_summary(user: User) -> dict[str, int]:
    """How many records of each kind are stored (the privacy page lists the kinds with these counts)."""
    return {
        "enrolments": Enrolment.objects.filter(user=user).count(),
        "attendance": Attendance.objects.filter(enrolment__user=user).count(),
        "reviews": Review.objects.filter(enrolment__user=user).count(),
        "self_reported": SelfReportedLearning.objects.filter(user=user).count(),
        "api_tokens": ApiToken.objects.filter(user=user).count(),
    }
