"""Spatial access: a two-step floating catchment area (2SFCA) measure with Gaussian distance decay, what-if
changes, learning deserts and the best places for a new venue.

Supply sites are venues; demand points are neighbourhood centroids (426 haengjeong-dong; five centroids are
borrowed and marked approximate). Distances are great-circle (haversine) between coordinates.

Decay (Gaussian, zero at the catchment edge d0 = 3 km):
    W(d) = (exp(−½ (d/d0)²) − exp(−½)) / (1 − exp(−½))   for d < d0,   W(d) = 0 otherwise.
Step 1, each site j:     R_j = S_j / Σ_k P_k W(d_kj)       (seats per person in its catchment; 0 if nobody)
Step 2, each centroid i: A_i = Σ_j R_j W(d_ij)             (reported per 1,000 inhabitants: A_i × 1000)

Measures:
- "runs", per age band b: S_j = seats of in-person runs at j overlapping the 12-month window whose audience
  admits b; P_k = inhabitants of k in band b (both sexes). Band "all": every run's seats, all inhabitants.
- "venues": S_j = the venue's own seats (libraries' reading seats), P_k = all inhabitants.

A district's access is the population-weighted mean of its neighbourhoods' A_i. Learning deserts are the
neighbourhoods whose access is below half the city's population-weighted mean (for the measure and band),
lowest first.

What-if: a new site at x with S seats adds R_x = S / Σ_k P_k W(d_kx) and A_i' = A_i + R_x W(d_ix); no other
site's R_j changes (R_j depends only on the population around j). Σ_i P_i ΔA_i is always exactly S (2SFCA
hands out all the supply), so "total gain" cannot rank places; the best places maximise the
population-weighted gain inside the current learning deserts, greedily: pick the centroid with the largest
Σ_{i∈deserts} P_i ΔA_i, add it, recompute the deserts, repeat.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from learningcity.core.demography import AGE_BANDS, band_bounds
from learningcity.core.geo import haversine_km

CATCHMENT_KM = 3.0
ALL = "all"
_EDGE = math.exp(-0.5)


def decay(distance_km: float, catchment_km: float = CATCHMENT_KM) -> float:
    if distance_km >= catchment_km:
        return 0.0
    return (math.exp(-0.5 * (distance_km / catchment_km) ** 2) - _EDGE) / (1 - _EDGE)


@dataclass
class Point:
    code: str
    lat: float
    lon: float


def _grid_key(lat: float, lon: float) -> tuple[int, int]:
    return int(math.floor(lat / 0.03)), int(math.floor(lon / 0.03))


def pairs(demand: list[Point], sites: list[Point], catchment_km: float = CATCHMENT_KM) -> dict[str, list[tuple[str, float]]]:
    """{site code: [(demand code, W(d))]} for every pair closer than the catchment (grid-filtered)."""
    grid: dict[tuple[int, int], list[Point]] = defaultdict(list)
    for p in demand:
        grid[_grid_key(p.lat, p.lon)].append(p)
    reach = int(math.ceil(catchment_km / 3.0)) + 1  # 0.03° is at least 2.6 km here; one extra ring is safe
    out: dict[str, list[tuple[str, float]]] = {}
    for s in sites:
        gy, gx = _grid_key(s.lat, s.lon)
        found = []
        for dy in range(-reach, reach + 1):
            for dx in range(-reach, reach + 1):
                for p in grid.get((gy + dy, gx + dx), ()):
                    w = decay(haversine_km(s.lat, s.lon, p.lat, p.lon), catchment_km)
                    if w > 0:
                        found.append((p.code, w))
        out[s.code] = found
    return out


def two_step(supply: dict[str, float], population: dict[str, float],
             site_pairs: dict[str, list[tuple[str, float]]]) -> dict[str, float]:
    """A_i for every demand point (seats per person), from supply S_j, population P_k and the weighted pairs."""
    access = {code: 0.0 for code in population}
    for site, seats in supply.items():
        if not seats:
            continue
        near = site_pairs.get(site, ())
        demand = sum(population.get(code, 0) * w for code, w in near)
        if demand <= 0:
            continue
        ratio = seats / demand
        for code, w in near:
            access[code] = access.get(code, 0.0) + ratio * w
    return access


def band_admits(age_min: int | None, age_max: int | None, band: str) -> bool:
    low, high = band_bounds(band)
    return (age_min or 0) <= (high if high is not None else 200) and (age_max if age_max is not None else 200) >= low


def weighted_mean(values: dict[str, float], weights: dict[str, float], codes) -> float | None:
    total = sum(weights.get(c, 0) for c in codes)
    if total <= 0:
        return None
    return sum(values.get(c, 0.0) * weights.get(c, 0) for c in codes) / total


def deserts(access: dict[str, float], population: dict[str, float]) -> tuple[list[str], float]:
    """Codes below half the population-weighted mean (lowest first, larger population first on ties)."""
    mean = weighted_mean(access, population, list(population)) or 0.0
    threshold = mean / 2
    codes = [c for c in population if population[c] > 0 and access.get(c, 0.0) < threshold]
    return sorted(codes, key=lambda c: (access.get(c, 0.0), -population[c])), threshold


def _add_site(near: list[tuple[str, float]], seats: float, population: dict[str, float],
              access: dict[str, float]) -> dict[str, float]:
    """Access after adding a site whose weighted pairs are `near`; only those neighbourhoods change."""
    out = dict(access)
    weighted = sum(population.get(c, 0) * w for c, w in near)
    if weighted <= 0 or seats <= 0:
        return out
    ratio = seats / weighted
    for code, w in near:
        out[code] = out.get(code, 0.0) + ratio * w
    return out


def what_if(*, lat: float, lon: float, seats: float, demand: list[Point], population: dict[str, float],
            access: dict[str, float], catchment_km: float = CATCHMENT_KM) -> dict[str, float]:
    """New A_i after adding one site at (lat, lon) with `seats`."""
    near = pairs(demand, [Point("new", lat, lon)], catchment_km)["new"]
    return _add_site(near, seats, population, access)


def best_places(*, seats: float, count: int, demand: list[Point], population: dict[str, float],
                access: dict[str, float], catchment_km: float = CATCHMENT_KM) -> list[dict]:
    """Greedy: `count` centroids, each maximising the population-weighted gain inside the current deserts."""
    candidate_pairs = pairs(demand, demand, catchment_km)
    current = dict(access)
    chosen: list[dict] = []
    taken: set[str] = set()
    for _ in range(count):
        desert_codes, threshold = deserts(current, population)
        desert_set = set(desert_codes)
        best = None
        for candidate in demand:
            if candidate.code in taken:
                continue
            near = candidate_pairs[candidate.code]
            weighted = sum(population.get(c, 0) * w for c, w in near)
            if weighted <= 0:
                continue
            gain = sum(population[c] * seats * w / weighted for c, w in near if c in desert_set)
            if best is None or gain > best[0] + 1e-12:
                best = (gain, candidate)
        if best is None or best[0] <= 0:
            break
        gain, candidate = best
        after = _add_site(candidate_pairs[candidate.code], seats, population, current)
        lifted = sum(population[c] for c in desert_set if after[c] >= threshold)
        chosen.append({"code": candidate.code, "lat": candidate.lat, "lon": candidate.lon,
                       "desert_gain": round(gain, 6), "population_lifted": int(lifted)})
        taken.add(candidate.code)
        current = after
    return chosen


def band_list() -> list[str]:
    return [ALL, *AGE_BANDS]
