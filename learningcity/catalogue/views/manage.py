"""Provider staff pages: their providers, opportunities and runs; create, edit, publish, archive.

Every change calls a catalogue service, which checks that the person works for the provider; the views
only decide what to show. Someone else's records answer 404, not a form.
"""

from __future__ import annotations

from typing import Any, Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from learningcity.catalogue import selectors, services
from learningcity.catalogue.extensions import panels_for
from learningcity.catalogue.forms import OpportunityForm, RunForm, VenueForm, apply_service_errors
from learningcity.catalogue.models import Opportunity, OpportunityRun, Provider, Venue
from learningcity.catalogue.permissions import can_edit_provider_records


def _own_provider(request: HttpRequest, slug: str) -> Provider:
    provider = get_object_or_404(Provider, slug=slug)
    if not can_edit_provider_records(request.user, provider):
        raise Http404(_("No such provider among yours."))
    return provider


def _own_opportunity(request: HttpRequest, pk: int) -> Opportunity:
    o = get_object_or_404(Opportunity.objects.select_related("provider"), pk=pk)
    if not can_edit_provider_records(request.user, o.provider):
        raise Http404(_("No such opportunity among yours."))
    return o


def _own_run(request: HttpRequest, pk: int) -> OpportunityRun:
    run = get_object_or_404(OpportunityRun.objects.select_related("opportunity", "opportunity__provider"), pk=pk)
    if not can_edit_provider_records(request.user, run.opportunity.provider):
        raise Http404(_("No such run among yours."))
    return run


def _own_venue(request: HttpRequest, pk: int) -> Venue:
    venue = get_object_or_404(Venue.objects.select_related("provider", "district"), pk=pk)
    if venue.provider is None or not can_edit_provider_records(request.user, venue.provider):
        raise Http404(_("No such venue among yours."))
    return venue


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    providers = selectors.providers_of(actor=request.user)
    if len(providers) == 1:
        return redirect("catalogue:manage-provider", slug=providers[0].slug)
    return render(request, "catalogue/manage/dashboard.html", {"providers": providers})


@login_required
def provider_home(request: HttpRequest, slug: str) -> HttpResponse:
    provider = _own_provider(request, slug)
    status = request.GET.get("status") or None
    opportunities = selectors.opportunity_list_for_staff(actor=request.user, provider=provider)
    if status:
        opportunities = opportunities.filter(status=status)
    return render(request, "catalogue/manage/provider.html", {
        "provider": provider, "page": Paginator(opportunities, 50).get_page(request.GET.get("page")),
        "selected_status": status, "venues": selectors.venue_list().filter(provider=provider),
    })


def _save(request: HttpRequest, form, save: Callable[[], Any], message: str) -> Any:
    """Call `save()` (one service) when the posted form is valid. A service's ValidationError goes back onto the
    form's fields, so the person sees each problem next to its field; returns the saved object or None."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = save()
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return None
    messages.success(request, message)
    return saved


@login_required
def opportunity_create(request: HttpRequest, slug: str) -> HttpResponse:
    provider = _own_provider(request, slug)
    form = OpportunityForm(request.POST or None, initial={"kind": "course", "setting": "non_formal",
                                                          "delivery_mode": "in_person", "is_free": True,
                                                          "languages": ["ko"]})

    def save():
        data, topics = form.service_data()
        return services.opportunity_create(provider=provider, by=request.user, topics=topics, **data)

    if o := _save(request, form, save, _("Draft saved. Add a run, then publish.")):
        return redirect("catalogue:manage-opportunity", pk=o.pk)
    return render(request, "catalogue/manage/opportunity_form.html", {"form": form, "provider": provider})


@login_required
def opportunity_manage(request: HttpRequest, pk: int) -> HttpResponse:
    o = _own_opportunity(request, pk)
    form = OpportunityForm(request.POST or None, initial=OpportunityForm.initial_from(o))

    def save():
        data, topics = form.service_data()
        return services.opportunity_update(opportunity=o, by=request.user, topics=topics, **data)

    if _save(request, form, save, _("Changes saved.")):
        return redirect("catalogue:manage-opportunity", pk=o.pk)
    return render(request, "catalogue/manage/opportunity_form.html", {
        "form": form, "provider": o.provider, "o": o,
        "runs": selectors.runs_for_staff(actor=request.user, opportunity=o),
    })


@login_required
@require_POST
def opportunity_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    o = _own_opportunity(request, pk)
    actions = {"publish": services.opportunity_publish, "archive": services.opportunity_archive}
    if action not in actions:
        raise Http404
    try:
        actions[action](opportunity=o, by=request.user)
    except ValidationError as exc:
        failed = _("Could not publish: %(reason)s") if action == "publish" else _("Could not archive: %(reason)s")
        messages.error(request, failed % {"reason": " ".join(exc.messages)})
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Published.") if action == "publish" else _("Archived."))
    return redirect("catalogue:manage-opportunity", pk=o.pk)


@login_required
def run_create(request: HttpRequest, pk: int) -> HttpResponse:
    o = _own_opportunity(request, pk)
    form = RunForm(request.POST or None, provider=o.provider)
    if _save(request, form, lambda: services.run_create(opportunity=o, by=request.user, **form.service_data()),
             _("Run saved as a draft. Publish it when it is ready.")):
        return redirect("catalogue:manage-opportunity", pk=o.pk)
    return render(request, "catalogue/manage/run_form.html", {"form": form, "o": o})


@login_required
def run_manage(request: HttpRequest, pk: int) -> HttpResponse:
    run = _own_run(request, pk)
    form = RunForm(request.POST or None, provider=run.opportunity.provider, initial=RunForm.initial_from(run))
    if _save(request, form, lambda: services.run_update(run=run, by=request.user, **form.service_data()),
             _("Changes saved.")):
        return redirect("catalogue:manage-opportunity", pk=run.opportunity_id)
    return render(request, "catalogue/manage/run_form.html", {"form": form, "o": run.opportunity, "run": run,
                                                              "panels": panels_for("manage-run", request, run)})


@login_required
@require_POST
def run_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    run = _own_run(request, pk)
    actions = {"publish": services.run_publish, "archive": services.run_archive, "cancel": services.run_cancel}
    if action not in actions:
        raise Http404
    try:
        actions[action](run=run, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, {"publish": _("Run published."), "archive": _("Run archived."),
                                   "cancel": _("Run cancelled.")}[action])
    return redirect("catalogue:manage-opportunity", pk=run.opportunity_id)


@login_required
def venue_create(request: HttpRequest, slug: str) -> HttpResponse:
    provider = _own_provider(request, slug)
    form = VenueForm(request.POST or None, initial={"district": provider.district})
    if venue := _save(request, form, lambda: services.venue_create(by=request.user, provider=provider,
                                                                    **form.service_data()), _("Venue saved.")):
        return redirect("catalogue:manage-venue", pk=venue.pk)
    return render(request, "catalogue/manage/venue_form.html", {"form": form, "provider": provider})


@login_required
def venue_manage(request: HttpRequest, pk: int) -> HttpResponse:
    venue = _own_venue(request, pk)
    form = VenueForm(request.POST or None, initial=VenueForm.initial_from(venue))
    if _save(request, form, lambda: services.venue_update(venue=venue, by=request.user,
                                                           **form.service_data(venue=venue)), _("Changes saved.")):
        return redirect("catalogue:manage-venue", pk=venue.pk)
    return render(request, "catalogue/manage/venue_form.html", {"form": form, "provider": venue.provider,
                                                                "venue": venue})
