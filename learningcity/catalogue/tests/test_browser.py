"""The catalogue's pages in real Chromium, on a phone and a desktop: axe-core finds nothing, nothing overflows
the screen, headings are in order, maps draw the city's own boundaries. Screenshots go to test-output/."""

from __future__ import annotations

import datetime
import re

import pytest

from learningcity.testing.browser import (
    assert_fits_the_screen, assert_headings_in_order, assert_map_rendered, check_a11y, shot, sign_in, visit,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def ids(live_city):
    """Real ids from the live city's database (a separate process, so asked for through its own command)."""
    out = live_city.manage("shell", "-c", (
        "from learningcity.catalogue.models import Opportunity, Venue\n"
        "o = Opportunity.objects.filter(source_id__startswith='kr-lll:', status='published').first()\n"
        "r = o.runs.first()\n"
        "v = Venue.objects.filter(source_id__startswith='kr-library:', location_approximate=False).first()\n"
        "print(o.pk, r.pk, o.provider.slug, v.pk, r.venue_id)\n"))
    o, r, slug, v, approx = out.strip().splitlines()[-1].split()
    return {"opportunity": o, "run": r, "provider": slug, "venue": v, "approx_venue": approx}


def check_page(page, path: str, name: str, *, map_markers: bool | None = None) -> None:
    visit(page, path)
    if map_markers is not None:
        assert_map_rendered(page, markers=map_markers)
    assert_headings_in_order(page)
    assert_fits_the_screen(page)
    check_a11y(page)
    shot(page, f"{name}-{page.viewport_name}")


def test_home(page):
    check_page(page, "/", "home")
    assert page.locator("h1").inner_text().startswith("Seoul")


def test_browse_with_filters(page):
    check_page(page, "/opportunities/?district=gangnam-gu&topic=music&age_group=adults", "browse")
    assert page.locator(".cards .card").count() > 0
    page.select_option("#f-topic", "digital")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    assert "topic=digital" in page.url
    check_a11y(page)


def test_opportunity_page_with_map(page, ids):
    check_page(page, f"/opportunities/{ids['opportunity']}/", "opportunity", map_markers=True)
    # The map's text alternative: the venues are links in the dates table, and the approximation is said.
    assert page.locator(f"table a[href='/venues/{ids['approx_venue']}/']").count() >= 1
    assert page.locator(".notice", has_text="대략적").count() == 1
    assert page.locator("script[type='application/ld+json']").count() == 1


def test_run_page(page, ids):
    check_page(page, f"/runs/{ids['run']}/", "run", map_markers=True)


def test_provider_page(page, ids):
    check_page(page, f"/providers/{ids['provider']}/", "provider", map_markers=True)


def test_venue_page(page, ids):
    check_page(page, f"/venues/{ids['venue']}/", "venue", map_markers=True)
    check_page(page, f"/venues/{ids['approx_venue']}/", "venue-approximate", map_markers=True)
    assert page.locator(".notice", has_text="대략적인 위치").count() == 1


def test_district_list_map(page):
    check_page(page, "/districts/", "district-list", map_markers=False)
    assert page.locator("table tbody tr").count() == 25  # the map's text alternative


def test_district_page_chart_and_table(page):
    check_page(page, "/districts/gangnam-gu/", "district", map_markers=True)
    chart = page.locator("figure.chart svg[role=img]")
    assert chart.count() == 1 and chart.get_attribute("aria-labelledby")
    assert page.locator("table caption", has_text="연령대·성별 인구").count() == 1


def test_providers_list(page):
    check_page(page, "/providers/?sector=library", "providers")


def test_english(page):
    visit(page, "/")
    with page.expect_navigation():
        page.select_option("#language-select", "en")  # submits itself (site.js); the button is there without JS
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text().startswith("Learn something new")
    check_page(page, "/districts/jongno-gu/", "district-en", map_markers=True)


def test_staff_journey(page, live_city, chromium):
    title = f"가족 도예 교실 ({page.viewport_name})"
    sign_in(page, live_city.base_url, "staff@example.org", live_city.password)
    visit(page, "/manage/")
    assert_headings_in_order(page)
    check_a11y(page)
    shot(page, f"staff-provider-{page.viewport_name}")
    page.click("text=새 강좌")
    page.wait_for_load_state()
    check_a11y(page)
    page.fill("#id_title", title)
    page.check("input[name=topics][value=arts-crafts]")
    page.fill("#id_age_min", "30")
    page.fill("#id_age_max", "8")  # reversed on purpose
    page.click("main form.stacked button[type=submit]")
    page.wait_for_load_state()
    summary = page.locator("#error-summary")
    assert summary.is_visible() and "최대 나이" in summary.inner_text()
    assert page.evaluate("() => document.activeElement.id") == "error-summary"
    assert page.locator("#id_age_max").get_attribute("aria-invalid") == "true"
    assert page.locator("#id_age_max_error").inner_text().startswith("최대 나이(8세)")
    assert_fits_the_screen(page)
    check_a11y(page)
    shot(page, f"staff-form-error-{page.viewport_name}")

    page.fill("#id_age_max", "")
    page.fill("#id_age_min", "7")
    page.click("main form.stacked button[type=submit]")
    page.wait_for_url(re.compile(r".*/manage/opportunities/\d+/$"))
    opportunity_url = page.url
    pk = re.search(r"/manage/opportunities/(\d+)/", opportunity_url).group(1)
    check_a11y(page)

    page.click("text=개설 일정 추가")
    page.wait_for_load_state()
    start = datetime.date.today() + datetime.timedelta(days=14)
    page.select_option("#id_venue", index=1)
    page.fill("#id_start_date", start.isoformat())
    page.fill("#id_end_date", (start + datetime.timedelta(days=28)).isoformat())
    page.fill("#id_start_time", "10:00")
    page.fill("#id_end_time", "12:00")
    page.check("input[name=weekdays][value=SA]")
    check_a11y(page)
    page.click("main form.stacked button[type=submit]")
    page.wait_for_url(opportunity_url)
    assert page.locator("table tbody tr").count() == 1
    page.click("table button:has-text('공개하기')")  # publish the run
    page.wait_for_load_state()
    page.click(".actions button:has-text('공개하기')")  # publish the opportunity
    page.wait_for_load_state()
    assert page.locator(".status-published").count() >= 1
    shot(page, f"staff-published-{page.viewport_name}")

    anonymous = chromium.new_context(base_url=live_city.base_url, locale="ko-KR")
    try:
        public = anonymous.new_page()
        assert public.goto(f"/opportunities/{pk}/").ok
        assert public.locator("h1").inner_text() == title
        assert public.locator("table tbody tr").count() == 1  # the published run

        page.on("dialog", lambda dialog: dialog.accept())  # "Archive this opportunity?"
        page.click(".actions button:has-text('보관하기')")
        page.wait_for_load_state()
        assert page.locator(".status-archived").count() == 1
        assert public.goto(f"/opportunities/{pk}/").status == 404
    finally:
        anonymous.close()


def test_pages_work_under_the_content_security_policy(chromium, live_city, ids):
    """No bypass: the real CSP applies. Nothing is blocked, and the maps still draw."""
    context = chromium.new_context(base_url=live_city.base_url, locale="ko-KR")
    context.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation', "
                            "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.on("pageerror", lambda error: console.append(str(error)))
    try:
        for path in ("/", f"/opportunities/{ids['opportunity']}/", "/districts/", "/districts/gangnam-gu/",
                     f"/venues/{ids['venue']}/", "/accounts/login/"):
            response = visit(page, path)
            assert "script-src 'self'" in response.headers["content-security-policy"]
            if page.locator("[data-map]").count():
                assert_map_rendered(page)
            assert page.evaluate("() => window.__csp") == [], path
        assert not [m for m in console if "Content Security Policy" in m or "Refused" in m], console
        assert not [m for m in console if "Error" in m], console
    finally:
        context.close()
