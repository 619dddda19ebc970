#!/usr/bin/env python
"""LRS benchmark (`make bench-lrs`, DESIGN §6): our LRS served as in production vs raw SQLite vs Ralph.

In one run, on a fresh SQLite database behind `learningcity serve` (granian by default, `--server gunicorn`):
  1. batch ingest: POSTs of 100, then of 1,000 realistic statements, `--total` statements in all;
  2. single-statement POSTs with 8 concurrent clients;
  3. GET latency p50/p95 for agent, verb, activity and since filters at the size reached;
then the raw SQLite insert rate of the same JSON documents (no LRS, no index: the ceiling), and the same
workload against Ralph 5.1.0 (file-system backend, in its own venv under bench/out; its fs backend is
patched so writes append, and the output says so). The last line is the RESULT line.

    python bench/lrs_bench.py --total 1000000   # the DESIGN figure (~20 minutes on a shared 2-core box)
    python bench/lrs_bench.py --total 50000 --skip-ralph
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lrs_load import filter_queries, get_latencies, ingest, singles, wait_until_up  # noqa: E402
from serving import free_port  # noqa: E402
from lrs_ralph import run_ralph, stop  # noqa: E402
from lrs_workload import Workload  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"


# --- our LRS ---------------------------------------------------------------------------------------------


def start_lrs(var_dir: Path, port: int, workers: int, threads: int, server: str) -> subprocess.Popen:
    shutil.rmtree(var_dir, ignore_errors=True)
    var_dir.mkdir(parents=True)
    env = {
        **os.environ,
        "LEARNINGCITY_VAR_DIR": str(var_dir),
        "LEARNINGCITY_SECRET_KEY": "bench-only-key",
        "LEARNINGCITY_DEBUG": "0",
        "DATABASE_URL": "",
    }
    cli = [sys.executable, "-m", "learningcity"]
    subprocess.run([*cli, "migrate", "-v0"], env=env, check=True)
    subprocess.run(
        [
            *cli,
            "lrs",
            "client",
            "create",
            "--name",
            "bench",
            "--scopes",
            "all",
            "--key",
            "bench",
            "--secret",
            "benchpass",
        ],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    log = open(var_dir / "server.log", "w")
    server = subprocess.Popen(
        [
            *cli,
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--server",
            server,
            "--no-collectstatic",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    wait_until_up(port, "/xapi/about")
    return server


# --- raw SQLite baseline -----------------------------------------------------------------------------------


def raw_sqlite(encoded: list[bytes], path: Path, batch: int = 1000) -> dict:
    """Insert the same JSON documents into a bare SQLite table (WAL, synchronous=NORMAL, no index)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("CREATE TABLE statement (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)")
    started = time.perf_counter()
    for start in range(0, len(encoded), batch):
        db.execute("BEGIN IMMEDIATE")
        db.executemany(
            "INSERT INTO statement (payload) VALUES (?)",
            [(doc.decode(),) for doc in encoded[start : start + batch]],
        )
        db.execute("COMMIT")
    elapsed = time.perf_counter() - started
    db.close()
    return {"count": len(encoded), "seconds": elapsed, "sps": len(encoded) / elapsed}


