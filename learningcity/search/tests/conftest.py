"""Search fixtures: a real tantivy index of the real demo city, one fresh copy per test.

The index is built once per session from the test database (the demo city, loaded by the root conftest) by
the production rebuild, then copied into each test's own folder, so a test may change its index freely.
Changes a test makes through the catalogue services reach its index through `catch_up()`, the same code
path the follower runs.
"""

from __future__ import annotations

import shutil

import pytest


@pytest.fixture(scope="session")
def _demo_index(tmp_path_factory, django_db_setup, django_db_blocker):
    from django.test import override_settings

    from learningcity.search import store
    from learningcity.search.indexer import index_rebuild

    path = tmp_path_factory.mktemp("search-index-demo")
    with django_db_blocker.unblock(), override_settings(SEARCH_DIR=path):
        store.forget_reader()
        index_rebuild()
    store.forget_reader()
    return path


@pytest.fixture
def search_dir(tmp_path, settings):
    """An empty index folder for this test."""
    from learningcity.search import selectors, store

    path = tmp_path / "search-index"
    settings.SEARCH_DIR = path
    store.forget_reader()
    selectors.clear_vocab_cache()
    yield path
    store.forget_reader()


@pytest.fixture
def demo_index(db, _demo_index, search_dir):
    """The demo city's index, this test's own copy."""
    shutil.copytree(_demo_index, search_dir)
    return search_dir


@pytest.fixture
def catch_up(demo_index):
    """Apply what the outbox holds since the index's position (what the follower does every 0.2 s)."""
    from learningcity.search.indexer import index_catch_up

    def run():
        report = index_catch_up(wait=5)
        assert not report.followed_elsewhere
        return report

    return run


@pytest.fixture
def search(demo_index):
    """search(q="서예", district=["gangnam-gu"], ...) → SearchResult, through the same parsing as the API."""
    from learningcity.search.params import parse_params
    from learningcity.search.selectors import district_centres, search_choices, search_runs

    def run(**kwargs):
        data = {k: [str(x) for x in v] if isinstance(v, (list, tuple)) else [str(v)] for k, v in kwargs.items()}
        params = parse_params(data, choices=search_choices(), district_centres=district_centres())
        return search_runs(params=params)

    return run


@pytest.fixture
def made(gangnam, catch_up):
    """A few runs with what the demo city lacks: English titles, Korean compounds and particles, a place."""
    import datetime

    from learningcity.core.models import District
    from learningcity.testing import factories

    jongno = District.objects.get(slug="jongno-gu")
    venue = factories.venue(provider=gangnam, lat=37.5735, lon=126.9790, name="Jongno Learning Hall",
                            accessibility=["wheelchair", "step_free"])
    start = datetime.date(2027, 3, 2)
    out = {}
    for key, title, extra in (
        ("compound", "서예교실 초급반", {}),
        ("particle", "붓으로 서예를 배우자", {}),
        ("english", "Watercolour painting for beginners", {"languages": ["en"], "cost": 20000, "is_free": False}),
        ("family", "Family cooking afternoon", {"family_friendly": True, "target_groups": ["families"],
                                               "age_min": 5, "age_max": None}),
    ):
        opportunity = factories.opportunity(provider=gangnam, title=title, description="", **extra)
        out[key] = factories.run(opportunity=opportunity, venue=venue, start=start, days=30, weekdays=["SA"],
                                 start_time=datetime.time(10), end_time=datetime.time(12))
    assert jongno.pk == venue.district_id
    catch_up()
    return out
