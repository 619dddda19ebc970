"""`make bench-load [ARGS="--users 50 --seconds 60"]`: the demo city under 50 concurrent people, end to end.

In one run, on one machine:
1. a throw-away copy of the demo city database (SQLite; `var/learningcity.sqlite3` when `make demo` has loaded
   it, else the demo city loaded afresh into the scratch folder) and its search index, built by the production
   code;
2. test learner accounts and future runs with seats (some few enough to fill up, so later people join the
   waiting list), made through the services (as a provider would);
3. the server started as in production (`learningcity serve`: gunicorn, several worker processes);
4. from a second process, after a warm-up (not counted), N simulated people (asyncio + httpx, one cookie jar each, a short think time between
   requests) for at least 60 s, with a realistic mix: the search page with real words from the catalogue and
   filters, the search API, an opportunity page, a run page, and signing in then enrolling. Enrolling goes
   through the API route that takes a run (`POST /api/v1/me/enrolments {"run_id": …}`),
   each time in one of the new runs the person is not yet in: a place (201 "enrolled") or, in a full run, the
   waiting list (201 "waitlisted"); any other answer is an error. Without such a route it signs in only;
5. the baseline: the same search queries through the search selector in-process (no HTTP, no page).

Per request type: count, median and p95. The last line is exactly
`RESULT load users=<N> rps=<x> p95_ms=<x> errors=<n>` (p95 over every request; errors: any 5xx, refused
connection or timeout, and any answer other than the expected one). `--skip enrol` leaves signing in out (to
see what password hashing costs the others). Targets: p95 ≤ 100 ms on the search mix,
errors = 0.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import random
import re
import secrets
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
import serving  # noqa: E402

MIX = {"search_page": 45, "search_api": 15, "opportunity_page": 15, "run_page": 15, "enrol": 10}
RUN_CAPACITIES = (5, 15, 200)  # seats of the new runs: the small ones fill up and then take a waiting list


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60, help="measured time (at least 60 for the RESULT)")
    parser.add_argument("--warmup", type=int, default=10, help="seconds of load before measuring (not counted)")
    parser.add_argument("--think", type=float, default=1.0, help="mean think time between a person's requests (s)")
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (default: 2 x CPUs + 1)")
    parser.add_argument("--dir", default=str(ROOT / "var" / "bench-load"), help="scratch folder")
    parser.add_argument("--source", default=str(ROOT / "var" / "learningcity.sqlite3"),
                        help="a loaded demo city database to copy (else the demo city is loaded afresh)")
    parser.add_argument("--skip", action="append", default=[], choices=sorted(MIX),
                        help="leave a request type out of the mix (e.g. --skip enrol: no sign-ins)")
    parser.add_argument("--seed", type=int, default=20261127)
    return parser.parse_args()


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


# --- 1 and 2: the database, the index, accounts and runs ------------------------------------------------------

def prepare(args: argparse.Namespace) -> dict:
    scratch = Path(args.dir)
    if scratch.exists():
        shutil.rmtree(scratch)
    scratch.mkdir(parents=True)
    database = scratch / "learningcity.sqlite3"
    source = Path(args.source)
    copied = source.exists() and _is_loaded(source)
    if copied:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        dst = sqlite3.connect(database)
        src.backup(dst)  # a consistent copy even while a demo server writes (WAL)
        src.close(), dst.close()
    os.environ.update({
        "LEARNINGCITY_VAR_DIR": str(scratch), "LEARNINGCITY_SEARCH_DIR": str(scratch / "search-index"),
        "LEARNINGCITY_SECRET_KEY": "bench-" + secrets.token_urlsafe(32), "LEARNINGCITY_DEBUG": "false",
        "DATABASE_URL": "", "DJANGO_SETTINGS_MODULE": "learningcity.config.settings",
        "LEARNINGCITY_KEY_ENCRYPTION_KEY": os.environ.get("LEARNINGCITY_KEY_ENCRYPTION_KEY")
        or __import__("base64").urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        # Many people sign in from one address (loopback) here; the limit counts failures only, none expected.
        "LEARNINGCITY_LOGIN_RATE": "1000/1m",
    })
    os.environ.pop("LEARNINGCITY_TESTING", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    started = time.monotonic()
    if copied:
        print(f"demo city: a copy of {source}")
    else:
        from learningcity.platform.demo_city import load_demo_city

        print(f"demo city: {source} is not a loaded demo city; loading it afresh into {scratch} …")
        load_demo_city()
    from learningcity.search.indexer import index_rebuild

    index_rebuild()
    print(f"database and search index ready in {time.monotonic() - started:.1f} s")
    return make_people_and_runs(args)


def _is_loaded(path: Path) -> bool:
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        n = con.execute("SELECT count(*) FROM catalogue_opportunity").fetchone()[0]
        con.close()
        return n > 100
    except sqlite3.Error:
        return False


def make_people_and_runs(args: argparse.Namespace) -> dict:
    import datetime

    from django.db import transaction

    from learningcity.catalogue import services as catalogue
    from learningcity.catalogue.models import Opportunity, OpportunityRun, Provider, Venue
    from learningcity.core.services import user_create

    rng = random.Random(args.seed)
    password = "load-" + secrets.token_urlsafe(12)  # the test learners' password, this run only
    with transaction.atomic():
        learners = []
        for n in range(args.users):
            email = f"load-learner-{n}@bench.learningcity"
            user_create(email=email, password=password, display_name=f"Load learner {n}")
            learners.append(email)
        provider = Provider.objects.get(source_id="kr-operator:서울특별시 강남구청")
        venue = Venue.objects.filter(provider=provider).first() or catalogue.venue_create(
            by=None, provider=provider, name="Load test room", district=provider.district)
        opportunities = list(Opportunity.objects.filter(provider=provider, status="published").order_by("pk")[:20])
        today = datetime.date.today()
        new_runs = []
        for o in opportunities * 2:  # two runs of each: enough runs for every person's enrol steps
            start = today + datetime.timedelta(days=rng.randint(7, 60))
            run = catalogue.run_create(opportunity=o, by=None, venue=venue, start_date=start,
                                       end_date=start + datetime.timedelta(days=30),
                                       capacity=rng.choice(RUN_CAPACITIES))
            new_runs.append(catalogue.run_publish(run=run, by=None).pk)
    from learningcity.search.indexer import index_catch_up

    index_catch_up(wait=30)
    future = OpportunityRun.objects.filter(status="published", start_date__gte=today).count()
    published = list(OpportunityRun.objects.filter(status="published", opportunity__status="published")
                     .values_list("pk", "opportunity_id")[:5000])
    titles = list(Opportunity.objects.filter(status="published").values_list("title", flat=True)[:3000])
    print(f"{len(learners)} learner accounts, {len(new_runs)} new future runs with {RUN_CAPACITIES} seats "
          f"({future} future runs in all; pages open any of {len(published)} published runs)")
    return {"learners": learners, "password": password, "runs": [r for r, _ in published],
            "opportunities": sorted({o for _, o in published}),
            "new_runs": new_runs, "queries": real_queries(titles, rng)}


def real_queries(titles: list[str], rng: random.Random) -> list[dict]:
    """Searches people make: one or two real words from the catalogue's titles, sometimes with filters."""
    from learningcity.core.models import District

    words = [w for t in titles for w in re.findall(r"[가-힣A-Za-z]{2,}", t)]
    districts = list(District.objects.values_list("slug", flat=True))
    queries = []
    for _ in range(400):
        q = {"q": " ".join(rng.sample(words, rng.choice((1, 1, 2))))} if rng.random() < 0.85 else {}
        if rng.random() < 0.35:
            q["district"] = rng.choice(districts)
        if rng.random() < 0.15:
            q["daypart"] = rng.choice(("morning", "afternoon", "evening"))
        if rng.random() < 0.1:
            q["sort"] = "start"
        queries.append(q)
    return queries


