"""Load generation for the LRS benchmark: concurrent batch and single POSTs, serial GETs with latency
percentiles, and the filter queries drawn from the workload. Shared by our LRS's run and Ralph's."""

from __future__ import annotations

import random
import socket
import statistics
import threading
import time
import urllib.parse

import orjson
from lrs_http import Http
from lrs_workload import VERBS, Workload, batch_body


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
    reconnect_every: int = 200,
) -> dict:
    """Single-statement POSTs from `clients` concurrent clients, until done or `seconds` pass.

    Each client keeps its connection alive for `reconnect_every` requests, then opens a new one, as the
    connection pools of independent tools do. A server process takes a connection for its whole life, and
    which process accepts which of only eight connections is a lottery (all eight on one of two workers
    halves the rate: measured); renewing them spreads the load as many tools would. Besides the mean, the
    median of one-second windows is reported."""
    position = iter(range(len(encoded)))
    lock = threading.Lock()
    finished: list[float] = []
    errors: list[str] = []
    started = time.perf_counter()
    deadline = started + seconds

    def run() -> None:
        client = Http("127.0.0.1", port, user, password, version)
        sent = 0
        while time.perf_counter() < deadline:
            with lock:
                index = next(position, None)
            if index is None:
                break
            status, body, _ = client.request("POST", path, encoded[index])
            if status not in (200, 204):
                errors.append(f"{status} {body[:200]!r}")
                break
            sent += 1
            if sent % reconnect_every == 0:
                client.close()
            with lock:
                finished.append(time.perf_counter())
        client.close()

    elapsed = run_clients(run, clients)
    if errors:
        raise RuntimeError(f"single POSTs failed: {errors[0]}")
    per_second: dict[int, int] = {}
    for moment in finished:
        per_second[int(moment - started)] = per_second.get(int(moment - started), 0) + 1
    whole = [per_second.get(second, 0) for second in range(int(elapsed))]  # complete seconds only
    return {
        "count": len(finished),
        "seconds": elapsed,
        "sps": len(finished) / elapsed,
        "median_window_sps": statistics.median(whole) if whole else len(finished) / elapsed,
    }


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
