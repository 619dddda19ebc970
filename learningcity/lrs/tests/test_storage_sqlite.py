"""The SQLite write cursor takes the portable `%s` SQL of `storage.statements` exactly as Django would."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from learningcity.lrs.storage import sqlite


def test_placeholders_and_escaped_percent_signs_convert_like_djangos():
    sql = "SELECT a FROM t WHERE b = %s AND c LIKE 'x%%' AND d IN (%s, %s)"
    assert sqlite._qmark(sql) == "SELECT a FROM t WHERE b = ? AND c LIKE 'x%' AND d IN (?, ?)"


@pytest.mark.django_db
def test_the_write_cursor_runs_inside_djangos_transaction():
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite engine's cursor")
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            cursor = sqlite.write_cursor(transaction.get_connection())
            cursor.execute("INSERT INTO lrs_verb (iri, display) VALUES (%s, %s)", ["https://x.example/v", "{}"])
            assert cursor.execute("SELECT count(*) FROM lrs_verb WHERE iri LIKE %s", ["%x.example%"]).fetchone() == (1,)
            raise RuntimeError("roll back")
    with connection.cursor() as check:
        check.execute("SELECT count(*) FROM lrs_verb WHERE iri = %s", ["https://x.example/v"])
        assert check.fetchone() == (0,)
