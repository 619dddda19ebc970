"""The UNESCO Key Features framework: the 12 verified areas, the city's own indicator list under them,
normalised scores and composites.

Normalisation (per indicator, over the 25 districts; the city is scored on the same scale):
- min-max: score = 100 × (x − min) / (max − min); reversed (100 × (max − x) / (max − min)) when lower is
  better; for a "target" direction (e.g. a sex ratio whose ideal is 1) the deviation |x − target| is scored
  as lower-is-better. All districts equal: not scored (None), since there is no spread to place them on.
- distance to target (used when the indicator has a `target` and the city chooses it):
  score = 100 × (x − worst) / (target − worst), capped to [0, 100], worst = the lowest district value
  (highest when lower is better).
Area score = the mean of the area's normalised indicators that have a value (equal weights; the reference
file's "equal_weights" method, JRC's recommendation for ELLI). Overall score = the mean of the area scores that
have a value. UNESCO defines no aggregation; areas are also always reported separately.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from statistics import mean

import yaml

CONFIG = Path(__file__).with_name("key_features.yaml")
METHODS = ("minmax", "target")


@lru_cache(maxsize=1)
def config() -> dict:
    data = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    if len(data["areas"]) != 12:
        raise ValueError("The Key Features have 12 areas; key_features.yaml lists %d." % len(data["areas"]))
    return data


def external_indicators() -> dict[str, dict]:
    return {i["code"]: i for i in config()["external_indicators"]}


def indicator_area() -> dict[str, str]:
    """Every mapped indicator code → its area id."""
    return {i["code"]: a["id"] for a in config()["areas"] for i in a["indicators"]}


def _spec(area_indicator: dict) -> dict:
    spec = dict(external_indicators().get(area_indicator["code"], {}))
    spec.update(area_indicator)
    spec.setdefault("direction", "higher")
    return spec


def normalise(value: float | None, population: list[float], *, direction: str = "higher",
              target: float | None = None, method: str = "minmax") -> float | None:
    """One value's score (0–100) against the values of the compared units (`population`)."""
    values = [v for v in population if v is not None]
    if value is None or not values:
        return None
    if direction == "target":
        goal = target if target is not None else 0.0
        return normalise(abs(value - goal), [abs(v - goal) for v in values], direction="lower",
                         target=0.0 if method == "target" else None, method=method)
    if method == "target" and target is not None:
        worst = min(values) if direction == "higher" else max(values)
        if target == worst:
            return 100.0 if value == target else 0.0
        score = 100 * (value - worst) / (target - worst)
        return round(max(0.0, min(100.0, score)), 2)
    low, high = min(values), max(values)
    if high == low:
        return None  # no spread: min-max says nothing (all 0 % or all 100 % stale alike)
    score = 100 * (value - low) / (high - low)
    return round(100 - score if direction == "lower" else score, 2)


def scores(values: dict[str, dict[str, float | None]], *, units: list[str], city: str,
           method: str = "minmax") -> dict:
    """Normalised indicator scores, area scores and the overall score for every unit and the city.

    `values[indicator][unit]` is the raw value (platform or external). Units are the districts.
    """
    out: dict = {"areas": [], "method": method}
    per_unit_area: dict[str, dict[str, float | None]] = {u: {} for u in [*units, city]}
    for area in config()["areas"]:
        area_out = {"id": area["id"], "group": area["group"], "name_en": area["name_en"],
                    "name_ko": area["name_ko"], "features_en": area["features_en"],
                    "features_ko": area["features_ko"], "indicators": []}
        for item in area["indicators"]:
            spec = _spec(item)
            raw = values.get(spec["code"], {})
            compared = [raw.get(u) for u in units]
            norm = {u: normalise(raw.get(u), compared, direction=spec["direction"], target=spec.get("target"),
                                 method=method) for u in [*units, city]}
            area_out["indicators"].append({"code": spec["code"], "kind": spec["kind"],
                                           "direction": spec["direction"], "target": spec.get("target"),
                                           "raw": {u: raw.get(u) for u in [*units, city]}, "score": norm})
        for u in [*units, city]:
            got = [i["score"][u] for i in area_out["indicators"] if i["score"][u] is not None]
            per_unit_area[u][area["id"]] = round(mean(got), 2) if got else None
        area_out["score"] = {u: per_unit_area[u][area["id"]] for u in [*units, city]}
        out["areas"].append(area_out)
    out["overall"] = {}
    for u, by_area in per_unit_area.items():
        got = [v for v in by_area.values() if v is not None]
        out["overall"][u] = round(mean(got), 2) if got else None
    return out
