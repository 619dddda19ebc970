"""Every indicator on a small city computed by hand (see conftest.small_city for the rows)."""

from __future__ import annotations

import pytest

from learningcity.monitoring.indicators import compute_cube, equity
from learningcity.monitoring.tests.conftest import CITY, D1, D2, REF


@pytest.fixture
def cube(small_city):
    return compute_cube(small_city, reference_date=REF, city_code=CITY, district_codes=[D1, D2])


def test_population_denominators_add_up(cube):
    assert cube[(D1, "30-34", "F")]["population"] == 400
    assert cube[(D1, "all", "all")]["population"] == 1000
    assert cube[(CITY, "30-34", "all")]["population"] == 2000
    assert cube[(CITY, "all", "all")]["population"] == 2100


def test_supply_counts_runs_admitting_the_band_in_the_window(cube):
    # D1, 30-34: run 1 only (run 2 is online: city only).
    d1 = cube[(D1, "30-34", "all")]
    assert (d1["opportunities"], d1["runs"], d1["seats"], d1["seat_hours"]) == (1, 1, 20, 200)
    assert d1["seats_per_1000"] == pytest.approx(20.0)
    # City, 30-34: runs 1 and 2 (run 4 is for ages 0-12, run 3 ended before the window).
    city = cube[(CITY, "30-34", "all")]
    assert (city["opportunities"], city["runs"], city["seats"], city["seat_hours"]) == (2, 2, 120, 400)
    assert city["seats_per_1000"] == pytest.approx(60.0)
    # City, all ages: runs 1, 2, 4; opportunities 1 and 2; per 1,000 of all 2,100 inhabitants.
    total = cube[(CITY, "all", "all")]
    assert (total["opportunities"], total["runs"], total["seats"], total["seat_hours"]) == (2, 3, 130, 450)
    assert total["seats_per_1000"] == pytest.approx(130 / 2.1, abs=1e-3)
    assert total["seat_hours_per_1000"] == pytest.approx(450 / 2.1, abs=1e-3)
    assert cube[(D2, "0-4", "all")]["runs"] == 1 and cube[(D2, "0-4", "all")]["seats_per_1000"] is None


def test_venues_per_10000(cube):
    d2 = cube[(D2, "all", "all")]
    assert (d2["venues"], d2["active_venues"]) == (2, 1)
    assert d2["venues_per_10000"] == pytest.approx(2 / 1100 * 10000, abs=1e-3)
    assert cube[(CITY, "all", "all")]["venues"] == 3


def test_participation_is_distinct_learners_over_population(cube):
    f = cube[(D1, "30-34", "F")]
    assert (f["learners"], f["enrolments"], f["completed"], f["finished"]) == (1, 2, 1, 1)
    assert f["participation_rate"] == pytest.approx(0.25)
    assert f["enrolments_per_1000"] == pytest.approx(5.0)
    assert f["completion_rate"] == pytest.approx(100.0)
    m = cube[(D1, "30-34", "M")]
    assert (m["learners"], m["enrolments"], m["completion_rate"]) == (1, 1, 0.0)
    assert m["participation_rate"] == pytest.approx(100 / 600, abs=1e-4)


def test_city_participation_and_completion(cube):
    city = cube[(CITY, "all", "all")]
    # Learners 1, 2 and 5; learner 3 only waits, learner 4 enrolled before the window, learner 6 lives outside.
    assert (city["learners"], city["enrolments"], city["completed"], city["finished"]) == (3, 4, 1, 3)
    assert city["completion_rate"] == pytest.approx(100 / 3, abs=1e-3)
    assert cube[(D2, "65-69", "F")]["learners"] == 1
    assert cube[(D2, "65-69", "F")]["participation_rate"] == pytest.approx(1.0)


def test_mix_of_settings(cube):
    d1 = cube[(D1, "all", "all")]
    assert d1["records"] == 4
    assert (d1["mix_formal"], d1["mix_non_formal"], d1["mix_informal"]) == (25.0, 50.0, 25.0)


