"""Monitoring benchmark (`make bench-monitoring`): every indicator recomputed over 10,000,000 xAPI-statement-like
rows and 1,000,000 enrolments, and a dashboard page served from the stored snapshot; with the same core
aggregation written directly in DuckDB as the baseline.

The data are SYNTHETIC (made here, never shown as real): learners are drawn from the REAL Seoul population
(MOIS April 2025, district × 5-year band × sex), enrol in synthetic runs held at the REAL venues (libraries and
schools with their real coordinates), and produce statements over the 12 months before the reference date.
They are bulk-written into the platform's real tables: accounts and learner profiles (all consenting to
statistics), enrolments, and xAPI statements in the LRS's own storage (agents, verbs, activities, statement
rows with their JSON), so the compute path (`monitoring.services.snapshot_create`: the learners selectors'
SQL and the LRS's statistics read → Arrow → DuckDB → stored parts) is the one production runs.

Runs each database in its own process: `--database sqlite|postgres|both` (default both; PostgreSQL at
127.0.0.1:5432, database lc_monitoring_bench, recreated). Figures: medians of `--repeat` warm recomputes
(the mirrors up to date, 10,000 new statements and 1,000 changed enrolments each time), plus the cold first compute
(mirror built from nothing); page p95 over 200 requests of the dashboard. Last line:
RESULT monitoring statements=<N> compute_s=<x> page_p95_ms=<x> duckdb_s=<x>   (the worse database)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
PG_URL = "postgres://postgres@127.0.0.1:5432/lc_monitoring_bench"
REF = "2026-04-30"
VERBS = ["http://adlnet.gov/expapi/verbs/attended", "http://adlnet.gov/expapi/verbs/completed",
         "http://adlnet.gov/expapi/verbs/experienced", "http://adlnet.gov/expapi/verbs/progressed",
         "https://w3id.org/xapi/dod-isd/verbs/enrolled"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--statements", type=int, default=10_000_000)
    parser.add_argument("--enrolments", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reuse", action="store_true",
                        help="Keep the database and mirror of the previous run (skip generating; re-measure only).")
    parser.add_argument("--worker", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return
    results = []
    for db in (["sqlite", "postgres"] if args.database == "both" else [args.database]):
        cmd = [sys.executable, __file__, "--worker", db, "--statements", str(args.statements),
               "--enrolments", str(args.enrolments), "--repeat", str(args.repeat)] + (["--reuse"] if args.reuse else [])
        proc = subprocess.run(cmd, capture_output=False, text=True, stdout=subprocess.PIPE)
        sys.stdout.write(proc.stdout)
        line = [ln for ln in proc.stdout.splitlines() if ln.startswith("FIGURES ")]
        if proc.returncode != 0 or not line:
            sys.exit(f"benchmark on {db} failed")
        results.append(json.loads(line[-1][len("FIGURES "):]))
    worst = {k: max(r[k] for r in results) for k in ("compute_s", "page_p95_ms", "duckdb_s")}
    print(f"RESULT monitoring statements={args.statements} compute_s={worst['compute_s']:.2f} "
          f"page_p95_ms={worst['page_p95_ms']:.1f} duckdb_s={worst['duckdb_s']:.2f}")


def _setup_env(db: str, reuse: bool = False) -> Path:
    var = OUT / f"var-{db}"
    var.mkdir(parents=True, exist_ok=True)
    os.environ["LEARNINGCITY_VAR_DIR"] = str(var)
    os.environ["LEARNINGCITY_DEBUG"] = "0"
    os.environ.setdefault("LEARNINGCITY_SECRET_KEY", "bench-only-not-secret")
    os.environ["LEARNINGCITY_ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    os.environ["DJANGO_SETTINGS_MODULE"] = "learningcity.config.settings"
    if reuse:
        if db == "postgres":
            os.environ["DATABASE_URL"] = PG_URL
        else:
            os.environ.pop("DATABASE_URL", None)
        return var
    if db == "postgres":
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
            c.execute("DROP DATABASE IF EXISTS lc_monitoring_bench WITH (FORCE)")
            c.execute("CREATE DATABASE lc_monitoring_bench")
        os.environ["DATABASE_URL"] = PG_URL
    else:
        os.environ.pop("DATABASE_URL", None)
        for suffix in ("", "-wal", "-shm"):
            Path(str(var / "learningcity.sqlite3") + suffix).unlink(missing_ok=True)
    (var / "monitoring" / "statements.duckdb").unlink(missing_ok=True)
    return var


def say(msg: str) -> None:
    print(msg, flush=True)


def worker(args) -> None:
    var = _setup_env(args.worker, args.reuse)
    import django

    django.setup()
    from django.core.management import call_command

    import duckdb

    if args.reuse:
        call_command("migrate", verbosity=0)
        call_command("createcachetable")
        gen = duckdb.connect()
        reuse_for_baseline(gen, var)
        say(f"[{args.worker}] reusing the previous run's database and mirror")
        measure(args, var, gen)
        return

    say(f"[{args.worker}] load average at start {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("createcachetable")
    call_command("collectstatic", interactive=False, verbosity=0)  # production static storage, as served
    from learningcity.platform.demo_city import load_demo_city

    load_demo_city()
    say(f"[{args.worker}] demo city (real geography, population, venues) loaded in {time.perf_counter() - t:.1f} s")
    gen = duckdb.connect()
    t = time.perf_counter()
    generate(gen, statements=args.statements, enrolments=args.enrolments)
    say(f"[{args.worker}] synthetic data generated in DuckDB in {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    store(gen, args.worker)
    say(f"[{args.worker}] stored in the platform database (catalogue, learners and LRS tables) in "
        f"{time.perf_counter() - t:.1f} s")
    (var / "monitoring" / "statements.duckdb").unlink(missing_ok=True)
    measure(args, var, gen, cold=True)


def reuse_for_baseline(gen, var: Path) -> None:
    """The previous run's data, copied into an in-memory DuckDB for the baseline (mirror opened read-only)."""
    from learningcity.monitoring import inputs

    gen.execute(f"ATTACH '{var / 'monitoring' / 'statements.duckdb'}' AS m (READ_ONLY)").fetchall()
    gen.execute("CREATE TABLE statements AS SELECT * FROM m.statements").fetchall()
    gen.execute("DETACH m").fetchall()
    for name, table in (("learners", inputs.learners()), ("enrolments", inputs.enrolments())):
        gen.register("_t", table)
        gen.execute(f"CREATE TABLE {name} AS SELECT * FROM _t").fetchall()
        gen.unregister("_t")