# --- 3: the server ---------------------------------------------------------------------------------------------

def start_server(args: argparse.Namespace) -> tuple[subprocess.Popen, str]:
    workers = args.workers or multiprocessing.cpu_count() * 2 + 1
    server, base = serving.start_server(workers=workers, log_path=Path(args.dir) / "server.log",
                                        ready_path="/search/?q=x")
    print(f"server: gunicorn, {workers} workers, at {base}")
    return server, base


ENROL_PATH = "/api/v1/me/enrolments"  # the learners API: {"run_id": ...} → 201 with the place or waiting list


# --- 4: the simulated people -----------------------------------------------------------------------------------

class Person:
    def __init__(self, base: str, email: str, world: dict, rng: random.Random):
        import httpx

        self.client = httpx.AsyncClient(base_url=base, timeout=30, headers={"Accept-Language": "ko"})
        self.email, self.world, self.rng = email, world, rng
        self.signed_in = False
        self.runs_to_enrol = rng.sample(world["new_runs"], len(world["new_runs"]))  # each once, own order
        self.enrolled = {"enrolled": 0, "waitlisted": 0}

    async def request(self, kind: str, method: str, url: str, ok=(200,), **kw) -> tuple[str, float, bool, int]:
        started = time.perf_counter()
        try:
            response = await self.client.request(method, url, **kw)
            status = response.status_code
        except Exception:  # a refused connection or a timeout is an error the benchmark counts
            status, response = 0, None
        elapsed = (time.perf_counter() - started) * 1000
        return kind, elapsed, status in ok, status, response

    async def sign_in(self):
        kind, ms, good, status, page = await self.request("sign_in", "GET", "/accounts/login/")
        results = [(kind, ms, good, status)]
        token = self.client.cookies.get("csrftoken", "")
        kind, ms, good, status, _ = await self.request(
            "sign_in", "POST", "/accounts/login/", ok=(302,),
            data={"username": self.email, "password": self.world["password"], "csrfmiddlewaretoken": token},
            headers={"Referer": str(self.client.base_url) + "/accounts/login/"})
        results.append((kind, ms, good, status))
        self.signed_in = good
        return results

    async def step(self, kind: str):
        w, rng = self.world, self.rng
        if kind == "search_page":
            return [(await self.request(kind, "GET", "/search/", params=rng.choice(w["queries"])))[:4]]
        if kind == "search_api":
            return [(await self.request(kind, "GET", "/api/v1/search", params=rng.choice(w["queries"])))[:4]]
        if kind == "opportunity_page":
            return [(await self.request(kind, "GET", f"/opportunities/{rng.choice(w['opportunities'])}/"))[:4]]
        if kind == "run_page":
            return [(await self.request(kind, "GET", f"/runs/{rng.choice(w['runs'])}/"))[:4]]
        if kind == "enrol":
            results = [] if self.signed_in else await self.sign_in()
            if self.signed_in and self.runs_to_enrol:
                result = await self.request("enrol", "POST", ENROL_PATH, ok=(201,),
                                            json={"run_id": self.runs_to_enrol.pop()},
                                            headers={"X-CSRFToken": self.client.cookies.get("csrftoken", "")})
                if result[2]:
                    status = result[4].json().get("status")
                    self.enrolled[status] = self.enrolled.get(status, 0) + 1
                results.append(result[:4])
            return results
        raise ValueError(kind)


