"""Ralph 5.1.0, the peer LRS, run side by side: its own venv under bench/out, its file-system backend patched
so writes append (as shipped, every POST after the first answers 500), and the same workload as ours."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from lrs_load import filter_queries, get_latencies, ingest, singles, wait_until_up
from serving import free_port
from lrs_workload import Workload

OUT = Path(__file__).resolve().parent / "out"
RALPH_SPEC = "ralph-malph[cli,lrs]==5.1.0"


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()


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
