"""PostgreSQL specifics: the statement write lock is a transaction-scoped advisory lock; UUIDs are native.

Serialising statement writers costs PostgreSQL its write concurrency on this one table, and buys ids and
`stored` that grow in commit order (exact paging and consistent-through) and a race-free duplicate check
without a unique index on a random key. A city that outgrows one writer partitions statements by time (see
docs/lrs.md); the lock then becomes per partition.
"""

from __future__ import annotations

import uuid
from contextlib import contextmanager
from typing import Iterator

# Any constant works; this one spells "xAPI" in ASCII so it is recognisable in pg_locks.
STATEMENT_LOCK_KEY = 0x78415049


@contextmanager
def write_queue() -> Iterator[None]:
    yield


def write_cursor(connection):
    """A cursor for the write path: Django's own (psycopg takes `%s` natively; nothing to gain here)."""
    return connection.cursor()


@contextmanager
def write_lock(cursor) -> Iterator[None]:
    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [STATEMENT_LOCK_KEY])
    yield


def writer_active() -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND objid = %s LIMIT 1",
            [STATEMENT_LOCK_KEY],
        )
        return cursor.fetchone() is not None


def create_ref_table(schema_editor) -> None:
    schema_editor.execute(
        "CREATE TABLE lrs_statementref (bucket integer NOT NULL, ref bigint NOT NULL, "
        "statement bigint NOT NULL, "
        "PRIMARY KEY (bucket, ref, statement))"
    )


def uuid_param(value: uuid.UUID) -> uuid.UUID:
    return value


def uuid_from_db(value: uuid.UUID) -> uuid.UUID:
    return value