async def drive(base: str, world: dict, args: argparse.Namespace) -> dict:
    rng = random.Random(args.seed)
    kinds, weights = zip(*((kind, weight) for kind, weight in MIX.items() if kind not in args.skip))
    samples: list[tuple[str, float, bool, int, float]] = []
    measure_from = time.perf_counter() + args.warmup
    stop_at = measure_from + args.seconds

    enrolled: dict[str, int] = {}

    async def person(n: int):
        p = Person(base, world["learners"][n % len(world["learners"])], world, random.Random(rng.random()))
        await asyncio.sleep(p.rng.random() * args.think)  # people arrive over the first moments, not at once
        try:
            while time.perf_counter() < stop_at:
                kind = p.rng.choices(kinds, weights)[0]
                for result in await p.step(kind):
                    if time.perf_counter() >= measure_from:
                        samples.append((*result, time.perf_counter()))
                await asyncio.sleep(p.rng.expovariate(1 / args.think) if args.think else 0)
        finally:
            await p.client.aclose()
            for status, count in p.enrolled.items():
                enrolled[status] = enrolled.get(status, 0) + count

    await asyncio.gather(*(person(n) for n in range(args.users)))
    return {"samples": samples, "seconds": time.perf_counter() - measure_from, "enrolled": enrolled}


