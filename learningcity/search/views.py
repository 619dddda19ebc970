"""The search page (`/search/`): a plain GET form that works without JavaScript, results as a list and on a
map, counts per filter value, and a no-results answer that says which filter to drop.

Bad input never fails the page: each invalid field is reported next to the form and left out, and the
search runs with the rest.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_noop

from learningcity.core.templatetags.learningcity import local_name
from learningcity.search import indexer, store
from learningcity.search.params import FACETS, MAX_PAGE, SearchParams, parse_params
from learningcity.search.selectors import SearchResult, district_centres, search_choices, search_runs

RADII = (1, 2, 3, 5, 10, 20)
# What each no-results suggestion removes from the query string.
DROPS = {"dates": ("date_from", "date_to"), "distance": ("radius_km",), "q": ("q",)}


def _parse(request: HttpRequest, choices, centres) -> tuple[SearchParams, dict[str, list[str]]]:
    """Parameters from the query string; fields with errors are reported and left out."""
    data = {key: request.GET.getlist(key) for key in request.GET}
    errors: dict[str, list[str]] = {}
    for _attempt in range(3):
        try:
            return parse_params(data, choices=choices, district_centres=centres), errors
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(messages)
                data.pop(field, None)
                if field in ("lat", "lon", "near"):
                    for name in ("lat", "lon", "near"):
                        data.pop(name, None)
                if field in ("radius_km", "sort", "lat", "lon", "near"):
                    data.pop("radius_km", None)
                    data.pop("sort", None)
    return SearchParams(), errors


def _link(params: SearchParams, *, drop: tuple[str, ...] = (), **replace) -> str:
    pairs = [(k, v) for k, v in params.to_query() if k not in drop and k not in replace and k != "page"]
    pairs += [(k, str(v)) for k, v in replace.items()]
    return reverse("search:page") + ("?" + urlencode(pairs) if pairs else "")


def _facet_groups(result: SearchResult | None, params: SearchParams, choices) -> list[dict]:
    groups = []
    for facet in FACETS:
        labels = choices.get(facet.param, {})
        counts = {fv.value: fv for fv in result.facets.get(facet.param, [])} if result else {}
        selected = set(getattr(params, facet.param))
        values = []
        for value, label in labels.items():
            fv = counts.get(value)
            count = fv.count if fv else 0
            if count or value in selected:
                text = local_name(label) if hasattr(label, "name_ko") else str(label)
                values.append({"value": value, "label": text, "count": count, "selected": value in selected})
        values.sort(key=lambda v: (not v["selected"], -v["count"], v["label"]))
        groups.append({"param": facet.param, "label": facet.label, "values": values, "open": bool(selected)})
    return groups


def _points(items: list[dict]) -> str:
    """Map markers, one per venue, each listing its results (the list below is the text alternative)."""
    venues: dict[tuple, dict] = {}
    for item in items:
        if item.get("lat") is None:
            continue
        key = (item["lat"], item["lon"], item.get("venue"))
        marker = venues.setdefault(key, {"name": item.get("venue") or "", "lat": item["lat"], "lon": item["lon"],
                                         "url": reverse("catalogue:opportunity", args=[item["opportunity"]]),
                                         "approximate": item.get("approximate", False), "count": 0})
        marker["count"] += 1
    return json.dumps(list(venues.values()), ensure_ascii=False)


def search_page(request: HttpRequest) -> HttpResponse:
    indexer.ensure_follower()
    choices, centres = search_choices(), district_centres()
    params, errors = _parse(request, choices, centres)
    result = None
    unavailable = False
    try:
        result = search_runs(params=params)
    except store.IndexUnavailable:
        unavailable = True
    today = timezone.localdate()
    items = []
    for card in (result.items if result else []):
        card = dict(card)
        card["url"] = reverse("catalogue:opportunity", args=[card["opportunity"]])
        card["ended"] = card["end"] < today.isoformat()
        card["district_label"] = local_name(choices["district"].get(card["district"])) if card.get("district") else ""
        card["topic_labels"] = [local_name(choices["topic"][t]) for t in card.get("topics", []) if t in choices["topic"]]
        card["mode_label"] = str(choices["mode"].get(card.get("mode"), ""))
        items.append(card)
    suggestions = []
    for s in (result.suggestions if result else []):
        drop = DROPS.get(s.drop, (s.drop,))
        suggestions.append({"label": _drop_label(s.drop), "count": s.count, "url": _link(params, drop=drop)})
    pages = result.pages if result else 1
    context = {
        "params": params, "result": result, "items": items, "errors": errors, "unavailable": unavailable,
        "facet_groups": _facet_groups(result, params, choices), "suggestions": suggestions,
        "districts": choices["district"].values(), "radii": RADII,
        "points": _points(items), "approximate": any(i.get("approximate") for i in items),
        # The search area, drawn on the map: where "within 3 km" reaches is easier seen than read.
        "circle": json.dumps({"lat": params.lat, "lon": params.lon, "radius_km": params.radius_km})
        if params.has_point and params.radius_km else "",
        "prev_url": _link(params, page=params.page - 1) if params.page > 1 else None,
        "next_url": _link(params, page=params.page + 1) if params.page < min(pages, MAX_PAGE) else None,
        "pages": pages, "first_number": (params.page - 1) * params.per_page + 1,
        "any_url": _link(params),
    }
    return render(request, "search/page.html", context)


def _drop_label(name: str) -> str:
    labels = {
        "q": _("your words"), "dates": _("the dates"), "distance": _("the distance"), "age": _("the age"),
        "free": _("free only"), "max_cost": _("the maximum cost"), "family": _("family only"),
        "open_now": _("enrolment open now"), "upcoming": _("not yet ended"),
    }
    labels.update({f.param: str(f.label) for f in FACETS})
    return labels.get(name, name)


# The home page's search form (a catalogue template) sends people here; its one new label is translated
# with the search app's strings.
HOME_FORM_STRINGS = (gettext_noop("What?"),)
