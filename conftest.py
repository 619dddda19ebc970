"""Fixtures for the whole suite.

- The test database holds the real demo city (Seoul), loaded once per session by the same loader the demo
  uses. Tests run inside a transaction that is rolled back, so the city is the same for every test.
- Transactional tests (`transaction=True`) run after the others (pytest-django orders them) and start from
  an empty database once the first of them has flushed it: use `city_geography_tx` if they need districts.
- Browser tests use `live_city` (a real gunicorn server with its own database) and `browser`.
"""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("LEARNINGCITY_TESTING", "1")


def pytest_configure(config):
    """Compile the translation catalogues first, so `pytest` alone (not only `make test`) tests the Korean pages."""
    import django
    from django.core.management import call_command

    from django.utils.translation import trans_real

    django.setup()
    call_command("compile_translations", quiet=True)
    # Django read the catalogues while it set itself up (before they were compiled): read them again. Python's
    # gettext module keeps its own cache of .mo files by path, so that goes too.
    import gettext

    gettext._translations.clear()
    trans_real._translations = {}
    trans_real._default = None


@pytest.fixture(autouse=True)
def _test_language():
    """Code outside a request (services, importers, commands) runs in English in tests, the language the
    messages are written in, so assertions on them do not depend on which test ran before; pages still follow
    LocaleMiddleware (Korean by default). Use `translation.override("ko")` to test a Korean message."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from learningcity.platform.demo_city import load_demo_city

    with django_db_blocker.unblock():
        load_demo_city()


@pytest.fixture
def city_geography_tx(transactional_db):
    from learningcity.core.models import District
    from learningcity.platform.demo_city import load_geography_only

    if not District.objects.exists():
        load_geography_only()


@pytest.fixture
def gangnam(db):
    from learningcity.catalogue.models import Provider

    return Provider.objects.get(source_id="kr-operator:서울특별시 강남구청")


@pytest.fixture
def city_office(db):
    from learningcity.testing import factories

    return factories.user(city_office=True)


@pytest.fixture
def gangnam_staff(gangnam):
    from learningcity.testing import factories

    return factories.staff(gangnam)


@pytest.fixture
def other_provider(db):
    from learningcity.testing import factories

    return factories.provider(name="Another provider")


@pytest.fixture
def other_staff(other_provider):
    from learningcity.testing import factories

    return factories.staff(other_provider)


@pytest.fixture
def learner(db):
    from learningcity.testing import factories

    return factories.user()


@pytest.fixture
def token_client(client):
    """A test client authenticating with a real API token: token_client(user) → client."""
    from django.test import Client

    from learningcity.core.services import api_token_create

    def make(user):
        _, raw = api_token_create(user=user, name="test", by=user)
        return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    return make


@pytest.fixture(scope="session")
def live_city(tmp_path_factory):
    from learningcity.testing.live import start_live_city

    city = start_live_city(tmp_path_factory.mktemp("live-city"))
    yield city
    city.stop()


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    from learningcity.testing.browser import CHROMIUM, LAUNCH_ARGS

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(params=["phone", "desktop"])
def page(request, chromium, live_city):
    """A fresh browser page per viewport (phone and desktop), CSP bypassed only so axe-core can be injected."""
    from learningcity.testing.browser import VIEWPORTS

    context = chromium.new_context(viewport=VIEWPORTS[request.param], bypass_csp=True,
                                   locale="ko-KR", base_url=live_city.base_url)
    pg = context.new_page()
    pg.viewport_name = request.param
    yield pg
    context.close()
