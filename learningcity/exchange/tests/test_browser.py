"""Exchange pages in a real browser (phone and desktop): no accessibility violations, links work."""

import pytest

from learningcity.testing.browser import check_a11y, shot, sign_in

pytestmark = pytest.mark.browser


def test_open_data_and_template_pages(page, live_city):
    page.goto("/feeds/")
    assert page.locator("h1").inner_text()
    check_a11y(page, context="open data")
    shot(page, f"exchange-dataset-{page.viewport_name}")
    page.goto("/feeds/template/")
    assert page.locator("a[href='/feeds/template.csv']").count() == 1
    check_a11y(page, context="template")


def test_run_page_calendar_link(page, live_city):
    import json
    import urllib.request

    feed = json.loads(urllib.request.urlopen(live_city.base_url + "/feeds/runs?limit=20", timeout=30).read())
    run_url = next(i["data"]["url"] for i in feed["items"] if i["state"] == "updated")
    page.goto(run_url)
    link = page.locator("a[href$='/calendar.ics']")
    assert link.count() == 1
    check_a11y(page, context="run with calendar panel")


def test_feed_health_for_the_city_office(page, live_city):
    sign_in(page, live_city.base_url, live_city.accounts["office"], live_city.password)
    page.goto("/feeds/health/")
    assert "서울특별시 강남구청" in page.content()
    check_a11y(page, context="feed health")
    shot(page, f"exchange-health-{page.viewport_name}")
