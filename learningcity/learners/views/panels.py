"""Panels the enrolment side adds to catalogue pages (registered in `wiring.enrolments`): enrol on a run,
reviews of a run or opportunity, and the roster link on the staff's run page. Browsing never needs an account:
an anonymous visitor sees the places and a sign-in link."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from learningcity.core.permissions import is_city_office, is_signed_in
from learningcity.learners.selectors import enrolments as enrolment_selectors
from learningcity.learners.services.enrolments import is_run_staff


def run_state(request, run) -> dict:
    """What a visitor can do on this run now: seats, their own enrolment and why they cannot enrol."""
    now = timezone.now()
    own = enrolment_selectors.live_enrolment(user=request.user, run=run)
    left = enrolment_selectors.seats_left(run=run)
    if run.is_cancelled:
        closed = "cancelled"
    elif run.end_date < timezone.localdate(now):
        closed = "ended"
    elif run.enrolment_opens and now < run.enrolment_opens:
        closed = "not_open"
    elif not run.enrolment_is_open(now):
        closed = "closed"
    else:
        closed = ""
    return {
        "run": run, "seats_left": left, "full": left == 0, "waiting": enrolment_selectors.waiting_count(run=run),
        "own": own, "position": enrolment_selectors.waiting_position(enrolment=own) if own else None,
        "closed": closed, "signed_in": is_signed_in(request.user),
    }


def _login_url(request) -> str:
    return reverse("core:login") + "?" + urlencode({"next": request.get_full_path()})


def run_enrol_panel(request, run) -> dict | None:
    if not run.is_public and not is_run_staff(request.user, run):
        return None
    context = run_state(request, run)
    context.update({"login_url": _login_url(request), "is_staff": is_run_staff(request.user, run),
                    "next": request.get_full_path()})
    return {"template": "learners/enrol_panel.html", "context": context}


def opportunity_enrol_panel(request, opportunity) -> dict | None:
    runs = [r for r in opportunity.public_runs if r.end_date >= timezone.localdate()]
    if not runs:
        return None
    return {"template": "learners/enrol_opportunity_panel.html", "context": {
        "rows": [run_state(request, r) for r in runs], "login_url": _login_url(request),
        "signed_in": is_signed_in(request.user), "next": request.get_full_path()}}


def _reviews(request, qs, *, limit: int = 20) -> dict | None:
    summary = enrolment_selectors.review_summary(qs)
    if not summary["count"]:
        return None
    return {"template": "learners/review_panel.html", "context": {
        "summary": summary, "reviews": list(qs[:limit]), "more": summary["count"] > limit,
        "can_hide": is_city_office(request.user), "next": request.get_full_path()}}


def run_reviews_panel(request, run) -> dict | None:
    return _reviews(request, enrolment_selectors.visible_reviews(run=run))


def opportunity_reviews_panel(request, opportunity) -> dict | None:
    return _reviews(request, enrolment_selectors.visible_reviews(opportunity_id=opportunity.pk))


def manage_run_panel(request, run) -> dict | None:
    if not is_run_staff(request.user, run):
        return None
    return {"template": "learners/roster_link.html", "context": {
        "run": run, "taken": enrolment_selectors.seats_taken(run=run),
        "waiting": enrolment_selectors.waiting_count(run=run)}}


