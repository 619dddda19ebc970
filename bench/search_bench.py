"""`make bench-search [ARGS="--n 1000000"]`: discovery at city scale, on SYNTHETIC data.

In one run, on one machine:
1. a fresh database (SQLite in a scratch folder, or --database-url) with the real districts and population,
   and N synthetic opportunities with one run each (bench/search_synth.py says how they are made);
2. the search index built from that database by the production code (`index_rebuild`): time and size;
3. in-process search latency (`search.selectors.search_runs`, the function the page and the API call:
   the index query, the total count and the result cards; facet counts measured separately) for four kinds
   of query: one common word, one rare word, two words, and text + 3 filters + distance;
4. the same searches through the HTTP API served as in production (`learningcity serve`: gunicorn, or granian
   with `--server granian`, several
   worker processes, this database and index), at concurrency 1 and 8, as a client sees them;
5. the baseline: the same text queries on SQLite FTS5 (unicode61 tokenizer) ordered by bm25, top 20, over
   the same titles and descriptions.

The last line is `RESULT search n=<N> build_s=<x> api_p95_ms=<x> index_p95_ms=<x> fts5_p95_ms=<x>`, each
p95 over all query kinds pooled. Targets at 1,000,000 (2 cores): api ≤ 30 ms, index ≤ 5 ms, build ≤ 120 s.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import secrets
import shutil
import sqlite3
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = min(len(ordered) - 1, max(0, int(round(q / 100 * (len(ordered) - 1)))))
    return ordered[k]


def summary(values: list[float]) -> str:
    return f"p50 {percentile(values, 50):7.2f} ms  p95 {percentile(values, 95):7.2f} ms  (n={len(values)})"


def load() -> str:
    """The machine's load average: other work on the machine slows every figure here."""
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1_000_000, help="synthetic opportunities (one run each)")
    parser.add_argument("--queries", type=int, default=200, help="searches per kind and setting")
    parser.add_argument("--dir", default=str(ROOT / "var" / "bench-search"), help="scratch folder")
    parser.add_argument("--database-url", default="", help="PostgreSQL instead of SQLite (a database to fill)")
    parser.add_argument("--reuse", action="store_true", help="keep the database of an earlier run with the same N")
    parser.add_argument("--workers", type=int, default=4, help="server workers for the API measurement")
    parser.add_argument("--server", choices=("gunicorn", "granian"), default="gunicorn",
                        help="HTTP server of `learningcity serve` for the API measurement")
    parser.add_argument("--skip-api", action="store_true")
    parser.add_argument("--seed", type=int, default=20260427)
    return parser.parse_args()


def setup_django(args: argparse.Namespace) -> None:
    scratch = Path(args.dir)
    scratch.mkdir(parents=True, exist_ok=True)
    os.environ["LEARNINGCITY_VAR_DIR"] = str(scratch)
    os.environ["LEARNINGCITY_SEARCH_DIR"] = str(scratch / "search-index")
    os.environ.setdefault("LEARNINGCITY_SECRET_KEY", "bench-" + secrets.token_urlsafe(24))
    os.environ["LEARNINGCITY_DEBUG"] = "false"
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "learningcity.config.settings"
    import django

    django.setup()


def fresh_database(args: argparse.Namespace) -> dict:
    from django.core.management import call_command
    from django.db import connection

    from learningcity.catalogue.models import Opportunity
    from learningcity.platform.demo_city import load_geography_only
    from learningcity.core.progress import progress_bar

    marker = Path(args.dir) / "generated.txt"
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    if args.reuse and marker.exists() and marker.read_text().strip() == f"{args.n}:{args.seed}":
        print(f"reusing the synthetic database of an earlier run ({args.n:,} opportunities)")
        return {"seconds": 0.0}
    if Opportunity.objects.exists():
        call_command("flush", interactive=False, verbosity=0)
        call_command("migrate", verbosity=0)
    load_geography_only()
    from search_synth import generate

    started = time.monotonic()
    with progress_bar() as update:
        info = generate(args.n, seed=args.seed, progress=update)
    seconds = time.monotonic() - started
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    marker.write_text(f"{args.n}:{args.seed}")
    print(f"generated {args.n:,} SYNTHETIC opportunities + runs, {info['providers']:,} providers, "
          f"{info['venues']:,} venues in {seconds:.1f} s")
    return {"seconds": seconds}


