"""The people side of the learners API: the caller's own profile, consent, passport, self-reported learning,
personal-data export and account erasure. Everything is the authenticated caller's own (`/me/...`): there is
no way to name another person, and another person's entry is a 404.
"""

import datetime
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from ninja import Field, Query, Router, Schema, Status
from pydantic import StrictBool, StrictInt

from learningcity.core.api_auth import API_AUTH
from learningcity.core.api_pagination import PageParams, page_of, page_schema
from learningcity.core.api_types import InputSchema, RecordId
from learningcity.core.models import District
from learningcity.core.problems import WRITE_ERRORS, Problem
from learningcity.learners.models import SelfReportedLearning
from learningcity.learners.selectors import passport as passport_selectors
from learningcity.learners.selectors import people as people_selectors
from learningcity.learners.services import passport as passport_services
from learningcity.learners.services import people as people_services
from learningcity.learners.services import privacy as privacy_services

router = Router(tags=["learners"], auth=API_AUTH)
READ_OWN = {400: Problem, 401: Problem, 404: Problem}
SexCode = Literal["F", "M", ""]
SettingCode = Literal["formal", "non_formal", "informal"]


class ProfileOut(Schema):
    email: str
    display_name: str
    birth_year: int | None
    age_band: str = Field(description="5-year band of the year of birth, e.g. \"40–44\"; empty if not said.")
    sex: SexCode = Field(description="F, M, or empty (prefer not to say).")
    district: str | None = Field(description="District slug.")
    languages: list[str]
    accessibility_needs: list[str]
    interests: list[str] = Field(description="Topic codes.")
    statistics_consent: bool
    consent_changed_at: datetime.datetime | None


class ProfilePatch(InputSchema):
    display_name: str = Field(None, max_length=120)
    birth_year: StrictInt | None = Field(None, description="Year of birth (1900 to this year), or null.")
    sex: SexCode = None
    district: str | None = Field(None, description="District slug (see /districts), or null.")
    languages: list[str] = Field(None, description="ISO 639-1 codes of catalogue languages.")
    accessibility_needs: list[str] = Field(None, description="Accessibility codes of the catalogue.")
    interests: list[str] = Field(None, description="Topic codes (see /topics).")


class ConsentIn(InputSchema):
    statistics_consent: StrictBool


class SelfReportOut(Schema):
    id: int
    title: str
    description: str
    setting: SettingCode
    field: str | None = Field(description="Topic code.")
    learned_on: datetime.date
    hours: float
    evidence_url: str


class SelfReportIn(InputSchema):
    title: str = Field(..., max_length=1000)
    learned_on: datetime.date = Field(..., description="Not in the future.")
    hours: Decimal = Field(..., description="More than 0, at most 5000, two decimals.")
    setting: SettingCode = "informal"
    field: str | None = Field(None, description="Topic code (see /topics).")
    description: str = Field("", max_length=5000)
    evidence_url: str = Field("", max_length=1000, description="An http(s) link, optional.")


class SelfReportPatch(InputSchema):
    title: str = Field(None, max_length=1000)
    learned_on: datetime.date = None
    hours: Decimal = None
    setting: SettingCode = None
    field: str | None = None
    description: str = Field(None, max_length=5000)
    evidence_url: str = Field(None, max_length=1000)


class PassportItemOut(Schema):
    title: str
    date: datetime.date | None
    kind: str
    detail: str
    url: str
    hours: float
    setting: str
    isced_field: str
    data: dict[str, Any]


class PassportSectionOut(Schema):
    key: str
    title: str
    counts_hours: bool
    items: list[PassportItemOut]


class PassportTotals(Schema):
    hours: float
    by_setting: dict[str, float]
    by_field: dict[str, float]


class PassportOut(Schema):
    format: str
    generated_at: datetime.datetime
    learner: dict[str, str]
    totals: PassportTotals
    sections: list[PassportSectionOut]


class ErasureIn(InputSchema):
    confirmation: str = Field(..., max_length=1000, description="Your email address or your password.")


def _profile_out(user) -> dict[str, Any]:
    profile = people_selectors.profile_of(user)
    return {
        "email": user.email, "display_name": user.display_name,
        "birth_year": profile.birth_year if profile else None,
        "age_band": people_services.age_band(profile.birth_year if profile else None),
        "sex": profile.sex if profile else "",
        "district": profile.district.slug if profile and profile.district else None,
        "languages": profile.languages if profile else [],
        "accessibility_needs": profile.accessibility_needs if profile else [],
        "interests": [t.code for t in profile.interests.all()] if profile else [],
        "statistics_consent": bool(profile and profile.statistics_consent),
        "consent_changed_at": profile.consent_changed_at if profile else None,
    }


