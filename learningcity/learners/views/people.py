"""Pages for sign-up, the profile, the learning passport, self-reported learning and privacy.

Everything here is the signed-in person's own: no URL names another person, and an entry of someone else's
is a 404 (it reveals nothing). The city office sees aggregates in monitoring, never a passport.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from learningcity.core.charts import bar_chart
from learningcity.core.forms import apply_service_errors
from learningcity.learners import hooks
from learningcity.learners.models import SelfReportedLearning
from learningcity.learners.selectors import passport as passport_selectors
from learningcity.learners.selectors import people as people_selectors
from learningcity.learners.services import passport as passport_services
from learningcity.learners.services import people as people_services
from learningcity.learners.services import privacy as privacy_services
from learningcity.learners.views.people_forms import (
    ConsentForm, EraseForm, ProfileForm, SelfReportForm, SignUpForm,
)


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return default


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("learners:passport")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = people_services.account_signup(**form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! Your account is ready. Tell us a little about yourself, "
                                        "or go straight to finding learning."))
            return redirect(_safe_next(request, "/account/profile/"))
    return render(request, "learners/account_signup.html", {"form": form, "next": _safe_next(request, "")})


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    current = people_selectors.profile_of(request.user)
    initial = {"display_name": request.user.display_name}
    if current is not None:
        initial.update(birth_year=current.birth_year, sex=current.sex, district=current.district,
                       languages=current.languages, accessibility_needs=current.accessibility_needs,
                       interests=list(current.interests.all()))
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            people_services.profile_update(user=request.user, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("learners:profile")
    consent = ConsentForm(initial={"statistics_consent": bool(current and current.statistics_consent)})
    return render(request, "learners/profile.html", {
        "form": form, "profile": current, "consent_form": consent,
        "age_band": people_services.age_band(current.birth_year if current else None)})


@login_required
@require_POST
def consent(request: HttpRequest) -> HttpResponse:
    form = ConsentForm(request.POST)
    value = form.is_valid() and form.cleaned_data["statistics_consent"]
    people_services.consent_set(user=request.user, value=bool(value), by=request.user)
    messages.success(request, _("Thank you: your learning now counts in city statistics, anonymously.") if value
                     else _("Your learning is no longer counted in city statistics."))
    return redirect(_safe_next(request, "/account/profile/"))


def kind_labels() -> dict[str, str]:
    return {"enrolment": _("Course"), "completion": _("Completed"), "self-reported": _("Self-reported"),
            "credential": _("Credential"), "imported credential": _("Imported credential"),
            "statement": _("Learning app")}


def _passport_context(request: HttpRequest) -> dict:
    passport = passport_selectors.passport_of(request.user)
    labels = kind_labels()
    for section in passport.sections:
        for item in section.items:
            item.kind_label = labels.get(item.kind, item.kind)
    chart_setting = bar_chart([(label, hours) for _code, label, hours in passport.by_setting],
                              title=_("Hours by setting"), unit=" h") if passport.by_setting else ""
    chart_field = bar_chart([(label, hours) for _code, label, hours in passport.by_field],
                            title=_("Hours by field"), unit=" h") if passport.by_field else ""
    return {"passport": passport, "chart_setting": chart_setting, "chart_field": chart_field,
            "now": timezone.now()}


@login_required
def passport(request: HttpRequest) -> HttpResponse:
    from learningcity.exchange.calendars import personal_calendar_url

    context = _passport_context(request)
    profile = people_services.profile_ensure(request.user)
    context["calendar_url"] = personal_calendar_url(profile.calendar_token)
    return render(request, "learners/passport.html", context)


@login_required
def passport_print(request: HttpRequest) -> HttpResponse:
    return render(request, "learners/passport_print.html", _passport_context(request))


def _json_download(data: dict, filename: str) -> HttpResponse:
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2, default=str),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def passport_export(request: HttpRequest) -> HttpResponse:
    return _json_download(passport_selectors.passport_export(request.user), "learning-passport.json")


@login_required
@require_POST
def calendar_renew(request: HttpRequest) -> HttpResponse:
    people_services.calendar_token_renew(user=request.user, by=request.user)
    messages.success(request, _("Your calendar has a new address. The old one no longer works."))
    return redirect("learners:passport")


def _own_report(request: HttpRequest, pk: int) -> SelfReportedLearning:
    try:
        return people_selectors.self_report_get(user=request.user, pk=pk)
    except SelfReportedLearning.DoesNotExist:
        raise Http404(_("No such entry in your passport.")) from None


@login_required
def self_report_create(request: HttpRequest) -> HttpResponse:
    form = SelfReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            passport_services.self_report_create(user=request.user, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Added to your passport."))
            return redirect("learners:passport")
    return render(request, "learners/passport_self_report_form.html", {"form": form, "report": None})


@login_required
def self_report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _own_report(request, pk)
    initial = {"title": report.title, "learned_on": report.learned_on, "hours": report.hours.normalize(),
               "setting": report.setting, "topic": report.topic, "description": report.description,
               "evidence_url": report.evidence_url}
    form = SelfReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            passport_services.self_report_update(report=report, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Your passport entry is saved."))
            return redirect("learners:passport")
    return render(request, "learners/passport_self_report_form.html", {"form": form, "report": report})


@login_required
@require_POST
def self_report_delete(request: HttpRequest, pk: int) -> HttpResponse:
    report = _own_report(request, pk)
    passport_services.self_report_delete(report=report, by=request.user)
    messages.success(request, _("The entry was removed from your passport."))
    return redirect("learners:passport")


@login_required
def privacy(request: HttpRequest) -> HttpResponse:
    current = people_selectors.profile_of(request.user)
    return render(request, "learners/privacy.html", {
        "counts": people_selectors.personal_data_summary(request.user), "profile": current,
        "consent_form": ConsentForm(initial={"statistics_consent": bool(current and current.statistics_consent)}),
        "statements": len(passport_selectors.lrs_statements_of(request.user, external_only=False)),
        "other_apps": sorted(hooks.personal_data(request.user)),
    })


@login_required
def privacy_export(request: HttpRequest) -> HttpResponse:
    return _json_download(people_selectors.personal_data(request.user), "my-learning-city-data.json")


@login_required
def erase(request: HttpRequest) -> HttpResponse:
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            privacy_services.account_erase(user=request.user, by=request.user,
                                           confirmation=form.cleaned_data["confirmation"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            logout(request)
            messages.success(request, _("Your account and your personal data were erased. Goodbye, and thank "
                                        "you for learning with us."))
            return redirect("catalogue:home")
    return render(request, "learners/privacy_erase.html", {"form": form, "base_url": settings.BASE_URL})


urlpatterns = [
    path("account/signup/", signup, name="signup"),
    path("account/profile/", profile, name="profile"),
    path("account/consent/", consent, name="consent"),
    path("account/privacy/", privacy, name="privacy"),
    path("account/privacy/my-data.json", privacy_export, name="privacy-export"),
    path("account/erase/", erase, name="erase"),
    path("passport/", passport, name="passport"),
    path("passport/print/", passport_print, name="passport-print"),
    path("passport/passport.json", passport_export, name="passport-export"),
    path("passport/calendar/renew/", calendar_renew, name="calendar-renew"),
    path("passport/self-reported/new/", self_report_create, name="self-report-create"),
    path("passport/self-reported/<int:pk>/", self_report_edit, name="self-report-edit"),
    path("passport/self-reported/<int:pk>/delete/", self_report_delete, name="self-report-delete"),
]
