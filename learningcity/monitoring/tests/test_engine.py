"""The statement mirror's incremental rollup, including voiding across batches."""

from __future__ import annotations

import datetime

from learningcity.monitoring import engine, inputs

T = datetime.datetime(2025, 3, 5, 10)
V = "http://adlnet.gov/expapi/verbs/voided"


def stmt(i, learner=1, seconds=60, voids=None, when=T):
    return {"id": i, "learner_key": learner, "verb": V if voids else "http://adlnet.gov/expapi/verbs/attended",
            "timestamp": when, "duration_s": seconds, "voids_id": voids}


def rollup(con):
    return con.execute("SELECT learner_key, month, n, seconds FROM learner_months WHERE n > 0 ORDER BY ALL").fetchall()


def test_batches_add_up_and_voids_subtract_once():
    con = engine.connect()
    mirror = engine.StatementMirror(con)
    mirror.append(inputs.table("statements", [stmt(1), stmt(2, seconds=30), stmt(3, learner=2)]))
    mirror.append(inputs.table("statements", [stmt(4, when=T.replace(month=4))]))
    assert rollup(con) == [(1, datetime.date(2025, 3, 1), 2, 90), (1, datetime.date(2025, 4, 1), 1, 60),
                           (2, datetime.date(2025, 3, 1), 1, 60)]
    # Statement 2 voided in a later batch, twice: it comes off once; the voiding statements never count.
    mirror.append(inputs.table("statements", [stmt(5, voids=2), stmt(6, voids=2)]))
    mirror.append(inputs.table("statements", [stmt(7, voids=2)]))
    assert rollup(con)[0] == (1, datetime.date(2025, 3, 1), 1, 60)
    assert mirror.watermark() == 7


def test_a_statement_voided_in_its_own_batch_or_before_it_arrives_never_counts():
    con = engine.connect()
    mirror = engine.StatementMirror(con)
    mirror.append(inputs.table("statements", [stmt(1), stmt(2, voids=1)]))
    assert rollup(con) == []
    mirror.append(inputs.table("statements", [stmt(3, voids=10)]))
    mirror.append(inputs.table("statements", [stmt(10, learner=5)]))
    assert rollup(con) == []


def test_month_window():
    assert engine.month_window(datetime.date(2026, 4, 30)) == (datetime.date(2025, 5, 1), datetime.date(2026, 4, 1))
    assert engine.month_window(datetime.date(2025, 12, 3)) == (datetime.date(2025, 1, 1), datetime.date(2025, 12, 1))
    assert engine.window(datetime.date(2024, 2, 29)) == (datetime.date(2023, 3, 1), datetime.date(2024, 2, 29))
