"""Hand-made sources for indicator tests: a city "C" with two districts, tables built with `inputs.table`."""

from __future__ import annotations

import datetime

import pytest

from learningcity.monitoring import engine, inputs

CITY, D1, D2 = "C", "D1", "D2"
REF = datetime.date(2025, 6, 30)


def pop_rows(cells: dict[tuple[str, str, str], int]) -> list[dict]:
    """{(district, band, sex): n} → district-level population rows."""
    return [{"level": "district", "area_code": d, "sex": s, "age_band": b, "population": n}
            for (d, b, s), n in cells.items()]


def connection(**rows) -> "engine.duckdb.DuckDBPyConnection":
    """A DuckDB connection with every source registered (missing ones empty); `statements` rows inserted."""
    con = engine.connect()
    statements = rows.pop("statements", [])
    tables = {name: inputs.table(name, rows.get(name, [])) for name in inputs.SCHEMAS if name != "statements"}
    engine.load_sources(con, tables)
    if statements:
        engine.StatementMirror(con).append(inputs.table("statements", statements))
    return con


@pytest.fixture
def small_city():
    population = pop_rows({(D1, "30-34", "M"): 600, (D1, "30-34", "F"): 400, (D2, "30-34", "M"): 500,
                           (D2, "30-34", "F"): 500, (D2, "65-69", "F"): 100})
    runs = [
        {"id": 1, "opportunity_id": 1, "venue_id": 1, "district_code": D1, "start_date": datetime.date(2025, 1, 1),
         "end_date": datetime.date(2025, 3, 1), "seats": 20, "hours": 10, "setting": "non_formal", "age_min": 30,
         "age_max": 39, "online": False, "credential": True},
        {"id": 2, "opportunity_id": 2, "venue_id": None, "district_code": None,
         "start_date": datetime.date(2025, 2, 1), "end_date": datetime.date(2025, 5, 1), "seats": 100, "hours": 2,
         "setting": "formal", "age_min": None, "age_max": None, "online": True, "credential": False},
        {"id": 3, "opportunity_id": 3, "venue_id": 2, "district_code": D2, "start_date": datetime.date(2023, 1, 1),
         "end_date": datetime.date(2023, 2, 1), "seats": 50, "hours": 10, "setting": "non_formal", "online": False},
        {"id": 4, "opportunity_id": 1, "venue_id": 2, "district_code": D2, "start_date": datetime.date(2025, 6, 1),
         "end_date": datetime.date(2025, 9, 1), "seats": 10, "hours": 5, "setting": "non_formal", "age_min": 0,
         "age_max": 12, "online": False, "credential": True},
    ]
    venues = [{"id": 1, "district_code": D1, "lat": 37.5, "lon": 127.0, "capacity": 30},
              {"id": 2, "district_code": D2, "lat": 37.6, "lon": 127.1},
              {"id": 3, "district_code": D2, "lat": 37.61, "lon": 127.1}]
    ts = datetime.datetime
    enrolments = [
        {"id": 1, "learner_key": 1, "district_code": D1, "birth_year": 1993, "sex": "F", "run_id": 1,
         "status": "completed", "enrolled_at": ts(2025, 1, 10), "completed_at": ts(2025, 3, 1)},
        {"id": 2, "learner_key": 1, "district_code": D1, "birth_year": 1993, "sex": "F", "run_id": 2,
         "status": "enrolled", "enrolled_at": ts(2025, 2, 1)},
        {"id": 3, "learner_key": 2, "district_code": D1, "birth_year": 1993, "sex": "M", "run_id": 1,
         "status": "withdrawn", "enrolled_at": ts(2025, 3, 1)},
        {"id": 4, "learner_key": 3, "district_code": D2, "birth_year": 1993, "sex": "F", "run_id": 4,
         "status": "waitlisted", "enrolled_at": ts(2025, 6, 1)},
        {"id": 5, "learner_key": 4, "district_code": D2, "birth_year": 1993, "sex": "M", "run_id": 4,
         "status": "completed", "enrolled_at": ts(2024, 5, 1)},
        {"id": 6, "learner_key": 5, "district_code": D2, "birth_year": 1960, "sex": "F", "run_id": 2,
         "status": "not_completed", "enrolled_at": ts(2025, 4, 1)},
        {"id": 7, "learner_key": 6, "district_code": "X", "birth_year": 1993, "sex": "F", "run_id": 2,
         "status": "enrolled", "enrolled_at": ts(2025, 4, 1)},
    ]
    self_reports = [{"learner_key": 1, "district_code": D1, "birth_year": 1993, "sex": "F", "setting": "informal",
                     "learned_on": datetime.date(2025, 5, 1), "hours": 3, "recognised": True}]
    learners = [{"learner_key": 1, "district_code": D1, "birth_year": 1993, "sex": "F"},
                {"learner_key": 2, "district_code": D1, "birth_year": 1993, "sex": "M"},
                {"learner_key": 5, "district_code": D2, "birth_year": 1960, "sex": "F"}]
    statements = [
        {"id": 1, "learner_key": 1, "verb": "http://adlnet.gov/expapi/verbs/completed", "timestamp": ts(2025, 3, 1),
         "duration_s": 600},
        {"id": 2, "learner_key": 2, "verb": "http://adlnet.gov/expapi/verbs/attended", "timestamp": ts(2025, 3, 2),
         "duration_s": 1200},
        {"id": 3, "learner_key": 2, "verb": "http://adlnet.gov/expapi/verbs/attended", "timestamp": ts(2023, 3, 2),
         "duration_s": 1200},
        {"id": 4, "learner_key": 2, "verb": "http://adlnet.gov/expapi/verbs/voided", "timestamp": ts(2025, 3, 3),
         "duration_s": 0, "voids_id": 2},
        {"id": 5, "learner_key": 5, "verb": "http://adlnet.gov/expapi/verbs/attended", "timestamp": ts(2023, 1, 1),
         "duration_s": 60},
    ]
    reviews = [{"run_id": 1, "rating": 4, "created_at": ts(2025, 2, 1)},
               {"run_id": 1, "rating": 2, "created_at": ts(2025, 3, 1)},
               {"run_id": 2, "rating": 5, "created_at": ts(2025, 3, 1)},
               {"run_id": 4, "rating": 3, "created_at": ts(2024, 1, 1)}]
    opportunities = [
        {"id": 1, "modified_at": ts(2025, 1, 1), "last_end": datetime.date(2025, 6, 20), "district_code": D1},
        {"id": 2, "modified_at": ts(2025, 1, 1), "last_end": datetime.date(2025, 1, 1), "district_code": D1},
        {"id": 3, "modified_at": ts(2025, 1, 1), "last_end": None, "district_code": D2},
        {"id": 4, "modified_at": ts(2024, 1, 1), "last_end": datetime.date(2025, 7, 30), "district_code": None},
    ]
    con = connection(population=population, runs=runs, venues=venues, enrolments=enrolments,
                     self_reports=self_reports, learners=learners, statements=statements, reviews=reviews,
                     opportunities=opportunities)
    yield con
    con.close()
