#!/usr/bin/env python
"""LRS benchmark (`make bench-lrs`, DESIGN §6): our LRS served as in production vs raw SQLite vs Ralph.

In one run, on a fresh SQLite database behind `learningcity serve` (gunicorn):
  1. batch ingest: POSTs of 100, then of 1,000 realistic statements, `--total` statements in all;
  2. single-statement POSTs with 8 concurrent clients;
  3. GET latency p50/p95 for agent, verb, activity and since filters at the size reached;
then the raw SQLite insert rate of the same JSON documents (no LRS, no index: the ceiling), and the same
workload against Ralph 5.1.0 (file-system backend, in its own venv under bench/out; its fs backend is
patched so writes append, and the output says so). The last line is the RESULT line.

    python bench/lrs_bench.py --total 1000000        # the DESIGN figure (about 4 minutes of ingest)
    python bench/lrs_bench.py --total 50000 --skip-ralph
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lrs_http import Http  # noqa: E402
from lrs_workload import VERBS, Workload, batch_body  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
RALPH_SPEC = "ralph-malph[cli,lrs]==5.1.0"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(port: int, path: str, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                pass
            client = Http("127.0.0.1", port, "x", "x")
            status, _, _ = client.request("GET", path)
            client.close()
            if status < 500:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server on port {port} did not come up")


# --- our LRS ---------------------------------------------------------------------------------------------


def start_lrs(var_dir: Path, port: int, workers: int, threads: int) -> subprocess.Popen:
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
            "--no-collectstatic",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    wait_until_up(port, "/xapi/about")
    return server


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()


def run_clients(target, clients: int) -> float:
    """Run `target` in `clients` threads until all return; the wall time in seconds."""
    started = time.perf_counter()
    threads = [threading.Thread(target=target) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def ingest(
    port: int,
    path: str,
    encoded: list[bytes],
    size: int,
    clients: int,
    user: str,
    password: str,
    version: str = "1.0.3",
) -> dict:
    """POST `encoded` statements in batches of `size` from `clients` connections; statements/s."""
    batches = [(start, min(start + size, len(encoded))) for start in range(0, len(encoded), size)]
    position = iter(range(len(batches)))
    lock = threading.Lock()
    windows: list[tuple[float, int]] = []  # (finish time, statements) for per-window medians
    errors: list[str] = []

    def run() -> None:
        client = Http("127.0.0.1", port, user, password, version)
        while True:
            with lock:
                index = next(position, None)
            if index is None:
                break
            start, end = batches[index]
            status, body, _ = client.request("POST", path, batch_body(encoded[start:end]))
            if status != 200:
                errors.append(f"{status} {body[:200]!r}")
                break
            with lock:
                windows.append((time.perf_counter(), end - start))
        client.close()

    started = time.perf_counter()
    elapsed = run_clients(run, clients)
    if errors:
        raise RuntimeError(f"ingest failed: {errors[0]}")
    return {
        "count": len(encoded),
        "seconds": elapsed,
        "sps": len(encoded) / elapsed,
        "median_window_sps": _median_window_rate(started, windows),
    }


def _median_window_rate(started: float, windows: list[tuple[float, int]], parts: int = 10) -> float:
    """Median of the rates over `parts` equal slices of the statements stored (steadier than one mean)."""
    windows.sort()
    total = sum(n for _, n in windows)
    rates, done, last_time, slice_size, in_slice = [], 0, started, max(1, total // parts), 0
    for finished, n in windows:
        in_slice += n
        done += n
        if in_slice >= slice_size:
            rates.append(in_slice / max(finished - last_time, 1e-9))
            last_time, in_slice = finished, 0
    return statistics.median(rates) if rates else 0.0


def singles(
    port: int,
    path: str,
    encoded: list[bytes],
    clients: int,
    user: str,
    password: str,
    seconds: float,
    version: str = "1.0.3",
) -> dict:
    """Single-statement POSTs from `clients` concurrent clients, until done or `seconds` pass."""
    position = iter(range(len(encoded)))
    lock = threading.Lock()
    done = [0]
    errors: list[str] = []
    deadline = time.perf_counter() + seconds

    def run() -> None:
        client = Http("127.0.0.1", port, user, password, version)
        while time.perf_counter() < deadline:
            with lock:
                index = next(position, None)
            if index is None:
                break
            status, body, _ = client.request("POST", path, encoded[index])
            if status not in (200, 204):
                errors.append(f"{status} {body[:200]!r}")
                break
            with lock:
                done[0] += 1
        client.close()

    elapsed = run_clients(run, clients)
    if errors:
        raise RuntimeError(f"single POSTs failed: {errors[0]}")
    return {"count": done[0], "seconds": elapsed, "sps": done[0] / elapsed}


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def get_latencies(
    port: int, path: str, queries: dict[str, list[str]], user: str, password: str, version: str = "1.0.3"
) -> dict[str, dict]:
    """Serial GETs (one client), per filter: p50/p95 in ms and mean statements returned."""
    client = Http("127.0.0.1", port, user, password, version)
    results = {}
    for name, query_list in queries.items():
        for query in query_list[:10]:  # warm-up
            client.request("GET", f"{path}?{query}")
        times, counts = [], []
        for query in query_list:
            status, body, elapsed = client.request("GET", f"{path}?{query}")
            if status != 200:
                raise RuntimeError(f"GET {query} -> {status} {body[:200]!r}")
            times.append(elapsed * 1000)
            data = orjson.loads(body)
            counts.append(
                len(data["statements"]) if isinstance(data, dict) and "statements" in data else len(data)
            )
        results[name] = {
            "p50": percentile(times, 0.5),
            "p95": percentile(times, 0.95),
            "returned": statistics.mean(counts),
            "n": len(times),
        }
    client.close()
    return results


def filter_queries(workload: Workload, count: int, since_range: tuple[float, float]) -> dict[str, list[str]]:
    rng = random.Random(11)

    def q(**params: str) -> str:
        return urllib.parse.urlencode(params)

    agents = [
        orjson.dumps({k: v for k, v in rng.choice(workload.actors).items() if k != "name"}).decode()
        for _ in range(count)
    ]
    since = [
        time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(rng.uniform(*since_range))) + "Z" for _ in range(count)
    ]
    return {
        "agent": [q(agent=a) for a in agents],
        "verb": [q(verb=rng.choice(VERBS)[0]) for _ in range(count)],
        "activity": [q(activity=rng.choice(workload.activities)["id"]) for _ in range(count)],
        "since": [q(since=s) for s in since],
    }


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


# --- Ralph -------------------------------------------------------------------------------------------------


def ralph_venv(venv: Path) -> Path:
    python = venv / "bin" / "python"
    if not (venv / "bin" / "ralph").exists():
        print(f"Creating Ralph's venv at {venv} ({RALPH_SPEC})", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", RALPH_SPEC, "httpx", "requests"], check=True
        )
    fs_module = Path(
        subprocess.run(
            [str(python), "-c", "import ralph.backends.data.fs as m; print(m.__file__)"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    source = fs_module.read_text()
    marker = "# patched by bench/lrs_bench.py"
    if marker not in source:
        original = source
        source = source.replace(
            "            if path.is_file():\n                msg = (\n",
            f"            if False and path.is_file():  {marker}: append\n                msg = (\n",
            1,
        )
        source = source.replace(
            '        mode = "wb"\n', f'        mode = "ab"  {marker}: append, not create\n', 1
        )
        if source == original or source.count(marker) != 2:
            raise RuntimeError("Ralph's fs backend changed shape; cannot patch it to append.")
        fs_module.write_text(source)
    print(
        f"PATCHED Ralph 5.1.0 fs backend ({fs_module}): writes append to the store file instead of failing "
        "with 500 once it exists (as shipped, every POST after the first fails).",
        flush=True,
    )
    return venv / "bin" / "ralph"


def run_ralph(args: argparse.Namespace, workload: Workload) -> dict:
    ralph = ralph_venv(OUT / "ralph-venv")
    home = OUT / "ralph-run"
    shutil.rmtree(home, ignore_errors=True)
    (home / "data").mkdir(parents=True)
    env = {
        **os.environ,
        "RALPH_APP_DIR": str(home),
        "RALPH_AUTH_FILE": str(home / "auth.json"),
        "RALPH_RUNSERVER_BACKEND": "fs",
    }
    subprocess.run(
        [
            str(ralph),
            "auth",
            "-u",
            "bench",
            "-p",
            "benchpass",
            "-s",
            "all",
            "-M",
            "mailto:bench@example.org",
            "-w",
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    port = free_port()
    log = open(home / "server.log", "w")
    server = subprocess.Popen(
        [
            str(ralph),
            "runserver",
            "-b",
            "fs",
            "-p",
            str(port),
            "--fs-default-directory-path",
            str(home / "data"),
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=home,
    )
    try:
        wait_until_up(port, "/whoami")
        path = "/xAPI/statements"
        per_size = args.ralph_total // 2
        r100 = ingest(port, path, workload.encoded(per_size), 100, args.clients, "bench", "benchpass")
        r1000 = ingest(port, path, workload.encoded(per_size), 1000, args.clients, "bench", "benchpass")
        single = singles(
            port, path, workload.encoded(2000), 8, "bench", "benchpass", seconds=args.ralph_seconds
        )
        since_range = (time.time() - 60, time.time())
        queries = filter_queries(workload, args.ralph_gets, since_range)
        gets = get_latencies(port, path, {"agent": queries["agent"]}, "bench", "benchpass")
    finally:
        stop(server)
    return {
        "batch100": r100,
        "batch1000": r1000,
        "single": single,
        "gets": gets,
        "stored": args.ralph_total + single["count"],
    }


# --- main --------------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--total", type=int, default=1_000_000, help="Statements ingested in batches.")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers for our LRS.")
    parser.add_argument(
        "--threads",
        type=int,
        default=4,
        help="Threads per gunicorn worker (gthread: keeps connections alive; measured best).",
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
        f"Settings: total={args.total:,} workers={args.workers} threads={args.threads} "
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
    server = start_lrs(OUT / "lrs-run", port, args.workers, args.threads)
    path = "/xapi/statements"
    try:
        ingest_started = time.time()
        r100 = ingest(port, path, enc100, 100, args.clients, "bench", "benchpass")
        print(f"  batches of 100:   {r100['sps']:,.0f} statements/s", flush=True)
        r1000 = ingest(port, path, enc1000, 1000, args.clients, "bench", "benchpass") if n1000 else r100
        print(f"  batches of 1000:  {r1000['sps']:,.0f} statements/s", flush=True)
        ingest_finished = time.time()
        single = singles(port, path, enc_single, 8, "bench", "benchpass", seconds=args.single_seconds)
        print(f"  single POSTs:     {single['sps']:,.0f} /s", flush=True)
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
            f"{single['count']:,} requests",
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
