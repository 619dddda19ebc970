"""Issuer staff pages: set up an issuer, its achievements and rules, award by hand, revoke, rotate keys.

Every change calls a credentials service, which checks that the person acts for the issuer; these views only
decide what to show. Another issuer's records answer 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from learningcity.core.forms import apply_service_errors
from learningcity.catalogue.models import Provider, ProviderMembership
from learningcity.core.models import User
from learningcity.core.permissions import is_city_office
from learningcity.credentials import esco, selectors, services
from learningcity.credentials.forms import AchievementForm, AwardForm, IssuerForm, RuleForm
from learningcity.credentials.models import Achievement, AwardRule, IssuedCredential, Issuer
from learningcity.credentials.permissions import can_issue_for, can_manage_issuer


def _issuer_for_staff(request: HttpRequest, slug: str) -> Issuer:
    issuer = Issuer.objects.select_related("provider").filter(slug=slug).first()
    if issuer is None or not can_issue_for(request.user, issuer):
        raise Http404(_("No such issuer among yours."))
    return issuer


def _achievement_for_staff(request: HttpRequest, uuid) -> Achievement:
    achievement = Achievement.objects.select_related("issuer").filter(uuid=uuid).first()
    if achievement is None or not can_issue_for(request.user, achievement.issuer):
        raise Http404(_("No such achievement among yours."))
    return achievement


@login_required
def index(request: HttpRequest) -> HttpResponse:
    issuers = list(selectors.issuers_for_staff(actor=request.user))
    admin_provider_ids = ProviderMembership.objects.filter(user=request.user, role="admin").values_list(
        "provider_id", flat=True)
    can_set_up = Provider.objects.filter(pk__in=admin_provider_ids, issuer__isnull=True).order_by("name")
    city_missing = is_city_office(request.user) and not Issuer.objects.filter(kind="city").exists()
    return render(request, "credentials/manage/index.html", {
        "issuers": issuers, "can_set_up": can_set_up, "city_missing": city_missing})


@login_required
@require_POST
def issuer_set_up(request: HttpRequest) -> HttpResponse:
    provider = None
    if request.POST.get("provider"):
        provider = get_object_or_404(Provider, pk=request.POST["provider"])
    try:
        issuer = (services.issuer_create(by=request.user, provider=provider) if provider
                  else services.issuer_ensure_city(by=request.user) if is_city_office(request.user) else None)
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("credentials:manage")
    if issuer is None:
        raise Http404
    messages.success(request, _("The issuer profile is ready, with its own signing key."))
    return redirect("credentials:manage_issuer", issuer.slug)


@login_required
def issuer_home(request: HttpRequest, slug: str) -> HttpResponse:
    issuer = _issuer_for_staff(request, slug)
    query = request.GET.get("q", "").strip()
    credentials = selectors.credentials_issued_by(issuer=issuer, query=query)
    return render(request, "credentials/manage/issuer.html", {
        "issuer": issuer, "can_manage": can_manage_issuer(request.user, issuer),
        "achievements": selectors.achievement_list(issuer=issuer),
        "page": Paginator(credentials, 25).get_page(request.GET.get("page")), "q": query,
        "keys": selectors.issuer_keys(issuer=issuer),
    })


@login_required
def issuer_edit(request: HttpRequest, slug: str) -> HttpResponse:
    issuer = _issuer_for_staff(request, slug)
    if not can_manage_issuer(request.user, issuer):
        raise Http404
    form = IssuerForm(request.POST or None, initial={f: getattr(issuer, f) for f in ("name", "description", "url",
                                                                                     "email")})
    if request.method == "POST" and form.is_valid():
        try:
            services.issuer_update(issuer=issuer, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Profile saved. Credentials issued from now on carry it."))
            return redirect("credentials:manage_issuer", issuer.slug)
    return render(request, "credentials/manage/issuer_form.html", {"issuer": issuer, "form": form})


@login_required
@require_POST
def key_rotate(request: HttpRequest, slug: str) -> HttpResponse:
    issuer = _issuer_for_staff(request, slug)
    try:
        services.signing_key_rotate(issuer=issuer, by=request.user, destroy_old=request.POST.get("destroy") == "1")
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("A new signing key is in use. Credentials signed with the old key still "
                                    "verify."))
    return redirect("credentials:manage_issuer", issuer.slug)


def _skill_results(request: HttpRequest) -> list:
    query = request.GET.get("skill_q", "").strip()
    return esco.skill_search(query, limit=15) if query else []


@login_required
def achievement_create(request: HttpRequest, slug: str) -> HttpResponse:
    issuer = _issuer_for_staff(request, slug)
    if not can_manage_issuer(request.user, issuer):
        raise Http404
    form = AchievementForm(request.POST or None, issuer=issuer)
    if request.method == "POST" and form.is_valid():
        data, opportunities = form.service_data()
        try:
            achievement = services.achievement_create(issuer=issuer, by=request.user, opportunities=opportunities,
                                                      **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Achievement saved."))
            return redirect("credentials:manage_achievement", achievement.uuid)
    return render(request, "credentials/manage/achievement_form.html", {
        "issuer": issuer, "form": form, "skill_results": _skill_results(request),
        "skill_q": request.GET.get("skill_q", "")})


@login_required
def achievement_manage(request: HttpRequest, uuid) -> HttpResponse:
    achievement = _achievement_for_staff(request, uuid)
    issuer = achievement.issuer
    can_manage = can_manage_issuer(request.user, issuer)
    initial = {f: getattr(achievement, f) for f in ("name", "description", "criteria", "achievement_type", "colour",
                                                     "image_alt", "isced_fields", "is_active")}
    initial["skills"] = "\n".join(achievement.skills)
    initial["opportunities"] = list(achievement.opportunities.all())
    form = AchievementForm(request.POST or None, issuer=issuer, initial=initial)
    if request.method == "POST" and can_manage and form.is_valid():
        data, opportunities = form.service_data()
        try:
            services.achievement_update(achievement=achievement, by=request.user, opportunities=opportunities,
                                        **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Achievement saved."))
            return redirect("credentials:manage_achievement", achievement.uuid)
    return render(request, "credentials/manage/achievement.html", {
        "issuer": issuer, "achievement": achievement, "form": form, "can_manage": can_manage,
        "award_form": AwardForm(), "rule_form": RuleForm(), "rules": achievement.rules.all(),
        "skill_results": _skill_results(request), "skill_q": request.GET.get("skill_q", ""),
    })


@login_required
def achievement_award(request: HttpRequest, uuid) -> HttpResponse:
    """Issue by hand to one or more people (by email)."""
    achievement = _achievement_for_staff(request, uuid)
    form = AwardForm(request.POST or None, initial={"emails": request.GET.get("email", "")})
    if request.method == "POST" and form.is_valid():
        issued, problems = 0, []
        for email in form.emails_list():
            user = User.objects.filter(email__iexact=email).first()
            if user is None:
                problems.append(_("%(email)s has no account here.") % {"email": email})
                continue
            try:
                services.credential_issue(achievement=achievement, recipient=user, by=request.user,
                                          valid_until=form.cleaned_data.get("valid_until"))
                issued += 1
            except ValidationError as exc:
                problems.append(f"{email}: {' '.join(exc.messages)}")
        if issued:
            messages.success(request, _("%(n)s credential(s) issued. They are in the learners' passports now.")
                             % {"n": issued})
        for problem in problems:
            messages.error(request, problem)
        if not problems:
            return redirect("credentials:manage_achievement", achievement.uuid)
    return render(request, "credentials/manage/award.html", {"achievement": achievement, "form": form,
                                                             "issuer": achievement.issuer})


@login_required
@require_POST
def rule_create(request: HttpRequest, uuid) -> HttpResponse:
    achievement = _achievement_for_staff(request, uuid)
    form = RuleForm(request.POST)
    if form.is_valid():
        try:
            services.award_rule_create(achievement=achievement, by=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("Rule added."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("credentials:manage_achievement", achievement.uuid)


@login_required
@require_POST
def rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(AwardRule.objects.select_related("achievement__issuer"), pk=pk)
    if not can_issue_for(request.user, rule.achievement.issuer):
        raise Http404
    try:
        services.award_rule_delete(rule=rule, by=request.user)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    return redirect("credentials:manage_achievement", rule.achievement.uuid)


@login_required
@require_POST
def credential_revoke(request: HttpRequest, uuid) -> HttpResponse:
    credential = IssuedCredential.objects.select_related("issuer").filter(uuid=uuid).first()
    if credential is None or not can_issue_for(request.user, credential.issuer):
        raise Http404(_("No such credential among yours."))
    try:
        services.credential_revoke(credential=credential, by=request.user, reason=request.POST.get("reason", ""))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("Revoked. Anyone checking it from now on is told so."))
    return redirect("credentials:manage_issuer", credential.issuer.slug)
