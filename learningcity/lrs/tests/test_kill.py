"""An acknowledged statement is never lost: a real server (`learningcity serve`, under gunicorn and under
granian) is SIGKILLed,
master and workers at once, in the middle of a concurrent batch ingest; afterwards every statement that got
a 200 is stored, every batch is stored whole or not at all, and the restarted server serves them.

Runs against the engine the suite runs on: SQLite by default, PostgreSQL when DATABASE_URL points at one
(a throw-away database `lc_lrs_kill_<random>` is created beside it and dropped afterwards).
"""

from __future__ import annotations

import base64
import http.client
import os
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import orjson
import pytest
from django.db import connection

AUTH = "Basic " + base64.b64encode(b"kill:test-secret").decode()
BATCH = 50


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _request(port: int, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(
            method,
            path,
            body=body,
            headers={
                "Authorization": AUTH,
                "X-Experience-API-Version": "1.0.3",
                "Content-Type": "application/json",
            },
        )
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@pytest.fixture
def server_env(tmp_path):
    env = {
        **os.environ,
        "LEARNINGCITY_VAR_DIR": str(tmp_path),
        "LEARNINGCITY_SECRET_KEY": "kill-test-only",
        "LEARNINGCITY_DEBUG": "0",
        "LEARNINGCITY_TESTING": "0",
    }
    pg_url = None
    if connection.vendor == "postgresql":
        import psycopg

        settings = connection.settings_dict
        name = f"lc_lrs_kill_{secrets.token_hex(4)}"
        admin = dict(
            host=settings["HOST"] or "127.0.0.1",
            port=settings["PORT"] or 5432,
            user=settings["USER"],
            password=settings["PASSWORD"] or None,
            dbname="postgres",
            autocommit=True,
        )
        with psycopg.connect(**admin) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        pg_url = f"postgres://{settings['USER']}@{admin['host']}:{admin['port']}/{name}"
        env["DATABASE_URL"] = pg_url
    else:
        env["DATABASE_URL"] = ""
    cli = [sys.executable, "-m", "learningcity"]
    subprocess.run([*cli, "migrate", "-v0"], env=env, check=True, timeout=120)
    subprocess.run(
        [
            *cli,
            "lrs",
            "client",
            "create",
            "--name",
            "kill",
            "--scopes",
            "all",
            "--key",
            "kill",
            "--secret",
            "test-secret",
        ],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=60,
    )
    yield env, cli, tmp_path
    if pg_url:
        with psycopg.connect(**admin) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _start(env: dict, cli: list[str], port: int, log: Path, http_server: str) -> subprocess.Popen:
    server = subprocess.Popen(
        [*cli, "serve", "--port", str(port), "--workers", "2", "--no-collectstatic", "--server", http_server],
        env=env,
        stdout=log.open("a"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if _request(port, "GET", "/xapi/about")[0] == 200:
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise AssertionError("server did not start: " + log.read_text()[-2000:])


def _batch(n: int) -> list[dict]:
    return [
        {
            "id": str(uuid.uuid4()),
            "actor": {"mbox": f"mailto:k{n}-{i}@example.org"},
            "verb": {"id": "http://adlnet.gov/expapi/verbs/attended"},
            "object": {"id": f"https://learning.example/kill/{n}"},
            "context": {"contextActivities": {"parent": [{"id": "https://learning.example/kill"}]}},
        }
        for i in range(BATCH)
    ]


def _stored(env: dict, var_dir: Path) -> tuple[set[str], dict[str, int]]:
    """Statement ids in the database, and how many reference rows each has (read without the server)."""
    if env["DATABASE_URL"]:
        import psycopg

        with psycopg.connect(env["DATABASE_URL"].replace("postgres://", "postgresql://")) as conn:
            rows = conn.execute(
                "SELECT s.statement_id::text, s.payload, (SELECT count(*) FROM lrs_statementref r "
                "WHERE r.bucket = s.bucket AND r.statement = s.id) FROM lrs_statement s"
            ).fetchall()
    else:
        db = sqlite3.connect(var_dir / "learningcity.sqlite3")
        rows = db.execute(
            "SELECT s.statement_id, s.payload, (SELECT count(*) FROM lrs_statementref r "
            "WHERE r.bucket = s.bucket AND r.statement = s.id) FROM lrs_statement s"
        ).fetchall()
        db.close()
    ids, refs = set(), {}
    for sid, payload, ref_count in rows:
        statement = orjson.loads(payload)
        assert statement["id"] == str(uuid.UUID(sid)) and statement["stored"]
        ids.add(statement["id"])
        refs[statement["id"]] = ref_count
    return ids, refs


@pytest.mark.django_db
@pytest.mark.parametrize("http_server", ["gunicorn", "granian"])
def test_sigkill_during_ingest_loses_no_acknowledged_statement(server_env, http_server):
    env, cli, var_dir = server_env
    port = _free_port()
    log = var_dir / "server.log"
    server = _start(env, cli, port, log, http_server)
    acked: list[list[str]] = []
    attempted: list[list[str]] = []
    lock = threading.Lock()
    stop = threading.Event()

    def post(worker: int) -> None:
        n = 0
        while not stop.is_set():
            batch = _batch(worker * 100_000 + n)
            n += 1
            ids = [s["id"] for s in batch]
            with lock:
                attempted.append(ids)
            try:
                status, body = _request(port, "POST", "/xapi/statements", orjson.dumps(batch))
            except OSError:
                return  # the server is gone
            if status == 200:
                assert orjson.loads(body) == ids
                with lock:
                    acked.append(ids)

    threads = [threading.Thread(target=post, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    deadline = time.time() + 30
    while len(acked) < 20 and time.time() < deadline:
        time.sleep(0.05)
    os.killpg(server.pid, signal.SIGKILL)  # master and workers, mid-ingest
    server.wait(timeout=10)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    assert len(acked) >= 20, log.read_text()[-2000:]

    stored, refs = _stored(env, var_dir)
    for ids in acked:
        assert set(ids) <= stored  # acknowledged means stored
    for ids in attempted:
        assert set(ids) <= stored or not set(ids) & stored  # a batch is stored whole or not at all
    assert all(count >= 2 for count in refs.values())  # with its filter references (parent + authority)

    server = _start(env, cli, port, log, http_server)
    try:
        for ids in (acked[0], acked[-1]):
            status, body = _request(port, "GET", f"/xapi/statements?statementId={ids[-1]}")
            assert status == 200 and orjson.loads(body)["id"] == ids[-1]
        status, _ = _request(port, "POST", "/xapi/statements", orjson.dumps(_batch(999_999)))
        assert status == 200  # and it takes writes again
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
