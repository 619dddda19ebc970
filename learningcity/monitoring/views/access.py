"""The access map (2SFCA choropleth with its text alternative and learning deserts) and what-if planning."""

from __future__ import annotations

import json
import math

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from learningcity.monitoring import access as access_mod
from learningcity.monitoring import labels
from learningcity.monitoring.permissions import city_office_required
from learningcity.monitoring.views.common import area_names, fmt, latest

CLASSES = 5


def _name(n: dict) -> str:
    return n["name_ko"] if (get_language() or "ko").startswith("ko") or not n.get("name_en") else n["name_en"]


def breaks(values: list[float]) -> list[float]:
    """Upper bounds of (up to) 5 quantile classes over the positive values; 0 is its own class, "no access"."""
    positive = sorted(v for v in values if v > 0)
    n = len(positive)
    return sorted({positive[max(0, math.ceil(n * i / CLASSES) - 1)] for i in range(1, CLASSES + 1)}) if n else []


def class_of(value: float, bounds: list[float]) -> int:
    if value <= 0:
        return 0
    for i, bound in enumerate(bounds, start=1):
        if value <= bound:
            return i
    return len(bounds)


def _measure(request: HttpRequest, access: dict) -> str:
    measure = request.GET.get("measure") or "all"
    return measure if measure in access["measures"] else "all"


@city_office_required
def access_map(request: HttpRequest) -> HttpResponse:
    snapshot, parts = latest(["access"])
    if snapshot is None:
        return render(request, "monitoring/empty.html", {})
    access, meta = parts["access"], parts["meta"]
    measure = _measure(request, access)
    names = area_names(meta)
    hoods = access["neighbourhoods"]
    values = {n["code"]: n["access"].get(measure, 0.0) for n in hoods}
    bounds = breaks(list(values.values()))
    desert_codes = access["deserts"].get(measure, [])
    desert_set = set(desert_codes)
    by_code = {n["code"]: n for n in hoods}
    rows = [{"code": n["code"], "name": _name(n), "district": names.get(n["district_code"], ""),
             "population": n["population"].get(measure if measure != "venues" else "all", 0),
             "value": fmt(values[n["code"]], 2), "class": class_of(values[n["code"]], bounds),
             "desert": n["code"] in desert_set, "approximate": n["approximate"]}
            for n in sorted(hoods, key=lambda n: (values[n["code"]], n["code"]))]
    legend = []
    low = 0.0
    for i, bound in enumerate(bounds, start=1):
        legend.append({"cls": i, "label": f"{fmt(low, 2)} – {fmt(bound, 2)}"})
        low = bound
    district_rows = [{"name": names.get(code, code), "value": fmt(v.get(measure), 2)}
                     for code, v in sorted(access["districts"].items(), key=lambda kv: (kv[1].get(measure) or 0))]
    deserts = [{"name": _name(by_code[c]), "district": names.get(by_code[c]["district_code"], ""),
                "value": fmt(values[c], 2),
                "population": by_code[c]["population"].get(measure if measure != "venues" else "all", 0)}
               for c in desert_codes]
    map_data = {"values": values, "classes": {c: class_of(v, bounds) for c, v in values.items()},
                "deserts": desert_codes, "measure": measure,
                "districts": {code: v.get(measure) for code, v in access["districts"].items()}}
    return render(request, "monitoring/access.html", {
        "snapshot": snapshot, "meta": meta, "access": access, "measure": measure,
        "measure_label": labels.measure(measure),
        "measures": [(m, labels.measure(m)) for m in access["measures"]],
        "rows": rows, "legend": legend, "district_rows": district_rows, "deserts": deserts[:30],
        "desert_total": len(deserts), "threshold": fmt(access["desert_threshold"].get(measure), 2),
        "city_value": fmt(access["city"].get(measure), 2), "map_data": json.dumps(map_data),
    })


