"""The enrolment journey in real Chromium, on a phone and a desktop, axe-clean at every step: a learner finds a
run and enrols; a second learner joins the waiting list; the first cancels and the second is promoted; the
provider's staff mark attendance and completion on the roster; the second learner reviews the run."""

from __future__ import annotations

import re

import pytest

from learningcity.testing.browser import (
    VIEWPORTS, assert_fits_the_screen, assert_headings_in_order, check_a11y, shot, sign_in, visit,
)

pytestmark = pytest.mark.browser

# A run of the live city's Gangnam-gu provider with one place, begun two weeks ago (so sessions have passed),
# on for two more weeks; the demo courses have all ended.
MAKE_RUN = """
import datetime
from django.utils import timezone
from learningcity.catalogue.models import Provider
from learningcity.testing import factories
gangnam = Provider.objects.get(source_id="kr-operator:서울특별시 강남구청")
o = factories.opportunity(provider=gangnam, title="도자기 공방 {name}")
today = timezone.localdate()
r = factories.run(opportunity=o, start=today - datetime.timedelta(days=14), days=28, capacity=1,
                  start_time=datetime.time(10, 0), end_time=datetime.time(12, 0))
print(o.pk, r.pk)
"""


def _page_for(chromium, live_city, viewport: str, who: str):
    context = chromium.new_context(viewport=VIEWPORTS[viewport], bypass_csp=True, locale="ko-KR",
                                   base_url=live_city.base_url)
    pg = context.new_page()
    pg.viewport_name = viewport
    pg.on("dialog", lambda dialog: dialog.accept())  # "Give up your place?"
    sign_in(pg, live_city.base_url, live_city.accounts[who], live_city.password)
    return pg


def _check(page, name: str) -> None:
    assert_headings_in_order(page)
    assert_fits_the_screen(page)
    check_a11y(page)
    shot(page, f"{name}-{page.viewport_name}")


def test_enrol_wait_cancel_promote_attend_complete(page, chromium, live_city):
    opportunity_id, run_id = live_city.manage("shell", "-c", MAKE_RUN.format(name=page.viewport_name)) \
        .strip().splitlines()[-1].split()
    viewport = page.viewport_name

    # Browsing needs no account: the anonymous visitor sees the places and a sign-in link.
    visit(page, f"/runs/{run_id}/")
    assert "남은 자리 1개." in page.locator(".enrol-state").inner_text()
    assert page.locator("a", has_text="로그인하고 등록하기").count() == 1
    _check(page, "enrol-anonymous")

    learner = _page_for(chromium, live_city, viewport, "learner")
    visit(learner, f"/opportunities/{opportunity_id}/")
    _check(learner, "enrol-opportunity")
    learner.click(f"a[href='/runs/{run_id}/'] >> nth=0")
    learner.wait_for_load_state()
    learner.locator("section.enrol-panel button", has_text="등록하기").click()
    learner.wait_for_load_state()
    assert "이 일정에 등록되어 있습니다." in learner.locator(".enrol-state").inner_text()
    _check(learner, "enrol-enrolled")

    other = _page_for(chromium, live_city, viewport, "other")
    visit(other, f"/runs/{run_id}/")
    other.locator("section.enrol-panel button", has_text="대기자 명단에 등록").click()
    other.wait_for_load_state()
    assert "대기자 명단 1번입니다." in other.locator(".enrol-state").inner_text()
    _check(other, "enrol-waiting")

    visit(learner, "/enrolments/")
    _check(learner, "enrol-mine")
    learner.locator("button", has_text="등록 취소").first.click()
    learner.wait_for_load_state()
    assert "취소되었습니다." in learner.locator(".messages").inner_text()

    visit(other, f"/runs/{run_id}/")
    assert "이 일정에 등록되어 있습니다." in other.locator(".enrol-state").inner_text()  # promoted

    staff = _page_for(chromium, live_city, viewport, "staff")
    visit(staff, f"/manage/runs/{run_id}/")
    _check(staff, "manage-run-with-roster-link")
    staff.locator("a", has_text="수강생 명단과 출석").click()
    staff.wait_for_load_state()
    _check(staff, "roster")
    staff.locator("label", has_text="Other Learner").click()
    staff.locator("button", has_text="출석 저장").click()
    staff.wait_for_load_state()
    assert staff.locator("input[type=checkbox]:checked").count() == 1
    row = staff.locator("tbody tr", has_text="Other Learner")
    assert row.locator("td.num").inner_text().strip() == "2.00"
    row.get_by_role("button", name=re.compile("^수료")).click()
    staff.wait_for_load_state()
    assert "수료" in staff.locator("tbody tr", has_text="Other Learner").locator("td").first.inner_text()
    _check(staff, "roster-completed")

    visit(other, "/enrolments/")
    card = other.locator("li.card", has_text=f"도자기 공방 {viewport}")
    assert card.locator("a", has_text="후기 쓰기").count() == 1
    _check(other, "enrol-mine-completed")
    card.locator("a", has_text="후기 쓰기").click()
    other.wait_for_load_state()
    _check(other, "review-form")
    other.check("input[name=rating][value='5']")
    other.fill("textarea[name=text]", "친절한 강사님")
    other.locator("main button[type=submit]").click()
    other.wait_for_load_state()
    assert "친절한 강사님" in other.locator("section.reviews").inner_text()
    _check(other, "review-on-run")
    for pg in (learner, other, staff):
        pg.context.close()