def query_sets(args: argparse.Namespace) -> dict[str, list[dict]]:
    """The searches, as API/page parameters. Words come from the generator's own Zipf ranking."""
    from search_synth import Vocabulary

    from learningcity.core.models import District

    rng = random.Random(args.seed)
    vocab = Vocabulary(random.Random(args.seed))  # same shuffles as the generator: same ranks
    ko, en = vocab.ko_subject, vocab.en_subject
    common = [ko.by_rank(r) for r in range(1, 6)] + [en.by_rank(r) for r in range(1, 4)]
    from search_synth import EN_RARE, KO_RARE

    rare = KO_RARE[:14] + EN_RARE[:8]
    mid_ko = [ko.by_rank(r) for r in range(3, 40)]
    mid_en = [en.by_rank(r) for r in range(3, 40)]
    two = [f"{rng.choice(mid_ko)} {rng.choice(['기초', '초급', '교실', '강좌', '입문'])}" for _ in range(15)] + \
          [f"{rng.choice(mid_en)} {rng.choice(['class', 'course', 'workshop', 'beginners'])}" for _ in range(8)]
    districts = list(District.objects.values_list("centroid_lat", "centroid_lon"))
    n = args.queries
    sets = {
        "one common word": [{"q": common[i % len(common)]} for i in range(n)],
        "one rare word": [{"q": rare[i % len(rare)]} for i in range(n)],
        "two words": [{"q": two[i % len(two)]} for i in range(n)],
    }
    facets = []
    for i in range(n):
        lat, lon = districts[i % len(districts)]
        facets.append({"q": mid_ko[i % len(mid_ko)] if i % 3 else mid_en[i % len(mid_en)], "free": "1",
                       "age": str(rng.choice([8, 15, 35, 70])), "mode": "in_person",
                       "lat": f"{lat + rng.uniform(-0.01, 0.01):.5f}", "lon": f"{lon + rng.uniform(-0.01, 0.01):.5f}",
                       "radius_km": "3"})
    sets["text + 3 filters + distance"] = facets
    return sets


def in_process(sets: dict[str, list[dict]], *, facets: bool) -> dict[str, list[float]]:
    from learningcity.search.params import parse_params
    from learningcity.search.selectors import district_centres, search_choices, search_runs

    choices, centres = search_choices(), district_centres()
    out: dict[str, list[float]] = {}
    totals: dict[str, list[int]] = {}
    for kind, queries in sets.items():
        for data in queries[:20]:  # warm the page cache and the process
            search_runs(params=parse_params({k: [v] for k, v in data.items()}, choices=choices,
                                            district_centres=centres))
        times, cpu = [], []
        for data in queries:
            params = parse_params({k: [v] for k, v in data.items()} | {"facets": ["1" if facets else "0"]},
                                  choices=choices, district_centres=centres)
            started, started_cpu = time.perf_counter(), time.process_time()
            result = search_runs(params=params)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            totals.setdefault(kind, []).append(result.total)
        out[kind] = times
        print(f"  {kind:<30} {summary(times)}  CPU p50 {percentile(cpu, 50):.2f} p95 {percentile(cpu, 95):.2f} ms"
              f"  median matches {statistics.median(totals[kind]):,.0f}")
    return out


def api(args: argparse.Namespace, sets: dict[str, list[dict]]) -> dict[str, list[float]]:
    from urllib.parse import urlencode

    from lrs_http import Http
    from serving import start_server

    server, base = start_server(workers=args.workers, log_path=Path(args.dir) / "server.log",
                                ready_path="/api/v1/search?q=x", timeout=120)
    port = int(base.rsplit(":", 1)[1])
    results: dict[str, list[float]] = {}
    try:
        for concurrency in (1, 8):
            print(f"  concurrency {concurrency} ({args.workers} {args.server} workers):")
            for kind, queries in sets.items():
                times: list[float] = []
                lock = threading.Lock()
                jobs = ["/api/v1/search?" + urlencode(data) for data in queries]
                errors = []

                def work():
                    # A raw-socket client on a kept-alive connection: the load generator shares the two
                    # cores with the server, and httpx cost several times more CPU per request.
                    client = Http("127.0.0.1", port, version=None)
                    try:
                        for path in jobs[:10]:  # warm every worker
                            client.request("GET", path)
                        while True:
                            with lock:
                                if not jobs:
                                    return
                                path = jobs.pop()
                            status, _, seconds = client.request("GET", path)
                            with lock:
                                times.append(seconds * 1000)
                                if status != 200:
                                    errors.append(status)
                    finally:
                        client.close()

                threads = [threading.Thread(target=work) for _ in range(concurrency)]
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
                if errors:
                    raise RuntimeError(f"API errors: {errors[:5]}")
                results.setdefault(kind, []).extend(times)
                results.setdefault(f"c{concurrency}", []).extend(times)
                print(f"    {kind:<28} {summary(times)}")
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
    return results