# --- main --------------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--total", type=int, default=1_000_000, help="Statements ingested in batches.")
    parser.add_argument(
        "--server",
        choices=("granian", "gunicorn"),
        default="granian",
        help="HTTP server of `learningcity serve` (granian measured best for the LRS; docs/lrs.md).",
    )
    parser.add_argument("--workers", type=int, default=2, help="Worker processes for our LRS.")
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="Threads per worker (one per process measured best: threads of a process contend for the GIL "
        "while one of them holds the write lock).",
    )
    parser.add_argument("--clients", type=int, default=4, help="Concurrent connections for batch ingest.")
    parser.add_argument("--singles", type=int, default=30_000, help="Single-statement POSTs (at most).")
    parser.add_argument("--single-seconds", type=float, default=20.0)
    parser.add_argument("--gets", type=int, default=200, help="GETs per filter.")
    parser.add_argument("--skip-ralph", action="store_true")
    parser.add_argument("--ralph-total", type=int, default=10_000)
    parser.add_argument("--ralph-seconds", type=float, default=15.0)
    parser.add_argument("--ralph-gets", type=int, default=20)
    args = parser.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    print(
        f"Machine: {os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}"
    )
    print(
        "Load average at start: %.1f %.1f %.1f (the machine may be shared; compare with raw SQLite below)"
        % os.getloadavg()
    )
    print(
        f"Settings: total={args.total:,} server={args.server} workers={args.workers} threads={args.threads} "
        f"ingest clients={args.clients} single clients=8",
        flush=True,
    )
    workload = Workload()
    n100 = max(100, min(100_000, args.total // 10) // 100 * 100)
    n1000 = max(0, args.total - n100)
    t0 = time.perf_counter()
    enc100, enc1000 = workload.encoded(n100), workload.encoded(n1000)
    enc_single = workload.encoded(args.singles)
    size = statistics.mean(len(doc) for doc in enc100[:1000])
    print(
        f"Generated {n100 + n1000 + args.singles:,} statements (mean {size:.0f} bytes) in "
        f"{time.perf_counter() - t0:.1f} s",
        flush=True,
    )

    port = free_port()
    server = start_lrs(OUT / "lrs-run", port, args.workers, args.threads, args.server)
    path = "/xapi/statements"
    try:
        ingest_started = time.time()
        r100 = ingest(port, path, enc100, 100, args.clients, "bench", "benchpass")
        print(f"  batches of 100:   {r100['sps']:,.0f} statements/s", flush=True)
        r1000 = ingest(port, path, enc1000, 1000, args.clients, "bench", "benchpass") if n1000 else r100
        print(f"  batches of 1000:  {r1000['sps']:,.0f} statements/s", flush=True)
        ingest_finished = time.time()
        single = singles(port, path, enc_single, 8, "bench", "benchpass", seconds=args.single_seconds)
        print(
            f"  single POSTs:     {single['sps']:,.0f} /s (median of one-second windows "
            f"{single['median_window_sps']:,.0f})",
            flush=True,
        )
        stored = n100 + n1000 + single["count"]
        gets = get_latencies(
            port,
            path,
            filter_queries(workload, args.gets, (ingest_started, ingest_finished)),
            "bench",
            "benchpass",
        )
    finally:
        stop(server)
    db_size = sum(f.stat().st_size for f in (OUT / "lrs-run").glob("learningcity.sqlite3*"))
    raw = raw_sqlite(enc100 + enc1000, OUT / "lrs-raw.sqlite3")
    print(f"  raw SQLite:       {raw['sps']:,.0f} rows/s", flush=True)
    del enc100, enc1000, enc_single

    ralph = None if args.skip_ralph else run_ralph(args, workload)

    rows = [
        (
            "batch ingest, POSTs of 100",
            f"{r100['sps']:,.0f} st/s",
            f"median of windows {r100['median_window_sps']:,.0f}",
            f"{ralph['batch100']['sps']:,.0f} st/s" if ralph else "-",
        ),
        (
            "batch ingest, POSTs of 1,000",
            f"{r1000['sps']:,.0f} st/s",
            f"median of windows {r1000['median_window_sps']:,.0f}",
            f"{ralph['batch1000']['sps']:,.0f} st/s" if ralph else "-",
        ),
        (
            "single POSTs, 8 clients",
            f"{single['sps']:,.0f} /s",
            f"{single['count']:,} requests; median of 1-s windows {single['median_window_sps']:,.0f}",
            f"{ralph['single']['sps']:,.1f} /s" if ralph else "-",
        ),
    ]
    for name, figures in gets.items():
        peer = ralph["gets"].get(name) if ralph else None
        rows.append(
            (
                f"GET {name} p50 / p95",
                f"{figures['p50']:.1f} / {figures['p95']:.1f} ms",
                f"{figures['returned']:.0f} statements per page",
                f"{peer['p50']:.0f} / {peer['p95']:.0f} ms" if peer else "-",
            )
        )
    rows.append(
        ("raw SQLite insert, same JSON", f"{raw['sps']:,.0f} rows/s", "batches of 1,000, no index", "")
    )
    print()
    print("Load average at end: %.1f %.1f %.1f" % os.getloadavg())
    print(
        f"Stored at GET time: {stored:,} statements (LRS database {db_size / 1e9:.2f} GB)"
        + (f"; Ralph had {ralph['stored']:,}" if ralph else "")
    )
    widths = [32, 18, 34, 18]
    header = ("measure", "our LRS", "notes", "Ralph 5.1.0 (fs)")
    print(" | ".join(h.ljust(w) for h, w in zip(header, widths)))
    print("-+-".join("-" * w for w in widths))
    for row in rows:
        print(" | ".join(str(c).ljust(w) for c, w in zip(row, widths)))
    get_p95 = max(figures["p95"] for figures in gets.values())
    ralph_batch = f"{ralph['batch1000']['sps']:.0f}" if ralph else "nan"
    print(
        f"RESULT lrs batch_sps={r1000['sps']:.0f} single_sps={single['sps']:.0f} get_p95_ms={get_p95:.1f} "
        f"raw_sps={raw['sps']:.0f} ralph_batch_sps={ralph_batch}"
    )


if __name__ == "__main__":
    main()
