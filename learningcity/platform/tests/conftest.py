"""Whole-platform fixtures: the search tests' demo-city index, for the pages and endpoints that search."""

from learningcity.search.tests.conftest import _demo_index, demo_index, search_dir  # noqa: F401
