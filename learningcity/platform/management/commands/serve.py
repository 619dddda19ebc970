"""`learningcity serve`: serve the platform as in production (gunicorn, several worker processes).

Static files are collected first (WhiteNoise serves them with far-future caching). `runserver` is for
development only; nothing in the make targets uses it.
"""

from __future__ import annotations

import multiprocessing
import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from learningcity.config.env import env


def default_workers() -> int:
    configured = env("LEARNINGCITY_WORKERS")
    return configured if configured > 0 else multiprocessing.cpu_count() * 2 + 1


class Command(BaseCommand):
    help = "Serve the platform with gunicorn (production-style)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=0, help="Worker processes (default: 2 × CPUs + 1).")
        parser.add_argument("--threads", type=int, default=1, help="Threads per worker.")
        parser.add_argument("--no-collectstatic", action="store_true")
        parser.add_argument("--access-log", action="store_true", help="Log every request.")

    def handle(self, *args, host: str, port: int, workers: int, threads: int, no_collectstatic: bool,
               access_log: bool, **options):
        if not no_collectstatic:
            call_command("collectstatic", interactive=False, verbosity=0)
        workers = workers or default_workers()
        self.stdout.write(
            self.style.SUCCESS(f"Serving {settings.CITY_NAME} at http://{host}:{port}/ "
                               f"({workers} workers; Ctrl-C stops)")
        )
        argv = [
            sys.executable, "-m", "gunicorn", "learningcity.config.wsgi:application",
            "--bind", f"{host}:{port}", "--workers", str(workers), "--threads", str(threads),
            "--worker-class", "gthread" if threads > 1 else "sync", "--timeout", "60", "--graceful-timeout", "10",
            "--keep-alive", "5", "--max-requests", "20000", "--max-requests-jitter", "2000",
        ]
        if access_log:
            argv += ["--access-logfile", "-"]
        sys.stdout.flush()
        os.execv(sys.executable, argv)
