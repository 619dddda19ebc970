"""The city's CSV template: the published example imports, re-imports change nothing, bad rows are explained,
and script injection in a field never reaches a page unescaped."""

import csv
import io

from learningcity.catalogue.models import Opportunity, OpportunityRun
from learningcity.exchange.runner import run_import
from learningcity.exchange.template import NAMES, template_csv

from .conftest import FIXTURES

EXAMPLE = FIXTURES / "template_example.csv"


def _rows():
    return list(csv.DictReader(EXAMPLE.open(encoding="utf-8")))


def _write(path, rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, NAMES, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return str(path)


def test_template_file_has_every_column_and_imports(db, other_provider, tmp_path):
    path = tmp_path / "template.csv"
    path.write_text(template_csv(), encoding="utf-8")
    assert next(csv.reader(io.StringIO(template_csv()))) == list(NAMES)
    report = run_import("csv-template", str(path), provider=other_provider)
    assert report.outcome == "saved", report.rejected
    assert report.counts["opportunities created"] == 1


def test_example_imports_and_is_idempotent(db, other_provider):
    report = run_import("csv-template", str(EXAMPLE), provider=other_provider)
    assert report.outcome == "saved", report.rejected
    assert report.counts["opportunities created"] == 3 and report.counts["runs created"] == 4
    pottery = Opportunity.objects.get(source_id=f"tpl:{other_provider.pk}/pottery-101")
    assert pottery.runs.count() == 2 and pottery.cost == 30000 and not pottery.is_free
    assert pottery.description == "Hand-building and glazing for complete beginners.\nBring an apron."
    run = pottery.runs.order_by("start_date").first()
    assert run.venue.district.name_ko == "마포구" and not run.venue.location_approximate
    assert run.weekdays == ["TU"] and run.capacity == 12
    family = Opportunity.objects.get(source_id=f"tpl:{other_provider.pk}/family-science")
    assert family.family_friendly and family.age_min == 6 and family.runs.get().venue.location_approximate
    digital = Opportunity.objects.get(source_id=f"tpl:{other_provider.pk}/digital-seniors")
    assert digital.description == "카카오톡, 지도 앱, 키오스크 사용법" and digital.delivery_mode == "online"
    assert digital.runs.get().weekdays == ["MO", "WE"]
    again = run_import("csv-template", str(EXAMPLE), provider=other_provider)
    assert again.total("created") == again.total("updated") == 0
    assert again.counts["runs unchanged"] == 4


def test_a_provider_is_required(db):
    report = run_import("csv-template", str(EXAMPLE))
    assert report.outcome == "failed" and "--provider" in report.message


def test_bad_rows_are_explained_and_nothing_is_saved(db, other_provider, tmp_path):
    rows = _rows()
    rows[0]["start_date"] = "2026-02-30"
    rows[1]["latitude"], rows[1]["longitude"] = "60.1699", "24.9384"  # Helsinki: outside the city
    rows[2]["weekdays"] = "Funday"
    rows[3]["age_min"], rows[3]["age_max"] = "70", "20"
    report = run_import("csv-template", _write(tmp_path / "bad.csv", rows), provider=other_provider)
    assert report.outcome == "rolled_back"
    found = {(r.line, r.field) for r in report.rejected}
    assert (2, "start_date") in found and (4, "latitude") in found and (6, "weekdays") in found
    assert (7, "age_max") in found
    assert "outside the city" in next(r.reason for r in report.rejected if r.field == "latitude")
    assert not Opportunity.objects.filter(provider=other_provider).exists()


def test_script_injection_never_reaches_a_page_unescaped(db, client, other_provider, tmp_path):
    rows = _rows()[:1]
    rows[0]["title"] = 'Pottery"><script>alert("title")</script>'
    rows[0]["description"] = '&lt;script&gt;alert("desc")&lt;/script&gt;<img src=x onerror=alert(1)>Safe text'
    rows[0]["instructor"] = "</script><script>alert('jsonld')</script>"
    report = run_import("csv-template", _write(tmp_path / "xss.csv", rows), provider=other_provider)
    assert report.outcome == "saved"
    opportunity = Opportunity.objects.get(provider=other_provider)
    assert "<script" not in opportunity.title and opportunity.description == "Safe text"
    for url in (f"/opportunities/{opportunity.pk}/", f"/runs/{opportunity.runs.get().pk}/"):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "<script>alert" not in html and "onerror=" not in html and "<img src=x" not in html
    # The JSON-LD block carries the title escaped so it cannot close its script element.
    html = client.get(f"/opportunities/{opportunity.pk}/").content.decode()
    assert 'Pottery\\"\\u003E' in html or "Pottery&quot;&gt;" in html


def test_hand_edit_kept_on_template_reimport(db, other_provider, other_staff):
    from learningcity.catalogue import services

    run_import("csv-template", str(EXAMPLE), provider=other_provider)
    run = OpportunityRun.objects.get(source_id=f"tpl:{other_provider.pk}/pottery-101/2026-spring")
    services.run_update(run=run, by=other_staff, capacity=10)
    report = run_import("csv-template", str(EXAMPLE), provider=other_provider)
    run.refresh_from_db()
    assert run.capacity == 10 and report.total("updated") == 0
    assert any(n.field == "capacity" and "kept" in n.reason for n in report.notes)
