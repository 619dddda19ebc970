"""Checking what a search asks for: clear messages for bad input, nothing unknown let through."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from learningcity.search.params import MAX_QUERY_CHARS, parse_params
from learningcity.search.selectors import district_centres, search_choices


def parse(**kwargs):
    data = {k: v if isinstance(v, list) else [str(v)] for k, v in kwargs.items()}
    return parse_params(data, choices=search_choices(), district_centres=district_centres())


def errors_of(**kwargs) -> dict:
    with pytest.raises(ValidationError) as exc:
        parse(**kwargs)
    return exc.value.message_dict


@pytest.mark.django_db
class TestParse:
    def test_defaults(self):
        p = parse()
        assert (p.q, p.page, p.per_page, p.sort, p.facets) == ("", 1, 20, "relevance", True)
        assert p.active_filters() == []

    def test_values_and_lists(self):
        p = parse(q="서예", age="70", free="1", district=["gangnam-gu", "dobong-gu"], topic="music,cooking",
                  date_from="2026-03-01", date_to="2026-06-30", weekday=["TU"], sort="start")
        assert p.age == 70 and p.free and p.district == ["gangnam-gu", "dobong-gu"]
        assert p.topic == ["music", "cooking"]
        assert p.date_from == datetime.date(2026, 3, 1)
        assert set(p.active_filters()) == {"district", "topic", "weekday", "age", "free", "dates"}

    def test_near_a_district_uses_its_centre(self):
        p = parse(near="gangnam-gu", radius_km="3")
        assert p.has_point and p.radius_km == 3.0 and "distance" in p.active_filters()

    def test_age_group_from_the_home_page(self):
        assert parse(age_group="children").age == 6
        assert "age_group" in errors_of(age_group="toddlers")

    @pytest.mark.parametrize("kwargs, field", [
        ({"q": "가" * (MAX_QUERY_CHARS + 1)}, "q"),
        ({"lat": "91", "lon": "127"}, "lat"),
        ({"lat": "37.5", "lon": "-181"}, "lon"),
        ({"lat": "nan", "lon": "127"}, "lat"),
        ({"lat": "37.5"}, "lat"),
        ({"lat": "37.5", "lon": "127", "radius_km": "0"}, "radius_km"),
        ({"lat": "37.5", "lon": "127", "radius_km": "1000"}, "radius_km"),
        ({"radius_km": "3"}, "radius_km"),
        ({"near": "atlantis"}, "near"),
        ({"age": "-1"}, "age"),
        ({"age": "abc"}, "age"),
        ({"district": "atlantis"}, "district"),
        ({"topic": ["music", "astrology"]}, "topic"),
        ({"language": "klingon"}, "language"),
        ({"mode": "teleport"}, "mode"),
        ({"weekday": "XX"}, "weekday"),
        ({"sort": "random"}, "sort"),
        ({"sort": "distance"}, "sort"),
        ({"page": "0"}, "page"),
        ({"page": "99999999999999999999"}, "page"),
        ({"per_page": "1000"}, "per_page"),
        ({"free": "maybe"}, "free"),
        ({"date_from": "yesterday"}, "date_from"),
        ({"date_from": "2026-05-01", "date_to": "2026-04-01"}, "date_to"),
        ({"max_cost": "-5"}, "max_cost"),
    ])
    def test_bad_input_names_the_field(self, kwargs, field):
        errors = errors_of(**kwargs)
        assert field in errors and errors[field][0]

    def test_round_trip_to_query(self):
        p = parse(q="서예", district=["gangnam-gu"], free="1", page="2")
        pairs = p.to_query()
        assert ("q", "서예") in pairs and ("district", "gangnam-gu") in pairs and ("free", "1") in pairs
        data: dict[str, list[str]] = {}
        for k, v in pairs:
            data.setdefault(k, []).append(v)
        assert parse_params(data, choices=search_choices(), district_centres=district_centres()) == p
