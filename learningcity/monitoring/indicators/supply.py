"""Supply: what the city offers, per inhabitant of the ages it is offered to.

For runs that overlap the 12-month window (start ≤ reference date and end ≥ window start):
- opportunities, runs, seats and seat-hours (seats × the run's hours) **admitting the band**: a run counts
  for band b when its audience [age_min, age_max] (open ends allowed) shares a year with b;
- per 1,000 inhabitants of the band (both sexes); for "all" ages, per 1,000 inhabitants;
- a run belongs to the district of its venue; online runs (no venue) count for the city only;
- venues (every learning place in the catalogue) and active venues (hosting a run in the window) per 10,000
  inhabitants, all ages.
Supply is not split by sex (offers are open to both), so its cells have sex "all".
"""

from __future__ import annotations

import datetime

import duckdb

from learningcity.monitoring.engine import window
from learningcity.monitoring.indicators.common import ALL, Cube

METRICS = ["opportunities", "runs", "seats", "seat_hours"]


def compute(con: duckdb.DuckDBPyConnection, *, reference_date: datetime.date, city_code: str) -> Cube:
    start, end = window(reference_date)
    sql = """
    WITH r AS (SELECT * FROM runs WHERE start_date <= $end AND end_date >= $start),
    rb AS (SELECT r.*, b.age_band FROM r JOIN bands b
           ON coalesce(r.age_min, 0) <= b.hi AND coalesce(r.age_max, 200) >= b.lo)
    SELECT district_code, age_band, count(DISTINCT opportunity_id), count(*), sum(seats), sum(seats * hours)
      FROM rb WHERE NOT online AND district_code IS NOT NULL GROUP BY district_code, age_band
    UNION ALL
    SELECT district_code, NULL, count(DISTINCT opportunity_id), count(*), sum(seats), sum(seats * hours)
      FROM r WHERE NOT online AND district_code IS NOT NULL GROUP BY district_code
    UNION ALL
    SELECT NULL, age_band, count(DISTINCT opportunity_id), count(*), sum(seats), sum(seats * hours)
      FROM rb GROUP BY age_band
    UNION ALL
    SELECT NULL, NULL, count(DISTINCT opportunity_id), count(*), sum(seats), sum(seats * hours) FROM r
    """
    out: Cube = {}
    for district, band, *values in con.execute(sql, {"start": start, "end": end}).fetchall():
        out[(district or city_code, band or ALL, ALL)] = {
            m: (round(float(v), 2) if m == "seat_hours" else int(v or 0)) for m, v in zip(METRICS, values)
        }
    venue_sql = """
    WITH active AS (SELECT DISTINCT venue_id FROM runs
                    WHERE start_date <= $end AND end_date >= $start AND NOT online AND venue_id IS NOT NULL)
    SELECT district_code, count(*), count(a.venue_id) FROM venues v LEFT JOIN active a ON a.venue_id = v.id
    GROUP BY ROLLUP(district_code)
    """
    for district, venues, active in con.execute(venue_sql, {"start": start, "end": end}).fetchall():
        out.setdefault((district or city_code, ALL, ALL), {}).update({"venues": int(venues),
                                                                      "active_venues": int(active)})
    # Cells with no runs at all still get explicit zeros (a zero is an answer, not a gap).
    for metrics in out.values():
        for m in METRICS:
            metrics.setdefault(m, 0)
    return out
