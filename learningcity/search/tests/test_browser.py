"""The search page in a real Chromium, phone and desktop: type, filter, map, near me; axe-core clean."""

import re

import pytest

from learningcity.testing.browser import CHROMIUM, check_a11y, shot

pytestmark = pytest.mark.browser


def test_search_type_filter_and_page(page, live_city):
    page.goto("/search/")
    check_a11y(page, context="search page, empty")
    page.fill("#s-q", "피아노")
    page.locator(".search-row button[type=submit]").click()
    page.wait_for_load_state()
    assert "q=" in page.url
    count = page.locator(".result-count").inner_text()
    assert re.search(r"\d+", count)
    assert page.locator("ol.results li.card").count() > 0
    assert "피아노" in page.locator("ol.results li.card h3").first.inner_text()
    page.wait_for_selector("#search-map.leaflet-container")  # the map drew, from a static script
    check_a11y(page, context="search results")
    shot(page, f"search-results-{page.viewport_name}")

    # A facet: open its group, tick a value, apply.
    page.locator("details.facet summary", has_text=re.compile("요일|Day of the week")).click()
    page.locator("input[name=weekday][value=TU]").check()
    page.locator(".search-filters button[type=submit]").click()
    page.wait_for_load_state()
    assert "weekday=TU" in page.url
    assert page.locator("input[name=weekday][value=TU]").is_checked()
    check_a11y(page, context="search with a facet")


def test_no_results_and_bad_input(page, live_city):
    page.goto("/search/?q=요리&district=jongno-gu&lat=999&lon=1")
    assert page.locator("[role=alert]").count() == 1  # the bad coordinates, said and left out
    relax = page.locator(".search-results .notice a").first
    relax.click()
    page.wait_for_load_state()
    assert "district=" not in page.url and page.locator("ol.results li.card").count() > 0
    check_a11y(page, context="after relaxing a filter")


def test_use_my_location(chromium, live_city):
    context = chromium.new_context(base_url=live_city.base_url, geolocation={"latitude": 37.4960, "longitude": 127.0630},
                                   permissions=["geolocation"], locale="ko-KR", bypass_csp=True,
                                   viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto("/search/?q=요리")
        button = page.locator("#s-locate")
        assert button.is_visible()  # shown only when the script runs
        button.click()
        page.wait_for_url(re.compile(r"lat=37\.49600.*lon=127\.06300|lon=127\.06300.*lat=37\.49600"))
        assert "sort=distance" in page.url and "radius_km=3" in page.url
        assert "km" in page.locator("ol.results li.card .meta").nth(2).inner_text()
        # The search area is drawn: the 3 km circle, with the map fitted to it.
        page.wait_for_selector("#search-map path.search-area", state="attached")
        share = page.evaluate("""() => {
            const map = document.querySelector('#search-map').getBoundingClientRect();
            const area = document.querySelector('#search-map path.search-area').getBoundingClientRect();
            return Math.max(area.width / map.width, area.height / map.height);
        }""")
        # Fitted at a whole zoom level: the circle spans between half and all of the map, not a speck.
        assert 0.45 < share <= 1.0, share
        check_a11y(page, context="near me")
        shot(page, "search-near-me-phone")
    finally:
        context.close()
    assert CHROMIUM
