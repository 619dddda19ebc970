"""Quality: how learners rate what they took, and how current the listings are.

- ratings: mean rating (1–5) and number of ratings given in the window, by the district of the rated run's
  venue (online runs: city only);
- stale listings: a published opportunity is stale when none of its runs ends on or after 30 days before the
  reference date (nothing current or upcoming) or it was last modified more than 365 days before; share of
  stale among published listings, by the provider's district.
Quality is not split by age or sex (cells "all"/"all").
"""

from __future__ import annotations

import datetime

import duckdb

from learningcity.monitoring.engine import window
from learningcity.monitoring.indicators.common import ALL, Cube

STALE_AFTER_DAYS = 30
UNMODIFIED_DAYS = 365


def compute(con: duckdb.DuckDBPyConnection, *, reference_date: datetime.date, city_code: str) -> Cube:
    start, end = window(reference_date)
    out: Cube = {}
    # GROUPING(...) = 1 marks the city total, so the NULL district of online runs is never taken for it.
    ratings = """
    SELECT CASE WHEN r.online THEN NULL ELSE r.district_code END AS d, grouping(d) AS total,
           avg(v.rating), count(*)
    FROM reviews v JOIN runs r ON r.id = v.run_id
    WHERE CAST(v.created_at AS DATE) BETWEEN $start AND $end
    GROUP BY ROLLUP(d)
    """
    for district, total, mean, n in con.execute(ratings, {"start": start, "end": end}).fetchall():
        if district is None and not total:
            continue  # online runs: already inside the city total
        out[(city_code if total else district, ALL, ALL)] = {
            "rating_mean": round(float(mean), 3) if mean is not None else None, "ratings": int(n)}
    stale = """
    SELECT district_code, grouping(district_code), count(*),
           count(*) FILTER (WHERE last_end IS NULL OR last_end < $stale_before
                            OR CAST(modified_at AS DATE) < $unmodified_before)
    FROM opportunities GROUP BY ROLLUP(district_code)
    """
    params = {"stale_before": reference_date - datetime.timedelta(days=STALE_AFTER_DAYS),
              "unmodified_before": reference_date - datetime.timedelta(days=UNMODIFIED_DAYS)}
    for district, total, listings, n_stale in con.execute(stale, params).fetchall():
        if district is None and not total:
            continue  # providers without a district: inside the city total only
        out.setdefault((city_code if total else district, ALL, ALL), {}).update(
            {"listings": int(listings), "stale": int(n_stale)})
    for metrics in out.values():
        metrics.setdefault("ratings", 0)
        metrics.setdefault("rating_mean", None)
    return out
