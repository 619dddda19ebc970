"""The demo city: Seoul from real open data in `data/seoul/` (see data/SOURCES.md). Nothing synthetic.

Shared by `learningcity load-demo` and the test fixtures, so tests run against the same real city.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.db import transaction

from learningcity.catalogue.loaders import load_libraries, load_schools
from learningcity.config.env import BASE_DIR
from learningcity.core.loaders import load_geography
from learningcity.core.models import District
from learningcity.core.reports import LoadError, Report
from learningcity.core.selectors import Locator
from learningcity.exchange.runner import run_import

SEOUL = BASE_DIR / "data" / "seoul"
POPULATION_DATE = datetime.date(2025, 4, 30)
POPULATION_SOURCE = "행정안전부 주민등록 인구통계 (2025-04)"
COURSES_FILE = SEOUL / "lifelong_learning_courses_gangnam-gu_2026.csv"
# Every file the demo city is built from (their attributions are in core/sources.py and data/SOURCES.md).
DEMO_FILES = (
    "gu_boundaries_juso_2015.geojson", "dong_boundaries_kostat_2013.geojson",
    "dong_crosswalk_kostat2013_to_mois2025.csv", "population_2025-04_seoul_by_5yr_age_sex_long.csv",
    "libraries_seoul_national_standard_data.csv", "schools_seoul_national_standard_data_2026-03.csv",
    COURSES_FILE.name,
)


def load_geography_only(progress=lambda *a: None) -> Report:
    return load_geography(SEOUL, reference_date=POPULATION_DATE, source=POPULATION_SOURCE, progress=progress)


@transaction.atomic
def load_demo_city(progress=lambda *a: None, data_dir: Path = SEOUL) -> list[Report]:
    """Everything, in one transaction: a failure anywhere leaves the database as it was."""
    missing = [name for name in DEMO_FILES if not (data_dir / name).is_file()]
    if missing:
        raise LoadError(str(data_dir), "-", f"file(s) missing: {', '.join(missing)}")
    reports = [load_geography(data_dir, reference_date=POPULATION_DATE, source=POPULATION_SOURCE,
                              progress=progress)]
    locator = Locator()
    reports.append(load_libraries(data_dir / "libraries_seoul_national_standard_data.csv", progress=progress,
                                  locator=locator))
    reports.append(load_schools(data_dir / "schools_seoul_national_standard_data_2026-03.csv", progress=progress,
                                locator=locator))
    reports.append(run_import("kr-lifelong-courses", str(data_dir / COURSES_FILE.name), progress=progress))
    return reports


def demo_city_loaded() -> bool:
    return District.objects.exists() and Path(COURSES_FILE).exists() and _courses_loaded()


def _courses_loaded() -> bool:
    from learningcity.catalogue.models import Opportunity

    return Opportunity.objects.filter(source_id__startswith="kr-lll:").exists()
