"""The demo loaders' reports: every row they could not use is named with its file, line and reason; a file that
cannot be read stops the load and leaves nothing half-loaded.

The files here are copies of the real ones in a temporary folder, with a few rows changed on purpose (said
next to each change): synthetic edits, only in tests.
"""

from __future__ import annotations

import csv
import shutil

import pytest

from learningcity.catalogue.loaders import clean_district_name, load_libraries, load_schools
from learningcity.catalogue.models import Provider, Venue
from learningcity.core.models import PopulationCount
from learningcity.core.reports import LoadError
from learningcity.platform.demo_city import SEOUL, load_demo_city

LIBRARIES = "libraries_seoul_national_standard_data.csv"
SCHOOLS = "schools_seoul_national_standard_data_2026-03.csv"


def no_progress(*args):
    pass


def read(path):
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        return reader.fieldnames, list(reader)


def write(path, fieldnames, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fieldnames)
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def city_copy(tmp_path):
    """A copy of data/seoul/ to damage."""
    target = tmp_path / "seoul"
    shutil.copytree(SEOUL, target)
    return target


def test_clean_district_name():
    assert clean_district_name("노원구\u3000") == "노원구"
    assert clean_district_name("서울특별시 도봉구") == "도봉구"
    assert clean_district_name("  ") == ""


def test_real_library_file_report(db):
    report = load_libraries(SEOUL / LIBRARIES, progress=no_progress)
    assert report.counts["venues unchanged"] == 545 and not report.rejected
    assert report.counts["placed at district centre"] == 60
    # 33 rows say '노원구\u3000' and 31 '서울특별시 도봉구': cleaned, and each one noted.
    assert report.counts["district names cleaned"] == 64
    cleaned = [n for n in report.notes if n.field == "시군구명" and "read as" in n.reason]
    assert len(cleaned) == 64 and {str(n).split(":")[0] for n in cleaned} == {LIBRARIES}
    assert all(isinstance(n.line, int) and n.line >= 2 for n in report.notes)


def test_library_rows_it_cannot_use_are_reported_with_line_and_reason(db, tmp_path):
    fieldnames, rows = read(SEOUL / LIBRARIES)
    sample = [dict(r) for r in rows[:3]]
    nameless = dict(rows[3], 도서관명="")  # line 5: no name
    nowhere = dict(rows[4], 도서관명="어디에도 없는 도서관", 시군구명="", 소재지도로명주소="", 위도="", 경도="")  # line 6
    abroad = dict(rows[5], 도서관명="부산에 찍힌 도서관", 시군구명="", 소재지도로명주소="", 위도="35.1796",
                  경도="129.0756")  # line 7: coordinates in Busan, no district to fall back on
    edge = dict(rows[6], 도서관명="바다 위 도서관", 시군구명="강남구", 위도="35.1796", 경도="129.0756")  # line 8
    path = tmp_path / LIBRARIES
    write(path, fieldnames, sample + [nameless, nowhere, abroad, edge])
    report = load_libraries(path, progress=no_progress)
    rejected = {(r.file, r.line): r for r in report.rejected}
    assert set(rejected) == {(LIBRARIES, 5), (LIBRARIES, 6), (LIBRARIES, 7)}
    assert "no library name" in rejected[(LIBRARIES, 5)].reason
    assert "no coordinates" in rejected[(LIBRARIES, 6)].reason
    assert "outside the city" in rejected[(LIBRARIES, 7)].reason
    assert str(rejected[(LIBRARIES, 7)]).startswith(f"{LIBRARIES}:7 ")
    placed = Venue.objects.get(source_id="kr-library:강남구/바다 위 도서관")
    assert placed.location_approximate and placed.district.slug == "gangnam-gu"
    assert any(n.line == 8 and "outside the city" in n.reason for n in report.notes)
    assert not Venue.objects.filter(name__in=["어디에도 없는 도서관", "부산에 찍힌 도서관"]).exists()


def test_school_rows_report(db, tmp_path):
    fieldnames, rows = read(SEOUL / SCHOOLS)
    closed = dict(rows[0], 운영상태="폐교")  # line 2: not operating
    no_id = dict(rows[1], 학교ID="")  # line 3
    path = tmp_path / SCHOOLS
    write(path, fieldnames, [closed, no_id, rows[2]])
    report = load_schools(path, progress=no_progress)
    assert [(r.line, r.field) for r in report.rejected] == [(3, "학교ID")]
    assert any(n.line == 2 and "폐교" in n.reason for n in report.notes)
    assert report.counts["venues unchanged"] == 1


def test_a_corrupted_file_mid_load_leaves_nothing_half_loaded(db, city_copy):
    """The libraries load (with one new library), then the school file turns out cut short: nothing stays."""
    fieldnames, rows = read(city_copy / LIBRARIES)
    rows.append(dict(rows[0], 도서관명="새로 생긴 도서관"))
    write(city_copy / LIBRARIES, fieldnames, rows)
    schools = city_copy / SCHOOLS
    text = schools.read_text(encoding="utf-8")
    schools.write_text(text[: len(text) // 2], encoding="utf-8")  # cut in the middle of a row
    counts = (Venue.objects.count(), Provider.objects.count(), PopulationCount.objects.count())
    with pytest.raises(LoadError) as excinfo:
        load_demo_city(data_dir=city_copy)
    assert excinfo.value.file == SCHOOLS and isinstance(excinfo.value.line, int)
    assert "cut short" in excinfo.value.reason
    assert not Venue.objects.filter(name="새로 생긴 도서관").exists()
    assert (Venue.objects.count(), Provider.objects.count(), PopulationCount.objects.count()) == counts


def test_a_file_in_the_wrong_encoding(db, tmp_path):
    path = tmp_path / LIBRARIES
    path.write_bytes((SEOUL / LIBRARIES).read_text(encoding="utf-8-sig").encode("cp949", errors="replace"))
    with pytest.raises(LoadError) as excinfo:
        load_libraries(path, progress=no_progress)
    assert "UTF-8" in excinfo.value.reason


def test_load_demo_command_explains_a_broken_file(db, city_copy):
    from django.core.management import CommandError, call_command

    (city_copy / SCHOOLS).write_text("학교ID,학교명\nB1,x\n", encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        call_command("load_demo", "--quiet", "--data-dir", str(city_copy))
    assert SCHOOLS in str(excinfo.value) and "Nothing was loaded" in str(excinfo.value)


def test_a_missing_file_is_named_before_anything_loads(db, city_copy):
    (city_copy / SCHOOLS).unlink()
    with pytest.raises(LoadError) as excinfo:
        load_demo_city(data_dir=city_copy)
    assert SCHOOLS in excinfo.value.reason
