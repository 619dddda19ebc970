"""One full recomputation: read every source through `inputs`, compute in DuckDB, return the parts a
snapshot stores. Writing the snapshot is `services.snapshot_create`; this module only computes.
"""

from __future__ import annotations

import datetime
import time
from pathlib import Path
from typing import Callable

import duckdb

from learningcity.core.demography import AGE_BANDS
from learningcity.monitoring import access as access_mod
from learningcity.monitoring import engine, framework, inputs
from learningcity.monitoring.indicators import ALL, compute_cube, equity
from learningcity.monitoring.indicators.participation import monthly_activity
from learningcity.monitoring.opendata import open_rows

Progress = Callable[[str, int, int], None]
STEPS = ("read sources", "statements", "indicators", "access", "framework", "open data")


def _noop(task: str, done: int, total: int) -> None:
    pass


def read_sources(progress: Progress = _noop) -> dict:
    readers = {
        "population": inputs.population, "venues": inputs.venues, "runs": inputs.runs,
        "opportunities": inputs.opportunities,
        "self_reports": inputs.self_reports, "reviews": inputs.reviews, "learners": inputs.learners,
    }
    tables = {}
    for i, (name, reader) in enumerate(readers.items(), start=1):
        tables[name] = reader()
        progress("read sources", i, len(readers))
    return tables


def compute_parts(*, con: duckdb.DuckDBPyConnection, tables: dict, reference_date: datetime.date,
                  districts: list[dict], neighbourhoods: list[dict], city_code: str, k: int,
                  external: dict[str, dict[str, float]] | None = None, progress: Progress = _noop) -> dict:
    """Every stored part of a snapshot from already-loaded sources (tests call this with hand-made tables)."""
    engine.load_sources(con, tables)
    district_codes = [d["code"] for d in districts]
    cube = compute_cube(con, reference_date=reference_date, city_code=city_code, district_codes=district_codes)
    equity_summary = equity.compute(cube, city_code=city_code, district_codes=district_codes)
    series = [row for row in monthly_activity(con, reference_date=reference_date, city_code=city_code)
              if row["band"] == ALL]
    progress("indicators", 1, 1)

    access = access_part(con, reference_date=reference_date, neighbourhoods=neighbourhoods,
                         district_codes=district_codes)
    progress("access", 1, 1)

    values: dict[str, dict[str, float | None]] = {}
    for area in framework.config()["areas"]:
        for item in area["indicators"]:
            code = item["code"]
            if item["kind"] == "platform" and code != "access_runs":
                values[code] = {a: cube.get((a, ALL, ALL), {}).get(code) for a in [*district_codes, city_code]}
    values["access_runs"] = {**{d: access["districts"][d][ALL] for d in district_codes},
                             city_code: access["city"][ALL]}
    for code, by_area in (external or {}).items():
        values[code] = dict(by_area)
    framework_part = {m: framework.scores(values, units=district_codes, city=city_code, method=m)
                      for m in framework.METHODS}
    progress("framework", 1, 1)

    parts = {
        "cube:" + area: _area_cube(cube, area) for area in [city_code, *district_codes]
    }
    parts.update({
        "summary": {area: cube.get((area, ALL, ALL), {}) for area in [city_code, *district_codes]},
        "access_summary": {"districts": access["districts"], "city": access["city"],
                           "deserts": {m: len(c) for m, c in access["deserts"].items()},
                           "desert_threshold": access["desert_threshold"], "catchment_km": access["catchment_km"]},
        "equity": equity_summary,
        "series": series,
        "access": access,
        "framework": framework_part,
        "opendata": open_rows(cube, city_code=city_code, district_codes=district_codes, k=k),
    })
    progress("open data", 1, 1)
    return parts


def _area_cube(cube: dict, area: str) -> dict:
    out: dict = {}
    for band in [*AGE_BANDS, ALL]:
        out[band] = {sex: cube.get((area, band, sex), {}) for sex in ("M", "F", ALL)}
    return out


