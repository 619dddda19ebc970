"""Equity: how evenly a rate is spread between districts, sexes and age bands.

- district ratio: each district's rate / the city's rate; the spread is max / min over districts (None when
  the lowest is 0);
- sex ratio (parity index): female rate / male rate, per area and band;
- age ratio: a band's rate / the area's all-ages rate;
- concentration index: the population-weighted Gini coefficient of the rate across units (districts, or
  neighbourhoods for access). Units are sorted by rate, ascending; with p_i each unit's population share and
  s_i its share of the total "amount" (rate × population), and cumulative shares P_i, L_i (P_0 = L_0 = 0):
      CI = 1 − Σ_i p_i (L_i + L_{i−1})
  0 means every unit has the same rate; it approaches 1 when everything sits in one small unit.
"""

from __future__ import annotations

from learningcity.core.demography import AGE_BANDS
from learningcity.monitoring.indicators.common import ALL, RATES, Cube

_RATE = {rate: (numerator, denominator, scale) for rate, numerator, denominator, scale in RATES}

EQUITY_RATES = ("participation_rate", "enrolments_per_1000", "seats_per_1000", "active_rate")


def exact(metrics: dict, rate: str) -> float | None:
    """A rate recomputed from its counts (stored rates are rounded; ratios of rounded rates drift)."""
    numerator, denominator, scale = _RATE[rate]
    n, d = metrics.get(numerator), metrics.get(denominator)
    if n is None or not d:
        return None
    return n * scale / d


def ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b == 0:
        return None
    return round(a / b, 4)


def concentration_index(units: list[tuple[float, float]]) -> float | None:
    """units = [(population, rate)]; None when there is nothing to spread or nobody to spread it over."""
    units = [(p, r) for p, r in units if p and p > 0 and r is not None]
    total_pop = sum(p for p, _ in units)
    total_amount = sum(p * r for p, r in units)
    if not units or total_pop <= 0 or total_amount <= 0:
        return None
    ci, cumulative = 1.0, 0.0
    for p, r in sorted(units, key=lambda u: u[1]):
        share = p * r / total_amount
        ci -= (p / total_pop) * (2 * cumulative + share)
        cumulative += share
    return round(ci, 4)


def compute(cube: Cube, *, city_code: str, district_codes: list[str]) -> dict:
    """Equity figures from a computed cube: per-cell ratios go back into the cube, summaries are returned."""
    summary: dict = {}
    for rate in EQUITY_RATES:
        city_rate = exact(cube.get((city_code, ALL, ALL), {}), rate)
        by_district = {d: exact(cube.get((d, ALL, ALL), {}), rate) for d in district_codes}
        values = [v for v in by_district.values() if v is not None]
        summary[rate] = {
            "city": round(city_rate, 4) if city_rate is not None else None,
            "district_ratio": {d: ratio(v, city_rate) for d, v in by_district.items()},
            "spread": ratio(max(values), min(values)) if values else None,
            "concentration_index": concentration_index(
                [(cube.get((d, ALL, ALL), {}).get("population", 0), v) for d, v in by_district.items()]),
            "concentration_index_bands_sexes": concentration_index(
                [(cube.get((city_code, b, s), {}).get("population", 0), exact(cube.get((city_code, b, s), {}), rate))
                 for b in AGE_BANDS for s in ("M", "F")]),
        }
    for (area, band, sex), metrics in cube.items():
        if sex == ALL:
            female = cube.get((area, band, "F"), {})
            male = cube.get((area, band, "M"), {})
            metrics["sex_ratio_participation"] = ratio(exact(female, "participation_rate"),
                                                       exact(male, "participation_rate"))
        if band != ALL:
            whole = cube.get((area, ALL, sex), {})
            metrics["age_ratio_participation"] = ratio(exact(metrics, "participation_rate"),
                                                       exact(whole, "participation_rate"))
    return summary
