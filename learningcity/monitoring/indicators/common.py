"""What every indicator module shares: the cube shape, age bands in SQL, population denominators, rates."""

from __future__ import annotations

import duckdb

from learningcity.core.demography import AGE_BANDS

ALL = "all"
SEXES = ("M", "F")
Key = tuple[str, str, str]  # (area code, age band or "all", sex or "all")
Cube = dict[Key, dict[str, float | int | None]]


def band_sql(age_expr: str) -> str:
    """SQL for the 5-year band of an age ("0-4" … "95-99", "100+"); NULL for unknown or negative ages."""
    return (f"CASE WHEN ({age_expr}) IS NULL OR ({age_expr}) < 0 THEN NULL WHEN ({age_expr}) >= 100 THEN '100+' "
            f"ELSE CAST(({age_expr}) // 5 * 5 AS VARCHAR) || '-' || CAST(({age_expr}) // 5 * 5 + 4 AS VARCHAR) END")


def cube_rows(con: duckdb.DuckDBPyConnection, sql: str, params: list, *, city_code: str,
              metrics: list[str]) -> Cube:
    """Run a `GROUP BY CUBE(district_code, age_band, sex)` query whose first three columns are those keys and
    fold NULL (the margin) into the city code / "all"."""
    out: Cube = {}
    for row in con.execute(sql, params).fetchall():
        district, band, sex = row[0], row[1], row[2]
        key = (district or city_code, band or ALL, sex or ALL)
        out[key] = dict(zip(metrics, row[3:]))
    return out


def population_cube(con: duckdb.DuckDBPyConnection, *, city_code: str, district_codes: list[str]) -> Cube:
    """Every (area, band, sex) cell with its population (the denominators). Districts sum to the city."""
    rows = con.execute(
        """SELECT area_code, age_band, sex, sum(population) FROM population WHERE level = 'district'
           GROUP BY CUBE(area_code, age_band, sex)"""
    ).fetchall()
    cube: Cube = {}
    for district in [city_code, *district_codes]:
        for band in [*AGE_BANDS, ALL]:
            for sex in [*SEXES, ALL]:
                cube[(district, band, sex)] = {"population": 0}
    for area, band, sex, n in rows:
        key = (area or city_code, band or ALL, sex or ALL)
        if key in cube:
            cube[key]["population"] = int(n)
    return cube


def per(numerator, denominator, scale: float) -> float | None:
    if numerator is None or not denominator:
        return None
    return round(numerator * scale / denominator, 4)


# (rate metric, numerator, denominator metric, scale). Denominator "population" is the cell's population;
# supply uses the band's population of both sexes, so supply rates are only filled for sex "all".
RATES = (
    ("opportunities_per_1000", "opportunities", "population", 1000),
    ("runs_per_1000", "runs", "population", 1000),
    ("seats_per_1000", "seats", "population", 1000),
    ("seat_hours_per_1000", "seat_hours", "population", 1000),
    ("venues_per_10000", "venues", "population", 10000),
    ("participation_rate", "learners", "population", 100),
    ("enrolments_per_1000", "enrolments", "population", 1000),
    ("completion_rate", "completed", "finished", 100),
    ("active_rate", "active_learners", "population", 100),
    ("recognition_rate", "recognised", "completed_learning", 100),
    ("mix_formal", "records_formal", "records", 100),
    ("mix_non_formal", "records_non_formal", "records", 100),
    ("mix_informal", "records_informal", "records", 100),
    ("stale_share", "stale", "listings", 100),
)


def add_rates(cube: Cube) -> None:
    for metrics in cube.values():
        for rate, numerator, denominator, scale in RATES:
            if numerator in metrics:
                metrics[rate] = per(metrics.get(numerator), metrics.get(denominator), scale)
