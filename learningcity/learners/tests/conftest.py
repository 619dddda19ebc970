"""Shared by every learners test: the LRS caches interned ids per process, and each test's rows are rolled
back, so a test must neither see nor leave ids of rows that no longer exist (services write statements)."""

from __future__ import annotations

import pytest

from learningcity.lrs.storage.statements import cache_clear


@pytest.fixture(autouse=True)
def _fresh_lrs_cache():
    cache_clear()
    yield
    cache_clear()
