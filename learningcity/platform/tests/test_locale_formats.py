"""Dates, numbers and money follow the visitor's language on real pages; a third language is a setting (and its
catalogues), with its own formats from the first request, and no code change."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from decimal import Decimal

import pytest
from django.utils import translation

from learningcity.config.env import BASE_DIR
from learningcity.testing import factories

START = datetime.date(2027, 3, 4)


@pytest.fixture
def priced_run(gangnam):
    venue = factories.venue(provider=gangnam, name="Locale room", capacity=1500)
    opportunity = factories.opportunity(provider=gangnam, title="Locale course", is_free=False,
                                        cost=Decimal("1234567"))
    return factories.run(opportunity=opportunity, venue=venue, start=START)


def page(client, url, language):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert response["Content-Language"] == language
    return response.content.decode()


def test_korean_and_english_pages_format_dates_numbers_and_money(client, priced_run):
    run_url, venue_url = f"/runs/{priced_run.pk}/", f"/venues/{priced_run.venue.pk}/"
    ko, en = page(client, run_url, "ko"), page(client, run_url, "en")
    assert "2027년 3월 4일" in ko and "March 4, 2027" not in ko
    assert "March 4, 2027" in en and "2027년 3월 4일" not in en
    assert "₩1,234,567" in ko and "₩1,234,567" in en  # CLDR: both write won this way
    assert "1,500" in page(client, venue_url, "ko") and "1,500" in page(client, venue_url, "en")


def test_a_third_language_is_a_setting_with_its_own_formats(client, priced_run, settings):
    """Vietnamese (no catalogue yet, so the words fall back to English): its dates, digit grouping and currency
    placement are Vietnamese from the first request."""
    settings.LANGUAGES = [*settings.LANGUAGES, ("vi", "Vietnamese")]
    vi = page(client, f"/runs/{priced_run.pk}/", "vi")
    assert "04 tháng 3 năm 2027" in vi and "March 4, 2027" not in vi
    assert "1.234.567\xa0₩" in vi or "1.234.567 ₩" in vi
    assert "1.500" in page(client, f"/venues/{priced_run.venue.pk}/", "vi")
    switcher = page(client, "/", "vi")
    assert '<option value="vi" lang="vi" selected>' in switcher  # offered in the language menu


def test_formats_outside_requests_follow_the_active_language():
    from learningcity.core import formats

    with translation.override("ko"):
        assert formats.money(1234567) == "₩1,234,567" and formats.number(1234.5) == "1,234.5"
    with translation.override("de"):
        assert formats.number(1234.5) == "1.234,5"


def _settings_with(languages: str) -> subprocess.CompletedProcess:
    environ = {**os.environ, "LEARNINGCITY_LANGUAGES": languages, "DJANGO_SETTINGS_MODULE": "learningcity.config.settings"}
    code = ("import django; django.setup(); from django.conf import settings; "
            "print(settings.LANGUAGE_CODE, ','.join(c for c, _ in settings.LANGUAGES))")
    return subprocess.run([sys.executable, "-c", code], env=environ, cwd=BASE_DIR, capture_output=True, text=True,
                          timeout=120)


def test_languages_come_from_the_environment():
    result = _settings_with("ko,en,vi")
    assert result.returncode == 0, result.stderr[-1000:]
    assert result.stdout.split() == ["ko", "ko,en,vi"]
    refused = _settings_with("ko,klingon")
    assert refused.returncode != 0 and "unknown language code(s) ['klingon']" in refused.stderr
