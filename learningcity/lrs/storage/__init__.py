"""Statement storage: the hot paths in SQL, with what differs between database engines behind one interface.

`engine()` returns the module for the default connection's vendor (`storage.sqlite` or `storage.postgresql`).
Each provides the same four things:

- `write_lock()`: a context manager, entered inside the write transaction, that serialises statement writers.
  Statement ids and `stored` are assigned under it, so both grow in commit order, which is what makes paging,
  `since`/`until` and `X-Experience-API-Consistent-Through` exact.
- `writer_active()`: whether a statement writer holds the lock right now (for consistent-through).
- `uuid_param(value)`: a UUID as the engine's column stores it (text in SQLite, uuid in PostgreSQL).
- `uuid_from_db(value)`: the reverse.

Everything else in `storage.statements` is portable SQL (ON CONFLICT, RETURNING-free) run through Django's
connection.
"""

from __future__ import annotations

from types import ModuleType

from django.db import connection


def engine() -> ModuleType:
    if connection.vendor == "postgresql":
        from learningcity.lrs.storage import postgresql

        return postgresql
    if connection.vendor == "sqlite":
        from learningcity.lrs.storage import sqlite

        return sqlite
    raise RuntimeError(f"The LRS supports SQLite and PostgreSQL, not {connection.vendor}.")
