"""Exchange pages and feeds: the open-data page, RPDE feeds, calendars, CSV, the template, feed health."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from learningcity.catalogue import selectors as catalogue_selectors
from learningcity.catalogue.models import OpportunityRun, Topic
from learningcity.catalogue.permissions import provider_ids_of
from learningcity.catalogue.vocab import ACCESSIBILITY, LANGUAGES, TARGET_GROUPS
from learningcity.core.demography import LIFE_STAGES
from learningcity.core.models import District
from learningcity.core.permissions import is_city_office
from learningcity.core.problems import problem
from learningcity.exchange import selectors
from learningcity.exchange.calendars import resolve_personal_calendar
from learningcity.exchange.exporters import csv as csv_export
from learningcity.exchange.exporters.ical import runs_to_ical
from learningcity.exchange.exporters.rpde import FEEDS, LICENSE, PAGE_SIZE, feed_page
from learningcity.exchange.models import ImportRun
from learningcity.exchange.template import COLUMNS, template_csv

# A page with items may be cached for an hour: whatever changes later appears after its last item, on the page
# its `next` points to. The last page (empty, pointing to itself) is what harvesters poll: 8 seconds at most.
FULL_PAGE_MAX_AGE = 3600
LAST_PAGE_MAX_AGE = 8
EXPORT_LIMIT = 20_000


def _int_param(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name)
    if raw in (None, ""):
        return None
    if not raw.isdigit() or len(raw) > 18:
        raise ValueError(name)
    return int(raw)


@require_GET
def rpde_feed(request: HttpRequest, feed: str) -> HttpResponse:
    """An RPDE page: ?afterTimestamp=<microseconds>&afterId=<id> (both, or neither for the first page)."""
    spec = FEEDS.get(feed)
    if spec is None:
        raise Http404
    try:
        after_timestamp, after_id = _int_param(request, "afterTimestamp"), _int_param(request, "afterId")
        limit = _int_param(request, "limit") or PAGE_SIZE
    except ValueError as exc:
        return problem(400, "Invalid feed parameter.", f"{exc} must be a whole number (RPDE "
                       "afterTimestamp is microseconds since 1970, afterId a record id).", kind="validation")
    if (after_timestamp is None) != (after_id is None):
        return problem(400, "Invalid feed parameters.", "Give afterTimestamp and afterId together (copy the "
                       "`next` URL of the previous page).", kind="validation")
    limit = max(1, min(limit, PAGE_SIZE))
    items = feed_page(spec, after_timestamp=after_timestamp, after_id=after_id, limit=limit)
    base = settings.BASE_URL + reverse("exchange:feed", args=[feed])
    extra = f"&limit={limit}" if limit != PAGE_SIZE else ""
    if items:
        last = items[-1]
        next_url = f"{base}?afterTimestamp={last['modified']}&afterId={last['id']}{extra}"
    elif after_timestamp is not None:
        next_url = f"{base}?afterTimestamp={after_timestamp}&afterId={after_id}{extra}"
    else:
        next_url = base + (f"?limit={limit}" if extra else "")
    response = JsonResponse({"next": next_url, "items": items, "license": LICENSE},
                            json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = f"public, max-age={FULL_PAGE_MAX_AGE if items else LAST_PAGE_MAX_AGE}"
    return response


def dataset(request: HttpRequest) -> HttpResponse:
    """The open-data page: what we publish, in which standards, under which licence (with DCAT JSON-LD)."""
    base = settings.BASE_URL
    feeds = [
        {"name": _("Learning opportunities (courses)"), "url": base + reverse("exchange:feed", args=["opportunities"]),
         "kind": "Course"},
        {"name": _("Runs (dated course instances)"), "url": base + reverse("exchange:feed", args=["runs"]),
         "kind": "CourseInstance"},
    ]
    catalog = {
        "@context": {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/"},
        "@type": "dcat:Catalog",
        "@id": base + reverse("exchange:dataset"),
        "dct:title": f"Learning City {settings.CITY_NAME}: open learning data",
        "dct:license": {"@id": LICENSE},
        "dcat:dataset": [{
            "@type": "dcat:Dataset",
            "dct:title": f["name"],
            "dct:license": {"@id": LICENSE},
            "dcat:distribution": [{"@type": "dcat:Distribution", "dcat:accessURL": {"@id": f["url"]},
                                   "dcat:mediaType": "application/json",
                                   "dct:conformsTo": {"@id": "https://openactive.io/realtime-paged-data-exchange/"}}],
        } for f in feeds] + [{
            "@type": "dcat:Dataset",
            "dct:title": "Search results as CSV",
            "dct:license": {"@id": LICENSE},
            "dcat:distribution": [{"@type": "dcat:Distribution",
                                   "dcat:accessURL": {"@id": base + reverse("exchange:opportunities-csv")},
                                   "dcat:mediaType": "text/csv"}],
        }],
    }
    return render(request, "exchange/dataset.html", {"feeds": feeds, "catalog": catalog, "license": LICENSE,
                                                     "page_size": PAGE_SIZE})


def topics_scheme(request: HttpRequest) -> HttpResponse:
    """The city's topics as a SKOS concept scheme: what the feeds' `activity` concepts point to."""
    base = settings.BASE_URL + reverse("exchange:topics")
    return JsonResponse({
        "@context": "https://openactive.io/", "@type": "ConceptScheme", "@id": base,
        "title": f"Learning City {settings.CITY_NAME} topics", "license": LICENSE,
        "concept": [{"@type": "Concept", "@id": f"{base}#{t.code}", "prefLabel": t.name_en,
                     "altLabel": [t.name_ko], "inScheme": base} for t in Topic.objects.order_by("code")],
    }, json_dumps_params={"ensure_ascii": False})


def template_page(request: HttpRequest) -> HttpResponse:
    return render(request, "exchange/template.html", {
        "columns": COLUMNS, "topics": Topic.objects.order_by("code"),
        "vocabularies": [(_("Target groups"), TARGET_GROUPS), (_("Accessibility"), ACCESSIBILITY),
                         (_("Languages"), LANGUAGES)],
    })


def template_download(request: HttpRequest) -> HttpResponse:
    response = HttpResponse("\ufeff" + template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="learningcity-template.csv"'
    return response


def _visible_run(request: HttpRequest, pk: int) -> OpportunityRun:
    run = get_object_or_404(OpportunityRun.objects.select_related(
        "opportunity", "opportunity__provider", "venue", "venue__district"), pk=pk)
    if not run.is_public and not (is_city_office(request.user) or
                                  run.opportunity.provider_id in provider_ids_of(request.user)):
        raise Http404(_("No such run."))
    return run


def run_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    run = _visible_run(request, pk)
    response = HttpResponse(runs_to_ical([run], name=run.opportunity.title), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="run-{run.pk}.ics"'
    return response


def personal_calendar(request: HttpRequest, token: str) -> HttpResponse:
    found = resolve_personal_calendar(token)
    if found is None:
        raise Http404
    response = HttpResponse(runs_to_ical(found.runs, name=found.title), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


def _stage_age(stage: str | None) -> int | None:
    # The same representative age the browse page uses for a life stage.
    for key, low, high in LIFE_STAGES:
        if key == stage:
            return (low + (high if high is not None else low + 10)) // 2
    return None


def opportunities_csv(request: HttpRequest) -> HttpResponse:
    """The browse page's results (same filters: district, topic, age_group, free) as CSV, one row per run."""
    district = request.GET.get("district") or None
    topic = request.GET.get("topic") or None
    if district and not District.objects.filter(slug=district).exists():
        district = None
    if topic and not Topic.objects.filter(code=topic).exists():
        topic = None
    opportunities = catalogue_selectors.opportunity_list(filters=catalogue_selectors.OpportunityFilters(
        district=district, topic=topic, age=_stage_age(request.GET.get("age_group")),
        free=True if request.GET.get("free") == "1" else None,
    ))
    runs = catalogue_selectors.public_runs().filter(opportunity__in=opportunities.values("pk"))
    if district:
        runs = runs.filter(venue__district__slug=district)
    runs = runs.prefetch_related("opportunity__topics").order_by("start_date", "id")[:EXPORT_LIMIT]
    response = StreamingHttpResponse(csv_export.iter_csv(runs),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="learning-opportunities.csv"'
    return response


def _office_only(request: HttpRequest):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not is_city_office(request.user):
        raise PermissionDenied(_("Feed health is for the city learning office."))
    return None


def health(request: HttpRequest) -> HttpResponse:
    refused = _office_only(request)
    if refused:
        return refused
    rows = selectors.provider_health(actor=request.user)
    page = Paginator(selectors.import_runs(actor=request.user), 20).get_page(request.GET.get("page"))
    return render(request, "exchange/health.html", {
        "rows": rows, "attention": sum(1 for r in rows if r.needs_attention), "page": page,
    })


def import_run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    refused = _office_only(request)
    if refused:
        return refused
    try:
        run = selectors.import_run_get(actor=request.user, pk=pk)
    except ImportRun.DoesNotExist:
        raise Http404
    return render(request, "exchange/import_run.html", {"run": run, "report": run.report})


def run_panel(request: HttpRequest, run: OpportunityRun) -> dict:
    """The run page's calendar link (registered with catalogue.extensions in ready())."""
    return {"template": "exchange/_run_calendar.html",
            "context": {"url": reverse("exchange:run-calendar", args=[run.pk])}}
