"""Public open-data API of aggregates (no sign-in): indicators with small-cell suppression, spatial access,
framework scores and the list of snapshots. Everything is served from the latest stored snapshot."""

from typing import Any, Literal

from django.http import Http404, HttpResponse
from ninja import Router, Schema

from learningcity.core.demography import AGE_BANDS
from learningcity.monitoring import downloads, selectors

router = Router(tags=["open data"])
BANDS = [*AGE_BANDS, "all"]
Band = Literal["0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54", "55-59",
               "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90-94", "95-99", "100+", "all"]
Sex = Literal["M", "F", "all"]
Method = Literal["minmax", "target"]
assert list(Band.__args__) == BANDS  # the schema's bands are the population's bands


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str | None = None


class IndicatorRows(Schema):
    snapshot: int
    reference_date: str
    window: list[str]
    suppression_k: int
    label: str
    count: int
    rows: list[dict[str, Any]]


class SnapshotOut(Schema):
    id: int
    reference_date: str
    computed_at: str


def _latest(keys: list[str]) -> tuple:
    snapshot = selectors.snapshot_latest()
    if snapshot is None:
        raise Http404("No indicators have been published yet.")
    return snapshot, selectors.snapshot_parts(snapshot=snapshot, keys=["meta", *keys])


@router.get("/open-data/indicators", response={200: IndicatorRows, 400: Problem, 404: Problem},
            summary="Indicators by area × age band × sex, with small cells suppressed")
def indicators(request, area: str | None = None, age_band: Band | None = None, sex: Sex | None = None):
    """Counts of people under k (and the cells needed to protect them) are null and listed in `suppressed`;
    rates built on a suppressed count are null too. Participation is an administrative rate from platform
    records of consenting learners, not a survey rate."""
    snapshot, parts = _latest(["opendata"])
    rows = downloads.open_table(parts["opendata"], area=area, band=age_band, sex=sex)
    meta = parts["meta"]
    return {"snapshot": snapshot.pk, "reference_date": meta["reference_date"], "window": meta["window"],
            "suppression_k": parts["opendata"]["k"], "count": len(rows), "rows": rows,
            "label": "administrative data from platform records (not a survey)"}


@router.get("/open-data/indicators.csv", response={200: None, 400: Problem, 404: Problem},
            summary="The same indicators as CSV")
def indicators_csv(request, area: str | None = None, age_band: Band | None = None, sex: Sex | None = None):
    _, parts = _latest(["opendata"])
    rows = downloads.open_table(parts["opendata"], area=area, band=age_band, sex=sex)
    response = HttpResponse(downloads.to_csv(rows, downloads.OPEN_COLUMNS), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="learning-city-indicators.csv"'
    return response


@router.get("/open-data/access", response={200: dict, 404: Problem},
            summary="Spatial access (2SFCA) by neighbourhood and district, with learning deserts")
def access(request):
    snapshot, parts = _latest(["access"])
    a = parts["access"]
    return {"snapshot": snapshot.pk, "reference_date": parts["meta"]["reference_date"],
            "catchment_km": a["catchment_km"], "measures": a["measures"], "city": a["city"],
            "districts": a["districts"], "deserts": a["deserts"], "desert_threshold": a["desert_threshold"],
            "neighbourhoods": downloads.access_table(a)}


@router.get("/open-data/access.geojson", response={200: dict, 404: Problem},
            summary="Neighbourhood boundaries with their access values (GeoJSON, RFC 7946)")
def access_geojson(request):
    """Built once per snapshot from the city's boundaries (core) and the stored access values, then cached."""
    from django.core.cache import cache

    from learningcity.monitoring import inputs

    snapshot, parts = _latest(["access"])
    key = f"monitoring:access-geojson:{snapshot.pk}:{snapshot.computed_at.timestamp():.0f}"
    body = cache.get(key)
    if body is None:
        values = {n["code"]: n["access"] for n in parts["access"]["neighbourhoods"]}
        geometry = inputs.neighbourhood_geometry()
        for f in geometry["features"]:
            f["properties"]["access"] = values.get(f["properties"]["code"], {})
        body = geometry
        cache.set(key, body, 24 * 3600)
    return body


@router.get("/open-data/framework", response={200: dict, 400: Problem, 404: Problem},
            summary="UNESCO Key Features area scores (city and districts)")
def framework_scores(request, method: Method = "minmax"):
    snapshot, parts = _latest(["framework"])
    data = parts["framework"][method]
    return {"snapshot": snapshot.pk, "method": method, "overall": data["overall"],
            "areas": [{"id": a["id"], "name_en": a["name_en"], "name_ko": a["name_ko"], "score": a["score"]}
                      for a in data["areas"]],
            "note": "Only the 12-area structure is UNESCO's; indicators and scores are the city's own."}


@router.get("/open-data/snapshots", response=list[SnapshotOut], summary="Stored snapshots, newest first")
def snapshots(request):
    return [{"id": s.pk, "reference_date": s.reference_date.isoformat(), "computed_at": s.computed_at.isoformat()}
            for s in selectors.snapshot_list()[:100]]
