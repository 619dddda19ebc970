"""Core API: districts (GeoJSON), neighbourhoods and population. All public reads."""

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from learningcity.core import selectors
from learningcity.core.models import District, Neighbourhood
from learningcity.core.problems import READ_ERRORS, Problem

router = Router(tags=["geography"])


class DistrictOut(Schema):
    slug: str
    code: str
    name_ko: str
    name_en: str
    centroid: list[float]
    area_km2: float


class PopulationBand(Schema):
    age_band: str
    male: int
    female: int
    total: int


class DistrictDetailOut(DistrictOut):
    population_total: int
    population: list[PopulationBand]


class NeighbourhoodOut(Schema):
    code: str
    district: str
    name_ko: str
    name_en: str
    centroid: list[float]
    centroid_approximate: bool


def _district(d: District) -> dict:
    return {"slug": d.slug, "code": d.code, "name_ko": d.name_ko, "name_en": d.name_en,
            "centroid": [d.centroid_lat, d.centroid_lon], "area_km2": round(d.area_km2, 2)}


@router.get("/districts", response=list[DistrictOut], summary="List the city's districts")
def district_list(request):
    return [_district(d) for d in selectors.district_list()]


@router.get("/districts.geojson", summary="District boundaries as a GeoJSON FeatureCollection (RFC 7946)",
            response={200: dict})
def district_geojson(request):
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": d.slug, "geometry": d.boundary, "properties": _district(d)}
            for d in selectors.district_list()
        ],
    }


@router.get("/districts/{slug}", response={200: DistrictDetailOut, **READ_ERRORS},
            summary="One district with population by age band")
def district_detail(request, slug: str):
    d = get_object_or_404(District, slug=slug)
    bands = selectors.population_by_band(area_code=d.code)
    rows = [{"age_band": b, "male": v["M"], "female": v["F"], "total": v["M"] + v["F"]} for b, v in bands.items()]
    return _district(d) | {"population_total": sum(r["total"] for r in rows), "population": rows}


@router.get("/neighbourhoods", response={200: list[NeighbourhoodOut], 400: Problem},
            summary="Neighbourhoods, optionally of one district")
def neighbourhood_list(request, district: str | None = None):
    qs = Neighbourhood.objects.select_related("district")
    if district:
        qs = qs.filter(district__slug=district)
    return [
        {"code": n.code, "district": n.district.slug, "name_ko": n.name_ko, "name_en": n.name_en,
         "centroid": [n.centroid_lat, n.centroid_lon], "centroid_approximate": n.centroid_approximate}
        for n in qs
    ]
