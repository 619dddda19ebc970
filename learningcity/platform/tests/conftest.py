"""Whole-platform fixtures: the people and records the permission matrix and the security tests act on, and
the search tests' demo-city index (for the pages and endpoints that search)."""

from __future__ import annotations

import pytest

from learningcity.platform.tests.matrix_world import TEST_KEK, TODAY, build_world
from learningcity.search.tests.conftest import _demo_index, demo_index, search_dir  # noqa: F401


@pytest.fixture
def world(request, settings, tmp_path, gangnam, gangnam_staff, other_staff, city_office, learner):
    """Eight roles and Gangnam-gu's draft records. A test module may define `world_needs(request)` returning
    which costly extras its test needs: {"credentials", "search", "snapshot"} (default: credentials)."""
    from learningcity.core.selectors import city_area_code
    from learningcity.monitoring import services as monitoring

    settings.KEY_ENCRYPTION_KEY = TEST_KEK
    settings.VAR_DIR = tmp_path
    from learningcity.lrs.storage.statements import cache_clear

    cache_clear()  # the learners' services write statements; the LRS caches interned ids (see learners/tests)
    needs = request.module.world_needs(request) if hasattr(request.module, "world_needs") else {"credentials"}
    w = build_world(gangnam=gangnam, gangnam_staff=gangnam_staff, other_staff=other_staff, city_office=city_office,
                    learner=learner, with_credentials="credentials" in needs)
    w.statistic = monitoring.external_statistic_save(by=city_office, indicator="EXT-LIT", area_code=city_area_code(),
                                                     year=TODAY.year - 1, value=97.0, source="Matrix")
    if "search" in needs:
        request.getfixturevalue("demo_index")
    if "snapshot" in needs:
        monitoring.snapshot_create(by=None, reference_date=TODAY, mirror=tmp_path / "mirror.duckdb")
    yield w
    cache_clear()
