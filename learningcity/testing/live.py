"""A real server for browser and end-to-end tests: its own database, the real demo city, gunicorn.

The server runs in a separate process, exactly as `learningcity serve` runs in production, against a
throw-away SQLite file (or a throw-away PostgreSQL database when the test session uses PostgreSQL).
Test accounts are created through the real services.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from learningcity.testing.factories import PASSWORD

ACCOUNTS_SCRIPT = """
from learningcity.catalogue.models import Provider
from learningcity.catalogue.services import provider_member_add
from learningcity.core.services import user_create
office = user_create(email="office@example.org", password={pw!r}, display_name="City Office",
                     is_city_office=True, is_staff=True)
admin = user_create(email="admin@example.org", password={pw!r}, display_name="Site Admin", is_staff=True,
                    is_superuser=True)
gangnam = Provider.objects.get(source_id="kr-operator:서울특별시 강남구청")
staff = user_create(email="staff@example.org", password={pw!r}, display_name="Gangnam Staff")
provider_member_add(provider=gangnam, user=staff, role="admin", by=None)
learner = user_create(email="learner@example.org", password={pw!r}, display_name="Ji-woo Learner")
other = user_create(email="other@example.org", password={pw!r}, display_name="Other Learner")
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LiveCity:
    base_url: str
    env: dict[str, str]
    process: subprocess.Popen
    var_dir: Path
    pg_database: str | None = None
    accounts: dict[str, str] = field(default_factory=lambda: {
        "office": "office@example.org", "admin": "admin@example.org", "staff": "staff@example.org",
        "learner": "learner@example.org", "other": "other@example.org",
    })
    password: str = PASSWORD

    def manage(self, *args: str, input_text: str | None = None) -> str:
        result = subprocess.run([sys.executable, "-m", "learningcity", *args], env=self.env, capture_output=True,
                                text=True, input=input_text, timeout=600)
        if result.returncode != 0:
            raise RuntimeError(f"learningcity {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        if self.pg_database:
            _drop_pg_database(self.pg_database)


def _pg_admin_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def _drop_pg_database(name: str) -> None:
    import psycopg

    base = _pg_admin_url().rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_live_city(var_dir: Path, *, workers: int = 2, accounts: bool = True) -> LiveCity:
    env = dict(os.environ)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update({
        "LEARNINGCITY_VAR_DIR": str(var_dir),
        "LEARNINGCITY_SECRET_KEY": secrets.token_urlsafe(40),
        "LEARNINGCITY_KEY_ENCRYPTION_KEY": "",
        "LEARNINGCITY_DEBUG": "false",
        "LEARNINGCITY_LOGIN_RATE": "1000/1m",
    })
    env.pop("LEARNINGCITY_TESTING", None)
    pg_database = None
    admin_url = _pg_admin_url()
    if admin_url:
        import psycopg

        # Named after the session's own database (lc_<engineer>…), so parallel sessions never collide.
        base, session_db = admin_url.rsplit("/", 1)
        pg_database = f"{session_db.split('?')[0][:40]}_live_{secrets.token_hex(3)}"
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{pg_database}"')
        env["DATABASE_URL"] = f"{base}/{pg_database}"
    else:
        env["DATABASE_URL"] = ""
    port = free_port()
    env["LEARNINGCITY_BASE_URL"] = f"http://127.0.0.1:{port}"
    from learningcity.core.secrets import ensure_secrets_file  # noqa: F401  (the server reads env only)

    city = LiveCity(base_url=f"http://127.0.0.1:{port}", env=env, process=None, var_dir=var_dir,  # type: ignore
                    pg_database=pg_database)
    city.manage("migrate", "--verbosity", "0")
    city.manage("createcachetable")
    city.manage("load_demo", "--quiet")
    if accounts:
        city.manage("shell", "-c", ACCOUNTS_SCRIPT.format(pw=PASSWORD))
    log = open(var_dir / "server.log", "w")
    city.process = subprocess.Popen(
        [sys.executable, "-m", "learningcity", "serve", "--port", str(port), "--workers", str(workers)],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    deadline = time.monotonic() + 240  # `serve` collects static files first: over a minute on a busy machine
    while time.monotonic() < deadline:
        if city.process.poll() is not None:
            raise RuntimeError(f"server exited; see {var_dir / 'server.log'}:\n{(var_dir / 'server.log').read_text()}")
        try:
            urllib.request.urlopen(city.base_url + "/about/data/", timeout=2)
            return city
        except OSError:
            time.sleep(0.3)
    city.stop()
    raise RuntimeError("server did not answer within 240 s")
