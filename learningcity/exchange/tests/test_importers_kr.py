"""The Korean national course standard CSV, on the real Gangnam-gu file: idempotence, encodings, bad input,
hand-edited fields kept, all-or-nothing per file."""

import csv
import io

import pytest

from learningcity.catalogue import services
from learningcity.catalogue.models import Opportunity, OpportunityRun
from learningcity.core.models import AuditEntry
from learningcity.exchange.models import ImportRun
from learningcity.exchange.runner import run_import
from learningcity.platform.demo_city import COURSES_FILE


def _rows():
    with COURSES_FILE.open(encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def _write(path, rows, encoding="utf-8-sig", drop=()):
    header = [h for h in rows[0] if h not in drop]
    out = io.StringIO()
    writer = csv.DictWriter(out, header, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return str(path)


def _snapshot():
    return (Opportunity.objects.count(), OpportunityRun.objects.count(),
            sorted(Opportunity.objects.values_list("modified_at", flat=True))[-1])


def test_reimporting_the_real_file_changes_nothing(db):
    before = _snapshot()
    report = run_import("kr-lifelong-courses", str(COURSES_FILE))
    assert report.outcome == "saved"
    assert report.counts["opportunities unchanged"] == 322 and report.counts["runs unchanged"] == 322
    assert report.total("created") == report.total("updated") == 0 and not report.rejected
    assert _snapshot() == before
    run = ImportRun.objects.get(pk=report.import_run_id)
    assert (run.unchanged, run.created, run.rejected, run.outcome) == (644, 0, 0, "saved")
    assert run.provider.source_id == "kr-operator:서울특별시 강남구청"  # the one operator the file names


def _cp949_ok(row) -> bool:
    try:
        ",".join(row.values()).encode("cp949")
        return True
    except UnicodeEncodeError:
        return False


def test_cp949_file_gives_the_same_records(db, tmp_path):
    # The portal serves CP949; a few of the real rows hold characters CP949 cannot encode, so they are left out.
    rows = [r for r in _rows() if _cp949_ok(r)]
    assert len(rows) > 300
    path = _write(tmp_path / "gangnam-cp949.csv", rows, encoding="cp949")
    report = run_import("kr-lifelong-courses", path)
    assert report.outcome == "saved" and report.counts["opportunities unchanged"] == len(rows)
    assert report.total("created") == 0


def test_a_changed_row_updates_the_same_record(db, tmp_path):
    rows = _rows()
    rows[0]["강좌정원수"] = "23"
    report = run_import("kr-lifelong-courses", _write(tmp_path / "changed.csv", rows))
    assert report.counts["runs updated"] == 1 and report.counts["opportunities unchanged"] == 322
    assert OpportunityRun.objects.filter(capacity=23, source_id__startswith="kr-lll:").count() == 1
    assert Opportunity.objects.filter(source_id__startswith="kr-lll:").count() == 322


def test_missing_columns_fail_the_file_and_change_nothing(db, tmp_path):
    before = _snapshot()
    report = run_import("kr-lifelong-courses", _write(tmp_path / "cut.csv", _rows(), drop=("교육시작일자",)))
    assert report.outcome == "failed"
    assert "교육시작일자" in report.rejected[0].reason and "missing" in report.rejected[0].reason
    assert _snapshot() == before


def test_an_impossible_date_rolls_back_the_whole_file(db, tmp_path):
    rows = _rows()
    rows[0]["강좌정원수"] = "99"  # a valid change that must not survive either
    rows[5]["교육시작일자"] = "2026-02-30"
    before = _snapshot()
    report = run_import("kr-lifelong-courses", _write(tmp_path / "bad.csv", rows))
    assert report.outcome == "rolled_back"
    issue = report.rejected[0]
    assert (issue.line, issue.field) == (7, "교육시작일자") and "impossible date" in issue.reason
    assert _snapshot() == before and not OpportunityRun.objects.filter(capacity=99).exists()
    assert ImportRun.objects.get(pk=report.import_run_id).rejected == 1


def test_skip_invalid_saves_the_valid_rows(db, tmp_path):
    rows = _rows()
    rows[0]["강좌정원수"] = "99"
    rows[5]["교육시작일자"] = "2026-13-01"
    report = run_import("kr-lifelong-courses", _write(tmp_path / "bad.csv", rows), skip_invalid=True)
    assert report.outcome == "saved_partly" and len(report.rejected) == 1
    assert OpportunityRun.objects.filter(capacity=99).count() == 1


def test_html_in_text_is_stripped_and_noted(db, tmp_path):
    rows = _rows()[:1]
    rows[0]["강사명"] = "<b>주은미</b><script>alert(1)</script>"
    report = run_import("kr-lifelong-courses", _write(tmp_path / "html.csv", rows))
    assert report.outcome == "saved"
    assert OpportunityRun.objects.filter(instructor="주은미").exists()
    assert any(n.field == "강사명" and "HTML" in n.reason for n in report.notes)


def test_dry_run_saves_nothing_and_records_nothing(db, tmp_path):
    rows = _rows()
    rows[0]["강좌정원수"] = "77"
    runs_before = ImportRun.objects.count()
    report = run_import("kr-lifelong-courses", _write(tmp_path / "dry.csv", rows), dry_run=True)
    assert report.outcome == "dry_run" and report.counts["runs updated"] == 1
    assert not OpportunityRun.objects.filter(capacity=77).exists()
    assert ImportRun.objects.count() == runs_before


def test_hand_edited_fields_survive_a_reimport(db, tmp_path, gangnam_staff):
    """A provider's hand edit is recorded in edited_fields; later imports keep it and report that they did."""
    rows = _rows()
    source_line = 2
    opportunity = Opportunity.objects.get(title=rows[0]["강좌명"].strip())
    services.opportunity_update(opportunity=opportunity, by=gangnam_staff, title="장애 인권 감수성 (강사 과정)")
    opportunity.refresh_from_db()
    assert opportunity.edited_fields == ["title"]
    rows[0]["수강료"] = "5000"  # the source also changes something else
    report = run_import("kr-lifelong-courses", _write(tmp_path / "edited.csv", rows))
    opportunity.refresh_from_db()
    assert opportunity.title == "장애 인권 감수성 (강사 과정)"  # kept
    assert opportunity.cost == 5000  # the source's other change applied
    assert any(n.line == source_line and n.field == "title" and "kept the provider's own edit" in n.reason
               for n in report.notes)
    assert AuditEntry.objects.filter(action="opportunity.updated", object_id=str(opportunity.pk)).exists()


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    ("강좌명,교육시작일자,교육종료일자,교육장소,운영기관명\n".encode(), "no data rows"),
    (b"PK\x03\x04", "Excel"),
])
def test_unreadable_files_fail_with_a_clear_message(db, tmp_path, content, message):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    report = run_import("kr-lifelong-courses", str(path))
    assert report.outcome == "failed" and message in report.message


def test_gigantic_file_is_refused(db, tmp_path):
    report = run_import("kr-lifelong-courses", str(COURSES_FILE), max_bytes=10_000)
    assert report.outcome == "failed" and "limit" in report.message and "--max-size" in report.message
