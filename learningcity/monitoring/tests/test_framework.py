"""Normalisation and composite scores, by hand."""

from __future__ import annotations

import pytest

from learningcity.monitoring import framework


def test_twelve_verified_areas_in_three_groups():
    config = framework.config()
    assert [a["id"] for a in config["areas"]] == ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6",
                                                  "3.1", "3.2", "3.3"]
    assert {a["group"] for a in config["areas"]} == {g["id"] for g in config["groups"]}
    mapped = framework.indicator_area()
    assert mapped["participation_rate"] == "2.1" and mapped["EXT-BUDGET"] == "3.3"


def test_min_max_and_reversed():
    assert framework.normalise(5, [0, 5, 10]) == 50.0
    assert framework.normalise(10, [0, 5, 10]) == 100.0
    assert framework.normalise(2, [0, 5, 10], direction="lower") == 80.0
    assert framework.normalise(3, [3, 3]) is None
    assert framework.normalise(None, [1, 2]) is None


def test_distance_to_target_is_capped():
    # worst = 10, target 40: (25 − 10) / 30 = 50 %.
    assert framework.normalise(25, [10, 20, 30], target=40, method="target") == 50.0
    assert framework.normalise(50, [10, 50], target=40, method="target") == 100.0
    # Lower is better: worst = 80, target 0.
    assert framework.normalise(20, [20, 80], direction="lower", target=0, method="target") == 75.0


def test_target_direction_scores_the_distance_from_the_ideal():
    # Sex ratios 1.0, 0.8, 1.3 → deviations 0, .2, .3 (lower is better).
    assert framework.normalise(1.0, [1.0, 0.8, 1.3], direction="target", target=1.0) == 100.0
    assert framework.normalise(1.3, [1.0, 0.8, 1.3], direction="target", target=1.0) == 0.0
    assert framework.normalise(0.8, [1.0, 0.8, 1.3], direction="target", target=1.0) == pytest.approx(33.33, abs=0.01)


def test_area_and_overall_scores_are_equal_weight_means():
    values = {"participation_rate": {"a": 10, "b": 20, "C": 15}, "completion_rate": {"a": 80, "b": 60, "C": 70}}
    out = framework.scores(values, units=["a", "b"], city="C")
    area = next(a for a in out["areas"] if a["id"] == "2.1")
    # a: participation 0, completion 100 → 50; b: 100 and 0 → 50; city: 50 and 50 → 50.
    assert area["score"] == {"a": 50.0, "b": 50.0, "C": 50.0}
    assert out["overall"]["a"] == 50.0  # the only area with values
