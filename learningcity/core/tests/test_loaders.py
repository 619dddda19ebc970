"""The geography loader's report: population rows it cannot use are named with file, line and reason; a file it
cannot read stops the load and leaves nothing behind. Works on a damaged copy of data/seoul/ (synthetic edits,
only in tests)."""

from __future__ import annotations

import shutil

import pytest

from learningcity.core.loaders import load_geography
from learningcity.core.models import District, PopulationCount
from learningcity.core.reports import LoadError, Report
from learningcity.platform.demo_city import POPULATION_DATE, SEOUL

POPULATION = "population_2025-04_seoul_by_5yr_age_sex_long.csv"


def no_progress(*args):
    pass


@pytest.fixture
def city_copy(tmp_path):
    target = tmp_path / "seoul"
    shutil.copytree(SEOUL, target)
    return target


def test_the_real_files_load_cleanly(db):
    report = load_geography(SEOUL, reference_date=POPULATION_DATE, source="test", progress=no_progress)
    assert not report.rejected
    assert report.counts["districts updated"] == 25 and report.counts["neighbourhoods updated"] == 426
    assert report.counts["population cells"] == 18_984
    # The five neighbourhoods without a 2013 boundary are reported, not silently placed.
    assert len([n for n in report.notes if n.field == "boundary"]) == 5


def test_report_summary_and_dict():
    report = Report("things")
    report.count("rows created", 2)
    report.reject("f.csv", 7, "name", "no name")
    assert report.summary() == "things: rejected 1, rows created 2"
    assert report.as_dict()["rejected"] == [{"file": "f.csv", "line": 7, "field": "name", "reason": "no name"}]
    assert str(report.rejected[0]) == "f.csv:7 [name] no name"


def test_population_rows_it_cannot_use(db, city_copy):
    path = city_copy / POPULATION
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].rsplit(",", 1)[0] + ",many"  # line 2: not a number
    lines[2] = lines[2].replace(",M,", ",X,")  # line 3: unknown sex
    lines[3] = lines[3].replace(",10-14,", ",ten,")  # line 4: unknown band
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = load_geography(city_copy, reference_date=POPULATION_DATE, source="test", progress=no_progress)
    assert [(r.file, r.line, r.field) for r in report.rejected] == [
        (POPULATION, 2, "population"), (POPULATION, 3, "sex"), (POPULATION, 4, "age_group")]
    assert report.counts["population cells"] == 18_984 - 3


def test_a_file_with_missing_columns_stops_the_load_and_changes_nothing(db, city_copy):
    gu = city_copy / "gu_boundaries_juso_2015.geojson"
    gu.write_text(gu.read_text(encoding="utf-8").replace('"Jongno-gu"', '"Bell Street District"'), encoding="utf-8")
    path = city_copy / POPULATION
    path.write_text(path.read_text(encoding="utf-8").replace("age_group", "age", 1), encoding="utf-8")
    before = PopulationCount.objects.count()
    with pytest.raises(LoadError) as excinfo:
        load_geography(city_copy, reference_date=POPULATION_DATE, source="test", progress=no_progress)
    assert excinfo.value.file == POPULATION and "age_group" in excinfo.value.reason
    assert District.objects.get(slug="jongno-gu").name_en == "Jongno-gu"  # the districts loaded first: undone
    assert PopulationCount.objects.count() == before