def measure(args, var: Path, gen, cold: bool = False) -> None:
    import duckdb

    baseline = duckdb_baseline(gen)
    say(f"[{args.worker}] DuckDB baseline (same core aggregation, data already in DuckDB): {baseline:.2f} s")

    import datetime

    from learningcity.monitoring import services
    from django.db import connection

    from learningcity.learners.models import Enrolment
    from learningcity.lrs.models import Statement

    ref = datetime.date.fromisoformat(REF)
    mirror = var / "monitoring" / "statements.duckdb"
    t = time.perf_counter()
    snap = services.snapshot_create(by=None, reference_date=ref, mirror=mirror)
    cold_s = time.perf_counter() - t
    say(f"[{args.worker}] {'cold compute (mirrors built from nothing)' if cold else 'first compute (mirrors caught up)'}:"
        f" {cold_s:.2f} s; counts {snap.counts}")
    warm = []
    next_id = (Statement.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    learners = gen.execute("SELECT count(*) FROM learners").fetchone()[0]
    for i in range(args.repeat):
        # 10,000 new statements reach the LRS (written straight into its tables, as the bulk load was) ...
        gen.execute(f"CREATE OR REPLACE TABLE new_statements AS {statement_rows(next_id, 10_000, learners)}",
                    {"verbs": VERBS}).fetchall()
        copy_rows(gen, "lrs_statement", LRS_STATEMENT_COLUMNS, lrs_statement_sql("new_statements", connection.vendor))
        next_id += 10_000
        # ... and 1,000 enrolments change (completions), as between two nightly runs.
        from django.utils import timezone

        first = 1 + (next_id // 10_000) * 1000 % 900_000
        Enrolment.objects.filter(id__gte=first, id__lt=first + 1000, status="enrolled").update(
            status="completed", completed_at=timezone.now(), modified_at=timezone.now())
        t = time.perf_counter()
        snap = services.snapshot_create(by=None, reference_date=ref, mirror=mirror)
        warm.append(time.perf_counter() - t)
        from learningcity.monitoring import selectors

        meta = selectors.snapshot_part(snapshot=snap, key="meta")
        say(f"[{args.worker}] warm compute {i + 1}: {warm[-1]:.2f} s (read {meta['timings']['read_s']} s, mirror "
            f"append {meta['timings']['mirror_s']} s, indicators+access+framework+open data "
            f"{meta['timings']['compute_s']} s; statements {snap.counts['statements']:,})")
    compute_s = statistics.median(warm)
    page = page_p95(args.worker)
    say(f"[{args.worker}] dashboard page from the stored snapshot: p50 {page[0]:.1f} ms, p95 {page[1]:.1f} ms "
        f"(200 requests, Django test client, signed-in city office)")
    say(f"[{args.worker}] machine: {os.cpu_count()} cores; Python {sys.version.split()[0]}; duckdb {duckdb.__version__}; "
        f"load average now {os.getloadavg()[0]:.1f} (a shared machine: other work inflates every figure)")
    print("FIGURES " + json.dumps({"compute_s": compute_s, "cold_s": cold_s, "page_p95_ms": page[1],
                                   "duckdb_s": baseline}), flush=True)


def generate(con, *, statements: int, enrolments: int) -> None:
    """Synthetic learners over the real population, runs at real venues, enrolments and statements."""
    import pyarrow as pa

    from learningcity.monitoring import inputs

    con.register("pop_src", inputs.population())
    con.register("venue_src", inputs.venues())
    learners = max(enrolments // 3, 1000)
    con.execute(f"""
    CREATE TABLE cells AS SELECT area_code AS district_code, age_band, sex, population,
      sum(population) OVER (ORDER BY area_code, age_band, sex) AS cum
      FROM pop_src WHERE level = 'district' AND population > 0;
    CREATE TABLE learners AS
      WITH r AS (SELECT range + {FIRST_USER} AS learner_key, random() * (SELECT max(cum) FROM cells) AS u FROM range({learners}))
      SELECT r.learner_key, c.district_code, c.sex,
             2026 - (CASE WHEN c.age_band = '100+' THEN 100 ELSE CAST(split_part(c.age_band, '-', 1) AS INT) END
                     + CAST(floor(random() * 5) AS INT)) AS birth_year
      FROM r ASOF JOIN cells c ON r.u <= c.cum;
    CREATE TABLE venues AS SELECT id, district_code, row_number() OVER () AS n FROM venue_src;
    CREATE TABLE runs AS
      SELECT range + 1 AS id, (range % 8000) + 1 AS opportunity_id,
             (SELECT id FROM venues WHERE n = 1 + CAST(floor(random() * (SELECT count(*) FROM venues)) AS INT)) AS venue_id,
             DATE '2025-05-01' + CAST(floor(random() * 330) AS INT) AS start_date,
             10 + CAST(floor(random() * 40) AS INT) AS capacity,
             CASE WHEN random() < 0.3 THEN NULL ELSE 5 * CAST(floor(random() * 14) AS INT) END AS age_min
      FROM range(30000);
    CREATE TABLE enrolments AS
      SELECT range + 1 AS id, {FIRST_USER} + CAST(floor(random() * {learners}) AS BIGINT) AS learner_key,
             1 + CAST(floor(random() * 30000) AS BIGINT) AS run_id,
             ['enrolled','completed','completed','not_completed','cancelled','waitlisted'][1 + CAST(floor(random() * 6) AS INT)] AS status,
             TIMESTAMP '2025-05-01 09:00:00' + to_seconds(CAST(floor(random() * 364 * 86400) AS BIGINT)) AS enrolled_at,
             random() < 0.2 AS credential_issued
      FROM range({enrolments});
    -- one live place per person and run (the learners app's rule): later draws of the same pair are cancelled
    UPDATE enrolments SET status = 'cancelled' WHERE id IN (
      SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY learner_key, run_id ORDER BY id) AS n
                      FROM enrolments) WHERE n > 1);
    CREATE TABLE statements AS {statement_rows(1, statements, learners)};
    """, {"verbs": VERBS}).fetchall()
    _ = pa


FIRST_USER = 1_000_000  # synthetic accounts' ids start here, clear of the demo's own accounts


def statement_rows(first: int, count: int, learners: int) -> str:
    """DuckDB SQL for `count` synthetic statements with stored ids from `first` (uses the $verbs parameter)."""
    return f"""
      SELECT range AS id, {FIRST_USER} + CAST(floor(random() * {learners}) AS BIGINT) AS learner_key,
             $verbs[1 + CAST(floor(random() * 5) AS INT)] AS verb,
             TIMESTAMP '2025-04-01 00:00:00' + to_seconds(CAST(floor(random() * 394 * 86400) AS BIGINT)) AS timestamp,
             CAST(floor(random() * 3600) AS BIGINT) AS duration_s
      FROM range({first}, {first + count})"""


def lrs_statement_sql(source: str, vendor: str) -> str:
    """Rows of the LRS's statement table from a DuckDB relation of narrow statements. The statement UUID
    carries the stored id in its first four bytes, so its lookup key (`sid_key`, the first eight bytes as a
    signed integer) is unique; the payload is the statement JSON as the LRS stores it."""
    from django.conf import settings

    uid = "lpad(lower(hex(s.id)), 8, '0') || '-0000-4000-8000-000000000000'"
    stored_uid = uid if vendor == "postgresql" else f"replace({uid}, '-', '')"
    home = settings.BASE_URL.replace("'", "''")
    return f"""
      SELECT s.id, s.id >> 14, {stored_uid}, s.id * 4294967296 + 16384,
             epoch_us(s.timestamp) + 60000000, s.learner_key, 0, v.n, 1, 1 + s.id % 5000, NULL, false, false,
             '{{"id":"' || {uid} || '","actor":{{"objectType":"Agent","account":{{"homePage":"{home}","name":"'
             || s.learner_key || '"}}}},"verb":{{"id":"' || s.verb || '"}},"object":{{"objectType":"Activity","id":'
             || '"https://bench.example/activities/' || (1 + s.id % 5000) || '"}},"result":{{"duration":"PT'
             || s.duration_s || 'S"}},"timestamp":"' || strftime(s.timestamp, '%Y-%m-%dT%H:%M:%SZ')
             || '","stored":"' || strftime(s.timestamp + INTERVAL 1 MINUTE, '%Y-%m-%dT%H:%M:%SZ')
             || '","version":"1.0.0"}}'
      FROM {source} s JOIN (SELECT unnest($verbs) AS iri, generate_subscripts($verbs, 1) AS n) v ON v.iri = s.verb
      ORDER BY s.id"""


LRS_STATEMENT_COLUMNS = ["id", "bucket", "statement_id", "sid_key", "stored_us", "actor_ref", "authority_ref",
                         "verb_ref", "object_kind", "object_ref", "registration", "voiding", "voided", "payload"]


def _sqlite_insert(cursor, table: str, columns: list[str], rel) -> None:
    placeholders = ", ".join("?" for _ in columns)
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"
    while True:
        rows = rel.fetchmany(200_000)
        if not rows:
            break
        cursor.executemany(sql, rows)


def store(gen, db: str) -> None:
    """Write runs into the catalogue tables, learners and enrolments into the learners app's tables, and
    statements into the LRS's tables."""
    from django.conf import settings
    from django.db import connection

    from learningcity.catalogue.models import Opportunity, Provider
    from learningcity.core.models import District

    gen.execute("CREATE OR REPLACE TABLE district_ids (code VARCHAR, id BIGINT)").fetchall()
    gen.executemany("INSERT INTO district_ids VALUES (?, ?)", list(District.objects.values_list("code", "id")))
    gen.execute("CREATE OR REPLACE TABLE verbs AS SELECT unnest($verbs) AS iri, generate_subscripts($verbs, 1) AS n",
                {"verbs": VERBS}).fetchall()

    provider = Provider.objects.create(name="Synthetic benchmark provider", slug="bench-provider", sector="library")
    fmt = "%Y-%m-%d %H:%M:%S"
    queries = {
        "catalogue_opportunity": (
            ["id", "provider_id", "kind", "title", "description", "skills", "setting", "isced_field", "age_min",
             "age_max", "target_groups", "languages", "cost", "currency", "is_free", "delivery_mode", "accessibility",
             "family_friendly", "workplace", "sustainability_tags", "credential_awarded", "url", "enrolment_method",
             "status", "edited_fields", "created_at", "modified_at"],
            f"""SELECT 1000000 + range, {provider.pk}, 'course', 'Synthetic course ' || range, '', '[]',
                   ['formal','non_formal','informal'][1 + range % 3], '', CASE WHEN range % 3 = 0 THEN NULL ELSE 5 * (range % 14) END,
                   CASE WHEN range % 4 = 0 THEN NULL ELSE 5 * (range % 14) + 30 END, '[]', '["ko"]', 0, 'KRW', true,
                   'in_person', '[]', false, false, '[]', CASE WHEN range % 5 = 0 THEN 'certificate' ELSE '' END, '', '',
                   'published', '[]', '2026-01-01 00:00:00', '2026-01-01 00:00:00' FROM range(1, 8001)"""),
        "catalogue_opportunityrun": (
            ["id", "opportunity_id", "venue_id", "room", "online_url", "start_date", "end_date", "start_time",
             "end_time", "weekdays", "capacity", "instructor", "status", "is_cancelled", "edited_fields", "created_at",
             "modified_at"],
            """SELECT 1000000 + id, 1000000 + opportunity_id, venue_id, '', '', strftime(start_date, '%Y-%m-%d'),
                   strftime(start_date + 60, '%Y-%m-%d'), '10:00:00', '12:00:00', '["TU", "TH"]', capacity, '',
                   'published', false, '[]', '2026-01-01 00:00:00', '2026-01-01 00:00:00' FROM runs"""),
        "core_user": (
            ["id", "password", "is_superuser", "first_name", "last_name", "is_staff", "is_active", "date_joined",
             "email", "display_name", "is_city_office"],
            """SELECT learner_key, '!', false, '', '', false, true, '2025-01-01 00:00:00',
                   'learner' || learner_key || '@bench.example', '', false FROM learners"""),
        "learners_learnerprofile": (
            ["id", "user_id", "birth_year", "sex", "district_id", "languages", "accessibility_needs",
             "statistics_consent", "consent_changed_at", "calendar_token", "created_at", "modified_at"],
            """SELECT learner_key, learner_key, birth_year, sex, d.id, '["ko"]', '[]', true, '2025-01-01 00:00:00',
                   'bench-calendar-' || learner_key, '2025-01-01 00:00:00', '2025-01-01 00:00:00'
                FROM learners l JOIN district_ids d ON d.code = l.district_code"""),
        "learners_enrolment": (
            ["id", "user_id", "run_id", "status", "enrolled_at", "waitlisted_at", "cancelled_at", "completed_at",
             "attended_hours", "credential_issued", "stat_district_code", "stat_sex", "stat_consent", "created_at",
             "modified_at"],
            f"""SELECT e.id, e.learner_key, 1000000 + e.run_id, e.status,
                   CASE WHEN e.status <> 'waitlisted' THEN strftime(e.enrolled_at, '{fmt}') END,
                   CASE WHEN e.status = 'waitlisted' THEN strftime(e.enrolled_at, '{fmt}') END,
                   CASE WHEN e.status = 'cancelled' THEN strftime(e.enrolled_at + INTERVAL 3 DAY, '{fmt}') END,
                   CASE WHEN e.status = 'completed' THEN strftime(e.enrolled_at + INTERVAL 40 DAY, '{fmt}') END,
                   CASE WHEN e.status = 'completed' THEN 20.0 ELSE 4.0 END, e.credential_issued, '', '', false,
                   strftime(e.enrolled_at, '{fmt}'), strftime(e.enrolled_at + INTERVAL 40 DAY, '{fmt}')
                FROM enrolments e ORDER BY e.id"""),
        "lrs_agent": (["id", "ifi", "name"],
                      f"""SELECT learner_key, 'A|account:{settings.BASE_URL}' || chr(31) || learner_key, ''
                          FROM learners"""),
        "lrs_verb": (["id", "iri", "display"], "SELECT n, iri, '{}' FROM verbs"),
        "lrs_activity": (["id", "iri", "definition"],
                         "SELECT range, 'https://bench.example/activities/' || range, '{}' FROM range(1, 5001)"),
        "lrs_statement": (LRS_STATEMENT_COLUMNS, lrs_statement_sql("statements", connection.vendor)),
    }
    for table, (columns, sql) in queries.items():
        t = time.perf_counter()
        copy_rows(gen, table, columns, sql)
        say(f"  {table}: {time.perf_counter() - t:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in ("catalogue_opportunity", "catalogue_opportunityrun", "core_user", "learners_learnerprofile",
                          "learners_enrolment", "lrs_agent", "lrs_verb", "lrs_activity", "lrs_statement"):
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
            cursor.execute("ANALYZE")
    _ = Opportunity


def copy_rows(gen, table: str, columns: list[str], sql: str) -> None:
    """Bulk-insert the rows of a DuckDB query into a platform table (COPY on PostgreSQL)."""
    from django.db import connection, transaction

    params = {"verbs": VERBS} if "$verbs" in sql else {}
    if connection.vendor == "postgresql":
        with tempfile.NamedTemporaryFile(suffix=".csv", dir=OUT) as tmp:
            gen.execute(f"COPY ({sql}) TO '{tmp.name}' (FORMAT csv, HEADER false)", params).fetchall()
            with connection.cursor() as cursor, open(tmp.name, "rb") as fh:
                with cursor.connection.cursor().copy(
                        f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT csv)") as copy:
                    while chunk := fh.read(1 << 20):
                        copy.write(chunk)
                cursor.connection.commit()
    else:
        with transaction.atomic(), connection.cursor() as cursor:
            _sqlite_insert(cursor, table, columns, gen.execute(sql, params))


def duckdb_baseline(gen) -> float:
    """The core aggregation, hand-written over the same data already in DuckDB: statements and active learners
    by district × age band × sex × month, and participation by district × band × sex (CUBE)."""
    times = []
    for _ in range(3):
        t = time.perf_counter()
        gen.execute("""
        SELECT strftime(date_trunc('month', s.timestamp), '%Y-%m') m, l.district_code, l.sex,
               CASE WHEN 2026 - l.birth_year >= 100 THEN '100+' ELSE ((2026 - l.birth_year) // 5 * 5)::VARCHAR END b,
               count(*), count(DISTINCT s.learner_key)
        FROM statements s JOIN learners l USING (learner_key)
        WHERE s.timestamp >= TIMESTAMP '2025-05-01' AND s.timestamp < TIMESTAMP '2026-05-01'
        GROUP BY GROUPING SETS ((m, l.district_code, b, l.sex), (m, l.district_code), (m))
        """).fetchall()
        gen.execute("""
        SELECT l.district_code, l.sex, ((2026 - l.birth_year) // 5 * 5) b, count(DISTINCT e.learner_key), count(*),
               count(*) FILTER (WHERE e.status = 'completed')
        FROM enrolments e JOIN learners l USING (learner_key)
        WHERE e.enrolled_at >= TIMESTAMP '2025-05-01' AND e.status NOT IN ('waitlisted', 'cancelled')
        GROUP BY CUBE(l.district_code, b, l.sex)
        """).fetchall()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def page_p95(db: str) -> tuple[float, float]:
    from django.test import Client

    from learningcity.core.services import user_create

    from learningcity.core.models import User

    office = User.objects.filter(email=f"bench-office-{db}@example.org").first() or user_create(
        email=f"bench-office-{db}@example.org", password="bench-password-123", is_city_office=True)
    client = Client()
    client.force_login(office)
    for _ in range(5):
        client.get("/monitoring/")
    times = []
    for _ in range(200):
        t = time.perf_counter()
        response = client.get("/monitoring/")
        times.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


if __name__ == "__main__":
    main()
