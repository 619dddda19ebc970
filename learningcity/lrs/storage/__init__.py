"""Statement storage: the hot paths in SQL, with what differs between database engines behind one interface.

`engine()` returns the module for the default connection's vendor (`storage.sqlite` or `storage.postgresql`).
Each provides the same six things:

- `write_cursor(connection)`: the cursor the statement write path runs its SQL on (`%s` placeholders).
- `write_lock()`: a context manager, entered inside the write transaction, that serialises statement writers.
  Statement ids and `stored` are assigned under it, so both grow in commit order, which is what makes paging,
  `since`/`until` and `X-Experience-API-Consistent-Through` exact.
- `writer_active()`: whether a statement writer holds the lock right now (for consistent-through).
- `create_ref_table(schema_editor)`: the DDL of the statement reference table (used by a migration).
- `uuid_param(value)`: a UUID as the engine's column stores it (text in SQLite, uuid in PostgreSQL).
- `uuid_from_db(value)`: the reverse.

Everything else in `storage.statements` is portable SQL (ON CONFLICT, RETURNING-free) run through Django's
connection.
"""

from __future__ import annotations

from types import ModuleType

from django.db import connection


_engines: dict[str, ModuleType] = {}


def engine() -> ModuleType:
    # Called on every statement write and read: resolve the vendor once per process.
    vendor = connection.vendor
    module = _engines.get(vendor)
    if module is None:
        module = _engines[vendor] = _load(vendor)
    return module


def _load(vendor: str) -> ModuleType:
    if vendor == "postgresql":
        from learningcity.lrs.storage import postgresql

        return postgresql
    if vendor == "sqlite":
        from learningcity.lrs.storage import sqlite

        return sqlite
    raise RuntimeError(f"The LRS supports SQLite and PostgreSQL, not {vendor}.")