def drive_in_a_second_process(base: str, world: dict, args: argparse.Namespace) -> dict:
    """The load comes from another process than the one that prepared the data (and from the server's)."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(_drive_entry, (base, world, vars(args)))


def _drive_entry(base: str, world: dict, args: dict) -> dict:
    return asyncio.run(drive(base, world, argparse.Namespace(**args)))


# --- 5: the baseline -------------------------------------------------------------------------------------------

def in_process_baseline(queries: list[dict]) -> list[float]:
    from learningcity.search.params import parse_params
    from learningcity.search.selectors import district_centres, search_choices, search_runs

    choices, centres = search_choices(), district_centres()
    times = []
    for round_ in range(2):  # the first round warms the process and the page cache
        for data in queries:
            params = parse_params({k: [v] for k, v in data.items()}, choices=choices, district_centres=centres)
            started = time.perf_counter()
            search_runs(params=params)
            if round_:
                times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    args = parse_args()
    print(f"load benchmark: {args.users} people for {args.seconds} s, think time ~{args.think} s; "
          f"machine: {os.cpu_count()} CPUs, load average {load_average()}")
    world = prepare(args)
    server, base = start_server(args)
    try:
        result = drive_in_a_second_process(base, world, args)
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
    samples, seconds = result["samples"], result["seconds"]
    print(f"\n{'request':<18}{'count':>7}{'errors':>8}{'median ms':>11}{'p95 ms':>9}")
    by_kind: dict[str, list] = {}
    for kind, ms, good, status, _ in samples:
        by_kind.setdefault(kind, []).append((ms, good, status))
    for kind, rows in sorted(by_kind.items()):
        times = [ms for ms, _, _ in rows]
        bad = [status for _, good, status in rows if not good]
        print(f"{kind:<18}{len(rows):>7}{len(bad):>8}{statistics.median(times):>11.1f}{percentile(times, 95):>9.1f}"
              + (f"   statuses of errors: {sorted(set(bad))}" if bad else ""))
    if "enrol" not in args.skip:
        print("enrolments made (warm-up included): " + ", ".join(
            f"{count} {status}" for status, count in sorted(result["enrolled"].items())))
    search_mix = [ms for kind, ms, *_ in samples if kind.startswith("search")]
    print(f"search mix (page + API): p95 {percentile(search_mix, 95):.1f} ms (target ≤ 100)")
    baseline = in_process_baseline(world["queries"])
    print(f"baseline, the same searches through search.selectors.search_runs in-process: median "
          f"{statistics.median(baseline):.2f} ms, p95 {percentile(baseline, 95):.2f} ms")
    all_ms = [ms for _, ms, *_ in samples]
    errors = sum(1 for sample in samples if not sample[2])
    print(f"load average after: {load_average()}")
    print(f"RESULT load users={args.users} rps={len(samples) / seconds:.1f} p95_ms={percentile(all_ms, 95):.1f} "
          f"errors={errors}")


if __name__ == "__main__":
    main()