def test_recognition(cube):
    d1 = cube[(D1, "all", "all")]
    assert (d1["completed_learning"], d1["recognised"], d1["recognition_rate"]) == (2, 2, 100.0)
    d2 = cube[(D2, "all", "all")]
    assert d2["completed_learning"] == 0 and d2["recognition_rate"] is None


def test_recorded_activity_skips_voided_and_old_statements(cube):
    d1 = cube[(D1, "all", "all")]
    assert (d1["active_learners"], d1["statements"]) == (1, 1)
    assert d1["recorded_hours"] == pytest.approx(0.17)
    assert d1["active_rate"] == pytest.approx(0.1)
    assert cube[(D2, "all", "all")]["active_learners"] == 0


def test_quality_ratings_and_stale_listings(cube):
    assert cube[(D1, "all", "all")]["rating_mean"] == pytest.approx(3.0)
    assert cube[(D1, "all", "all")]["ratings"] == 2
    assert cube[(CITY, "all", "all")]["rating_mean"] == pytest.approx(11 / 3, abs=1e-3)
    assert cube[(CITY, "all", "all")]["ratings"] == 3
    assert (cube[(D1, "all", "all")]["listings"], cube[(D1, "all", "all")]["stale"]) == (2, 1)
    assert cube[(D2, "all", "all")]["stale_share"] == 100.0
    assert cube[(CITY, "all", "all")]["stale_share"] == 75.0


def test_equity_ratios(cube):
    summary = equity.compute(cube, city_code=CITY, district_codes=[D1, D2])
    # Female 1/400 vs male 1/600 in D1, 30-34: ratio 1.5.
    assert cube[(D1, "30-34", "all")]["sex_ratio_participation"] == pytest.approx(1.5)
    d1_rate = cube[(D1, "all", "all")]["participation_rate"]  # 2 / 1000
    city_rate = cube[(CITY, "all", "all")]["participation_rate"]  # 3 / 2100
    assert summary["participation_rate"]["district_ratio"][D1] == pytest.approx(d1_rate / city_rate, abs=1e-3)
    assert summary["participation_rate"]["spread"] == pytest.approx(d1_rate / (100 / 1100), abs=1e-3)
    assert cube[(D1, "30-34", "all")]["age_ratio_participation"] == pytest.approx(1.0)


def test_concentration_index_by_hand():
    assert equity.concentration_index([(50, 0.0), (50, 1.0)]) == pytest.approx(0.5)
    assert equity.concentration_index([(10, 2.0), (30, 2.0)]) == pytest.approx(0.0)
    # Populations 1, 1, 2 with rates 1, 2, 3: amounts 1, 2, 6 (total 9), population shares .25, .25, .5.
    # CI = 1 − [.25(1/9) + .25(1/9 + 3/9) + .5(3/9 + 1)] = 1 − (0.02778 + 0.11111 + 0.66667) = 0.19444
    assert equity.concentration_index([(2, 3.0), (1, 1.0), (1, 2.0)]) == pytest.approx(0.1944, abs=1e-4)
    assert equity.concentration_index([(0, 1.0)]) is None


def test_monthly_activity(small_city, cube):
    from learningcity.monitoring.indicators.participation import monthly_activity

    rows = monthly_activity(small_city, reference_date=REF, city_code=CITY)
    city = [r for r in rows if r["area"] == CITY]
    # Only statement 1 (learner 1, March 2025) counts: 2 is voided, 3 and 5 are older than the 12 months.
    assert city == [{"month": "2025-03", "area": CITY, "band": "all", "sex": "all", "statements": 1,
                     "active_learners": 1}]
    assert {(r["area"], r["band"], r["sex"]) for r in rows} == {(CITY, "all", "all"), (D1, "all", "all"),
                                                                (D1, "30-34", "F")}
