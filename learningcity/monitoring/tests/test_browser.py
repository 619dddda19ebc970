"""Dashboard, access map and what-if in a real Chromium (phone and desktop), axe-core clean; the desktop run
saves the screenshots committed under docs/."""

from __future__ import annotations

import shutil

import pytest

from learningcity.config.env import BASE_DIR
from learningcity.testing.browser import check_a11y, shot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def computed(live_city):
    live_city.manage("monitoring", "compute", "--quiet", "--date", "2026-04-30")
    return live_city


def _office(page, city):
    sign_in(page, city.base_url, city.accounts["office"], city.password)


def _keep(page, name: str) -> None:
    path = shot(page, f"monitoring-{name}-{page.viewport_name}")
    if page.viewport_name == "desktop":
        shutil.copy(path, BASE_DIR / "docs" / f"monitoring-{name}.png")


def test_dashboard(page, computed):
    _office(page, computed)
    page.goto("/monitoring/")
    assert page.locator("h1").inner_text().startswith("학습도시 지표")
    assert page.locator("table").count() >= 4
    check_a11y(page, context="dashboard")
    page.select_option("#area", label="강남구")
    page.click("form.filters button")
    page.wait_for_load_state()
    assert "강남구" in page.locator("h1").inner_text()
    check_a11y(page, context="dashboard, Gangnam-gu")
    _keep(page, "dashboard")


def test_access_map(page, computed):
    _office(page, computed)
    page.goto("/monitoring/access/?measure=venues")
    page.wait_for_selector("#access-map path.leaflet-interactive", timeout=15_000)
    assert page.locator("#access-map path.leaflet-interactive").count() > 400
    assert page.locator("#deserts ~ .table-scroll tbody tr").count() > 0
    check_a11y(page, context="access map")
    _keep(page, "access-map")


def test_what_if_by_map_click_and_by_keyboard(page, computed):
    _office(page, computed)
    page.goto("/monitoring/what-if/")
    page.wait_for_selector("#what-if-map path.leaflet-interactive", timeout=15_000)
    page.locator("#what-if-map").scroll_into_view_if_needed()
    box = page.locator("#what-if-map").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.3)
    assert page.input_value("#id_lat") != ""
    page.select_option("#id_measure", "65-69")
    page.click("form.stacked button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#change").count() == 1
    check_a11y(page, context="what-if result")
    # Keyboard-only: choose a neighbourhood instead of clicking.
    page.goto("/monitoring/what-if/")
    page.focus("#id_neighbourhood")
    page.select_option("#id_neighbourhood", index=5)
    page.press("#id_seats", "Enter")  # Enter in a text field submits the form
    page.wait_for_load_state()
    assert page.locator("#best").count() == 1
    _keep(page, "what-if")


def test_learners_cannot_reach_the_dashboard(page, computed):
    sign_in(page, computed.base_url, computed.accounts["learner"], computed.password)
    response = page.goto("/monitoring/")
    assert response.status == 403


def test_open_data_is_public(page, computed):
    page.goto("/open-data/")
    check_a11y(page, context="open data")
    response = page.goto("/api/v1/open-data/indicators?area=1100000000&age_band=all&sex=all")
    assert response.status == 200
