"""The journeys in a real browser (phone and desktop), axe-core on every page.

Staff set up their issuer, define an achievement and award it; the learner finds it in their credentials,
shares a public link; anyone opens the link and sees it verified; the verification page tells a genuine
credential from a tampered one; the learner imports a credential.
"""

from __future__ import annotations

import json
import re

import pytest

from learningcity.testing.browser import check_a11y, shot, sign_in

pytestmark = pytest.mark.browser


def _submit(page, form_selector: str) -> None:
    page.locator(f"{form_selector} button[type=submit]").first.click()
    page.wait_for_load_state()


def test_staff_award_and_learner_share_and_verify(page, live_city):
    base, vp = live_city.base_url, page.viewport_name
    sign_in(page, base, live_city.accounts["staff"], live_city.password)
    page.goto(f"{base}/credentials/manage/")
    check_a11y(page, context="manage index")
    set_up = page.locator("form[action$='/credentials/manage/set-up/'] button")
    if set_up.count():
        set_up.first.click()
        page.wait_for_load_state()
    else:
        page.locator("main .cards a").first.click()
        page.wait_for_load_state()
    check_a11y(page, context="issuer admin")
    shot(page, f"credentials-issuer-admin-{vp}")
    page.locator("a[href$='/achievements/new/']").click()
    page.wait_for_load_state()
    check_a11y(page, context="new achievement")
    name = f"Smartphone basics ({vp})"
    page.fill("input[name=name]", name)
    page.fill("textarea[name=description]", "Uses a smartphone for everyday tasks.")
    page.fill("textarea[name=criteria]", "Show three everyday tasks on a phone.")
    page.check("input[name=isced_fields][value='06']")
    _submit(page, "main form[method=post]")
    assert "/credentials/manage/achievements/" in page.url
    check_a11y(page, context="achievement admin")
    page.locator("a[href$='/award/']").click()
    page.wait_for_load_state()
    check_a11y(page, context="award")
    page.fill("textarea[name=emails]", live_city.accounts["learner"])
    _submit(page, "main form[method=post]")
    assert "/credentials/manage/achievements/" in page.url

    page.context.clear_cookies()
    sign_in(page, base, live_city.accounts["learner"], live_city.password)
    page.goto(f"{base}/credentials/mine/")
    check_a11y(page, context="my credentials")
    shot(page, f"credentials-mine-{vp}")
    page.get_by_role("link", name=name).first.click()
    page.wait_for_load_state()
    assert page.locator(".verification-ok").count() == 1
    check_a11y(page, context="credential")
    download = page.request.get(page.url + "download.json")
    document = download.json()
    assert document["credentialSubject"]["achievement"]["name"] == name
    _submit(page, "form[action$='/share/']")
    share_url = page.locator("#share-url").input_value()
    assert re.search(r"/credentials/shared/[\w-]+/$", share_url)
    shot(page, f"credentials-credential-{vp}")

    page.context.clear_cookies()
    page.goto(share_url)
    assert page.locator(".verification-ok").count() == 1
    assert name in page.content()
    check_a11y(page, context="shared credential")
    shot(page, f"credentials-shared-{vp}")

    page.goto(f"{base}/credentials/verify/")
    check_a11y(page, context="verify form")
    page.fill("textarea[name=text]", json.dumps(document))
    _submit(page, "main form[method=post]")
    assert page.locator(".verification-ok").count() == 1
    check_a11y(page, context="verified")
    tampered = dict(document, name="Brain surgery")
    page.fill("textarea[name=text]", json.dumps(tampered))
    _submit(page, "main form[method=post]")
    assert page.locator(".verification-fail").count() == 1
    assert page.locator(".verification-reason").inner_text().strip()
    check_a11y(page, context="not verified")
    shot(page, f"credentials-verify-failed-{vp}")


def test_learner_imports_a_credential(page, live_city):
    base = live_city.base_url
    sign_in(page, base, live_city.accounts["other"], live_city.password)
    page.goto(f"{base}/credentials/mine/")
    page.fill("textarea[name=text]", '{"@context": ["https://www.w3.org/ns/credentials/v2"], "type": '
                                     '["VerifiableCredential", "OpenBadgeCredential"], "issuer": '
                                     '"https://elsewhere.example/i", "credentialSubject": {"id": "did:example:1"}}')
    _submit(page, "main form[method=post]")
    assert "/credentials/imported/" in page.url
    check_a11y(page, context="imported credential")
    assert page.locator(".check-fail").count() >= 1  # unsigned: imported, marked not verified
    shot(page, f"credentials-imported-{page.viewport_name}")
