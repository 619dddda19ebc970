"""The demo city is the real one: counts and totals match the source files."""

import csv

from django.db.models import Sum

from learningcity.catalogue.models import Opportunity, OpportunityRun, Venue
from learningcity.core.models import District, Neighbourhood, PopulationCount
from learningcity.platform.demo_city import SEOUL

SEOUL_TOTAL = 9_331_860


def test_population_totals_equal_the_source(db):
    for level in ("city", "district", "neighbourhood"):
        total = PopulationCount.objects.filter(level=level).aggregate(n=Sum("population"))["n"]
        assert total == SEOUL_TOTAL, level


def test_population_matches_the_file_cell_by_cell(db):
    with (SEOUL / "population_2025-04_seoul_by_5yr_age_sex_long.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    stored = {(p.area_code, p.sex, p.age_band): p.population for p in PopulationCount.objects.all()}
    assert len(stored) == len(rows) == 18_984
    for row in rows:
        assert stored[(row["admin_code"], row["sex"], row["age_group"])] == int(row["population"])


def test_geography_counts(db):
    assert District.objects.count() == 25
    assert Neighbourhood.objects.count() == 426
    approximate = set(Neighbourhood.objects.filter(centroid_approximate=True).values_list("name_ko", flat=True))
    assert approximate == {"항동", "개포3동", "위례동", "상일제1동", "상일제2동"}


def test_every_library_and_school_is_a_venue(db):
    assert Venue.objects.filter(source_id__startswith="kr-library:").count() == 545
    assert Venue.objects.filter(source_id__startswith="kr-school:").count() == 1313
    # 60 libraries have no coordinates: placed at their district centre and marked approximate.
    assert Venue.objects.filter(source_id__startswith="kr-library:", location_approximate=True).count() == 60


def test_gangnam_courses(db):
    assert Opportunity.objects.filter(source_id__startswith="kr-lll:").count() == 322
    assert OpportunityRun.objects.filter(source_id__startswith="kr-lll:").count() == 322
    # The five learning centres (and one gallery) have no coordinates in the file.
    venues = Venue.objects.filter(source_id__startswith="kr-venue:")
    assert venues.count() == 6 and all(v.location_approximate for v in venues)


def test_every_imported_record_has_a_source_namespaced_id(db):
    import re

    from learningcity.catalogue.models import Provider

    pattern = re.compile(r"^[a-z][a-z0-9-]*:\S.*$")  # <source>:<origin id>
    for model in (Provider, Venue, Opportunity, OpportunityRun):
        ids = list(model.objects.exclude(source_id=None).values_list("source_id", flat=True))
        assert ids, model
        assert all(pattern.match(i) for i in ids), [i for i in ids if not pattern.match(i)][:5]
    sources = {i.split(":")[0] for i in Venue.objects.exclude(source_id=None).values_list("source_id", flat=True)}
    assert sources == {"kr-library", "kr-school", "kr-venue"}


def test_loading_again_changes_nothing(db):
    """Re-running the loaders updates by source id: no duplicates, nothing changed."""
    from learningcity.catalogue.loaders import load_schools

    before = Venue.objects.count()
    report = load_schools(SEOUL / "schools_seoul_national_standard_data_2026-03.csv", progress=lambda *a: None)
    assert report.counts["venues unchanged"] == 1313 and Venue.objects.count() == before
