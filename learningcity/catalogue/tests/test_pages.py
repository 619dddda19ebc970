"""Catalogue pages render for the real demo city, in Korean and English, and the staff pages work end to end."""

from __future__ import annotations

import datetime
import json
import re
from urllib.parse import unquote

import pytest

from learningcity.catalogue.models import Opportunity, Venue
from learningcity.catalogue.vocab import Status
from learningcity.testing import factories

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def headings(text: str) -> list[int]:
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", text)]


def assert_heading_order(text: str) -> None:
    """One h1, and no level skipped on the way down (h2 → h4 would be)."""
    levels = headings(text)
    assert levels.count(1) == 1, levels
    for before, after in zip(levels, levels[1:]):
        assert after <= before + 1, levels


@pytest.fixture
def course():
    return Opportunity.objects.filter(source_id__startswith="kr-lll:", status=Status.PUBLISHED).first()


def test_home(client):
    text = html(client.get("/"))
    assert_heading_order(text)
    assert "미술·공예" in text and "강남구" in text  # topics and districts, in Korean by default
    assert 'lang="ko"' in text


def test_home_in_english(client):
    client.cookies["django_language"] = "en"
    text = html(client.get("/"))
    assert 'lang="en"' in text and "Arts and crafts" in text and "Gangnam-gu" in text


def test_browse_with_filters(client):
    everything = html(client.get("/opportunities/"))
    assert_heading_order(everything)
    filtered = html(client.get("/opportunities/", {"district": "gangnam-gu", "topic": "music",
                                                    "age_group": "adults", "free": "1"}))
    assert 'value="gangnam-gu" selected' in filtered and 'value="music" selected' in filtered
    for o in Opportunity.objects.filter(title__in=re.findall(r'opportunities/\d+/">([^<]+)<', filtered)):
        assert o.is_free and o.topics.filter(code="music").exists()


def test_browse_with_unknown_filters_says_so(client):
    text = html(client.get("/opportunities/", {"district": "atlantis", "topic": "nope", "age_group": "ancient"}))
    assert text.count('class="notice"') == 3


def test_opportunity_page(client, course):
    text = html(client.get(f"/opportunities/{course.pk}/"))
    assert_heading_order(text)
    assert course.title in text and course.provider.name in text
    assert "<dd>한국어</dd>" in text and "'bidi'" not in text  # language names, not the site's language list
    assert "일부 위치는 대략적입니다" in text and "대략적인 위치" in text
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    doc = json.loads(block.group(1))
    assert doc["@type"] == "Course" and doc["name"] == course.title
    points = json.loads(re.search(r'<script type="application/json" id="map-points">(.*?)</script>', text,
                                  re.S).group(1))
    assert points and all(p["approximate"] for p in points)
    # The map has its text alternative: each venue on it is also a link in the dates table.
    for p in points:
        assert f'href="{p["url"]}"' in text


def test_run_page(client, course):
    run = course.runs.first()
    text = html(client.get(f"/runs/{run.pk}/"))
    assert_heading_order(text)
    assert run.venue.name in text and "일부 위치는 대략적입니다" in text  # approximate location notice


def test_provider_page(client, course):
    text = html(client.get(f"/providers/{course.provider.slug}/"))
    assert_heading_order(text)
    assert course.provider.name in text and "(대략적인 위치)" in text


def test_provider_list_filters(client):
    text = html(client.get("/providers/", {"sector": "library", "q": "구립"}))
    assert_heading_order(text)
    assert "구립" in text


def test_venue_page_exact_and_approximate(client):
    library = Venue.objects.filter(source_id__startswith="kr-library:", location_approximate=False).first()
    text = html(client.get(f"/venues/{library.pk}/"))
    assert_heading_order(text)
    assert library.name in text and "notice" not in text.split("<main")[1].split("</h1>")[1][:200]
    centre = Venue.objects.filter(source_id__startswith="kr-venue:").first()
    text = html(client.get(f"/venues/{centre.pk}/"))
    assert 'class="notice"' in text
    assert client.get("/venues/999999999/").status_code == 404


def test_district_list(client):
    text = html(client.get("/districts/"))
    assert_heading_order(text)
    assert "9,331,860" in text  # the city's population, from the real file
    assert text.count('href="/districts/') == 25 + 1  # the table, and the main navigation


def test_district_detail(client):
    text = html(client.get("/districts/gangnam-gu/"))
    assert_heading_order(text)
    assert "<svg" in text and 'role="img"' in text  # the chart
    assert "<caption>" in text  # and its table
    assert "삼성1동" in text  # neighbourhoods
    assert "개포3동" in text and "별도 경계 없음" in text  # a neighbourhood without a 2013 boundary, said so
    filtered = html(client.get("/districts/gangnam-gu/", {"kind": "작은도서관"}))
    assert 'value="작은도서관" selected' in filtered
    assert client.get("/districts/atlantis/").status_code == 404


def test_district_detail_in_english_formats_numbers(client):
    client.cookies["django_language"] = "en"
    text = html(client.get("/districts/jongno-gu/"))
    assert "Jongno-gu" in text and re.search(r"\d{1,3},\d{3}", text)


