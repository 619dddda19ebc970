"""Tables for downloads (CSV and JSON) built from stored parts: the open-data rows (suppressed, public),
the full indicator cube (city office) and the access table."""

from __future__ import annotations

import csv
import io

from learningcity.core.demography import AGE_BANDS
from learningcity.monitoring.opendata import PERSON_COUNTS, PUBLIC_COUNTS, PUBLIC_RATES, PERSON_RATES

OPEN_COLUMNS = ["area", "age_band", "sex", *PUBLIC_COUNTS, *PUBLIC_RATES, *PERSON_COUNTS,
                *[r for r, _, _ in PERSON_RATES], "suppressed"]


def open_table(opendata: dict, *, area: str | None = None, band: str | None = None,
               sex: str | None = None) -> list[dict]:
    rows = opendata["rows"]
    return [r for r in rows if (area is None or r["area"] == area) and (band is None or r["age_band"] == band)
            and (sex is None or r["sex"] == sex)]


def cube_table(parts: dict, areas: list[str]) -> list[dict]:
    """Every cell of the internal cube (not suppressed: for the city office only)."""
    out = []
    for area in areas:
        cube = parts.get(f"cube:{area}", {})
        for band in [*AGE_BANDS, "all"]:
            for sex in ("M", "F", "all"):
                out.append({"area": area, "age_band": band, "sex": sex, **cube.get(band, {}).get(sex, {})})
    return out


def access_table(access: dict) -> list[dict]:
    rows = []
    for n in access["neighbourhoods"]:
        row = {"code": n["code"], "district_code": n["district_code"], "name_ko": n["name_ko"],
               "name_en": n["name_en"], "lat": n["lat"], "lon": n["lon"], "approximate": n["approximate"]}
        for measure in access["measures"]:
            row[f"access_{measure}"] = n["access"].get(measure)
        for band in access["bands"]:
            row[f"population_{band}"] = n["population"].get(band)
        for measure, codes in access["deserts"].items():
            row[f"desert_{measure}"] = n["code"] in set(codes)
        rows.append(row)
    return rows


def to_csv(rows: list[dict], columns: list[str] | None = None) -> str:
    columns = columns or sorted({k for r in rows for k in r}, key=lambda k: (k not in ("area", "age_band", "sex",
                                                                                        "code"), k))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: (";".join(v) if isinstance(v, list) else ("" if v is None else v))
                         for k, v in r.items()})
    return buffer.getvalue()
