"""The printable progress report (HTML, and PDF rendered by WeasyPrint from the same template), downloads
for the city office, and the public open-data page."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from learningcity.core.selectors import district_list
from learningcity.monitoring import charts, downloads, labels, selectors
from learningcity.monitoring.permissions import city_office_required
from learningcity.monitoring.views.access import _name
from learningcity.monitoring.views.common import area_names, fmt, latest

REPORT_METRICS = ("population", "seats_per_1000", "venues_per_10000", "participation_rate", "completion_rate",
                  "recognition_rate", "stale_share")


def _report_context() -> dict | None:
    snapshot, parts = latest(["summary", "access", "framework", "equity"])
    if snapshot is None:
        return None
    meta, summary, access = parts["meta"], parts["summary"], parts["access"]
    names = area_names(meta)
    city = next(iter(names))
    ko = (get_language() or "ko").startswith("ko")
    features = [{"geometry": d.boundary, "properties": {"code": d.code, "name": d.name_ko if ko else d.name_en}}
                for d in district_list()]
    district_access = {code: v.get("all") for code, v in access["districts"].items()}
    threshold = access["desert_threshold"].get("all") or 0
    low = {c for c, v in district_access.items() if v is not None and v < threshold}
    framework_data = parts["framework"]["minmax"]
    area_rows = [(f'{a["id"]} {a["name_ko"] if ko else a["name_en"]}', a["score"].get(city))
                 for a in framework_data["areas"]]
    by_code = {n["code"]: n for n in access["neighbourhoods"]}
    deserts = [{"name": _name(by_code[c]), "district": names.get(by_code[c]["district_code"], ""),
                "value": fmt(by_code[c]["access"].get("all"), 2), "population": by_code[c]["population"].get("all")}
               for c in access["deserts"].get("all", [])[:15]]
    return {
        "snapshot": snapshot, "meta": meta, "city_name": names[city],
        "headline": [(labels.metric(m), fmt(summary.get(city, {}).get(m))) for m in REPORT_METRICS],
        "columns": [labels.metric(m) for m in REPORT_METRICS] + [labels.metric("access_runs")],
        "districts": [{"name": names.get(c, c), "values": [fmt(summary.get(c, {}).get(m), 0 if m == "population" else 1)
                                                            for m in REPORT_METRICS]
                       + [fmt(district_access.get(c), 2)]} for c in names if c != city],
        "access_map": charts.choropleth(features, district_access, low_codes=low,
                                        title=_("Access to course seats by district (2SFCA, per 1,000); hatched: below half the city average")),
        "low_names": [names.get(c, c) for c in sorted(low, key=lambda c: district_access[c])],
        "area_chart": charts.score_bars(area_rows, title=_("Key Features area scores, city (0–100)")),
        "area_rows": [(n, fmt(v)) for n, v in area_rows], "overall": fmt(framework_data["overall"].get(city)),
        "deserts": deserts, "desert_total": len(access["deserts"].get("all", [])),
        "catchment": access["catchment_km"],
        "equity": [(labels.metric(m), fmt(e.get("spread"), 2), fmt(e.get("concentration_index"), 3))
                   for m, e in parts["equity"].items()],
    }


@city_office_required
def report(request: HttpRequest) -> HttpResponse:
    context = _report_context()
    if context is None:
        return render(request, "monitoring/empty.html", {})
    return render(request, "monitoring/report.html", {**context, "pdf": False})


@city_office_required
def report_pdf(request: HttpRequest) -> HttpResponse:
    from weasyprint import CSS, HTML

    context = _report_context()
    if context is None:
        raise Http404("No indicators have been computed yet.")
    html = render_to_string("monitoring/report.html", {**context, "pdf": True}, request=request)
    css = [CSS(filename=finders.find(path)) for path in ("core/site.css", "monitoring/report.css")]
    pdf = HTML(string=html, base_url=settings.BASE_URL).write_pdf(stylesheets=css)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="learning-city-report-{context["snapshot"].reference_date}.pdf"'
    return response


@city_office_required
def download(request: HttpRequest, what: str, fmt_name: str) -> HttpResponse:
    if fmt_name not in ("csv", "json") or what not in ("indicators", "access"):
        raise Http404("Choose indicators or access, as csv or json.")
    snapshot = selectors.snapshot_latest()
    if snapshot is None:
        raise Http404("No indicators have been computed yet.")
    if what == "access":
        rows = downloads.access_table(selectors.snapshot_part(snapshot=snapshot, key="access"))
    else:
        meta = selectors.snapshot_part(snapshot=snapshot, key="meta")
        areas = [next(iter(area_names(meta))), *[d["code"] for d in meta["districts"]]]
        parts = selectors.snapshot_parts(snapshot=snapshot, keys=[f"cube:{a}" for a in areas])
        rows = downloads.cube_table(parts, areas)
    name = f"learning-city-{what}-{snapshot.reference_date}"
    if fmt_name == "csv":
        response = HttpResponse(downloads.to_csv(rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(json.dumps({"snapshot": snapshot.pk, "rows": rows}, ensure_ascii=False),
                                content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt_name}"'
    return response


def open_data(request: HttpRequest) -> HttpResponse:
    snapshot = selectors.snapshot_latest()
    return render(request, "monitoring/open_data.html", {"snapshot": snapshot, "k": settings.SUPPRESSION_K})
