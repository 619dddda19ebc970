"""Searching the real index of the demo city (plus a few runs made here through the catalogue services):
words, filters, distance, sorting, paging and the no-results answer, checked against the database (facet
counts: test_facets.py)."""

import datetime

from learningcity.catalogue.models import OpportunityRun
from learningcity.catalogue.selectors import public_runs
from learningcity.search.geo import haversine_km
from learningcity.testing import factories


def titles(result) -> list[str]:
    return [item["title"] for item in result.items]


class TestWords:
    def test_korean_word_finds_compounds_and_particles(self, search, made):
        found = titles(search(q="서예"))
        assert "서예교실 초급반" in found and "붓으로 서예를 배우자" in found

    def test_query_with_a_particle_finds_the_noun(self, search, made):
        assert "서예교실 초급반" in titles(search(q="서예를"))

    def test_english_inflections(self, search, made):
        assert "Watercolour painting for beginners" in titles(search(q="paint"))
        assert "Watercolour painting for beginners" in titles(search(q="paintings beginner"))

    def test_one_typo_in_a_longer_word(self, search, made):
        assert "Watercolour painting for beginners" in titles(search(q="watercolor"))
        assert any("피아노" in t for t in titles(search(q="피아누")))  # 피아노 with one syllable wrong

    def test_title_beats_description_and_exact_beats_fuzzy(self, search, gangnam, catch_up):
        in_title = factories.opportunity(provider=gangnam, title="Origami for everyone", description="Paper.")
        in_body = factories.opportunity(provider=gangnam, title="Paper crafts", description="We fold origami.")
        typo = factories.opportunity(provider=gangnam, title="Orgami club", description="")
        for o in (in_title, in_body, typo):
            factories.run(opportunity=o)
        catch_up()
        # Spelled right: title before description, and the one-typo neighbour is not mixed in.
        assert titles(search(q="origami")) == ["Origami for everyone", "Paper crafts"]
        # Spelled wrong (nothing as typed): one typo allowed.
        assert "Origami for everyone" in titles(search(q="origamo"))
        assert search(q="origamo").typo_tolerant

    def test_every_word_must_match_else_some_words_follow(self, search):
        both = search(q="클래식 피아노")
        assert both.matched == "all" and both.total >= 5
        assert all("피아노" in t and "클래식" in t for t in titles(both))
        few = search(q="어린이 피아노", per_page=10)  # four runs have both words
        assert few.matched == "any" and few.all_total == 4 and few.total > 4
        assert all("어린이 피아노" in t.replace("(", " ") for t in titles(few)[:4])
        none = search(q="피아노 우주비행")
        assert none.matched == "any" and none.all_total == 0 and none.total > 0

    def test_query_syntax_is_plain_text(self, search):
        for q in ['"피아노', "피아노 AND (", "title:피아노", "피아노~2^3", "*", "[a TO z]", "\\", "'; DROP TABLE"]:
            result = search(q=q)
            assert result.total >= 0

    def test_the_index_holds_exactly_the_public_runs(self, demo_index, search):
        assert search().total == public_runs().count()


