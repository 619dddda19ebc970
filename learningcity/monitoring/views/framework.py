"""The UNESCO framework page (areas, indicators, normalised scores, trends) and the external statistics form."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from learningcity.core.forms import apply_service_errors
from learningcity.monitoring import framework, labels, selectors, services
from learningcity.monitoring.models import ExternalStatistic
from learningcity.monitoring.permissions import city_office_required
from learningcity.monitoring.views.common import area_names, fmt, latest


def _ko() -> bool:
    return (get_language() or "ko").startswith("ko")


@city_office_required
def framework_page(request: HttpRequest) -> HttpResponse:
    snapshot, parts = latest(["framework"])
    if snapshot is None:
        return render(request, "monitoring/empty.html", {})
    meta = parts["meta"]
    names = area_names(meta)
    city = next(iter(names))
    method = request.GET.get("method") if request.GET.get("method") in framework.METHODS else "minmax"
    data = parts["framework"][method]
    groups = {g["id"]: (g["name_ko"] if _ko() else g["name_en"]) for g in framework.config()["groups"]}
    areas = []
    for a in data["areas"]:
        areas.append({
            "id": a["id"], "group": groups[a["group"]], "name": a["name_ko"] if _ko() else a["name_en"],
            "features": a["features_ko"] if _ko() else a["features_en"], "score": fmt(a["score"].get(city)),
            "indicators": [{"code": i["code"], "name": labels.metric(i["code"]), "kind": i["kind"],
                            "raw": fmt(i["raw"].get(city), 2), "score": fmt(i["score"].get(city)),
                            "target": i["target"]} for i in a["indicators"]],
        })
    district_scores = [{"name": names.get(code, code), "overall": fmt(score),
                        "areas": [fmt(a["score"].get(code)) for a in data["areas"]]}
                       for code, score in data["overall"].items() if code != city]
    district_scores.sort(key=lambda r: r["name"])
    trend = [{"date": s.reference_date, "computed": s.computed_at, "overall": fmt(p[method]["overall"].get(city)),
              "areas": [fmt(a["score"].get(city)) for a in p[method]["areas"]]}
             for s, p in selectors.trend(key="framework")]
    return render(request, "monitoring/framework.html", {
        "snapshot": snapshot, "meta": meta, "method": method, "areas": areas,
        "overall": fmt(data["overall"].get(city)), "area_ids": [a["id"] for a in data["areas"]],
        "district_scores": district_scores, "trend": trend,
    })


class ExternalStatisticForm(forms.Form):
    indicator = forms.ChoiceField(label=gettext_lazy("Indicator"))
    area_code = forms.ChoiceField(label=gettext_lazy("Area"))
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=1900, max_value=2100)
    value = forms.FloatField(label=gettext_lazy("Value"))
    source = forms.CharField(label=gettext_lazy("Source"), max_length=300,
                             help_text=gettext_lazy("Publisher, table and date, so others can check the figure."))
    note = forms.CharField(label=gettext_lazy("Note"), max_length=300, required=False)

    def __init__(self, *args, areas: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [
            (code, f"{code}: {(i['name_ko'] if _ko() else i['name_en'])}" + (f" ({i['unit']})" if i["unit"] else ""))
            for code, i in framework.external_indicators().items()]
        self.fields["area_code"].choices = list(areas.items())


def _areas() -> dict[str, str]:
    from learningcity.core.selectors import city_area_code, district_list

    out = {city_area_code() or "": _("Whole city")}
    out.update({d.code: (d.name_ko if _ko() else d.name_en) for d in district_list()})
    return out


@city_office_required
def statistics(request: HttpRequest) -> HttpResponse:
    areas = _areas()
    form = ExternalStatisticForm(request.POST or None, areas=areas)
    if request.method == "POST" and form.is_valid():
        try:
            services.external_statistic_save(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Statistic saved. It counts in the scores from the next recomputation."))
            return redirect("monitoring:statistics")
    rows = [{"obj": s, "indicator": labels.metric(s.indicator), "area": areas.get(s.area_code, s.area_code)}
            for s in selectors.external_statistic_list()]
    return render(request, "monitoring/statistics.html", {"form": form, "rows": rows},
                  status=400 if request.method == "POST" else 200)


@city_office_required
@require_POST
def statistic_delete(request: HttpRequest, pk: int) -> HttpResponse:
    services.external_statistic_delete(by=request.user, statistic=get_object_or_404(ExternalStatistic, pk=pk))
    messages.success(request, _("Statistic removed."))
    return redirect("monitoring:statistics")