def fts5(args: argparse.Namespace, sets: dict[str, list[dict]]) -> dict[str, list[float]]:
    from django.db import connection

    from learningcity.catalogue.models import Opportunity

    path = Path(args.dir) / "fts5-baseline.sqlite3"
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE VIRTUAL TABLE fts USING fts5(title, body, tokenize='unicode61')")
    started = time.monotonic()
    last = 0
    while True:
        rows = list(Opportunity.objects.filter(id__gt=last).order_by("id").values_list("id", "title", "description")[:20000])
        if not rows:
            break
        db.executemany("INSERT INTO fts(rowid, title, body) VALUES (?, ?, ?)", rows)
        last = rows[-1][0]
    db.commit()
    print(f"  FTS5 table built in {time.monotonic() - started:.1f} s "
          f"({path.stat().st_size / 1e6:.0f} MB; {connection.vendor} source)")
    out: dict[str, list[float]] = {}
    for kind, queries in sets.items():
        times = []
        for data in queries[:10]:
            db.execute("SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY bm25(fts, 3.0, 1.0) LIMIT 20",
                       (_fts_query(data["q"]),)).fetchall()
        for data in queries:
            started = time.perf_counter()
            db.execute("SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY bm25(fts, 3.0, 1.0) LIMIT 20",
                       (_fts_query(data["q"]),)).fetchall()
            times.append((time.perf_counter() - started) * 1000)
        out[kind] = times
        print(f"  {kind:<30} {summary(times)}")
    db.close()
    return out


def _fts_query(text: str) -> str:
    return " AND ".join('"' + w.replace('"', "") + '"' for w in text.split())


def main() -> None:
    args = parse_args()
    setup_django(args)
    from django.db import connection

    from learningcity.core.progress import progress_bar
    from learningcity.search import store
    from learningcity.search.indexer import index_rebuild

    print(f"Search benchmark on SYNTHETIC data: n={args.n:,}, {os.cpu_count()} CPUs, "
          f"{platform.platform()}, Python {platform.python_version()}, database {connection.vendor}")
    fresh_database(args)
    shutil.rmtree(Path(args.dir) / "search-index", ignore_errors=True)
    print(f"load average before the build: {load()}")
    cpu_started = time.process_time()
    with progress_bar() as update:
        report = index_rebuild(progress=update)
    print(f"index built from the database in {report.seconds:.1f} s (CPU {time.process_time() - cpu_started:.1f} s "
          f"over all threads): {report.documents:,} runs, {report.size_bytes / 1e6:.0f} MB; load average {load()}")
    store.forget_reader()
    sets = query_sets(args)
    print("in-process search (hits, count and cards; no facet counts):")
    index_times = in_process(sets, facets=False)
    print("in-process search with facet counts (what the search page asks for):")
    in_process(sets, facets=True)
    api_times: dict[str, list[float]] = {}
    if not args.skip_api:
        print(f"HTTP API (GET /api/v1/search, facet counts included, through {args.server}):")
        os.environ["LEARNINGCITY_SERVER"] = args.server  # read by `learningcity serve`
        connection.close()
        api_times = api(args, sets)
    print("baseline: SQLite FTS5, bm25, top 20 (text of the same queries):")
    fts_times = fts5(args, sets)
    print(f"load average at the end: {load()} (on {os.cpu_count()} CPUs)")
    pooled = lambda d, keys: [t for k in keys for t in d.get(k, [])]  # noqa: E731
    kinds = list(sets)
    api_p95 = percentile(pooled(api_times, ["c1", "c8"]), 95) if api_times else float("nan")
    print(f"RESULT search n={args.n} build_s={report.seconds:.1f} api_p95_ms={api_p95:.1f} "
          f"index_p95_ms={percentile(pooled(index_times, kinds), 95):.2f} "
          f"fts5_p95_ms={percentile(pooled(fts_times, kinds), 95):.1f}")


if __name__ == "__main__":
    main()