def access_part(con: duckdb.DuckDBPyConnection, *, reference_date: datetime.date, neighbourhoods: list[dict],
                district_codes: list[str]) -> dict:
    """2SFCA for every band and the venue-seat measure, per neighbourhood and district, with deserts."""
    start, end = engine.window(reference_date)
    bands = access_mod.band_list()
    supply: dict[str, dict[str, float]] = {b: {} for b in bands}
    run_sql = """
    WITH r AS (SELECT * FROM runs WHERE start_date <= $end AND end_date >= $start AND NOT online
               AND venue_id IS NOT NULL)
    SELECT CAST(venue_id AS VARCHAR), age_band, sum(seats) FROM r JOIN bands b
      ON coalesce(r.age_min, 0) <= b.hi AND coalesce(r.age_max, 200) >= b.lo GROUP BY ALL
    UNION ALL SELECT CAST(venue_id AS VARCHAR), 'all', sum(seats) FROM r GROUP BY ALL
    """
    for venue, band, seats in con.execute(run_sql, {"start": start, "end": end}).fetchall():
        supply[band][venue] = float(seats or 0)
    venue_rows = con.execute("SELECT CAST(id AS VARCHAR), lat, lon, coalesce(capacity, 0) FROM venues "
                             "WHERE lat IS NOT NULL AND lon IS NOT NULL").fetchall()
    venue_seats = {v: float(c) for v, _, _, c in venue_rows if c}
    used = set(venue_seats) | {v for b in bands for v in supply[b]}
    sites = [access_mod.Point(v, lat, lon) for v, lat, lon, _ in venue_rows if v in used]
    demand = [access_mod.Point(n["code"], n["lat"], n["lon"]) for n in neighbourhoods]
    site_pairs = access_mod.pairs(demand, sites)

    population: dict[str, dict[str, float]] = {b: {n["code"]: 0.0 for n in neighbourhoods} for b in bands}
    for code, band, n in con.execute("SELECT area_code, age_band, sum(population) FROM population "
                                      "WHERE level = 'neighbourhood' GROUP BY ALL").fetchall():
        if code in population[ALL]:
            population[band][code] = float(n)
            population[ALL][code] += float(n)

    by_hood: dict[str, dict] = {n["code"]: {**n, "population": {}, "access": {}} for n in neighbourhoods}
    districts: dict[str, dict] = {d: {} for d in district_codes}
    city: dict[str, float | None] = {}
    deserts: dict[str, list[str]] = {}
    thresholds: dict[str, float] = {}
    hoods_of: dict[str, list[str]] = {d: [] for d in district_codes}
    for n in neighbourhoods:
        hoods_of.setdefault(n["district_code"], []).append(n["code"])
    measures = [(b, supply[b], population[b]) for b in bands] + [("venues", venue_seats, population[ALL])]
    for name, seats, pop in measures:
        result = access_mod.two_step(seats, pop, site_pairs)
        for code, value in result.items():
            by_hood[code]["access"][name] = round(value * 1000, 4)
            by_hood[code]["population"][name] = int(pop.get(code, 0))
        for d, codes in hoods_of.items():
            mean = access_mod.weighted_mean(result, pop, codes)
            districts.setdefault(d, {})[name] = round(mean * 1000, 4) if mean is not None else None
        mean = access_mod.weighted_mean(result, pop, list(pop))
        city[name] = round(mean * 1000, 4) if mean is not None else None
        desert_codes, threshold = access_mod.deserts(result, pop)
        deserts[name], thresholds[name] = desert_codes, round(threshold * 1000, 4)
    for n in by_hood.values():
        n["population"].pop("venues", None)
    return {
        "catchment_km": access_mod.CATCHMENT_KM, "bands": bands, "measures": [*bands, "venues"],
        "neighbourhoods": list(by_hood.values()), "districts": districts, "city": city,
        "deserts": deserts, "desert_threshold": thresholds,
        "sites": {"runs": len([s for s in supply[ALL] if supply[ALL][s]]), "venues": len(venue_seats)},
    }


def run(*, reference_date: datetime.date, k: int, mirror_path: Path | str | None,
        external: dict[str, dict[str, float]] | None = None, progress: Progress = _noop) -> tuple[dict, dict]:
    """Read, sync the statement mirror, compute. Returns (parts, counts)."""
    started = time.perf_counter()
    tables = read_sources(progress)
    timings = {"read_s": round(time.perf_counter() - started, 3)}
    if mirror_path:
        Path(mirror_path).parent.mkdir(parents=True, exist_ok=True)
    con = engine.connect(mirror_path)
    try:
        t = time.perf_counter()
        sync = engine.StatementMirror(con).sync(progress)
        timings["statement_mirror_s"] = round(time.perf_counter() - t, 3)
        enrolment_sync = engine.EnrolmentMirror(con).sync()
        con.execute("CREATE OR REPLACE TEMP VIEW enrolments AS SELECT * FROM enrolment_mirror").fetchall()
        timings["mirror_s"] = round(time.perf_counter() - t, 3)
        t = time.perf_counter()
        districts = inputs.districts()
        parts = compute_parts(con=con, tables=tables, reference_date=reference_date, districts=districts,
                              neighbourhoods=inputs.neighbourhoods(), city_code=inputs.city()["code"], k=k,
                              external=external, progress=progress)
        timings["compute_s"] = round(time.perf_counter() - t, 3)
        counts = {name: table.num_rows for name, table in tables.items()}
        counts["enrolments"] = con.execute("SELECT count(*) FROM enrolment_mirror").fetchall()[0][0]
        counts["enrolments_changed"] = enrolment_sync["changed"]
        counts["statements"] = con.execute("SELECT count(*) FROM statements").fetchall()[0][0]
        counts["statements_added"] = sync["added"]
        counts["mirror_rebuilt"] = sync["rebuilt"]
    finally:
        con.close()
    parts["meta"] = {"reference_date": reference_date.isoformat(),
                     "window": [d.isoformat() for d in engine.window(reference_date)],
                     "counts": counts, "sources": inputs.source_names(), "k": k, "timings": timings,
                     "districts": districts}
    return parts, counts