class WhatIfForm(forms.Form):
    measure = forms.ChoiceField(label=gettext_lazy("Age band"))
    neighbourhood = forms.ChoiceField(label=gettext_lazy("Place: a neighbourhood"), required=False)
    lat = forms.FloatField(label=gettext_lazy("or latitude"), required=False, min_value=33, max_value=39)
    lon = forms.FloatField(label=gettext_lazy("and longitude"), required=False, min_value=124, max_value=132)
    seats = forms.IntegerField(label=gettext_lazy("Seats of the new venue or run"), min_value=1, max_value=100_000,
                               initial=100)
    count = forms.IntegerField(label=gettext_lazy("How many best places to suggest"), min_value=1, max_value=10,
                               initial=3)

    def __init__(self, *args, measures: list[tuple[str, str]], hoods: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = measures
        self.fields["neighbourhood"].choices = [("", _("— or type coordinates, or click the map —")), *hoods]

    def clean(self):
        data = super().clean()
        has_point = data.get("lat") is not None and data.get("lon") is not None
        if not data.get("neighbourhood") and not has_point and not self.errors:
            raise forms.ValidationError(_("Choose a neighbourhood, type both coordinates, or click the map."))
        return data


@city_office_required
def what_if(request: HttpRequest) -> HttpResponse:
    snapshot, parts = latest(["access"])
    if snapshot is None:
        return render(request, "monitoring/empty.html", {})
    access, meta = parts["access"], parts["meta"]
    names = area_names(meta)
    hoods = access["neighbourhoods"]
    by_code = {n["code"]: n for n in hoods}
    measures = [(m, labels.measure(m)) for m in access["bands"]]
    hood_choices = sorted(((n["code"], f"{names.get(n['district_code'], '')} {_name(n)}") for n in hoods),
                          key=lambda c: c[1])
    form = WhatIfForm(request.GET or None, measures=measures, hoods=hood_choices,
                      initial={"measure": "all", "seats": 100, "count": 3})
    result = best = None
    if request.GET and form.is_valid():
        d = form.cleaned_data
        measure = d["measure"]
        population = {n["code"]: float(n["population"].get(measure, 0)) for n in hoods}
        current = {n["code"]: n["access"].get(measure, 0.0) / 1000 for n in hoods}
        demand = [access_mod.Point(n["code"], n["lat"], n["lon"]) for n in hoods]
        if d.get("neighbourhood"):
            place = by_code[d["neighbourhood"]]
            lat, lon = place["lat"], place["lon"]
        else:
            lat, lon = d["lat"], d["lon"]
        after = access_mod.what_if(lat=lat, lon=lon, seats=d["seats"], demand=demand, population=population,
                                   access=current)
        desert_before, threshold = access_mod.deserts(current, population)
        changed = sorted((c for c in after if after[c] - current[c] > 1e-12),
                         key=lambda c: -(after[c] - current[c]))
        desert_set = set(desert_before)
        result = {
            "lat": round(lat, 5), "lon": round(lon, 5), "seats": d["seats"], "measure": labels.measure(measure),
            "rows": [{"name": _name(by_code[c]), "district": names.get(by_code[c]["district_code"], ""),
                      "population": int(population[c]), "before": fmt(current[c] * 1000, 2),
                      "after": fmt(after[c] * 1000, 2), "change": fmt((after[c] - current[c]) * 1000, 2),
                      "was_desert": c in desert_set, "lifted": c in desert_set and after[c] >= threshold}
                     for c in changed],
            "reached": int(sum(population[c] for c in changed)),
            "lifted": int(sum(population[c] for c in changed if c in desert_set and after[c] >= threshold)),
        }
        places = access_mod.best_places(seats=d["seats"], count=d["count"], demand=demand, population=population,
                                        access=current)
        best = [{**p, "name": _name(by_code[p["code"]]), "district": names.get(by_code[p["code"]]["district_code"], ""),
                 "gain": fmt(p["desert_gain"], 3)} for p in places]
    map_data = {"point": [result["lat"], result["lon"]] if result else None,
                "best": [[p["lat"], p["lon"], p["name"]] for p in best or []]}
    return render(request, "monitoring/what_if.html", {
        "snapshot": snapshot, "meta": meta, "form": form, "result": result, "best": best,
        "map_data": json.dumps(map_data), "catchment": access["catchment_km"],
    })
