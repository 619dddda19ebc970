"""Pages for enrolling, the waiting list, a learner's enrolments, providers' rosters and reviews.

Thin: each POST calls one service (which checks permission and validates) and redirects back with a message.
Someone else's enrolment or another provider's roster answers 404 (not a hint that it exists).
"""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from learningcity.catalogue.models import OpportunityRun
from learningcity.catalogue.selectors import run_get_visible
from learningcity.core.forms import apply_service_errors
from learningcity.core.permissions import is_city_office
from learningcity.learners.models import Enrolment, Review
from learningcity.learners.selectors import enrolments as selectors
from learningcity.learners.services import attendance as attendance_services
from learningcity.learners.services import enrolments as services
from learningcity.learners.services import reviews as review_services
from learningcity.learners.views.enrolment_forms import ReplyForm, ReviewForm


def _back(request: HttpRequest, default: str) -> HttpResponse:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(default)


def _say_errors(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _staff_run(request: HttpRequest, pk: int) -> OpportunityRun:
    try:
        return selectors.run_for_staff(pk=pk, actor=request.user)
    except OpportunityRun.DoesNotExist:
        raise Http404(_("No such run among yours."))


def _enrolment_for_staff(request: HttpRequest, pk: int) -> Enrolment:
    enrolment = get_object_or_404(Enrolment.objects.select_related("run__opportunity__provider", "user"), pk=pk)
    if not selectors.can_see_roster(request.user, enrolment.run):
        raise Http404(_("No such enrolment among your runs."))
    return enrolment


# --- learners ------------------------------------------------------------------------------------------------

@login_required
@require_POST
def enrol(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        run = run_get_visible(pk=pk, actor=request.user)
    except OpportunityRun.DoesNotExist:
        raise Http404(_("No such run."))
    try:
        enrolment = services.enrolment_create(user=request.user, run=run, by=request.user)
    except ValidationError as exc:
        _say_errors(request, exc)
    else:
        if enrolment.status == Enrolment.Status.ENROLLED:
            messages.success(request, _("You are enrolled. See you there!"))
        else:
            position = selectors.waiting_position(enrolment=enrolment)
            messages.success(request, _("The run is full: you are on the waiting list, number %(position)d. We will "
                                        "e-mail you if a place comes free.") % {"position": position})
    return _back(request, reverse("catalogue:run", args=[pk]))


@login_required
@require_POST
def enrolment_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = get_object_or_404(Enrolment.objects.select_related("run__opportunity__provider"), pk=pk)
    if enrolment.user_id != request.user.pk and not selectors.can_see_roster(request.user, enrolment.run):
        raise Http404(_("No such enrolment."))
    try:
        services.enrolment_cancel(enrolment=enrolment, by=request.user)
    except ValidationError as exc:
        _say_errors(request, exc)
    else:
        messages.success(request, _("Cancelled. The place goes to the next person waiting, if there is one."))
    return _back(request, reverse("learners:my-enrolments"))


@login_required
def my_enrolments(request: HttpRequest) -> HttpResponse:
    enrolments = list(selectors.enrolments_of(user=request.user).select_related("review"))
    today = timezone.localdate()
    rows = []
    for e in enrolments:
        rows.append({"e": e, "position": selectors.waiting_position(enrolment=e),
                     "can_cancel": e.status in (Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED)
                     and e.run.end_date >= today,
                     "can_review": e.status == Enrolment.Status.COMPLETED and not hasattr(e, "review")})
    current = [r for r in rows if r["e"].status in (Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED)]
    past = [r for r in rows if r not in current]
    return render(request, "learners/enrol_mine.html", {"current": current, "past": past})


@login_required
def review_create(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        enrolment = selectors.enrolment_get_own(pk=pk, user=request.user)
    except Enrolment.DoesNotExist:
        raise Http404(_("No such enrolment."))
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review_services.review_create(enrolment=enrolment, rating=form.cleaned_data["rating"],
                                          text=form.cleaned_data["text"], by=request.user)
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "enrolment" in exc.error_dict:
                _say_errors(request, exc)
                return redirect("learners:my-enrolments")
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Thank you: your review is on the run's page."))
            return redirect("catalogue:run", pk=enrolment.run_id)
    return render(request, "learners/review_form.html", {"form": form, "enrolment": enrolment})


# --- provider staff --------------------------------------------------------------------------------------------

def _sessions(run: OpportunityRun, chosen: str | None):
    today = timezone.localdate()
    past = [d for d in run.session_dates() if d <= today]
    day = parse_date(chosen) if chosen else None
    if day not in past:
        day = past[-1] if past else None
    return past, day


@login_required
def roster(request: HttpRequest, pk: int) -> HttpResponse:
    run = _staff_run(request, pk)
    rows = selectors.roster(run=run, actor=request.user, include_cancelled=request.GET.get("cancelled") == "1")
    sessions, day = _sessions(run, request.GET.get("session"))
    seated = [r for r in rows if r.enrolment.status in Enrolment.SEAT_STATUSES]
    reviews = list(selectors.reviews_for_staff(run=run, actor=request.user))
    return render(request, "learners/roster.html", {
        "run": run, "o": run.opportunity, "rows": rows, "seated": seated, "sessions": sessions, "day": day,
        "attendance_rows": [{"e": r.enrolment, "present": bool(r.marks.get(day))} for r in seated] if day else [],
        "seats_left": selectors.seats_left(run=run), "waiting": sum(1 for r in rows if r.position),
        "session_count": len(run.session_dates()), "reviews": reviews, "reply_form": ReplyForm(),
        "can_hide": is_city_office(request.user), "started": run.start_date <= timezone.localdate(),
        "show_cancelled": request.GET.get("cancelled") == "1",
    })


@login_required
@require_POST
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    run = _staff_run(request, pk)
    day = parse_date(request.POST.get("session_date") or "")
    roster_url = reverse("learners:roster", args=[run.pk])
    seated = [r.enrolment.pk for r in selectors.roster(run=run, actor=request.user)
              if r.enrolment.status in Enrolment.SEAT_STATUSES]
    present = {pk: request.POST.get(f"present-{pk}") == "on" for pk in seated}
    try:
        attendance_services.attendance_record_session(run=run, session_date=day, present=present, by=request.user)
    except ValidationError as exc:
        _say_errors(request, exc)
        return redirect(roster_url)
    messages.success(request, _("Attendance saved for %(date)s.") % {"date": day.isoformat()})
    return redirect(f"{roster_url}?session={day.isoformat()}")


@login_required
@require_POST
def enrolment_complete(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment_for_staff(request, pk)
    completed = request.POST.get("completed") != "0"
    try:
        services.enrolment_complete(enrolment=enrolment, by=request.user, completed=completed)
    except ValidationError as exc:
        _say_errors(request, exc)
    else:
        name = selectors.person_label(enrolment)
        messages.success(request, (_("%(name)s completed the run.") if completed else
                                   _("%(name)s did not complete the run.")) % {"name": name})
    return redirect("learners:roster", pk=enrolment.run_id)


@login_required
def roster_csv(request: HttpRequest, pk: int) -> HttpResponse:
    run = _staff_run(request, pk)
    rows = selectors.roster(run=run, actor=request.user, include_cancelled=True)
    sessions = run.session_dates()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="roster-run-{run.pk}.csv"'
    response.write("\ufeff")  # spreadsheet programs then read the Korean names right
    writer = csv.writer(response)
    writer.writerow(["enrolment_id", "name", "email", "status", "waiting_position", "enrolled_at", "waitlisted_at",
                     "cancelled_at", "completed_at", "attended_hours", "sessions_present", "sessions_total",
                     "credential_issued"])
    for row in rows:
        e = row.enrolment
        writer.writerow([
            e.pk, selectors.person_label(e), e.user.email if e.user else "", e.status, row.position or "",
            _iso(e.enrolled_at), _iso(e.waitlisted_at), _iso(e.cancelled_at), _iso(e.completed_at), e.attended_hours,
            sum(1 for present in row.marks.values() if present), len(sessions), "yes" if e.credential_issued else "no",
        ])
    return response


def _iso(value) -> str:
    return timezone.localtime(value).isoformat(timespec="minutes") if value else ""


@login_required
@require_POST
def review_reply(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(Review.objects.select_related("enrolment__run__opportunity__provider"), pk=pk)
    run = review.enrolment.run
    if not selectors.can_see_roster(request.user, run):
        raise Http404(_("No such review among your runs."))
    try:
        review_services.review_reply(review=review, text=request.POST.get("reply", ""), by=request.user)
    except ValidationError as exc:
        _say_errors(request, exc)
    else:
        messages.success(request, _("Your answer is published under the review."))
    return redirect("learners:roster", pk=run.pk)


@login_required
@require_POST
def review_hide(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(Review.objects.select_related("enrolment__run__opportunity"), pk=pk)
    if not is_city_office(request.user):
        raise PermissionDenied(_("Only the city office can hide reviews."))
    try:
        review_services.review_hide(review=review, reason=request.POST.get("reason", ""), by=request.user)
    except ValidationError as exc:
        _say_errors(request, exc)
    else:
        messages.success(request, _("The review is hidden from the public."))
    return _back(request, reverse("catalogue:run", args=[review.enrolment.run_id]))


urlpatterns = [
    path("enrolments/", my_enrolments, name="my-enrolments"),
    path("enrolments/runs/<int:pk>/enrol/", enrol, name="enrol"),
    path("enrolments/<int:pk>/cancel/", enrolment_cancel, name="enrolment-cancel"),
    path("enrolments/<int:pk>/review/", review_create, name="review-create"),
    path("enrolments/<int:pk>/complete/", enrolment_complete, name="enrolment-complete"),
    path("enrolments/runs/<int:pk>/roster/", roster, name="roster"),
    path("enrolments/runs/<int:pk>/roster.csv", roster_csv, name="roster-csv"),
    path("enrolments/runs/<int:pk>/attendance/", attendance, name="attendance"),
    path("enrolments/reviews/<int:pk>/reply/", review_reply, name="review-reply"),
    path("enrolments/reviews/<int:pk>/hide/", review_hide, name="review-hide"),
]
