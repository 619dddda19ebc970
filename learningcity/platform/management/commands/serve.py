"""`learningcity serve`: serve the platform as in production (several worker processes, never runserver).

Two production servers run the same WSGI application: gunicorn (the default) and granian, whose HTTP layer is
written in Rust. For small requests the HTTP layer is a large share of the work: on the 2-core development
machine a trivial xAPI request ran at 2,500/s under gunicorn and 4,000/s under granian, and single-statement
POSTs at 490/s and 760/s (docs/lrs.md), so LRS-heavy deployments choose `--server granian`.
Static files are collected first (WhiteNoise serves them with far-future caching under either server).
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from learningcity.config.env import env

APPLICATION = "learningcity.config.wsgi:application"
SERVERS = ("gunicorn", "granian")


def default_workers() -> int:
    configured = env("LEARNINGCITY_WORKERS")
    return configured if configured > 0 else multiprocessing.cpu_count() * 2 + 1


def gunicorn_argv(*, host: str, port: int, workers: int, threads: int, access_log: bool) -> list[str]:
    argv = [
        sys.executable, "-m", "gunicorn", APPLICATION,
        "--bind", f"{host}:{port}", "--workers", str(workers), "--threads", str(threads),
        "--worker-class", "gthread" if threads > 1 else "sync", "--timeout", "60", "--graceful-timeout", "10",
        "--keep-alive", "5", "--max-requests", "20000", "--max-requests-jitter", "2000",
    ]
    return argv + (["--access-logfile", "-"] if access_log else [])


def granian_argv(*, host: str, port: int, workers: int, threads: int, access_log: bool) -> list[str]:
    # Each worker process runs the application on `threads` Python threads; a worker that dies is replaced.
    executable = shutil.which("granian", path=str(Path(sys.executable).parent)) or "granian"
    argv = [
        executable, "--interface", "wsgi", "--host", host, "--port", str(port),
        "--workers", str(workers), "--blocking-threads", str(threads), "--no-ws",
        "--respawn-failed-workers", "--workers-kill-timeout", "10", APPLICATION,
    ]
    return argv[:-1] + (["--access-log"] if access_log else []) + argv[-1:]


class Command(BaseCommand):
    help = "Serve the platform as in production (gunicorn or granian, several worker processes)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=0, help="Worker processes (default: 2 × CPUs + 1).")
        parser.add_argument("--threads", type=int, default=1, help="Threads per worker.")
        parser.add_argument("--server", choices=SERVERS, default=None,
                            help="HTTP server (default: LEARNINGCITY_SERVER, else gunicorn).")
        parser.add_argument("--no-collectstatic", action="store_true")
        parser.add_argument("--access-log", action="store_true", help="Log every request.")

    def handle(self, *args, host: str, port: int, workers: int, threads: int, server: str | None,
               no_collectstatic: bool, access_log: bool, **options):
        server = server or env("LEARNINGCITY_SERVER")
        if server not in SERVERS:
            raise CommandError(f"LEARNINGCITY_SERVER is {server!r}; choose one of: {', '.join(SERVERS)}.")
        if not no_collectstatic:
            call_command("collectstatic", interactive=False, verbosity=0)
        workers = workers or default_workers()
        self.stdout.write(
            self.style.SUCCESS(f"Serving {settings.CITY_NAME} at http://{host}:{port}/ "
                               f"({server}, {workers} workers; Ctrl-C stops)")
        )
        build = gunicorn_argv if server == "gunicorn" else granian_argv
        argv = build(host=host, port=port, workers=workers, threads=threads, access_log=access_log)
        sys.stdout.flush()
        os.execv(argv[0], argv)
