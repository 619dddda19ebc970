"""Facet counts (`search.facets`): per value, with a facet in use counted without itself, and the toggles,
checked against the database and against the searches each count leads to."""

import pytest

from learningcity.catalogue.selectors import public_runs


class TestFacets:
    def test_counts_match_the_database(self, search):
        result = search()
        topics = {fv.value: fv.count for fv in result.facets["topic"]}
        assert topics["music"] == public_runs().filter(opportunity__topics__code="music").count()
        weekdays = {fv.value: fv.count for fv in result.facets["weekday"]}
        assert weekdays["TH"] >= sum(1 for r in public_runs() if "TH" in r.weekdays) > 0
        assert result.toggles["free"] == public_runs().filter(opportunity__is_free=True).count()

    def test_a_facet_in_use_still_counts_its_other_values(self, search):
        chosen = search(topic="music")
        values = {fv.value: fv for fv in chosen.facets["topic"]}
        assert values["music"].selected
        assert values["cooking"].count == public_runs().filter(opportunity__topics__code="cooking").count()


    @pytest.mark.parametrize("facet", ["district", "topic"])  # one value per run; several per run
    def test_counts_with_one_facet_in_use_match_the_searches_they_lead_to(self, search, made, facet):
        value = {"district": "jongno-gu", "topic": "music"}[facet]
        chosen = search(facets=1, **{facet: value})
        assert chosen.total > 0
        counts = {name: {fv.value: fv.count for fv in values} for name, values in chosen.facets.items()}
        # The facet in use: each of its other values counts what choosing it instead would give.
        for other, count in counts[facet].items():
            assert count == search(**{facet: other}).total, other
        # The idle facets and the toggles: what adding them to this search would give.
        for name in ("language", "weekday", "mode", "setting", "sector"):
            for other, count in counts[name].items():
                if name != facet:
                    assert count == search(**{facet: value, name: other}).total, (name, other)
        for toggle in ("free", "family", "open_now"):
            assert chosen.toggles[toggle] == search(**{facet: value, toggle: 1}).total, toggle
        assert chosen.toggles["free"] == public_runs().filter(
            opportunity__is_free=True, **({"venue__district__slug": value} if facet == "district"
                                          else {"opportunity__topics__code": value})).distinct().count()
