"""A learner's whole journey in real Chromium (phone and desktop), axe-clean on every page: sign up, set the
profile, add self-reported learning (first with mistakes), see it in the passport and its print view, look at
what is stored, and erase the account."""

from __future__ import annotations

import pytest

from learningcity.testing.browser import (
    assert_fits_the_screen, assert_headings_in_order, check_a11y, shot, visit,
)

pytestmark = pytest.mark.browser
PASSWORD = "a quiet river at dawn 2026"


def look(page, name: str) -> None:
    assert_headings_in_order(page)
    assert_fits_the_screen(page)
    check_a11y(page)
    shot(page, f"people-{name}-{page.viewport_name}")


def test_sign_up_profile_self_report_passport_print_and_erase(page, live_city):
    email = f"journey-{page.viewport_name}@example.org"
    visit(page, "/")
    page.click("header a[href='/account/signup/']")
    page.wait_for_load_state()
    look(page, "signup")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=display_name]", "Journey")
    page.click("main button[type=submit]")
    page.wait_for_url("**/account/profile/")
    look(page, "profile")

    page.fill("input[name=birth_year]", "1984")
    page.check("input[name=sex][value=F]")
    page.select_option("select[name=district]", index=1)
    page.check("input[name=languages][value=ko]")
    page.click("main form.stacked button.button-primary")
    page.wait_for_url("**/account/profile/")
    assert "40–44" in page.inner_text("main")
    page.check("input[name=statistics_consent]")
    page.click("#consent-heading ~ form button")
    page.wait_for_load_state()
    assert page.is_checked("input[name=statistics_consent]")

    visit(page, "/passport/")
    look(page, "passport-empty")
    page.click("a[href='/passport/self-reported/new/']")
    page.wait_for_load_state()
    page.fill("input[name=title]", "Cooking with my grandmother")
    page.fill("input[name=learned_on]", "2026-03-14")
    page.fill("input[name=hours]", "-2")
    page.fill("input[name=evidence_url]", "not a link")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#error-summary").is_visible()
    assert page.locator("[aria-invalid=true]").count() == 2
    look(page, "self-report-errors")
    page.fill("input[name=hours]", "2.5")
    page.fill("input[name=evidence_url]", "")
    page.click("main button[type=submit]")
    page.wait_for_url("**/passport/")
    assert "Cooking with my grandmother" in page.inner_text("main")
    assert page.locator("main svg[role=img]").count() == 2 and page.locator("main table").count() == 2
    look(page, "passport")

    visit(page, "/passport/print/")
    assert "Cooking with my grandmother" in page.inner_text("main")
    look(page, "passport-print")
    page.emulate_media(media="print")
    assert not page.locator("header.site-header").is_visible()
    shot(page, f"people-passport-printed-{page.viewport_name}")
    page.emulate_media(media="screen")

    visit(page, "/account/privacy/")
    look(page, "privacy")
    page.click("a[href='/account/erase/']")
    page.wait_for_load_state()
    look(page, "erase")
    page.fill("input[name=confirmation]", email)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert page.url.rstrip("/") == live_city.base_url.rstrip("/")
    assert page.locator("header a[href='/account/signup/']").is_visible()
    check_a11y(page)
    visit(page, "/passport/")
    assert "/accounts/login/" in page.url
