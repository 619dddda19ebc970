"""Core pages in real Chromium: about the data, sign-in (with its error), the account page."""

from __future__ import annotations

import pytest

from learningcity.testing.browser import (
    assert_fits_the_screen, assert_headings_in_order, check_a11y, shot, sign_in, visit,
)

pytestmark = pytest.mark.browser


def test_about_data(page):
    visit(page, "/about/data/")
    assert_headings_in_order(page)
    assert_fits_the_screen(page)
    check_a11y(page)
    assert page.locator("tbody tr").count() == 7
    shot(page, f"about-data-{page.viewport_name}")


def test_sign_in_error_then_account(page, live_city):
    visit(page, "/accounts/login/")
    check_a11y(page)
    page.fill("input[name=username]", "learner@example.org")
    page.fill("input[name=password]", "not the password")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("[role=alert]").is_visible()
    assert_fits_the_screen(page)
    check_a11y(page)
    shot(page, f"sign-in-error-{page.viewport_name}")
    sign_in(page, live_city.base_url, "learner@example.org", live_city.password)
    visit(page, "/account/")
    assert_headings_in_order(page)
    check_a11y(page)
    shot(page, f"account-{page.viewport_name}")
