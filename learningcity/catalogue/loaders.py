"""Load the city's libraries and schools (national standard data files) as providers and venues.

Each library and school is both a provider (it runs its own programmes) and a venue. Data quirks are handled
and reported: district names with stray spaces or a city prefix are cleaned, rows without coordinates are
placed at their district's centre and marked approximate, and a name that disagrees with where the
coordinates lie is reported (the coordinates win).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from django.core.exceptions import ValidationError
from django.db import transaction

from learningcity.catalogue import services
from learningcity.catalogue.vocab import Sector
from learningcity.core import geo
from learningcity.core.models import District
from learningcity.core.problems import field_errors
from learningcity.core.reports import Report, read_csv
from learningcity.core.selectors import Locator

Progress = Callable[[str, int, int], None]
LIBRARY_COLUMNS = ("도서관명", "시군구명", "도서관유형", "소재지도로명주소", "위도", "경도", "홈페이지주소", "도서관전화번호",
                   "열람좌석수", "휴관일")
SCHOOL_COLUMNS = ("학교ID", "학교명", "학교급구분", "설립형태", "운영상태", "소재지도로명주소", "소재지지번주소", "위도", "경도")
NEAR_EDGE_KM = 1.0  # boundaries are simplified; a point this close to its named district is taken as inside


def clean_district_name(raw: str) -> str:
    """'노원구\\u3000' → '노원구'; '서울특별시 도봉구' → '도봉구'."""
    name = re.sub(r"\s+", " ", raw.replace("\u3000", " ")).strip()
    return name.split(" ")[-1] if name else ""


def district_from_address(address: str, by_name: dict[str, District]) -> District | None:
    for token in address.replace(",", " ").split():
        if token in by_name:
            return by_name[token]
    return None


def _float(value: str) -> float | None:
    try:
        return float(value.strip()) if value and value.strip() else None
    except ValueError:
        return None


def _near(district: District, lat: float, lon: float) -> bool:
    x0, y0, x1, y1 = geo.bbox(district.boundary)
    nearest_lat, nearest_lon = min(max(lat, y0), y1), min(max(lon, x0), x1)
    return geo.haversine_km(lat, lon, nearest_lat, nearest_lon) <= NEAR_EDGE_KM


def _locate(report: Report, file: str, line: int, name: str, listed: District | None, lat: float | None,
            lon: float | None, locator: Locator) -> dict | None:
    """Coordinates and district for the venue services, or None (rejected)."""
    if lat is None or lon is None:
        if listed is None:
            report.reject(file, line, "위도/경도", f"{name}: no coordinates and no recognisable district")
            return None
        report.note(file, line, "위도/경도", f"{name}: no coordinates; placed at the centre of {listed.name_ko}")
        report.count("placed at district centre")
        return {"district": listed, "latitude": None, "longitude": None}
    found = locator.district_at(lat, lon)
    if found is None:
        if listed is not None and _near(listed, lat, lon):
            report.note(file, line, "위도/경도", f"{name}: just outside the simplified boundary of {listed.name_ko}; "
                                                f"kept in {listed.name_ko}")
            return {"district": listed, "latitude": lat, "longitude": lon, "trust_district": True}
        if listed is not None:
            report.note(file, line, "위도/경도", f"{name}: coordinates ({lat}, {lon}) lie outside the city; "
                                                f"placed at the centre of {listed.name_ko}")
            report.count("placed at district centre")
            return {"district": listed, "latitude": None, "longitude": None}
        report.reject(file, line, "위도/경도", f"{name}: coordinates lie outside the city and no district is given")
        return None
    if listed is not None and listed.pk != found.pk:
        report.note(file, line, "시군구명", f"{name}: listed in {listed.name_ko} but its coordinates lie in "
                                           f"{found.name_ko}; using the coordinates")
    return {"latitude": lat, "longitude": lon}


def _hours(row: dict, prefix: str) -> list[str] | None:
    start, end = row.get(f"{prefix}운영시작시각", "").strip(), row.get(f"{prefix}운영종료시각", "").strip()
    return [start, end] if start and end and start != "00:00" else None


def _each_row(report: Report, path: Path, rows: list[dict], task: str, progress: Progress, load_row) -> None:
    """Run `load_row(line, row)` for every row in its own savepoint: a row the services refuse is rejected with
    its file, line, field and reason, and leaves nothing behind; the other rows go on."""
    for line, row in enumerate(rows, start=2):
        try:
            with transaction.atomic():
                load_row(line, row)
        except ValidationError as exc:
            for error in field_errors(exc):
                report.reject(path.name, line, error["field"], error["message"])
        progress(task, line - 1, len(rows))


@transaction.atomic
def load_libraries(path: Path, *, progress: Progress, locator: Locator | None = None) -> Report:
    report = Report("libraries")
    locator = locator or Locator()
    by_name = {d.name_ko: d for d in District.objects.all()}
    rows = read_csv(path, required=LIBRARY_COLUMNS)

    def load_row(line: int, row: dict) -> None:
        name = row["도서관명"].strip()
        raw_gu = row["시군구명"]
        gu_name = clean_district_name(raw_gu)
        if gu_name != raw_gu:
            report.note(path.name, line, "시군구명", f"district name {raw_gu!r} read as {gu_name!r}")
            report.count("district names cleaned")
        listed = by_name.get(gu_name) or district_from_address(row["소재지도로명주소"], by_name)
        if not name:
            report.reject(path.name, line, "도서관명", "no library name")
            return
        place = _locate(report, path.name, line, name, listed, _float(row["위도"]), _float(row["경도"]), locator)
        if place is None:
            return
        gu_key = (listed.name_ko if listed else gu_name) or "seoul"
        source_id = f"kr-library:{gu_key}/{name}"
        provider = services.provider_upsert(
            source_id=source_id, name=name, sector=Sector.LIBRARY, kind=row["도서관유형"].strip(),
            website=_url(row["홈페이지주소"]), phone=row["도서관전화번호"].strip()[:40],
            district=place.get("district") or locator.district_at(place["latitude"], place["longitude"]),
        ).obj
        hours = {k: v for k, v in (("weekday", _hours(row, "평일")), ("saturday", _hours(row, "토요일")),
                                   ("holiday", _hours(row, "공휴일"))) if v}
        if row["휴관일"].strip():
            hours["closed"] = row["휴관일"].strip()
        seats = row["열람좌석수"].strip()
        result = services.venue_upsert(
            source_id=source_id, locator=locator, name=name, kind=row["도서관유형"].strip(), provider=provider,
            address=row["소재지도로명주소"].strip()[:300], opening_hours=hours,
            capacity=int(seats) if seats.isdigit() else None, phone=row["도서관전화번호"].strip()[:40],
            website=_url(row["홈페이지주소"]), **place,
        )
        report.count(f"venues {result.outcome}")

    _each_row(report, path, rows, "libraries", progress, load_row)
    return report


def _url(raw: str) -> str:
    raw = raw.strip()
    if not raw or " " in raw:
        return ""
    return raw if raw.startswith(("http://", "https://")) else f"https://{raw}"


@transaction.atomic
def load_schools(path: Path, *, progress: Progress, locator: Locator | None = None) -> Report:
    report = Report("schools")
    locator = locator or Locator()
    by_name = {d.name_ko: d for d in District.objects.all()}
    rows = read_csv(path, required=SCHOOL_COLUMNS)

    def load_row(line: int, row: dict) -> None:
        name, school_id = row["학교명"].strip(), row["학교ID"].strip()
        if not name or not school_id:
            report.reject(path.name, line, "학교ID", "no school id or name")
            return
        if row["운영상태"].strip() not in ("운영", ""):
            report.note(path.name, line, "운영상태", f"{name}: status {row['운영상태']!r}; skipped")
            report.count("skipped (not operating)")
            return
        address = row["소재지도로명주소"].strip() or row["소재지지번주소"].strip()
        listed = district_from_address(address, by_name)
        place = _locate(report, path.name, line, name, listed, _float(row["위도"]), _float(row["경도"]), locator)
        if place is None:
            return
        level = row["학교급구분"].strip()
        kind = f"{level} ({row['설립형태'].strip()})" if row["설립형태"].strip() else level
        source_id = f"kr-school:{school_id}"
        district = place.get("district") or locator.district_at(place["latitude"], place["longitude"])
        provider = services.provider_upsert(source_id=source_id, name=name, sector=Sector.PUBLIC_EDUCATION,
                                            kind=kind, district=district).obj
        result = services.venue_upsert(source_id=source_id, locator=locator, name=name, kind=level,
                                       provider=provider, address=address[:300], **place)
        report.count(f"venues {result.outcome}")

    _each_row(report, path, rows, "schools", progress, load_row)
    return report