class TestFilters:
    def test_age_inside_the_audience_range(self, search):
        result = search(age=10, per_page=100)
        assert result.total == public_runs().filter(
            opportunity__age_min__lte=10, opportunity__age_max__gte=10).count()
        assert all(i["age_min"] <= 10 <= i["age_max"] for i in result.items)

    def test_free_and_max_cost(self, search):
        assert search(free=1).total == public_runs().filter(opportunity__is_free=True).count()
        capped = search(max_cost=36000, per_page=100)
        assert capped.total == public_runs().filter(opportunity__cost__lte=36000).count()

    def test_district_language_access_mode_and_weekday(self, search, made):
        assert titles(search(district="jongno-gu", per_page=50)) and all(
            i["district"] == "jongno-gu" for i in search(district="jongno-gu", per_page=50).items)
        assert titles(search(language="en")) == ["Watercolour painting for beginners"]
        wheelchair = [r for r in public_runs() if "wheelchair" in r.opportunity.accessibility
                      or (r.venue and "wheelchair" in r.venue.accessibility)]
        assert search(access="wheelchair").total == len(wheelchair) >= 4
        assert search(weekday="SA", district="jongno-gu").total == 4
        assert search(daypart="morning", district="jongno-gu").total == 4
        assert search(daypart="evening", district="jongno-gu").total == 0
        assert search(mode="online").total == public_runs().filter(opportunity__delivery_mode="online").count()

    def test_family_target_group_and_topic(self, search, made):
        assert titles(search(family=1, district="jongno-gu")) == ["Family cooking afternoon"]
        assert titles(search(group="families", district="jongno-gu")) == ["Family cooking afternoon"]
        music = search(topic="music", per_page=100)
        assert music.total == public_runs().filter(opportunity__topics__code="music").count()

    def test_dates_overlap(self, search):
        result = search(date_from="2026-03-01", date_to="2026-03-31", per_page=100)
        expected = public_runs().filter(start_date__lte="2026-03-31", end_date__gte="2026-03-01").count()
        assert result.total == expected > 0

    def test_upcoming_and_enrolment_open_now(self, search, made):
        assert search(upcoming=1).total == public_runs().filter(end_date__gte=datetime.date.today()).count() >= 4
        now = datetime.datetime.now(datetime.timezone.utc)

        def is_open(run) -> bool:
            # Without a closing time, enrolment stays open until the end of the run's last day.
            closes = run.enrolment_closes or datetime.datetime.combine(
                run.end_date + datetime.timedelta(days=1), datetime.time(0), tzinfo=datetime.timezone.utc)
            return (run.enrolment_opens is None or run.enrolment_opens <= now) and now <= closes

        open_runs = sum(1 for r in public_runs() if is_open(r))
        assert search(open_now=1).total == open_runs >= 4
        # The toggle says how many it would give, whether it is off (counted with the facets) or on.
        assert search(facets=1).toggles["open_now"] == open_runs
        assert search(facets=1, open_now=1).toggles["open_now"] == open_runs
        free_and_open = search(facets=1, free=1, open_now=1).total
        assert search(facets=1, free=1).toggles["open_now"] == free_and_open < open_runs


class TestDistance:
    def test_radius_is_exact(self, search, made, gangnam):
        # Venues a few hundred metres apart around the made venue (Jongno): some inside 1 km, some outside.
        for i, (dlat, dlon) in enumerate(((0.005, 0), (0.008, 0.004), (0.0089, 0.0), (0.0095, 0), (0.02, 0))):
            v = factories.venue(provider=gangnam, lat=37.5735 + dlat, lon=126.9790 + dlon, name=f"ring {i}")
            factories.run(opportunity=factories.opportunity(provider=gangnam, title=f"Ring course {i}"), venue=v)
        from learningcity.search.indexer import index_catch_up

        index_catch_up()
        result = search(lat=37.5735, lon=126.9790, radius_km=1, per_page=100)
        within = [r for r in public_runs().exclude(venue=None)
                  if haversine_km(37.5735, 126.9790, r.venue.latitude, r.venue.longitude) <= 1]
        assert result.total == len(within)
        assert {i["run"] for i in result.items} == {r.pk for r in within}
        assert all(i["distance_km"] <= 1 for i in result.items)

    def test_sort_by_distance_pages_in_order(self, search, made):
        first = search(near="jongno-gu", sort="distance", per_page=5)
        second = search(near="jongno-gu", sort="distance", per_page=5, page=2)
        distances = [i["distance_km"] for i in first.items + second.items]
        assert distances == sorted(distances)
        assert first.items[0]["district"] == "jongno-gu"

    def test_near_a_district_with_radius(self, search, made):
        result = search(near="gangnam-gu", radius_km=2)
        assert result.total > 0 and all(i["distance_km"] <= 2 for i in result.items)


class TestOrderAndPages:
    def test_sort_by_start_date(self, search):
        items = search(sort="start", per_page=50).items
        assert [i["start"] for i in items] == sorted(i["start"] for i in items)

    def test_pages_do_not_overlap_and_a_page_past_the_end_is_empty(self, search):
        one, two = search(per_page=10), search(per_page=10, page=2)
        assert not {i["run"] for i in one.items} & {i["run"] for i in two.items}
        assert search(per_page=10, page=500).items == []


class TestNoResults:
    def test_suggests_which_filter_to_relax(self, search):
        result = search(q="요리", district="jongno-gu", free=1)
        assert result.total == 0
        drops = {s.drop: s.count for s in result.suggestions}
        assert drops["district"] == search(q="요리", free=1).total > 0
        assert "free" not in drops  # leaving out "free" alone still finds nothing
        assert drops.get("q", 0) == search(district="jongno-gu", free=1).total

    def test_nothing_to_suggest_without_filters(self, search):
        result = search(q="우주비행사")
        assert result.total == 0 and result.suggestions == []


def test_results_carry_what_a_card_shows(search):
    item = search(q="피아노").items[0]
    run = OpportunityRun.objects.select_related("opportunity").get(pk=item["run"])
    assert item["title"] == run.opportunity.title and item["start"] == run.start_date.isoformat()
