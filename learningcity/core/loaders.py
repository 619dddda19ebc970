"""Load the city's geography and population from the statistics office's files.

Districts come from the boundary GeoJSON (SIG_CD + "00000" is the MOIS code), neighbourhoods from the
population file (MOIS 2025 codes) with boundaries from the KOSTAT 2013 file through the crosswalk, and the
population from the long 5-year-band file. Neighbourhoods the 2013 boundaries do not cover get a borrowed
centroid, marked approximate, and are reported.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Callable

from django.db import transaction
from django.utils.text import slugify

from learningcity.core import geo
from learningcity.core.demography import AGE_BANDS, band_bounds
from learningcity.core.models import District, Neighbourhood, PopulationCount
from learningcity.core.reports import LoadError, Report, read_csv

Progress = Callable[[str, int, int], None]  # (task, done, total)

# 2025 neighbourhoods that have no 2013 boundary of their own, and what the 2013 map offers instead.
BORROWED_BOUNDARIES = {
    "상일제1동": ("상일동", "split from 상일동 (2013 boundary) in 2021; shown at the old 상일동 centre"),
    "상일제2동": ("상일동", "split from 상일동 (2013 boundary) in 2021; shown at the old 상일동 centre"),
    "개포3동": ("일원2동", "renamed from 일원2동; shown at the 2013 일원2동 centre"),
}
LEVELS = {"city": PopulationCount.Level.CITY, "gu": PopulationCount.Level.DISTRICT,
          "dong": PopulationCount.Level.NEIGHBOURHOOD}


CROSSWALK_COLUMNS = ("kostat_dong_code_2013", "gu_name", "dong_name_2013", "mois_admin_code_2025")
POPULATION_COLUMNS = ("admin_code", "level", "gu_name", "dong_name", "sex", "age_group", "population")


def _noop(task: str, done: int, total: int) -> None:
    pass


def _features(path: Path, properties: tuple[str, ...]) -> list[dict]:
    """The features of a GeoJSON FeatureCollection whose polygons carry `properties`, or a LoadError."""
    try:
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
    except FileNotFoundError as exc:
        raise LoadError(str(path), "-", "file not found") from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise LoadError(path.name, "-", f"not a GeoJSON FeatureCollection ({exc})") from exc
    for i, feature in enumerate(features, start=1):
        geometry = feature.get("geometry") or {}
        missing = [p for p in properties if p not in (feature.get("properties") or {})]
        if geometry.get("type") not in ("Polygon", "MultiPolygon") or missing:
            raise LoadError(path.name, f"feature {i}", "not a polygon with properties "
                                                       f"{', '.join(properties)}")
    return features


@transaction.atomic
def load_geography(data_dir: Path, *, reference_date: datetime.date, source: str,
                   progress: Progress = _noop) -> Report:
    report = Report("geography and population")
    gu_file = data_dir / "gu_boundaries_juso_2015.geojson"
    dong_file = data_dir / "dong_boundaries_kostat_2013.geojson"
    crosswalk_file = data_dir / "dong_crosswalk_kostat2013_to_mois2025.csv"
    population_file = data_dir / "population_2025-04_seoul_by_5yr_age_sex_long.csv"

    features = _features(gu_file, ("SIG_CD", "SIG_KOR_NM", "SIG_ENG_NM"))
    districts: dict[str, District] = {}
    for i, feature in enumerate(features, start=1):
        p = feature["properties"]
        lat, lon = geo.centroid(feature["geometry"])
        district, created = District.objects.update_or_create(
            short_code=p["SIG_CD"],
            defaults={
                "code": p["SIG_CD"] + "00000", "name_ko": p["SIG_KOR_NM"], "name_en": p["SIG_ENG_NM"],
                "slug": slugify(p["SIG_ENG_NM"]), "boundary": feature["geometry"],
                "centroid_lat": lat, "centroid_lon": lon, "area_km2": geo.area_km2(feature["geometry"]),
            },
        )
        districts[district.code] = district
        report.count("districts created" if created else "districts updated")
        progress("districts", i, len(features))

    # 2013 boundaries by (gu name, 2013 dong name), and the crosswalk to 2025 codes.
    by_kostat = {f["properties"]["code"]: f for f in _features(dong_file, ("code",))}
    boundary_for_code: dict[str, dict] = {}
    boundary_by_name: dict[tuple[str, str], dict] = {}
    for row in read_csv(crosswalk_file, required=CROSSWALK_COLUMNS):
        feature = by_kostat.get(row["kostat_dong_code_2013"])
        if feature is None:
            continue
        boundary_by_name[(row["gu_name"], row["dong_name_2013"])] = feature
        if row["mois_admin_code_2025"]:
            boundary_for_code[row["mois_admin_code_2025"]] = feature

    rows = read_csv(population_file, required=POPULATION_COLUMNS)
    gu_names = {d.name_ko: d for d in districts.values()}
    hood_rows = {r["admin_code"]: r for r in rows if r["level"] == "dong"}
    neighbourhoods: dict[str, Neighbourhood] = {}
    for i, (code, row) in enumerate(sorted(hood_rows.items()), start=1):
        district = districts.get(code[:5] + "00000") or gu_names.get(row["gu_name"])
        if district is None:
            report.reject(population_file.name, "-", "admin_code", f"no district for neighbourhood {code}")
            continue
        feature = boundary_for_code.get(code)
        values = {"district": district, "name_ko": row["dong_name"], "boundary": None, "centroid_approximate": False,
                  "boundary_note": ""}
        if feature is not None:
            values["boundary"] = feature["geometry"]
            values["name_en"] = feature["properties"].get("name_eng", "")
            values["centroid_lat"], values["centroid_lon"] = geo.centroid(feature["geometry"])
        else:
            borrowed = BORROWED_BOUNDARIES.get(row["dong_name"])
            old = boundary_by_name.get((row["gu_name"], borrowed[0])) if borrowed else None
            if old is not None:
                values["centroid_lat"], values["centroid_lon"] = geo.centroid(old["geometry"])
                values["boundary_note"] = borrowed[1]
            else:
                values["centroid_lat"], values["centroid_lon"] = district.centroid_lat, district.centroid_lon
                values["boundary_note"] = "no boundary in the 2013 map; shown at the district centre"
            values["centroid_approximate"] = True
            report.note(population_file.name, row["dong_name"], "boundary",
                        f"{row['gu_name']} {row['dong_name']}: {values['boundary_note']}")
        hood, created = Neighbourhood.objects.update_or_create(code=code, defaults=values)
        neighbourhoods[code] = hood
        report.count("neighbourhoods created" if created else "neighbourhoods updated")
        progress("neighbourhoods", i, len(hood_rows))

    PopulationCount.objects.filter(reference_date=reference_date).delete()
    batch = []
    for line, row in enumerate(rows, start=2):
        band = row["age_group"]
        if band not in AGE_BANDS:
            report.reject(population_file.name, line, "age_group", f"unknown age band {band!r}")
            continue
        level = LEVELS.get(row["level"])
        if level is None:
            report.reject(population_file.name, line, "level", f"unknown level {row['level']!r}")
            continue
        if row["sex"] not in PopulationCount.Sex.values:
            report.reject(population_file.name, line, "sex", f"unknown sex code {row['sex']!r} (M or F)")
            continue
        try:
            population = int(row["population"].replace(",", ""))
            if population < 0:
                raise ValueError
        except ValueError:
            report.reject(population_file.name, line, "population", f"not a count of people: {row['population']!r}")
            continue
        low, high = band_bounds(band)
        code = row["admin_code"]
        batch.append(PopulationCount(
            level=level, area_code=code, sex=row["sex"], age_band=band, age_min=low, age_max=high,
            population=population, reference_date=reference_date, source=source,
            district=districts.get(code) if level == PopulationCount.Level.DISTRICT
            else districts.get(code[:5] + "00000") if level == PopulationCount.Level.NEIGHBOURHOOD else None,
            neighbourhood=neighbourhoods.get(code) if level == PopulationCount.Level.NEIGHBOURHOOD else None,
        ))
        if len(batch) % 2000 == 0:
            progress("population", line - 1, len(rows))
    PopulationCount.objects.bulk_create(batch, batch_size=2000)
    progress("population", len(rows), len(rows))
    report.count("population cells", len(batch))
    return report
