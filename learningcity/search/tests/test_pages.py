"""The search page: works without JavaScript, shows counts, a map with a text list, and handles bad input
by saying what was left out."""

import pytest
from django.urls import reverse


@pytest.fixture
def page(client, demo_index):
    def get(**params):
        response = client.get(reverse("search:page"), params)
        assert response.status_code == 200
        return response.content.decode()

    return get


def test_results_list_facets_and_map(page):
    html = page(q="피아노")
    assert "[수서1] 목요 피아노 (A)" in html
    assert 'name="topic" value="music"' in html  # a facet value with its count
    assert 'id="search-map"' in html and 'id="search-map-points"' in html
    assert "search/search.js" in html and "<script>" not in html  # no inline script


def test_chosen_filters_stay_chosen(page):
    html = page(q="요리", free="1", weekday="TU")
    assert 'name="free" value="1" checked' in html
    assert 'name="weekday" value="TU" checked' in html


def test_no_results_offers_links_that_relax(page):
    html = page(q="요리", district="jongno-gu")
    assert "Try leaving out" in html or "빼 보세요" in html
    assert "?q=%EC%9A%94%EB%A6%AC" in html  # the link keeps the words and drops the district


def test_bad_input_is_reported_and_left_out(page):
    html = page(q="피아노", lat="999", lon="127", district="atlantis", page="abc")
    assert "[수서1] 목요 피아노 (A)" in html  # the search still ran with the rest
    assert 'role="alert"' in html


def test_paging_links(page):
    html = page(per_page="5")
    assert 'rel="next"' in html and "page=2" in html


def test_navigation_find_learning_goes_to_search(client, demo_index):
    html = client.get("/").content.decode()
    assert f'href="{reverse("search:page")}"' in html
    assert f'action="{reverse("search:page")}"' in html  # the home page's form


def test_index_not_ready_page(client, search_dir, db):
    response = client.get(reverse("search:page"))
    assert response.status_code == 200 and "notice" in response.content.decode()