def test_language_switch(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/districts/"})
    assert response.status_code == 302 and response["Location"] == "/districts/"
    assert "The districts of" in html(client.get("/districts/"))
    client.post("/i18n/setlang/", {"language": "ko", "next": "/"})
    assert "Seoul의 자치구" in html(client.get("/districts/"))


def test_dates_follow_the_language(client, course):
    run = course.runs.first()
    ko = html(client.get(f"/runs/{run.pk}/"))
    assert f"{run.start_date.year}년 {run.start_date.month}월 {run.start_date.day}일" in ko
    client.cookies["django_language"] = "en"
    en = html(client.get(f"/runs/{run.pk}/"))
    assert run.start_date.strftime("%B") in en


def test_security_headers(client):
    response = client.get("/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert not re.search(r"<script>(?!\s*$)", response.content.decode())  # no inline scripts
    assert " style=" not in response.content.decode()


# --- staff pages -----------------------------------------------------------------------------------------------

def test_staff_dashboard_goes_to_the_only_provider(client, gangnam, gangnam_staff):
    client.force_login(gangnam_staff)
    response = client.get("/manage/")
    assert response.status_code == 302 and unquote(response["Location"]) == f"/manage/providers/{gangnam.slug}/"
    text = html(client.get(response["Location"]))
    assert_heading_order(text)
    assert "강남구" in text


def test_staff_journey_through_the_forms(client, gangnam, gangnam_staff):
    client.force_login(gangnam_staff)
    base = {"title": "가족 도예 교실", "kind": "course", "setting": "non_formal", "delivery_mode": "in_person",
            "topics": ["arts-crafts"], "languages": ["ko"], "age_min": "30", "age_max": "8"}
    response = client.post(f"/manage/providers/{gangnam.slug}/new/", base)
    text = html(response)  # back with errors, nothing saved
    assert 'id="error-summary"' in text and 'aria-invalid="true"' in text
    # The error sits next to its field, and the field points at it for screen readers.
    assert re.search(r'<ul class="errorlist" id="id_age_max_error">.*?</ul>\s*<input[^>]*aria-invalid="true"'
                     r'[^>]*aria-describedby="[^"]*id_age_max_error', text, re.S)
    assert not Opportunity.objects.filter(title="가족 도예 교실").exists()

    response = client.post(f"/manage/providers/{gangnam.slug}/new/", base | {"age_min": "7", "age_max": ""})
    o = Opportunity.objects.get(title="가족 도예 교실")
    assert response.status_code == 302 and response["Location"] == f"/manage/opportunities/{o.pk}/"
    assert_heading_order(html(client.get(response["Location"])))

    venue = Venue.objects.filter(source_id__startswith="kr-venue:").first()
    run_form = {"venue": venue.pk, "start_date": TODAY.isoformat(),
                "end_date": (TODAY - datetime.timedelta(days=1)).isoformat()}
    text = html(client.post(f"/manage/opportunities/{o.pk}/runs/new/", run_form))
    assert "error-summary" in text and not o.runs.exists()
    run_form["end_date"] = (TODAY + datetime.timedelta(days=30)).isoformat()
    assert client.post(f"/manage/opportunities/{o.pk}/runs/new/", run_form).status_code == 302
    run = o.runs.get()
    assert client.post(f"/manage/runs/{run.pk}/publish/").status_code == 302
    assert client.post(f"/manage/opportunities/{o.pk}/publish/").status_code == 302
    client.logout()
    assert "가족 도예 교실" in html(client.get(f"/opportunities/{o.pk}/"))
    client.force_login(gangnam_staff)
    client.post(f"/manage/opportunities/{o.pk}/archive/")
    client.logout()
    assert client.get(f"/opportunities/{o.pk}/").status_code == 404


def test_staff_edit_pages(client, gangnam, gangnam_staff):
    o = factories.opportunity(provider=gangnam, published=False, title="수정할 강좌")
    run = factories.run(opportunity=o, published=False)
    client.force_login(gangnam_staff)
    for url in (f"/manage/opportunities/{o.pk}/", f"/manage/runs/{run.pk}/", f"/opportunities/{o.pk}/",
                f"/runs/{run.pk}/"):
        assert_heading_order(html(client.get(url)))
    data = {"title": "고친 강좌", "kind": "course", "setting": "non_formal", "delivery_mode": "in_person"}
    assert client.post(f"/manage/opportunities/{o.pk}/", data).status_code == 302
    o.refresh_from_db()
    assert o.title == "고친 강좌"


def test_staff_venue_form_errors_per_field(client, gangnam, gangnam_staff):
    client.force_login(gangnam_staff)
    url = f"/manage/providers/{gangnam.slug}/venues/new/"
    assert_heading_order(html(client.get(url)))
    cases = [
        ({"name": "x", "latitude": "35.1796", "longitude": "129.0756"}, "id_latitude"),  # Busan
        ({"name": "x", "district": "atlantis-gu"}, "id_district"),
        ({"name": "x", "latitude": "37.5"}, "id_longitude"),
        ({"name": "x"}, "id_district"),
    ]
    for data, field_id in cases:
        text = html(client.post(url, data))
        assert "error-summary" in text, data
        assert f'href="#{field_id}"' in text, (data, field_id)
    response = client.post(url, {"name": "개포 배움터", "latitude": "37.4897", "longitude": "127.0674"})
    assert response.status_code == 302
    venue = Venue.objects.get(name="개포 배움터")
    assert venue.district.slug == "gangnam-gu" and not venue.location_approximate
    text = html(client.get(f"/manage/venues/{venue.pk}/"))
    assert 'value="37.4897"' in text
