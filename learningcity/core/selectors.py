"""Core reads: districts, neighbourhoods, population, and where a point falls."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from django.db.models import QuerySet, Sum

from learningcity.core import geo
from learningcity.core.demography import AGE_BANDS
from learningcity.core.models import District, Neighbourhood, PopulationCount


def district_list() -> QuerySet[District]:
    return District.objects.all().order_by("name_en")


def district_get(*, slug: str) -> District:
    return District.objects.get(slug=slug)


@dataclass
class _Shape:
    obj: District | Neighbourhood
    geometry: dict
    box: tuple[float, float, float, float]


class Locator:
    """Finds the district and neighbourhood containing a point. Build once per batch (a loader, a request)."""

    def __init__(self, districts: Iterable[District] | None = None,
                 neighbourhoods: Iterable[Neighbourhood] | None = None):
        self.districts = [_Shape(d, d.boundary, geo.bbox(d.boundary))
                          for d in (districts if districts is not None else District.objects.all())]
        hoods = neighbourhoods if neighbourhoods is not None else Neighbourhood.objects.exclude(boundary=None)
        self.neighbourhoods = [_Shape(n, n.boundary, geo.bbox(n.boundary)) for n in hoods if n.boundary]

    @staticmethod
    def _find(shapes: list[_Shape], lat: float, lon: float):
        for shape in shapes:
            x0, y0, x1, y1 = shape.box
            if x0 <= lon <= x1 and y0 <= lat <= y1 and geo.contains(shape.geometry, lat, lon):
                return shape.obj
        return None

    def district_at(self, lat: float, lon: float) -> District | None:
        return self._find(self.districts, lat, lon)

    def neighbourhood_at(self, lat: float, lon: float) -> Neighbourhood | None:
        return self._find(self.neighbourhoods, lat, lon)

    def city_bbox(self) -> tuple[float, float, float, float]:
        return geo.union_bbox(s.geometry for s in self.districts)


def population_by_band(*, area_code: str, reference_date=None) -> dict[str, dict[str, int]]:
    """{age_band: {"M": n, "F": n}} for one area (city, district or neighbourhood code), latest date by default."""
    qs = PopulationCount.objects.filter(area_code=area_code)
    if reference_date is None:
        latest = qs.order_by("-reference_date").values_list("reference_date", flat=True).first()
        qs = qs.filter(reference_date=latest)
    else:
        qs = qs.filter(reference_date=reference_date)
    out: dict[str, dict[str, int]] = {band: {"M": 0, "F": 0} for band in AGE_BANDS}
    for band, sex, n in qs.values_list("age_band", "sex", "population"):
        out.setdefault(band, {"M": 0, "F": 0})[sex] = n
    return out


def population_total(*, level: str = "city") -> int:
    return PopulationCount.objects.filter(level=level).aggregate(total=Sum("population"))["total"] or 0


def city_area_code() -> str | None:
    return (
        PopulationCount.objects.filter(level=PopulationCount.Level.CITY)
        .values_list("area_code", flat=True)
        .first()
    )


def neighbourhood_list() -> QuerySet[Neighbourhood]:
    return Neighbourhood.objects.select_related("district").order_by("code")


def population_cells(*, reference_date=None) -> QuerySet:
    """Every population cell (level, area code, sex, band, count) at one date (the latest by default)."""
    qs = PopulationCount.objects.all()
    if reference_date is None:
        reference_date = qs.order_by("-reference_date").values_list("reference_date", flat=True).first()
    return qs.filter(reference_date=reference_date).values(
        "level", "area_code", "sex", "age_band", "population", "reference_date", "source"
    )
