"""Indicators, computed in DuckDB over the sources `inputs.py` provides.

Every indicator is computed for the city and each district, by 5-year age band and sex, with the margins
("all" ages, "all" sexes). `compute_cube()` returns `{(area, band, sex): {metric: value}}`; the formulas are
in the submodules and in docs/monitoring.md.
"""

from __future__ import annotations

import datetime

import duckdb

from learningcity.monitoring.indicators import participation, quality, supply
from learningcity.monitoring.indicators.common import ALL, Cube, add_rates, population_cube

__all__ = ["ALL", "Cube", "compute_cube"]


def compute_cube(con: duckdb.DuckDBPyConnection, *, reference_date: datetime.date, city_code: str,
                 district_codes: list[str]) -> Cube:
    cube: Cube = population_cube(con, city_code=city_code, district_codes=district_codes)
    for part in (supply.compute(con, reference_date=reference_date, city_code=city_code),
                 participation.compute(con, reference_date=reference_date, city_code=city_code,
                                       district_codes=district_codes),
                 quality.compute(con, reference_date=reference_date, city_code=city_code)):
        for key, metrics in part.items():
            if key in cube:
                cube[key].update(metrics)
    # A district or band without any learner is a zero, not a gap: fill the person counts everywhere.
    for (_, _, sex), metrics in cube.items():
        for m in participation.COUNT_METRICS:
            metrics.setdefault(m, 0)
        if sex == ALL:
            for m in supply.METRICS:
                metrics.setdefault(m, 0)
    add_rates(cube)
    return cube
