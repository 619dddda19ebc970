"""SQLite specifics: the statement write lock, and UUIDs as Django stores them (32 hex digits).

SQLite allows one writer at a time. Left to itself, a second writer waits in SQLite's busy handler, which
sleeps and polls (1, 2, 5, 10 ms ...): under eight concurrent clients that polling, not the work, sets the
rate. So writers queue on an advisory file lock beside the database first (`flock` wakes the next waiter
as soon as the holder releases it) and on a thread lock for threads of one process, then take SQLite's own
lock, which is by then free. The transaction itself is BEGIN IMMEDIATE (settings), so it never has to
upgrade a read lock.
"""

from __future__ import annotations

import fcntl
import os
import re
import threading
import uuid
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, Iterable, Iterator

from django.db import connection

_thread_lock = threading.Lock()
_lock_files: dict[str, int] = {}


def _lock_fd() -> int:
    name = str(connection.settings_dict["NAME"])
    fd = _lock_files.get(name)
    if fd is None:
        fd = os.open(f"{name}.lrs-write.lock", os.O_RDWR | os.O_CREAT, 0o600)
        _lock_files[name] = fd
    return fd


@contextmanager
def write_queue() -> Iterator[None]:
    """Wait for the statement writer's turn. Enter it *before* the transaction begins."""
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        with _thread_lock:
            yield
        return
    with _thread_lock:
        fd = _lock_fd()
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)


_FORMAT_PLACEHOLDER = re.compile(r"(?<!%)%s")


@lru_cache(maxsize=256)
def _qmark(sql: str) -> str:
    """`%s` → `?` and `%%` → `%`, as Django's SQLite backend converts a query."""
    return _FORMAT_PLACEHOLDER.sub("?", sql).replace("%%", "%")


class WriteCursor:
    """The statement writer's cursor: sqlite3's own, taking the portable `%s` SQL of `storage.statements`.

    Django's cursor wrapper rewrites each query's placeholders with a regular expression and layers error
    translation and thread checks on every call; with ten queries per single-statement POST that was a tenth
    of the request (measured). The queries here are fixed strings, so their rewriting is cached, and they run
    inside Django's transaction on the same connection (errors still roll it back)."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def execute(self, sql: str, params: Iterable = ()) -> "WriteCursor":
        self.raw.execute(_qmark(sql), tuple(params))
        return self

    def executemany(self, sql: str, rows: Iterable) -> "WriteCursor":
        self.raw.executemany(_qmark(sql), rows)
        return self

    def fetchone(self) -> Any:
        return self.raw.fetchone()

    def fetchall(self) -> list:
        return self.raw.fetchall()


def write_cursor(connection) -> WriteCursor:
    """A cursor for the write path, on `connection` (inside its atomic block, so already connected)."""
    connection.ensure_connection()
    return WriteCursor(connection.connection.cursor())


@contextmanager
def write_lock(cursor) -> Iterator[None]:
    """Inside the transaction: nothing more to do, BEGIN IMMEDIATE already holds SQLite's write lock."""
    yield


def writer_active() -> bool:
    """Whether a statement writer holds the queue now. Probes with a shared lock on a separate open file
    description, so it sees writers in this process too and never releases a lock someone else holds."""
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        return _thread_lock.locked()
    probe = os.open(f"{name}.lrs-write.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(probe, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(probe)  # closing drops the probe's lock, if it got one
    return False


def create_ref_table(schema_editor) -> None:
    schema_editor.execute(
        "CREATE TABLE lrs_statementref (bucket integer NOT NULL, ref bigint NOT NULL, "
        "statement bigint NOT NULL, "
        "PRIMARY KEY (bucket, ref, statement)) WITHOUT ROWID"
    )


def uuid_param(value: uuid.UUID) -> str:
    return value.hex


def uuid_from_db(value: str) -> uuid.UUID:
    return uuid.UUID(value)
