"""Import benchmark: 100,000 rows of the city's CSV template through `learningcity import csv-template`
machinery (the real importer, services, validation, audit entries and domain events), on SQLite, against the
raw-engine baseline: the same rows inserted with `executemany` into a bare table in the same database file.

The rows are SYNTHETIC (generated here, never loaded into the demo city): 1,000 courses × 100 runs, venues in
real Seoul districts at points inside them. Run: `make bench-import` (ARGS="--rows 20000" for a quick look).
Prints the figures and, last, `RESULT import rows=<n> rows_per_s=<x> raw_rows_per_s=<x>`.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import secrets
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

DISTRICTS = [("종로구", 37.5735, 126.9790), ("마포구", 37.5663, 126.9019), ("강남구", 37.4959, 127.0664),
             ("은평구", 37.6176, 126.9227), ("도봉구", 37.6688, 127.0471), ("관악구", 37.4784, 126.9516)]


def write_rows(path: Path, rows: int) -> None:
    from learningcity.exchange.template import NAMES

    per_course = 100
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, NAMES)
        writer.writeheader()
        for i in range(rows):
            course, run = divmod(i, per_course)
            district, lat, lon = DISTRICTS[course % len(DISTRICTS)]
            month, day = 1 + run % 12, 1 + run % 28
            writer.writerow({
                "course_id": f"bench-{course}", "run_id": f"r{run}", "title": f"Synthetic course {course}",
                "description": "Synthetic benchmark row.", "topics": "digital", "cost": str((course % 5) * 10000),
                "age_min": "16", "languages": "ko", "start_date": f"2027-{month:02d}-{day:02d}",
                "end_date": f"2027-{month:02d}-{day:02d}", "start_time": "19:00", "end_time": "21:00",
                "capacity": "20", "venue_name": f"Bench venue {course % 50}", "venue_address": f"서울특별시 {district}",
                "district": district, "latitude": f"{lat:.4f}", "longitude": f"{lon:.4f}",
            })


def raw_baseline(db_path: str, csv_path: Path) -> float:
    """The same rows, parsed by csv and inserted with one executemany in one transaction: the engine's pace."""
    started = time.perf_counter()
    with csv_path.open(encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows = list(reader)
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("DROP TABLE IF EXISTS bench_raw")
    conn.execute(f"CREATE TABLE bench_raw (id INTEGER PRIMARY KEY, {', '.join(f'c{i} TEXT' for i in range(len(header)))},"
                 " source_id TEXT UNIQUE)")
    with conn:
        conn.executemany(f"INSERT INTO bench_raw VALUES (NULL, {', '.join('?' * len(header))}, ?)",
                         [r + [f"{r[0]}/{r[1]}"] for r in rows])
    elapsed = time.perf_counter() - started
    conn.execute("DROP TABLE bench_raw")
    conn.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3, help="baseline repeats (median reported)")
    args = parser.parse_args()
    var = Path(tempfile.mkdtemp(prefix="lc-bench-import-"))
    # Production settings (debug off: Django would otherwise keep every query in memory).
    os.environ.update(LEARNINGCITY_VAR_DIR=str(var), LEARNINGCITY_DEBUG="0", DATABASE_URL="",
                      LEARNINGCITY_SECRET_KEY=secrets.token_urlsafe(40), DJANGO_SETTINGS_MODULE="learningcity.config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    from django.conf import settings

    from learningcity.catalogue.models import OpportunityRun
    from learningcity.exchange.runner import run_import
    from learningcity.platform.demo_city import load_geography_only
    from learningcity.testing import factories

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
          f"{sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}")
    call_command("migrate", verbosity=0)
    load_geography_only()
    provider = factories.provider(name="Benchmark provider (synthetic)")
    csv_path = var / "bench.csv"
    write_rows(csv_path, args.rows)
    print(f"rows: {args.rows:,} synthetic template rows ({csv_path.stat().st_size / 1e6:.1f} MB), "
          f"database {settings.DATABASES['default']['NAME']}")

    started = time.perf_counter()
    report = run_import("csv-template", str(csv_path), provider=provider, max_bytes=2 * 1024**3)
    first = time.perf_counter() - started
    assert report.outcome == "saved", (report.outcome, report.rejected[:3])
    assert OpportunityRun.objects.count() == args.rows
    print(f"import (create):    {first:8.1f} s  {args.rows / first:10,.0f} rows/s  {report.summary()}")
    started = time.perf_counter()
    again = run_import("csv-template", str(csv_path), provider=provider, max_bytes=2 * 1024**3)
    second = time.perf_counter() - started
    print(f"re-import (no-op):  {second:8.1f} s  {args.rows / second:10,.0f} rows/s  "
          f"unchanged {again.total('unchanged'):,}")
    raw = [raw_baseline(settings.DATABASES["default"]["NAME"], csv_path) for _ in range(args.repeats)]
    raw_median = statistics.median(raw)
    print(f"raw executemany:    {raw_median:8.2f} s  {args.rows / raw_median:10,.0f} rows/s  "
          f"(median of {args.repeats})")
    print(f"RESULT import rows={args.rows} rows_per_s={args.rows / first:.0f} raw_rows_per_s={args.rows / raw_median:.0f}")


if __name__ == "__main__":
    main()
