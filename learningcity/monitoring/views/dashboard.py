"""The dashboard: indicators for the city or one district, by age band and sex, with districts compared."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from learningcity.core.charts import bar_chart
from learningcity.core.demography import AGE_BANDS
from learningcity.monitoring import labels, services
from learningcity.monitoring.permissions import city_office_required
from learningcity.monitoring.views.common import area_names, fmt

BAND_COLUMNS = ("population", "seats_per_1000", "seat_hours_per_1000", "runs_per_1000", "participation_rate",
                "enrolments_per_1000", "completion_rate", "active_rate", "recognition_rate")
SEX_COLUMNS = ("participation_rate", "enrolments_per_1000", "completion_rate", "active_rate")
DISTRICT_COLUMNS = ("population", "venues_per_10000", "seats_per_1000", "participation_rate", "completion_rate",
                    "active_rate", "recognition_rate", "stale_share")


CACHE_SECONDS = 24 * 3600


@city_office_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The rendered tables depend only on the snapshot, area, sex and language, so they are rendered once and
    kept in the shared cache (every server process sees it); a new snapshot has a new key."""
    from learningcity.monitoring import selectors

    snapshot = selectors.snapshot_latest()
    if snapshot is None:
        return render(request, "monitoring/empty.html", {})
    area = request.GET.get("area") or ""
    sex = request.GET.get("sex") if request.GET.get("sex") in ("M", "F") else "all"
    key = (f"monitoring:dashboard:{snapshot.pk}:{snapshot.computed_at.timestamp():.0f}:{area[:12]}:{sex}:"
           f"{get_language()}")
    body = cache.get(key)
    if body is None:
        body = render_to_string("monitoring/_dashboard_body.html", _dashboard_context(snapshot, area, sex),
                                request=request)
        cache.set(key, body, CACHE_SECONDS)
    return render(request, "monitoring/dashboard.html", {"body": mark_safe(body), "snapshot": snapshot})


def _dashboard_context(snapshot, area: str, sex: str) -> dict:
    from learningcity.monitoring import selectors

    parts = selectors.snapshot_parts(snapshot=snapshot, keys=["meta", "summary", "equity", "series",
                                                              "access_summary"])
    meta = parts["meta"]
    names = area_names(meta)
    city_code = next(iter(names))
    if area not in names:
        area = city_code
    cube = selectors.snapshot_part(snapshot=snapshot, key=f"cube:{area}") or {}
    summary = parts["summary"]
    headline = summary.get(area, {})
    band_rows = []
    for band in [*AGE_BANDS, "all"]:
        cell = cube.get(band, {}).get(sex, {})
        supply = cube.get(band, {}).get("all", {})
        row = [fmt(cell.get("population"), 0)]
        for col in BAND_COLUMNS[1:]:
            source = supply if col in ("seats_per_1000", "seat_hours_per_1000", "runs_per_1000") else cell
            row.append(fmt(source.get(col)))
        band_rows.append({"band": band if band != "all" else _("All ages"), "values": row, "total": band == "all"})
    sex_rows = [{"sex": labels.SEXES[s], "values": [fmt(cube.get("all", {}).get(s, {}).get(c)) for c in SEX_COLUMNS]}
                for s in ("F", "M", "all")]
    access = parts["access_summary"]
    district_rows = []
    for code, name in names.items():
        metrics = summary.get(code, {})
        district_rows.append({
            "code": code, "name": name, "is_city": code == city_code,
            "values": [fmt(metrics.get(c), 0 if c == "population" else 1) for c in DISTRICT_COLUMNS]
            + [fmt((access["city"] if code == city_code else access["districts"].get(code, {})).get("all"), 2)],
        })
    chart_rows = [(r["name"], summary.get(r["code"], {}).get("seats_per_1000") or 0)
                  for r in district_rows if not r["is_city"]]
    chart_rows.sort(key=lambda r: -r[1])
    equity = parts["equity"]
    equity_rows = [{"metric": labels.metric(m), "city": fmt(e.get("city"), 2), "spread": fmt(e.get("spread"), 2),
                    "ci": fmt(e.get("concentration_index"), 3), "ci_bs": fmt(e.get("concentration_index_bands_sexes"), 3)}
                   for m, e in equity.items()]
    series = [r for r in parts["series"] if r["area"] == area]
    mix = cube.get("all", {}).get(sex, {})
    return {
        "snapshot": snapshot, "meta": meta, "names": names, "area": area, "area_name": names[area], "sex": sex,
        "sexes": labels.SEXES, "headline": {k: fmt(v) for k, v in headline.items()},
        "band_columns": [labels.metric(c) for c in BAND_COLUMNS], "band_rows": band_rows,
        "sex_columns": [labels.metric(c) for c in SEX_COLUMNS], "sex_rows": sex_rows,
        "district_columns": [labels.metric(c) for c in DISTRICT_COLUMNS] + [labels.metric("access_runs")],
        "district_rows": district_rows, "equity_rows": equity_rows,
        "seats_chart": bar_chart(chart_rows, title=_("Course seats per 1,000 inhabitants, by district")),
        "chart_rows": [(n, fmt(v)) for n, v in chart_rows],
        "series": [{"month": r["month"], "statements": fmt(r["statements"], 0),
                    "active": fmt(r["active_learners"], 0)} for r in series],
        "mix": [(labels.metric(m), fmt(mix.get(m))) for m in ("mix_formal", "mix_non_formal", "mix_informal")],
        "access": access, "city_code": city_code,
    }


@city_office_required
@require_POST
def recompute(request: HttpRequest) -> HttpResponse:
    snapshot = services.snapshot_create(by=request.user)
    messages.success(request, _("Indicators recomputed in %(s).1f s (snapshot %(n)s).")
                     % {"s": snapshot.duration_s, "n": snapshot.pk})
    return redirect("monitoring:dashboard")
