"""Starting the platform as in production for a benchmark: `learningcity serve` (gunicorn, or granian when
LEARNINGCITY_SERVER says so) on a free loopback port, in its own process group, waited for until a given page
answers 200."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(*, workers: int, log_path: Path, ready_path: str, timeout: float = 180) -> tuple[subprocess.Popen, str]:
    """The server and its base URL, once `ready_path` answers 200. Stop it with `os.killpg(server.pid, 15)`."""
    import httpx

    port = free_port()
    log = open(log_path, "w")
    server = subprocess.Popen([sys.executable, "-m", "learningcity", "serve", "--port", str(port),
                               "--workers", str(workers)], env=dict(os.environ), stdout=log,
                              stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(base + ready_path, timeout=30).status_code == 200:
                return server, base
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            os.killpg(server.pid, 15) if server.poll() is None else None
            raise RuntimeError(f"the server did not start; see {log_path}")
        time.sleep(0.5)