def _self_report_out(report: SelfReportedLearning) -> dict[str, Any]:
    return {"id": report.pk, "title": report.title, "description": report.description, "setting": report.setting,
            "field": report.topic.code if report.topic else None, "learned_on": report.learned_on,
            "hours": float(report.hours), "evidence_url": report.evidence_url}


def _own_report(request, pk: int) -> SelfReportedLearning:
    try:
        return people_selectors.self_report_get(user=request.user, pk=pk)
    except SelfReportedLearning.DoesNotExist:
        raise Http404("No such entry in your passport.") from None


def _self_report_data(payload) -> dict[str, Any]:
    data = payload.dict(exclude_unset=True)
    if "field" in data:
        data["topic"] = data.pop("field") or None
    return data


def _rename_topic(exc: ValidationError) -> ValidationError:
    if hasattr(exc, "error_dict") and "topic" in exc.error_dict:
        return ValidationError({("field" if f == "topic" else f): e for f, e in exc.error_dict.items()})
    return exc


@router.get("/me/profile", response={200: ProfileOut, **READ_OWN}, summary="My profile")
def profile_get(request):
    return _profile_out(request.user)


@router.patch("/me/profile", response={200: ProfileOut, **WRITE_ERRORS}, summary="Change my profile")
def profile_patch(request, payload: ProfilePatch):
    data = payload.dict(exclude_unset=True)
    if "district" in data:
        slug = data.pop("district")
        district = District.objects.filter(slug=slug).first() if slug else None
        if slug and district is None:
            raise ValidationError({"district": ["There is no district with this slug."]})
        data["district"] = district
    for key in ("languages", "accessibility_needs", "interests", "sex", "display_name"):
        if key in data and data[key] is None:
            raise ValidationError({key: ["This field cannot be null; leave it out to keep it."]})
    people_services.profile_update(user=request.user, by=request.user, **data)
    return _profile_out(request.user)


@router.put("/me/consent", response={200: ProfileOut, **WRITE_ERRORS},
            summary="Give or withdraw consent to city statistics")
def consent_put(request, payload: ConsentIn):
    people_services.consent_set(user=request.user, value=payload.statistics_consent, by=request.user)
    return _profile_out(request.user)


@router.get("/me/passport", response={200: PassportOut, **READ_OWN}, summary="My learning passport")
def passport_get(request):
    return passport_selectors.passport_export(request.user)


@router.get("/me/self-reported", response={200: page_schema(SelfReportOut), 400: Problem, 401: Problem},
            summary="My self-reported learning")
def self_report_list(request, params: Query[PageParams]):
    return page_of(people_selectors.self_reports_of(request.user), params, _self_report_out)


@router.post("/me/self-reported", response={201: SelfReportOut, **WRITE_ERRORS}, summary="Report learning")
def self_report_create(request, payload: SelfReportIn):
    try:
        report = passport_services.self_report_create(user=request.user, by=request.user,
                                                      **_self_report_data(payload))
    except ValidationError as exc:
        raise _rename_topic(exc) from exc
    return Status(201, _self_report_out(report))


@router.get("/me/self-reported/{pk}", response={200: SelfReportOut, **READ_OWN}, summary="One entry")
def self_report_get(request, pk: RecordId):
    return _self_report_out(_own_report(request, pk))


@router.patch("/me/self-reported/{pk}", response={200: SelfReportOut, **WRITE_ERRORS}, summary="Change an entry")
def self_report_patch(request, pk: RecordId, payload: SelfReportPatch):
    report = _own_report(request, pk)
    data = _self_report_data(payload)
    for key in ("title", "learned_on", "hours", "setting", "description", "evidence_url"):
        if key in data and data[key] is None:
            raise ValidationError({key: ["This field cannot be null; leave it out to keep it."]})
    try:
        report = passport_services.self_report_update(report=report, by=request.user, **data)
    except ValidationError as exc:
        raise _rename_topic(exc) from exc
    return _self_report_out(report)


@router.delete("/me/self-reported/{pk}", response={204: None, **WRITE_ERRORS}, summary="Remove an entry")
def self_report_delete(request, pk: RecordId):
    passport_services.self_report_delete(report=_own_report(request, pk), by=request.user)
    return Status(204, None)


@router.get("/me/personal-data", response={200: dict[str, Any], **READ_OWN},
            summary="Everything stored about me (JSON)")
def personal_data_get(request):
    return people_selectors.personal_data(request.user)


@router.delete("/me", response={204: None, **WRITE_ERRORS},
               summary="Erase my account (confirm with my email address or password)")
def account_delete(request, payload: ErasureIn):
    privacy_services.account_erase(user=request.user, by=request.user, confirmation=payload.confirmation)
    return HttpResponse(status=204)
