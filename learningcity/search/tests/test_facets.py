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


GANGNAM = (37.4966, 127.0630)  # the demo city's runs are placed at Gangnam-gu's centre


class TestCountsInHand:
    """Within a circle the counts come from the runs in hand (`facets.counts_in_hand`), numbered per facet by
    the index (`bits`). They must be exactly what the aggregations would count."""

    @pytest.fixture
    def both_ways(self, search, monkeypatch):
        from learningcity.search import facets

        real = facets.counts_in_hand
        used = []

        def watched(plan):
            found = real(plan)
            used.append(found is not None)
            return found

        def run(**kwargs):
            monkeypatch.setattr(facets, "counts_in_hand", watched)
            facets.clear_facet_cache()
            in_hand = search(facets=1, **kwargs)
            assert used[-1], "the counts did not come from the runs in hand"
            monkeypatch.setattr(facets, "counts_in_hand", lambda plan: None)
            facets.clear_facet_cache()
            aggregated = search(facets=1, **kwargs)
            return in_hand, aggregated

        return run

    @pytest.mark.parametrize("kwargs", [
        {},
        {"q": "교실"},
        {"topic": "music"},  # a facet of several values per run, in use
        {"weekday": ["MO", "SA"]},
        {"mode": "in_person", "language": "ko"},  # two facets in use: each counted without itself
        {"free": 1, "age": 70},  # filters that every count keeps
        {"open_now": 1},
        {"q": "pottery", "district": "jongno-gu"},  # a chosen value with no run here
    ])
    def test_the_counts_from_the_runs_in_hand_are_the_aggregations(self, both_ways, made, kwargs):
        in_hand, aggregated = both_ways(lat=GANGNAM[0], lon=GANGNAM[1], radius_km=3, **kwargs)
        assert in_hand.total == aggregated.total
        assert in_hand.facets == aggregated.facets
        assert in_hand.toggles == aggregated.toggles
        if not kwargs:
            assert in_hand.total > 100 and len(in_hand.facets["topic"]) > 5  # a real test of many values

    def test_a_value_first_met_after_the_rebuild_is_numbered_and_counted(self, both_ways, gangnam, catch_up):
        from learningcity.catalogue.models import Topic
        from learningcity.search import store
        from learningcity.testing import factories

        Topic.objects.create(code="beekeeping", name_ko="양봉", name_en="Beekeeping")
        venue = factories.venue(provider=gangnam, lat=GANGNAM[0], lon=GANGNAM[1])
        opportunity = factories.opportunity(provider=gangnam, title="Rooftop bees", topics=["beekeeping"])
        factories.run(opportunity=opportunity, venue=venue)
        catch_up()
        assert ["topic", "beekeeping"] in store.reader().state.facet_bits["pairs"]
        in_hand, aggregated = both_ways(lat=GANGNAM[0], lon=GANGNAM[1], radius_km=1)
        topics = {fv.value: fv.count for fv in in_hand.facets["topic"]}
        assert topics["beekeeping"] == 1
        assert in_hand.facets == aggregated.facets

    def test_a_city_with_more_values_than_bits_is_counted_by_aggregation(self, search, demo_index, monkeypatch):
        from learningcity.search import bits, facets, indexer, store

        monkeypatch.setattr(bits, "CAPACITY", 40)  # fewer bits than the demo city's values
        indexer.index_rebuild()
        assert store.reader().state.facet_bits["full"]
        facets.clear_facet_cache()
        result = search(lat=GANGNAM[0], lon=GANGNAM[1], radius_km=3, facets=1)
        topics = {fv.value: fv.count for fv in result.facets["topic"]}
        assert len(topics) > 4
        assert topics["music"] == public_runs().filter(opportunity__topics__code="music").count()
